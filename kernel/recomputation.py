"""Deadlines computed again after a holiday notice is added (service/calendar_update.py signals
every open case, `CaseWorkflow.recompute_deadlines`).

Each open deadline is computed with the request it was scheduled with, by a worker that has the
new calendar; a deadline whose instant moves is replaced (its watch follows it), one that stays
is stamped with the calendar that confirmed it, and one that cannot be recomputed keeps its
instant with the reason in the audit trail. Runs in the workflow sandbox, like the deadlines.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError

from contracts import activities as act
from contracts.case_records import CaseDeadline, RecomputeDeadlines
from kernel.audit_trail import SYSTEM
from kernel.deadlines import CaseDeadlines

# A recomputation asks for the calendar just added: the waits before asking again while a
# worker still answers with the previous one, and how long one computation may keep failing.
RECOMPUTE_WAITS = (timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=8))
RECOMPUTE_TIMEOUT = timedelta(minutes=5)
CALENDAR_CITATION = "国务院办公厅部分节假日安排的通知"


async def recompute_all(deadlines: CaseDeadlines, update: RecomputeDeadlines) -> None:
    """Compute every open deadline again with the request it was scheduled with; record what
    moved, what was confirmed and what could not be recomputed."""
    unchanged: list[str] = []
    moved = False
    for name in list(deadlines.by_name):
        deadline = deadlines.by_name[name]
        if not _recomputable(deadline):
            continue  # done, or stopped (it is computed afresh when its clock resumes)
        if deadline.request is None:
            deadlines.trail.record(
                SYSTEM,
                f"{name}_deadline_not_recomputed",
                deadline.citation,
                reason="scheduled before deadlines kept their request; not recomputable",
                due_at=deadline.deadline.due_at.isoformat(),
                provisional=deadline.deadline.provisional,
                calendar_version=update.calendar_version,
            )
            continue
        if deadline.deadline.calendar_version == update.calendar_version:
            unchanged.append(name)  # already computed with that calendar (a repeated signal)
            continue
        scheduled, problem = await _compute_with(
            deadlines, update.calendar_version, deadline.request
        )
        if deadlines.by_name.get(name) is not deadline or not _recomputable(deadline):
            continue  # rescheduled, met, lapsed or paused meanwhile: left as it now is
        if scheduled is None:
            deadlines.trail.record(
                SYSTEM,
                f"{name}_deadline_not_recomputed",
                deadline.citation,
                reason=problem,
                due_at=deadline.deadline.due_at.isoformat(),
                provisional=deadline.deadline.provisional,
                calendar_version=update.calendar_version,
            )
            continue
        old, new = deadline.deadline, scheduled.deadline
        if (old.due_at, old.provisional) == (new.due_at, new.provisional):
            # Same instant: the stamp says which calendar confirmed it; no timer moves.
            deadline.deadline = new
            unchanged.append(name)
            continue
        replaced = deadlines.install(
            name, deadline.kind, deadline.citation, deadline.request, scheduled
        )
        replaced.recomputed_from = old.due_at
        moved = True
        deadlines.trail.record(
            SYSTEM,
            f"{name}_deadline_recomputed",
            deadline.citation,
            reason=update.reason,
            old_due_at=old.due_at.isoformat(),
            due_at=new.due_at.isoformat(),
            old_last_day=old.last_day.isoformat(),
            last_day=new.last_day.isoformat(),
            old_provisional=old.provisional,
            provisional=new.provisional,
            old_calendar_version=old.calendar_version,
            calendar_version=new.calendar_version,
            reminders=[r.at.isoformat() for r in replaced.reminders],
        )
    if unchanged:
        deadlines.trail.record(
            SYSTEM,
            "deadlines_checked",
            update.notice or CALENDAR_CITATION,
            reason=update.reason,
            unchanged=unchanged,
            calendar_version=update.calendar_version,
        )
    if moved:
        deadlines.host._publish()


async def _compute_with(
    deadlines: CaseDeadlines, version: str, request: act.DeadlineRequest
) -> tuple[act.ScheduledDeadline | None, str]:
    """The deadline computed by a worker whose calendar is `version`. A worker looks at the
    holiday store at most once a second, so it may answer with the calendar of a moment
    ago: ask again a few times, then give up (the deadline keeps its instant)."""
    got = ""
    for wait in (*RECOMPUTE_WAITS, None):
        try:
            scheduled = await deadlines.compute(
                request, schedule_to_close_timeout=RECOMPUTE_TIMEOUT
            )
        except ActivityError as err:
            return None, f"computation failed: {err.cause or err}"
        got = scheduled.deadline.calendar_version
        if got == version:
            return scheduled, ""
        if wait is not None:
            await workflow.sleep(wait)
            deadlines.host._note_resumption()
    return None, f"the workers' holiday calendar is {got}, not {version}"


def _recomputable(deadline: CaseDeadline) -> bool:
    return deadline.met_at is None and not deadline.lapsed and deadline.paused_since is None
