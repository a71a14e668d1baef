"""Objections in a repair case (衢医保发〔2021〕36号 六(三)): to a refusal (附件4, within its
5-working-day window) and to the public notice (公示期内有异议的, the repair waits).

Pure functions over the case's list of objection records (no Temporal import): the workflow
keeps the list, these say what is pending and record a decision on it.
"""

from __future__ import annotations

from datetime import datetime

from procedures.repair.models import Objection, ObjectionDecision, ObjectionKind, ObjectionRecord


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
