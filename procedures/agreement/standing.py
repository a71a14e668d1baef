"""Where an agreement stands, in a few lines: what the command line prints after a start or a
step (pure: a function of the status)."""

from __future__ import annotations

from datetime import datetime

from periods.phrases import due_phrase
from procedures.agreement.case import AgreementStatus


def standing(status: AgreementStatus, now: datetime) -> str:
    term = status.term
    lines = [
        f"Stage: {status.stage.value}. Term {term.number}: {term.start.isoformat()} to "
        f"{term.end.isoformat()}; the renewal negotiation opens on "
        f"{status.negotiation_opens_on.isoformat()}."
    ]
    for item in status.deadlines:
        if item.name == "term" or item.met_at is not None or item.lapsed:
            continue
        overdue = " — OVERDUE" if item.overdue else ""
        lines.append(f"{item.name} due by {due_phrase(item.deadline)}; {item.citation}{overdue}.")
    for result in status.performance:
        if result.rectification_ends_on is not None and result.passed is None:
            lines.append(
                f"暂停联网结算 by the {result.year} performance assessment: rectification to "
                f"{result.rectification_ends_on.isoformat()}, then the re-assessment "
                "(附件1 二(四)2(2))."
            )
    if status.state.termination is not None and status.stage.value == "terminating":
        done = [s.step.value for s in status.state.termination.steps]
        lines.append(f"解除 under way (附件1 一(四)): done {done or 'none'} of 3 steps.")
    return "\n".join(lines)
