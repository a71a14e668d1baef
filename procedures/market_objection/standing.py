"""What the doors say of a market-regulation credit objection (衢市监规〔2021〕3号/2号 四(三)1):
the review's deadline after the start, and the reply to the decision (pure functions)."""

from __future__ import annotations

from datetime import datetime

from periods.phrases import PROVISIONAL_NOTE, due_phrase, shanghai
from procedures.market_objection import models as mkt


def standing(status: mkt.MarketObjectionStatus, now: datetime) -> str:
    review = next((d for d in status.deadlines if d.met_at is None and not d.lapsed), None)
    if review is None:
        return f"Stage: {status.stage.value}."
    line = f"Review due by {due_phrase(review.deadline)}; {review.citation}."
    return f"{line}\n{PROVISIONAL_NOTE}." if review.deadline.provisional else line


def decided(decision: mkt.ReviewDecision, receipt: mkt.DecisionReceipt) -> str:
    late = " (after the deadline)" if receipt.late else ""
    grade = f" → grade {decision.corrected_grade}" if decision.corrected_grade else ""
    return (
        f"Decision recorded for case {receipt.case_id} at {shanghai(receipt.decided_at)} "
        f"Asia/Shanghai{late}: {decision.outcome.value}{grade}. The written notice follows; "
        f"see `starter.py status {receipt.case_id}`."
    )
