"""The chaos of the drill: a random ready worker killed with SIGKILL every few seconds and
restarted, once the dev server itself killed and started again on its database file; a worker
that exits on its own restarted; and a line of progress every five seconds."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import time

from drills.cluster import Cluster, WorkerSlot, log
from drills.driving import CaseDriver
from drills.runs import CaseRun, Stats

# After the server restart, how long the workers get to reconnect on their own before the
# drill restarts them (and says so).
RECONNECT_GRACE_S = 30.0


class Chaos:
    def __init__(
        self,
        args: argparse.Namespace,
        cluster: Cluster,
        driver: CaseDriver,
        runs: list[CaseRun],
        rng: random.Random,
    ) -> None:
        self.args = args
        self.cluster = cluster
        self.driver = driver
        self.runs = runs
        self.stats: Stats = driver.stats
        self.rng = rng
        self.stop_chaos = asyncio.Event()
        self.kills_paused = False
        self.server_restart_due = args.server_restart

    async def watchdog(self) -> None:
        """Readiness of (re)started workers; a worker that exits on its own is restarted."""
        while not self.stop_chaos.is_set():
            for slot in self.cluster.slots:
                self.cluster.check_ready(slot)
                if slot.process is not None and slot.process.poll() is not None and not slot.killed:
                    self.stats.worker_exits_unprompted += 1
                    self.stats.unprompted_exit_logs.append(
                        f"worker {slot.number} exited with {slot.process.returncode}:\n"
                        + self.cluster.log_tail(slot, 8)
                    )
                    code = slot.process.returncode
                    log(f"worker {slot.number} exited on its own ({code}); restarting it")
                    self.cluster.spawn_worker(slot)
            await asyncio.sleep(0.1)

    async def chaos(self) -> None:
        while not self.stop_chaos.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_chaos.wait(), timeout=self.args.kill_every or 1.0)
                return
            if self.server_restart_due and self.driver.finished >= self.args.cases * 0.4:
                self.server_restart_due = False
                await self.restart_server()
                continue
            if self.kills_paused or not self.args.kill_every:
                continue
            candidates = [slot for slot in self.cluster.slots if slot.ready]
            if not candidates:
                continue
            slot = self.rng.choice(candidates)
            killed_at = time.monotonic()
            self.cluster.kill_worker(slot)
            self.stats.workers_killed += 1
            self.cluster.spawn_worker(slot)
            asyncio.get_running_loop().create_task(self._time_restart(slot, killed_at))

    async def _time_restart(self, slot: WorkerSlot, killed_at: float) -> None:
        process = slot.process
        while slot.process is process and slot.alive:
            if slot.ready_at is not None:
                self.stats.worker_restart_s.append(slot.ready_at - killed_at)
                return
            await asyncio.sleep(0.05)

    async def restart_server(self) -> None:
        """kill -9 the dev server, start it again on the same file; do the workers come back
        by themselves? (no worker is killed meanwhile, so the answer is theirs)."""
        self.kills_paused = True
        before = {slot.number: slot.process for slot in self.cluster.slots}
        log(f"kill -9 the dev server (pid {self.cluster.server.pid})")  # type: ignore[union-attr]
        self.stats.server_killed_at = time.monotonic()
        self.cluster.kill_server()
        await asyncio.sleep(self.args.server_down)
        self.cluster.spawn_server()
        self.stats.server_spawned_at = time.monotonic()
        self.stats.server_restarts += 1
        await self.cluster.server_ready(self.driver.client)
        self.stats.server_ready_at = time.monotonic()
        answering = self.stats.server_ready_at - self.stats.server_spawned_at
        log(f"dev server answering again {answering:.1f} s after its restart")
        spawned = self.stats.server_spawned_at
        grace_end = time.monotonic() + RECONNECT_GRACE_S
        while time.monotonic() < grace_end:
            if any(t > spawned and kind == "step" for t, kind in self.stats.progress):
                break
            if self.driver.finished >= self.args.cases:
                break
            await asyncio.sleep(0.1)
        same = [
            slot
            for slot in self.cluster.slots
            if slot.process is before[slot.number] and slot.alive
        ]
        self.stats.workers_alive_after_server_restart = len(same)
        progressed = any(t > spawned and kind == "step" for t, kind in self.stats.progress)
        if progressed or self.driver.finished >= self.args.cases:
            self.stats.reconnected_by_themselves = len(same) == len(self.cluster.slots)
        else:
            self.stats.reconnected_by_themselves = False
            log("no progress after the server restart: restarting the workers")
            for slot in self.cluster.slots:
                if slot.alive:
                    self.cluster.kill_worker(slot)
                self.cluster.spawn_worker(slot)
                self.stats.workers_restarted_after_server_restart += 1
        self.kills_paused = False

    async def reporter(self) -> None:
        while not self.stop_chaos.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_chaos.wait(), timeout=5)
                return
            ended = sum(1 for r in self.runs if r.reached_end_at is not None)
            lost = sum(1 for r in self.runs if r.problem)
            ready = sum(1 for s in self.cluster.slots if s.ready)
            log(
                f"{ended}/{len(self.runs)} at their end state, {lost} lost; "
                f"workers killed {self.stats.workers_killed}, "
                f"ready {ready}/{len(self.cluster.slots)}, "
                f"server restarts {self.stats.server_restarts}"
            )
