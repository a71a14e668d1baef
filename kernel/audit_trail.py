"""A case's audit trail, one part of the case kernel (architecture.md "Audit trail"): every state
change appends `{at, actor, action, citation, details}`, returned by the status query and logged
through the replay-aware workflow logger, bound to the case id (never a personal detail).

Composed into every case (`CaseWorkflow._trail`) and into the subject records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from temporalio import workflow

from contracts.case_records import AuditEvent

# The actor of what the case does by itself (a deadline computed, a notice issued).
SYSTEM = "system"


class AuditTrail:
    def __init__(
        self,
        case_id: str,
        events: Iterable[AuditEvent] = (),
        on_record: Callable[[int], None] | None = None,
    ) -> None:
        """`events`: those a previous run handed over; `on_record(index)`: told of each new
        event (the follow-ups note which step's work it belongs to)."""
        self.case_id = case_id
        self.events: list[AuditEvent] = list(events)
        self._on_record = on_record

    def record(self, actor: str, action: str, cite: str, **details: Any) -> None:
        event = AuditEvent(
            at=workflow.now(), actor=actor, action=action, citation=cite, details=details
        )
        self.events.append(event)
        if self._on_record is not None:
            self._on_record(len(self.events) - 1)
        workflow.logger.info(
            action, extra={"case_id": self.case_id, "actor": actor, "citation": cite}
        )

    def count(self, action: str) -> int:
        return sum(1 for event in self.events if event.action == action)
