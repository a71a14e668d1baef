"""Sending a step (an Update) to a case, as the CLI, the HTTP API and the drills do.

A case refuses an Update with `CASE_BUSY` for a moment: a new run only in the workflow task
that carries what its own code did on resuming, a run of the settling kernel (v2) while an activity
runs and until its settle timer has fired (kernel/update_gate.py); and the server
answers FAILED_PRECONDITION ("Workflow Task in failed state") for the moment a workflow task of
the case has failed and waits for its next attempt (e.g. one that crossed a timer's firing).
Neither changed anything, so the step is simply sent again, with a short growing pause, for up
to `STEP_PATIENCE`; every other refusal (wrong stage, invalid content) goes to the caller at
once.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from temporalio.client import (
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contracts.case_records import AWAIT_OUTPUTS, CASE_BUSY, AwaitOutputs, OutputsReport
from procedures.registry import case_id_of

# A settled case answers in milliseconds; a worker restart can take its tasks' timeouts (10 s).
STEP_PATIENCE = timedelta(seconds=30)
FIRST_PAUSE_S = 0.05
STATUS_QUERY = "status"  # every case answers it
# How long `--wait` / `?wait=true` wait for a step's follow-ups before answering without them.
WAIT_PATIENCE = timedelta(seconds=60)
LONGEST_PAUSE_S = 1.0


def is_busy(err: BaseException) -> bool:
    """A refusal because the case was still finishing its previous step."""
    cause = err.cause if isinstance(err, WorkflowUpdateFailedError) else None
    return isinstance(cause, ApplicationError) and cause.type == CASE_BUSY


async def execute_step(
    handle: WorkflowHandle[Any, Any],
    update: Any,
    argument: Any,
    *,
    patience: timedelta = STEP_PATIENCE,
    **options: Any,
) -> Any:
    """`handle.execute_update(update, argument, **options)`, sent again while the case is busy.
    After `patience` the busy refusal itself is raised (WorkflowUpdateFailedError)."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + patience.total_seconds()
    pause = FIRST_PAUSE_S
    while True:
        try:
            return await handle.execute_update(update, argument, **options)
        except WorkflowUpdateFailedError as err:
            if not is_busy(err) or loop.time() + pause > give_up:
                raise
        except RPCError as err:
            if err.status != RPCStatusCode.FAILED_PRECONDITION or loop.time() + pause > give_up:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_S)


async def await_outputs(
    handle: WorkflowHandle[Any, Any],
    step: str | None = None,
    *,
    patience: timedelta = WAIT_PATIENCE,
) -> OutputsReport:
    """Wait until everything the case's steps queued so far is done (issue 15: a step is
    answered at once, its documents, deliveries and deadlines follow in the case's main loop):
    what `step`'s latest follow-ups did, or every follow-up still kept. A case of an earlier
    kernel did that work before answering the step: the report is empty at once. After
    `patience` the report says `timed_out` (a delivery may retry for a day); the case's own
    wait goes on and ends with the follow-ups."""
    _, case_id = case_id_of(handle.id)
    waiting = asyncio.ensure_future(
        execute_step(handle, AWAIT_OUTPUTS, AwaitOutputs(step=step), result_type=OutputsReport)
    )
    done, _ = await asyncio.wait({waiting}, timeout=patience.total_seconds())
    if not done:
        # Only this client stops waiting (the SDK answers the cancellation with its own error).
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError, WorkflowUpdateRPCTimeoutOrCancelledError):
            await waiting
        return OutputsReport(case_id=case_id, stage="", follow_ups=[], events=[], timed_out=True)
    try:
        report: OutputsReport = waiting.result()
    except RPCError as err:
        # The step that was just answered was the case's last, and the case closed meanwhile
        # (it closes only once its follow-ups are done).
        if err.status != RPCStatusCode.NOT_FOUND:
            raise
        try:
            await handle.query(STATUS_QUERY)  # a closed case still answers; an unknown one not
        except RPCError:
            raise err from None
        return OutputsReport(case_id=case_id, stage="closed", follow_ups=[], events=[], closed=True)
    return report
