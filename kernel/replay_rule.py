"""The replay rule of a case: when a step (an Update) may be accepted (issue 15).

Every case workflow takes it from `CaseWorkflow`; the update gate (kernel/update_gate.py)
asks `busy_reason()` before every validator. Three kernels live side by side, chosen once per
run by `workflow.patched` at its first activity: THIN (new runs: a step's handler only claims,
records and queues, kernel/follow_ups.py), AT_ONCE (the v3 histories: the same rule, handlers
that still await their documents), SETTLING (runs started on the settling kernel, the v2
histories) and FIRST (the v1 histories).

Import this module inside `workflow.unsafe.imports_passed_through()`, as case_base.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any, ClassVar

from temporalio import workflow

# The replay rules a run can follow (see ANSWER_AT_ONCE_PATCH).
THIN, AT_ONCE, SETTLING, FIRST = "thin-steps", "at-once", "settling", "first"
# When an Update may be accepted: the replay rule (issue 15). sdk-core may apply a workflow
# task's new events (an activity result, a timer, a signal) early, in an activation of their own
# (to answer a query sent while the task waited in its queue), and deliver an Update that came
# with that same task in a later activation; on replay both come in one activation and the
# Update runs first. If the case's own code resumed in the early activation and issued commands,
# the Update's acceptance lands after them live and before them on replay: the history no longer
# replays and the case is stuck (the fault drill: 10 of 1,000 cases on the first kernel).
#
# New runs (ANSWER_AT_ONCE_PATCH) refuse an Update only in the workflow task that carries the
# commands of the case's own code's last resumption: `_note_resumption` keeps the history length
# the resumption saw, and an Update seen fewer than SAME_TASK_SPAN events after it is refused
# (CASE_BUSY, nothing recorded; the client sends it again and a later task takes it). Why a span
# and not equality: when sdk-core applies a task's events early for a query, the resumption sees
# the length up to the task's WorkflowTaskScheduled event, and the Update comes in the task's own
# activation one event later (WorkflowTaskStarted): the fault drill, 2 of 1,000 cases lost with
# equality. Any later task starts at least 3 events after the one that carried the commands
# (completed, scheduled, started). An activity that merely runs never refuses a step. Within one
# activation the SDK applies Updates before everything else, live and on replay alike, so an
# Update that comes with an activity result in one activation is taken.
ANSWER_AT_ONCE_PATCH = "answer-at-once"
# Runs that take steps thin (the same replay rule): a step's handler claims, records and queues
# its documents, deliveries, record writes, scoring and deadlines for the main loop, and returns.
# Its own patch because the commands move: the Update completes before the work is scheduled.
THIN_STEPS_PATCH = "thin-steps"
ANSWERING_KERNELS = (THIN, AT_ONCE)
SAME_TASK_SPAN = 3
# A task applied early can also be attempted more than once (the fault drill: an activity result
# applied early for a status query at the task's WorkflowTaskScheduled event, 41; its first
# attempt went to a worker that was killed, 42 started, 43 timed out, 44 scheduled; the second
# attempt, 45, came back to the worker holding the early state with an Update: 45 - 41 = 4, not
# refused, and the case was lost). An activation that applies events early is recognised by its
# time: sdk-core moves workflow time only when a task starts, so there the history grew while the
# time stood still (`_observe`). What the case's own code did there reaches the history only with
# the completion of a later attempt, and the first task that can follow that completion starts at
# least EARLY_TASK_SPAN events after it, plus one for each command it issued that always becomes
# an event (a search-attribute upsert, an activity scheduled; a timer can be dropped unsent, so
# it is not counted): started, completed, the commands, scheduled, started. Until then an Update
# is refused; no Update that comes after that completion is refused (the count is a lower bound).
EARLY_TASK_SPAN = 4
# Runs started between the two kernels (v2 histories) settle instead: an Update is refused while
# an activity runs and until a 1 ms timer has fired after its result and after every deadline
# moment. Kept for them only; new runs set no settle timer.
SETTLE = timedelta(milliseconds=1)
SETTLE_PATCH = "settle-before-updates"
BUSY_QUERY = "busy"


class ReplayRule:
    """The part of a case that knows when its own code resumes, and so when a step must be
    sent again in a moment."""

    # Does this workflow type have runs started before issue 20 (a released type: its runs
    # decide their kernel and every later change with `workflow.patched`)? Each procedure's
    # current type is new (no run of it predates the thin kernel): it takes THIN from its first
    # line and every patch as applied, with no marker and no `TemporalChangeVersion` upsert in
    # its history. The released type is a subclass of it that sets this (procedures/*/workflow.py).
    released: ClassVar[bool] = False
    _case_id: str
    # The replay rule of this run (see ANSWER_AT_ONCE_PATCH): decided once, by `workflow.patched`,
    # at the run's first activity: THIN for new runs, AT_ONCE, SETTLING or FIRST for older ones.
    _kernel: str | None = None
    _activities_running = 0
    _unsettled = 0
    # The history length the case's own code last resumed at (see SAME_TASK_SPAN), and the one
    # its last signal came at (see `recompute_deadlines`).
    _resumed_in: int | None = None
    _signalled_in: int | None = None
    # The last activation seen (history length, workflow time), whether it applied events early,
    # the history length of the last early one and the commands issued there (EARLY_TASK_SPAN).
    _seen_length = -1
    _seen_time: datetime | None = None
    _seen_early = False
    _early_in: int | None = None
    _early_commands = 0

    def busy_reason(self) -> str | None:
        """Why an Update must be sent again in a moment, or None. Read by the update gate
        (kernel/update_gate.py) before every validator; a read, never a command."""
        if self._kernel in ANSWERING_KERNELS:
            self._observe()
            now = workflow.info().get_current_history_length()
            resumed = self._resumed_in is not None and now - self._resumed_in < SAME_TASK_SPAN
            signalled = (
                self._signalled_in is not None and 0 < now - self._signalled_in < SAME_TASK_SPAN
            )
            if resumed or signalled or self._early_uncommitted(now):
                return (
                    f"case {self._case_id} is taking a step of its own at this very moment: "
                    "send this again in a moment"
                )
            return None
        if self._kernel == SETTLING and (self._activities_running or self._unsettled):
            return (
                f"case {self._case_id} is finishing its previous step: send this again in a moment"
            )
        return None  # a run older than SETTLE_PATCH keeps its first behaviour

    @workflow.query(name=BUSY_QUERY)
    def busy(self) -> str | None:
        """For runs that settle (v2): `busy_reason()`, for clients that would rather wait than be
        refused (and tests). A new run refuses only within one workflow task, which no query
        sees: None."""
        return None if self._kernel in ANSWERING_KERNELS else self.busy_reason()

    def _rule(self) -> str:
        if self._kernel is None:
            if not self.released:
                self._kernel = THIN
            elif workflow.patched(THIN_STEPS_PATCH):
                self._kernel = THIN
            elif workflow.patched(ANSWER_AT_ONCE_PATCH):
                self._kernel = AT_ONCE
            elif workflow.patched(SETTLE_PATCH):
                self._kernel = SETTLING
            else:
                self._kernel = FIRST
        return self._kernel

    def _patched(self, patch_id: str) -> bool:
        """`workflow.patched(patch_id)` for a run of a released type; True, with no marker, for
        a run of a new type (every patch is part of its code from its first run)."""
        return workflow.patched(patch_id) if self.released else True

    def _thin(self) -> bool:
        """Does this run take its steps thin (THIN_STEPS_PATCH)? Decided with the replay rule;
        a step taken before the run's first activity decides it there, live and on replay
        alike (an Update is applied before the run's first code in one activation)."""
        return self._rule() == THIN

    def _note_resumption(self) -> None:
        """The case's own code resumes (after an activity result or a timer): no Update may be
        accepted in the task that carries what it now does (SAME_TASK_SPAN, EARLY_TASK_SPAN).
        Reads of the history length and the time, no command: safe on every kernel."""
        self._observe()
        self._resumed_in = workflow.info().get_current_history_length()

    def _observe(self) -> bool:
        """Does this activation apply a task's events early (EARLY_TASK_SPAN)? Remembers it. The
        answer only ever changes what a validator says (validators never run on replay), never
        a command."""
        length = workflow.info().get_current_history_length()
        if length != self._seen_length:
            now = workflow.now()
            self._seen_early = applies_early(self._seen_length, self._seen_time, length, now)
            self._seen_length, self._seen_time = length, now
            if self._seen_early:
                if not self._early_uncommitted(length):
                    self._early_commands = 0  # what earlier early activations did is in history
                self._early_in = length
                workflow.logger.info(
                    "task applied early", extra={"case_id": self._case_id, "history": length}
                )
        return self._seen_early

    def _early_uncommitted(self, length: int) -> bool:
        return early_uncommitted(self._early_in, self._early_commands, length)

    def _count_command(self) -> None:
        """The case issues a command that always becomes an event (EARLY_TASK_SPAN)."""
        if self._observe():
            self._early_commands += 1

    def _resumed(self) -> None:
        """After an activity result or a deadline moment."""
        self._note_resumption()
        if self._rule() == SETTLING:
            self._settle()

    def _settle(self) -> None:
        """(v2 runs) Hold Updates until a timer has fired after what the case just did.

        The timer is issued on replay too (the same commands), but only held live: what a
        replayed activation did belongs to a workflow task already completed, so no Update of
        the task being worked can share it. Without this, a worker without the run in its cache
        would refuse every Update: replay hands it the settle timer's firing in one activation
        with the new Update (sdk-core merges a task that issued no command with the next), and
        the validator runs before the timer's callback."""
        held = not workflow.unsafe.is_replaying()
        if held:
            self._unsettled += 1
        asyncio.get_running_loop().create_task(self._settled(held))

    async def _settled(self, held: bool) -> None:
        try:
            await workflow.sleep(SETTLE)
        finally:
            if held:
                self._unsettled -= 1

    async def _activity(self, activity_name: str, *args: Any, **options: Any) -> Any:
        """Every activity of a case goes through here, so that the replay rule knows when the
        case's own code resumes."""
        self._rule()
        self._count_command()
        self._activities_running += 1
        try:
            return await workflow.execute_activity(activity_name, *args, **options)
        finally:
            self._activities_running -= 1
            # Not when a worker that shuts down drops the run and its coroutines are closed
            # outside the workflow's loop (nothing resumes then).
            if workflow.in_workflow():
                self._resumed()

    def _note_signal(self) -> None:
        """A signal of the case's own (`recompute_deadlines`) is being handled.

        Noted apart from other resumptions: in one activation the SDK runs a signal's handler
        before the validator of an Update that came after it, live and on replay alike, so a
        step in the signal's own activation is taken. Counting that too would refuse every
        step for ever on a worker without the run cached: replay merges a task that issued no
        command with the next, and this handler runs again in front of each new step
        (tests/test_replay_rule.py). Only a signal applied early, before the step's own
        activation, refuses it. The activities it runs note their results as any other.
        """
        self._observe()
        self._signalled_in = workflow.info().get_current_history_length()


def applies_early(seen_length: int, seen_time: datetime | None, length: int, now: datetime) -> bool:
    """An activation applies a task's events early when the history grew since the activation
    seen before it while the workflow time stood still (no task started meanwhile)."""
    return seen_time is not None and now == seen_time and length > seen_length


def early_uncommitted(early_in: int | None, commands: int, length: int) -> bool:
    """Can a task that starts at history length `length` still be an attempt of the task that
    carries what an early activation at `early_in` did, with `commands` commands that always
    become events (EARLY_TASK_SPAN)? Then an Update there must be refused."""
    if early_in is None:
        return False
    return 0 < length - early_in < EARLY_TASK_SPAN + commands
