"""What a step leaves for the case's main loop (issue 15: a step is answered at once).

A step's handler (an Update) checks nothing more than its validator did, claims the step before
any await, records it in the audit trail, queues what follows with `_follow_up`, and returns its
receipt. The queued work (documents, deliveries, subject-record writes, scoring, deadlines) runs
here, one piece after the other in the order queued, in a loop of the case's own: an outside
system that is down delays that case's outputs (the status shows them pending), never the
agency's next step. A signal only queues too.

A caller who wants the outcome waits for it with the `await_outputs` Update (the CLI's `--wait`,
the HTTP API's `?wait=true`): it returns once everything queued before it is done, with the
audit events the work recorded.

Import this module inside `workflow.unsafe.imports_passed_through()`, as case_base.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

from contracts.case_records import (
    AWAIT_OUTPUTS,
    AwaitOutputs,
    FollowUp,
    FollowUpState,
    OutputsReport,
)
from kernel.audit_trail import AuditTrail
from kernel.case_faults import failure_reason, unexpected

# How many finished follow-ups a case keeps for `await_outputs` (a case that lives for years
# takes many steps; what they did stays in the audit trail).
KEPT_FINISHED = 20
OUTPUT_FAILED = "output_failed"
# Where an operator reads what to do about an output that failed for good.
OUTPUT_RUNBOOK = "deploy/README.md#an-output-failed"

Job = Callable[[], Awaitable[object]]


class FollowUps:
    """The queue of a case's follow-up work and the loop that works it. `CaseWorkflow` mixes it
    in; the trail it records in and `_needs_attention` are the case's."""

    _case_id: str
    _stage: str
    _trail: AuditTrail
    _attention: str | None
    _queue: deque[tuple[FollowUp, Job]] | None = None
    _kept: list[FollowUp] | None = None
    _queued = 0  # follow-ups queued so far (the last one's seq)
    _finished = 0  # the seq of the last one finished (they finish in order)
    _worker: asyncio.Task[None] | None = None
    _running: FollowUp | None = None

    if TYPE_CHECKING:  # what the case provides (CaseWorkflow, ReplayRule)

        async def _needs_attention(self, err: Exception, step: str | None = None) -> None: ...

        def _thin(self) -> bool: ...

    # -- queueing ------------------------------------------------------------------------------

    def _follow_up(self, step: str, what: str, job: Job) -> FollowUp:
        """Queue `job` after everything queued before; no await, so a handler stays thin."""
        if self._queue is None:
            self._queue, self._kept = deque(), []
        self._queued += 1
        item = FollowUp(
            seq=self._queued,
            step=step,
            what=what,
            batch=workflow.info().get_current_history_length(),
            queued_at=workflow.now(),
        )
        self._queue.append((item, job))
        assert self._kept is not None
        self._kept.append(item)
        if self._worker is None:
            # Started by the first step that queues: a run that never queues (every run of the
            # kernels before THIN_STEPS_PATCH) has no such loop, and so replays as it was.
            self._worker = asyncio.get_running_loop().create_task(self._work_follow_ups())
        return item

    async def _after_step(self, step: str, what: str, job: Job) -> None:
        """A step's work after its claim: queued on a run that takes steps thin, done at once
        (awaited in the handler, as it was) on a run of an earlier kernel, so that its history
        replays."""
        if self._thin():
            self._follow_up(step, what, job)
        else:
            await job()

    def _follow_ups_done(self) -> bool:
        return self._finished >= self._queued

    async def _follow_through(self) -> None:
        """Wait until every follow-up queued so far is done (before a case closes, and before
        a step that needs what they produce). A case stopped on an error waits for ever here,
        visibly (needs attention)."""
        # Nothing queued (every run of an earlier kernel): no wait at all, so they replay as run.
        if not self._follow_ups_done():
            await workflow.wait_condition(self._follow_ups_done)

    # -- the loop --------------------------------------------------------------------------------

    async def _work_follow_ups(self) -> None:
        assert self._queue is not None
        while True:
            await workflow.wait_condition(lambda: bool(self._queue))
            item, job = self._queue[0]
            item.state = FollowUpState.RUNNING
            self._running = item
            try:
                await job()
            except ActivityError as err:
                # Refused for good, or not delivered within its day: the case goes on, the
                # failure is in the audit trail for the supervisor (nothing is lost: the step
                # itself was recorded when it was taken).
                self._failed(item, str(err.cause or err))
            except ApplicationError as err:
                self._failed(item, err.message)
            except Exception as err:
                if not unexpected(err) or not workflow.in_workflow():
                    # Not ours to handle; or the worker is dropping the run from its cache
                    # and its coroutines are being closed (nothing is recorded then).
                    raise
                item.state = FollowUpState.FAILED
                item.error = failure_reason(err)
                # The case stops where it is, visibly; what is still queued stays queued.
                await self._needs_attention(err, step=item.step)
                return
            else:
                item.state = FollowUpState.DONE
            item.finished_at = workflow.now()
            self._running = None
            self._queue.popleft()
            self._finished = item.seq
            self._forget_finished()

    def _note_event(self, index: int) -> None:
        """The audit trail's event at `index` was just recorded: the running follow-up's when
        its own loop recorded it (a step taken meanwhile records its events in its own task)."""
        if self._running is not None and asyncio.current_task() is self._worker:
            self._running.event_indexes.append(index)

    def _failed(self, item: FollowUp, reason: str) -> None:
        item.state = FollowUpState.FAILED
        item.error = reason
        self._trail.record(
            "system",
            OUTPUT_FAILED,
            OUTPUT_RUNBOOK,
            step=item.step,
            output=item.what,
            reason=reason,
        )

    def _forget_finished(self) -> None:
        assert self._kept is not None
        finished = [f for f in self._kept if f.state in (FollowUpState.DONE, FollowUpState.FAILED)]
        for old in finished[:-KEPT_FINISHED]:
            self._kept.remove(old)

    # -- waiting for the outcome (the CLI's --wait, the HTTP API's ?wait=true) ------------------

    @workflow.update(name=AWAIT_OUTPUTS)
    async def await_outputs(self, request: AwaitOutputs) -> OutputsReport:
        """Returns once everything queued before it is done (or the case stopped on an error),
        with what was done."""
        upto = self._queued
        await workflow.wait_condition(lambda: self._finished >= upto or self._attention is not None)
        chosen = [f for f in self._kept or [] if f.seq <= upto]
        if request.step is not None:
            mine = [f for f in chosen if f.step == request.step]
            latest = max((f.batch for f in mine), default=None)
            chosen = [f for f in mine if f.batch == latest]
        events = [self._trail.events[i] for f in chosen for i in f.event_indexes]
        return OutputsReport(
            case_id=self._case_id,
            stage=str(self._stage),
            follow_ups=chosen,
            events=events,
            attention=self._attention,
        )

    @await_outputs.validator
    def _validate_await_outputs(self, request: AwaitOutputs) -> None:
        # Nothing to refuse: the validator is there so that the update gate (the replay rule)
        # fronts this Update too (the SDK calls the gate only for Updates with a validator).
        return None
