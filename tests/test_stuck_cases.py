"""Issue 14: whatever reaches a case that it cannot carry ends in a state a supervisor sees.

- A case whose worker cannot even read its input (a raw client bypassed validation) keeps
  failing its workflow task: `list --stuck` (service, CLI), `GET /cases?stuck=true` and the board
  find it, and `status` says it is stuck.
- An unexpected exception in a step moves the case to `needs_attention` with the reason in its
  audit trail; the case stays open and answers its status query.

On a dev server started with the engine's own dynamic configuration (engine.py), so that the
server reports a failing task at its first failure as it does under `make run`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from playwright.async_api import async_playwright
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDReusePolicy,
)
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from contracts import search_attributes as sa
from engine import dev_server_dynamic_config
from kernel.case_base import NEEDS_ATTENTION
from kernel.update_gate import UpdateGate
from periods import default_calendar
from procedures.market_objection.models import ReviewDecision, ReviewOutcome, Stage
from procedures.market_objection.models import workflow_id as market_wid
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from security.keys import ApiKey, KeyRing, Role, digest
from service.listing import CaseFilter, CaseRow, list_cases, task_health
from service.steps import execute_step
from settings import Settings
from tests.conftest import (
    example_case,
    running_worker,
    start_dev_server,
    wait_for,
)
from tests.door_helpers import serving, start_market_objection
from tests.faulty_workflows import (
    FAULT,
    FaultyMarketObjectionWorkflow,
    FaultyStepMarketObjectionWorkflow,
)
from tests.processes import cli, cli_env
from tests.test_board import CHROMIUM, CHROMIUM_ARGS, box_of, screenshot, share
from worker import worker_activities

T = TypeVar("T")
WAIT_S = 20.0
STUCK_RED = (0x7F, 0x1D, 0x1D)  # .badge.stuck (api/static/board.css)
ALARM = (0xFE, 0xCA, 0xCA)  # tr.alarm > td


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    async with await start_dev_server(dev_server_dynamic_config()) as started:
        yield started


async def eventually(read: Callable[[], Awaitable[T]], ok: Callable[[T], bool]) -> T:
    """`read()` again until `ok(result)`, for at most WAIT_S (visibility is eventually
    consistent, and the server retries a failing task on its own schedule)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + WAIT_S
    while True:
        result = await read()
        if ok(result):
            return result
        if loop.time() > end:
            raise AssertionError(f"not reached within {WAIT_S} s; last: {result!r}")
        await asyncio.sleep(0.2)


async def test_a_case_its_worker_cannot_read_is_listed_as_stuck(
    env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    client = env.client
    agency = f"STUCK-{uuid.uuid4().hex[:6]}"
    case_id = f"S-{uuid.uuid4().hex[:8]}"
    workflow_id = market_wid(case_id)
    healthy = example_case(agency_code=agency)
    supervisor = f"sup-{uuid.uuid4().hex}"
    keys = KeyRing(
        [ApiKey(name="test supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor))]
    )
    async with running_worker(client, settings):
        # A raw client, no validation: a body the case's model refuses (no evaluation, no
        # enterprise), so the worker cannot even decode the workflow's input.
        await client.start_workflow(
            "MarketCreditObjection",
            {"case_id": case_id, "agency_code": agency, "received_at": "1899-01-01T00:00:00+08:00"},
            id=workflow_id,
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(sa.PROCEDURE_TYPE, "market_credit_objection"),
                    SearchAttributePair(sa.CASE_STAGE, "received"),
                    SearchAttributePair(sa.AGENCY_CODE, agency),
                ]
            ),
        )
        fine = await start_market_objection(client, healthy, settings.task_queue)
        await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, fine)
        try:
            stuck_only = CaseFilter(agency=agency, stuck=True)
            rows: list[CaseRow] = await eventually(
                lambda: list_cases(client, stuck_only), lambda rows: len(rows) == 1
            )
            (row,) = rows
            assert row.workflow_id == workflow_id
            assert row.stuck and row.task_attempts is not None and row.task_attempts >= 2
            assert row.flags[0] == "STUCK"
            # The healthy case of the same agency is listed, and not as stuck.
            everything = {
                r.workflow_id: r for r in await list_cases(client, CaseFilter(agency=agency))
            }
            assert everything[workflow_id].stuck
            assert not everything[fine.id].stuck

            # The command line: `list --stuck` and `status`.
            shell = cli_env(client, settings, tmp_path)
            listed = cli("list", "--stuck", "--agency", agency, "--json", env=shell)
            assert listed.code == 0, listed
            assert [(r["case_id"], r["stuck"]) for r in listed.json()] == [(case_id, True)]
            shown = cli("list", "--stuck", "--agency", agency, env=shell)
            assert "STUCK" in shown.out
            status = cli("status", case_id, env=shell)
            assert "is STUCK" in status.err + status.out, status
            assert "attempt" in status.err + status.out
            assert "is the worker running" not in status.err + status.out

            # HTTP and the board, on the same client.
            app = create_app(settings, client, keys, default_calendar)
            headers = {"X-API-Key": supervisor}
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://board"
            ) as http:
                answer = await http.get(
                    "/cases", params={"stuck": "true", "agency": agency}, headers=headers
                )
                assert answer.status_code == 200, answer.text
                assert [(r["workflow_id"], r["stuck"]) for r in answer.json()] == [
                    (workflow_id, True)
                ]
                board = await http.get("/board", params={"agency": agency}, headers=headers)
                assert board.status_code == 200
                page = board.text
                assert f'data-workflow-id="{workflow_id}"' in page
                stuck_row = page.split(f'data-workflow-id="{workflow_id}"')[0].rsplit("<tr", 1)[1]
                assert 'class="case alarm"' in stuck_row
                mine = page.split(f'data-workflow-id="{workflow_id}"')[1].split("</tr>")[0]
                assert 'class="badge stuck"' in mine
                assert '<strong class="stuck-count">1</strong>' in page
            await see_the_badge_in_chromium(app, supervisor, agency, workflow_id, tmp_path)
        finally:
            # A task outstanding for ever would hold the worker's clean-up for its full wait.
            await client.get_workflow_handle(workflow_id).terminate("the test is over")


async def test_an_unexpected_exception_in_a_step_needs_attention(
    env: WorkflowEnvironment, settings: Settings
) -> None:
    client = env.client
    agency = f"ATTN-{uuid.uuid4().hex[:6]}"
    case = example_case(agency_code=agency)
    async with faulty_worker(client, settings):
        handle = await start_market_objection(
            client, case, settings.task_queue, FaultyMarketObjectionWorkflow
        )
        await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
        await execute_step(
            handle,
            MarketCreditObjectionWorkflow.decide,
            ReviewDecision(outcome=ReviewOutcome.UPHELD, reason="复核维持", reviewer="王敏"),
        )
        try:
            status: Any = await wait_for(
                lambda s: any(e.action == NEEDS_ATTENTION for e in s.events), handle
            )
            (event,) = [e for e in status.events if e.action == NEEDS_ATTENTION]
            reason = event.details["reason"]
            # Where in our code (the innermost frame of the product's packages), and what.
            assert reason.startswith("KeyError at procedures/market_objection/workflow.py:"), reason
            assert FAULT in reason
            # The supervisor is told, as an overdue escalation is.
            told = await wait_for(
                lambda s: any(
                    e.action == "notification_sent" and e.details.get("recipient") == "supervisor"
                    for e in s.events
                ),
                handle,
            )
            assert told.stage is Stage.NOTIFYING  # where the procedure stopped
            rows = await eventually(
                lambda: list_cases(client, CaseFilter(agency=agency, stage=NEEDS_ATTENTION)),
                lambda rows: len(rows) == 1,
            )
            assert rows[0].workflow_id == handle.id and not rows[0].stuck
            # Open, its task completed (not failing), still answering.
            health = await task_health(client, handle.id)
            assert not health.stuck
            assert (await handle.describe()).status is not None
            assert (
                await handle.query(MarketCreditObjectionWorkflow.status)
            ).case_id == case.case_id
        finally:
            await handle.terminate("the test is over")


async def see_the_badge_in_chromium(
    app: FastAPI, key: str, agency: str, workflow_id: str, tmp_path: Path
) -> None:
    """What the supervisor sees: the stuck case's row alarmed, its badge red, the others not."""
    async with serving(app) as base:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            try:
                context = await browser.new_context(
                    viewport={"width": 1280, "height": 900},
                    device_scale_factor=1,
                    extra_http_headers={"X-API-Key": key},
                )
                page = await context.new_page()
                await page.goto(f"{base}/board?agency={agency}")
                row = page.locator(f'tr[data-workflow-id="{workflow_id}"]')
                badge = row.locator(".badge.stuck")
                assert await badge.inner_text() == "停滞 STUCK"
                assert await page.locator(".badge.stuck").count() == 1
                summary = await page.locator("#summary").inner_text()
                assert "Stuck: 1" in summary, summary
                image = await screenshot(page, tmp_path / "stuck.png")
                assert share(image, await box_of(badge), STUCK_RED) > 0.4, "the badge is not red"
                assert share(image, await box_of(row.locator("td.stage")), ALARM) > 0.6
            finally:
                await browser.close()


def faulty_worker(client: Client, settings: Settings) -> Worker:
    """The production worker's activities and update gate, running the faulty procedures."""
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=[FaultyMarketObjectionWorkflow, FaultyStepMarketObjectionWorkflow],
        activities=worker_activities(client, settings, default_calendar()),
        interceptors=[UpdateGate()],
    )


async def test_an_unexpected_exception_in_a_steps_handler_refuses_it_and_needs_attention(
    env: WorkflowEnvironment, settings: Settings
) -> None:
    client = env.client
    supervisor = f"sup-{uuid.uuid4().hex}"
    keys = KeyRing(
        [ApiKey(name="test supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor))]
    )
    case = example_case(agency_code=f"ATTN-{uuid.uuid4().hex[:6]}")
    async with faulty_worker(client, settings):
        handle = await start_market_objection(
            client, case, settings.task_queue, FaultyStepMarketObjectionWorkflow
        )
        try:
            await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
            with pytest.raises(WorkflowUpdateFailedError) as refused:
                await execute_step(
                    handle,
                    MarketCreditObjectionWorkflow.decide,
                    ReviewDecision(outcome=ReviewOutcome.UPHELD, reason="维持", reviewer="王敏"),
                )
            message = str(getattr(refused.value.cause, "message", refused.value.cause))
            assert "needs attention" in message and "ZeroDivisionError" in message, message
            status = await wait_for(
                lambda s: any(
                    e.action == NEEDS_ATTENTION and e.details.get("step") == "decide"
                    for e in s.events
                ),
                handle,
            )
            assert status.case_id == case.case_id
            assert not (await task_health(client, handle.id)).stuck
            # The board marks it (its CaseStage is needs_attention) and counts it.
            await eventually(
                lambda: list_cases(
                    client, CaseFilter(agency=case.agency_code, stage=NEEDS_ATTENTION)
                ),
                lambda rows: len(rows) == 1,
            )
            app = create_app(settings, client, keys, default_calendar)
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://board"
            ) as http:
                headers = {"X-API-Key": supervisor}
                board = await http.get(
                    "/board", params={"agency": case.agency_code}, headers=headers
                )
                row = board.text.split(f'data-workflow-id="{handle.id}"')[1].split("</tr>")[0]
                assert 'class="badge attention"' in row
                assert '<strong class="attention-count">1</strong>' in board.text
                timeline = await http.get(f"/board/cases/{handle.id}", headers=headers)
                assert timeline.status_code == 200
                assert 'class="badge attention"' in timeline.text
                assert "ZeroDivisionError" in timeline.text
        finally:
            await handle.terminate("the test is over")


async def test_the_server_refuses_local_mean_time_and_takes_the_carried_instant(
    env: WorkflowEnvironment,
) -> None:
    """Issue 14's value, as the case computed it, and as `_publish` now sends it."""
    lmt = datetime.fromisoformat("1899-01-10T17:00:00+08:05:43")
    carried, _ = sa.carried_instant(lmt)
    assert carried is not None and carried == lmt.replace(microsecond=0)

    async def start(moment: datetime) -> None:
        await env.client.start_workflow(
            "NeverRun",
            id=f"sa-{uuid.uuid4().hex[:8]}",
            task_queue=f"nobody-{uuid.uuid4().hex[:8]}",
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(sa.NEXT_DEADLINE, moment)]
            ),
        )

    with pytest.raises(RPCError, match="invalid value for search attribute NextDeadline"):
        await start(lmt)
    for moment in (carried, sa.EARLIEST_INSTANT, sa.LATEST_INSTANT):
        await start(moment)


@pytest.mark.parametrize(
    ("due", "carried"),
    [
        ("1899-01-10T17:00:00+08:05:43", "1899-01-10T08:54:17+00:00"),
        ("2026-12-01T17:00:00.250+08:00", "2026-12-01T09:00:00+00:00"),
        ("0999-12-31T00:00:00+00:00", None),
    ],
)
def test_an_instant_is_sent_in_the_form_the_server_accepts(due: str, carried: str | None) -> None:
    value, why = sa.carried_instant(datetime.fromisoformat(due))
    assert (value.isoformat() if value else None) == carried
    assert bool(why) == (carried is None)
