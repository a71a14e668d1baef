"""What the procedures' end-to-end tests do the same way, whatever the procedure: start a case
as the service does, wait for its status, let a legal period pass, hear a refusal, read the
trail, and run the command line against the servers of the tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import pytest
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

import starter
from contracts.subject_records import SubjectRecordInput, SubjectRef, SubjectWrite
from periods import SHANGHAI, working_days_before
from procedures.subject_record.workflow import SubjectRecordWorkflow
from service.steps import execute_step
from settings import Settings
from tests.conftest import poll_query, with_payload_keys

# How far past a deadline's instant a test sleeps: the timer has fired and its consequences
# (lapse, escalation) have been applied, and still well before anything due the next day.
MARGIN = timedelta(hours=1)

StatusT = TypeVar("StatusT")


class _Case(Protocol):
    case_id: str


class _Status(Protocol):
    """A case's status, as every procedure answers it: its deadlines and its trail."""

    @property
    def deadlines(self) -> Sequence[Any]: ...

    @property
    def events(self) -> Sequence[Any]: ...


@dataclass(frozen=True)
class CaseWorkflow(Generic[StatusT]):
    """One procedure's workflow as the tests drive it: its run, its status query and the
    workflow id the service gives a case."""

    run: Callable[..., Awaitable[Any]]
    status: Callable[[Any], StatusT]
    workflow_id: Callable[[str], str]

    async def start(
        self, env: WorkflowEnvironment, settings: Settings, case: _Case
    ) -> WorkflowHandle[Any, Any]:
        """Started as the service starts a case: one workflow per case id, never a second."""
        return await env.client.start_workflow(
            self.run,
            case,
            id=self.workflow_id(case.case_id),
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )

    async def status_when(
        self,
        handle: WorkflowHandle[Any, Any],
        predicate: Callable[[StatusT], bool],
        timeout_s: float = 30.0,
    ) -> StatusT:
        """The status once `predicate(status)` holds (the worker runs asynchronously)."""
        status: StatusT = await poll_query(handle, self.status, predicate, timeout_s)
        return status


def actions(status: _Status) -> list[str]:
    """The case's trail, by action."""
    return [event.action for event in status.events]


def deadline(status: _Status, name: str) -> Any:
    """The tracked deadline of that name (each procedure has its own record of it)."""
    return next(d for d in status.deadlines if d.name == name)


async def now_in_shanghai(env: WorkflowEnvironment) -> datetime:
    """The server's clock (time skipping moves it), in the agencies' time zone."""
    return (await env.get_current_time()).astimezone(SHANGHAI).replace(microsecond=0)


async def today_in(env: WorkflowEnvironment) -> date:
    return (await now_in_shanghai(env)).date()


async def sleep_past(env: WorkflowEnvironment, instant: datetime) -> None:
    """Let the server's time skip to just past `instant` (a deadline's end, a reminder)."""
    await env.sleep(instant - await env.get_current_time() + MARGIN)


def midnight_after(day: date) -> datetime:
    """When a period whose last day is `day` runs out: at 24:00 of it, the next day's 00:00."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def reminder_instants(last_day: date) -> list[datetime]:
    """When an agency is reminded of a duty ending on `last_day`: at 09:00 on the 3rd and on
    the 1st working day before it."""
    return [
        datetime.combine(working_days_before(last_day, n), time(9), tzinfo=SHANGHAI) for n in (3, 1)
    ]


async def refused(handle: WorkflowHandle[Any, Any], update: Any, argument: Any) -> str:
    """The message of the step the case refuses (the refusal is the case's own error)."""
    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await execute_step(handle, update, argument)
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError), cause
    return cause.message


async def seed_record(
    client: Client, settings: Settings, ref: SubjectRef, *writes: SubjectWrite
) -> WorkflowHandle[Any, Any]:
    """A subject's record opened on the worker's queue and written through its Updates, as the
    procedures that made the entries would have written them."""
    record = await client.start_workflow(
        SubjectRecordWorkflow.run,
        SubjectRecordInput(ref=ref),
        id=ref.workflow_id(settings.subject_id_secret),
        task_queue=settings.task_queue,
    )
    for write in writes:
        await record.execute_update(write.op, write)
    return record


# -- the command line -----------------------------------------------------------------------------


def cli_environment(client: Client, settings: Settings, data_dir: Path) -> dict[str, str]:
    """The whole environment of a CLI subprocess: the tests' server, the worker's task queue
    and payload key, its own data directory, and nothing of the shell's."""
    return with_payload_keys(
        {
            "PATH": "/usr/bin:/bin",
            "TEMPORAL_ADDRESS": client.service_client.config.target_host,
            "QZ_TASK_QUEUE": settings.task_queue,
            "QZ_DATA_DIR": str(data_dir),
        }
    )


async def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`starter.py *argv` in this process: its exit code, what it printed and what it said."""
    # starter.main runs its own event loop: in a thread, beside the test's loop.
    code = await asyncio.to_thread(starter.main, list(argv))
    out, err = capsys.readouterr()
    return code, out, err
