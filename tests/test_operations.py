"""What operators watch and run: the worker's Prometheus metrics and the HTTP API's health, from a
real `python worker.py` (embedded server) as `make run` starts it, its HTTP API in a process of
its own; and the processes a deployment runs apart (deploy/README.md): `python -m api` with no
worker, `python worker.py --no-http` with no HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from api.serve import LOCAL_KEYS_NOTE
from procedures.calendars.config import DEFAULT_CALENDAR
from tests.processes import Engine, cli, listening_pid, parent_pid
from tests.test_cli import case_file


async def test_the_worker_exports_metrics_and_the_api_answers_health(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "engine")
    await engine.start()
    try:
        # `make run`'s worker applies the calendar's Schedules beside its work (QZ_SCHEDULES).
        client = await engine.client()
        wanted = {entry.schedule_id for entry in DEFAULT_CALENDAR}
        listed: set[str] = set()
        for _ in range(100):
            listed = {s.id async for s in await client.list_schedules()}
            if wanted <= listed:
                break
            await asyncio.sleep(0.1)
        assert wanted <= listed, f"the worker applied {sorted(listed)}"
        case_id, path = case_file(tmp_path)
        started = await asyncio.to_thread(
            cli, "market-objection", "start", "--file", str(path), env=engine.env
        )
        assert started.code == 0, started
        # The API and the codec server answer from a process of their own, the worker's child:
        # never from the worker's event loop (issue 20).
        assert engine.process is not None
        api_pid = listening_pid(engine.http_port)
        assert api_pid is not None and api_pid != engine.process.pid
        assert parent_pid(api_pid) == engine.process.pid
        assert listening_pid(engine.codec_port) == api_pid
        async with httpx.AsyncClient(timeout=10) as http:
            health = await http.get(f"http://127.0.0.1:{engine.http_port}/healthz")
            metrics = ""
            for _ in range(50):
                metrics = (await http.get(f"http://127.0.0.1:{engine.metrics_port}/metrics")).text
                if "temporal_workflow_completed" in metrics or "temporal_request" in metrics:
                    break
                await asyncio.sleep(0.2)
            await a_deployment_s_processes_beside(engine, http, case_id)
    finally:
        assert engine.stop() == 0
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    # The SDK's worker metrics, per task queue: what a dashboard and an alert read.
    assert "temporal_request" in metrics
    assert f'task_queue="{engine.task_queue}"' in metrics
    assert case_id not in metrics  # labels name queues and workflow types, never cases
    # The API process stopped with the worker.
    assert not Path(f"/proc/{api_pid}").exists()


async def a_deployment_s_processes_beside(
    engine: Engine, http: httpx.AsyncClient, case_id: str
) -> None:
    """`python -m api` serves a case's status with no worker of its own; `worker.py --no-http`
    runs the cases and listens on no HTTP or codec port: both against the running engine's
    server as against a cluster, as deploy/compose.yaml and deploy/k8s run them."""
    api_env = engine.cluster_env()
    worker_env = engine.cluster_env()
    api, worker = await asyncio.gather(
        engine.beside("api", "-m", "api", env=api_env, ready="api running"),
        engine.beside(
            "worker-no-http", "worker.py", "--no-http", env=worker_env, ready="worker running"
        ),
    )
    try:
        lines = (engine.data_dir / LOCAL_KEYS_NOTE).read_text(encoding="utf-8").splitlines()
        key = dict(line.rsplit(": ", 1) for line in lines if not line.startswith("#"))
        headers = {"Authorization": f"Bearer {key['agency QZ-SCJG']}"}
        status = await http.get(
            f"http://127.0.0.1:{api_env['QZ_HTTP_PORT']}/market-objection/cases/{case_id}",
            headers=headers,
        )
        assert status.status_code == 200, status.text
        assert status.json()["case_id"] == case_id
        assert listening_pid(int(api_env["QZ_HTTP_PORT"])) == api.process.pid
        assert listening_pid(int(api_env["QZ_CODEC_PORT"])) == api.process.pid
        for port in ("QZ_HTTP_PORT", "QZ_CODEC_PORT"):
            assert listening_pid(int(worker_env[port])) is None
        assert '"http": null' in worker.log_file.read_text(encoding="utf-8")
    finally:
        assert api.stop() == 0 and worker.stop() == 0
