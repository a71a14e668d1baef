"""Service (送达) of the designation's supplementation notice, time-skipping server (issue 17).

自收到材料补正通知之日起5个工作日内补正 (二(三)2 of 衢医保发〔2023〕8号, seed 001 l.1562): with
electronic delivery not deemed service (settings `service_electronic_deemed` false), the notice
waits for the agency's `served` step, no clock running, the case found by CaseStage
`awaiting_service`; served late (across a weekend or holiday), the window moves by exactly the
working days between issue and service. By default (deemed), the window runs from the issue day,
as before, its citation naming that start.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts import search_attributes as sa
from contracts.service import AWAITING_SERVICE, NoticeService, Served, ServiceMethod
from periods import add_working_days
from periods.months import months_later
from procedures.designation.models import (
    AcceptanceReview,
    Outcome,
    ReevaluationRequest,
    Stage,
    Supplement,
)
from procedures.designation.workflow import DesignationWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import deadline, refused, sleep_past, today_in
from tests.conftest import make_settings
from tests.test_designation_workflow import (
    CALENDAR,
    application_of,
    applied,
    end_open_cases,  # noqa: F401 (the fixture that ends the cases a test leaves open)
    finished,
    judged,
    past_the_batch,
    start_of,
    status_when,
    through_batch,
)

REVIEW = AcceptanceReview(
    reviewer="医药服务管理科", nonconforming={"internal_rules": "财务制度缺失"}
)


def not_deemed(settings: Settings) -> Settings:
    return make_settings(
        settings.data_dir.parent, task_queue=settings.task_queue, service_electronic_deemed=False
    )


def served(on: date, notice: str = "supplementation") -> Served:
    return Served(
        notice=notice, served_on=on, method=ServiceMethod.MAIL, served_by="医药服务管理科"
    )


def late_service_day(issued_on: date) -> date:
    """A day after the issue with a day off between: the first working day after the first
    day off that follows the issue (a weekend or a holiday)."""
    day = issued_on + timedelta(days=1)
    while CALENDAR.is_working_day(day):
        day += timedelta(days=1)
    while not CALENDAR.is_working_day(day):
        day += timedelta(days=1)
    return day


async def case_stage(handle: WorkflowHandle[Any, Any]) -> str:
    """The CaseStage search attribute, read raw (the time-skipping server's attributes do not
    decode as the typed `describe()` expects)."""
    response = await handle._client.workflow_service.describe_workflow_execution(
        DescribeWorkflowExecutionRequest(
            namespace=handle._client.namespace,
            execution=WorkflowExecution(workflow_id=handle.id),
        )
    )
    fields = response.workflow_execution_info.search_attributes.indexed_fields
    stage: str = json.loads(fields[sa.CASE_STAGE.name].data)
    return stage


async def awaits_service(
    handle: WorkflowHandle[Any, Any], services: list[NoticeService], name: str, issued_on: date
) -> None:
    """The one notice of the case waits for its service, and the case is found by that."""
    [notice] = services
    assert (notice.notice, notice.issued_on, notice.awaiting) == (name, issued_on, True)
    assert await case_stage(handle) == AWAITING_SERVICE


def moved_by_service(last_day: date, issued_on: date, served_on: date) -> None:
    """The done-when of issue 17: the 5-working-day window's last day counts from the service
    day, i.e. the issue day's window moved by exactly the working days between the two."""
    moved = CALENDAR.count_working_days(issued_on, served_on)
    assert moved >= 1
    assert last_day == add_working_days(served_on, 5, calendar=CALENDAR).last_day
    assert last_day == add_working_days(issued_on, 5 + moved, calendar=CALENDAR).last_day


async def test_a_notice_served_late_moves_the_window_by_the_days_between(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    application = application_of("medical", premises=True)
    settings = not_deemed(settings)
    async with applied(time_env, settings, "medical", application) as (_, handle, status):
        await execute_step(handle, DesignationWorkflow.review_acceptance, REVIEW)
        notified = await through_batch(time_env, handle, status)
        assert notified.batch_day is not None
        issued_on = notified.batch_day
        waiting = await status_when(handle, lambda s: bool(s.services))
        # No clock runs: no window, the notice awaiting its service, the case found by it.
        assert waiting.stage is Stage.SUPPLEMENTING
        assert all(d.name != "supplement" for d in waiting.deadlines)
        await awaits_service(handle, waiting.services, "supplementation", issued_on)
        # The refusals name the field and change nothing.
        before = await refused(
            handle, DesignationWorkflow.served, served(issued_on - timedelta(days=1))
        )
        assert before.startswith("served_on:") and "before the notice was issued" in before
        unknown = await refused(
            handle, DesignationWorkflow.served, served(issued_on, "reevaluation")
        )
        assert unknown.startswith("notice: 'reevaluation'")
        serve_on = late_service_day(issued_on)
        future = await refused(handle, DesignationWorkflow.served, served(serve_on))
        assert future.startswith("served_on:") and "after today" in future
        # Weeks pass without service: nothing lapses.
        await sleep_past(time_env, start_of(serve_on) + timedelta(hours=10))
        still = await handle.query(DesignationWorkflow.status)
        assert still.stage is Stage.SUPPLEMENTING and still.services[0].awaiting
        receipt = await execute_step(handle, DesignationWorkflow.served, served(serve_on))
        assert "period of 5 working days runs from the next day" in receipt.detail
        running = await status_when(
            handle, lambda s: any(d.name == "supplement" for d in s.deadlines)
        )
        again = await refused(handle, DesignationWorkflow.served, served(serve_on))
        assert again.startswith("notice:") and "already served" in again
        window = deadline(running, "supplement")
        assert await case_stage(handle) == Stage.SUPPLEMENTING.value
        await sleep_past(time_env, window.deadline.due_at)
        closed = await finished(handle)
    moved_by_service(window.deadline.last_day, issued_on, serve_on)
    assert window.citation == (
        "衢医保发〔2023〕8号 二(三)2; from service of the supplementation notice "
        f"(邮寄, {serve_on.isoformat()})"
    )
    assert closed.outcome is Outcome.ABANDONED
    assert f"window ended {window.deadline.last_day.isoformat()}" in (closed.closing_reason or "")
    assert [e.action for e in closed.events].count("notice_served") == 1


async def test_by_default_electronic_delivery_is_service_on_the_issue_day(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    application = application_of("pharmacy", premises=True)
    async with past_the_batch(time_env, settings, "pharmacy", application=application) as (
        _,
        handle,
        notified,
    ):
        assert notified.batch_day is not None
        window = deadline(notified, "supplement")
        [notice] = notified.services
        refusal = await refused(handle, DesignationWorkflow.served, served(notified.batch_day))
        await execute_step(
            handle, DesignationWorkflow.supplement, Supplement(materials={"premises": "租赁合同"})
        )
        await status_when(handle, lambda s: s.stage is Stage.EVALUATING)
    assert (notice.served_on, notice.method) == (notified.batch_day, ServiceMethod.ELECTRONIC)
    assert (
        window.deadline.last_day
        == add_working_days(notified.batch_day, 5, calendar=CALENDAR).last_day
    )
    assert window.citation.endswith(
        f"from service of the supplementation notice (电子送达, {notified.batch_day.isoformat()})"
    )
    assert "already served" in refusal


async def test_materials_supplemented_before_service_need_none(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    application = application_of("pharmacy", premises=True)
    async with past_the_batch(
        time_env, not_deemed(settings), "pharmacy", application=application
    ) as (_, handle, notified):
        assert notified.services[0].awaiting
        receipt = await execute_step(
            handle, DesignationWorkflow.supplement, Supplement(materials={"premises": "租赁合同"})
        )
        assert receipt.stage is Stage.EVALUATING
        accepted = await status_when(handle, lambda s: s.stage is Stage.EVALUATING)
    # The supplement shows the notice was received: nothing waits for its service.
    assert accepted.services == []
    assert "notice_service_moot" in [e.action for e in accepted.events]
    assert all(d.name != "supplement" for d in accepted.deadlines)


async def test_the_3_months_before_a_reevaluation_run_from_the_results_service(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    # 自结果告知送达之日起, 整改3个月后可再次组织评估 (衢医保发〔2023〕8号 seed 001 l.1614).
    async with past_the_batch(time_env, not_deemed(settings), "medical") as (case, handle, _):
        issued_on = await today_in(time_env)
        low = judged(case, issued_on, 30, (1, 1))
        await execute_step(handle, DesignationWorkflow.evaluate, low)
        failed = await status_when(handle, lambda s: s.stage is Stage.RECTIFYING)
        assert failed.reevaluation_possible_from is None
        await awaits_service(handle, failed.services, "evaluation-result-1", issued_on)
        text = Path(failed.documents[-1]).read_text(encoding="utf-8")
        assert "自本告知书送达之日起整改3个月后，可申请再次组织评估" in text
        request = ReevaluationRequest(applicant="王建华", rectification="整改完毕")
        message = await refused(handle, DesignationWorkflow.request_reevaluation, request)
        assert message.startswith("request: the evaluation result has not been served yet")
        serve_on = late_service_day(issued_on)
        await sleep_past(time_env, start_of(serve_on) + timedelta(hours=10))
        await execute_step(
            handle, DesignationWorkflow.served, served(serve_on, "evaluation-result-1")
        )
        served_case = await status_when(handle, lambda s: not s.services[0].awaiting)
        assert await case_stage(handle) == Stage.RECTIFYING.value
    possible = served_case.reevaluation_possible_from
    assert possible == months_later(serve_on, 3) + timedelta(days=1)
    # Moved by exactly the days between issue and service (no month end in between here).
    assert possible - (months_later(issued_on, 3) + timedelta(days=1)) == serve_on - issued_on
