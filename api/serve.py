"""Serving the API beside the worker (`make run`): uvicorn in the worker's event loop, the key
ring from the configuration, and no access log (a URL or header must never reach a log)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Generator

import structlog
import uvicorn
from temporalio.client import Client

from api.app import create_app
from api.keys import KeyRing, create_local_keys
from periods import WorkingDayCalendar
from settings import Settings

log = structlog.get_logger("api")

# The agency codes of the examples/ files: a local installation gets one key for each.
LOCAL_AGENCIES = ["QZ-SCJG", "QZ-YB", "QZ-YBJ-JS", "QZ-YBZX", "QZ-YBZX-QJ", "KC-ZHZF"]
LOCAL_KEYS_NOTE = "api-keys.local.txt"


def key_ring(settings: Settings) -> KeyRing:
    """The configured key file; an embedded installation creates a local one on first start
    (digests in api-keys.json, the keys themselves in api-keys.local.txt, mode 600)."""
    path = settings.api_keys_path
    if not path.exists() and settings.embedded:
        keys = create_local_keys(path, LOCAL_AGENCIES)
        note = path.parent / LOCAL_KEYS_NOTE
        note.write_text(
            "# Local API keys of this installation (created by `make run`; not for production).\n"
            + "".join(f"{name}: {key}\n" for name, key in keys.items()),
            encoding="utf-8",
        )
        note.chmod(0o600)
    return KeyRing.load(path)


def server(
    settings: Settings, client: Client, calendar: Callable[[], WorkingDayCalendar]
) -> uvicorn.Server:
    app = create_app(settings, client, key_ring(settings), calendar)
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.http_port,
        access_log=False,
        log_level="warning",
        lifespan="off",
    )
    return _QuietServer(config)


class _QuietServer(uvicorn.Server):
    """The worker handles SIGINT/SIGTERM (drain, then stop the server): uvicorn must not
    take the signals over."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def serve(instance: uvicorn.Server) -> None:
    try:
        await instance.serve()
    except asyncio.CancelledError:
        instance.should_exit = True
        raise
