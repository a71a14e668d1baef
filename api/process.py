"""The HTTP API and the codec server as a process of their own (`python -m api`), and the worker's
handle on that process when it serves them too (`make run`).

Apart from the worker, the API's requests (HTTP parsing, JSON, payload decryption, the
working days counted at the door) never take turns with the worker's workflow and activity tasks
in one event loop: each process has its own loop, and its own core when there is one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import structlog

from api.serve import codec_server, server, start, stop
from engine import EngineUnavailable, connect_patiently, die_with_parent, worker_runtime
from periods import HolidayDataError
from security.payload_keys import load_key_ring
from service.calendar_update import calendar_source
from settings import Settings

log = structlog.get_logger("api")

ROOT = Path(__file__).resolve().parent.parent
READY = b"ready\n"
# How long the API process is given to finish the requests in hand once told to stop.
STOP_TIMEOUT_S = 20.0


def served(settings: Settings) -> dict[str, str]:
    """What an API process serves, by name ("http", "codec") with its address: the API on
    QZ_HTTP_PORT, the codec server on QZ_CODEC_PORT when payloads are encrypted (`codec_server`);
    port 0, none."""
    what = {}
    if settings.http_port:
        what["http"] = f"http://{settings.http_host}:{settings.http_port}"
    if settings.codec_port and load_key_ring(settings) is not None:
        what["codec"] = settings.codec_url
    return what


async def run(settings: Settings, ready_fd: int | None = None) -> int:
    """Connect to the cluster (or a `make run` engine's embedded server), serve until SIGINT or
    SIGTERM; the exit code. `ready_fd`: a pipe told once both servers listen (worker.py waits on
    it)."""
    try:
        await _serve(settings, ready_fd)
    except (EngineUnavailable, HolidayDataError) as err:
        log.error(str(err))
        return 1
    return 0


def exit_at_once(code: int) -> NoReturn:
    """Exit with `code`, logs flushed, skipping interpreter finalization as worker.py does: the
    Temporal client's native runtime threads can abort it (a clean exit turned into -6)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


async def _serve(settings: Settings, ready_fd: int | None) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    # The client's request metrics on QZ_METRICS_PORT (0 beside a worker, which has that port).
    client = await connect_patiently(settings, runtime=worker_runtime(settings))
    calendar = calendar_source(settings)
    http = server(settings, client, calendar.current) if settings.http_port else None
    http_task = await start(http)
    codec = codec_server(settings)
    codec_task = await start(codec)
    log.info(
        "api running",
        pid=os.getpid(),
        address=settings.address,
        namespace=settings.namespace,
        **served(settings),
    )
    if ready_fd is not None:
        os.write(ready_fd, READY)
        os.close(ready_fd)
    await stopping.wait()
    await stop(http, http_task)
    await stop(codec, codec_task)


class ApiProcessError(RuntimeError):
    """The API process beside a worker exited by itself (at start: a port taken, say)."""


class ApiProcess:
    """`python -m api` started by the worker, with the worker's environment: the same settings,
    keys and data directory, so the same cluster or embedded server. Its output goes where the
    worker's goes."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    async def start(self) -> None:
        """Returns once it listens; raises ApiProcessError when it exited instead (a port taken:
        its own error is in the log)."""
        readable, writable = os.pipe()
        # Its metrics would take the worker's port: the worker exports them. The API's code is
        # the worker's own (this checkout first on the path), wherever the worker was started.
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
        env = {**os.environ, "QZ_METRICS_PORT": "0", "PYTHONPATH": path}
        try:
            # From the event loop's thread: the death signal follows the thread that forks.
            self._process = subprocess.Popen(
                [sys.executable, "-m", "api", "--ready-fd", str(writable)],
                env=env,
                pass_fds=(writable,),
                stdin=subprocess.DEVNULL,
                # Ctrl-C reaches the worker only, which stops the API in its turn; a worker
                # killed outright takes the API with it (no server left holding the port).
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        finally:
            os.close(writable)
        try:
            said = await asyncio.to_thread(os.read, readable, len(READY))
        finally:
            os.close(readable)
        if said != READY:
            code = await asyncio.to_thread(self._process.wait)
            raise ApiProcessError(f"the HTTP API process exited at start with code {code}")

    async def exited(self) -> int:
        """Its exit code, once it has exited."""
        assert self._process is not None
        return await asyncio.to_thread(self._process.wait)

    async def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            log.warning("the HTTP API process did not stop in time: killed", pid=process.pid)
            process.kill()
            await asyncio.to_thread(process.wait)
