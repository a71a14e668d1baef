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
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import (  # noqa: E402
    Client,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import (  # noqa: E402
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError  # noqa: E402
from temporalio.service import RPCError, RPCStatusCode  # noqa: E402
from temporalio.worker import Replayer  # noqa: E402

from contracts import search_attributes as sa  # noqa: E402
from drills.cluster import WORKER_READY_TIMEOUT_S, Cluster, WorkerSlot, log  # noqa: E402
from drills.report import (  # noqa: E402
    notices_twice,
    outbox_files,
    render,
    server_recovery,
    trail_references,
)
from drills.runs import CaseLost, CaseRun, Stats  # noqa: E402
from drills.scenario_parts import Scenario, Step  # noqa: E402
from drills.scenarios import plan  # noqa: E402
from engine import (  # noqa: E402
    EngineUnavailable,
    ensure_search_attributes,
)
from procedures.registry import WORKFLOWS  # noqa: E402
from service.steps import is_busy  # noqa: E402

QUERY_TIMEOUT = timedelta(seconds=5)
UPDATE_TIMEOUT = timedelta(seconds=30)
# After the server restart, how long the workers get to reconnect on their own before the
# drill restarts them (and says so).
RECONNECT_GRACE_S = 30.0
TRANSIENT = {
    RPCStatusCode.UNAVAILABLE,
    RPCStatusCode.DEADLINE_EXCEEDED,
    RPCStatusCode.CANCELLED,
    RPCStatusCode.UNKNOWN,
    RPCStatusCode.INTERNAL,
    RPCStatusCode.RESOURCE_EXHAUSTED,
    RPCStatusCode.ABORTED,
}


class Drill:
    def __init__(self, args: argparse.Namespace, cluster: Cluster) -> None:
        self.args = args
        self.cluster = cluster
        self.plan = plan(args.cases, args.seed)
        self.runs = [CaseRun(s) for s in self.plan.scenarios]
        self.stats = Stats()
        self.rng = random.Random(args.seed)
        self.client: Client | None = None
        self.finished = 0
        self.stop_chaos = asyncio.Event()
        self.kills_paused = False
        self.server_restart_due = args.server_restart
        self.started = time.monotonic()

    # -- helpers

    def _transient(self, err: BaseException, what: str) -> None:
        name = type(err).__name__
        if isinstance(err, RPCError):
            name = f"RPCError.{err.status.name if err.status else 'none'}"
        self.stats.transient_errors[f"{what}: {name}"] += 1

    def handle(self, scenario: Scenario) -> WorkflowHandle[Any, Any]:
        assert self.client is not None
        return self.client.get_workflow_handle(scenario.workflow_id)

    async def status(self, run: CaseRun) -> Any | None:
        """The case's status, None on a transient failure; CaseLost when the server does not
        know a case it acknowledged, or a step it acknowledged is undone."""
        scenario = run.scenario
        try:
            status = await self.handle(scenario).query(
                "status", result_type=scenario.procedure.status_model, rpc_timeout=QUERY_TIMEOUT
            )
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND and run.started:
                raise CaseLost(
                    f"not found after its start was acknowledged: {err.message}"
                ) from None
            self._transient(err, "query")
            run.last_error = f"RPCError {err.status.name if err.status else ''}: {err.message}"
            return None
        except WorkflowQueryFailedError as err:
            self._transient(err, "query")
            run.last_error = f"query failed: {err.message}"
            return None
        except RuntimeError as err:  # the connection itself (server down)
            self._transient(err, "query")
            run.last_error = str(err)
            return None
        # The audit trail only grows: a shorter one means the server lost acknowledged work.
        if len(status.events) < run.trail_length:
            raise CaseLost(
                f"its audit trail shrank from {run.trail_length} to {len(status.events)} events "
                f"(stage '{status.stage}')"
            )
        run.trail_length = len(status.events)
        return status

    async def pause(self, attempt: int) -> None:
        # Queries are workflow tasks on the workers: a case held up by a timeout (a task a killed
        # worker had taken) is asked again only every few seconds.
        await asyncio.sleep(min(0.1 * (1.6**attempt), 5.0) * (0.5 + self.rng.random()))

    # -- one case

    async def drive(self, run: CaseRun, limit: asyncio.Semaphore) -> None:
        scenario = run.scenario
        async with limit:
            run.began_at = time.monotonic()
            deadline = run.began_at + self.args.case_timeout
            try:
                prepare, client = scenario.prepare, self.client
                if prepare is not None and client is not None:
                    settings = self.cluster.settings
                    await self._retrying(lambda: prepare(client, settings), deadline, "seed")
                await self._start(run, deadline)
                for step in scenario.steps:
                    await self._step(run, step, deadline)
                await self._reach_end(run, deadline)
            except CaseLost as lost:
                run.problem = str(lost)
            finally:
                self.finished += 1

    async def _retrying(self, action: Any, deadline: float, what: str) -> None:
        attempt = 0
        while True:
            try:
                await action()
                return
            except (RPCError, WorkflowUpdateRPCTimeoutOrCancelledError, RuntimeError) as err:
                # FAILED_PRECONDITION: the record's workflow task failed and waits for its next
                # attempt (one that crossed new events); the same write is sent again.
                if isinstance(err, RPCError) and err.status not in (
                    *TRANSIENT,
                    RPCStatusCode.FAILED_PRECONDITION,
                ):
                    raise CaseLost(f"{what}: {err.message}") from None
                self._transient(err, what)
            if time.monotonic() > deadline:
                raise CaseLost(f"{what}: out of time")
            attempt += 1
            await self.pause(attempt)

    async def _start(self, run: CaseRun, deadline: float) -> None:
        scenario = run.scenario
        assert self.client is not None
        attempt = 0
        while True:
            try:
                await self.client.start_workflow(
                    scenario.procedure.workflow.run,  # type: ignore[attr-defined]
                    scenario.case,
                    id=scenario.workflow_id,
                    task_queue=self.cluster.settings.task_queue,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                    search_attributes=TypedSearchAttributes(
                        [
                            SearchAttributePair(
                                sa.PROCEDURE_TYPE, scenario.procedure.procedure_type
                            ),
                            SearchAttributePair(sa.CASE_STAGE, "received"),
                            SearchAttributePair(sa.AGENCY_CODE, scenario.agency_code),
                            SearchAttributePair(sa.OVERDUE, False),
                        ]
                    ),
                    rpc_timeout=timedelta(seconds=10),
                )
            except WorkflowAlreadyStartedError:
                # The ids are this run's own: an earlier attempt (ours, or the client's own retry
                # inside one call) got through but its answer was lost. That is the case.
                self.stats.transient_errors["start: already started by an earlier attempt"] += 1
            except (RPCError, RuntimeError) as err:
                if isinstance(err, RPCError) and err.status not in TRANSIENT:
                    raise CaseLost(f"start: {err.message}") from None
                self._transient(err, "start")
                if time.monotonic() > deadline:
                    raise CaseLost("start: out of time") from None
                attempt += 1
                await self.pause(attempt)
                continue
            run.started = True
            self.stats.mark("start")
            return

    async def _step(self, run: CaseRun, step: Step, deadline: float) -> None:
        handle = self.handle(run.scenario)
        # One id per attempt that may have been accepted: a transient failure sends the same id
        # again (the server answers an accepted Update once); after a refusal (nothing was
        # accepted) the next attempt gets a new one.
        attempts_refused = 0
        update_id = f"drill-{run.scenario.workflow_id}-{step.name}"
        attempt = 0
        while True:
            if time.monotonic() > deadline:
                raise CaseLost(
                    f"step {step.name}: out of time"
                    + (f" (refused: {run.refusals[-1]})" if run.refusals else "")
                )
            status = await self.status(run)
            if status is not None and step.took_effect(status):
                if step.name not in run.acked:
                    run.acked.append(step.name)
                return
            if status is not None and step.can_send(status):
                try:
                    # An accepted Update whose handler never finishes (a case whose workflow
                    # tasks keep failing) would keep the client waiting for ever: bounded.
                    await asyncio.wait_for(
                        handle.execute_update(
                            step.update, step.argument, id=update_id, rpc_timeout=UPDATE_TIMEOUT
                        ),
                        timeout=max(
                            1.0, min(UPDATE_TIMEOUT.total_seconds(), deadline - time.monotonic())
                        ),
                    )
                    run.acked.append(step.name)
                    self.stats.mark("step")
                    return
                except WorkflowUpdateFailedError as err:
                    attempts_refused += 1
                    update_id = f"drill-{run.scenario.workflow_id}-{step.name}-{attempts_refused}"
                    if is_busy(err):
                        # Finishing its previous step: nothing changed, send it again.
                        self._transient(err, "update: case busy")
                        run.update_retries += 1
                        attempt += 1
                        await self.pause(attempt)
                        continue
                    cause = err.cause
                    message = getattr(cause, "message", None) or str(cause or err)
                    run.refusals.append(f"{step.name}: {message}")
                    if len(run.refusals) > 20:
                        raise CaseLost(f"step {step.name} refused: {message}") from None
                except (
                    RPCError,
                    WorkflowUpdateRPCTimeoutOrCancelledError,
                    RuntimeError,
                    TimeoutError,
                ) as err:
                    # FAILED_PRECONDITION: a workflow task of the case failed and waits for its
                    # next attempt. A case that stays so (a history that does not replay) runs
                    # out of time and fails the replay check.
                    if isinstance(err, RPCError) and err.status not in (
                        *TRANSIENT,
                        RPCStatusCode.NOT_FOUND,
                        RPCStatusCode.FAILED_PRECONDITION,
                    ):
                        raise CaseLost(f"step {step.name}: {err.message}") from None
                    self._transient(err, "update")
                    run.update_retries += 1
            attempt += 1
            await self.pause(attempt)

    async def _reach_end(self, run: CaseRun, deadline: float) -> None:
        attempt = 0
        while True:
            status = await self.status(run)
            if (
                status is not None
                and str(status.stage) == run.scenario.end_stage
                and await self._closed_as_its_path_says(run)
            ):
                run.reached_end_at = time.monotonic()
                self.stats.mark("end")
                return
            if time.monotonic() > deadline:
                stage = status.stage if status is not None else f"unknown: {run.last_error[:300]}"
                raise CaseLost(f"end stage {run.scenario.end_stage} not reached (stage {stage})")
            attempt += 1
            await self.pause(attempt)

    async def _closed_as_its_path_says(self, run: CaseRun) -> bool:
        """A closing stage is set before the case waits for its last handlers (a subject-record
        write, a notice): the case is done when its workflow has completed, not before."""
        if not run.scenario.closes:
            return True
        try:
            description = await self.handle(run.scenario).describe(rpc_timeout=QUERY_TIMEOUT)
        except (RPCError, RuntimeError) as err:
            self._transient(err, "describe")
            return False
        return description.status == WorkflowExecutionStatus.COMPLETED

    # -- chaos

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
            if self.server_restart_due and self.finished >= self.args.cases * 0.4:
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
        await self.cluster.server_ready(self.client)
        self.stats.server_ready_at = time.monotonic()
        answering = self.stats.server_ready_at - self.stats.server_spawned_at
        log(f"dev server answering again {answering:.1f} s after its restart")
        spawned = self.stats.server_spawned_at
        grace_end = time.monotonic() + RECONNECT_GRACE_S
        while time.monotonic() < grace_end:
            if any(t > spawned and kind == "step" for t, kind in self.stats.progress):
                break
            if self.finished >= self.args.cases:
                break
            await asyncio.sleep(0.1)
        same = [
            slot
            for slot in self.cluster.slots
            if slot.process is before[slot.number] and slot.alive
        ]
        self.stats.workers_alive_after_server_restart = len(same)
        progressed = any(t > spawned and kind == "step" for t, kind in self.stats.progress)
        if progressed or self.finished >= self.args.cases:
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

    # -- the run

    async def run(self) -> dict[str, Any]:
        cluster = self.cluster
        log(f"drill directory {cluster.root}; dev server on 127.0.0.1:{cluster.port}")
        cluster.spawn_server()
        self.client = await cluster.server_ready(None)
        await ensure_search_attributes(self.client, cluster.settings.namespace)
        # The subject id key, once, before the workers race to create it.
        cluster.settings.subject_id_secret  # noqa: B018
        await cluster.start_workers()
        log(f"{len(cluster.slots)} workers running on task queue {cluster.task_queue}")
        self.stats = Stats()
        limit = asyncio.Semaphore(self.args.concurrency)
        background = [
            asyncio.create_task(self.watchdog()),
            asyncio.create_task(self.chaos()),
            asyncio.create_task(self.reporter()),
        ]
        try:
            await asyncio.gather(*(self.drive(run, limit) for run in self.runs))
        finally:
            self.stop_chaos.set()
            for task in background:
                with contextlib.suppress(Exception):
                    await task
        driven_s = time.monotonic() - self.stats.started_at
        # Every worker up for the final check (a late kill may still be restarting).
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while not all(cluster.check_ready(s) for s in cluster.slots):
            for slot in cluster.slots:
                if not slot.alive:
                    cluster.spawn_worker(slot)
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        verdicts = await self.verify()
        verdicts["slowest"] = await self.slowest()
        verdicts["replay"] = await self.replay_all()
        return self.report(verdicts, driven_s)

    async def replay_all(self) -> dict[str, str]:
        """Every case's history replayed by the workflow code, as a worker does after a
        restart or a cache eviction: a history that does not replay is a case that gets stuck
        (and answers no query) the next time a worker has to rebuild it."""
        assert self.client is not None
        replayer = Replayer(workflows=WORKFLOWS, data_converter=self.client.data_converter)
        failures: dict[str, str] = {}
        for run in self.runs:
            workflow_id = run.scenario.workflow_id
            try:
                history = await self.handle(run.scenario).fetch_history()
            except (RPCError, RuntimeError) as err:
                failures[workflow_id] = f"history unreadable: {err}"
                continue
            result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
            if result.replay_failure is not None:
                failure = result.replay_failure
                cause = failure.__cause__ or failure
                failures[workflow_id] = f"{type(cause).__name__}: {cause}"[:500]
        return failures

    async def slowest(self, count: int = 5) -> list[dict[str, Any]]:
        """The slowest cases and what their histories say held them up: timeouts of
        activities and workflow tasks that a killed worker had taken."""
        timed = sorted(
            (r for r in self.runs if r.began_at is not None and r.reached_end_at is not None),
            key=lambda r: r.reached_end_at - r.began_at,  # type: ignore[operator]
            reverse=True,
        )[:count]
        rows = []
        for run in timed:
            kinds: Counter[str] = Counter()
            with contextlib.suppress(RPCError, RuntimeError):
                history = await self.handle(run.scenario).fetch_history()
                for event in history.events:
                    name = EventType.Name(event.event_type)
                    if "TIMED_OUT" in name or "FAILED" in name:
                        kinds[name.removeprefix("EVENT_TYPE_").lower()] += 1
                    elif event.HasField("activity_task_started_event_attributes"):
                        # Attempts that timed out are not events: the last attempt's number is.
                        attempt = event.activity_task_started_event_attributes.attempt
                        if attempt > 1:
                            kinds["activity_attempts_after_timeouts"] += attempt - 1
            rows.append(
                {
                    "workflow_id": run.scenario.workflow_id,
                    "seconds": round(run.reached_end_at - run.began_at, 1),  # type: ignore[operator]
                    "history": dict(kinds),
                }
            )
        return rows

    # -- the end: every case where it should be, every notice once

    async def verify(self) -> dict[str, Any]:
        lost: dict[str, str] = {}
        trail_refs: dict[str, Counter[str]] = {}
        limit = asyncio.Semaphore(32)

        async def check(run: CaseRun) -> None:
            scenario = run.scenario
            async with limit:
                problem = run.problem
                status = None
                for attempt in range(20):
                    try:
                        description = await self.handle(scenario).describe(
                            rpc_timeout=QUERY_TIMEOUT
                        )
                        status = await self.status(run)
                    except CaseLost as err:
                        problem = problem or str(err)
                        break
                    except RPCError as err:
                        if err.status == RPCStatusCode.NOT_FOUND:
                            problem = problem or "not found"
                            break
                        await self.pause(attempt)
                        continue
                    if status is None:
                        await self.pause(attempt)
                        continue
                    execution = description.status
                    wanted = (
                        WorkflowExecutionStatus.COMPLETED
                        if scenario.closes
                        else WorkflowExecutionStatus.RUNNING
                    )
                    if execution != wanted:
                        name = execution.name if execution else "?"
                        problem = problem or f"workflow {name}, expected {wanted.name}"
                    elif str(status.stage) != scenario.end_stage:
                        problem = problem or f"stage {status.stage}, expected {scenario.end_stage}"
                    else:
                        problem = problem or scenario.end_check(status)
                    break
                else:
                    problem = problem or f"status unreadable ({run.last_error[:300]})"
                if status is not None:
                    trail_refs[scenario.workflow_id] = trail_references(status, self.cluster.outbox)
                    files = outbox_files(self.cluster.outbox, scenario.workflow_id)
                    missing = scenario.expected_files - files if not problem else set()
                    if missing:
                        problem = f"at its end state without {', '.join(sorted(missing))}"
                if problem:
                    lost[scenario.workflow_id] = problem

        await asyncio.gather(*(check(run) for run in self.runs))
        return {"lost": lost, "trail_refs": trail_refs}

    def report(self, verdicts: dict[str, Any], driven_s: float) -> dict[str, Any]:
        lost: dict[str, str] = verdicts["lost"]
        by_procedure: dict[str, dict[str, int]] = defaultdict(
            lambda: {"cases": 0, "started": 0, "completed": 0, "lost": 0}
        )
        variants: Counter[str] = Counter()
        for run in self.runs:
            scenario = run.scenario
            row = by_procedure[scenario.procedure.name]
            row["cases"] += 1
            row["started"] += int(run.started)
            variants[scenario.label] += 1
            if scenario.workflow_id in lost:
                row["lost"] += 1
            else:
                row["completed"] += 1
        duplicates = notices_twice(self.cluster, self.runs, verdicts["trail_refs"])
        stats = self.stats
        recovery = server_recovery(stats, self.runs)
        restart = stats.worker_restart_s
        totals = {
            k: sum(r[k] for r in by_procedure.values())
            for k in ("cases", "started", "completed", "lost")
        }
        durations = sorted(
            r.reached_end_at - r.began_at
            for r in self.runs
            if r.began_at is not None and r.reached_end_at is not None
        )
        return {
            "command": " ".join(["drills/fault_drill.py", *sys.argv[1:]]),
            "case_seconds": {
                "median": round(statistics.median(durations), 2) if durations else None,
                "p95": round(durations[int(0.95 * (len(durations) - 1))], 2) if durations else None,
                "max": round(durations[-1], 2) if durations else None,
            },
            "slowest_cases": verdicts["slowest"],
            "cases": totals,
            "by_procedure": dict(by_procedure),
            "paths": dict(variants),
            "lost_cases": dict(list(lost.items())[:25]),
            "histories_not_replaying": len(verdicts["replay"]),
            "replay_failures": dict(list(verdicts["replay"].items())[:10]),
            "duplicates": duplicates,
            "chaos": {
                "workers": len(self.cluster.slots),
                "kill_every_s": self.args.kill_every,
                "workers_killed": stats.workers_killed,
                "worker_restart_to_ready_s": {
                    "median": round(statistics.median(restart), 2) if restart else None,
                    "max": round(max(restart), 2) if restart else None,
                },
                "worker_exits_unprompted": stats.worker_exits_unprompted,
                "server_restarts": stats.server_restarts,
                "workers_reconnected_by_themselves": stats.reconnected_by_themselves,
                "workers_alive_through_server_restart": stats.workers_alive_after_server_restart,
                "workers_restarted_after_server_restart": (
                    stats.workers_restarted_after_server_restart
                ),
            },
            "recovery": recovery,
            "client_retries": dict(stats.transient_errors.most_common()),
            "update_refusals_retried": sum(len(r.refusals) for r in self.runs),
            "wall_time_s": round(time.monotonic() - self.started, 1),
            "driving_s": round(driven_s, 1),
            "drill_dir": str(self.cluster.root),
        }


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
