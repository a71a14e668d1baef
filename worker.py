"""Runs the engine: the worker, and (with no TEMPORAL_ADDRESS) the embedded Temporal dev server.

    python worker.py            # embedded server on 127.0.0.1:7233, Web UI on :8233, data in .data/
    TEMPORAL_ADDRESS=host:7233 python worker.py   # a cluster; starts nothing
    python worker.py --no-http  # the worker alone: the API runs elsewhere (`python -m api`)

Unless --no-http, the HTTP API and the codec server run beside it as a process of their own
(`python -m api`, api/process.py), started and stopped with it.

Stops cleanly on Ctrl-C / SIGTERM; every open case resumes on the next start.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import structlog
from temporalio.client import Client
from temporalio.worker import Worker

from activities.designation_activities import DesignationActivities
from activities.keep_alive import KeepAliveInterceptor
from activities.outbox import Outbox
from activities.registry import build_activities
from api.process import ApiProcess, ApiProcessError, served
from api.serve import LOCAL_KEYS_NOTE, key_ring
from engine import (
    EmbeddedServer,
    EngineUnavailable,
    connect_patiently,
    ensure_search_attributes,
    worker_runtime,
)
from kernel.sandbox import SharedSandboxRunner
from kernel.update_gate import UpdateGate
from logs import configure_logging
from periods import HolidayDataError, WorkingDayCalendar
from periods.source import CalendarProvider
from procedures.calendars.config import CalendarFileError
from procedures.calendars.opening import ScheduledRoundOpening
from procedures.registry import WORKFLOWS
from security.keys import KeyFileError
from security.payload_keys import load_key_ring
from service.calendar_update import calendar_source
from service.schedules import apply_schedules, configured_calendar
from settings import Settings, SettingsError

log = structlog.get_logger("worker")
# A worker waiting for its cluster tries again after 0.5, 1, 2, 4, 5, 5 ... seconds.


def worker_activities(
    client: Client,
    settings: Settings,
    calendar: WorkingDayCalendar | CalendarProvider,
    *,
    closing_time: time | None = None,
) -> list[Callable[..., Any]]:
    """Every activity the workflows call, wired to the settings."""
    return build_activities(
        calendar,
        Outbox(settings.outbox),
        closing_time=closing_time or settings.office_closing_time,
        reminder_working_days=settings.reminder_working_days,
        electronic_service_deemed=settings.service_electronic_deemed,
        client=client,
        subject_id_secret=settings.subject_id_secret,
        designation=DesignationActivities(
            calendar,
            batch_months=settings.designation_batch_months,
            batch_dates=settings.designation_batch_dates,
            notice_working_days=settings.designation_notice_working_days,
        ),
    )


def build_worker(
    client: Client,
    settings: Settings,
    calendar: WorkingDayCalendar | CalendarProvider,
    *,
    closing_time: time | None = None,
) -> Worker:
    return Worker(
        client,
        task_queue=settings.task_queue,
        # The procedures, and the opening every round's Schedule starts (service/schedules.py).
        workflows=[*WORKFLOWS, ScheduledRoundOpening],
        activities=worker_activities(client, settings, calendar, closing_time=closing_time),
        # Running activities heartbeat, so a killed worker's work moves on within seconds;
        # a case takes an Update only once settled (kernel/update_gate.py).
        interceptors=[KeepAliveInterceptor(), UpdateGate()],
        # One sandbox for the worker, each workflow module loaded into it once: a cache miss
        # builds the instance without compiling and executing its module again, under the
        # same restrictions (datetime.now(), open() still fail the task). Passing our packages
        # through the sandbox would do the first but lose the second (kernel/sandbox.py).
        workflow_runner=SharedSandboxRunner(),
        # The runs kept in memory (QZ_WORKFLOW_CACHE, sized in deploy/README.md).
        max_cached_workflows=settings.workflow_cache,
        max_concurrent_workflow_task_polls=settings.workflow_task_pollers,
        max_concurrent_activity_task_polls=settings.activity_task_pollers,
        # A notice being written when the stop comes gets the chance to finish.
        graceful_shutdown_timeout=timedelta(seconds=10),
    )


async def serve(settings: Settings, hint: bool, http: bool = True) -> None:
    """`http`: start the HTTP API and the codec server beside the worker (api/process.py)."""
    # The data, the override file and the years added with `starter.py calendar add-year`.
    calendar = calendar_source(settings)
    runtime = worker_runtime(settings)
    server = EmbeddedServer(settings, runtime) if settings.embedded else None
    api: ApiProcess | None = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        if server:
            log.info("starting embedded Temporal server", db=str(server.db_file))
            client = await server.start()
        else:
            client = await connect_patiently(settings, runtime=runtime)
            added = await _try_register_search_attributes(client, settings)
            if added:
                log.info("registered search attributes", names=added)
        worker = build_worker(client, settings, calendar)
        # Applied beside the worker, never before it: a restarted worker takes up its cases at
        # once (the calendar is the cluster's; another worker has likely applied it already).
        applying = (
            asyncio.create_task(_try_apply_schedules(client, settings))
            if settings.schedules == "on"
            else None
        )
        # The HTTP API and the codec server for the Web UI and `temporal --codec-endpoint`, in a
        # process of their own: never in the worker's event loop (QZ_HTTP_PORT, QZ_CODEC_PORT=0:
        # none).
        serving = served(settings) if http else {}
        if serving:
            api = ApiProcess()
            await api.start()
        log.info(
            "worker running",
            address=settings.address,
            namespace=settings.namespace,
            task_queue=settings.task_queue,
            calendar_version=calendar.current().version,
            ui=f"http://localhost:{settings.ui_port}" if server else None,
            http=serving.get("http"),
            api_pid=api.pid if api else None,
            metrics=(
                f"http://{settings.metrics_host}:{settings.metrics_port}/metrics"
                if runtime
                else None
            ),
            codec=serving.get("codec"),
            payload_encryption=_encryption_note(settings),
        )
        if hint:
            _print_hint(settings, server is not None, serving)
        async with worker:
            await _until_stopped(stop, api)
            log.info("shutting down: open cases resume on the next start")
        if applying is not None and not applying.done():
            applying.cancel()
    finally:
        if api:
            await api.stop()
        if server:
            server.stop()


async def _until_stopped(stop: asyncio.Event, api: ApiProcess | None) -> None:
    """Until SIGINT/SIGTERM. An API process that ends by itself stops the worker too (drained,
    exit 1), so that a service manager (or the developer) sees the engine down, not half up."""
    stopped = asyncio.ensure_future(stop.wait())
    if api is None:
        await stopped
        return
    exited = asyncio.ensure_future(api.exited())
    await asyncio.wait((stopped, exited), return_when=asyncio.FIRST_COMPLETED)
    if not stopped.done():
        stopped.cancel()
        raise ApiProcessError(f"the HTTP API process exited with code {exited.result()}")
    exited.cancel()


async def _try_register_search_attributes(client: Client, settings: Settings) -> list[str]:
    try:
        return await ensure_search_attributes(client, settings.namespace)
    except Exception as err:  # a cluster may forbid operator calls to workers
        log.warning(
            "could not register search attributes; ask the cluster operator to add them",
            error=str(err).splitlines()[0],
        )
        return []


async def _try_apply_schedules(client: Client, settings: Settings) -> None:
    """The rounds' Schedules from the calendar (idempotent). A failure is logged and the worker
    runs on: the cases do not depend on it, and `starter.py schedules apply` can do it later."""
    try:
        applied = await apply_schedules(client, configured_calendar(settings), settings.task_queue)
    except CalendarFileError as err:
        log.error("schedules not applied: the calendar file is refused", error=str(err))
        return
    except Exception as err:  # a cluster may forbid workers to write Schedules
        log.error(
            "schedules not applied; run `starter.py schedules apply` or set QZ_SCHEDULES=off",
            error=str(err).splitlines()[0] if str(err) else type(err).__name__,
        )
        return
    outcomes = {a.schedule_id: a.outcome for a in applied}
    log.info("schedules applied", schedules=outcomes)


def _encryption_note(settings: Settings) -> str:
    ring = load_key_ring(settings)
    if ring is None:
        return "OFF (QZ_PAYLOAD_ENCRYPTION=off): payloads readable on the Temporal server"
    local = " -- LOCAL DEVELOPMENT KEY, not for production" if ring.local else ""
    return f"AES-256-GCM, key {ring.newest.id} ({ring.source}){local}"


def _print_hint(settings: Settings, embedded: bool, served: dict[str, str]) -> None:
    ui = f"  Web UI:   http://localhost:{settings.ui_port}\n" if embedded else ""
    if "http" in served:
        base = f"http://localhost:{settings.http_port}"
        ui += (
            f"  HTTP API: {base}/docs (OpenAPI {base}/openapi.json),"
            f" board {base}/board\n"
            f"  API keys: {settings.api_keys_path}"
            + (
                f" (local keys in {settings.api_keys_path.parent / LOCAL_KEYS_NOTE})"
                if embedded
                else ""
            )
            + "\n"
        )
    if "codec" in served:
        ui += (
            f"  Payloads: encrypted ({_encryption_note(settings)});\n"
            f"            decrypted views for supervisors: sign in at {settings.codec_url}/login"
            f" (Web UI), or\n            temporal workflow show -w ID --codec-endpoint"
            f" {settings.codec_url} --codec-auth 'Bearer <supervisor key>'\n"
        )
    print(
        "\nThe engine is running. In a second terminal try:\n"
        "  .venv/bin/python starter.py deadline --from 2026-09-30 --working-days 15\n"
        "  .venv/bin/python starter.py market-objection start"
        " --file examples/market-objection.json\n"
        "  .venv/bin/python starter.py status MO-2026-0001\n"
        "  .venv/bin/python starter.py list --overdue\n"
        f"{ui}Stop with Ctrl-C; open cases resume on the next start.\n",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the workflow engine: the Temporal worker; beside it, as a process of "
        "their own, the HTTP API and the codec server (`python -m api`; --no-http: none); and "
        "with no TEMPORAL_ADDRESS the embedded Temporal dev server (SQLite under .data/, Web UI "
        "on :8233).",
        epilog="Configuration comes from environment variables: see the README.",
    )
    parser.add_argument(
        "--hint", action="store_true", help="print the next commands to try once running"
    )
    parser.add_argument(
        "--no-http",
        action="store_true",
        help="the worker alone: no HTTP API and no codec server (run them with `python -m api`, "
        "e.g. elsewhere); without it they run beside the worker as a process of their own, on "
        "QZ_HTTP_PORT and QZ_CODEC_PORT",
    )
    args = parser.parse_args(argv)
    http = not args.no_http
    try:
        settings = Settings.from_env()
        # Read (or create) the subject id key and the payload keys now: a bad or missing one
        # stops the start with one line.
        settings.subject_id_secret  # noqa: B018
        load_key_ring(settings)
        if http and settings.http_port:
            key_ring(settings)  # the API keys (a local installation's created on first start)
    except (SettingsError, KeyFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        asyncio.run(serve(settings, args.hint, http))
    except (EngineUnavailable, HolidayDataError, ApiProcessError) as err:
        log.error(str(err))
        return 1
    return 0


if __name__ == "__main__":
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter finalization (as starter.py does): the Temporal client's native runtime
    # threads can abort a finalizing interpreter (PyGILState_Release), turning a clean exit
    # status into -6. Everything main() opened is closed by the time it returns.
    os._exit(code)
