"""Where an accountability case stands, in a sentence: what the command line prints after a
start (pure: a function of the status)."""

from __future__ import annotations

from periods.phrases import PROVISIONAL_NOTE, due_phrase
from procedures.accountability.models import AccountabilityStatus


def started(status: AccountabilityStatus) -> bool:
    """The report deadline is computed (a second or so after the start)."""
    return bool(status.deadlines)


def standing(status: AccountabilityStatus) -> str:
    report = next((d for d in status.deadlines if d.name == "report"), None)
    if report is None:
        return f"Stage: {status.stage.value}."
    lines = [
        f"Report to {status.receiving_body} due by {due_phrase(report.deadline)}; "
        f"{report.citation}."
    ]
    if report.deadline.provisional:
        lines.append(PROVISIONAL_NOTE + ".")
    return "\n".join(lines)
