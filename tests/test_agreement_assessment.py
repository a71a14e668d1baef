"""The performance assessment's result taken by the agreement (衢医保发〔2023〕8号 附件1 二(四)),
end to end on the time-skipping server at the real lengths: a D with 暂停联网结算 (附件1 二(四)2(2))
suspends settlement, the 3 months of rectification run to their day, a re-assessment before it
is refused naming that day, one after it failing ends the agreement in the three steps of
附件1 一(四) and leaves the one-year bar a designation application 6 months later is refused on;
a passed one restores settlement; a plain B is recorded and is what a renewal relies on.

Every expected day is computed here by hand (the corresponding day of the month), not by the
agreement's code.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts.performance_results import PerformanceResult
from contracts.subject_records import TERMINATED_BY_ASSESSMENT, SubjectFacts
from procedures.agreement.case import (
    AgreementCase,
    AgreementStatus,
    Renewal,
    Stage,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.workflow import MedicalAgreementWorkflow
from procedures.designation.models import Outcome
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import (
    SHANGHAI,
    actions,
    midnight_after,
    refused,
    sleep_past,
    today_in,
)
from tests.conftest import running_worker
from tests.test_agreement_workflow import SETTLEMENT_SYSTEM
from tests.test_designation_agreement import AGENCY, AGREEMENT, EXAMPLE, record_when

# The designation tests' own fixture, imported so that it also ends the cases these tests start
# through the designation tests' helpers.
from tests.test_designation_workflow import (
    applied,
    end_open_cases,  # noqa: F401
    finished,
    fresh_uscc,
    through_batch,
    trial_run_over,
)

SUSPENSION = "衢医保发〔2023〕8号 附件1 二(四)2(2)"
Handle = WorkflowHandle[Any, Any]


def months_on(day: date, months: int) -> date:
    """The corresponding day `months` later, the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def signed(today: date, uscc: str, name: str | None = None, **changes: Any) -> AgreementCase:
    """The example agreement (a 门诊部), signed today under a fresh number for an institution of
    its own; by default with a term to the end of next year."""
    institution = EXAMPLE.institution.model_copy(
        update={"uscc": uscc, "name": name or EXAMPLE.institution.name}
    )
    changes.setdefault("term_end", date(today.year + 1, 12, 31))
    return EXAMPLE.model_copy(
        update={
            "case_id": f"T-{uuid.uuid4().hex[:10]}",
            "signed_on": today,
            "institution": institution,
            **changes,
        }
    )


def annual(on: date, grade: str, score: float, rank: int, suspended: bool) -> PerformanceResult:
    return PerformanceResult(
        round_id=f"PA-{on.year}-outpatient",
        assessment="annual",
        year=on.year,
        assessed_on=on,
        final_score=score,
        grade=grade,  # type: ignore[arg-type]
        rank=rank,
        ranked=42,
        settlement_suspended=suspended,
        actor=AGENCY,
    )


def reassessment(year: int, on: date, score: float) -> PerformanceResult:
    return PerformanceResult(
        round_id=f"PA-{year}-outpatient-r",
        assessment="reassessment",
        year=year,
        assessed_on=on,
        final_score=score,
        passed=score >= 60,
        actor=AGENCY,
    )


async def status_of(handle: Handle, predicate: Any) -> AgreementStatus:
    status: AgreementStatus = await AGREEMENT.status_when(handle, predicate)
    return status


def told(status: AgreementStatus, recipient: str, action: str) -> list[Any]:
    return [
        e for e in status.events if e.action == action and e.details.get("recipient") == recipient
    ]


async def suspended_by_a_d(
    env: WorkflowEnvironment, settings: Settings, uscc: str, name: str | None = None
) -> tuple[Handle, date, date]:
    """An agreement in force, then a D ranked 41st of 42 with 58.5 points: settlement suspended.
    Returns the handle, the day assessed and the rectification's last day (checked here)."""
    today = await today_in(env)
    handle = await AGREEMENT.start(env, settings, signed(today, uscc, name))
    await status_of(handle, lambda s: s.stage is Stage.IN_FORCE and bool(s.events))
    receipt = await execute_step(
        handle, MedicalAgreementWorkflow.assess, annual(today, "D", 58.5, 41, True)
    )
    assert receipt.stage is Stage.SETTLEMENT_SUSPENDED
    status = await status_of(
        handle, lambda s: bool(told(s, SETTLEMENT_SYSTEM, "card_settlement_stopped"))
    )
    # 暂停联网结算: the same message to the settlement system as 五(三)1's, citing 二(四)2(2).
    [stopped] = told(status, SETTLEMENT_SYSTEM, "card_settlement_stopped")
    assert stopped.citation == SUSPENSION
    [result] = status.performance
    assert (result.year, result.grade, result.score, result.rank) == (today.year, "D", 58.5, 41)
    # 整改3个月: to the corresponding day 3 months after the result was published.
    ends = months_on(today, 3)
    assert result.rectification_ends_on == ends
    assessed = next(e for e in status.events if e.action == "performance_assessed")
    assert assessed.citation == SUSPENSION
    assert assessed.details["rectification_ends_on"] == ends.isoformat()
    # Sent before the 3 months have run, the re-assessment is refused naming their last day.
    message = await refused(
        handle, MedicalAgreementWorkflow.assess, reassessment(today.year, today, 45.0)
    )
    assert f"runs to {ends.isoformat()}" in message and "assessed_on" in message
    assert SUSPENSION in message
    # At their end the agency is told the re-assessment is due, and the stage says so.
    await sleep_past(env, midnight_after(ends))
    status = await status_of(handle, lambda s: s.stage is Stage.AWAITING_REASSESSMENT)
    due = next(e for e in status.events if e.action == "reassessment_due")
    assert due.citation == SUSPENSION
    assert due.details["rectification_ended_on"] == ends.isoformat()
    assert any(
        e.action == "notification_sent"
        and e.details["recipient"] == "agency"
        and "待再次考核" in e.details["subject"]
        for e in status.events
    )
    return handle, today, ends


async def test_a_failed_reassessment_ends_the_agreement_and_bars_a_new_application_for_a_year(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    uscc = fresh_uscc()
    designation = trial_run_over("medical", await today_in(time_env), uscc)
    async with running_worker(time_env.client, settings):
        handle, assessed_on, _ = await suspended_by_a_d(
            time_env, settings, uscc, designation.institution.name
        )
        day = await today_in(time_env)
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.assess, reassessment(assessed_on.year, day, 52.0)
        )
        assert receipt.stage is Stage.TERMINATING
        status = await status_of(handle, lambda s: "termination_begun" in actions(s))
        begun = next(e for e in status.events if e.action == "termination_begun")
        assert begun.details["grounds"] == [SUSPENSION]
        for name in TerminationStepName:
            step = TerminationStep(step=name, done_on=day, done_by=AGENCY, note="解除程序")
            await execute_step(handle, MedicalAgreementWorkflow.terminate_step, step)
        ended = await status_of(handle, lambda s: "case_closed" in actions(s))
        assert ended.stage is Stage.TERMINATED
        record: SubjectFacts = await record_when(
            time_env, settings, designation.institution.ref(), TERMINATED_BY_ASSESSMENT
        )
    [finding] = [f for f in record.findings if f.indicator == TERMINATED_BY_ASSESSMENT]
    assert finding.found_on == day

    # 6 months after the 解除, the institution applies again: refused at the acceptance review.
    await time_env.sleep(timedelta(days=183))
    async with applied(time_env, settings, "medical", uscc=uscc) as (_, case, waiting):
        await through_batch(time_env, case, waiting)
        closed = await finished(case)
    assert closed.outcome is Outcome.NOT_ACCEPTED
    [ground] = closed.non_acceptance
    assert ground.clause == "衢医保发〔2023〕8号 附件1 二(四)"
    assert ground.case == 12  # 二(三)2 医疗机构 (12) 法律法规规定的其他不予受理的情形
    assert f"于{day.isoformat()}因年度考核被解除医保协议" in ground.reason
    assert f"满1年之日为{months_on(day, 12).isoformat()}" in ground.reason
    assert "一年内不得再次申请医保定点" in ground.reason


async def test_a_passed_reassessment_restores_settlement(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with running_worker(time_env.client, settings):
        handle, assessed_on, ends = await suspended_by_a_d(time_env, settings, fresh_uscc())
        day = await today_in(time_env)
        assert day == ends + timedelta(days=1)
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.assess, reassessment(assessed_on.year, day, 72.0)
        )
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(
            handle, lambda s: bool(told(s, SETTLEMENT_SYSTEM, "card_settlement_restored"))
        )
        [restored] = told(status, SETTLEMENT_SYSTEM, "card_settlement_restored")
        assert restored.citation == SUSPENSION
        [result] = status.performance
        assert (result.passed, result.reassessed_on) == (True, day)
        # Nothing is left to re-assess: a second re-assessment is refused naming the field.
        message = await refused(
            handle, MedicalAgreementWorkflow.assess, reassessment(assessed_on.year, day, 80.0)
        )
        assert message.startswith("assessment: no suspension")


async def test_an_annual_b_is_recorded_and_is_what_a_renewal_relies_on(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    uscc = fresh_uscc()
    # Signed with the term to 31 December of this year.
    case = signed(today, uscc, term_end=date(today.year, 12, 31))
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, case)
        await status_of(handle, lambda s: bool(s.events))
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.assess, annual(today, "B", 84.0, 9, False)
        )
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(
            handle, lambda s: "finding_recorded_on_subject_record" in actions(s)
        )
        [result] = status.performance
        assert (result.year, result.grade, result.score, result.rank) == (today.year, "B", 84.0, 9)
        event = next(e for e in status.events if e.action == "performance_assessed")
        # A medical institution: 综合类 (二(四)1) or 门诊类 (二(四)2) — the file does not say.
        assert event.citation == "衢医保发〔2023〕8号 附件1 二(四)1(3) 或 2(3)"
        assert not told(status, SETTLEMENT_SYSTEM, "card_settlement_stopped")
        before = len(status.events)
        # A second result for the year, and one for a year the agreement does not cover.
        again = await refused(
            handle, MedicalAgreementWorkflow.assess, annual(today, "C", 75.0, 20, False)
        )
        assert again.startswith(f"year: the annual result for {today.year} was taken already")
        earlier = annual(today, "B", 84.0, 9, False).model_copy(update={"year": today.year - 1})
        outside = await refused(handle, MedicalAgreementWorkflow.assess, earlier)
        assert outside.startswith(f"year: the agreement covers {today.year}–{today.year}")
        unchanged = await AGREEMENT.status_when(handle, lambda s: True)
        assert len(unchanged.events) == before and len(unchanged.performance) == 1
        # Once the negotiation opens, a renewal naming no grade relies on the latest annual one.
        opens = datetime.combine(unchanged.negotiation_opens_on, time(0), tzinfo=SHANGHAI)
        if opens > await time_env.get_current_time():
            await sleep_past(time_env, opens)
        await status_of(handle, lambda s: s.state.negotiation_open)
        await execute_step(
            handle,
            MedicalAgreementWorkflow.renew,
            Renewal(renewed_on=await today_in(time_env), renewed_by=AGENCY),
        )
        renewed = await status_of(handle, lambda s: len(s.state.terms) == 2)
    assert renewed.state.terms[-1].performance_grade == "B"
