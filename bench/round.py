"""A round of N market-credit subjects (default 10,000) through the real engine: `python
worker.py` (embedded dev server on SQLite) in a temporary data directory. The IP agencies' round
is opened, the facts sent in steps of 1,000, the facts closed; timed until every subject is
scored, the lists published, and every result written to its subject record and told.

Measured in the same run, as a ratio: the scoring module alone on the same facts (in this
process, no engine) against the round end to end (facts sent → every subject scored).

    .venv/bin/python bench/round.py [N]
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# The repository first, this folder not at all (bench/http.py would shadow the standard `http`).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from activities.round_scoring import score_batch  # noqa: E402
from contracts.round_activities import BATCH_LIMIT, ScoreBatch  # noqa: E402
from contracts.rounds import RoundAgency, RoundKind, RoundOpening, workflow_id  # noqa: E402
from procedures.round.models import CloseFacts, FactsBatch, RoundStatus, Stage  # noqa: E402
from procedures.round.workflow import EvaluationRoundWorkflow  # noqa: E402
from service.steps import execute_step  # noqa: E402
from tests.processes import Engine  # noqa: E402
from tests.test_designation_workflow import fresh_uscc  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples/scoring/market-credit-ip-agency.json"


def population(n: int) -> list[dict[str, Any]]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return [
        {
            **base,
            "subject_id": fresh_uscc(),
            "name": f"衢州第{i + 1}知识产权代理有限公司",
            "failed_check_items": (i * 7) % 31,
        }
        for i in range(n)
    ]


def module_rate(records: list[dict[str, Any]]) -> float:
    """Subjects per second of the scoring module alone (the same batches the round scores)."""
    t0 = time.perf_counter()
    for start in range(0, len(records), BATCH_LIMIT):
        batch = ScoreBatch(
            round_id="bench",
            kind=RoundKind.IP_AGENCY,
            batch=start // BATCH_LIMIT + 1,
            records=records[start : start + BATCH_LIMIT],
        )
        score_batch(batch)
    return len(records) / (time.perf_counter() - t0)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


async def until(handle: Any, predicate: Any) -> RoundStatus:
    while True:
        status: RoundStatus = await handle.query(EvaluationRoundWorkflow.status)
        if predicate(status):
            return status
        await asyncio.sleep(0.05)


async def main(n: int) -> None:
    records = population(n)
    alone = module_rate(records)
    engine = Engine(Path(tempfile.mkdtemp(prefix="bench-round-")))
    await engine.start()
    try:
        client = await engine.client()
        opening = RoundOpening(
            kind=RoundKind.IP_AGENCY,
            period="2026",
            agency=RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局知识产权分局"),
        )
        handle = await client.start_workflow(
            EvaluationRoundWorkflow.run,
            opening,
            id=workflow_id(opening.round_id),
            task_queue=engine.task_queue,
        )
        await until(handle, lambda s: s.stage is Stage.COLLECTING)
        t0 = time.perf_counter()
        for start in range(0, n, BATCH_LIMIT):
            part = FactsBatch(records=records[start : start + BATCH_LIMIT], sent_by="bench")
            await execute_step(handle, EvaluationRoundWorkflow.facts, part)
        sent = time.perf_counter() - t0
        batches = (n + BATCH_LIMIT - 1) // BATCH_LIMIT
        await until(handle, lambda s: s.tally.batches_scored == batches)
        scored = time.perf_counter() - t0
        await execute_step(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="bench"))
        await until(handle, lambda s: s.stage is not Stage.COLLECTING and s.published_on)
        await until(handle, lambda s: s.stage in (Stage.DELIVERING, Stage.CLOSED))
        published = time.perf_counter() - t0
        status = await until(handle, lambda s: s.stage is Stage.CLOSED)
        closed = time.perf_counter() - t0
        events = 0
        size = 0
        async for event in handle.fetch_history_events():
            events += 1
            size += event.ByteSize()
        assert engine.process is not None
        worker_mb = peak_rss_mb(engine.process.pid)
        server_mb = max((peak_rss_mb(pid) for pid in children(engine.process.pid)), default=0.0)
        tally = status.tally
        assert tally.scored == n and tally.records_written == n, tally
        print(f"round of {n} market-credit subjects (IP agencies), {batches} steps of facts")
        print(f"facts sent in {sent:.2f} s; every subject scored after {scored:.2f} s")
        print(
            f"subjects scored per second, end to end: {n / scored:.0f}/s "
            f"(the scoring module alone: {alone:.0f}/s; ratio {n / scored / alone:.2f})"
        )
        print(f"published (results, copy to 市信用办) after {published:.2f} s")
        print(
            f"every result written to its subject record and told after {closed:.2f} s "
            f"({n / (closed - published):.0f} subjects/s)"
        )
        print(f"round history: {events} events, {size / 1024 / 1024:.1f} MiB")
        print(f"peak memory: worker {worker_mb:.0f} MiB, server {server_mb:.0f} MiB")
        print(f"round ratio {n / scored / alone:.2f}")
    finally:
        engine.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
