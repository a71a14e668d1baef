"""The medical-insurance credit objection (异议申诉), end to end.

衢医保发〔2021〕36号 四(三): 10 working days to object from the result's publication (party window),
10 working days to re-check from when the objection and its materials are in (agency duty), the
feedback on form 附件2, the formal result in the subject's credit file, an SMS when the grade
changes. Time-skipping server, every period at its real legal length; the CLI against the dev
server in-process.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

import scoring
from activities.keep_alive import KeepAliveInterceptor
from activities.outbox import Outbox
from activities.registry import build_activities
from checks.uscc import CHARSET, check_character
from contracts import search_attributes as sa
from contracts.case_records import (
    DeadlineKind,
)
from contracts.subject_records import FACTS_QUERY, SubjectFacts, SubjectRef
from kernel.update_gate import UpdateGate
from periods import SHANGHAI, add_working_days, default_calendar
from procedures.medical_objection.models import (
    OBJECTION_CITATION,
    CaseOutcome,
    DecisionRecord,
    MaterialsSubmission,
    MedicalObjectionCase,
    ObjectionForm,
    ReviewDecision,
    ReviewOutcome,
    Stage,
    workflow_id,
)
from procedures.medical_objection.status import MedicalObjectionStatus, ObjectionReceipt
from procedures.medical_objection.workflow import MedicalCreditObjectionWorkflow
from procedures.registry import WORKFLOWS
from service.steps import await_outputs, execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    midnight_after,
    refused,
    reminder_instants,
    run_cli,
    sleep_past,
    today_in,
)
from tests.conftest import EXAMPLES, hand_over, running_worker, settled

UPHELD = ReviewDecision(
    outcome=ReviewOutcome.UPHELD,
    reason="经复查, 结算设备转借的认定有核查笔录和结算日志佐证, 维持原评价结果。",
    reviewer="衢州市医疗保障局 基金监管科 陈峰",
)


# -- the example case, made unique per test --------------------------------------------------------


def fresh_uscc() -> str:
    """A valid unified social credit code no other test uses: each test's subject has its own
    record (a record runs on the task queue of the worker that opened it)."""
    body = "91330802" + "".join(random.choice(CHARSET) for _ in range(9))
    return body + check_character(body)


def case_data(**result_changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (EXAMPLES / "medical-objection.json").read_text(encoding="utf-8")
    )
    code = fresh_uscc()
    data["case_id"] = f"T-{uuid.uuid4().hex[:10]}"
    data["subject"]["code"] = code
    data["result"]["facts"]["subject_id"] = code
    data["result"]["result_id"] = f"YBXY-{uuid.uuid4().hex[:8]}"
    data["result"].update(result_changes)
    return data


def example_case(published_on: date) -> MedicalObjectionCase:
    return MedicalObjectionCase.model_validate(case_data(published_on=published_on.isoformat()))


def example_objection(**changes: Any) -> ObjectionForm:
    raw = (EXAMPLES / "medical-objection-objection.json").read_text(encoding="utf-8")
    return ObjectionForm.model_validate_json(raw).model_copy(update=changes)


def corrected_decision(case: MedicalObjectionCase) -> ReviewDecision:
    data = json.loads((EXAMPLES / "medical-objection-decision.json").read_text(encoding="utf-8"))
    data["corrected_facts"]["subject_id"] = case.subject.code
    return ReviewDecision.model_validate(data)


# -- driving a case --------------------------------------------------------------------------------


MEDICAL_OBJECTION = CaseWorkflow(
    MedicalCreditObjectionWorkflow.run, MedicalCreditObjectionWorkflow.status, workflow_id
)
start, poll = MEDICAL_OBJECTION.start, MEDICAL_OBJECTION.status_when


async def file_objection(handle: WorkflowHandle[Any, Any], form: ObjectionForm) -> ObjectionReceipt:
    # The update is named "object" (附件1); the method is `file_objection`.
    receipt: ObjectionReceipt = await execute_step(
        handle, "object", form, result_type=ObjectionReceipt
    )
    return receipt


def in_window(status: MedicalObjectionStatus) -> bool:
    return status.stage is Stage.OBJECTION_WINDOW


async def subject_record(
    env: WorkflowEnvironment, settings: Settings, ref: SubjectRef
) -> SubjectFacts:
    """The subject's credit file, read back through its record workflow's query."""
    handle = env.client.get_workflow_handle(ref.workflow_id(settings.subject_id_secret))
    facts: SubjectFacts = await handle.query(FACTS_QUERY, result_type=SubjectFacts)
    return facts


@asynccontextmanager
async def uncached_worker(client: Client, settings: Settings) -> AsyncIterator[None]:
    """The production wiring without the sticky workflow cache, for a test that stops the
    worker mid-case: a stopped worker's sticky queue would hold the case's next workflow task
    until a sticky timeout that the time-skipping server, its clock stopped, never reaches."""
    worker = Worker(
        client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=build_activities(
            default_calendar(),
            Outbox(settings.outbox),
            client=client,
            subject_id_secret=settings.subject_id_secret,
        ),
        interceptors=[KeepAliveInterceptor(), UpdateGate()],
        max_cached_workflows=0,
    )
    async with worker:
        yield
        await settled(client, settings.task_queue)


def outbox_of(settings: Settings, case: MedicalObjectionCase) -> Path:
    return settings.outbox / workflow_id(case.case_id)


async def record_sms(
    env: WorkflowEnvironment, settings: Settings, case: MedicalObjectionCase, write: str
) -> dict[str, Any]:
    """The SMS the subject record sent of the change made by `write` ("recorded": the result
    published, "formal": its correction), once the record has sent it (after the write)."""
    record_id = case.subject.workflow_id(settings.subject_id_secret)
    path = settings.outbox / record_id / f"result-change-{case.result.result_id}-{write}.json"
    for _ in range(200):
        if path.exists():
            sms: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return sms
        await asyncio.sleep(0.05)
    raise AssertionError(f"no SMS at {path}")


@asynccontextmanager
async def window_open(
    env: WorkflowEnvironment,
    settings: Settings,
    worker: Callable[[Client, Settings], AbstractAsyncContextManager[None]] = running_worker,
) -> AsyncIterator[tuple[MedicalObjectionCase, WorkflowHandle[Any, Any], MedicalObjectionStatus]]:
    """The example result published today and its case started, with a worker: the objection
    window is open, and the published result is in the credit file (the write the case queues
    once its window is open, issue 20)."""
    case = example_case(await today_in(env))
    async with worker(env.client, settings):
        handle = await start(env, settings, case)
        await poll(handle, in_window)
        await await_outputs(handle, "open")
        yield case, handle, await poll(handle, in_window)


# -- the paths ---------------------------------------------------------------------------------


async def test_no_objection_in_the_window_makes_the_result_formal(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (case, handle, status):
        published = case.result.published_on
        # 自公布之日起10个工作日内: the publication day not counted, ending 24:00 of the last day.
        expected = add_working_days(published, 10)
        filing = status.deadlines[0]
        assert filing.name == "filing" and filing.kind is DeadlineKind.PARTY_WINDOW
        assert filing.citation == OBJECTION_CITATION == "衢医保发〔2021〕36号 四(三)"
        assert filing.deadline.start == published
        assert filing.deadline.last_day == expected.last_day
        assert filing.deadline.due_at == midnight_after(expected.last_day)
        assert filing.reminders == []  # a party window: no reminders to the agency
        assert status.waiting_for and "objection" in status.waiting_for
        # The published result is in the credit file from the start, not yet formal.
        held = (await subject_record(time_env, settings, case.subject)).result(
            case.result.result_id
        )
        assert held is not None and held.formal is False

        outcome = await handle.result()  # time skips to the window's end
        final = await handle.query(MedicalCreditObjectionWorkflow.status)
        record = await subject_record(time_env, settings, case.subject)

    assert outcome.outcome is CaseOutcome.FORMAL_WITHOUT_OBJECTION
    # Formal from the instant the window closes: 24:00 of the last day, i.e. the next day.
    assert outcome.formal_on == expected.last_day + timedelta(days=1)
    assert (outcome.final_score, outcome.final_grade) == (case.result.score, case.result.grade)
    assert outcome.late is False and outcome.documents == []
    assert final.stage is Stage.CLOSED and not final.overdue
    assert actions(final) == [
        "result_published",
        # The window opens before the record is written (issue 20); the write follows.
        "filing_deadline_set",
        "result_recorded_on_subject_record",
        "filing_window_lapsed",
        "result_formal",
        "case_closed",
    ]
    assert all(event.citation for event in final.events)
    formal = record.result(case.result.result_id)
    assert formal is not None and formal.formal is True
    assert formal.formal_on == outcome.formal_on
    assert (formal.score, formal.grade) == (case.result.score, case.result.grade)
    assert formal.source_case == workflow_id(case.case_id)
    assert not outbox_of(settings, case).exists()  # nothing sent: no objection, no change


async def test_objection_with_materials_starts_the_review_at_filing_then_upheld(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (case, handle, _):
        await time_env.sleep(timedelta(days=3))

        form = example_objection()
        receipt = await file_objection(handle, form)
        filed_on = receipt.filed_at.astimezone(SHANGHAI).date()
        # 自收到异议申诉及证明材料之日起10个工作日内: both in on the filing day, not counted.
        expected = add_working_days(filed_on, 10)
        assert receipt.stage is Stage.UNDER_REVIEW
        assert receipt.materials == form.materials
        # The re-check's deadline is computed just after the receipt: waited for.
        outputs = await await_outputs(handle, "object")
        assert [f.what for f in outputs.follow_ups] == ["re-check deadline"]
        status = await handle.query(MedicalCreditObjectionWorkflow.status)
        filing, review = status.deadlines
        assert review.deadline.start == filed_on
        assert review.deadline.last_day == expected.last_day
        assert filing.met_at == receipt.filed_at
        assert review.kind is DeadlineKind.AGENCY_DUTY and review.citation == OBJECTION_CITATION
        assert len(review.reminders) == 2  # 3 and 1 working days before
        assert status.review_started_at == receipt.filed_at
        assert status.objection is not None and status.objection.form == form
        objection_event = next(e for e in status.events if e.action == "objection_filed")
        assert objection_event.actor == form.applicant
        assert objection_event.citation == "衢医保发〔2021〕36号 四(三) 附件1"

        decided = await execute_step(handle, MedicalCreditObjectionWorkflow.decide, UPHELD)
        assert decided.outcome is ReviewOutcome.UPHELD and decided.late is False
        assert (decided.final_score, decided.final_grade) == (case.result.score, "中等")
        assert decided.grade_changed is False
        outcome = await handle.result()
        final = await handle.query(MedicalCreditObjectionWorkflow.status)
        record = await subject_record(time_env, settings, case.subject)

    assert outcome.outcome is CaseOutcome.UPHELD and outcome.late is False
    assert final.stage is Stage.CLOSED and final.rescored is None
    assert actions(final) == [
        "result_published",
        # The window opens before the record is written (issue 20); the write follows.
        "filing_deadline_set",
        "result_recorded_on_subject_record",
        "objection_filed",
        "review_deadline_set",
        "review_decided",
        "feedback_issued",
        "result_formal",
        "case_closed",
    ]
    # The feedback notice 附件2 is a document in the outbox, keyed by case and step.
    feedback = outbox_of(settings, case) / "feedback.html"
    assert outcome.documents == [str(feedback)] == final.documents
    text = feedback.read_text(encoding="utf-8")
    assert "异议信息处理结果反馈单" in text and case.subject.name in text
    assert case.result.result_id in text and UPHELD.reason in text
    assert "维持原评价结果" in text and case.agency.name in text
    # Formal on the day of the decision, unchanged; no SMS: the grade did not change.
    formal = record.result(case.result.result_id)
    assert formal is not None and formal.formal is True
    assert formal.formal_on == final.decided_at.astimezone(SHANGHAI).date()  # type: ignore[union-attr]
    assert (formal.score, formal.grade) == (case.result.score, case.result.grade)
    assert not (outbox_of(settings, case) / "grade-change-sms.json").exists()


async def test_objection_without_materials_waits_and_the_clock_starts_with_them(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (_, handle, _):
        receipt = await file_objection(handle, example_objection(materials=[]))
        assert receipt.stage is Stage.AWAITING_MATERIALS and receipt.review is None
        waiting = await poll(handle, lambda s: s.stage is Stage.AWAITING_MATERIALS)
        assert [d.name for d in waiting.deadlines] == ["filing"]  # no review clock
        assert waiting.waiting_for and "materials" in waiting.waiting_for
        assert "materials_awaited" in actions(waiting)
        assert "awaiting_materials" in await refused(
            handle, MedicalCreditObjectionWorkflow.decide, UPHELD
        )

        # Weeks pass, beyond the filing window and beyond any 10 working days: nothing lapses,
        # nothing is overdue, the case still waits for the materials.
        await time_env.sleep(timedelta(days=30))
        still = await handle.query(MedicalCreditObjectionWorkflow.status)
        assert still.stage is Stage.AWAITING_MATERIALS and not still.overdue
        assert still.events == waiting.events

        submitted = await execute_step(
            handle,
            MedicalCreditObjectionWorkflow.submit_materials,
            MaterialsSubmission(refs=["YBXY-YY-0001 核查说明"], submitted_by="张丽"),
        )
        received_on = submitted.received_at.astimezone(SHANGHAI).date()
        assert submitted.stage is Stage.UNDER_REVIEW
        outputs = await await_outputs(handle, "submit_materials")
        set_event = next(e for e in outputs.events if e.action == "review_deadline_set")
        assert (
            set_event.details["last_day"] == add_working_days(received_on, 10).last_day.isoformat()
        )
        review = (await handle.query(MedicalCreditObjectionWorkflow.status)).deadlines[-1]
        assert review.name == "review" and review.deadline.start == received_on
        assert "awaiting_materials" in await refused(
            handle,
            MedicalCreditObjectionWorkflow.submit_materials,
            MaterialsSubmission(refs=["YBXY-YY-0002"]),
        )
        status = await handle.query(MedicalCreditObjectionWorkflow.status)
        assert status.review_started_at == submitted.received_at
        assert [m.refs for m in status.materials] == [["YBXY-YY-0001 核查说明"]]

        await execute_step(handle, MedicalCreditObjectionWorkflow.decide, UPHELD)
        outcome = await handle.result()
    assert outcome.outcome is CaseOutcome.UPHELD and outcome.late is False


async def test_a_case_waiting_for_materials_is_handed_over_and_takes_them(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """The longest wait of the procedure has no clock (materials awaited): a case there is
    handed over to fresh runs (continue-as-new) and, three runs on, takes the materials,
    starts its re-check and is decided, its trail whole."""
    async with window_open(time_env, settings) as (_, handle, _):
        await file_objection(handle, example_objection(materials=[]))
        waiting = await poll(handle, lambda s: s.stage is Stage.AWAITING_MATERIALS)
        for cycle in range(3):
            await hand_over(time_env.client, handle, f"handover {cycle + 1}")
            assert await handle.query(MedicalCreditObjectionWorkflow.status) == waiting

        submitted = await execute_step(
            handle,
            MedicalCreditObjectionWorkflow.submit_materials,
            MaterialsSubmission(refs=["YBXY-YY-0001 核查说明"], submitted_by="张丽"),
        )
        assert submitted.stage is Stage.UNDER_REVIEW
        await execute_step(handle, MedicalCreditObjectionWorkflow.decide, UPHELD)
        outcome = await handle.result()
        final = await handle.query(MedicalCreditObjectionWorkflow.status)
    assert outcome.outcome is CaseOutcome.UPHELD and outcome.late is False
    assert final.events[: len(waiting.events)] == waiting.events
    assert actions(final).count("filing_deadline_set") == 1


async def test_a_late_objection_is_refused_with_the_window_end_and_changes_nothing(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings, uncached_worker) as (case, handle, before):
        due = before.deadlines[0].deadline

    # The window ends while no worker runs the case, and the objection arrives after its end
    # but before the case has applied the consequence: the validator is what refuses it.
    # (Once the window's timer has fired for a case no worker runs, the time-skipping server
    # lets time run at its real pace: hence the last two seconds.)
    await time_env.sleep(due.due_at - await time_env.get_current_time() - timedelta(seconds=1))
    await time_env.sleep(timedelta(seconds=2))
    assert await time_env.get_current_time() > due.due_at
    late = asyncio.create_task(file_objection(handle, example_objection()))
    await asyncio.sleep(0.5)
    async with running_worker(time_env.client, settings):
        with pytest.raises(WorkflowUpdateFailedError) as refusal:
            await asyncio.wait_for(late, timeout=20)
        outcome = await handle.result()
        final = await handle.query(MedicalCreditObjectionWorkflow.status)

    message = str(refusal.value.cause)
    assert f"objection window closed at 24:00 on {due.last_day.isoformat()}" in message
    assert case.result.published_on.isoformat() in message and OBJECTION_CITATION in message
    # Nothing of the objection entered the case: no objection, no review, no event of it.
    assert final.objection is None and final.materials == [] and final.decision is None
    assert [d.name for d in final.deadlines] == ["filing"]
    assert not {"objection_filed", "materials_awaited"} & set(actions(final))
    assert final.events[: len(before.events)] == before.events
    assert outcome.outcome is CaseOutcome.FORMAL_WITHOUT_OBJECTION


async def test_a_corrected_result_is_rescored_and_the_grade_change_is_sent_by_sms(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (case, handle, _):
        decision = corrected_decision(case)
        assert decision.corrected_facts is not None
        expected = scoring.kind("medical-credit").score_raw(decision.corrected_facts)
        await file_objection(handle, example_objection())
        receipt = await execute_step(handle, MedicalCreditObjectionWorkflow.decide, decision)
        # The corrected facts are re-scored just after the receipt: it names no final grade.
        assert (receipt.final_score, receipt.final_grade, receipt.grade_changed) == (None,) * 3
        outputs = await await_outputs(handle, "decide")
        assert [(f.what, f.state.value) for f in outputs.follow_ups] == [
            ("re-scored corrected facts", "done")
        ]
        outcome = await handle.result()
        final = await handle.query(MedicalCreditObjectionWorkflow.status)
        record = await subject_record(time_env, settings, case.subject)
        sms = await record_sms(time_env, settings, case, "formal")

    # The re-scored report is the medical-credit module's report of the corrected facts.
    assert final.rescored == expected
    assert expected.total is not None and expected.grade == "优秀"
    assert receipt.outcome is ReviewOutcome.CORRECTED
    assert outcome.outcome is CaseOutcome.CORRECTED
    assert (final.final_score, final.final_grade) == (expected.total, "优秀")
    rescored = next(e for e in final.events if e.action == "result_rescored")
    assert rescored.details["score"] == expected.total and rescored.citation.endswith("四(二)")
    # The feedback notice shows the correction.
    text = (outbox_of(settings, case) / "feedback.html").read_text(encoding="utf-8")
    assert "予以更正" in text and "894.65" in text and "信用等级由中等更正为优秀" in text
    # 实时信用评价有结果变动时, 短信提醒该信用主体: through the SMS gateway's local outbox. Since
    # issue 17 the subject record sends it (any change of score or grade, once), not the case.
    assert sms["recipient"] == f"subject-sms:{case.mobile}"
    assert f"现为{expected.total:g}分、信用等级优秀(原{case.result.score:g}分、中等)" in sms["body"]
    assert "异议申诉复查更正" in sms["body"] and case.result.result_id in sms["body"]
    assert "notification_sent" not in actions(final)
    assert not (outbox_of(settings, case) / "grade-change-sms.json").exists()
    # The credit file holds the corrected formal result, and what was published before.
    formal = record.result(case.result.result_id)
    assert formal is not None and formal.formal is True
    assert (formal.score, formal.grade) == (expected.total, "优秀")
    assert formal.facts == decision.corrected_facts
    assert formal.as_published is not None and formal.as_published.grade == "中等"


async def test_an_overdue_review_is_escalated_and_still_decided(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (case, handle, _):
        await file_objection(handle, example_objection())
        await await_outputs(handle, "object")
        due = (await handle.query(MedicalCreditObjectionWorkflow.status)).deadlines[-1].deadline
        await sleep_past(time_env, due.due_at)
        status = await poll(handle, lambda s: s.overdue and "notification_sent" in actions(s)[-1:])

        # An agency duty does not lapse: overdue, escalated, still waiting for the decision.
        assert status.stage is Stage.UNDER_REVIEW
        described = await handle.describe()
        assert described.typed_search_attributes.get(sa.OVERDUE) is True
        assert described.typed_search_attributes.get(sa.CASE_STAGE) == "under_review"
        reminders = [e for e in status.events if e.action == "review_deadline_reminder"]
        expected = reminder_instants(due.last_day)
        assert [e.at.replace(second=0, microsecond=0) for e in reminders] == expected
        escalation = next(e for e in status.events if e.action == "review_overdue_escalated")
        assert escalation.at >= due.due_at
        overdue = json.loads(
            (outbox_of(settings, case) / "review-overdue.json").read_text(encoding="utf-8")
        )
        assert overdue["recipient"] == "supervisor" and case.case_id in overdue["body"]

        decided = await execute_step(handle, MedicalCreditObjectionWorkflow.decide, UPHELD)
        assert decided.late is True
        outcome = await handle.result()
        final = await handle.query(MedicalCreditObjectionWorkflow.status)

    assert outcome.late is True and outcome.outcome is CaseOutcome.UPHELD
    assert final.overdue is True and final.stage is Stage.CLOSED
    text = (outbox_of(settings, case) / "feedback.html").read_text(encoding="utf-8")
    assert "超过收到异议申诉及证明材料之日起10个工作日" in text


async def test_wrong_stage_and_invalid_input_are_refused_and_change_nothing(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with window_open(time_env, settings) as (case, handle, before):
        assert "stage 'objection_window'" in await refused(
            handle, MedicalCreditObjectionWorkflow.decide, UPHELD
        )
        assert "stage 'objection_window'" in await refused(
            handle,
            MedicalCreditObjectionWorkflow.submit_materials,
            MaterialsSubmission(refs=["X-1"]),
        )
        assert (await handle.query(MedicalCreditObjectionWorkflow.status)).events == before.events

        await file_objection(handle, example_objection())
        await await_outputs(handle, "object")  # the re-check's deadline, set after the receipt
        under_review = await poll(handle, lambda s: s.stage is Stage.UNDER_REVIEW)
        assert "already filed" in await refused(handle, "object", example_objection())
        good = corrected_decision(case)
        assert good.corrected_facts is not None
        # Facts of another subject.
        other = {**good.corrected_facts, "subject_id": fresh_uscc()}
        message = await refused(
            handle,
            MedicalCreditObjectionWorkflow.decide,
            DecisionRecord(
                outcome=ReviewOutcome.CORRECTED, corrected_facts=other, reason="x", reviewer="y"
            ),
        )
        assert message.startswith("corrected_facts.subject_id:")
        # Facts that give the published result itself: that is 'upheld'.
        message = await refused(
            handle,
            MedicalCreditObjectionWorkflow.decide,
            DecisionRecord(
                outcome=ReviewOutcome.CORRECTED,
                corrected_facts=case.result.facts,
                reason="x",
                reviewer="y",
            ),
        )
        assert "use outcome 'upheld'" in message
        # Facts the scoring module refuses, sent past the client-side check.
        bad = {**good.corrected_facts, "settlement_violations": -1}
        message = await refused(
            handle,
            MedicalCreditObjectionWorkflow.decide,
            DecisionRecord(
                outcome=ReviewOutcome.CORRECTED, corrected_facts=bad, reason="x", reviewer="y"
            ),
        )
        assert message.startswith("corrected_facts:") and "settlement_violations" in message
        after = await handle.query(MedicalCreditObjectionWorkflow.status)
        assert after.events == under_review.events and after.decision is None

        await execute_step(handle, MedicalCreditObjectionWorkflow.decide, good)
        outcome = await handle.result()
    assert outcome.outcome is CaseOutcome.CORRECTED


# -- the case file's own checks (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"score": 800}, "result: score: 800 is not the score of the facts (794.65"),
        ({"grade": "良好"}, "result: grade: 良好 is not the grade of the facts (中等"),
        ({"facts": {"subject_type": "pharmacy"}}, "result.facts: pharmacy.name: is required"),
    ],
)
def test_a_published_result_must_be_what_its_facts_score(
    change: dict[str, Any], fragment: str
) -> None:
    data = case_data()
    data["result"].update(change)
    with pytest.raises(ValidationError) as err:
        MedicalObjectionCase.model_validate(data)
    assert fragment in _describe(err.value)


def test_the_result_must_be_the_subjects() -> None:
    data = case_data()
    data["subject"]["code"] = fresh_uscc()
    with pytest.raises(ValidationError) as err:
        MedicalObjectionCase.model_validate(data)
    assert "subject.code:" in _describe(err.value)
    data = case_data()
    data["subject"]["type"] = "doctor"
    with pytest.raises(ValidationError) as err:
        MedicalObjectionCase.model_validate(data)
    assert "subject.type: 'doctor'" in _describe(err.value)


def test_a_published_score_is_the_facts_score_to_two_decimals() -> None:
    # The facts score 794.65; the platform publishes two decimals.
    data = case_data(score=794.654)
    assert MedicalObjectionCase.model_validate(data).result.score == 794.654
    with pytest.raises(ValidationError):
        MedicalObjectionCase.model_validate(case_data(score=794.66))


def test_a_corrected_decision_needs_valid_corrected_facts() -> None:
    with pytest.raises(ValidationError) as err:
        ReviewDecision(outcome=ReviewOutcome.CORRECTED, reason="x", reviewer="y")
    assert "corrected_facts: required" in _describe(err.value)
    facts = case_data()["result"]["facts"]
    with pytest.raises(ValidationError) as err:
        ReviewDecision(
            outcome=ReviewOutcome.CORRECTED,
            corrected_facts={**facts, "settlement_violations": "many"},
            reason="x",
            reviewer="y",
        )
    assert "corrected_facts: pharmacy.settlement_violations" in _describe(err.value)
    with pytest.raises(ValidationError):
        ReviewDecision(
            outcome=ReviewOutcome.UPHELD, corrected_facts=facts, reason="x", reviewer="y"
        )


def _describe(err: ValidationError) -> str:
    from checks.validation import describe

    return describe(err)


# -- the command line, in-process against the dev server ------------------------------------------


async def test_cli_start_duplicate_bad_file_object_decide_and_late_objection(
    dev_env: WorkflowEnvironment,
    cli_installation: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = cli_installation
    client = dev_env.client
    published = datetime.now(SHANGHAI).date()
    data = case_data(published_on=published.isoformat())
    case_id = data["case_id"]
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    async with running_worker(client, settings):
        # A bad case file: one line naming the field, exit 2, nothing started.
        bad = json.loads(json.dumps(data))
        bad["case_id"] = case_id + "-bad"
        bad["result"]["score"] = 900
        bad_file = tmp_path / "bad.json"
        bad_file.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
        code, out, err = await run_cli(
            capsys, "medical-objection", "start", "--file", str(bad_file)
        )
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert "result: score: 900 is not the score of the facts" in err
        with pytest.raises(RPCError) as missing:
            await client.get_workflow_handle(workflow_id(bad["case_id"])).describe()
        assert missing.value.status == RPCStatusCode.NOT_FOUND

        code, out, err = await run_cli(
            capsys, "medical-objection", "start", "--file", str(case_file)
        )
        assert code == 0, err
        last_day = add_working_days(published, 10).last_day
        assert (
            f"Started case {case_id} (medical-objection-{case_id}), stage 'objection_window'."
            in out
        )
        assert "closes at 24:00 on" in out and last_day.isoformat() in out
        assert "衢医保发〔2021〕36号 四(三)" in out

        code, out, err = await run_cli(
            capsys, "medical-objection", "start", "--file", str(case_file)
        )
        assert code == 0 and "already started" in out and case_id in out
        assert "Started case" not in out

        # The generic status and list commands find the case through the registry.
        code, out, err = await run_cli(capsys, "status", case_id)
        assert code == 0, err
        assert f"Case {case_id} · medical_credit_objection · stage objection_window" in out
        listed: list[dict[str, Any]] = []
        for _ in range(50):  # visibility is eventually consistent
            code, out, err = await run_cli(
                capsys, "list", "--procedure", "medical-objection", "--json"
            )
            assert code == 0, err
            listed = [row for row in json.loads(out) if row["case_id"] == case_id]
            if listed and listed[0]["stage"] == "objection_window":
                break
            await asyncio.sleep(0.2)
        assert listed and listed[0]["procedure"] == "medical_credit_objection"
        assert listed[0]["agency_code"] == data["agency"]["code"]

        code, out, err = await run_cli(
            capsys,
            "medical-objection",
            "object",
            case_id,
            "--file",
            str(EXAMPLES / "medical-objection-objection.json"),
        )
        assert code == 0, err
        assert "Objection filed" in out and "Re-check due by 24:00 on" in out

        # Corrected facts the scoring module refuses: exit 2 naming the field, nothing sent.
        decision = json.loads(
            (EXAMPLES / "medical-objection-decision.json").read_text(encoding="utf-8")
        )
        decision["corrected_facts"]["subject_id"] = data["subject"]["code"]
        broken = json.loads(json.dumps(decision))
        broken["corrected_facts"]["settlement_violations"] = -1
        broken_file = tmp_path / "broken.json"
        broken_file.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
        code, out, err = await run_cli(
            capsys, "medical-objection", "decide", case_id, "--file", str(broken_file)
        )
        assert code == 2 and "corrected_facts: pharmacy.settlement_violations" in err

        decision_file = tmp_path / "decision.json"
        decision_file.write_text(json.dumps(decision, ensure_ascii=False), encoding="utf-8")
        code, out, err = await run_cli(
            capsys, "medical-objection", "decide", case_id, "--file", str(decision_file)
        )
        assert code == 0, err
        assert "corrected, score 894.65, grade 优秀" in out and "SMS" in out

        # A result published long ago: its window has closed, the case closes formal at once,
        # and an objection is refused with the window's end.
        old = case_data(published_on=(published - timedelta(days=60)).isoformat())
        old_file = tmp_path / "old.json"
        old_file.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
        code, out, err = await run_cli(
            capsys, "medical-objection", "start", "--file", str(old_file)
        )
        assert code == 0, err
        assert "closed at 24:00 on" in out and "becomes formal" in out
        handle = client.get_workflow_handle_for(
            MedicalCreditObjectionWorkflow.run, workflow_id(old["case_id"])
        )
        for _ in range(100):
            if (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED:
                break
            await asyncio.sleep(0.1)
        code, out, err = await run_cli(
            capsys,
            "medical-objection",
            "object",
            old["case_id"],
            "--file",
            str(EXAMPLES / "medical-objection-objection.json"),
        )
        assert code == 4 and out == ""
        assert "the objection window closed at 24:00 on" in err and "formal on" in err
        assert (await handle.result()).outcome is CaseOutcome.FORMAL_WITHOUT_OBJECTION
