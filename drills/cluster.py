"""The drill's processes: a file-backed Temporal dev server (as EmbeddedServer runs it) and N
`worker.py` processes on one task queue sharing one data directory, each started, watched for
readiness, killed with SIGKILL and started again by drills/fault_drill.py."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client
from temporalio.runtime import Runtime, TelemetryConfig
from temporalio.service import RPCError

from engine import EmbeddedServer, EngineUnavailable, connect, die_with_parent, reap
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The drill's client: the SDK core's own warnings (retries while the server is down) would go to
# stdout, into the --json report; the drill reports retries itself.
QUIET_RUNTIME = Runtime(telemetry=TelemetryConfig(logging=None))
WORKER_READY_TIMEOUT_S = 60.0
SERVER_READY_TIMEOUT_S = 60.0


def log(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _drill_key_ring() -> str:
    """A payload key ring of one random key (the QZ_PAYLOAD_KEYS format), for this drill only."""
    entry = {
        "id": f"drill-{secrets.token_hex(3)}",
        "key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return json.dumps({"keys": [entry]})


@dataclass
class WorkerSlot:
    number: int
    log_file: Path
    process: subprocess.Popen[bytes] | None = None
    spawned_at: float = 0.0
    ready_at: float | None = None
    offset: int = 0
    killed: bool = False  # by the drill: its exit is expected

    @property
    def ready(self) -> bool:
        return self.ready_at is not None and self.alive

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Cluster:
    """The dev server and the workers, each its own process, all in one drill directory."""

    def __init__(self, root: Path, workers: int, extra_env: dict[str, str], probe: bool) -> None:
        self.root = root
        self.data_dir = root / "data"
        self.port = free_port()
        self.ui_port = free_port()
        self.task_queue = f"drill-{uuid.uuid4().hex[:8]}"
        self.probe_file = root / "outbox-probe.jsonl"
        (root / "payload-keys.json").write_text(_drill_key_ring(), encoding="utf-8")
        self.probe = probe
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEMPORAL_", "QZ_"))}
        env.update(
            TEMPORAL_ADDRESS=f"127.0.0.1:{self.port}",
            TEMPORAL_NAMESPACE="default",
            QZ_TASK_QUEUE=self.task_queue,
            QZ_DATA_DIR=str(self.data_dir),
            QZ_OUTBOX_DIR=str(self.data_dir / "outbox"),
            QZ_HTTP_PORT="0",
            QZ_METRICS_PORT="0",
            QZ_CODEC_PORT="0",  # several workers on one host: no codec server each
            # The drill opens its rounds by hand: a Schedule firing mid-drill would add a round
            # nobody drives, and a worker restarted every few seconds need not apply them.
            QZ_SCHEDULES="off",
            QZ_LOG_FORMAT="json",
            QZ_LOG_LEVEL="INFO",
            # Workers that talk to a server by address (not embedded) need their payload keys
            # given: one key ring for the workers and the drill's client, kept in the drill
            # directory so that the histories can be read afterwards.
            QZ_PAYLOAD_KEYS_FILE=str(root / "payload-keys.json"),
        )
        if probe:
            env["DRILL_OUTBOX_PROBE"] = str(self.probe_file)
        env.update(extra_env)
        self.env = env
        # The drill's client: the workers' settings (a key setting given with --env applies to
        # both); the server: the embedded server's command on a data directory of its own.
        self.settings = Settings.from_env(env)
        self.server_settings = Settings(
            data_dir=self.data_dir, dev_server_port=self.port, ui_port=self.ui_port, codec_port=0
        )
        self.embedded = EmbeddedServer(self.server_settings)
        self.server: subprocess.Popen[bytes] | None = None
        self.slots = [WorkerSlot(n, root / f"worker-{n}.log") for n in range(workers)]

    @property
    def outbox(self) -> Path:
        return self.settings.outbox

    # -- the server

    def spawn_server(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.embedded.log_file.open("ab") as out:
            self.server = subprocess.Popen(
                self.embedded.command(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )

    def kill_server(self) -> None:
        assert self.server is not None
        os.kill(self.server.pid, signal.SIGKILL)
        self.server.wait()

    async def server_ready(self, client: Client | None) -> Client:
        """A client once the server answers (a new one when `client` is None)."""
        deadline = time.monotonic() + SERVER_READY_TIMEOUT_S
        while True:
            if self.server is not None and self.server.poll() is not None:
                raise EngineUnavailable(
                    f"the dev server exited with code {self.server.returncode}; "
                    f"see {self.embedded.log_file}"
                )
            try:
                if client is None:
                    client = await connect(self.settings, runtime=QUIET_RUNTIME)
                await client.workflow_service.describe_namespace(
                    DescribeNamespaceRequest(namespace=self.settings.namespace),
                    timeout=timedelta(seconds=2),
                )
                return client
            except (EngineUnavailable, RPCError, RuntimeError):
                if time.monotonic() > deadline:
                    raise EngineUnavailable(
                        f"the dev server did not answer within {SERVER_READY_TIMEOUT_S:.0f} s; "
                        f"see {self.embedded.log_file}"
                    ) from None
                await asyncio.sleep(0.2)

    # -- the workers

    def spawn_worker(self, slot: WorkerSlot) -> None:
        slot.offset = slot.log_file.stat().st_size if slot.log_file.exists() else 0
        program = ROOT / ("drills/probe_worker.py" if self.probe else "worker.py")
        with slot.log_file.open("ab") as out:
            slot.process = subprocess.Popen(
                [sys.executable, str(program)],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=die_with_parent,
            )
        slot.spawned_at = time.monotonic()
        slot.ready_at = None
        slot.killed = False

    def kill_worker(self, slot: WorkerSlot) -> None:
        assert slot.process is not None
        slot.killed = True
        os.kill(slot.process.pid, signal.SIGKILL)
        slot.process.wait()

    def check_ready(self, slot: WorkerSlot) -> bool:
        if slot.ready_at is None and slot.alive:
            with slot.log_file.open("rb") as handle:
                handle.seek(slot.offset)
                if b"worker running" in handle.read():
                    slot.ready_at = time.monotonic()
        return slot.ready

    def log_tail(self, slot: WorkerSlot, lines: int = 15) -> str:
        text = slot.log_file.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text[slot.offset :].splitlines()[-lines:])

    async def start_workers(self) -> None:
        for slot in self.slots:
            self.spawn_worker(slot)
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while not all(self.check_ready(slot) for slot in self.slots):
            for slot in self.slots:
                if slot.process is not None and slot.process.poll() is not None:
                    raise EngineUnavailable(
                        f"worker {slot.number} exited with code {slot.process.returncode} "
                        f"before it ran (does it need a setting? pass it with --env):\n"
                        f"{self.log_tail(slot)}"
                    )
            if time.monotonic() > deadline:
                raise EngineUnavailable("the workers did not start within 60 s")
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        for slot in self.slots:
            if slot.alive:
                assert slot.process is not None
                slot.process.send_signal(signal.SIGTERM)
        for slot in self.slots:
            if slot.process is not None:
                reap(slot.process, timeout=30)
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            reap(self.server, timeout=20)
