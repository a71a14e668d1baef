"""A step (an Update) is answered while the case's own work is still going on (issue 15).

An activity of the case that merely runs never refuses a step: the step is accepted at once and
changes the case; what it needs of the running work (here the report period being computed) it
waits for itself. The gate refuses only in the workflow task that carries what the case's own
code did on resuming (tests/test_replay_rule.py shows why); new runs set no settle timer.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowUpdateFailedError, WorkflowUpdateStage
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts import search_attributes as sa
from contracts.activities import (
    COMPUTE_DEADLINE,
    SEND_NOTIFICATION,
)
from contracts.case_records import FollowUpState
from contracts.documents import ISSUE_DOCUMENT
from kernel.replay_rule import SETTLE
from kernel.update_gate import UpdateGate
from periods import SHANGHAI, default_calendar
from procedures.accountability.models import (
    CaseReport,
    Decision,
    Review,
    Stage,
)
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow as Accountability
from procedures.market_objection.models import PROCEDURE_TYPE, ReviewDecision
from procedures.market_objection.models import Stage as MarketStage
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import WORKFLOWS
from service.steps import await_outputs, is_busy
from settings import Settings
from tests.conftest import EXAMPLES, example_accountability, example_case
from tests.door_helpers import start_accountability, start_market_objection
from tests.outside_world import Gate
from worker import worker_activities


def gated_worker(client: Client, settings: Settings, gate: Gate, activity: str) -> Worker:
    """The production workflows and activities, with `activity` behind the test's gate."""
    activities = gate.around(worker_activities(client, settings, default_calendar()), activity)
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=activities,
        interceptors=[UpdateGate()],
    )


async def test_a_step_sent_while_the_case_computes_is_accepted_at_once(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    client = dev_env.client
    # The deadline computation of the case's start, held until the test lets it go.
    computing = Gate()
    case = example_accountability("G")
    report = CaseReport.model_validate_json(
        (EXAMPLES / "accountability-report.json").read_text(encoding="utf-8")
    )
    async with gated_worker(client, settings, computing, COMPUTE_DEADLINE):
        handle = await start_accountability(client, case, settings.task_queue)
        await asyncio.wait_for(computing.reached.wait(), 30)

        # The report arrives while the case is still computing its 2-month deadline: accepted
        # at once (a single try, no busy retry), and the case holds it.
        step = await asyncio.wait_for(
            handle.start_update(
                Accountability.submit_report, report, wait_for_stage=WorkflowUpdateStage.ACCEPTED
            ),
            5,
        )
        assert await handle.query(Accountability.busy) is None
        # A second report in the meantime is refused for what it is, not as a busy case.
        with pytest.raises(WorkflowUpdateFailedError) as again:
            await handle.execute_update(Accountability.submit_report, report)
        assert not is_busy(again.value)
        assert "a report" in str(again.value.cause)

        # Once the computation is done, the step's receipt says where the case now stands.
        computing.open()
        receipt = await asyncio.wait_for(step.result(), 30)
        assert receipt.stage is Stage.UNDER_REVIEW

    # One acceptance; no patch marker at all (a run of the current type takes the thin kernel
    # and every patch from its type, ReplayRule.released); no settle timer.
    history = await handle.fetch_history()
    types = [e.event_type for e in history.events]
    assert types.count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) == 1
    markers = [
        str(e.marker_recorded_event_attributes.details)
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    assert markers == []
    timers = [
        e.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED
    ]
    assert SETTLE not in timers
    await handle.terminate()


async def test_a_decision_sent_with_the_start_is_held_and_the_case_upserts_twice(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """An agency system that files the review application and sends the decision at once
    (issue 20): the decision is accepted on its first try while the review period is still
    being computed, and held until it is set; the case's shortest path then upserts its search
    attributes twice (once per workflow task, only what changed): under review and decided in
    one, closed in the other; no patch marker."""
    client = dev_env.client
    computing = Gate()
    case = example_case(received_at=datetime.now(SHANGHAI).replace(microsecond=0))
    decision = ReviewDecision.model_validate_json(
        (EXAMPLES / "market-objection-decision.json").read_text(encoding="utf-8")
    )
    async with gated_worker(client, settings, computing, COMPUTE_DEADLINE):
        handle = await start_market_objection(
            client,
            case,
            settings.task_queue,
            search_attributes=sa.at_start(PROCEDURE_TYPE, case.agency_code),  # as the CLI does
        )
        await asyncio.wait_for(computing.reached.wait(), 30)
        step = await asyncio.wait_for(
            handle.start_update(
                MarketCreditObjectionWorkflow.decide,
                decision,
                wait_for_stage=WorkflowUpdateStage.ACCEPTED,
            ),
            5,
        )
        computing.open()
        receipt = await asyncio.wait_for(step.result(), 30)
        assert receipt.stage is MarketStage.NOTIFYING and receipt.late is False
        await asyncio.wait_for(handle.result(), 60)
        final = await handle.query(MarketCreditObjectionWorkflow.status)
    assert [e.action for e in final.events][:3] == [
        "review_application_received",
        "review_deadline_set",
        "review_decided",
    ]
    history = await handle.fetch_history()
    upserts = [
        e.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
    ]
    assert len(upserts) == 2
    stages = [json.loads(fields[sa.CASE_STAGE.name].data) for fields in upserts]
    assert stages == ["notifying", "closed"]
    assert "ProcedureType" not in upserts[0]  # set at the start, never sent again
    types = [e.event_type for e in history.events]
    assert EventType.EVENT_TYPE_MARKER_RECORDED not in types
    described = await handle.describe()
    assert described.typed_search_attributes.get(sa.CASE_STAGE) == "closed"


def test_every_step_of_every_procedure_has_a_validator_for_the_gate_to_front() -> None:
    # The SDK calls the interceptor's validator hook only for an Update that has a validator: a
    # step without one would bypass the gate and could share a task with the case's own work.
    for cls in WORKFLOWS:
        definition = workflow._Definition.must_from_class(cls)
        without = [name for name, d in definition.updates.items() if d.validator is None]
        assert without == [], f"{definition.name}: {without}"


async def test_a_decision_sent_while_a_notification_hangs_is_taken_at_once(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """An outside channel that never answers (an SMS gateway that hangs) holds only its own
    delivery: the reviewer's decision is taken on its first try, and the result notice follows
    once the channel is back."""
    client = dev_env.client
    gateway = Gate()
    # Received 40 days ago: the 15-working-day review is already due, and the case sends its
    # reminder and escalation at once.
    received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(days=40)
    case = example_case(received_at=received)
    decision = ReviewDecision.model_validate_json(
        (EXAMPLES / "market-objection-decision.json").read_text(encoding="utf-8")
    )
    async with gated_worker(client, settings, gateway, SEND_NOTIFICATION):
        handle = await start_market_objection(client, case, settings.task_queue)
        await asyncio.wait_for(gateway.reached.wait(), 30)

        receipt = await handle.execute_update(MarketCreditObjectionWorkflow.decide, decision)
        assert receipt.stage is MarketStage.NOTIFYING and receipt.late
        pending = (await handle.describe()).raw_description.pending_activities
        assert [p.activity_type.name for p in pending] == [SEND_NOTIFICATION]
        status = await handle.query(MarketCreditObjectionWorkflow.status)
        assert status.decision == decision and status.documents == []
        # The case itself says what it is sending (the door asks the server for attempts then).
        assert [(p.activity, p.output) for p in status.pending_outputs] == [
            (SEND_NOTIFICATION, "notification")
        ]

        gateway.open()
        outcome = await asyncio.wait_for(handle.result(), 60)
    assert outcome.final_grade == "B" and outcome.late
    assert len(outcome.documents) == 3  # the result notice, the platform update, the copy


async def test_each_step_is_answered_while_the_documents_it_set_going_hang(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """The document service hangs: the report, the review and the handling decision are each
    answered on their first try, one after the other, and the case holds them in order. What
    they set going (the report receipt, the assessment, the feedback period, the findings)
    follows once the service is back, in the order the steps were taken, and the agency can
    wait for it (`await_outputs`)."""
    client = dev_env.client
    documents = Gate()
    case = example_accountability("D")
    steps = (
        (Accountability.submit_report, CaseReport, "report", Stage.UNDER_REVIEW),
        (Accountability.review, Review, "review", Stage.AWAITING_DECISION),
        (Accountability.record_decision, Decision, "decision", Stage.AWAITING_FEEDBACK),
    )
    async with gated_worker(client, settings, documents, ISSUE_DOCUMENT):
        handle = await start_accountability(client, case, settings.task_queue)
        while not (await handle.query(Accountability.status)).deadlines:
            await asyncio.sleep(0.05)  # the 2-month report period is being computed
        for update, model, example, stage in steps:
            argument = model.model_validate_json(
                (EXAMPLES / f"accountability-{example}.json").read_text(encoding="utf-8")
            )
            if isinstance(argument, Decision):  # made today, after today's review (第十三条)
                argument = argument.model_copy(update={"decided_on": datetime.now(SHANGHAI).date()})
            # One try each (no busy retry), within a second, while the receipt document hangs.
            receipt = await asyncio.wait_for(handle.execute_update(update, argument), 1)
            assert receipt.stage is stage
        assert documents.reached.is_set()
        status = await handle.query(Accountability.status)
        assert status.documents == [] and status.assessment is None
        pending = (await handle.describe()).raw_description.pending_activities
        assert [p.activity_type.name for p in pending] == [ISSUE_DOCUMENT]

        # A caller who waits is answered after its patience, the outputs still under way.
        waiting = await await_outputs(handle, patience=timedelta(seconds=1))
        assert waiting.timed_out and waiting.follow_ups == [] and not waiting.closed

        documents.open()
        outputs = await asyncio.wait_for(await_outputs(handle), 30)
        assert not outputs.timed_out
        assert [(f.step, f.what, f.state) for f in outputs.follow_ups] == [
            ("submit_report", "report receipt", FollowUpState.DONE),
            ("review", "accountability assessment", FollowUpState.DONE),
            ("record_decision", "feedback deadline", FollowUpState.DONE),
            ("record_decision", "findings on subject records", FollowUpState.DONE),
        ]
        actions = [e.action for e in outputs.events]
        assert actions[:3] == [
            "report_receipt_issued",
            "earlier_findings_read",
            "assessment_attached",
        ]
        assert "feedback_deadline_set" in actions
        status = await handle.query(Accountability.status)
        # The report receipt, then the review's 处理建议 to the body it names (第十三条第二款).
        assert len(status.documents) == 2 and status.assessment is not None
        assert status.documents[1].endswith("referral-proposal.html"), status.documents
        assert any(d.name == "feedback" for d in status.deadlines)
        await handle.terminate()
