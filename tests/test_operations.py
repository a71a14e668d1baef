"""What operators watch: the worker's Prometheus metrics and the HTTP API's health, from a real
`python worker.py` (embedded server) as `make run` starts it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from procedures.calendars.config import DEFAULT_CALENDAR
from tests.processes import Engine, cli
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
        async with httpx.AsyncClient(timeout=10) as http:
            health = await http.get(f"http://127.0.0.1:{engine.http_port}/healthz")
            metrics = ""
            for _ in range(50):
                metrics = (await http.get(f"http://127.0.0.1:{engine.metrics_port}/metrics")).text
                if "temporal_workflow_completed" in metrics or "temporal_request" in metrics:
                    break
                await asyncio.sleep(0.2)
    finally:
        assert engine.stop() == 0
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    # The SDK's worker metrics, per task queue: what a dashboard and an alert read.
    assert "temporal_request" in metrics
    assert f'task_queue="{engine.task_queue}"' in metrics
    assert case_id not in metrics  # labels name queues and workflow types, never cases
