"""A worker started against a cluster that cannot be reached yet (being restarted, or started in
the same breath) waits for it, for up to QZ_CONNECT_PATIENCE_S, instead of exiting at once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from contracts import search_attributes as sa
from engine import temporal_cli
from procedures.market_objection.models import Stage, workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from tests.conftest import TEST_PAYLOAD_KEYS, example_case, free_port, product_data_converter
from tests.processes import ROOT


def worker_env(port: int, data_dir: Path, task_queue: str, patience_s: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEMPORAL_", "QZ_"))}
    env.update(
        TEMPORAL_ADDRESS=f"127.0.0.1:{port}",
        QZ_DATA_DIR=str(data_dir),
        QZ_TASK_QUEUE=task_queue,
        QZ_PAYLOAD_KEYS=TEST_PAYLOAD_KEYS,
        QZ_HTTP_PORT="0",
        QZ_CODEC_PORT="0",
        QZ_METRICS_PORT="0",
        QZ_LOG_FORMAT="json",
        QZ_CONNECT_PATIENCE_S=patience_s,
    )
    return env


def start_worker(env: dict[str, str], log_file: Path) -> subprocess.Popen[bytes]:
    with log_file.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "worker.py")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


async def logged(log_file: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if text in log_file.read_text(encoding="utf-8"):
            return
        if process.poll() is not None:
            raise AssertionError(f"worker.py exited:\n{log_file.read_text(encoding='utf-8')}")
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {text!r} in the worker's log:\n{log_file.read_text()}")


async def test_a_worker_started_before_its_cluster_waits_for_it_and_then_runs_cases(
    tmp_path: Path,
) -> None:
    port = free_port()
    task_queue = "tq-connect"
    log_file = tmp_path / "worker.log"
    worker = start_worker(worker_env(port, tmp_path / "data", task_queue, "60"), log_file)
    try:
        await logged(log_file, "waiting for Temporal", worker)
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=temporal_cli(),
            data_converter=product_data_converter(),
            search_attributes=sa.ALL,
            port=port,
            ui=False,
            dev_server_log_level="error",
        )
        async with env:
            await logged(log_file, "worker running", worker)
            case = example_case()
            handle = await env.client.start_workflow(
                MarketCreditObjectionWorkflow.run,
                case,
                id=workflow_id(case.case_id),
                task_queue=task_queue,
            )
            for _ in range(300):
                status = await handle.query(MarketCreditObjectionWorkflow.status)
                if status.stage is Stage.UNDER_REVIEW:
                    break
                await asyncio.sleep(0.1)
            assert status.stage is Stage.UNDER_REVIEW
            await handle.terminate("test over")
    finally:
        worker.terminate()
        worker.wait(timeout=60)


async def test_a_worker_whose_patience_runs_out_exits_with_one_line(tmp_path: Path) -> None:
    log_file = tmp_path / "worker.log"
    worker = start_worker(worker_env(free_port(), tmp_path / "data", "tq-none", "1"), log_file)
    code = await asyncio.to_thread(worker.wait, 60)
    text = log_file.read_text(encoding="utf-8")
    assert code == 1, text
    assert "waiting for Temporal" in text
    assert "cannot reach Temporal" in text
