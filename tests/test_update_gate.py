"""A case takes a step (an Update) only once it has settled from its previous one.

While an activity of the case runs, and until a short timer has fired after its result, every
Update is refused with CASE_BUSY and changes nothing; the clients send it again
(service.steps.execute_step). Why: workflows/case_base.py, SETTLE.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.contracts import COMPUTE_DEADLINE, DeadlineRequest, ScheduledDeadline
from periods import default_calendar
from service.steps import execute_step, is_busy
from tests.conftest import EXAMPLES, make_settings, poll_query
from worker import worker_activities
from workflows.accountability import LostLawsuitAccountabilityWorkflow as Accountability
from workflows.accountability_models import AccountabilityCase, CaseReport, Stage, workflow_id
from workflows.case_base import SETTLE_PATCH
from workflows.registry import WORKFLOWS
from workflows.update_gate import UpdateGate


def definition_name(fn: object) -> str:
    return str(getattr(fn, "__temporal_activity_definition").name)


async def test_a_step_sent_while_the_case_works_is_refused_unchanged_then_taken(
    dev_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    client = dev_env.client
    settings = make_settings(tmp_path)
    activities = worker_activities(client, settings, default_calendar())
    compute = next(a for a in activities if definition_name(a) == COMPUTE_DEADLINE)
    computing, release = asyncio.Event(), asyncio.Event()

    # The deadline computation of the case's start, held until the test lets it go.
    @activity.defn(name=COMPUTE_DEADLINE)
    async def held_computation(request: DeadlineRequest) -> ScheduledDeadline:
        computing.set()
        await release.wait()
        result: ScheduledDeadline = await compute(request)
        return result

    others = [a for a in activities if definition_name(a) != COMPUTE_DEADLINE]
    case = AccountabilityCase.model_validate_json(
        (EXAMPLES / "accountability.json").read_text(encoding="utf-8")
    ).model_copy(update={"case_id": f"G-{uuid.uuid4().hex[:8]}"})
    report = CaseReport.model_validate_json(
        (EXAMPLES / "accountability-report.json").read_text(encoding="utf-8")
    )
    async with Worker(
        client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=[held_computation, *others],
        interceptors=[UpdateGate()],
    ):
        handle = await client.start_workflow(
            Accountability.run,
            case,
            id=workflow_id(case.case_id),
            task_queue=settings.task_queue,
        )
        await asyncio.wait_for(computing.wait(), 30)
        before = await poll_query(handle, Accountability.status, lambda s: True)

        # The report arrives while the case is still computing its 2-month deadline.
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await handle.execute_update(Accountability.submit_report, report)
        assert is_busy(refused.value)
        assert "finishing its previous step" in str(refused.value.cause)
        # The client's patience runs out with the same refusal, and nothing changed.
        with pytest.raises(WorkflowUpdateFailedError) as still:
            await execute_step(
                handle, Accountability.submit_report, report, patience=timedelta(seconds=1)
            )
        assert is_busy(still.value)
        after = await handle.query(Accountability.status)
        assert after.model_dump() == before.model_dump()
        assert after.stage is Stage.AWAITING_REPORT and after.report is None

        # Once the computation is done and the case has settled, the same step is taken.
        release.set()
        receipt = await execute_step(handle, Accountability.submit_report, report)
        assert receipt.stage is Stage.UNDER_REVIEW

    # The refusals left nothing in the history; the settling is the patch marker and timers.
    history = await handle.fetch_history()
    accepted = [
        e
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
    ]
    assert len(accepted) == 1
    markers = [
        e.marker_recorded_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    assert any(SETTLE_PATCH in str(m.details) for m in markers)
    await handle.terminate()


def test_every_step_of_every_procedure_has_a_validator_for_the_gate_to_front() -> None:
    # The SDK calls the interceptor's validator hook only for an Update that has a validator: a
    # step without one would bypass the gate and could share a task with the case's own work.
    for cls in WORKFLOWS:
        definition = workflow._Definition.must_from_class(cls)
        without = [name for name, d in definition.updates.items() if d.validator is None]
        assert without == [], f"{definition.name}: {without}"
