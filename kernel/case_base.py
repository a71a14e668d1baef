"""What every procedure workflow shares: the audit trail, named deadlines, reminders, escalation,
party windows, deliveries and the search attributes supervisors filter on.

One deadline mechanism for every procedure (architecture.md "Two kinds of deadline"):
- an *agency duty*: reminders before it, and on expiry the case is marked overdue, escalated to
  the supervisor, and keeps waiting for the agency's act;
- a *party window*: on expiry `watch` returns False and the procedure applies the legal
  consequence (e.g. the result becomes formal, the objection right lapses).
Deadline instants come from the `compute_deadline` activity (recorded in history); a deadline
can be rescheduled (an extension) and `watch` follows it.

Import this module inside `workflow.unsafe.imports_passed_through()`; its functions run in the
workflow sandbox (no clock, file or network access of their own).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from contracts import activities as act
from contracts.case_records import (
    RECOMPUTE_DEADLINES,
    CarriedCase,
    CaseDeadline,
    DeadlineKind,
    RecomputeDeadlines,
    Reminder,
)
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.case_faults import ATTENTION_RUNBOOK, failure_reason, unexpected
from kernel.follow_ups import FollowUps
from kernel.long_life import LongLife
from kernel.outputs import Outputs
from kernel.replay_rule import THIN, ReplayRule
from kernel.visibility import Visibility

# Deadline arithmetic reads holiday data only: quick, local, and safe to retry.
DEADLINE_TIMEOUT = timedelta(seconds=30)
DEADLINE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1))
# A recomputation asks for the calendar just added: the waits before asking again while a
# worker still answers with the previous one, and how long one computation may keep failing.
RECOMPUTE_WAITS = (timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=8))
RECOMPUTE_TIMEOUT = timedelta(minutes=5)
CALENDAR_CITATION = "国务院办公厅部分节假日安排的通知"

# A case whose own code met an error it cannot carry on from (a bug, a value it cannot handle):
# the CaseStage supervisors find it by, the audit action, and the runbook entry that says what
# to do (deploy/README.md "A case needs attention").
NEEDS_ATTENTION = "needs_attention"
NEEDS_ATTENTION_ERROR = "NEEDS_ATTENTION"  # the error type of an Update whose handler failed

Message = tuple[str, str, str]  # recipient, subject, body


class CaseWorkflow(FollowUps, LongLife, ReplayRule):
    """Mixin for procedure workflows. Subclasses set the attributes in `__init__` and implement
    the message hooks; everything else here is procedure-neutral."""

    procedure_type: str
    _case_id: str
    _agency_code: str
    _stage: str
    _trail: AuditTrail
    _deadlines: dict[str, CaseDeadline]
    _deadline_revision: int
    _outputs: Outputs
    _recompute_lock: asyncio.Lock
    # Why the case's own code stopped (`carried`), or None.
    _attention: str | None = None
    _visibility: Visibility

    def _init_case(
        self, case_id: str, agency_code: str, stage: str, carried: CarriedCase | None = None
    ) -> None:
        """`carried`: what the previous run of the case handed over (kernel/long_life.py);
        the procedure restores its own part and its stage (a StrEnum of its own)."""
        self._case_id = case_id
        self._agency_code = agency_code
        self._stage = stage
        self._trail = AuditTrail(case_id, on_record=self._note_event)
        self._visibility = Visibility(
            self.procedure_type, agency_code, self._trail, self._count_command
        )
        self._deadlines = {}
        self._deadline_revision = 0
        self._outputs = Outputs(case_id, self._trail, self._activity)
        self._recompute_lock = asyncio.Lock()
        if carried is not None:
            self._take_over(carried)

    # -- refusals -------------------------------------------------------------------------------

    def _out_of_stage(self, rule: str) -> str:
        """Why a step sent in the wrong stage is refused: the stage the case is in, then the rule
        it broke (e.g. "a review decision is accepted only in stage 'under_review'"). Every
        procedure words it the same way so that a caller can tell a stage refusal at a glance."""
        return f"case {self._case_id} is in stage '{self._stage}': {rule}"

    # -- hooks ----------------------------------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        raise NotImplementedError

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        raise NotImplementedError

    # -- the audit trail ------------------------------------------------------------------------

    # -- deadlines ------------------------------------------------------------------------------

    async def _schedule(
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
        scheduled: act.ScheduledDeadline = await self._activity(
            act.COMPUTE_DEADLINE,
            request,
            result_type=act.ScheduledDeadline,
            start_to_close_timeout=DEADLINE_TIMEOUT,
            heartbeat_timeout=act.HEARTBEAT_TIMEOUT,
            retry_policy=DEADLINE_RETRY,
        )
        deadline = self._install(name, kind, citation, request, scheduled)
        self._trail.record(
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

    def _install(
        self,
        name: str,
        kind: DeadlineKind,
        citation: str,
        request: act.DeadlineRequest,
        scheduled: act.ScheduledDeadline,
    ) -> CaseDeadline:
        """Make a computed deadline the named one (a new revision); `_watch` follows it."""
        now = workflow.now()
        previous = self._deadlines.get(name)
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
        self._deadlines[name] = deadline
        self._deadline_revision += 1
        return deadline

    # -- recomputation after a holiday-calendar update ------------------------------------------

    @workflow.signal(name=RECOMPUTE_DEADLINES)
    async def recompute_deadlines(self, update: RecomputeDeadlines) -> None:
        """A year's holiday notice was added (service/calendar_update.py): compute every open
        deadline again with the request it was scheduled with. Only cases that get this signal
        run these steps; one signal at a time."""
        self._note_signal()
        if self._kernel == THIN:
            # A signal only queues (issue 15): the case's loop recomputes, after whatever the
            # steps before it queued; an unexpected error there stops the case visibly.
            self._follow_up(
                RECOMPUTE_DEADLINES, "deadlines recomputed", lambda: self._recompute(update)
            )
            return
        async with self._recompute_lock:
            try:
                await self._recompute(update)
            except Exception as err:
                # A signal cannot be refused: a fault here would fail the task for ever (#14).
                if not unexpected(err):
                    raise
                await self._needs_attention(err, step=RECOMPUTE_DEADLINES)

    async def _recompute(self, update: RecomputeDeadlines) -> None:
        unchanged: list[str] = []
        moved = False
        for name in list(self._deadlines):
            deadline = self._deadlines[name]
            if not _recomputable(deadline):
                continue  # done, or stopped (it is computed afresh when its clock resumes)
            if deadline.request is None:
                self._trail.record(
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
            scheduled, problem = await self._compute_with(update.calendar_version, deadline.request)
            if self._deadlines.get(name) is not deadline or not _recomputable(deadline):
                continue  # rescheduled, met, lapsed or paused meanwhile: left as it now is
            if scheduled is None:
                self._trail.record(
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
            replaced = self._install(
                name, deadline.kind, deadline.citation, deadline.request, scheduled
            )
            replaced.recomputed_from = old.due_at
            moved = True
            self._trail.record(
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
            self._trail.record(
                SYSTEM,
                "deadlines_checked",
                update.notice or CALENDAR_CITATION,
                reason=update.reason,
                unchanged=unchanged,
                calendar_version=update.calendar_version,
            )
        if moved:
            self._publish()

    async def _compute_with(
        self, version: str, request: act.DeadlineRequest
    ) -> tuple[act.ScheduledDeadline | None, str]:
        """The deadline computed by a worker whose calendar is `version`. A worker looks at the
        holiday store at most once a second, so it may answer with the calendar of a moment
        ago: ask again a few times, then give up (the deadline keeps its instant)."""
        got = ""
        for wait in (*RECOMPUTE_WAITS, None):
            try:
                scheduled: act.ScheduledDeadline = await self._activity(
                    act.COMPUTE_DEADLINE,
                    request,
                    result_type=act.ScheduledDeadline,
                    start_to_close_timeout=DEADLINE_TIMEOUT,
                    heartbeat_timeout=act.HEARTBEAT_TIMEOUT,
                    schedule_to_close_timeout=RECOMPUTE_TIMEOUT,
                    retry_policy=DEADLINE_RETRY,
                )
            except ActivityError as err:
                return None, f"computation failed: {err.cause or err}"
            got = scheduled.deadline.calendar_version
            if got == version:
                return scheduled, ""
            if wait is not None:
                await workflow.sleep(wait)
                self._note_resumption()
        return None, f"the workers' holiday calendar is {got}, not {version}"

    async def _watch(self, name: str, done: Callable[[], bool]) -> bool:
        """Wait until `done()` or the named deadline's consequence.

        Agency duty: reminders, then escalation at expiry, and keep waiting: returns True once
        done. Party window: returns False when it lapses before `done()`.
        The instants come from history; a rescheduled deadline is followed at once."""
        while not done():
            if self._run_is_full():
                await self._hand_over()  # the next run watches on from the same instants
            deadline = self._deadlines[name]
            moment, reminder = _next_moment(deadline)
            if moment is None:
                seen = self._deadline_revision
                await workflow.wait_condition(
                    lambda: done() or self._deadline_revision != seen or self._run_is_full()  # noqa: B023
                )
                continue
            delay = moment - workflow.now()
            if delay > timedelta(0):
                seen = self._deadline_revision
                try:
                    await workflow.wait_condition(
                        lambda: done() or self._deadline_revision != seen or self._run_is_full(),  # noqa: B023
                        timeout=delay,
                    )
                    continue
                except TimeoutError:
                    self._resumed()  # what follows the moment is the case's own doing
            if reminder is not None:
                await self._send_reminder(deadline, reminder)
            elif deadline.kind is DeadlineKind.PARTY_WINDOW:
                deadline.lapsed = True
                self._trail.record(SYSTEM, f"{name}_window_lapsed", deadline.citation)
                return False
            else:
                await self._escalate(deadline)
        return True

    def _meet(self, name: str) -> None:
        self._deadlines[name].met_at = workflow.now()

    def _is_open(self, name: str) -> bool:
        deadline = self._deadlines.get(name)
        return bool(deadline) and deadline.met_at is None and not deadline.lapsed  # type: ignore[union-attr]

    def _window_open(self, name: str) -> bool:
        # The timer may not have fired yet when the instant has passed: the instant decides.
        return self._is_open(name) and workflow.now() < self._deadlines[name].deadline.due_at

    def _pause(self, name: str) -> None:
        """Stop a deadline's clock; `_schedule` of the same name (with the pause counted out)
        starts it again. `_watch` waits without a timer meanwhile."""
        self._deadlines[name].paused_since = workflow.now()
        self._deadline_revision += 1

    async def _send_reminder(self, deadline: CaseDeadline, reminder: Reminder) -> None:
        reminder.sent = True
        self._trail.record(
            SYSTEM,
            f"{deadline.name}_deadline_reminder",
            deadline.citation,
            working_days_left=reminder.working_days_before,
            due_at=deadline.deadline.due_at.isoformat(),
        )
        recipient, subject, body = self._reminder_message(deadline, reminder)
        revision = f"-r{deadline.revision}" if deadline.revision else ""
        await self._outputs.notify(
            step=f"{deadline.name}{revision}-reminder-{reminder.working_days_before}wd",
            recipient=recipient,
            subject=subject,
            body=body,
            cite=deadline.citation,
        )

    async def _escalate(self, deadline: CaseDeadline) -> None:
        deadline.overdue = True
        self._trail.record(
            SYSTEM,
            f"{deadline.name}_overdue_escalated",
            deadline.citation,
            due_at=deadline.deadline.due_at.isoformat(),
        )
        self._publish()
        recipient, subject, body = self._overdue_message(deadline)
        revision = f"-r{deadline.revision}" if deadline.revision else ""
        await self._outputs.notify(
            step=f"{deadline.name}{revision}-overdue",
            recipient=recipient,
            subject=subject,
            body=body,
            cite=deadline.citation,
        )

    # -- what supervisors filter on -------------------------------------------------------------

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self._deadlines.values())

    def _publish(self) -> None:
        """Upsert the search attributes supervisors filter on, at every stage change."""
        stage = NEEDS_ATTENTION if self._attention else self._stage
        self._visibility.publish(stage, list(self._deadlines.values()))

    # -- what the case's own code cannot carry on from ------------------------------------------

    async def _needs_attention(self, err: Exception, step: str | None = None) -> None:
        """Stop the procedure where it is, visibly: CaseStage `needs_attention`, the reason in the
        audit trail, the supervisor told (as an overdue escalation is). The case keeps answering
        its status query; the runbook says how to set it going again. `step`: the Update or
        signal whose handler failed (None: the case's main loop)."""
        self._attention = failure_reason(err)
        self._trail.record(
            SYSTEM,
            NEEDS_ATTENTION,
            ATTENTION_RUNBOOK,
            reason=self._attention,
            stage=str(self._stage),
            **({"step": step} if step else {}),
        )
        self._publish()
        try:
            await self._outputs.notify(
                step=f"needs-attention-{step or 'run'}-{len(self._trail.events)}",
                recipient="supervisor",
                subject="案件需处理: the case stopped on an error",
                body=(
                    f"Case {self._case_id} ({self._agency_code}) stopped in stage "
                    f"'{self._stage}': {self._attention}. Its deadlines no longer run; "
                    f"see {ATTENTION_RUNBOOK}."
                ),
                cite=ATTENTION_RUNBOOK,
            )
        except ActivityError as failed:
            self._trail.record(
                SYSTEM, "notification_failed", ATTENTION_RUNBOOK, reason=str(failed.cause or failed)
            )

    async def step_failed(self, step: str, err: Exception) -> ApplicationError:
        """An Update's handler met an unexpected error after the Update was accepted (the update
        gate, kernel/update_gate.py, calls this): the case needs attention, and the caller
        gets the reason instead of a workflow task that fails for ever."""
        await self._needs_attention(err, step=step)
        return ApplicationError(
            f"case {self._case_id} could not complete '{step}' and needs attention: "
            f"{self._attention} (a supervisor has been told)",
            type=NEEDS_ATTENTION_ERROR,
            non_retryable=True,
        )


W = TypeVar("W", bound=CaseWorkflow)
P = ParamSpec("P")
R = TypeVar("R")


def carried(
    run: Callable[Concatenate[W, P], Awaitable[R]],
) -> Callable[Concatenate[W, P], Awaitable[R]]:
    """Put under `@workflow.run`: an unexpected exception in the case's own code (a bug, a value
    a step cannot handle) no longer fails the workflow task on every retry, invisibly (issue
    14). The case moves to `needs_attention` (`_needs_attention`) and stays open, answering its
    status query, until a supervisor resets or ends it (deploy/README.md).

    What is caught: `unexpected`. Determinism: an exception caught here used to fail its task,
    so no completed history ever held what follows: no patch is needed."""

    @functools.wraps(run)
    async def guarded(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = await run(self, *args, **kwargs)
            # Nothing a step queued is dropped by a case that closes (no wait, no command,
            # where nothing is queued: runs of earlier kernels replay as they were).
            await self._follow_through()
            return result
        except Exception as err:
            if not unexpected(err):
                raise
            await self._needs_attention(err)
            await workflow.wait_condition(lambda: False)  # until reset, terminated or cancelled
            raise  # unreachable: the wait never ends on its own

    return guarded


def _recomputable(deadline: CaseDeadline) -> bool:
    return deadline.met_at is None and not deadline.lapsed and deadline.paused_since is None


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
