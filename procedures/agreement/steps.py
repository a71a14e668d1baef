"""What each step of an agreement must hold, given where the agreement stands: the validators'
rules as pure functions (no Temporal import), each returning the refusal in words (naming the
field and the clause) or None. The ladder's own rules are ladder.py's, the institution's
requests' term.py's.
"""

from __future__ import annotations

from datetime import date

from procedures.agreement import ladder, term
from procedures.agreement.case import (
    RUNNING,
    AgreementCase,
    AgreementState,
    Change,
    ChangeKind,
    Consent,
    Decision,
    PenaltyPaid,
    RectificationCheck,
    Renewal,
    Request,
    Resume,
    Stage,
    Suspension,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.life import not_renewing
from procedures.agreement.models import (
    HandlingDecision,
    InstitutionRequest,
    Measure,
    RequestKind,
)

TERMINATION_ORDER = list(TerminationStepName)


def _stage_refusal(stage: Stage, what: str, allowed: frozenset[Stage] | set[Stage]) -> str | None:
    if stage in allowed:
        return None
    names = ", ".join(sorted(s.value for s in allowed))
    return f"{what} is accepted only while the agreement is {names}"


def handling(decision: Decision, state: AgreementState) -> HandlingDecision:
    """The ladder's view of the decision, with the agreement's own count of its 中止 in the term
    (五(三)5(1))."""
    return HandlingDecision(
        rung=decision.rung,
        ground=decision.ground,
        measures=decision.measures,
        verified_amount=decision.verified_amount,
        penalty_percent=decision.penalty_percent,
        suspension_days=decision.suspension_days,
        serious=decision.serious,
        agreement_suspensions_in_term=state.suspensions_in_term,
        rectification_failed_during_suspension=state.rectification_failed,
    )


def decision_problem(decision: Decision, state: AgreementState, stage: Stage) -> str | None:
    refused = _stage_refusal(stage, "a handling decision", RUNNING)
    if refused:
        return refused
    found = ladder.problems(handling(decision, state))
    measures = set(decision.measures)
    if Measure.SUSPEND_PERSONS in measures and not decision.persons:
        found.append(
            "persons: a 中止 of responsible persons names them (相关责任人员) "
            f"({ladder.cite(ladder.RUNG_CLAUSES[decision.rung - 1])})"
        )
    if decision.persons and Measure.SUSPEND_PERSONS not in measures:
        found.append("persons: named, but the decision takes no 中止 of persons")
    if Measure.SUSPEND_DEPARTMENT in measures and not decision.department:
        found.append("department: a 中止 of a department names it (所在部门)")
    if decision.department and Measure.SUSPEND_DEPARTMENT not in measures:
        found.append("department: named, but the decision takes no 中止 of a department")
    if (
        Measure.SUSPEND_AGREEMENT in measures
        and stage is not Stage.IN_FORCE
        and stage is not Stage.SETTLEMENT_SUSPENDED
    ):
        found.append(f"measures: the agreement is already {stage.value}; it cannot be 中止 again")
    if Measure.TERMINATE in measures and Measure.SUSPEND_AGREEMENT in measures:
        found.append("measures: 中止 and 解除 of the agreement together")
    return "; ".join(found) or None


def penalty_paid_problem(paid: PenaltyPaid, state: AgreementState) -> str | None:
    penalty = next((p for p in state.penalties if p.number == paid.penalty), None)
    if penalty is None:
        numbers = ", ".join(str(p.number) for p in state.penalties) or "none"
        return f"penalty: no 违约金 number {paid.penalty} (the agreement's: {numbers})"
    if penalty.paid_on is not None:
        return f"penalty: 违约金 {paid.penalty} was paid on {penalty.paid_on.isoformat()}"
    decided_on = state.decisions[penalty.decision - 1].decision.decided_on
    if paid.paid_on < decided_on:
        return f"paid_on: {paid.paid_on.isoformat()} is before the decision ({decided_on})"
    return None


def restore_problem(stage: Stage, state: AgreementState) -> str | None:
    refused = _stage_refusal(stage, "restoring card settlement", {Stage.SETTLEMENT_SUSPENDED})
    if refused:
        return refused
    suspended_by = next(
        (p for p in state.performance if p.settlement_suspended and p.passed is None), None
    )
    if suspended_by is not None:
        # 附件1 二(四)2(2): 整改3个月后再进行考核 — the re-assessment lifts it, not 五(三)1.
        return (
            f"restoring card settlement: the {suspended_by.year} performance assessment "
            "suspended it; its re-assessment (`assess`) restores it "
            f"({ladder.cite('附件1 二(四)2(2)')})"
        )
    return None


def active_suspension(state: AgreementState) -> Suspension | None:
    return next((s for s in reversed(state.suspensions) if not s.ended), None)


def suspended_for(state: AgreementState) -> tuple[int, int] | None:
    """The (rung, ground) of 五(三) the running 中止 by decision was decided for: a 中止 is decided
    only while none runs, so it is the latest decision that 中止'd the agreement."""
    for record in reversed(state.decisions):
        if Measure.SUSPEND_AGREEMENT in record.decision.measures:
            return record.decision.rung, record.decision.ground
    return None


def check_problem(
    check: RectificationCheck, state: AgreementState, stage: Stage, last_day: date | None
) -> str | None:
    refused = _stage_refusal(stage, "a rectification check (五(六))", {Stage.AWAITING_CHECK})
    if refused:
        return refused
    if last_day is not None and check.checked_on < last_day:
        return (
            f"checked_on: {check.checked_on.isoformat()} is before the 中止期 ended "
            f"({last_day.isoformat()}); 五(六) checks after it"
        )
    return None


def renewal_problem(renewal: Renewal, state: AgreementState, stage: Stage) -> str | None:
    refused = _stage_refusal(
        stage, "a renewal (附件1 一(二))", {Stage.IN_FORCE, Stage.SETTLEMENT_SUSPENDED}
    )
    if refused:
        return refused
    if renewal.performance_grade is None and not state.performance:
        return (
            "performance_grade: none given and no annual assessment taken to rely on (附件1 一(二))"
        )
    if not state.negotiation_open:
        return "renewed_on: the renewal negotiation is not open yet (see negotiation_opens_on)"
    if not_renewing(state):
        return "the institution asked not to renew (附件1 一(三)3): the agreement ends at expiry"
    if renewal.renewed_on > state.terms[-1].end:
        return f"renewed_on: after the term's end ({state.terms[-1].end.isoformat()})"
    return None


def request_problem(
    request: Request, case: AgreementCase, state: AgreementState, stage: Stage
) -> str | None:
    refused = _stage_refusal(stage, "an institution's request", RUNNING)
    if refused:
        return refused
    as_text = InstitutionRequest(
        kind=request.kind,
        public_medical_institution=case.institution.public_medical_institution,
        requested_on=request.requested_on,
        takes_effect_on=request.takes_effect_on,
        suspension_days=request.suspension_days,
    )
    found = term.problems(as_text, state.terms[-1].end)
    if any(not p.done and p.request.kind is request.kind for p in state.requests):
        found.append(f"kind: a {term.WORDS[request.kind]} request is already pending")
    if request.kind is RequestKind.SUSPEND and stage is not Stage.IN_FORCE:
        found.append(f"kind: the agreement is {stage.value}; a 中止 is asked while in force")
    term_end = state.terms[-1].end
    if request.kind is not RequestKind.NOT_RENEW and request.takes_effect_on > term_end:
        # Past the term there is no agreement to 中止 or 解除 unless it is renewed; an end at
        # the term's end is 不再续签 (附件1 一(三)3).
        found.append(
            f"takes_effect_on: {request.takes_effect_on.isoformat()} is after the term ends "
            f"({term_end.isoformat()}); a {term.WORDS[request.kind]} takes effect within the "
            f"term (to end with it, ask not to renew) ({term.cite(term.REQUEST_CLAUSE)})"
        )
    return "; ".join(found) or None


def awaiting_consent(state: AgreementState) -> int | None:
    """The request awaiting the agency's consent (附件1 一(三)1: 经办机构同意), by index."""
    for index, pending in enumerate(state.requests):
        if pending.consent is None and pending.request.kind is not RequestKind.NOT_RENEW:
            return index
    return None


def consent_problem(consent: Consent, state: AgreementState, stage: Stage) -> str | None:
    refused = _stage_refusal(stage, "consent to a request", RUNNING)
    if refused:
        return refused
    index = awaiting_consent(state)
    if index is None:
        return "no 中止 or 解除 request of the institution awaits the agency's consent"
    requested_on = state.requests[index].request.requested_on
    if consent.decided_on < requested_on:
        return f"decided_on: before the request ({requested_on.isoformat()})"
    return None


def resume_problem(resume: Resume, state: AgreementState, stage: Stage) -> str | None:
    suspension = active_suspension(state)
    if stage is not Stage.SUSPENDED or suspension is None or not suspension.by_institution:
        return "a resume request is accepted only during a 中止 the institution asked for"
    if resume.requested_on < suspension.starts_on:
        return f"requested_on: before the 中止 began ({suspension.starts_on.isoformat()})"
    if resume.resumes_on < resume.requested_on:
        return "resumes_on: before requested_on"
    return None


def change_problem(change: Change, state: AgreementState, stage: Stage) -> str | None:
    refused = _stage_refusal(stage, "a change (附件1 一(一))", RUNNING)
    if refused:
        return refused
    if change.kind is ChangeKind.MAJOR and change.approved_by_department_on is None:
        return (
            "approved_by_department_on: a major change is filed within 30 working days of the "
            "competent department's approval (附件1 一(一)); give that day"
        )
    if change.kind is not ChangeKind.MAJOR and change.approved_by_department_on is not None:
        return "approved_by_department_on: for a major change only"
    if change.kind is ChangeKind.MOVE and pending_move(state) is not None:
        return "kind: a move is already awaiting the agency's permission"
    return None


def pending_move(state: AgreementState) -> int | None:
    for index, record in enumerate(state.changes):
        if record.change.kind is ChangeKind.MOVE and record.permission is None:
            return index
    return None


def termination_step_problem(
    step: TerminationStep, state: AgreementState, stage: Stage
) -> str | None:
    refused = _stage_refusal(stage, "a step of the 解除 (附件1 一(四))", {Stage.TERMINATING})
    if refused:
        return refused
    assert state.termination is not None
    done = state.termination.steps
    expected = TERMINATION_ORDER[len(done)]
    if step.step is not expected:
        return (
            f"step: the 解除 takes its three steps in order (附件1 一(四)); next is "
            f"{expected.value}, not {step.step.value}"
        )
    if done and step.done_on < done[-1].done_on:
        return f"done_on: before the step before it ({done[-1].done_on.isoformat()})"
    return None
