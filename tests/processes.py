"""The engine and the CLI as a user runs them: `python worker.py` (with the HTTP API it starts
beside itself), `python -m api` and `python worker.py --no-http` beside it, and `python
starter.py`.

Each engine gets its own data directory and ports, so tests never touch the developer's .data/.
Like `make run`, an engine encrypts payloads with a local key it creates in its data directory
(the QZ_* variables of the test process, the tests' key among them, are not passed on); its CLI
commands (`env=engine.env`) read the same key file.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temporalio.client import Client

from engine import EngineUnavailable, connect
from settings import Settings
from tests.conftest import free_port, with_payload_keys

ROOT = Path(__file__).resolve().parent.parent


PORT_ATTEMPTS = 3


@dataclass
class Engine:
    data_dir: Path
    port: int = field(default_factory=free_port)
    ui_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    metrics_port: int = field(default_factory=free_port)
    codec_port: int = field(default_factory=free_port)
    task_queue: str = field(default_factory=lambda: f"tq-{uuid.uuid4().hex[:8]}")
    process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEMPORAL_", "QZ_"))}
        env.update(
            QZ_DATA_DIR=str(self.data_dir),
            QZ_DEV_SERVER_PORT=str(self.port),
            QZ_UI_PORT=str(self.ui_port),
            QZ_HTTP_PORT=str(self.http_port),
            QZ_METRICS_PORT=str(self.metrics_port),
            QZ_CODEC_PORT=str(self.codec_port),
            QZ_TASK_QUEUE=self.task_queue,
            QZ_LOG_FORMAT="json",
        )
        return env

    @property
    def settings(self) -> Settings:
        return Settings.from_env(self.env)

    @property
    def log_file(self) -> Path:
        return self.data_dir / "worker.log"

    async def start(self) -> None:
        for _ in range(PORT_ATTEMPTS):
            if await self._started():
                return
            # Another process took one of the ports between free_port() and the worker's bind
            # (the race of every pick-a-free-port scheme): the engine starts on fresh ones.
            self.port, self.ui_port, self.http_port = free_port(), free_port(), free_port()
            self.metrics_port, self.codec_port = free_port(), free_port()
        raise AssertionError(f"worker.py found no free ports:\n{self.log_file.read_text()}")

    async def _started(self) -> bool:
        """True once the worker runs; False when it exited because a port was taken."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "worker.py")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        for _ in range(300):
            logged = self.log_file.read_text(encoding="utf-8")[offset:]
            if self.process.poll() is not None:
                if "address already in use" in logged:
                    return False
                raise AssertionError(f"worker.py exited early:\n{self.log_file.read_text()}")
            if "worker running" in logged:
                return True
            await asyncio.sleep(0.1)
        raise AssertionError(f"worker.py did not start:\n{self.log_file.read_text()}")

    def stop(self) -> int:
        """SIGTERM, as a service manager sends it; returns the exit code."""
        assert self.process is not None
        return stopped(self.process)

    async def client(self) -> Any:
        try:
            return await connect(self.settings)
        except EngineUnavailable as err:
            raise AssertionError(str(err)) from None

    def cluster_env(self, **changes: str) -> dict[str, str]:
        """The environment of another process of this engine's installation connecting to its
        server as to a cluster (TEMPORAL_ADDRESS): the same data directory and keys, no ports
        of the engine's own."""
        env = {**self.env, "TEMPORAL_ADDRESS": self.settings.address}
        env.update(QZ_METRICS_PORT="0", QZ_HTTP_PORT=str(free_port()))
        env.update(QZ_CODEC_PORT=str(free_port()), **changes)
        return env

    async def beside(self, name: str, *args: str, env: dict[str, str], ready: str) -> Beside:
        """`python ARGS` with `env` (from `cluster_env`), once it has logged `ready` (its output
        in `<data dir>/<name>.log`)."""
        log_file = self.data_dir / f"{name}.log"
        assert log_file != self.log_file, f"{name}: the engine's own log"
        offset = log_file.stat().st_size if log_file.exists() else 0
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, *args],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        for _ in range(300):
            if ready in log_file.read_text(encoding="utf-8")[offset:]:
                return Beside(process, log_file)
            if process.poll() is not None:
                break
            await asyncio.sleep(0.1)
        stopped(process)
        raise AssertionError(f"{' '.join(args)} did not start:\n{log_file.read_text()}")


@dataclass
class Beside:
    """A process started beside an engine (`Engine.beside`)."""

    process: subprocess.Popen[bytes]
    log_file: Path

    def stop(self) -> int:
        return stopped(self.process)


def stopped(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a service manager sends it; the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=60)


def listening_pid(port: int) -> int | None:
    """The process listening on 127.0.0.1 or any address at TCP `port`, from /proc (Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            # local address "ADDR:PORT" in hex, state 0A = LISTEN, inode in column 10
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                inodes.add(f"socket:[{fields[9]}]")
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                return int(fd_dir.parent.name)
        except OSError:  # another user's process, or one that just ended
            continue
    return None


def parent_pid(pid: int) -> int:
    # /proc/PID/stat: "pid (comm) state ppid ...", the name may hold spaces: read after its ')'.
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return int(stat.rsplit(")", 1)[1].split()[1])


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def cli(*args: str, env: dict[str, str]) -> Result:
    """`python starter.py ARGS` with ``env``; an env without a data directory gets the test's
    own (tests/conftest.py `own_data_dir`), one without an address a port nothing listens on,
    so that no command reads the repository's `.data/` or reaches a `make run` engine."""
    env = dict(env)
    env.setdefault("QZ_DATA_DIR", os.environ["QZ_DATA_DIR"])
    if "TEMPORAL_ADDRESS" not in env:
        env.setdefault("QZ_DEV_SERVER_PORT", str(free_port()))
    data_dir = Path(env["QZ_DATA_DIR"]).resolve()
    assert not data_dir.is_relative_to(ROOT / ".data"), f"a CLI pointed at {data_dir}"
    done = subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def cli_env(client: Client, settings: Settings, tmp_path: Path) -> dict[str, str]:
    """The environment of a CLI that talks to the test's server and task queue, with a data
    directory of its own under `tmp_path`."""
    return with_payload_keys(
        {
            "PATH": "/usr/bin:/bin",
            "TEMPORAL_ADDRESS": client.service_client.config.target_host,
            "QZ_TASK_QUEUE": settings.task_queue,
            "QZ_DATA_DIR": str(tmp_path / "cli-data"),
        }
    )


async def cli_beside(*args: str, env: dict[str, str]) -> Result:
    """`cli` from a test whose worker runs on its own event loop: in a thread, so that the
    worker answers the CLI's queries meanwhile."""
    return await asyncio.to_thread(cli, *args, env=env)
