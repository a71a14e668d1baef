"""Cases per second through the real engine: `python worker.py` (embedded dev server on SQLite)
in a temporary data directory, N market objections started at once, timed until every one is
under review (deadline computed, search attributes upserted) as supervisors see it.

    .venv/bin/python bench/case_starts.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from periods import SHANGHAI
from procedures.market_objection.models import workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from tests.conftest import example_case
from tests.processes import Engine


async def main(n: int) -> None:
    engine = Engine(Path(tempfile.mkdtemp(prefix="bench-")))
    await engine.start()
    try:
        client = await engine.client()
        received = await asyncio.to_thread(lambda: __import__("datetime").datetime.now(SHANGHAI))
        cases = [example_case(received_at=received.replace(microsecond=0)) for _ in range(n)]
        latencies: list[float] = []

        async def start(case: object) -> None:
            t0 = time.perf_counter()
            await client.start_workflow(
                MarketCreditObjectionWorkflow.run,
                case,
                id=workflow_id(case.case_id),  # type: ignore[attr-defined]
                task_queue=engine.task_queue,
            )
            latencies.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        await asyncio.gather(*(start(c) for c in cases))
        started = time.perf_counter() - t0
        query = "ProcedureType='market_credit_objection' AND CaseStage='under_review'"
        while (await client.count_workflows(query)).count < n:
            await asyncio.sleep(0.1)
        ready = time.perf_counter() - t0
        latencies.sort()
        print(f"{n} cases started in {started:.2f} s ({n / started:.0f} starts/s)")
        print(
            f"start latency: median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {latencies[int(0.95 * (n - 1))] * 1000:.0f} ms"
        )
        print(
            f"all {n} under review (visible to supervisors) after {ready:.2f} s "
            f"({n / ready:.0f} cases/s)"
        )
    finally:
        engine.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
