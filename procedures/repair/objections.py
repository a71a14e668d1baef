"""Objections in a repair case (衢医保发〔2021〕36号 六(三)): to a refusal (附件4, within its
5-working-day window) and to the public notice (公示期内有异议的, the repair waits).

Pure functions over the case's list of objection records (no Temporal import): the workflow
keeps the list, these say what is pending and record a decision on it; `RULES` says, for each
kind, when it is received and decided and what the people involved are told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from procedures.repair.models import (
    PROCEDURE_CLAUSE,
    REFUSAL_FORM_CLAUSE,
    Objection,
    ObjectionDecision,
    ObjectionKind,
    ObjectionRecord,
    Stage,
    cite,
)

# The case's deadlines an objection is made within (kernel/deadlines.py names them).
REFUSAL_OBJECTION = "refusal_objection"  # 附件4: 5 working days from receipt of the refusal
NOTICE = "notice"  # 六(三): the 5-working-day public notice


@dataclass(frozen=True)
class ObjectionRules:
    """One kind of objection: where it may be made, what it does, and the words of each step."""

    clause: str  # the clause cited on its records and its refusals
    window: str  # the deadline it must come within
    objected_in: tuple[Stage, ...]  # the stages it is received in
    objected_rule: str  # the rule, printed when it comes in another stage
    window_closed: str  # what ended when the window closed
    closes_window: bool  # whether receiving one meets the window (no second objection)
    pending_stage: Stage  # the stage while it awaits its decision
    nothing_pending: str  # the rule, printed when a decision finds nothing to decide
    received: str  # the receipt of the objection
    substantiated: str  # the receipt of a decision that it is substantiated
    not_substantiated: str  # ... and that it is not
    resumes: Stage | None  # the stage an unsubstantiated objection returns to, if the Update
    # moves it itself (the refusal's wait moves on by itself)


RULES: dict[ObjectionKind, ObjectionRules] = {
    # 附件4 如不服本决定, 可以自收到本告知书之日起5个工作日内提出异议申请: one objection ends the
    # window; its decision either sends the application back to review or lets the refusal stand.
    ObjectionKind.REFUSAL: ObjectionRules(
        clause=REFUSAL_FORM_CLAUSE,
        window=REFUSAL_OBJECTION,
        objected_in=(Stage.REFUSAL_NOTIFIED,),
        objected_rule="an objection to a refusal is accepted only in stage 'refusal_notified'",
        window_closed="the 5-working-day objection window of the refusal closed",
        closes_window=True,
        pending_stage=Stage.REFUSAL_OBJECTION,
        nothing_pending="no objection to a refusal awaits a decision",
        received="objection to the refusal received; awaiting its decision",
        substantiated="objection substantiated: the application goes back to review",
        not_substantiated="objection not substantiated: the refusal stands",
        resumes=None,
    ),
    # 六(三) 公示期内有异议的: anyone may object while the notice runs (more than once); the
    # repair is suspended until the objections are decided, the notice itself runs on.
    ObjectionKind.NOTICE: ObjectionRules(
        clause=PROCEDURE_CLAUSE,
        window=NOTICE,
        objected_in=(Stage.NOTICE, Stage.NOTICE_SUSPENDED),
        objected_rule="an objection to the public notice is accepted only during the notice",
        window_closed="the 5-working-day public notice ended",
        closes_window=False,
        pending_stage=Stage.NOTICE_SUSPENDED,
        nothing_pending="no objection to the public notice awaits a decision",
        received="objection to the public notice received; the repair is suspended",
        substantiated="objection substantiated: the repair will not take effect",
        not_substantiated="objection not substantiated: the repair proceeds",
        resumes=Stage.NOTICE,
    ),
}


def window_closed(kind: ObjectionKind, due_at: datetime) -> str:
    """The refusal of an objection that came after its window's instant."""
    rules = RULES[kind]
    return f"objection: {rules.window_closed} at {due_at.isoformat()} ({cite(rules.clause)})"


def decided_receipt(kind: ObjectionKind, decision: ObjectionDecision) -> str:
    """What the reviewer is told follows from their decision on the objection(s)."""
    rules = RULES[kind]
    return rules.substantiated if decision.substantiated else rules.not_substantiated


def received(kind: ObjectionKind, objection: Objection, at: datetime) -> ObjectionRecord:
    return ObjectionRecord(
        kind=kind, objector=objection.objector, reason=objection.reason, received_at=at
    )


def pending(objections: list[ObjectionRecord], kind: ObjectionKind) -> bool:
    """Whether an objection of this kind still awaits its decision."""
    return any(o.kind is kind and o.decision is None for o in objections)


def decide(
    objections: list[ObjectionRecord],
    kind: ObjectionKind,
    decision: ObjectionDecision,
    at: datetime,
) -> None:
    """One decision answers every objection of this kind still pending: they are about the same
    refusal or the same notice, and the department decides on them together."""
    for objection in objections:
        if objection.kind is kind and objection.decision is None:
            objection.decision = decision
            objection.decided_at = at
