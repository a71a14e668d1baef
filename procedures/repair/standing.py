"""What the doors say of a credit repair case (衢医保发〔2021〕36号 六): where it stands, how a
decision reads, which stages a decision moves the case out of (pure functions)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from periods.phrases import PROVISIONAL_NOTE, due_phrase
from procedures.repair import models as rep

# The stages a decision leaves at once (after an activity or two: a notice to publish, a
# document to issue): the reply waits for the stage that follows.
PASSING_STAGES = frozenset(
    {
        rep.Stage.UNDER_REVIEW,
        rep.Stage.REFUSAL_OBJECTION,
        rep.Stage.NOTICE_SUSPENDED,
        rep.Stage.TAKING_EFFECT,
    }
)
DECISIONS = frozenset({"decide", "decide_refusal_objection", "decide_notice_objection"})


def started(status: rep.RepairStatus) -> bool:
    """Eligibility is checked and the first deadline computed (a second or so)."""
    return status.stage in rep.FINAL_STAGES or (
        bool(status.deadlines) and status.stage is not rep.Stage.RECEIVED
    )


def leaves(update: str, request: Any) -> Collection[rep.Stage]:
    return PASSING_STAGES if update in DECISIONS else ()


def decision_done(decision: rep.RepairDecision) -> str:
    if decision.outcome is rep.DecisionOutcome.APPROVE:
        return "Approval recorded (the public notice, 公示 5 working days, follows)"
    return (
        "Refusal recorded (the refusal notice 附件4 follows, with its 5-working-day objection "
        "window)"
    )


def objector_from_case(update: str, status: rep.RepairStatus) -> dict[str, str]:
    """An objection to the refusal is the applicant's own unless another objector is named."""
    return {"objector": status.case.subject.name} if update == "object_to_refusal" else {}


def standing(status: rep.RepairStatus, now: datetime) -> str:
    """Where the case stands, in a sentence or two: what is due next, and by when."""
    lines: list[str] = []
    if status.stage in rep.FINAL_STAGES:
        lines.append(f"Closed: {status.stage.value}. {status.closing_reason or ''}".rstrip())
        return "\n".join(lines)
    if status.stage is rep.Stage.REFUSAL_NOTIFIED:
        lines.append("Not eligible (六(二)); refusal notice (附件4) issued:")
        lines += [f"  - {g.reason} ({g.clause})" for g in status.refusal_grounds]
    current = {
        rep.Stage.UNDER_REVIEW: ("decision", "Decision due by"),
        rep.Stage.REFUSAL_NOTIFIED: ("refusal_objection", "Objection to the refusal open until"),
        rep.Stage.NOTICE: ("notice", "Public notice (公示) runs until"),
        rep.Stage.NOTICE_SUSPENDED: ("notice", "Suspended by an objection; notice ends"),
    }.get(status.stage)
    deadline = next((d for d in status.deadlines if current and d.name == current[0]), None)
    if current and deadline:
        lines.append(f"{current[1]} {due_phrase(deadline.deadline)}; {deadline.citation}.")
        if deadline.deadline.provisional:
            lines.append(PROVISIONAL_NOTE + ".")
    else:
        lines.append(f"Stage: {status.stage.value}.")
    return "\n".join(lines)
