"""Plain Temporal, hand-written, for bench/ratio.py to compare the procedures with: a workflow of
a procedure's shape (one activity at the start, then for each human step an Update with a
validator, waited on with a timeout as a deadline is, and one activity after it) and nothing
else: no audit trail, no search attributes, no encryption, the SDK's default worker.

bench/memory.py and bench/step_latency.py measure the same workflow. For bench/ratio.py its worker
runs as a process of its own, so that its CPU is read apart from the product's:

    .venv/bin/python -m bench.minimal ADDRESS TASK_QUEUE
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

# As long as the longest statutory period a procedure waits on (a generous bound, never reached).
STEP_TIMEOUT = timedelta(days=60)
ACTIVITY_TIMEOUT = timedelta(seconds=30)


class MinimalCase(BaseModel):
    case_id: str
    steps: int  # how many human steps the procedure's shortest path takes


@activity.defn(name="bench_minimal_work")
async def work(what: str) -> str:
    return what


@workflow.defn(name="BenchMinimalCase")
class MinimalCaseWorkflow:
    def __init__(self) -> None:
        self._opened = False
        self._taken: list[str] = []

    @workflow.run
    async def run(self, case: MinimalCase) -> int:
        await workflow.execute_activity(work, "open", start_to_close_timeout=ACTIVITY_TIMEOUT)
        self._opened = True
        for step in range(case.steps):
            await workflow.wait_condition(
                lambda step=step: len(self._taken) > step, timeout=STEP_TIMEOUT
            )
            await workflow.execute_activity(
                work, self._taken[step], start_to_close_timeout=ACTIVITY_TIMEOUT
            )
        return len(self._taken)

    @workflow.update
    def take(self, step: str) -> int:
        self._taken.append(step)
        return len(self._taken)

    @take.validator
    def _check(self, step: str) -> None:
        if not step:
            raise ValueError("step: empty")

    @workflow.query
    def waiting(self) -> bool:
        """Opened, and waiting for its first step."""
        return self._opened and not self._taken


async def main(address: str, task_queue: str) -> None:
    client = await Client.connect(address, data_converter=pydantic_data_converter)
    async with Worker(
        client, task_queue=task_queue, workflows=[MinimalCaseWorkflow], activities=[work]
    ):
        print("minimal worker running", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
