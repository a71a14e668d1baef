"""What an agreement prints and sends: its notices to the institution (contracts/
agreement_documents.py), its messages to the settlement system and the agency, and the
reminders and escalations of its deadlines. Pure functions of the case and its steps (no
Temporal import); the wording is printed and sent as it stands here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from contracts.agreement_documents import AgreementNotice, AgreementNoticeKind
from contracts.case_records import CaseDeadline
from procedures.agreement.case import (
    AgreementCase,
    Consent,
    DecisionRecord,
    RectificationCheck,
    Request,
    Term,
    Termination,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.ladder import WORDS, Rectification, cite
from procedures.agreement.term import WORDS as REQUEST_WORDS

Message = tuple[str, str, str]  # recipient, subject, body
AGENCY = "agency"  # the agency's own staff (经办机构)
SUPERVISOR = "supervisor"
SETTLEMENT_SYSTEM = "medical-insurance-settlement-system"  # 联网结算 (刷卡权限)

STEP_WORDS = {
    TerminationStepName.STOP_SETTLEMENT: "暂停联网结算",
    TerminationStepName.HANDLING_OPINION: "下达处理意见",
    TerminationStepName.SETTLE_ACCOUNTS: "完成日常费用结算并解除医保协议",
}
CHECK_WORDS = {
    Rectification.PASSED: "整改验收合格",
    Rectification.FAILED: "整改验收不合格",
    Rectification.REFUSED: "拒不整改",
}


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def notice(
    case: AgreementCase,
    kind: AgreementNoticeKind,
    *,
    key: str,
    issued_at: datetime,
    citation: str,
    paragraphs: list[str],
    clauses: list[str] | None = None,
) -> AgreementNotice:
    return AgreementNotice(
        key=key,
        case_id=case.case_id,
        agency_name=case.agency.name,
        agency_code=case.agency.code,
        issued_at=issued_at,
        subject_name=case.institution.name,
        subject_code=case.institution.uscc,
        citation=citation,
        kind=kind,
        paragraphs=paragraphs,
        clauses=clauses or [citation],
    )


def decision_paragraphs(
    record: DecisionRecord,
    penalty_due: date | None,
    suspension: tuple[date, date] | None,
) -> list[str]:
    """The handling decision in words: the ground, each measure with what it sets."""
    decision = record.decision
    measures = "、".join(WORDS[m] for m in decision.measures)
    lines = [
        f"经查,你单位存在{record.clause}所列情形。{decision.reason}",
        f"根据{cite(record.clause)},决定:{measures}。",
    ]
    if record.penalty_amount is not None and decision.verified_amount is not None:
        lines.append(
            f"违约金按核定违规医保费用{yuan(decision.verified_amount)}的"
            f"{decision.penalty_percent}%计,金额为{yuan(record.penalty_amount)}"
            + (f",请于{penalty_due.isoformat()}前缴纳(五(五))。" if penalty_due else "。")
        )
    if suspension is not None:
        start, last = suspension
        lines.append(
            f"中止期{decision.suspension_days}日,自{start.isoformat()}起至{last.isoformat()}止;"
            "中止期间发生的医保费用(不含原在院人员)不予结算;中止期满后进行整改验收,"
            "验收不合格或拒不整改的,按解除协议处理(五(六))。"
        )
    if decision.persons:
        names = "、".join(p.name for p in decision.persons)
        lines.append(f"中止相关责任人员({names})涉及医疗保障基金使用的医疗服务。")
    if decision.department:
        lines.append(f"中止{decision.department}涉及医疗保障基金使用的医疗服务。")
    lines.append(f"决定日期:{decision.decided_on.isoformat()}。")
    return lines


def termination_paragraphs(termination: Termination, step: TerminationStep | None) -> list[str]:
    grounds = "; ".join(termination.clauses)
    lines = [f"你单位存在解除医保协议情形({grounds}),经办机构依附件1 一(四)办理解除。"]
    if step is not None:
        lines.append(f"{STEP_WORDS[step.step]}:{step.note}({step.done_on.isoformat()})。")
    return lines


def request_reply(request: Request, consent: Consent) -> list[str]:
    word = REQUEST_WORDS[request.kind]
    answer = "同意" if consent.agreed else "不同意"
    return [
        f"你单位于{request.requested_on.isoformat()}提出{word}医保协议申请,申请自"
        f"{request.takes_effect_on.isoformat()}起生效。",
        f"经办机构{answer}。{consent.reason}",
    ]


def check_paragraphs(check: RectificationCheck) -> list[str]:
    return [
        f"中止期满后,经办机构于{check.checked_on.isoformat()}进行整改验收:"
        f"{CHECK_WORDS[check.outcome]}。{check.findings}",
        "医保协议继续履行。"
        if check.outcome is Rectification.PASSED
        else "按解除协议处理(五(六))。",
    ]


def renewal_paragraphs(term: Term) -> list[str]:
    return [
        f"经协商一致,续签医保协议,协议期限自{term.start.isoformat()}至{term.end.isoformat()}"
        f"(绩效考核等级{term.performance_grade})。"
    ]


# -- messages -------------------------------------------------------------------------------------


def settlement_message(case: AgreementCase, stop: bool, why: str, citation: str) -> Message:
    what = "暂停联网结算" if stop else "恢复联网结算"
    return (
        SETTLEMENT_SYSTEM,
        f"{what}: {case.institution.name}",
        f"{case.institution.name} ({case.institution.uscc}), agreement {case.case_id}: "
        f"{what} ({why}; {citation}).",
    )


def negotiation_message(case: AgreementCase, term_end: date) -> Message:
    return (
        AGENCY,
        f"医保协议续签协商 opens: {case.institution.name}",
        f"Agreement {case.case_id} with {case.institution.name} ends on "
        f"{term_end.isoformat()}. Open the renewal negotiation (附件1 一(二)) and record "
        "`renew` with the performance grade relied on; without a renewal the agreement ends "
        "automatically at expiry (到期后自动解除).",
    )


def renewal_reminder(case: AgreementCase, term_end: date) -> Message:
    return (
        AGENCY,
        f"医保协议即将到期: {case.institution.name}",
        f"Agreement {case.case_id} ends on {term_end.isoformat()} and is not yet renewed; "
        "without a renewal it ends automatically the next day (附件1 一(二)).",
    )


def check_due_message(case: AgreementCase, last_day: date) -> Message:
    return (
        AGENCY,
        f"中止期满,待整改验收: {case.institution.name}",
        f"The 中止 of agreement {case.case_id} ended on {last_day.isoformat()}. Record the "
        "rectification check (`check`): passed → the agreement continues; failed or refused → "
        f"解除 ({cite('五(六)')}).",
    )


def reassessment_due_message(case: AgreementCase, year: int, ended_on: date) -> Message:
    return (
        AGENCY,
        f"整改期满,待再次考核: {case.institution.name}",
        f"The 3 months of rectification after the {year} performance assessment suspended the "
        f"settlement of agreement {case.case_id} ended on {ended_on.isoformat()}. Record the "
        "re-assessment (`assess`, assessment 'reassessment'): passed → settlement restored; "
        f"failed → 解除 ({cite('附件1 二(四)2(2)')}).",
    )


def reminder_message(case: AgreementCase, deadline: CaseDeadline, days: int) -> Message:
    return (
        AGENCY,
        f"期限提醒: {deadline.name} of agreement {case.case_id}",
        f"{deadline.name} of agreement {case.case_id} ({case.institution.name}) ends on "
        f"{deadline.deadline.last_day.isoformat()}, {days} working day(s) left "
        f"({deadline.citation}).",
    )


def overdue_message(case: AgreementCase, deadline: CaseDeadline) -> Message:
    return (
        SUPERVISOR,
        f"逾期: {deadline.name} of agreement {case.case_id}",
        f"{case.institution.name} ({case.case_id}): {deadline.name} was due by "
        f"{deadline.deadline.last_day.isoformat()} and is not done ({deadline.citation}). "
        "Escalated; the agreement keeps waiting for it.",
    )
