"""The HTTP API's figures against the real engine: `python worker.py` (embedded dev server on
SQLite, the HTTP API beside the worker in a process of its own, `python -m api`) in a temporary
data directory.

1. Sustained case starts per second through `POST /market-objection/cases`, with C requests in
   flight (an agency system's connection pool), until OPEN cases are open.
2. With those OPEN cases open: a case's status over HTTP (`GET /market-objection/cases/{id}`)
   against the raw workflow query of the same kind of case (`handle.query("status")`, the
   Temporal client alone), p50 and p99 with 1 and with 10 requests in flight, and the ratio
   HTTP/raw of each (issue 20: at most 1.2). The two are interleaved in one shuffled run, each
   call on a case of its own, so that both meet the same load and the same worker cache.
3. p50/p99 of three lists (`GET /cases`): one agency's cases in a stage (≤ 100 rows), the
   overdue ones (none), and a page of 1,000.

    .venv/bin/python bench/http.py [OPEN] [C]          # defaults: 10000 50
"""

# ruff: noqa: E402 (the path fix below must come before the imports)
from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `http` package, and a script's own directory
# comes first on sys.path: put the repository there instead, before anything imports `http`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio
import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from temporalio.client import Client

from api.serve import LOCAL_KEYS_NOTE
from periods import SHANGHAI
from tests.processes import Engine

EXAMPLE = json.loads(
    (Path(__file__).resolve().parent.parent / "examples" / "market-objection.json").read_text(
        encoding="utf-8"
    )
)


# Calls of each kind (HTTP, raw query) per concurrency.
STATUS_CALLS = 500


def keys(engine: Engine) -> dict[str, str]:
    lines = (engine.data_dir / LOCAL_KEYS_NOTE).read_text(encoding="utf-8").splitlines()
    return dict(line.rsplit(": ", 1) for line in lines if not line.startswith("#"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50) * 1000:.1f} ms, p99 {percentile(values, 99) * 1000:.1f} ms "
        f"({len(values)} calls)"
    )


async def timed(calls: list[Any], concurrency: int) -> list[float]:
    """Run the coroutine factories with `concurrency` in flight; each call's latency."""
    latencies: list[float] = []
    queue = list(calls)

    async def worker() -> None:
        while queue:
            call = queue.pop()
            t0 = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


async def status_against_query(
    http: httpx.AsyncClient,
    client: Client,
    agency: dict[str, str],
    case_ids: list[str],
    in_flight: int,
) -> None:
    """STATUS_CALLS statuses over HTTP and as many raw queries, interleaved, `in_flight` at a
    time; each kind's p50 and p99 and the ratio HTTP/raw."""
    chosen = random.sample(case_ids, min(2 * STATUS_CALLS, len(case_ids)))
    latencies: dict[str, list[float]] = {"HTTP": [], "raw": []}

    def over_http(case_id: str) -> Any:
        async def call() -> None:
            t0 = time.perf_counter()
            response = await http.get(f"/market-objection/cases/{case_id}", headers=agency)
            latencies["HTTP"].append(time.perf_counter() - t0)
            assert response.status_code == 200, response.text

        return call

    def raw(case_id: str) -> Any:
        async def call() -> None:
            t0 = time.perf_counter()
            status = await client.get_workflow_handle(f"market-objection-{case_id}").query("status")
            latencies["raw"].append(time.perf_counter() - t0)
            assert status["case_id"] == case_id

        return call

    calls = [over_http(c) for c in chosen[::2]] + [raw(c) for c in chosen[1::2]]
    random.shuffle(calls)
    await timed(calls, in_flight)
    ratio = {
        p: percentile(latencies["HTTP"], p) / percentile(latencies["raw"], p) for p in (50, 99)
    }
    print(
        f"status, {in_flight} in flight: HTTP {ms(latencies['HTTP'])}; "
        f"raw query {ms(latencies['raw'])}; "
        f"HTTP/raw p50 {ratio[50]:.2f}x, p99 {ratio[99]:.2f}x"
    )


async def main(open_cases: int, concurrency: int) -> None:
    engine = Engine(Path(tempfile.mkdtemp(prefix="bench-http-")))
    await engine.start()
    base = f"http://127.0.0.1:{engine.http_port}"
    try:
        found = keys(engine)
        agency = {"Authorization": f"Bearer {found['agency QZ-SCJG']}"}
        supervisor = {"Authorization": f"Bearer {found['supervisor']}"}
        received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(minutes=1)
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            case_ids: list[str] = []

            def start_call() -> Any:
                case = {
                    **EXAMPLE,
                    "case_id": f"B-{uuid.uuid4().hex[:12]}",
                    "received_at": received.isoformat(),
                }

                async def call() -> None:
                    response = await http.post("/market-objection/cases", json=case, headers=agency)
                    assert response.status_code == 201, response.text
                    case_ids.append(case["case_id"])

                return call

            t0 = time.perf_counter()
            start_latencies = await timed([start_call() for _ in range(open_cases)], concurrency)
            elapsed = time.perf_counter() - t0
            print(
                f"starts: {open_cases} cases in {elapsed:.1f} s = "
                f"{open_cases / elapsed:.0f} starts/s sustained ({concurrency} in flight); "
                f"latency {ms(start_latencies)}"
            )
            # Wait until every case is under review and visible, as supervisors see them.
            while True:
                response = await http.get(
                    "/cases",
                    params={"stage": "under_review", "limit": 10_000},
                    headers=supervisor,
                )
                if len(response.json()) >= open_cases:
                    break
                await asyncio.sleep(1)
            print(f"open: {open_cases} cases under review after {time.perf_counter() - t0:.1f} s")

            client = await engine.client()
            for in_flight in (1, 10):
                await status_against_query(http, client, agency, case_ids, in_flight)
            lists = {
                "one agency, one stage, 100 rows": {
                    "agency": "QZ-SCJG",
                    "stage": "under_review",
                    "limit": 100,
                },
                "overdue (none)": {"overdue": "true"},
                "a page of 1,000": {"limit": 1000},
            }
            for label, params in lists.items():

                def list_call(params: dict[str, Any] = params) -> Any:
                    async def call() -> None:
                        response = await http.get("/cases", params=params, headers=supervisor)
                        assert response.status_code == 200, response.text

                    return call

                latencies = await timed([list_call() for _ in range(100)], 4)
                print(f"list ({label}):", ms(latencies))
            print(f"(statistics: mean start {statistics.mean(start_latencies) * 1000:.1f} ms)")
    finally:
        engine.stop()


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [10_000, 50][len(arguments) :])))
