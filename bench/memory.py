"""Worker memory per cached open run: a market objection under review against plain Temporal's
minimal workflow of the same shape (bench/minimal.py), on one embedded dev server.

The product's worker is `worker.build_worker` (its sandbox, interceptors and activities), the
minimal one a plain `Worker` with Temporal's defaults, both in this process with a workflow cache
larger than every run started (nothing is evicted). For each kind in turn: a warm-up of runs (the
one-time costs: modules, first instances), then the resident set size (RSS, from
/proc/self/statm, after a garbage collection and `malloc_trim`) before and after starting N runs
and waiting until each is waiting (the objection under review, settled; the minimal one past its
activity). Growth / N is the memory a cached run costs the worker, Python and sdk-core alike.

    .venv/bin/python bench/memory.py [N]          # default 2000
"""

# ruff: noqa: E402 (the path fix below must come before the imports)
from __future__ import annotations

import sys
from pathlib import Path

# The repository instead of bench/ itself, whose http.py would hide the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio
import ctypes
import gc
import os
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker

from bench.minimal import MinimalCase, MinimalCaseWorkflow, work
from kernel.replay_rule import BUSY_QUERY
from periods import SHANGHAI, default_calendar
from procedures.market_objection.models import MarketObjectionCase, Stage, workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from tests.conftest import example_case, make_settings, start_dev_server
from worker import build_worker

WARM_UP = 100  # runs of each kind before the baseline
IN_FLIGHT = 50  # starts and queries at once
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    """This process's resident set, once what is garbage has been collected and freed memory
    handed back to the system (so the figure is what the runs hold)."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE


async def in_flight(jobs: Iterable[Awaitable[None]]) -> None:
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def one(job: Awaitable[None]) -> None:
        async with limit:
            await job

    await asyncio.gather(*(one(job) for job in jobs))


async def until(ready: Callable[[str], Awaitable[bool]], wid: str) -> None:
    """Until the run answers that it is ready; a query that times out (a busy machine) is sent
    again."""
    while True:
        try:
            if await ready(wid):
                return
        except RPCError as err:
            if err.status not in (RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.CANCELLED):
                raise
        await asyncio.sleep(0.2)


async def minimal_runs(client: Client, task_queue: str, n: int) -> None:
    ids = [f"bench-memory-minimal-{uuid.uuid4().hex}" for _ in range(n)]

    async def start(wid: str) -> None:
        await client.start_workflow(
            MinimalCaseWorkflow.run,
            MinimalCase(case_id=wid, steps=1),
            id=wid,
            task_queue=task_queue,
        )

    async def waiting(wid: str) -> bool:
        return bool(await client.get_workflow_handle(wid).query(MinimalCaseWorkflow.waiting))

    await in_flight(start(wid) for wid in ids)
    await in_flight(until(waiting, wid) for wid in ids)


async def objection_runs(client: Client, task_queue: str, n: int) -> None:
    received = datetime.now(SHANGHAI).replace(microsecond=0)
    cases = [example_case(received_at=received) for _ in range(n)]

    async def start(case: MarketObjectionCase) -> None:
        await client.start_workflow(
            MarketCreditObjectionWorkflow.run,
            case,
            id=workflow_id(case.case_id),
            task_queue=task_queue,
        )

    async def under_review(wid: str) -> bool:
        handle = client.get_workflow_handle(wid)
        status = await handle.query(MarketCreditObjectionWorkflow.status)
        return status.stage is Stage.UNDER_REVIEW and not await handle.query(BUSY_QUERY)

    await in_flight(start(case) for case in cases)
    ids = [workflow_id(case.case_id) for case in cases]
    await in_flight(until(under_review, wid) for wid in ids)


async def per_run_kb(start: Callable[[int], Awaitable[None]], n: int) -> tuple[float, int]:
    """KB per cached run, and the process's RSS (bytes) before the N runs."""
    await start(WARM_UP)
    before = rss_bytes()
    await start(n)
    return (rss_bytes() - before) / n / 1024, before


async def main(n: int) -> None:
    env = await start_dev_server()
    async with env:
        client = env.client
        cache = WARM_UP + n + 10  # every run stays cached
        settings = make_settings(
            Path(tempfile.mkdtemp(prefix="bench-memory-")), workflow_cache=cache
        )
        product = build_worker(client, settings, default_calendar())
        minimal_queue = f"{settings.task_queue}-minimal"
        minimal = Worker(
            client,
            task_queue=minimal_queue,
            workflows=[MinimalCaseWorkflow],
            activities=[work],
            max_cached_workflows=cache,
        )
        async with product, minimal:
            plain, at_rest = await per_run_kb(lambda k: minimal_runs(client, minimal_queue, k), n)
            ours, _ = await per_run_kb(lambda k: objection_runs(client, settings.task_queue, k), n)
    print(f"{'worker process at rest (after the warm-up)':<44} {at_rest / 2**20:7.1f} MiB")
    print(f"{'minimal workflow (plain Temporal)':<44} {plain:7.1f} KB per cached run")
    print(f"{'market objection under review':<44} {ours:7.1f} KB per cached run")
    print(f"memory ratio {ours / plain:.2f}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
