"""What the doors say of a medical-insurance credit objection (衢医保发〔2021〕36号 四(三)): where a
case stands after its start, the replies to its steps, and a refusal explained (pure: functions
of the status, the request and the receipt)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from periods.phrases import PROVISIONAL_NOTE, due_phrase, shanghai
from procedures.medical_objection import models as med
from procedures.medical_objection import status as st
from procedures.medical_objection.filing import window_end


def standing(status: st.MedicalObjectionStatus, now: datetime) -> str:
    """The objection window: open until when, or closed (the result becomes formal)."""
    filing = next((d for d in status.deadlines if d.name == "filing"), None)
    if filing is None:
        return f"Stage: {status.stage.value}."
    deadline = filing.deadline
    verb = "closes" if deadline.due_at > now else "closed"
    lines = [
        f"Objection window ({deadline.basis} from the publication on "
        f"{status.case.result.published_on}) {verb} at {due_phrase(deadline)}; "
        f"{filing.citation}."
    ]
    if verb == "closed":
        lines.append("No objection can be filed any more: the result becomes formal.")
    if deadline.provisional:
        lines.append(PROVISIONAL_NOTE + ".")
    return "\n".join(lines)


def with_review(receipt: Any, status: st.MedicalObjectionStatus) -> Any:
    """The re-check's deadline, which the case computes just after the receipt."""
    if receipt.review is None and receipt.stage is med.Stage.UNDER_REVIEW:
        review = next((d for d in status.deadlines if d.name == "review"), None)
        receipt.review = review.deadline if review else None
    return receipt


def with_final_grade(
    receipt: st.DecisionReceipt, status: st.MedicalObjectionStatus
) -> st.DecisionReceipt:
    """Corrected facts are re-scored just after the receipt: the score and grade that stand."""
    if receipt.final_grade is None:
        published, rescored = status.case.result, status.rescored
        receipt.final_score = rescored.total if rescored else published.score
        receipt.final_grade = (rescored.grade if rescored else None) or published.grade
        receipt.grade_changed = receipt.final_grade != published.grade
    return receipt


def objection_filed(form: med.ObjectionForm, receipt: st.ObjectionReceipt) -> str:
    return (
        f"Objection filed in case {receipt.case_id} at {shanghai(receipt.filed_at)} "
        f"Asia/Shanghai.\n{_review_line(receipt.case_id, receipt.review)}"
    )


def materials_received(submission: med.MaterialsSubmission, receipt: st.MaterialsReceipt) -> str:
    return (
        f"Materials received in case {receipt.case_id} at {shanghai(receipt.received_at)} "
        f"Asia/Shanghai: {', '.join(receipt.materials)}.\n"
        f"{_review_line(receipt.case_id, receipt.review)}"
    )


def decided(decision: med.ReviewDecision, receipt: st.DecisionReceipt) -> str:
    late = " (after the deadline)" if receipt.late else ""
    change = " — the grade changed: the subject is told by SMS" if receipt.grade_changed else ""
    score = f"{receipt.final_score:g}" if receipt.final_score is not None else "-"
    return (
        f"Decision recorded for case {receipt.case_id} at {shanghai(receipt.decided_at)} "
        f"Asia/Shanghai{late}: {receipt.outcome.value}, score {score}, grade "
        f"{receipt.final_grade}{change}. The feedback notice (附件2) follows; see "
        f"`starter.py status {receipt.case_id}`."
    )


def _review_line(case_id: str, review: Any) -> str:
    if review is None:
        return (
            "No supporting materials yet: the 10-working-day re-check starts when they are in "
            f"(`starter.py medical-objection materials {case_id} --ref REF`)."
        )
    line = f"Re-check due by {due_phrase(review)}; {med.OBJECTION_CITATION}."
    return f"{line}\n{PROVISIONAL_NOTE}." if review.provisional else line


def closed_window(status: st.MedicalObjectionStatus, message: str) -> str | None:
    """A case whose window lapsed closes once its result is formal: say so, with the window."""
    if "is closed" not in message:
        return None
    case_id = status.case.case_id
    filing = next((d for d in status.deadlines if d.name == "filing"), None)
    if status.outcome is med.CaseOutcome.FORMAL_WITHOUT_OBJECTION and filing is not None:
        return (
            f"case {case_id} refused: filed_at: the objection window closed at "
            f"{window_end(filing.deadline)} ({filing.citation}); the result became formal "
            f"on {status.formal_on}"
        )
    return f"case {case_id} is closed ({status.outcome or 'closed'}): it accepts nothing more"
