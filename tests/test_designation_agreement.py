"""The designation and the agreement it signs (衢医保发〔2023〕8号 二(三)4, seed 001 lines
1616–1618): signing starts the agreement's own case (`agreement-<number>`), an agreement already
started from its file is left as it is, and an agreement 解除 for 违法违规 (五(三)5(12), 附件1
一(四)) bars the institution's next application for 3 years (二(三)2 医疗机构 (5)). End to end on
the time-skipping server, at the real lengths of the periods."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts.agreements import workflow_id as agreement_workflow_id
from contracts.subject_records import TERMINATED_FOR_VIOLATION, SubjectFacts, SubjectRef
from procedures.agreement.case import (
    AgreementCase,
    AgreementStatus,
    Decision,
    Stage,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.models import Measure
from procedures.agreement.workflow import MedicalAgreementWorkflow
from procedures.designation.models import DesignationCase, DesignationStatus, Outcome
from procedures.designation.models import Stage as DesignationStage
from procedures.designation.workflow import DesignationWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import CaseWorkflow, actions, deadline, refused, sleep_past, today_in
from tests.conftest import EXAMPLES, STARTED, poll_query, running_worker

# The designation tests' own fixture, imported so that it also ends the cases these tests start
# through the designation tests' helpers (pytest finds a fixture by its name in the module).
from tests.test_designation_workflow import (
    application_of,
    apply,
    approval,
    end_open_cases,  # noqa: F401
    evaluation_of,
    finished,
    fresh_uscc,
    in_stage,
    past_the_batch,
    signing,
    start,
    status_when,
    through_batch,
    trial_run_over,
)

AGREEMENT = CaseWorkflow(
    MedicalAgreementWorkflow.run, MedicalAgreementWorkflow.status, agreement_workflow_id
)
EXAMPLE = AgreementCase.model_validate_json(
    (EXAMPLES / "agreement.json").read_text(encoding="utf-8")
)
AGENCY = "衢州市医疗保障事务中心"


def agreement_number() -> str:
    return f"QZYB-T-{uuid.uuid4().hex[:8]}"


def ended_with_the_test(settings: Settings, workflow_id: str) -> None:
    """The agreement a designation started lives on (ABANDON) with timers months ahead: the
    test's worker settles and ends it with the cases the test started itself."""
    STARTED.on_queue.setdefault(settings.task_queue, []).append(workflow_id)


async def sign_through(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], case: DesignationCase, number: str
) -> tuple[DesignationStatus, date]:
    """From the evaluation to the signing of agreement `number`: the closed designation and
    the day it was signed. A number with a '/' cannot name the agreement's case: refused."""
    await env.sleep(timedelta(days=5))
    today = await today_in(env)
    await execute_step(handle, DesignationWorkflow.evaluate, evaluation_of(case, today))
    notice = await status_when(handle, in_stage(DesignationStage.PUBLIC_NOTICE))
    await sleep_past(env, deadline(notice, "public_notice").deadline.due_at)
    await status_when(handle, in_stage(DesignationStage.APPROVAL))
    meeting = await today_in(env)
    await execute_step(
        handle, DesignationWorkflow.approve, approval(meeting, "党组纪要〔2027〕5号")
    )
    await status_when(handle, in_stage(DesignationStage.SIGNING))
    slashed = signing(number.replace("-", "/"), meeting)
    message = await refused(handle, DesignationWorkflow.sign, slashed)
    assert "agreement_number" in message and "no '/'" in message, message
    await execute_step(handle, DesignationWorkflow.sign, signing(number, meeting))
    return await finished(handle), meeting


async def agreement_status(env: WorkflowEnvironment, number: str) -> AgreementStatus:
    handle = env.client.get_workflow_handle(agreement_workflow_id(number))
    return await AGREEMENT.status_when(handle, lambda s: bool(s.events))


async def test_signing_starts_the_agreement_to_31_december_of_the_signing_year(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    number = agreement_number()
    async with past_the_batch(time_env, settings) as (case, handle, _):
        ended_with_the_test(settings, agreement_workflow_id(number))
        closed, signed_on = await sign_through(time_env, handle, case, number)
        agreement = await agreement_status(time_env, number)
    assert closed.outcome is Outcome.DESIGNATED
    started = next(e for e in closed.events if e.action == "agreement_started")
    assert started.details["workflow_id"] == f"agreement-{number}"
    assert started.citation == "衢医保发〔2023〕8号 二(三)4"
    assert agreement.workflow_id == f"agreement-{number}"
    assert agreement.stage is Stage.IN_FORCE
    assert (agreement.term.start, agreement.term.end) == (signed_on, date(signed_on.year, 12, 31))
    assert agreement.case.designation_case == handle.id
    assert agreement.case.signed_on == signed_on and agreement.case.signed_by == "郑晓燕"
    assert agreement.case.institution.uscc == case.institution.uscc
    assert agreement.case.institution.name == case.institution.name
    assert agreement.case.agency.code == case.agency.code
    # The designation's applicant carries no fact for 公立医疗机构 (附件1 一(三)3).
    assert agreement.case.institution.public_medical_institution is False


async def test_an_agreement_started_from_its_file_is_left_as_it_is_and_the_designation_ends(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    number = agreement_number()
    async with past_the_batch(time_env, settings) as (case, handle, _):
        today = await today_in(time_env)
        from_file = EXAMPLE.model_copy(update={"case_id": number, "signed_on": today})
        await AGREEMENT.start(time_env, settings, from_file)
        closed, _ = await sign_through(time_env, handle, case, number)
        agreement = await agreement_status(time_env, number)
    assert closed.outcome is Outcome.DESIGNATED
    assert "agreement_started" not in actions(closed)
    kept = next(e for e in closed.events if e.action == "agreement_already_started")
    assert kept.details["workflow_id"] == f"agreement-{number}"
    # The running agreement is the file's: not restarted, not taken over.
    assert agreement.case == from_file and agreement.case.designation_case is None


# -- 解除 for 违法违规, then a new application -----------------------------------------------------


def fraud_termination(on: date) -> Decision:
    """五(三)5(12) 伪造票据、处方或费用清单骗取基金: 解除."""
    return Decision(
        rung=5,
        ground=12,
        measures=[Measure.TERMINATE],
        decided_on=on,
        decided_by=AGENCY,
        reason="伪造费用清单骗取医保基金",
    )


def done(step: TerminationStepName, on: date) -> TerminationStep:
    return TerminationStep(step=step, done_on=on, done_by=AGENCY, note=step.value)


async def record_when(
    env: WorkflowEnvironment, settings: Settings, ref: SubjectRef, indicator: str
) -> SubjectFacts:
    handle = env.client.get_workflow_handle(ref.workflow_id(settings.subject_id_secret))
    facts: SubjectFacts = await poll_query(
        handle,
        SubjectRecordWorkflow.facts,
        lambda f: any(x.indicator == indicator for x in f.findings),
    )
    return facts


def three_years_full(found_on: date) -> date:
    """The last day of 3 years from `found_on`, by hand (民法典 第二百零二条): the same day 3
    years later, 28 February for a 29 February."""
    try:
        return found_on.replace(year=found_on.year + 3)
    except ValueError:
        return date(found_on.year + 3, 2, 28)


async def test_an_agreement_ended_for_fraud_refuses_the_next_application_for_3_years(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    uscc = fresh_uscc()
    institution = trial_run_over("medical", today, uscc).institution
    number = agreement_number()
    signed = EXAMPLE.model_copy(
        update={
            "case_id": number,
            "signed_on": today,
            "institution": EXAMPLE.institution.model_copy(
                update={"uscc": uscc, "name": institution.name}
            ),
        }
    )
    async with running_worker(time_env.client, settings):
        agreement = await AGREEMENT.start(time_env, settings, signed)
        await AGREEMENT.status_when(agreement, lambda s: s.stage is Stage.IN_FORCE)
        await execute_step(agreement, MedicalAgreementWorkflow.decide, fraud_termination(today))
        await AGREEMENT.status_when(agreement, lambda s: s.stage is Stage.TERMINATING)
        for step in TerminationStepName:
            await execute_step(
                agreement, MedicalAgreementWorkflow.terminate_step, done(step, today)
            )
        ended = await AGREEMENT.status_when(agreement, lambda s: s.stage is Stage.TERMINATED)
        record = await record_when(time_env, settings, institution.ref(), TERMINATED_FOR_VIOLATION)
        # The application while the record's worker still runs: a record whose worker has
        # stopped answers its first query only once the server gives up on that worker's
        # sticky queue (30 s of the suite's time).
        handle = await start(time_env, settings, trial_run_over("medical", today, uscc))
        waiting = await apply(handle, application_of("medical"))
        await through_batch(time_env, handle, waiting)
        closed = await finished(handle)
    three = [f"termination_{step.value}" for step in TerminationStepName]
    assert [a for a in actions(ended) if a in three] == [
        "termination_stop_settlement",
        "termination_handling_opinion",
        "termination_settle_accounts",
    ]
    [finding] = [f for f in record.findings if f.indicator == TERMINATED_FOR_VIOLATION]
    assert finding.found_on == today
    assert closed.outcome is Outcome.NOT_ACCEPTED
    [ground] = closed.non_acceptance
    assert (ground.case, ground.clause) == (
        5,
        "衢医保发〔2023〕8号 二(三)2 医疗机构不予受理情形(5)",
    )
    assert waiting.batch_day is not None
    assert f"于{today.isoformat()}因违法违规被解除医保协议" in ground.reason
    assert f"({waiting.batch_day.isoformat()})未满3年" in ground.reason
    assert f"满3年之日为{three_years_full(today).isoformat()}" in ground.reason
