"""The worker's workflow sandbox (kernel/sandbox.py): built once, still a sandbox.

The worker as `worker.build_worker` builds it (its runner, interceptors and settings), with the
test's workflows in place of the procedures': a workflow that reads the wall clock or opens a
file still fails its workflow task, and the runs of one workflow type share the class their
module defined, loaded once into the worker's sandbox instead of once per run.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

# The sandbox loads this module to run its workflows: what the test itself needs, passed in.
with workflow.unsafe.imports_passed_through():
    from periods import default_calendar
    from settings import Settings
    from worker import build_worker


@workflow.defn(name="SandboxProbeClock")
class ReadsTheWallClock:
    @workflow.run
    async def run(self) -> str:
        return datetime.now().isoformat()  # workflow.now() is the deterministic one


@workflow.defn(name="SandboxProbeFile")
class OpensAFile:
    @workflow.run
    async def run(self) -> str:
        with open(__file__, encoding="utf-8") as source:
            return source.readline()


@workflow.defn(name="SandboxProbeWaiting")
class WaitsForEver:
    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: False)

    @workflow.query
    def class_identity(self) -> int:
        """The identity of the class this run is an instance of: one per load of this module."""
        return id(type(self))


@asynccontextmanager
async def product_worker(client: Client, settings: Settings) -> AsyncIterator[None]:
    """build_worker's worker, running the probes instead of the procedures (on the test's task
    queue: the one build_worker registered is left unpolled)."""
    config = build_worker(client, settings, default_calendar()).config()
    config["workflows"] = [ReadsTheWallClock, OpensAFile, WaitsForEver]
    config["task_queue"] = probes_queue(settings)
    async with Worker(**config):
        yield


def probes_queue(settings: Settings) -> str:
    return f"{settings.task_queue}-probes"


async def failed_task_message(client: Client, handle: WorkflowHandle[Any, Any]) -> str:
    """The failure of the run's first failed workflow task (waiting for it), decrypted; or, if
    the run was let through, that it completed."""
    while True:
        async for event in handle.fetch_history_events():
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
                failure = event.workflow_task_failed_event_attributes.failure
                return str(await client.data_converter.decode_failure(failure))
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
                return "the run completed"
        await asyncio.sleep(0.05)


async def test_reading_the_wall_clock_or_a_file_fails_the_workflow_task(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    client = dev_env.client
    async with product_worker(client, settings):
        clock = await client.start_workflow(
            ReadsTheWallClock.run,
            id=f"{settings.task_queue}-clock",
            task_queue=probes_queue(settings),
        )
        file = await client.start_workflow(
            OpensAFile.run, id=f"{settings.task_queue}-file", task_queue=probes_queue(settings)
        )
        clock_failure = await failed_task_message(client, clock)
        file_failure = await failed_task_message(client, file)
        for handle in (clock, file):
            with suppress(RPCError):  # a run let through has completed
                await handle.terminate("the test is over")
    assert "Cannot access datetime.datetime.now" in clock_failure
    assert "Cannot access __builtins__.open" in file_failure


async def test_runs_of_a_workflow_share_the_class_their_module_defined_once(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    client = dev_env.client
    async with product_worker(client, settings):
        handles = [
            await client.start_workflow(
                WaitsForEver.run, id=f"{settings.task_queue}-{n}", task_queue=probes_queue(settings)
            )
            for n in range(3)
        ]
        # All three open and cached at once: a sandbox per run would hold three classes.
        identities = {await handle.query(WaitsForEver.class_identity) for handle in handles}
        for handle in handles:
            await handle.terminate("the test is over")
    assert len(identities) == 1
    assert identities != {id(WaitsForEver)}  # the sandbox's own load, not the test's module
