"""What an accountability case prints and sends (衢政办发〔2023〕5号 第十三条): the report receipt,
the feedback record, the copy to discipline inspection, the reminders and overdue notices of its
two periods, and the reason it closes with when the review finds no accountability.

Pure functions of the case and its steps (no Temporal import): the workflow hands what they return
to its outputs (kernel/outputs.py), and tests/test_accountability_steps.py reads them without a
server. The wording is printed and sent as it stands here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.case_records import CaseDeadline, Reminder
from contracts.documents import (
    AccountabilityFeedbackRecord,
    AccountabilityReferralProposal,
    AccountabilityReportReceipt,
)
from procedures.accountability.duties import exempted
from procedures.accountability.models import (
    DISCIPLINE_INSPECTION,
    FEEDBACK_CLAUSE,
    GROUND_CLAUSE,
    REFERRED_TO,
    REPORT,
    REPORT_CLAUSE,
    REPORT_PARTS,
    REVIEW_CLAUSE,
    AccountabilityCase,
    CaseReport,
    Decision,
    Feedback,
    Review,
    cite,
)
from procedures.accountability.sanctions import person_handlings
from scoring import accountability as rules
from scoring.report import ScoreReport

# recipient, subject, body: what the deadline mechanism sends (kernel/deadlines.py `Message`).
Message = tuple[str, str, str]


def shared_fields(
    case: AccountabilityCase, key: str, citation: str, issued_at: datetime
) -> dict[str, Any]:
    """The fields every accountability document carries; the agency is the subject."""
    agency = case.agency
    return {
        "key": key,
        "case_id": case.case_id,
        "agency_name": agency.name,
        "agency_code": agency.code,
        "issued_at": issued_at,
        "subject_name": agency.name,
        "subject_code": agency.code,
        "citation": citation,
    }


def report_receipt(
    case: AccountabilityCase,
    report: CaseReport,
    *,
    key: str,
    received_at: datetime,
    receiving_body: str,
    due: CaseDeadline,
    late: bool,
) -> AccountabilityReportReceipt:
    """第十三条第一款: the receiving body acknowledges the report on the day it came, printing the
    lost case, the 2-month period's end and whether the report came after it."""
    return AccountabilityReportReceipt(
        **shared_fields(case, key, cite(REPORT_CLAUSE), received_at),
        **report.model_dump(include=set(REPORT_PARTS)),
        lost_case_body=case.lost_case.body_name,
        lost_case_number=case.lost_case.document_number,
        receiving_body=receiving_body,
        received_at=received_at,
        due_at=due.deadline.due_at,
        late=late,
    )


def feedback_record(
    case: AccountabilityCase,
    decision: Decision,
    feedback: Feedback,
    *,
    key: str,
    decided_at: datetime,
    fed_back_at: datetime,
    receiving_body: str,
    due: CaseDeadline,
    late: bool,
) -> AccountabilityFeedbackRecord:
    """第十三条第三款: the handling decision as fed back, with the 3-working-day period it was due
    in, copied to discipline inspection."""
    return AccountabilityFeedbackRecord(
        **shared_fields(case, key, cite(FEEDBACK_CLAUSE), fed_back_at),
        receiving_body=receiving_body,
        summary=feedback.summary,
        agency_sanctions=decision.agency_sanctions,
        persons=person_handlings(decision),
        decided_at=decided_at,
        decided_on=decision.decided_on,
        received_at=fed_back_at,
        due_at=due.deadline.due_at,
        late=late,
        copied_to=DISCIPLINE_INSPECTION,
    )


def feedback_copy(case: AccountabilityCase, feedback: Feedback, late: bool) -> tuple[str, str]:
    """The subject and body of the feedback's copy to discipline inspection (第十三条第三款)."""
    return (
        f"追责处理结果抄送: {case.case_id}",
        f"{case.agency.name} fed back the handling decision on case "
        f"{case.case_id}{' (late)' if late else ''}: {feedback.summary} "
        f"({cite(FEEDBACK_CLAUSE)}).",
    )


def _duty(deadline: CaseDeadline) -> str:
    return "案件分析整改报告" if deadline.name == REPORT else "追责处理结果反馈"


def reminder_message(
    case: AccountabilityCase, receiving_body: str, deadline: CaseDeadline, reminder: Reminder
) -> Message:
    """To the agency, before either period ends: what is due, to whom, by when."""
    return (
        f"agency:{case.agency.code}",
        f"{_duty(deadline)}期限提醒: {reminder.working_days_before} working day(s) left",
        f"Case {case.case_id}: the {deadline.name} to {receiving_body} is due by "
        f"{deadline.deadline.due_at.isoformat()} ({deadline.citation}).",
    )


def overdue_message(
    case: AccountabilityCase, receiving_body: str, deadline: CaseDeadline
) -> Message:
    """To the receiving body, once a period has passed: the case keeps waiting for the step."""
    return (
        receiving_body,
        f"{_duty(deadline)}逾期: {case.agency.name}",
        f"Case {case.case_id} ({case.agency.code}): the {deadline.name} was due "
        f"by {deadline.deadline.due_at.isoformat()} and has not been made "
        f"({deadline.citation}). The case keeps waiting for it.",
    )


def no_accountability_reason(review: Review) -> str:
    """The closing reason of a case the review ends without accountability: its 第九条 grounds,
    or that no 第六条 ground caused the loss, then the reviewer's reason."""
    if not exempted(review):
        return f"no accountability (no ground of {cite(GROUND_CLAUSE)}): {review.reason}"
    grounds = [e.item.value for e in review.circumstances.exempt] + [
        m.item.value for m in review.circumstances.may_exempt
    ]
    return f"no accountability ({', '.join(grounds)}): {review.reason}"


def ground_line(ground: rules.GroundFinding) -> str:
    """One 第六条 ground as the proposal prints it: the item's words, its clause, the details."""
    label, clause = rules.GROUNDS[ground.item]
    return f"{label}（{clause.removeprefix(rules.DOC + ' ')}）：{ground.details}"


def referral_proposal(
    case: AccountabilityCase,
    review: Review,
    assessment: ScoreReport,
    *,
    key: str,
    issued_at: datetime,
    proposing_body: str,
) -> AccountabilityReferralProposal:
    """衢政办发〔2023〕5号 第十三条第二款 (seed 001 l.976): the judicial administration's
    处理建议, submitted to the body the review refers the case to, with the 第六条 grounds
    and the assessment."""
    assert review.refer_to is not None  # an accountability review names it (review_problem)
    return AccountabilityReferralProposal(
        **shared_fields(case, key, cite(REVIEW_CLAUSE), issued_at),
        proposing_body=proposing_body,
        addressed_to=REFERRED_TO[review.refer_to],
        lost_case_body=case.lost_case.body_name,
        lost_case_number=case.lost_case.document_number,
        grounds=[ground_line(g) for g in review.grounds],
        conclusion=assessment.recommendation or str(assessment.grade),
        reason=review.reason,
        reviewer=review.reviewer,
    )
