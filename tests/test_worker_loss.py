"""A worker lost in the middle of a delivery (kill -9, a node gone): the delivery is taken up by
another worker within seconds, and a slow delivery on a live worker keeps its attempt.

Both come from heartbeats: every running activity beats from the worker's event loop
(activities/keep_alive.py) and the workflows schedule them with a heartbeat timeout
(contracts.HEARTBEAT_TIMEOUT), shorter than the 2-minute attempt a delivery may take.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.activities import HEARTBEAT_TIMEOUT, ISSUE_RESULT_NOTICE
from kernel.outputs import DELIVERY_ATTEMPT_TIMEOUT
from periods import SHANGHAI, default_calendar
from procedures.market_objection.models import ReviewDecision, ReviewOutcome, Stage, workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import WORKFLOWS
from service.steps import execute_step
from settings import Settings
from tests.conftest import example_case, wait_for
from tests.door_helpers import start_market_objection
from worker import build_worker

ROOT = Path(__file__).resolve().parent.parent
UPHELD = ReviewDecision(
    outcome=ReviewOutcome.UPHELD,
    reason="投诉举报扣分经核实无误, 维持原评价等级。",
    reviewer="信用监管科 王敏",
)


async def wait_for_file(path: Path, timeout_s: float) -> float:
    """The monotonic instant `path` is seen (the test fails after `timeout_s`)."""
    began = time.monotonic()
    while not path.exists():
        assert time.monotonic() - began < timeout_s, f"{path} did not appear in {timeout_s} s"
        await asyncio.sleep(0.1)
    return time.monotonic()


async def pending_attempt(handle: WorkflowHandle[object, object]) -> int:
    description = await handle.describe()
    (pending,) = description.raw_description.pending_activities
    assert pending.activity_type.name == ISSUE_RESULT_NOTICE
    return int(pending.attempt)


async def test_a_killed_workers_delivery_is_taken_up_in_seconds_and_a_slow_one_is_kept(
    dev_env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    client = dev_env.client
    marker = tmp_path / "gateway-attempt"
    case = example_case(received_at=(await dev_env.get_current_time()).astimezone(SHANGHAI))
    notice = settings.outbox / workflow_id(case.case_id) / "result-notice.html"
    # This worker runs the cases' workflow tasks; the activities run in the gateway's process
    # only, until it is killed.
    cases = Worker(client, task_queue=settings.task_queue, workflows=WORKFLOWS)
    gateway = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.slow_gateway",
            client.service_client.config.target_host,
            client.namespace,
            settings.task_queue,
            str(settings.data_dir),
            str(marker),
        ],
        cwd=ROOT,
    )
    try:
        async with cases:
            handle = await start_market_objection(
                client,
                case,
                settings.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
            await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
            await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
            await wait_for_file(marker, 30)
            assert marker.read_text() == "1"

            # A live worker with a slow gateway keeps the attempt past the heartbeat timeout.
            await asyncio.sleep(HEARTBEAT_TIMEOUT.total_seconds() * 1.5)
            assert await pending_attempt(handle) == 1
            assert not notice.exists()

            gateway.kill()  # SIGKILL: the worker reports nothing
            gateway.wait()
            killed_at = time.monotonic()
        # A product worker takes over (one worker per queue in a process, hence after `cases`).
        async with build_worker(client, settings, default_calendar()):
            delivered_at = await wait_for_file(notice, DELIVERY_ATTEMPT_TIMEOUT.total_seconds())
            outcome = await handle.result()
    finally:
        if gateway.poll() is None:
            gateway.kill()
            gateway.wait()

    # Within the heartbeat timeout and the first retry's back-off, not the attempt's 2 minutes.
    taken_up = delivered_at - killed_at
    assert taken_up < HEARTBEAT_TIMEOUT.total_seconds() + 10, taken_up
    assert outcome.documents == [str(notice)]
    history = await handle.fetch_history()
    timeouts = [
        e.activity_task_timed_out_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT
    ]
    assert timeouts == []  # one activity, retried: no timed-out event, a second attempt
    started = [
        e.activity_task_started_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    assert started[-1].attempt == 2
    # ...and the first attempt ended by its heartbeat timeout, not by its 2-minute attempt.
    last_failure = started[-1].last_failure.timeout_failure_info
    assert last_failure.timeout_type == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
