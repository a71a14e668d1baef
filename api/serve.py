"""Serving the API and the codec server: uvicorn in the event loop of the API's own process
(`python -m api`, api/process.py; never the worker's), the key ring from the configuration, and
no access log (a URL or header must never reach a log)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Generator

import structlog
import uvicorn
from fastapi import FastAPI
from temporalio.client import Client

from api.app import create_app
from periods import WorkingDayCalendar
from security.codec import EncryptionCodec
from security.codec_server import create_codec_app
from security.keys import KeyFileError, KeyRing, create_local_keys
from security.payload_keys import load_key_ring
from settings import Settings

log = structlog.get_logger("api")

# The agency codes of the examples/ files and the procedures each runs: a local installation
# gets one key for each. The market regulator (市场监管局) runs the market-credit objection; the
# medical-insurance bureaus and service centres (医保局, 医保服务中心) the medical-insurance
# objection, credit repair, designation and the designated institutions' agreements; the county
# law-enforcement bureau (综合行政执法局) the lost-lawsuit accountability.
_MEDICAL_INSURANCE = ("medical-objection", "repair", "designation", "agreement")
LOCAL_AGENCIES: dict[str, tuple[str, ...]] = {
    "QZ-SCJG": ("market-objection",),
    "QZ-YB": _MEDICAL_INSURANCE,
    "QZ-YBJ-JS": _MEDICAL_INSURANCE,
    "QZ-YBZX": _MEDICAL_INSURANCE,
    "QZ-YBZX-QJ": _MEDICAL_INSURANCE,
    "KC-ZHZF": ("accountability",),
}
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
    try:
        return KeyRing.load(path)
    except KeyFileError as err:
        if settings.embedded and (path.parent / LOCAL_KEYS_NOTE).exists():
            # Local keys from an older `make run`: new ones are one restart away.
            raise KeyFileError(
                f"{err} (local keys: remove {path} and {path.parent / LOCAL_KEYS_NOTE} to have "
                "new ones created)"
            ) from None
        raise


def server(
    settings: Settings, client: Client, calendar: Callable[[], WorkingDayCalendar]
) -> uvicorn.Server:
    app = create_app(settings, client, key_ring(settings), calendar)
    return _QuietServer(_config(app, settings.http_host, settings.http_port))


def codec_server(settings: Settings) -> uvicorn.Server | None:
    """The codec server (security/codec_server.py) on QZ_CODEC_PORT, with the same key rings as
    the worker; None when it is off (port 0) or payloads are not encrypted."""
    payload_keys = load_key_ring(settings)
    if not settings.codec_port or payload_keys is None:
        return None
    app = create_codec_app(
        EncryptionCodec(payload_keys), key_ring(settings), settings.codec_origins
    )
    return _QuietServer(_config(app, settings.codec_host, settings.codec_port))


def _config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """Either server's: no access log (a URL or header must never reach a log)."""
    return uvicorn.Config(
        app, host=host, port=port, access_log=False, log_level="warning", lifespan="off"
    )


class _QuietServer(uvicorn.Server):
    """The API process handles SIGINT/SIGTERM (api/process.py: stop both servers in turn):
    uvicorn must not take the signals over."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def start(instance: uvicorn.Server | None) -> asyncio.Task[None] | None:
    """Serve in the background; returns once listening (a taken port raises here)."""
    if instance is None:
        return None
    task = asyncio.create_task(serve(instance))
    while not instance.started and not task.done():
        await asyncio.sleep(0.05)
    if task.done():
        task.result()  # the port is taken, say: stop with that error
        raise OSError(f"the server on port {instance.config.port} stopped at once")
    return task


async def stop(instance: uvicorn.Server | None, task: asyncio.Task[None] | None) -> None:
    if instance is not None and task is not None:
        instance.should_exit = True
        await task


async def serve(instance: uvicorn.Server) -> None:
    try:
        await instance.serve()
    except asyncio.CancelledError:
        instance.should_exit = True
        raise
