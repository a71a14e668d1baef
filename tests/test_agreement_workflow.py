"""A designated institution's agreement (衢医保发〔2023〕8号 二(三)4, 五(三)–(六), 附件1 一), end to
end on the time-skipping server at the real lengths of its periods.

The server's clock starts at the real now; every expected day below is computed independently
of the agreement's code (periods.add_days, the corresponding day by hand) and said in a comment.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts.subject_records import SubjectFacts, SubjectRef, SubjectType
from periods import add_days
from periods.months import months_later
from procedures.agreement.case import (
    AgreementCase,
    AgreementStatus,
    Consent,
    Decision,
    PenaltyPaid,
    RectificationCheck,
    Renewal,
    Request,
    Resume,
    Stage,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.ladder import Rectification
from procedures.agreement.models import Measure, RequestKind
from procedures.agreement.workflow import MedicalAgreementWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from service.steps import await_outputs, execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    deadline,
    midnight_after,
    refused,
    sleep_past,
    today_in,
)
from tests.conftest import EXAMPLES, running_worker
from tests.test_designation_workflow import fresh_uscc

EXAMPLE = AgreementCase.model_validate_json(
    (EXAMPLES / "agreement.json").read_text(encoding="utf-8")
)
AGREEMENT = CaseWorkflow(
    MedicalAgreementWorkflow.run, MedicalAgreementWorkflow.status, lambda n: f"agreement-{n}"
)
AGENCY = "衢州市医疗保障事务中心"
SETTLEMENT_SYSTEM = "medical-insurance-settlement-system"


def long_term(today: date) -> date:
    """An agreement entered after a renewal: its term runs to 31 December of next year (the
    module's tests share one clock, which each moves on)."""
    return date(today.year + 1, 12, 31)


Handle = WorkflowHandle[Any, Any]


def signed(on: date, **changes: Any) -> AgreementCase:
    """The example agreement, signed on `on`, under a fresh number and for an institution of its
    own (subject records are per code: each test's findings go to a record of its own)."""
    institution = EXAMPLE.institution.model_copy(update={"uscc": fresh_uscc()})
    changes.setdefault("institution", institution)
    return EXAMPLE.model_copy(
        update={"case_id": f"T-{uuid.uuid4().hex[:10]}", "signed_on": on, **changes}
    )


def rung3(decided_on: date, percent: str = "25") -> Decision:
    return Decision(
        rung=3,
        ground=7,
        measures=[Measure.INTERVIEW, Measure.PENALTY],
        verified_amount=Decimal("12345.67"),
        penalty_percent=Decimal(percent),
        decided_on=decided_on,
        decided_by=AGENCY,
        reason="处方管理不规范",
    )


def suspension(decided_on: date, days: int = 90) -> Decision:
    """五(三)4(1) 从非法的供应单位购进药品: 中止 of the agreement for `days` (60–180)."""
    return Decision(
        rung=4,
        ground=1,
        measures=[Measure.SUSPEND_AGREEMENT],
        suspension_days=days,
        decided_on=decided_on,
        decided_by=AGENCY,
        reason="从非法的供应单位购进药品",
    )


def check(on: date, outcome: Rectification) -> RectificationCheck:
    return RectificationCheck(
        outcome=outcome, checked_on=on, checked_by=AGENCY, findings="整改验收"
    )


def step(name: TerminationStepName, on: date) -> TerminationStep:
    return TerminationStep(step=name, done_on=on, done_by=AGENCY, note="解除程序")


async def opened(env: WorkflowEnvironment, settings: Settings, today: date) -> Handle:
    """An agreement signed today, entered with a term to the end of next year, in force."""
    handle = await AGREEMENT.start(env, settings, signed(today, term_end=long_term(today)))
    await status_of(handle, lambda s: s.stage is Stage.IN_FORCE and bool(s.events))
    return handle


@asynccontextmanager
async def in_force(
    env: WorkflowEnvironment, settings: Settings
) -> AsyncIterator[tuple[Handle, date]]:
    """With a worker: an agreement signed today (the server's day), in force with a term to the
    end of next year; and that day."""
    today = await today_in(env)
    async with running_worker(env.client, settings):
        yield await opened(env, settings, today), today


async def status_of(handle: Handle, predicate: Any) -> AgreementStatus:
    status: AgreementStatus = await AGREEMENT.status_when(handle, predicate)
    return status


def has(action: str) -> Any:
    return lambda s: action in actions(s)


def citations(status: AgreementStatus, action: str) -> list[str]:
    return [e.citation for e in status.events if e.action == action]


def told(status: AgreementStatus, recipient: str, action: str = "notification_sent") -> bool:
    return any(
        e.action == action and e.details.get("recipient") == recipient for e in status.events
    )


# -- a: renewal ------------------------------------------------------------------------------


async def test_renewal_starts_the_next_term_and_resets_the_count_of_suspensions(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, signed(today, suspensions_in_term=1))
        # Signed in December: the term ends 31 December (二(三)4) and the negotiation, 3 months
        # before it (30 September), is already open.
        status = await status_of(handle, lambda s: told(s, "agency"))
        assert "renewal_negotiation_opened" in actions(status)
        assert status.term.end == date(today.year, 12, 31)
        receipt = await execute_step(
            handle,
            MedicalAgreementWorkflow.renew,
            Renewal(renewed_on=today, renewed_by=AGENCY, performance_grade="A"),
        )
        assert f"{today.year + 1}-01-01 to {today.year + 1}-12-31" in receipt.detail
        status = await status_of(handle, has("renewal_notice_issued"))
        assert [(t.number, t.start, t.end) for t in status.state.terms][-1] == (
            2,
            date(today.year + 1, 1, 1),
            date(today.year + 1, 12, 31),
        )
        assert status.state.terms[-1].performance_grade == "A"
        assert status.state.suspensions_in_term == 0  # 五(三)5(1) counts within one term
        assert status.stage is Stage.IN_FORCE
        assert any("附件1 一(二)" in c for c in citations(status, "agreement_renewed"))


async def test_renewal_is_refused_before_the_negotiation_opens(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, signed(today, term_end=long_term(today)))
        status = await status_of(handle, lambda s: bool(s.events))
        # 3 months before 31 December: the corresponding day, 30 September (2027-09-30 for a
        # term ending 2027-12-31).
        assert status.negotiation_opens_on == date(today.year + 1, 9, 30)
        before = actions(status)
        message = await refused(
            handle,
            MedicalAgreementWorkflow.renew,
            Renewal(renewed_on=today, renewed_by=AGENCY, performance_grade="B"),
        )
        assert "renewed_on" in message and "not open" in message
        after = await current(handle)
        assert actions(after) == before and len(after.state.terms) == 1


async def current(handle: Handle) -> AgreementStatus:
    """The status now (polled: a query to a stopped worker's sticky queue is retried)."""
    return await status_of(handle, lambda s: True)


# -- b: no renewal ---------------------------------------------------------------------------


async def test_without_renewal_the_agreement_ends_when_the_next_year_begins(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, signed(today))
        await status_of(handle, has("renewal_negotiation_opened"))
        # 附件1 一(二): 未达成一致的,医保协议到期后自动解除 — at 00:00 on 1 January.
        end = midnight_after(date(today.year, 12, 31))
        await sleep_past(time_env, end - timedelta(hours=2))
        status = await current(handle)
        assert status.stage is Stage.IN_FORCE  # 31 December, 22:00: still in force
        await sleep_past(time_env, end)
        status = await status_of(handle, has("case_closed"))
        assert status.stage is Stage.EXPIRED
        assert any("附件1 一(二)" in c for c in citations(status, "term_ended"))
        assert told(status, SETTLEMENT_SYSTEM, "card_settlement_stopped")


# -- c: 违约金 ------------------------------------------------------------------------------


async def test_penalty_paid_in_time(time_env: WorkflowEnvironment, settings: Settings) -> None:
    async with in_force(time_env, settings) as (handle, today):
        await execute_step(handle, MedicalAgreementWorkflow.decide, rung3(today))
        status = await status_of(handle, has("handling_decision_issued"))
        # 12,345.67 × 25% = 3,086.4175 → 3,086.42 (to the 分, half up).
        assert status.state.penalties[0].amount == Decimal("3086.42")
        due = deadline(status, "penalty-1")
        # 五(五): 30 days from the decision, the decision day not counted.
        expected = add_days(today, 30)
        assert due.deadline.last_day == expected.last_day
        assert due.deadline.provisional == expected.provisional
        if expected.last_day.year == 2027:  # no holiday data yet for 2027
            assert due.deadline.provisional
        await sleep_past(time_env, due.deadline.due_at - timedelta(days=2))
        receipt = await execute_step(
            handle,
            MedicalAgreementWorkflow.pay_penalty,
            PenaltyPaid(penalty=1, paid_on=await today_in(time_env), recorded_by="财务科"),
        )
        assert receipt.detail == "paid"
        status = await current(handle)
        assert deadline(status, "penalty-1").met_at is not None
        assert not deadline(status, "penalty-1").overdue
        paid = next(e for e in status.events if e.action == "penalty_paid")
        assert paid.details["late"] is False and "五(五)" in paid.citation


async def test_penalty_overdue_is_escalated_and_a_penalty_above_30_percent_refused(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, signed(today, term_end=long_term(today)))
        status = await status_of(handle, lambda s: bool(s.events))
        assert status.stage is Stage.IN_FORCE
        message = await refused(handle, MedicalAgreementWorkflow.decide, rung3(today, "35"))
        assert "五(三)3" in message and "五(五)" in message and "35%" in message
        unchanged = await current(handle)
        assert unchanged.events == status.events and not unchanged.state.decisions
        receipt = await execute_step(handle, MedicalAgreementWorkflow.decide, rung3(today))
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(handle, lambda s: any(d.name == "penalty-1" for d in s.deadlines))
        due = deadline(status, "penalty-1")
        assert due.deadline.last_day == add_days(today, 30).last_day
        await sleep_past(time_env, due.deadline.due_at)
        status = await status_of(handle, lambda s: deadline(s, "penalty-1").overdue)
        assert "penalty-1_overdue_escalated" in actions(status)
        receipt = await execute_step(
            handle,
            MedicalAgreementWorkflow.pay_penalty,
            PenaltyPaid(penalty=1, paid_on=await today_in(time_env), recorded_by="财务科"),
        )
        assert "after its last day" in receipt.detail
        status = await current(handle)
        paid = next(e for e in status.events if e.action == "penalty_paid")
        assert paid.details["late"] is True


# -- d: a 中止 and its check ----------------------------------------------------------------


async def suspended_until_check(
    env: WorkflowEnvironment, handle: Handle, today: date, days: int = 90
) -> date:
    """A 中止 decided today, run to its end: the day the check is due (the day after the
    中止期's last day). Asserts the stage on the way."""
    receipt = await execute_step(handle, MedicalAgreementWorkflow.decide, suspension(today, days))
    assert receipt.stage is Stage.SUSPENDED
    status = await status_of(
        handle, lambda s: any(d.name == s.state.suspensions[-1].deadline for d in s.deadlines)
    )
    window = deadline(status, status.state.suspensions[-1].deadline)
    # 五(三)4: the 中止期 counts from the decision, that day not counted.
    expected = add_days(today, days)
    assert window.deadline.last_day == expected.last_day
    if expected.last_day.year == 2027:  # no holiday data yet for 2027
        assert window.deadline.provisional
    await sleep_past(env, window.deadline.due_at)
    status = await status_of(handle, lambda s: s.stage is Stage.AWAITING_CHECK)
    due = next(e for e in status.events if e.action == "suspension_ended")
    assert "五(六)" in due.citation
    assert any(
        e.action == "notification_sent"
        and e.details["recipient"] == "agency"
        and "整改验收" in e.details["subject"]
        for e in status.events
    )
    return await today_in(env)


async def test_suspension_then_a_passed_check_puts_the_agreement_back_in_force(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):
        check_day = await suspended_until_check(time_env, handle, today)
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.check, check(check_day, Rectification.PASSED)
        )
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(handle, has("rectification_result_issued"))
        assert told(status, SETTLEMENT_SYSTEM, "card_settlement_restored")


async def test_failed_check_ends_in_a_termination_in_three_steps_with_the_finding(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    case = signed(today, term_end=long_term(today))
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, case)
        await status_of(handle, lambda s: bool(s.events))
        day = await suspended_until_check(time_env, handle, today)
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.check, check(day, Rectification.FAILED)
        )
        assert receipt.stage is Stage.TERMINATING
        status = await status_of(handle, has("rectification_result_issued"))
        begun = next(e for e in status.events if e.action == "termination_begun")
        assert "附件1 一(四)" in begun.citation
        message = await refused(
            handle,
            MedicalAgreementWorkflow.terminate_step,
            step(TerminationStepName.HANDLING_OPINION, day),
        )
        assert "stop_settlement" in message and "附件1 一(四)" in message
        for name in TerminationStepName:
            await execute_step(handle, MedicalAgreementWorkflow.terminate_step, step(name, day))
        status = await status_of(handle, has("case_closed"))
        assert status.stage is Stage.TERMINATED
        assert "termination_notice_issued" in actions(status)
        assert any("termination_notice" in d or "termination-3" in d for d in status.documents)
        # 五(三)4(1) 从非法的供应单位购进药品 is a breach of law: 二(三)2's 3 years.
        ref = SubjectRef(
            type=SubjectType.MEDICAL_INSTITUTION,
            code=case.institution.uscc,
            name=case.institution.name,
        )
        record = time_env.client.get_workflow_handle(ref.workflow_id(settings.subject_id_secret))
        facts: SubjectFacts = await record.query(SubjectRecordWorkflow.facts)
        written = next(f for f in facts.findings if f.finding_id == f"{case.case_id}-termination")
        assert written.indicator == "designation.terminated_for_violation"


# -- e: a second 中止 ----------------------------------------------------------------------


async def test_a_second_suspension_in_one_term_makes_termination_available(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):

        def second_ground(on: date) -> Decision:
            return Decision(
                rung=5,
                ground=1,
                measures=[Measure.TERMINATE],
                decided_on=on,
                decided_by=AGENCY,
                reason="有效期内累计2次被中止医保协议",
            )

        day = await suspended_until_check(time_env, handle, today, days=60)
        await execute_step(handle, MedicalAgreementWorkflow.check, check(day, Rectification.PASSED))
        message = await refused(handle, MedicalAgreementWorkflow.decide, second_ground(day))
        assert "五(三)5(1)" in message and "1 time(s)" in message
        receipt = await execute_step(handle, MedicalAgreementWorkflow.decide, suspension(day, 60))
        assert receipt.stage is Stage.SUSPENDED
        receipt = await execute_step(handle, MedicalAgreementWorkflow.decide, second_ground(day))
        assert receipt.stage is Stage.TERMINATING
        status = await current(handle)
        assert status.state.termination is not None
        assert any("五(三)5(1)" in c for c in status.state.termination.clauses)
        report = await await_outputs(handle)
        assert not report.timed_out


# -- f: the institution's own 中止 ----------------------------------------------------------


def own_suspension(today: date) -> Request:
    # 附件1 一(三)3: 提前3个月 — asked today, it takes effect the day after the corresponding
    # day 3 months later.
    return Request(
        kind=RequestKind.SUSPEND,
        requested_on=today,
        takes_effect_on=months_later(today, 3) + timedelta(days=1),
        suspension_days=180,
        reason="装修",
    )


async def institution_suspended(env: WorkflowEnvironment, handle: Handle, today: date) -> date:
    request = own_suspension(today)
    await execute_step(handle, MedicalAgreementWorkflow.request, request)
    await execute_step(
        handle,
        MedicalAgreementWorkflow.consent,
        Consent(agreed=True, decided_on=today, decided_by=AGENCY, reason="同意"),
    )
    await sleep_past(env, midnight_after(request.takes_effect_on - timedelta(days=1)))
    await status_of(handle, lambda s: s.stage is Stage.SUSPENDED)
    return request.takes_effect_on


async def test_institution_suspension_without_resume_ends_the_agreement_after_180_days(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):
        effect = await institution_suspended(time_env, handle, today)
        status = await status_of(
            handle, lambda s: any(d.name == "suspension-1" for d in s.deadlines)
        )
        window = deadline(status, "suspension-1")
        # 附件1 一(三)1: 180 days from the day it took effect, that day not counted.
        assert window.deadline.last_day == add_days(effect, 180).last_day
        await sleep_past(time_env, window.deadline.due_at - timedelta(days=1))
        assert (await current(handle)).stage is Stage.SUSPENDED
        await sleep_past(time_env, window.deadline.due_at)
        status = await status_of(handle, lambda s: s.stage is Stage.TERMINATING)
        begun = next(e for e in status.events if e.action == "termination_begun")
        assert any("附件1 一(三)1" in g for g in begun.details["grounds"])
        assert status.state.termination is not None
        assert status.state.termination.finding is None  # no fault of the institution
        assert not (await await_outputs(handle)).timed_out


async def test_institution_suspension_resumed_before_its_end(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):
        effect = await institution_suspended(time_env, handle, today)
        await sleep_past(time_env, midnight_after(effect + timedelta(days=30)))
        day = await today_in(time_env)
        receipt = await execute_step(
            handle, MedicalAgreementWorkflow.resume, Resume(requested_on=day, resumes_on=day)
        )
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(handle, has("card_settlement_restored"))
        assert status.stage is Stage.IN_FORCE
        assert not (await await_outputs(handle)).timed_out


# -- g: refused requests ---------------------------------------------------------------------


async def test_requests_refused_to_a_public_hospital_and_without_notice(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    public = EXAMPLE.institution.model_copy(
        update={"public_medical_institution": True, "uscc": fresh_uscc()}
    )
    async with running_worker(time_env.client, settings):
        hospital = await AGREEMENT.start(
            time_env, settings, signed(today, term_end=long_term(today), institution=public)
        )
        other = await AGREEMENT.start(time_env, settings, signed(today, term_end=long_term(today)))
        await status_of(hospital, lambda s: bool(s.events))
        await status_of(other, lambda s: bool(s.events))
        terminate = Request(
            kind=RequestKind.TERMINATE,
            requested_on=today,
            takes_effect_on=own_suspension(today).takes_effect_on,
            reason="停业",
        )
        message = await refused(hospital, MedicalAgreementWorkflow.request, terminate)
        assert "公立医疗机构" in message and "附件1 一(三)3" in message
        # Two months' notice, not three.
        short = terminate.model_copy(update={"takes_effect_on": months_later(today, 2)})
        message = await refused(other, MedicalAgreementWorkflow.request, short)
        assert "takes_effect_on" in message and "提前3个月" in message
        assert not (await current(other)).state.requests


# -- h: a worker restarted during a 中止 -----------------------------------------------------


async def test_a_suspension_ends_on_its_day_across_a_worker_restart(
    time_env: WorkflowEnvironment, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = await today_in(time_env)
    # The production worker, keeping no workflow cache: the time-skipping test server never
    # falls back from a stopped worker's sticky queue (a real server does, after its
    # schedule-to-start timeout), so a cached case would wait for the stopped worker forever.
    monkeypatch.setattr(settings, "workflow_cache", 0)  # below QZ_WORKFLOW_CACHE's floor
    async with running_worker(time_env.client, settings, keep_open=True):
        handle = await opened(time_env, settings, today)
        await execute_step(handle, MedicalAgreementWorkflow.decide, suspension(today))
        assert not (await await_outputs(handle)).timed_out
        before = await current(handle)
        assert deadline(before, "suspension-1").deadline.last_day == add_days(today, 90).last_day
    monkeypatch.undo()
    # The worker is gone (the server stays up); days of the 中止 pass without it.
    await time_env.sleep(timedelta(days=3))
    expected = add_days(today, 90).last_day  # 五(三)4: 90 days from the decision
    async with running_worker(time_env.client, settings):
        during = await status_of(handle, lambda s: s.stage is Stage.SUSPENDED)
        assert during.events == before.events and during.deadlines == before.deadlines
        await sleep_past(time_env, midnight_after(expected) - timedelta(hours=2))
        assert (await current(handle)).stage is Stage.SUSPENDED  # its last day, 23:00
        await sleep_past(time_env, midnight_after(expected))
        status = await status_of(handle, lambda s: s.stage is Stage.AWAITING_CHECK)
        assert deadline(status, "suspension-1").deadline.last_day == expected
        assert any(
            e.action == "notification_sent" and "整改验收" in e.details["subject"]
            for e in status.events
        )
