"""Scale-out and fault drill: nothing lost, nothing delivered twice.

A file-backed Temporal dev server (`temporal server start-dev --db-filename`, as EmbeddedServer
runs it) as its own process, N `worker.py` processes on one task queue sharing one data
directory (outbox, subject id key, holiday store), and cases of every procedure driven through
their human steps with a Temporal client, while a random worker is killed with SIGKILL every few
seconds and restarted, and once, mid-run, the dev server itself is killed with SIGKILL and started
again on the same database file.

    .venv/bin/python drills/fault_drill.py --cases 1000 --workers 3 --kill-every 5
    .venv/bin/python drills/fault_drill.py --quick          # 60 cases, under a minute
    .venv/bin/python drills/fault_drill.py --quick --json   # the report as one JSON object

Exit code 0 when no case is lost and no notice was produced twice; 1 otherwise; 2 when the drill
itself could not run (the server or the workers did not start).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drills.chaos import Chaos  # noqa: E402
from drills.cluster import WORKER_READY_TIMEOUT_S, Cluster, log  # noqa: E402
from drills.driving import CaseDriver  # noqa: E402
from drills.report import render  # noqa: E402
from drills.runs import CaseRun, Stats  # noqa: E402
from drills.scenarios import plan  # noqa: E402
from drills.verdicts import build_report, replay_all, slowest, verify  # noqa: E402
from engine import EngineUnavailable, ensure_search_attributes  # noqa: E402


class Drill:
    def __init__(self, args: argparse.Namespace, cluster: Cluster) -> None:
        self.args = args
        self.cluster = cluster
        self.plan = plan(args.cases, args.seed)
        self.runs = [CaseRun(s) for s in self.plan.scenarios]
        self.rng = random.Random(args.seed)
        self.started = time.monotonic()

    async def run(self) -> dict[str, Any]:
        cluster = self.cluster
        log(f"drill directory {cluster.root}; dev server on 127.0.0.1:{cluster.port}")
        cluster.spawn_server()
        client = await cluster.server_ready(None)
        await ensure_search_attributes(client, cluster.settings.namespace)
        # The subject id key, once, before the workers race to create it.
        cluster.settings.subject_id_secret  # noqa: B018
        await cluster.start_workers()
        log(f"{len(cluster.slots)} workers running on task queue {cluster.task_queue}")
        driver = CaseDriver(client, cluster, Stats(), self.rng, self.args.case_timeout)
        chaos = Chaos(self.args, cluster, driver, self.runs, self.rng)
        limit = asyncio.Semaphore(self.args.concurrency)
        background = [
            asyncio.create_task(chaos.watchdog()),
            asyncio.create_task(chaos.chaos()),
            asyncio.create_task(chaos.reporter()),
        ]
        try:
            await asyncio.gather(*(driver.drive(run, limit) for run in self.runs))
        finally:
            chaos.stop_chaos.set()
            for task in background:
                with contextlib.suppress(Exception):
                    await task
        driven_s = time.monotonic() - driver.stats.started_at
        # Every worker up for the final check (a late kill may still be restarting).
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while not all(cluster.check_ready(s) for s in cluster.slots):
            for slot in cluster.slots:
                if not slot.alive:
                    cluster.spawn_worker(slot)
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        found = await verify(driver, self.runs)
        found["slowest"] = await slowest(driver, self.runs)
        found["replay"] = await replay_all(driver, self.runs)
        return build_report(driver, self.runs, self.args.kill_every, self.started, found, driven_s)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Scale-out and fault drill: cases of every procedure through their steps "
        "while workers and the dev server are killed with SIGKILL; reports cases lost and "
        "notices produced twice (both must be 0).",
    )
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--kill-every", type=float, default=5.0, help="seconds between worker kills (0: none)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="60 cases, a kill every 3 s (under a minute)"
    )
    parser.add_argument(
        "--no-server-restart",
        dest="server_restart",
        action="store_false",
        help="do not kill and restart the dev server mid-run",
    )
    parser.add_argument(
        "--server-down", type=float, default=2.0, help="seconds the server stays down"
    )
    parser.add_argument("--concurrency", type=int, default=100, help="cases driven at once")
    parser.add_argument("--case-timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the workers and the drill's client (e.g. a key)",
    )
    parser.add_argument(
        "--plain-workers",
        action="store_true",
        help="run worker.py without the outbox probe (duplicates from trails and files only)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the drill directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.cases = 60
        args.kill_every = 3.0
        args.concurrency = 30
    return args


async def amain(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    extra = dict(item.split("=", 1) for item in args.env)
    cluster = Cluster(root, args.workers, extra, probe=not args.plain_workers)
    drill = Drill(args, cluster)
    # SIGTERM (a CI timeout, say) stops the drill's processes as Ctrl-C does.
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        report = await drill.run()
    except EngineUnavailable as err:
        log(f"the drill could not run: {err}")
        log(f"drill directory kept: {root}")
        return 2
    except asyncio.CancelledError:
        log(f"stopped; drill directory kept: {root}")
        return 130
    finally:
        cluster.stop()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    failed = (
        report["cases"]["lost"] > 0
        or report["duplicates"]["total"] > 0
        or report["histories_not_replaying"] > 0
    )
    if failed or args.keep:
        log(f"drill directory kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(amain(parse(argv)))


if __name__ == "__main__":
    sys.exit(main())
