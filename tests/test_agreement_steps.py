"""The agreement's pure rules without a server: what each step must hold where the agreement
stands (steps.py), the moments it waits for (life.py) and the finding its end leaves (ending.py).
衢医保发〔2023〕8号 五(三)–(六), 附件1 一 (seed 001 lines 1737–1944). Expected days are by hand."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from checks.plausible import SHANGHAI_OFFSET
from contracts.subject_records import TERMINATED_FOR_BREACH, TERMINATED_FOR_VIOLATION
from procedures.agreement import steps
from procedures.agreement.case import (
    AgreementState,
    Consent,
    Decision,
    DecisionRecord,
    PendingRequest,
    Renewal,
    Request,
    Stage,
    Term,
    Termination,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.ending import finding_after_check, finding_for_ground
from procedures.agreement.life import Moment, moments
from procedures.agreement.models import Measure, RequestKind
from tests.test_agreement_workflow import EXAMPLE

DAY = date(2026, 12, 8)
TERM_END = date(2027, 12, 31)


def state(**changes: object) -> AgreementState:
    base = AgreementState(terms=[Term(number=1, start=date(2027, 1, 1), end=TERM_END)])
    return base.model_copy(update=changes)


def decision(rung: int, ground: int, measures: list[Measure], **more: object) -> Decision:
    return Decision.model_validate(
        {
            "rung": rung,
            "ground": ground,
            "measures": measures,
            "decided_on": DAY,
            "decided_by": "衢州市医疗保障事务中心",
            "reason": "检查发现",
            **more,
        }
    )


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI_OFFSET)


# -- steps.py -------------------------------------------------------------------------------


def test_a_suspension_is_refused_while_the_agreement_is_already_suspended() -> None:
    suspend = decision(4, 1, [Measure.SUSPEND_AGREEMENT], suspension_days=90)
    assert steps.decision_problem(suspend, state(), Stage.IN_FORCE) is None
    problem = steps.decision_problem(suspend, state(), Stage.SUSPENDED)
    assert problem is not None and "already suspended" in problem


def test_suspension_and_termination_together_are_refused() -> None:
    both = decision(4, 1, [Measure.SUSPEND_AGREEMENT, Measure.TERMINATE], suspension_days=90)
    problem = steps.decision_problem(both, state(), Stage.IN_FORCE)
    assert problem is not None and "中止 and 解除" in problem


def test_a_suspension_of_persons_names_them() -> None:
    persons = decision(4, 1, [Measure.SUSPEND_PERSONS], suspension_days=60)
    problem = steps.decision_problem(persons, state(), Stage.IN_FORCE)
    assert problem is not None and problem.startswith("persons:") and "五(三)4" in problem


def test_no_decision_once_the_termination_is_under_way() -> None:
    interview = decision(1, 1, [Measure.INTERVIEW])
    problem = steps.decision_problem(interview, state(), Stage.TERMINATING)
    assert problem is not None and "accepted only" in problem


def test_the_second_suspension_ground_counts_suspensions_within_the_term() -> None:
    terminate = decision(5, 1, [Measure.TERMINATE])
    once = steps.decision_problem(terminate, state(suspensions_in_term=1), Stage.IN_FORCE)
    assert once is not None and "五(三)5(1)" in once
    assert steps.decision_problem(terminate, state(suspensions_in_term=2), Stage.IN_FORCE) is None


def test_a_penalty_above_30_percent_names_both_clauses() -> None:
    penalty = decision(
        3,
        7,
        [Measure.PENALTY],
        verified_amount=Decimal("12345.67"),
        penalty_percent=Decimal("35"),
    )
    problem = steps.decision_problem(penalty, state(), Stage.IN_FORCE)
    assert problem is not None and "五(三)3" in problem and "五(五)" in problem


def test_renewal_waits_for_the_negotiation_and_the_term() -> None:
    renewal = Renewal(renewed_on=DAY, renewed_by="协议管理科", performance_grade="A")
    closed = steps.renewal_problem(renewal, state(), Stage.IN_FORCE)
    assert closed is not None and "not open" in closed
    assert steps.renewal_problem(renewal, state(negotiation_open=True), Stage.IN_FORCE) is None
    late = renewal.model_copy(update={"renewed_on": date(2028, 1, 1)})
    after = steps.renewal_problem(late, state(negotiation_open=True), Stage.IN_FORCE)
    assert after is not None and "2027-12-31" in after
    suspended = steps.renewal_problem(renewal, state(negotiation_open=True), Stage.SUSPENDED)
    assert suspended is not None and "accepted only" in suspended


def test_no_renewal_after_the_institution_declined_it() -> None:
    not_renew = Request(
        kind=RequestKind.NOT_RENEW,
        requested_on=DAY,
        takes_effect_on=date(2028, 1, 1),
        reason="不再续签",
    )
    declined = state(negotiation_open=True, requests=[PendingRequest(request=not_renew)])
    renewal = Renewal(renewed_on=DAY, renewed_by="协议管理科", performance_grade="B")
    problem = steps.renewal_problem(renewal, declined, Stage.IN_FORCE)
    assert problem is not None and "附件1 一(三)3" in problem


def test_a_second_request_of_the_same_kind_is_refused_while_one_is_pending() -> None:
    # 附件1 一(三)3: asked on 8 December 2026, the notice runs to 8 March 2027; it may take
    # effect from 9 March.
    request = Request(
        kind=RequestKind.TERMINATE,
        requested_on=DAY,
        takes_effect_on=date(2027, 3, 9),
        reason="停业",
    )
    assert steps.request_problem(request, EXAMPLE, state(), Stage.IN_FORCE) is None
    early = request.model_copy(update={"takes_effect_on": date(2027, 3, 8)})
    problem = steps.request_problem(early, EXAMPLE, state(), Stage.IN_FORCE)
    assert problem is not None and "2027-03-09" in problem
    pending = state(requests=[PendingRequest(request=request)])
    problem = steps.request_problem(request, EXAMPLE, pending, Stage.IN_FORCE)
    assert problem is not None and "already pending" in problem
    consent = Consent(agreed=True, decided_on=date(2026, 12, 7), decided_by="科", reason="同意")
    before = steps.consent_problem(consent, pending, Stage.IN_FORCE)
    assert before is not None and "decided_on" in before


def test_a_suspension_or_termination_takes_effect_within_the_term() -> None:
    # Asked 2027-10-08, 3 months' notice: from 2028-01-09 at the earliest, past the term's end
    # (2027-12-31); to end with the term the institution declines the renewal instead.
    late = Request(
        kind=RequestKind.SUSPEND,
        requested_on=date(2027, 10, 8),
        takes_effect_on=date(2028, 1, 9),
        suspension_days=90,
        reason="装修",
    )
    problem = steps.request_problem(late, EXAMPLE, state(), Stage.IN_FORCE)
    assert problem is not None and problem.startswith("takes_effect_on: 2028-01-09 is after")
    assert "2027-12-31" in problem and "附件1 一(三)3" in problem
    end = late.model_copy(
        update={"kind": RequestKind.NOT_RENEW, "takes_effect_on": date(2028, 1, 1)}
    )
    end = end.model_copy(update={"suspension_days": None, "requested_on": date(2027, 9, 30)})
    assert steps.request_problem(end, EXAMPLE, state(), Stage.IN_FORCE) is None


def test_the_termination_takes_its_three_steps_in_order() -> None:
    begun = state(
        termination=Termination(clauses=["五(六)"], finding=None, started_at=midnight(DAY))
    )

    def step(name: TerminationStepName, on: date = DAY) -> TerminationStep:
        return TerminationStep(step=name, done_on=on, done_by="科", note="办理")

    out_of_order = steps.termination_step_problem(
        step(TerminationStepName.SETTLE_ACCOUNTS), begun, Stage.TERMINATING
    )
    assert out_of_order is not None and "next is stop_settlement" in out_of_order
    assert (
        steps.termination_step_problem(
            step(TerminationStepName.STOP_SETTLEMENT), begun, Stage.TERMINATING
        )
        is None
    )
    assert begun.termination is not None
    begun.termination.steps.append(step(TerminationStepName.STOP_SETTLEMENT))
    earlier = steps.termination_step_problem(
        step(TerminationStepName.HANDLING_OPINION, date(2026, 12, 7)), begun, Stage.TERMINATING
    )
    assert earlier is not None and "done_on" in earlier


def test_the_running_suspension_is_the_latest_decision_to_suspend() -> None:
    first = decision(3, 7, [Measure.SUSPEND_AGREEMENT], suspension_days=30, serious=True)
    second = decision(4, 1, [Measure.SUSPEND_AGREEMENT], suspension_days=90)
    interview = decision(1, 1, [Measure.INTERVIEW])
    records = [
        DecisionRecord(number=n, decision=d, recorded_at=midnight(DAY), clause="")
        for n, d in enumerate([first, second, interview], start=1)
    ]
    assert steps.suspended_for(state(decisions=records)) == (4, 1)
    assert steps.suspended_for(state(decisions=records[2:])) is None


# -- life.py --------------------------------------------------------------------------------


def test_an_agreement_in_force_waits_for_its_negotiation_then_its_reminder_and_end() -> None:
    # 3 months before 31 December 2027: 30 September; the term ends as 1 January 2028 begins.
    first = moments(state(), Stage.IN_FORCE, {}, 3)
    assert [(n.moment, n.at) for n in first] == [
        (Moment.NEGOTIATION_OPENS, midnight(date(2027, 9, 30))),
        (Moment.TERM_ENDS, midnight(date(2028, 1, 1))),
    ]
    # Once open: a reminder a month before the end, 30 November.
    opened = moments(state(negotiation_open=True), Stage.IN_FORCE, {}, 3)
    assert [(n.moment, n.at) for n in opened] == [
        (Moment.RENEWAL_REMINDER, midnight(date(2027, 11, 30))),
        (Moment.TERM_ENDS, midnight(date(2028, 1, 1))),
    ]


def test_an_agreed_request_takes_effect_on_its_day_and_an_ended_agreement_waits_for_nothing() -> (
    None
):
    request = Request(
        kind=RequestKind.SUSPEND,
        requested_on=DAY,
        takes_effect_on=date(2027, 3, 9),
        suspension_days=180,
        reason="装修",
    )
    consent = Consent(agreed=True, decided_on=DAY, decided_by="科", reason="同意")
    agreed = state(
        negotiation_open=True,
        renewal_reminded=True,
        requests=[PendingRequest(request=request, consent=consent)],
    )
    found = moments(agreed, Stage.IN_FORCE, {}, 3)
    assert (Moment.REQUEST_TAKES_EFFECT, midnight(date(2027, 3, 9)), "0") in [
        (n.moment, n.at, n.name) for n in found
    ]
    assert moments(agreed, Stage.EXPIRED, {}, 3) == []


# -- ending.py ------------------------------------------------------------------------------


def test_the_finding_a_termination_leaves() -> None:
    assert finding_for_ground(5, 10) is None  # its own 解除 agreed to
    assert finding_for_ground(5, 12) == TERMINATED_FOR_VIOLATION  # 伪造票据 … 骗取基金
    assert finding_for_ground(4, 2) == TERMINATED_FOR_BREACH  # 唆使 … 集体投诉
    # 五(六): the failed check's 解除 keeps the ground of the 中止.
    assert finding_after_check((4, 1)) == TERMINATED_FOR_VIOLATION  # 非法的供应单位
    assert finding_after_check((3, 7)) == TERMINATED_FOR_BREACH  # 处方管理不规范
    assert finding_after_check(None) == TERMINATED_FOR_BREACH
