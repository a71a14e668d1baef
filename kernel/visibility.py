"""What supervisors filter on, one part of the case kernel: the search attributes a case
upserts at every stage change (architecture.md "Visibility": ProcedureType, CaseStage,
AgencyCode, NextDeadline, Overdue, DeadlineProvisional). No personal detail goes into them.

Composed into every case (`CaseWorkflow._visibility`). A run of a released workflow type
upserts every attribute at every `publish`, as it always did (its history must replay). A run of
a current type upserts at most once per workflow task, and only what changed (issue 20): a
`publish` asks for a flush at the end of the task's work, and the flush sends the attributes
whose value differs from the case's current ones (`workflow.info()`: those set at its start by
the CLI or the HTTP API, and every upsert since) — nothing at all when none does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate

from contracts import search_attributes as sa
from contracts.case_records import CaseDeadline
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.case_faults import ATTENTION_RUNBOOK


class Visibility:
    def __init__(
        self,
        procedure_type: str,
        agency_code: str,
        trail: AuditTrail,
        before_upsert: Callable[[], None],
        uncarried: Iterable[str] = (),
    ) -> None:
        """`before_upsert`: told of each upsert (a command the replay rule counts);
        `uncarried`: the instants a previous run already recorded as not carried."""
        self._procedure_type = procedure_type
        self._agency_code = agency_code
        self._trail = trail
        self._before_upsert = before_upsert
        self.uncarried: set[str] = set(uncarried)
        # What the case looks like now (stage, deadlines), read when a flush is due; a flush is
        # pending while this is set.
        self._wanted: Callable[[], tuple[str, Collection[CaseDeadline]]] | None = None

    def publish(self, stage: str, deadlines: Collection[CaseDeadline]) -> None:
        """Upsert the search attributes for the case in `stage` with these `deadlines` (a run of
        a released type: every attribute, at once)."""
        self._before_upsert()
        workflow.upsert_search_attributes(self._updates(stage, deadlines))

    def request(self, wanted: Callable[[], tuple[str, Collection[CaseDeadline]]]) -> None:
        """Publish what `wanted()` says once the case's code in this workflow task has run: the
        flush waits on a condition that holds at once, and the SDK checks conditions in the
        order they were made only after everything ready has run, so that what the case's loop
        and its steps' handlers do in the same task (the stage a step sets, the deadline met)
        goes out in one upsert."""
        first = self._wanted is None
        self._wanted = wanted
        if first:
            asyncio.get_running_loop().create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await workflow.wait_condition(lambda: True)
        self.flush()

    def flush(self) -> None:
        """Send what is pending now, only the attributes that changed (before the case ends its
        run: a run that completes or continues as new sends nothing after that)."""
        if self._wanted is None:
            return
        stage, deadlines = self._wanted()
        self._wanted = None
        changed = changed_only(self._updates(stage, deadlines))
        if changed:
            self._before_upsert()
            workflow.upsert_search_attributes(changed)

    def _updates(
        self, stage: str, deadlines: Collection[CaseDeadline]
    ) -> list[SearchAttributeUpdate[Any]]:
        open_deadlines = [
            d for d in deadlines if d.met_at is None and not d.lapsed and d.paused_since is None
        ]
        updates: list[SearchAttributeUpdate[Any]] = [
            sa.PROCEDURE_TYPE.value_set(self._procedure_type),
            sa.CASE_STAGE.value_set(stage),
            sa.AGENCY_CODE.value_set(self._agency_code),
            sa.OVERDUE.value_set(any(d.overdue for d in deadlines)),
        ]
        if deadlines:
            updates.append(
                sa.DEADLINE_PROVISIONAL.value_set(
                    any(d.deadline.provisional for d in open_deadlines)
                )
            )
            next_due = min((d.deadline.due_at for d in open_deadlines), default=None)
            carried = self._carried_instant(sa.NEXT_DEADLINE.name, next_due)
            if carried is not None:
                updates.append(sa.NEXT_DEADLINE.value_set(carried))
            else:
                updates.append(sa.NEXT_DEADLINE.value_unset())
        return updates

    def _carried_instant(self, attribute: str, moment: datetime | None) -> datetime | None:
        """The instant as the server accepts it, or None; an instant that cannot be carried is
        left out (never sent: the server would fail the task on every retry) and recorded once."""
        if moment is None:
            return None
        carried, why = sa.carried_instant(moment)
        if carried is None and f"{attribute}={moment.isoformat()}" not in self.uncarried:
            self.uncarried.add(f"{attribute}={moment.isoformat()}")
            self._trail.record(
                SYSTEM,
                "search_attribute_not_carried",
                ATTENTION_RUNBOOK,
                attribute=attribute,
                value=moment.isoformat(),
                reason=why,
            )
        return carried


def changed_only(updates: list[SearchAttributeUpdate[Any]]) -> list[SearchAttributeUpdate[Any]]:
    """The updates whose value differs from the run's current one (`workflow.info()`: what it
    was started with, and every upsert since)."""
    current = workflow.info().typed_search_attributes
    return [update for update in updates if current.get(update.key) != update.value]
