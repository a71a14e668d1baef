"""Adding a year's holiday notice while cases run (issue 7, part 4).

"Adding 2027 data flips a provisional deadline to an exact one on a running case": the calendars
here are frozen before 2027 (`published_before=2027`) and the 2027 notice is a made-up test
notice, so the tests hold after the real 2027 notice ships with the data. Removing the year
again (issue 14) flips it back. Over HTTP, the real 2026 notice is added to a calendar frozen
before 2026, and taken back out.
"""

from __future__ import annotations

import asyncio
import getpass
import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.testing import WorkflowEnvironment

from activities.deadlines import DeadlineActivities
from api.app import create_app
from api.routes.calendar import YEAR_EXAMPLE
from contracts import search_attributes as sa
from contracts import subject_records as subject
from contracts.activities import DeadlineRequest
from contracts.case_records import RECOMPUTE_DEADLINES, RecomputeDeadlines
from periods import SHANGHAI, HolidayDataError, add_working_days, data_file, load_calendar
from periods.source import CalendarSource, YearStore, parse_year
from periods.statutory import statutory_holidays
from procedures.market_objection.models import (
    MarketObjectionStatus,
    ReviewDecision,
    ReviewOutcome,
    Stage,
)
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from security.keys import ApiKey, KeyRing, Role, digest
from service.calendar_history import HISTORY_FILE, Actor, CalendarHistory
from service.calendar_update import (
    HOLIDAY_STORE,
    CalendarUpdate,
    add_year,
    calendar_source,
    check_removable,
    remove_year,
    show,
)
from service.recompute import recompute_query
from service.steps import execute_step
from settings import Settings
from tests.conftest import example_case, wait_for
from tests.door_helpers import start_market_objection
from tests.processes import Engine, cli
from tests.test_holiday_notice import PLACEHOLDER
from worker import build_worker

CUT = 2027  # the calendars of these tests know no notice from 2027 on
NOTICE_2027 = (
    "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕99号, 测试用, 非真实安排)"
)
OPERATOR = Actor(via="cli", name="test-operator")


def made_up_notice(year: int, notice: str) -> dict[str, Any]:
    """A made-up notice in the shape of a real one: the statutory days of every festival
    (periods/statutory.py) and a document number, no bridge days."""
    return {
        "notice": notice,
        "published": f"{year - 1}-11-05",
        "holidays": [
            {"date": d.isoformat(), "name": n} for d, n in sorted(statutory_holidays(year).items())
        ],
        "working_days": [],
    }


def year_2027(*, working_days: tuple[str, ...] = ("2027-01-09",)) -> dict[str, Any]:
    """A made-up 2027 notice: 元旦 1-3 January and an adjusted working Saturday, 9 January, so
    that a 15-working-day review received on Mon 2026-12-21 ends on Mon 11 January instead of
    the provisional Tue 12 January; the other festivals have their statutory days."""
    year = made_up_notice(2027, NOTICE_2027)
    year["holidays"][1:1] = [
        {"date": "2027-01-02", "name": "元旦"},
        {"date": "2027-01-03", "name": "元旦"},
    ]
    year["working_days"] = list(working_days)
    return {"years": {"2027": year}}


def one_day_year(year: int) -> dict[str, Any]:
    return {
        "notice": f"test notice for {year}",
        "published": f"{year - 1}-11-01",
        "holidays": [{"date": f"{year}-01-01", "name": "元旦"}],
    }


RECEIVED = datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI)
UPHELD = ReviewDecision(outcome=ReviewOutcome.UPHELD, reason="维持", reviewer="王敏")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- (a) pure: validation, storage, versions, reloading ----------------------------------------


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (
            {"years": {"2027": {**year_2027()["years"]["2027"], "published": "soon"}}},
            "years.2027.published",
        ),
        (
            year_2027(working_days=("2027-01-11",)),
            "years.2027.working_days[0]",  # a Monday cannot be an adjusted working day
        ),
        (
            {"years": {"2027": {**year_2027()["years"]["2027"], "holidays": []}}},
            "years.2027.holidays",
        ),
        ({"years": {}}, "years"),
        (
            {"years": {**year_2027()["years"], "2028": one_day_year(2028)}},
            "years",
        ),
        ({"years": {"1927": one_day_year(1927)}}, "years.1927"),
        (["not", "a", "file"], "(file)"),
    ],
)
def test_a_bad_year_is_refused_naming_the_json_path(raw: object, path: str) -> None:
    with pytest.raises(HolidayDataError) as refused:
        parse_year(raw, "2027.json")
    assert "2027.json" in str(refused.value)
    fields = [field for field, _ in refused.value.problems]
    assert path in fields, fields


def test_a_year_of_dates_outside_it_names_the_entry() -> None:
    raw = year_2027()
    holidays = raw["years"]["2027"]["holidays"]
    holidays.append({"date": "2026-12-31", "name": "元旦"})
    with pytest.raises(HolidayDataError) as refused:
        parse_year(raw, "upload")
    where = f"years.2027.holidays[{len(holidays) - 1}].date"
    assert refused.value.problems == ((where, "2026-12-31 is not in 2027"),)


def test_stored_years_replace_whole_years_and_move_the_version(tmp_path: Path) -> None:
    store = YearStore(tmp_path / HOLIDAY_STORE)
    before = CalendarSource(None, store.directory, published_before=CUT).current()
    # A year replacing 2026 as a whole: only New Year's Day is left a holiday. (The store
    # keeps what it is given; add-year is what insists on the shape of a notice.)
    parsed = data_file.parse(
        {
            "years": {
                "2026": {
                    "notice": "corrected 2026 (test)",
                    "published": "2025-11-04",
                    "holidays": [{"date": "2026-01-01", "name": "元旦"}],
                }
            }
        },
        "test",
    )
    ((year, arrangement),) = parsed.years.items()
    path = store.write(year, arrangement)
    assert path == tmp_path / HOLIDAY_STORE / "2026.json"
    assert json.loads(path.read_text(encoding="utf-8"))["years"]["2026"]["notice"] == (
        "corrected 2026 (test)"
    )
    after = CalendarSource(None, store.directory, published_before=CUT).current()
    assert before.is_rest_day(date(2026, 10, 1)) and after.is_working_day(date(2026, 10, 1))
    assert after.is_rest_day(date(2026, 1, 1))
    assert after.version != before.version
    # The same data gives the same version wherever it is loaded.
    assert CalendarSource(None, store.directory, published_before=CUT).current().version == (
        after.version
    )


def test_show_names_a_stored_year_that_is_no_notice(tmp_path: Path) -> None:
    """A placeholder stored before add-year checked notices (issue 14) still loads, and `show`
    says what is wrong with it; remove-year is the way out."""
    ((year, arrangement),) = data_file.parse(PLACEHOLDER, "old store").years.items()
    YearStore(tmp_path / HOLIDAY_STORE).write(year, arrangement)
    source = CalendarSource(None, tmp_path / HOLIDAY_STORE, published_before=CUT)
    shown = show(source)
    assert 2027 in source.current().published_years and list(shown.stored_years) == [2027]
    problems = shown.stored_problems[2027]
    assert problems[0].startswith("years.2027.notice: the document number")
    assert any("no 春节 holiday" in p for p in problems)
    check_removable(source, 2027)  # no error: it can be taken out


def test_the_source_reloads_once_a_year_file_appears(tmp_path: Path) -> None:
    clock = FakeClock()
    source = CalendarSource(None, tmp_path / "holidays", published_before=CUT, clock=clock)
    first = source.current()
    assert first.is_provisional(date(2027, 1, 9)) and first.is_rest_day(date(2027, 1, 9))
    YearStore(tmp_path / "holidays").write(*parse_year(year_2027(), "test"))
    assert source.current() is first  # looked less than a second ago
    clock.now += 1.0
    reloaded = source.current()
    assert reloaded.version != first.version
    assert not reloaded.is_provisional(date(2027, 1, 9))
    assert reloaded.is_working_day(date(2027, 1, 9))
    # A broken file put there by hand keeps the last good calendar and says why.
    (tmp_path / "holidays" / "2028.json").write_text("{", encoding="utf-8")
    clock.now += 1.0
    assert source.current() is reloaded
    assert source.problem is not None and "2028.json" in source.problem


async def test_deadline_activity_uses_the_year_added_while_running(tmp_path: Path) -> None:
    source = CalendarSource(None, tmp_path, published_before=CUT, check_interval=0)
    activities = DeadlineActivities(source)
    request = DeadlineRequest(start_at=RECEIVED, length=15, unit="working_days", remind=True)
    provisional = (await activities.compute_deadline(request)).deadline
    YearStore(tmp_path).write(*parse_year(year_2027(), "test"))
    exact = (await activities.compute_deadline(request)).deadline
    assert (provisional.last_day, provisional.provisional) == (date(2027, 1, 12), True)
    assert (exact.last_day, exact.provisional) == (date(2027, 1, 11), False)
    assert exact.calendar_version == source.current().version != provisional.calendar_version


def test_the_query_finds_provisional_and_late_deadlines() -> None:
    query = recompute_query(2027, was_published=False)
    assert "ExecutionStatus = 'Running'" in query
    assert "(DeadlineProvisional = true OR NextDeadline >= '2026-12-01T00:00:00+08:00')" in query
    assert "'market_credit_objection'" in query and f"'{subject.PROCEDURE_TYPE}'" not in query
    # A corrected notice of a published year can move any deadline: every open case.
    assert "DeadlineProvisional" not in recompute_query(2026, was_published=True)


# -- (b) the engine: a running case's provisional deadline becomes exact ------------------------


async def start_case(client: Client, settings: Settings) -> Any:
    case = example_case(received_at=RECEIVED)
    return await start_market_objection(
        client, case, settings.task_queue, id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE
    )


def under_review(status: MarketObjectionStatus) -> bool:
    return status.stage is Stage.UNDER_REVIEW and bool(status.deadlines)


def exact(status: MarketObjectionStatus) -> bool:
    return not status.deadlines[0].deadline.provisional


async def listed(client: Client, query: str, wanted: str, timeout_s: float = 30.0) -> None:
    """Visibility is eventually consistent: wait until the case is found by the query."""
    for _ in range(int(timeout_s / 0.2)):
        if wanted in [e.id async for e in client.list_workflows(query)]:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{wanted} not found by {query}")


async def test_adding_2027_flips_a_provisional_deadline_to_exact_on_a_running_case(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    # The worker's own source: it looks at the store at most once a second, like in production.
    worker_source = calendar_source(settings, published_before=CUT)
    frozen = load_calendar(published_before=CUT)
    async with build_worker(dev_env.client, settings, worker_source):
        handle = await start_case(dev_env.client, settings)
        before = await wait_for(under_review, handle)
        old = before.deadlines[0].deadline
        assert old.provisional and old.last_day == date(2027, 1, 12)
        assert old.last_day == add_working_days(RECEIVED.date(), 15, calendar=frozen).last_day
        query = recompute_query(2027, was_published=False)
        await listed(dev_env.client, query, handle.id)

        async def add_2027() -> CalendarUpdate:
            """The operator adds the 2027 notice (through a source other than the worker's)."""
            return await add_year(
                settings,
                dev_env.client,
                year_2027(),
                by=OPERATOR,
                source=calendar_source(settings, published_before=CUT),
            )

        update = await add_2027()
        assert handle.id in update.signalled
        assert update.version_before == old.calendar_version != update.version_after
        assert (update.year, update.changed, update.was_published) == (2027, True, False)
        assert Path(update.stored_file) == settings.data_dir / HOLIDAY_STORE / "2027.json"

        after = await wait_for(exact, handle)
        review = after.deadlines[0]
        assert (review.deadline.last_day, review.deadline.provisional) == (date(2027, 1, 11), False)
        assert review.deadline.due_at == datetime.combine(date(2027, 1, 12), time(0), SHANGHAI)
        assert review.recomputed_from == old.due_at
        assert review.revision == 1
        assert review.deadline.calendar_version == update.version_after
        event = next(e for e in after.events if e.action == "review_deadline_recomputed")
        assert event.details["old_due_at"] == old.due_at.isoformat()
        assert event.details["due_at"] == review.deadline.due_at.isoformat()
        assert event.details["old_last_day"] == "2027-01-12"
        assert event.details["last_day"] == "2027-01-11"
        assert (event.details["old_provisional"], event.details["provisional"]) == (True, False)
        assert event.details["calendar_version"] == update.version_after
        for _ in range(100):  # the upsert reaches visibility a moment later
            attrs = (await handle.describe()).typed_search_attributes
            if attrs.get(sa.DEADLINE_PROVISIONAL) is False:
                break
            await asyncio.sleep(0.1)
        assert attrs.get(sa.DEADLINE_PROVISIONAL) is False
        assert attrs.get(sa.NEXT_DEADLINE) == review.deadline.due_at

        # The same file again: accepted, nothing moves, the case only notes the check.
        again = await add_2027()
        assert again.changed is False and again.version_before == again.version_after
        checked = await wait_for(
            lambda s: any(e.action == "deadlines_checked" for e in s.events), handle
        )
        assert checked.deadlines[0].revision == 1
        assert [e.action for e in checked.events].count("review_deadline_recomputed") == 1

        # Taken back out: 2027 is provisional again, and so is the case's deadline.
        removal = await remove_year(
            settings,
            dev_env.client,
            2027,
            by=OPERATOR,
            source=calendar_source(settings, published_before=CUT),
        )
        assert handle.id in removal.signalled
        assert (removal.now, removal.version_after) == ("provisional", old.calendar_version)
        assert not Path(update.stored_file).exists()
        back = await wait_for(lambda s: s.deadlines[0].deadline.provisional, handle)
        review = back.deadlines[0]
        assert (review.deadline.last_day, review.deadline.due_at) == (old.last_day, old.due_at)
        assert review.revision == 2
        assert review.deadline.calendar_version == old.calendar_version
        event = [e for e in back.events if e.action == "review_deadline_recomputed"][-1]
        assert event.details["reason"].startswith("holiday year 2027 removed")
        assert (event.details["old_provisional"], event.details["provisional"]) == (False, True)

        history = CalendarHistory(settings.data_dir / HOLIDAY_STORE).entries()
        assert [(c.action, c.year, c.by, c.via) for c in history] == [
            ("add-year", 2027, "test-operator", "cli"),
            ("add-year", 2027, "test-operator", "cli"),
            ("remove-year", 2027, "test-operator", "cli"),
        ]
        assert history[0].version_before == old.calendar_version == history[2].version_after
        assert history[2].signalled == len(removal.signalled) and history[2].problem is None

        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


async def test_the_timer_follows_the_recomputed_instant(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """The overdue escalation comes at the new instant (24:00 on 11 January), not the old one."""
    source = calendar_source(settings, published_before=CUT)
    worker_source = CalendarSource(
        None, settings.data_dir / HOLIDAY_STORE, published_before=CUT, check_interval=0
    )
    async with build_worker(time_env.client, settings, worker_source):
        handle = await start_case(time_env.client, settings)
        old = (await wait_for(under_review, handle)).deadlines[0].deadline
        assert source.store is not None
        source.store.write(*parse_year(year_2027(), "test"))
        version = source.refresh().version
        await handle.signal(
            RECOMPUTE_DEADLINES,
            RecomputeDeadlines(reason="test", calendar_version=version, notice=NOTICE_2027),
        )
        new = (await wait_for(exact, handle)).deadlines[0].deadline
        assert new.due_at == old.due_at - timedelta(days=1)

        await time_env.sleep(new.due_at - await time_env.get_current_time() + timedelta(hours=1))
        status = await wait_for(lambda s: s.overdue, handle)
        escalation = next(e for e in status.events if e.action == "review_overdue_escalated")
        assert new.due_at <= escalation.at < old.due_at
        assert escalation.details["due_at"] == new.due_at.isoformat()
        reminders = [e for e in status.events if e.action == "review_deadline_reminder"]
        assert {e.details["due_at"] for e in reminders} == {new.due_at.isoformat()}
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


async def test_a_repeated_signal_only_records_the_check(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A deadline already computed with the announced calendar is not computed again: the case
    records one `deadlines_checked` event and keeps its revision."""
    frozen = CalendarSource(None, settings.data_dir / HOLIDAY_STORE, published_before=CUT)
    async with build_worker(time_env.client, settings, frozen):
        handle = await start_case(time_env.client, settings)
        status = await wait_for(under_review, handle)
        version = status.deadlines[0].deadline.calendar_version
        await handle.signal(
            RECOMPUTE_DEADLINES, RecomputeDeadlines(reason="repeat", calendar_version=version)
        )
        checked = await wait_for(
            lambda s: any(e.action == "deadlines_checked" for e in s.events), handle
        )
        event = next(e for e in checked.events if e.action == "deadlines_checked")
        assert event.details["unchanged"] == ["review"]
        assert checked.deadlines[0].revision == 0
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


# -- the HTTP route ------------------------------------------------------------------------------

SUPERVISOR_KEY = "calendar-supervisor-key-0123"
AGENCY_KEY = "calendar-agency-key-0123"
HTTP_CUT = 2026  # the HTTP tests add the real 2026 notice to a calendar that does not know it


@pytest_asyncio.fixture(loop_scope="session")
async def http(
    dev_env: WorkflowEnvironment, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    keys = KeyRing(
        [
            ApiKey(name="supervision", role=Role.SUPERVISOR, sha256=digest(SUPERVISOR_KEY)),
            ApiKey(name="market", role=Role.AGENCY, agency="QZ-SCJG", sha256=digest(AGENCY_KEY)),
        ]
    )
    app = create_app(
        settings, dev_env.client, keys, calendar_source(settings, published_before=HTTP_CUT)
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        yield client


SUPERVISOR = {"Authorization": f"Bearer {SUPERVISOR_KEY}"}
AGENCY = {"Authorization": f"Bearer {AGENCY_KEY}"}
# PLACEHOLDER (tests/test_holiday_notice.py), the OpenAPI example before issue 14: accepted from
# a supervisor key, it moved the engine.


async def test_http_add_year_for_supervisors_only(http: httpx.AsyncClient) -> None:
    no_key = await http.post("/calendar/years", json=YEAR_EXAMPLE)
    assert no_key.status_code == 401
    agency = await http.post("/calendar/years", json=YEAR_EXAMPLE, headers=AGENCY)
    assert agency.status_code == 403
    shown = await http.get("/calendar", headers=AGENCY)
    assert shown.status_code == 200 and shown.json()["stored_years"] == {}
    assert shown.json()["history"] == []

    bad = json.loads(json.dumps(YEAR_EXAMPLE))
    bad["years"]["2026"]["working_days"].append("2026-10-12")  # a Monday
    refused = await http.post("/calendar/years", json=bad, headers=SUPERVISOR)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"][0]["field"] == "years.2026.working_days[6]"
    assert "Monday" in refused.json()["detail"]

    # The placeholder is refused naming the rules: the number is no number, festivals missing.
    placeholder = await http.post("/calendar/years", json=PLACEHOLDER, headers=SUPERVISOR)
    assert placeholder.status_code == 422
    errors = placeholder.json()["errors"]
    assert (
        errors[0]["field"] == "years.2027.notice"
        and "国办发明电〔YYYY〕N号" in errors[0]["message"]
    )
    assert {e["field"] for e in errors[1:]} == {"years.2027.holidays"}
    assert any(e["message"].startswith("no 春节 holiday") for e in errors)
    assert "全国年节及纪念日放假办法" in placeholder.json()["detail"]
    assert (await http.get("/calendar", headers=SUPERVISOR)).json()["history"] == []

    # The example of the OpenAPI document is the real 2026 notice: accepted.
    added = await http.post("/calendar/years", json=YEAR_EXAMPLE, headers=SUPERVISOR)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["year"] == 2026 and body["version_before"] != body["version_after"]
    shown = (await http.get("/calendar", headers=SUPERVISOR)).json()
    assert shown["stored_years"] == {"2026": YEAR_EXAMPLE["years"]["2026"]["notice"]}
    assert shown["version"] == body["version_after"]
    (change,) = shown["history"]
    assert (change["action"], change["year"], change["by"], change["via"]) == (
        "add-year",
        2026,
        "supervision",
        "http",
    )
    assert change["signalled"] == len(body["signalled"])


async def test_http_remove_year(http: httpx.AsyncClient) -> None:
    added = await http.post("/calendar/years", json=YEAR_EXAMPLE, headers=SUPERVISOR)
    assert added.status_code == 201, added.text
    assert (await http.delete("/calendar/years/2026")).status_code == 401
    agency = await http.delete("/calendar/years/2026", headers=AGENCY)
    assert agency.status_code == 403
    never = await http.delete("/calendar/years/2031", headers=SUPERVISOR)
    assert never.status_code == 404 and "not added with add-year" in never.json()["detail"]
    shipped = await http.delete("/calendar/years/2025", headers=SUPERVISOR)
    assert shipped.status_code == 404 and "shipped data" in shipped.json()["detail"]

    removed = await http.delete("/calendar/years/2026", headers=SUPERVISOR)
    assert removed.status_code == 200, removed.text
    body = removed.json()
    assert body["now"] == "provisional"  # this calendar is frozen before 2026
    assert body["version_before"] == added.json()["version_after"]
    assert body["version_after"] == added.json()["version_before"]
    assert "DeadlineProvisional" not in body["query"]  # every open case is asked
    again = await http.delete("/calendar/years/2026", headers=SUPERVISOR)
    assert again.status_code == 404

    shown = (await http.get("/calendar", headers=SUPERVISOR)).json()
    assert shown["stored_years"] == {} and shown["version"] == body["version_after"]
    assert [(c["action"], c["by"]) for c in shown["history"]] == [
        ("add-year", "supervision"),
        ("remove-year", "supervision"),
    ]
    # The history names the key; the key itself is nowhere in the store.
    store = Path(shown["store"])
    for path in store.iterdir():
        text = path.read_text(encoding="utf-8")
        assert SUPERVISOR_KEY not in text and digest(SUPERVISOR_KEY) not in text


# -- the command line against a real engine ------------------------------------------------------


def far_year() -> dict[str, Any]:
    """2099: no case of any test has a deadline there, and no notice will ever be shipped."""
    return {"years": {"2099": made_up_notice(2099, "国办发明电〔2098〕99号 (测试用, 非真实安排)")}}


async def test_cli_add_remove_year_and_show(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "engine")
    await engine.start()
    try:
        env = engine.env
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"years": {"2099": {"notice": "x"}}}), encoding="utf-8")
        refused = cli("calendar", "add-year", str(bad), env=env)
        assert refused.code == 2 and "years.2099.published" in refused.err
        assert len(refused.err.strip().splitlines()) == 1
        placeholder = tmp_path / "placeholder.json"
        placeholder.write_text(json.dumps(PLACEHOLDER, ensure_ascii=False), encoding="utf-8")
        refused = cli("calendar", "add-year", str(placeholder), env=env)
        assert refused.code == 2 and len(refused.err.strip().splitlines()) == 1
        assert "years.2027.notice" in refused.err and "no 春节 holiday" in refused.err

        good = tmp_path / "2099.json"
        good.write_text(json.dumps(far_year(), ensure_ascii=False), encoding="utf-8")
        added = cli("calendar", "add-year", str(good), "--json", env=env)
        assert added.code == 0, added.err
        update = added.json()
        assert update["version_before"] != update["version_after"]
        human = cli("calendar", "add-year", str(good), env=env)
        assert human.code == 0 and "already in use" in human.out

        shown = cli("calendar", "show", "--json", env=env).json()
        assert shown["version"] == update["version_after"]
        assert shown["stored_years"] == {"2099": far_year()["years"]["2099"]["notice"]}
        user = getpass.getuser()
        assert [(c["action"], c["by"], c["via"]) for c in shown["history"]] == [
            ("add-year", user, "cli"),
            ("add-year", user, "cli"),
        ]

        shipped = cli("calendar", "remove-year", "2026", env=env)
        assert shipped.code == 2 and "shipped data" in shipped.err
        removed = cli("calendar", "remove-year", "2099", "--json", env=env)
        assert removed.code == 0, removed.err
        assert removed.json()["version_after"] == update["version_before"]
        assert removed.json()["now"] == "provisional"
        gone = cli("calendar", "remove-year", "2099", env=env)
        assert gone.code == 2 and "not added with add-year" in gone.err
        human = cli("calendar", "show", env=env).out
        assert f"remove-year 2099  by {user} (cli)" in human
        assert cli("calendar", "add-year", str(good), env=env).code == 0
    finally:
        assert engine.stop() == 0
    # The engine is down: exit 5 and nothing stored, nothing removed.
    other = tmp_path / "2098.json"
    raw = {"years": {"2098": made_up_notice(2098, "国办发明电〔2097〕9号 (测试用)")}}
    other.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    down = cli("calendar", "add-year", str(other), env=env)
    assert down.code == 5, down.err
    assert not (engine.data_dir / HOLIDAY_STORE / "2098.json").exists()
    down = cli("calendar", "remove-year", "2099", env=env)
    assert down.code == 5, down.err
    assert (engine.data_dir / HOLIDAY_STORE / "2099.json").exists()
    # What the operator reads: the store and its history, from the data directory alone.
    shown = cli("calendar", "show", env=env).out
    assert "2099" in shown and "History:" in shown
    assert (engine.data_dir / HOLIDAY_STORE / HISTORY_FILE).read_text().count("\n") == 4
