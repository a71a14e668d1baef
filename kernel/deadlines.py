"""A case's named deadlines: the kernel's fourth composed part.

One deadline mechanism for every procedure (architecture.md "Two kinds of deadline"):
- an *agency duty*: reminders before it, and on expiry the case is marked overdue, escalated to
  the supervisor, and keeps waiting for the agency's act;
- a *party window*: on expiry `watch` returns False and the procedure applies the legal
  consequence (e.g. the result becomes formal, the objection right lapses).
Deadline instants come from the `compute_deadline` activity (recorded in history); a deadline
can be rescheduled (an extension, a restarted clock) and `watch` follows it; after a holiday
notice is added, kernel/recomputation.py computes every open deadline again.

Every case holds one as `_deadlines` (kernel/case_base.py) and reads it like the dict of its
named deadlines (`self._deadlines[REVIEW]`, `REVIEW in self._deadlines`). What it needs from
the case (running an activity under the replay rule, handing over a full run, the procedure's
reminder and overdue messages) it asks of its host (`DeadlineHost`).

Import this module inside `workflow.unsafe.imports_passed_through()`; its functions run in the
workflow sandbox (no clock, file or network access of their own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, NoReturn, Protocol

from temporalio import workflow
from temporalio.common import RetryPolicy

from contracts import activities as act
from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.outputs import Outputs

# Deadline arithmetic reads holiday data only: quick, local, and safe to retry.
DEADLINE_TIMEOUT = timedelta(seconds=30)
DEADLINE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1))

Message = tuple[str, str, str]  # recipient, subject, body


class DeadlineHost(Protocol):
    """What the deadlines ask of the case that holds them (CaseWorkflow and its parts)."""

    async def _activity(self, activity_name: str, *args: Any, **options: Any) -> Any: ...

    def _run_is_full(self) -> bool: ...

    async def _hand_over(self) -> NoReturn: ...

    def _resumed(self) -> None: ...

    def _note_resumption(self) -> None: ...

    def _publish(self) -> None: ...

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message: ...

    def _overdue_message(self, deadline: CaseDeadline) -> Message: ...


class CaseDeadlines:
    """The named deadlines of one case, and the waits, reminders and escalations they drive."""

    def __init__(self, host: DeadlineHost, trail: AuditTrail, outputs: Outputs) -> None:
        self.host = host
        self.trail = trail
        self._outputs = outputs
        self._named: dict[str, CaseDeadline] = {}
        # Bumped whenever a deadline is replaced or paused: a `watch` waiting on the old one
        # wakes and follows the new one.
        self.revision = 0

    # -- read like the dict of the case's named deadlines ----------------------------------------

    def __getitem__(self, name: str) -> CaseDeadline:
        return self._named[name]

    def __contains__(self, name: object) -> bool:
        return name in self._named

    def __iter__(self) -> Iterator[str]:
        return iter(self._named)

    def get(self, name: str) -> CaseDeadline | None:
        return self._named.get(name)

    def values(self) -> list[CaseDeadline]:
        return list(self._named.values())

    @property
    def by_name(self) -> dict[str, CaseDeadline]:
        """What a full run hands over to the next (kernel/long_life.py)."""
        return self._named

    def take_over(self, named: dict[str, CaseDeadline], revision: int) -> None:
        """In the next run: the deadlines as the previous run left them."""
        self._named = dict(named)
        self.revision = revision

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self._named.values())

    # -- scheduling, waiting, meeting ------------------------------------------------------------

    async def schedule(
        self,
        name: str,
        kind: DeadlineKind,
        citation: str,
        *,
        start_at: datetime,
        length: int,
        unit: act.PeriodUnit = "working_days",
        pauses: list[tuple[date, date]] | None = None,
    ) -> CaseDeadline:
        """Compute a named deadline (an activity, so the result is in history) and record it.

        Scheduling a name again replaces the deadline (an extension, a restarted clock)."""
        request = act.DeadlineRequest(
            start_at=start_at,
            length=length,
            unit=unit,
            remind=kind is DeadlineKind.AGENCY_DUTY,
            pauses=pauses or [],
        )
        scheduled = await self.compute(request)
        deadline = self.install(name, kind, citation, request, scheduled)
        self.trail.record(
            SYSTEM,
            f"{name}_deadline_set",
            citation,
            basis=scheduled.deadline.basis,
            last_day=scheduled.deadline.last_day.isoformat(),
            due_at=scheduled.deadline.due_at.isoformat(),
            provisional=scheduled.deadline.provisional,
            calendar_version=scheduled.deadline.calendar_version,
            reminders=[r.at.isoformat() for r in deadline.reminders],
        )
        return deadline

    async def compute(self, request: act.DeadlineRequest, **options: Any) -> act.ScheduledDeadline:
        """The `compute_deadline` activity (its result is in history: replay reads it back)."""
        scheduled: act.ScheduledDeadline = await self.host._activity(
            act.COMPUTE_DEADLINE,
            request,
            result_type=act.ScheduledDeadline,
            start_to_close_timeout=DEADLINE_TIMEOUT,
            heartbeat_timeout=act.HEARTBEAT_TIMEOUT,
            retry_policy=DEADLINE_RETRY,
            **options,
        )
        return scheduled

    def install(
        self,
        name: str,
        kind: DeadlineKind,
        citation: str,
        request: act.DeadlineRequest,
        scheduled: act.ScheduledDeadline,
    ) -> CaseDeadline:
        """Make a computed deadline the named one (a new revision); `watch` follows it."""
        now = workflow.now()
        previous = self._named.get(name)
        # A case entered late (after a reminder's moment) gets no belated reminders; the due
        # instant itself is still enforced.
        reminders = [
            Reminder(at=r.at, working_days_before=r.working_days_before)
            for r in scheduled.reminders
            if r.at > now
        ]
        deadline = CaseDeadline(
            name=name,
            kind=kind,
            citation=citation,
            deadline=scheduled.deadline,
            reminders=reminders,
            revision=previous.revision + 1 if previous else 0,
            overdue=bool(previous and previous.overdue and scheduled.deadline.due_at <= now),
            paused_working_days=scheduled.paused_working_days,
            request=request,
        )
        self._named[name] = deadline
        self.revision += 1
        return deadline

    async def watch(self, name: str, done: Callable[[], bool]) -> bool:
        """Wait until `done()` or the named deadline's consequence.

        Agency duty: reminders, then escalation at expiry, and keep waiting: returns True once
        done. Party window: returns False when it lapses before `done()`.
        The instants come from history; a rescheduled deadline is followed at once."""
        while not done():
            if self.host._run_is_full():
                await self.host._hand_over()  # the next run watches on from the same instants
            deadline = self._named[name]
            moment, reminder = _next_moment(deadline)
            if moment is None:
                seen = self.revision
                await workflow.wait_condition(
                    lambda: done() or self.revision != seen or self.host._run_is_full()  # noqa: B023
                )
                continue
            delay = moment - workflow.now()
            if delay > timedelta(0):
                seen = self.revision
                try:
                    await workflow.wait_condition(
                        lambda: done() or self.revision != seen or self.host._run_is_full(),  # noqa: B023
                        timeout=delay,
                    )
                    continue
                except TimeoutError:
                    self.host._resumed()  # what follows the moment is the case's own doing
            if reminder is not None:
                await self._send_reminder(deadline, reminder)
            elif deadline.kind is DeadlineKind.PARTY_WINDOW:
                deadline.lapsed = True
                self.trail.record(SYSTEM, f"{name}_window_lapsed", deadline.citation)
                return False
            else:
                await self._escalate(deadline)
        return True

    async def escalate(self, name: str) -> None:
        """The named duty has expired unmet: overdue, escalated (for a case that watches several
        duties in one loop of its own instead of `watch`)."""
        await self._escalate(self._named[name])

    def meet(self, name: str) -> None:
        self._named[name].met_at = workflow.now()

    def is_open(self, name: str) -> bool:
        deadline = self._named.get(name)
        return bool(deadline) and deadline.met_at is None and not deadline.lapsed  # type: ignore[union-attr]

    def window_open(self, name: str) -> bool:
        # The timer may not have fired yet when the instant has passed: the instant decides.
        return self.is_open(name) and workflow.now() < self._named[name].deadline.due_at

    def pause(self, name: str) -> None:
        """Stop a deadline's clock; `schedule` of the same name (with the pause counted out)
        starts it again. `watch` waits without a timer meanwhile."""
        self._named[name].paused_since = workflow.now()
        self.revision += 1

    async def _send_reminder(self, deadline: CaseDeadline, reminder: Reminder) -> None:
        reminder.sent = True
        self.trail.record(
            SYSTEM,
            f"{deadline.name}_deadline_reminder",
            deadline.citation,
            working_days_left=reminder.working_days_before,
            due_at=deadline.deadline.due_at.isoformat(),
        )
        message = self.host._reminder_message(deadline, reminder)
        await self._tell(deadline, f"reminder-{reminder.working_days_before}wd", message)

    async def _escalate(self, deadline: CaseDeadline) -> None:
        deadline.overdue = True
        self.trail.record(
            SYSTEM,
            f"{deadline.name}_overdue_escalated",
            deadline.citation,
            due_at=deadline.deadline.due_at.isoformat(),
        )
        self.host._publish()
        await self._tell(deadline, "overdue", self.host._overdue_message(deadline))

    async def _tell(self, deadline: CaseDeadline, what: str, message: Message) -> None:
        """Send a reminder or an escalation once: keyed by the deadline, its revision (a moved
        deadline reminds again) and what is told."""
        recipient, subject, body = message
        revision = f"-r{deadline.revision}" if deadline.revision else ""
        await self._outputs.notify(
            step=f"{deadline.name}{revision}-{what}",
            recipient=recipient,
            subject=subject,
            body=body,
            cite=deadline.citation,
        )


def _next_moment(deadline: CaseDeadline) -> tuple[datetime | None, Reminder | None]:
    """The next instant the deadline needs attention, and the reminder due then (if any)."""
    if (
        deadline.overdue
        or deadline.lapsed
        or deadline.met_at is not None
        or deadline.paused_since is not None
    ):
        return None, None
    pending = [r for r in deadline.reminders if not r.sent]
    if pending:
        first = min(pending, key=lambda r: r.at)
        if first.at < deadline.deadline.due_at:
            return first.at, first
    return deadline.deadline.due_at, None
