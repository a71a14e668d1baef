"""The product against plain Temporal, measured side by side in one run (issue 20).

One file-backed dev server (as `make run`'s embedded server), the product's own `worker.py` as a
process, and bench/minimal.py's worker as another: for each procedure, its shortest path (the
fault drill's: drills/scenarios.py) and a hand-written workflow of the same shape (one activity,
then per human step an Update with a validator waited on with a timeout and one activity after
it) are driven in turn, interleaved pair by pair, N cases each with C in flight. Every step is
sent the moment the previous one is answered, the first right after the start: a step refused
for being early is counted (and sent again), as is a busy refusal (the replay rule).

Printed per procedure: cases/s of each, CPU ms per case of the server and of the worker, events,
workflow tasks, search-attribute upserts and timers per case (from the histories), the refusals,
and last one line per procedure: `<procedure> ratio <x.xx>` (product ÷ plain, cases/s).

    .venv/bin/python bench/ratio.py [--cases N] [--concurrency C] [--pairs P] [PROCEDURE ...]

Defaults (`make bench` runs them, about 12 minutes here): 150 cases, 50 in flight, 3 pairs,
every procedure with a case path (the evaluation round is a batch, measured by bench/round.py).
"""

# ruff: noqa: E402 (the path fix below must come before the imports)
from __future__ import annotations

import sys
from pathlib import Path

# The repository instead of bench/ itself, whose http.py would hide the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import asyncio
import os
import random
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter

from bench.minimal import MinimalCase, MinimalCaseWorkflow
from contracts import search_attributes as sa
from drills.cluster import Cluster
from drills.scenario_parts import Scenario
from drills.scenarios import BUILDERS
from engine import ensure_search_attributes
from service.steps import STATUS_QUERY, is_busy
from tests.processes import parent_pid

ROOT = Path(__file__).resolve().parent.parent
PATHS: dict[str, Callable[[int, str, random.Random], Scenario]] = {
    builder.__name__: builder for builder in BUILDERS if builder.__name__ != "ip_round"
}
NAMES = {
    "market": "market-objection",
    "medical": "medical-objection",
    "accountability": "accountability",
    "repair": "repair",
    "designation": "designation",
    "agreement": "agreement",
}
# Where the drill's path takes a variant in turn, the shortest one (the fewest outputs).
SHORTEST = {"market": "upheld", "medical": "upheld", "repair": "approve-notice"}
SAMPLED_HISTORIES = 10
RESEND_PAUSE_S = 0.02
TICK = os.sysconf("SC_CLK_TCK")


# -- CPU of a process and its children, from /proc -------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if parent_pid(int(entry.name)) == pid:
                    found.append(int(entry.name))
            except OSError:  # a process that just ended
                continue
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its children (the dev server's command may fork)."""
    total = 0.0
    for each in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


# -- one phase: N cases of one kind ----------------------------------------------------------


@dataclass
class Phase:
    kind: str  # "product" or "plain"
    cases: int
    seconds: float
    server_cpu: float
    worker_cpu: float
    history: Counter[str] = field(default_factory=Counter)
    sampled: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    refusal_sample: str = ""
    # Seconds spent by all cases together in each part of their path (where a case waits).
    spent: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.cases / self.seconds


@dataclass
class Bench:
    cluster: Cluster
    product: Client
    plain: Client
    plain_queue: str
    plain_worker: subprocess.Popen[bytes]
    concurrency: int
    rng: random.Random = field(default_factory=lambda: random.Random(20))

    def worker_pid(self) -> int:
        process = self.cluster.slots[0].process
        assert process is not None
        return process.pid

    def server_pid(self) -> int:
        assert self.cluster.server is not None
        return self.cluster.server.pid

    async def phase(self, kind: str, path: str, n: int) -> Phase:
        scenarios = shortest(path, n, self.rng)
        for scenario in scenarios:  # what a path needs beforehand (a subject's record): untimed
            if scenario.prepare is not None:
                await scenario.prepare(self.product, self.cluster.settings)
        worker = self.worker_pid() if kind == "product" else self.plain_worker.pid
        server0, worker0 = cpu_seconds(self.server_pid()), cpu_seconds(worker)
        result = Phase(kind, n, 0.0, 0.0, 0.0)
        limit = asyncio.Semaphore(self.concurrency)
        drive = self.drive_product if kind == "product" else self.drive_plain

        async def one(scenario: Scenario) -> WorkflowHandle[Any, Any]:
            async with limit:
                return await drive(scenario, result)

        t0 = time.perf_counter()
        handles = await asyncio.gather(*(one(s) for s in scenarios))
        result.seconds = time.perf_counter() - t0
        result.server_cpu = cpu_seconds(self.server_pid()) - server0
        result.worker_cpu = cpu_seconds(worker) - worker0
        for handle in handles[:SAMPLED_HISTORIES]:
            result.history.update(await history_counts(handle))
            result.sampled += 1
        return result

    async def send(
        self, handle: WorkflowHandle[Any, Any], update: str, argument: Any, phase: Phase
    ) -> None:
        """The step at once; sent again after a refusal, each refusal counted by its kind."""
        for _ in range(500):
            try:
                await handle.execute_update(update, argument)
                return
            except WorkflowUpdateFailedError as err:
                kind = "busy" if is_busy(err) else "early"
                phase.refusals[kind] += 1
                if kind == "early" and not phase.refusal_sample:
                    phase.refusal_sample = str(err.cause or err)
            await asyncio.sleep(RESEND_PAUSE_S)
        raise RuntimeError(f"{handle.id}: '{update}' refused 500 times: {phase.refusal_sample}")

    async def drive_product(self, scenario: Scenario, phase: Phase) -> WorkflowHandle[Any, Any]:
        procedure = scenario.procedure
        t0 = time.perf_counter()
        handle = await self.product.start_workflow(
            procedure.workflow.run,  # type: ignore[attr-defined]
            scenario.case,
            id=scenario.workflow_id,
            task_queue=self.cluster.settings.task_queue,
            # As the CLI and the HTTP API start a case (cli/client.py, api/routes/cases.py).
            search_attributes=sa.at_start(procedure.procedure_type, scenario.agency_code),
        )
        t1 = time.perf_counter()
        for step in scenario.steps:
            await self.send(handle, step.update, step.argument, phase)
        t2 = time.perf_counter()
        phase.spent.update(start=t1 - t0, steps=t2 - t1)
        if scenario.closes:
            await handle.result()
            phase.spent["end"] += time.perf_counter() - t2
            return handle
        while True:  # a path that ends waiting for time (a public notice): until it is there
            status = await handle.query(STATUS_QUERY, result_type=procedure.status_model)
            if str(status.stage) == scenario.end_stage:
                phase.spent["end"] += time.perf_counter() - t2
                return handle
            await asyncio.sleep(RESEND_PAUSE_S)

    async def drive_plain(self, scenario: Scenario, phase: Phase) -> WorkflowHandle[Any, Any]:
        t0 = time.perf_counter()
        handle = await self.plain.start_workflow(
            MinimalCaseWorkflow.run,
            MinimalCase(case_id=scenario.case_id, steps=len(scenario.steps)),
            id=f"bench-plain-{scenario.case_id}",
            task_queue=self.plain_queue,
        )
        t1 = time.perf_counter()
        for step in scenario.steps:
            await self.send(handle, "take", step.name, phase)
        t2 = time.perf_counter()
        await handle.result()
        phase.spent.update(start=t1 - t0, steps=t2 - t1, end=time.perf_counter() - t2)
        return handle


def shortest(path: str, n: int, rng: random.Random) -> list[Scenario]:
    """N cases of the path's shortest variant, each with ids of its own."""
    run, index, found = uuid.uuid4().hex[:6], 0, []
    while len(found) < n:
        scenario = PATHS[path](index, run, rng)
        if scenario.variant == SHORTEST.get(path, scenario.variant):
            found.append(scenario)
        index += 1
    return found


async def history_counts(handle: WorkflowHandle[Any, Any]) -> Counter[str]:
    history = await handle.fetch_history()
    types = [event.event_type for event in history.events]
    return Counter(
        events=len(types),
        tasks=types.count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
        upserts=types.count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
        timers=types.count(EventType.EVENT_TYPE_TIMER_STARTED),
        markers=types.count(EventType.EVENT_TYPE_MARKER_RECORDED),
    )


# -- the report --------------------------------------------------------------------------------


def describe(phases: list[Phase]) -> str:
    cases = sum(p.cases for p in phases)
    seconds = sum(p.seconds for p in phases)
    sampled = sum(p.sampled for p in phases) or 1
    history = sum((p.history for p in phases), Counter())
    refusals = sum((p.refusals for p in phases), Counter())

    def per(name: str) -> str:
        return f"{history[name] / sampled:.1f}"

    refused = ", ".join(f"{k} {v / cases:.2f}" for k, v in sorted(refusals.items())) or "none"
    spent = sum((p.spent for p in phases), Counter())
    waits = ", ".join(
        f"{part} {spent[part] / cases * 1000:.0f}" for part in ("start", "steps", "end")
    )
    return (
        f"{cases / seconds:7.1f} cases/s | CPU ms/case server "
        f"{sum(p.server_cpu for p in phases) / cases * 1000:5.1f}, worker "
        f"{sum(p.worker_cpu for p in phases) / cases * 1000:5.1f} | per case: events "
        f"{per('events')}, tasks {per('tasks')}, upserts {per('upserts')}, timers "
        f"{per('timers')}, markers {per('markers')} | refusals per case: {refused}"
        f"\n{'':10}ms per case waiting for: {waits}"
    )


def ratio(product: list[Phase], plain: list[Phase]) -> float:
    rate = sum(p.cases for p in product) / sum(p.seconds for p in product)
    return rate / (sum(p.cases for p in plain) / sum(p.seconds for p in plain))


async def start(root: Path, concurrency: int) -> Bench:
    cluster = Cluster(root, workers=1, extra_env={}, probe=False)
    cluster.spawn_server()
    product = await cluster.server_ready(None)
    await ensure_search_attributes(product, cluster.settings.namespace)
    await cluster.start_workers()
    address = f"127.0.0.1:{cluster.port}"
    plain_queue = f"bench-plain-{uuid.uuid4().hex[:6]}"
    log = (root / "plain-worker.log").open("wb")
    plain_worker = subprocess.Popen(
        [sys.executable, "-m", "bench.minimal", address, plain_queue],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    plain = await Client.connect(address, data_converter=pydantic_data_converter)
    while b"minimal worker running" not in (root / "plain-worker.log").read_bytes():
        if plain_worker.poll() is not None:
            raise RuntimeError("the plain worker exited; see " + str(root / "plain-worker.log"))
        await asyncio.sleep(0.1)
    return Bench(cluster, product, plain, plain_queue, plain_worker, concurrency)


async def main(args: argparse.Namespace) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-ratio-"))
    bench = await start(root, args.concurrency)
    try:
        by_name = {name: path for path, name in NAMES.items()}
        paths = [by_name[name] for name in args.procedures] or list(PATHS)
        print(
            f"{args.cases} cases per phase, {args.concurrency} in flight, {args.pairs} pairs "
            f"interleaved; dev server on SQLite; {os.cpu_count()} cores",
            flush=True,
        )
        # A warm-up of each kind, so that neither pays the imports and the server's first tables.
        for path in paths:
            await bench.phase("plain", path, 20)
            await bench.phase("product", path, 20)
        results: dict[str, dict[str, list[Phase]]] = {
            p: {"product": [], "plain": []} for p in paths
        }
        for pair in range(args.pairs):
            for path in paths:
                order = ("plain", "product") if pair % 2 == 0 else ("product", "plain")
                for kind in order:
                    results[path][kind].append(await bench.phase(kind, path, args.cases))
                print(f"pair {pair + 1}, {NAMES[path]} done", file=sys.stderr, flush=True)
        for path in paths:
            steps = [step.name for step in shortest(path, 1, bench.rng)[0].steps]
            print(f"\n{NAMES[path]}: start, {', '.join(steps)}")
            for kind in ("plain", "product"):
                print(f"  {kind:<8}{describe(results[path][kind])}")
                sample = next(
                    (p.refusal_sample for p in results[path][kind] if p.refusal_sample), ""
                )
                if sample:
                    print(f"            an early refusal: {sample}")
            rates = [
                a.rate / b.rate
                for a, b in zip(results[path]["product"], results[path]["plain"], strict=True)
            ]
            print(f"  ratio per pair: {', '.join(f'{r:.2f}' for r in rates)}")
        print()
        for path in paths:
            print(
                f"{NAMES[path]} ratio {ratio(results[path]['product'], results[path]['plain']):.2f}"
            )
    finally:
        bench.plain_worker.terminate()
        bench.cluster.stop()


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument(
        "procedures", nargs="*", metavar="PROCEDURE", help=f"any of {', '.join(NAMES.values())}"
    )
    parser.add_argument("--cases", type=int, default=150, help="cases per phase (default 150)")
    parser.add_argument("--concurrency", type=int, default=50, help="in flight (default 50)")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved pairs (default 3)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.procedures if name not in NAMES.values()]
    if unknown:
        parser.error(f"unknown procedure {unknown[0]!r}: any of {', '.join(NAMES.values())}")
    return args


if __name__ == "__main__":
    asyncio.run(main(arguments(sys.argv[1:])))
    sys.stdout.flush()
    os._exit(0)  # the SDK's runtime threads can abort the interpreter's finalization
