"""Where an accountability case stands, in a line or two: what the command line prints after a
start or a step (pure: a function of the status)."""

from __future__ import annotations

from datetime import datetime

from periods.phrases import PROVISIONAL_NOTE, due_phrase
from procedures.accountability.models import AccountabilityStatus


def started(status: AccountabilityStatus) -> bool:
    """The report deadline is computed (a second or so after the start)."""
    return bool(status.deadlines)


def standing(status: AccountabilityStatus, now: datetime) -> str:
    """The deadlines still open: the report (to the receiving body), then the feedback."""
    lines: list[str] = []
    for item in status.deadlines:
        if item.met_at is not None or item.lapsed:
            continue
        to = f" to {status.receiving_body}" if item.name == "report" else ""
        overdue = " — OVERDUE" if item.overdue else ""
        lines.append(
            f"{item.name.capitalize()}{to} due by {due_phrase(item.deadline)}; "
            f"{item.citation}{overdue}."
        )
        if item.deadline.provisional:
            lines.append(PROVISIONAL_NOTE + ".")
    return "\n".join(lines) or f"Stage: {status.stage.value}."
