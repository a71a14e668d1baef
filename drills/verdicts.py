"""The drill's verdicts once the cases are driven: every case where its path should have left it
with the files it should have left, every history replayed by the workflow code, the slowest
cases and what held them up; and the report of it all."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import time
from collections import Counter, defaultdict
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Replayer

from drills.driving import QUERY_TIMEOUT, CaseDriver
from drills.report import notices_twice, outbox_files, server_recovery, trail_references
from drills.runs import CaseLost, CaseRun
from drills.scenario_parts import OutsideWrites
from procedures.registry import WORKFLOWS


async def replay_all(driver: CaseDriver, runs: list[CaseRun]) -> dict[str, str]:
    """Every case's history replayed by the workflow code, as a worker does after a
    restart or a cache eviction: a history that does not replay is a case that gets stuck
    (and answers no query) the next time a worker has to rebuild it."""
    replayer = Replayer(workflows=WORKFLOWS, data_converter=driver.client.data_converter)
    failures: dict[str, str] = {}
    for run in runs:
        workflow_id = run.scenario.workflow_id
        try:
            history = await driver.handle(run.scenario).fetch_history()
        except (RPCError, RuntimeError) as err:
            failures[workflow_id] = f"history unreadable: {err}"
            continue
        result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
        if result.replay_failure is not None:
            failure = result.replay_failure
            cause = failure.__cause__ or failure
            failures[workflow_id] = f"{type(cause).__name__}: {cause}"[:500]
    return failures


async def slowest(driver: CaseDriver, runs: list[CaseRun], count: int = 5) -> list[dict[str, Any]]:
    """The slowest cases and what their histories say held them up: timeouts of
    activities and workflow tasks that a killed worker had taken."""
    timed = sorted(
        (r for r in runs if r.began_at is not None and r.reached_end_at is not None),
        key=lambda r: r.reached_end_at - r.began_at,  # type: ignore[operator]
        reverse=True,
    )[:count]
    rows = []
    for run in timed:
        kinds: Counter[str] = Counter()
        with contextlib.suppress(RPCError, RuntimeError):
            history = await driver.handle(run.scenario).fetch_history()
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


async def verify(driver: CaseDriver, runs: list[CaseRun]) -> dict[str, Any]:
    lost: dict[str, str] = {}
    trail_refs: dict[str, Counter[str]] = {}
    outside_twice: dict[str, list[str]] = {}
    limit = asyncio.Semaphore(32)

    async def check(run: CaseRun) -> None:
        scenario = run.scenario
        async with limit:
            problem = run.problem
            status = None
            for attempt in range(20):
                try:
                    description = await driver.handle(scenario).describe(rpc_timeout=QUERY_TIMEOUT)
                    status = await driver.status(run)
                except CaseLost as err:
                    problem = problem or str(err)
                    break
                except RPCError as err:
                    if err.status == RPCStatusCode.NOT_FOUND:
                        problem = problem or "not found"
                        break
                    await driver.pause(attempt)
                    continue
                if status is None:
                    await driver.pause(attempt)
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
                trail_refs[scenario.workflow_id] = trail_references(status, driver.cluster.outbox)
                files = outbox_files(driver.cluster.outbox, scenario.workflow_id)
                missing = scenario.expected_files - files if not problem else set()
                if missing:
                    problem = f"at its end state without {', '.join(sorted(missing))}"
            if not problem and scenario.outside_writes is not None:
                writes = await outside_writes(driver, run)
                if writes.missing:
                    problem = f"writes outside the case missing: {'; '.join(writes.missing[:3])}"
                if writes.twice:
                    outside_twice[scenario.workflow_id] = writes.twice
            if problem:
                lost[scenario.workflow_id] = problem

    await asyncio.gather(*(check(run) for run in runs))
    return {"lost": lost, "trail_refs": trail_refs, "outside_twice": outside_twice}


async def outside_writes(driver: CaseDriver, run: CaseRun) -> OutsideWrites:
    """The case's writes outside itself (subject records), read again after a transient
    failure; unreadable after 20 attempts: every write counted missing."""
    read = run.scenario.outside_writes
    assert read is not None
    last = ""
    for attempt in range(20):
        try:
            return await read(driver.client, driver.cluster.settings)
        except (RPCError, WorkflowQueryFailedError, RuntimeError) as err:
            driver.transient(err, "outside writes")
            last = str(err)[:300]
            await driver.pause(attempt)
    return OutsideWrites(missing=[f"unreadable ({last})"])


def build_report(
    driver: CaseDriver,
    runs: list[CaseRun],
    kill_every: float,
    started: float,
    verdicts: dict[str, Any],
    driven_s: float,
) -> dict[str, Any]:
    """The drill's report, as `--json` prints it and `render` writes it out."""
    lost: dict[str, str] = verdicts["lost"]
    by_procedure: dict[str, dict[str, int]] = defaultdict(
        lambda: {"cases": 0, "started": 0, "completed": 0, "lost": 0}
    )
    variants: Counter[str] = Counter()
    for run in runs:
        scenario = run.scenario
        row = by_procedure[scenario.procedure.name]
        row["cases"] += 1
        row["started"] += int(run.started)
        variants[scenario.label] += 1
        if scenario.workflow_id in lost:
            row["lost"] += 1
        else:
            row["completed"] += 1
    duplicates = notices_twice(
        driver.cluster, runs, verdicts["trail_refs"], verdicts["outside_twice"]
    )
    stats = driver.stats
    recovery = server_recovery(stats, runs)
    restart = stats.worker_restart_s
    totals = {
        k: sum(r[k] for r in by_procedure.values())
        for k in ("cases", "started", "completed", "lost")
    }
    durations = sorted(
        r.reached_end_at - r.began_at
        for r in runs
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
            "workers": len(driver.cluster.slots),
            "kill_every_s": kill_every,
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
        "update_refusals_retried": sum(len(r.refusals) for r in runs),
        "wall_time_s": round(time.monotonic() - started, 1),
        "driving_s": round(driven_s, 1),
        "drill_dir": str(driver.cluster.root),
    }
