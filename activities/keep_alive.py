"""Heartbeats for every activity while it runs, so that a dead worker is noticed in seconds.

A worker killed in the middle of an activity (SIGKILL, a lost node) reports nothing: without
heartbeats the server hands the activity out again only when its start-to-close timeout expires
(minutes for a delivery that may wait on an outside system). With heartbeats it does so when
the heartbeat timeout expires. The beat comes from the worker's event loop, not from the
activity's own work: a slow SMS gateway keeps its attempt as long as the process lives, a dead
process loses it within `HEARTBEAT_TIMEOUT`.

The workflows set `heartbeat_timeout=contracts.HEARTBEAT_TIMEOUT` on the activities that may
take long (see `kernel.case_base`); the worker installs `KeepAliveInterceptor` (see
`worker.build_worker`).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from temporalio import activity
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

# Well inside contracts.HEARTBEAT_TIMEOUT even on a busy loop; the SDK itself sends at most one
# heartbeat per 0.8 x the timeout, whatever the beat here.
BEAT_EVERY_S = 2.0


class KeepAliveInterceptor(Interceptor):
    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _KeepAlive(next)


class _KeepAlive(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        if not activity.info().heartbeat_timeout or not asyncio.iscoroutinefunction(input.fn):
            # Nothing to keep alive (no heartbeat timeout), or a thread-pool activity with no
            # loop of ours to beat from (none is registered).
            return await super().execute_activity(input)
        beat = asyncio.create_task(_beat())
        try:
            return await super().execute_activity(input)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat


async def _beat() -> None:
    # The first beat after a pause: most attempts finish in milliseconds and cost no RPC.
    while True:
        await asyncio.sleep(BEAT_EVERY_S)
        activity.heartbeat()
