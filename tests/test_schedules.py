"""The rounds' Temporal Schedules (issue 19) on the dev server (the time-skipping server has no
Schedules): applied once, listed with their next times, and each trigger or backfill opening
the round of the period it was due for, once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time
from pathlib import Path

import pytest_asyncio
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from contracts.rounds import WORKFLOW, workflow_id
from periods import SHANGHAI
from procedures.calendars.config import DEFAULT_CALENDAR
from procedures.calendars.opening import OpeningResult
from service.schedules import apply_schedules, backfill, list_schedules, trigger
from settings import Settings
from tests.conftest import running_worker
from tests.processes import cli, cli_env

IP_YEARLY = "round-ip-agency-yearly"
MEDICAL_MONTHLY = "round-medical-credit-monthly"
OPENING = "ScheduledRoundOpening"


@pytest_asyncio.fixture
async def client(dev_env: WorkflowEnvironment) -> AsyncIterator[Client]:
    """The dev server's client; the calendar's Schedules, and every round they opened, are
    removed afterwards (Schedule ids are the namespace's, shared by the tests)."""
    yield dev_env.client
    for entry in DEFAULT_CALENDAR:
        try:
            await dev_env.client.get_schedule_handle(entry.schedule_id).delete()
        except RPCError:
            pass


async def _end(client: Client, *workflow_ids: str) -> None:
    for wid in workflow_ids:
        try:
            await client.get_workflow_handle(wid).terminate("the test is over")
        except RPCError:
            pass


async def _openings(client: Client, schedule_id: str, count: int) -> list[dict[str, object]]:
    """The results of the schedule's opening workflows, once `count` of them have completed."""
    query = f"WorkflowType = '{OPENING}' AND TemporalScheduledById = '{schedule_id}'"
    for _ in range(300):
        done = [
            w
            async for w in client.list_workflows(query)
            if w.status == WorkflowExecutionStatus.COMPLETED
        ]
        if len(done) >= count:
            handles = [
                client.get_workflow_handle(w.id, run_id=w.run_id, result_type=OpeningResult)
                for w in done
            ]
            return [(await h.result()).model_dump() for h in handles]
        await asyncio.sleep(0.1)
    raise AssertionError(f"{count} opening(s) of {schedule_id} did not complete")


async def _exists(client: Client, wid: str) -> bool:
    try:
        await client.get_workflow_handle(wid).describe()
    except RPCError as err:
        assert err.status == RPCStatusCode.NOT_FOUND
        return False
    return True


async def test_a_second_apply_changes_nothing(client: Client, settings: Settings) -> None:
    first = await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    assert [a.outcome for a in first] == ["created"] * len(DEFAULT_CALENDAR)
    assert {a.schedule_id for a in first} == {
        "round-ip-agency-yearly",
        "round-inspection-body-triennial",
        "round-medical-credit-monthly",
        "round-performance-half-year-comprehensive",
        "round-performance-half-year-outpatient",
        "round-performance-half-year-pharmacy",
        "round-performance-annual-comprehensive",
        "round-performance-annual-outpatient",
        "round-performance-annual-pharmacy",
    }
    second = await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    assert [a.outcome for a in second] == ["unchanged"] * len(DEFAULT_CALENDAR)
    for entry in DEFAULT_CALENDAR:
        described = await client.get_schedule_handle(entry.schedule_id).describe()
        assert described.info.last_updated_at is None, entry.schedule_id


async def test_a_changed_day_updates_that_schedule_and_keeps_its_pause(
    client: Client, settings: Settings
) -> None:
    await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    handle = client.get_schedule_handle(IP_YEARLY)
    await handle.pause(note="market office moving")
    moved = tuple(
        e.model_copy(update={"day": 15}) if e.schedule_id == IP_YEARLY else e
        for e in DEFAULT_CALENDAR
    )
    applied = {
        a.schedule_id: a.outcome for a in await apply_schedules(client, moved, settings.task_queue)
    }
    assert applied[IP_YEARLY] == "updated"
    assert {o for sid, o in applied.items() if sid != IP_YEARLY} == {"unchanged"}
    described = await handle.describe()
    assert described.schedule.state.paused
    assert described.schedule.state.note == "market office moving"
    assert [t.astimezone(SHANGHAI).day for t in described.info.next_action_times] == [15] * len(
        described.info.next_action_times
    )


def _next_on(month: int, day: int, years: range, after: datetime) -> datetime:
    """The first `day` `month` 09:00 Asia/Shanghai after `after` in one of `years`."""
    return next(
        moment
        for year in years
        if (moment := datetime.combine(date(year, month, day), time(9), tzinfo=SHANGHAI)) > after
    )


async def test_list_shows_every_schedule_with_its_next_time(
    client: Client, settings: Settings
) -> None:
    await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    now = datetime.now(SHANGHAI)
    rows = {row.schedule_id: row for row in await list_schedules(client, DEFAULT_CALENDAR)}
    assert set(rows) == {entry.schedule_id for entry in DEFAULT_CALENDAR}
    assert all(row.exists and not row.paused and row.next_times for row in rows.values())
    ip_next = _next_on(3, 1, range(now.year, now.year + 2), now)
    assert rows[IP_YEARLY].next_times[0] == ip_next
    assert rows[IP_YEARLY].opens == f"IP-{ip_next.year}"
    # Every three years from 2021: 2021, 2024, 2027, ...
    triennial = rows["round-inspection-body-triennial"]
    assert triennial.next_times[0] == _next_on(3, 1, range(2021, 2100, 3), now)
    assert [t.year for t in triennial.next_times[:2]] == [
        triennial.next_times[0].year,
        triennial.next_times[0].year + 3,
    ]
    month_start = now.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    medical = rows[MEDICAL_MONTHLY].next_times[0]
    assert (medical.day, medical.hour) == (1, 9)
    assert month_start < medical and (medical - month_start).days <= 31
    assert rows[MEDICAL_MONTHLY].opens == f"MC-{medical.year}-{medical.month:02d}"
    half = rows["round-performance-half-year-pharmacy"]
    assert (half.next_times[0].month, half.next_times[0].day) == (7, 1)
    assert half.opens == f"PH-{half.next_times[0].year}-pharmacy"
    annual = rows["round-performance-annual-outpatient"]
    # Opened in January for the year before (附件1 二(三) 次年一季度完成).
    assert annual.opens == f"PA-{annual.next_times[0].year - 1}-outpatient"


async def test_a_trigger_opens_the_round_of_the_year_once(
    client: Client, settings: Settings
) -> None:
    await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    year = datetime.now(SHANGHAI).year
    round_wid = workflow_id(f"IP-{year}")
    async with running_worker(client, settings):
        try:
            await trigger(client, IP_YEARLY)
            first = await _openings(client, IP_YEARLY, 1)
            assert first == [{"round_id": f"IP-{year}", "opened": True}]
            described = await client.get_workflow_handle(round_wid).describe()
            assert described.workflow_type == WORKFLOW
            assert described.id == f"round-IP-{year}"
            await trigger(client, IP_YEARLY)
            both = await _openings(client, IP_YEARLY, 2)
            assert sorted(both, key=lambda r: str(r["opened"])) == [
                {"round_id": f"IP-{year}", "opened": False},
                {"round_id": f"IP-{year}", "opened": True},
            ]
            rows = {r.schedule_id: r for r in await list_schedules(client, DEFAULT_CALENDAR)}
            assert rows[IP_YEARLY].last_opening is not None
            assert rows[IP_YEARLY].last_opening.startswith(f"IP-{year} (scheduled {year}-")
        finally:
            await _end(client, round_wid)


async def test_a_backfill_of_two_past_months_opens_each_month(
    client: Client, settings: Settings
) -> None:
    await apply_schedules(client, DEFAULT_CALENDAR, settings.task_queue)
    rounds = [workflow_id("MC-2026-09"), workflow_id("MC-2026-10")]
    async with running_worker(client, settings):
        try:
            await backfill(client, MEDICAL_MONTHLY, date(2026, 9, 1), date(2026, 10, 31))
            results = await _openings(client, MEDICAL_MONTHLY, 2)
            assert sorted(r["round_id"] for r in results) == ["MC-2026-09", "MC-2026-10"]
            assert all(r["opened"] for r in results)
            for wid in rounds:
                described = await client.get_workflow_handle(wid).describe()
                assert described.workflow_type == WORKFLOW
            # The days either side were not in the range.
            assert not await _exists(client, workflow_id("MC-2026-08"))
            assert not await _exists(client, workflow_id("MC-2026-11"))
        finally:
            await _end(client, *rounds)


async def test_the_cli_lists_the_schedules(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    env = cli_env(client, settings, tmp_path)
    applied = cli("schedules", "apply", "--json", env=env)
    assert applied.code == 0, applied.err
    assert {a["outcome"] for a in json.loads(applied.out)} == {"created"}
    listed = cli("schedules", "list", env=env)
    assert listed.code == 0, listed.err
    assert "round-ip-agency-yearly  (ip_agency)" in listed.out
    assert "衢市监规〔2021〕2号 六(一)" in listed.out
    assert "next:    " in listed.out and "state:   running" in listed.out
    again = cli("schedules", "apply", env=env)
    assert again.out.count("unchanged") == len(DEFAULT_CALENDAR)


def test_a_bad_backfill_day_is_refused_naming_it() -> None:
    bad = cli(
        "schedules",
        "backfill",
        MEDICAL_MONTHLY,
        "--from",
        "2026-09-31",
        "--to",
        "2026-10-31",
        env={"PATH": "/usr/bin:/bin"},
    )
    assert bad.code == 2
    assert "--from" in bad.err and "2026-09-31" in bad.err
    reversed_ = cli(
        "schedules",
        "backfill",
        MEDICAL_MONTHLY,
        "--from",
        "2026-10-01",
        "--to",
        "2026-09-01",
        env={"PATH": "/usr/bin:/bin"},
    )
    assert reversed_.code == 2
    assert "--to 2026-09-01 is before --from 2026-10-01" in reversed_.err
