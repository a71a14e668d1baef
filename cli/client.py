"""Talking to the engine from the command line: connect, translate engine errors into one-line
CLI errors. Shared by every procedure's commands (the argument types: cli/arguments.py)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any, TypeVar

from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from cli.errors import CliError, Refused, UnknownCase, Unreachable
from contracts import search_attributes as sa
from contracts.case_records import OutputsReport
from engine import EngineUnavailable, connect
from service.request_digest import BODY_DIGEST, body_digest, stored_digest
from service.steps import await_outputs, execute_step
from settings import Settings

EXIT_CODES = """exit codes:
  0  done (a start sent again with the very same case file, by the CLI or over HTTP, is the
     same request: it reports the case already started)
  2  bad input: unreadable file, invalid JSON, a field missing or out of range (nothing sent)
  3  unknown case
  4  refused by the case: a start of an existing case with another body, a decision in the
     wrong stage (nothing changed)
  5  the engine is not reachable (start it with `make run`)"""
QUERY_TIMEOUT = timedelta(seconds=10)
T = TypeVar("T")


async def connect_cli(settings: Settings) -> Client:
    try:
        return await connect(settings)
    except EngineUnavailable as err:
        raise Unreachable(str(err)) from None


def rpc_error(err: RPCError, case_id: str, procedure: str | None = None) -> CliError:
    if err.status == RPCStatusCode.NOT_FOUND:
        what = f"{procedure} case" if procedure else "case"
        return UnknownCase(f"no {what} {case_id}")
    if err.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
        return Unreachable(f"the engine did not answer: {err.message}")
    return CliError(f"the engine refused the request: {err.message}")


def query_error(err: RPCError, workflow_id: str, *, missing: str, silent: str) -> CliError:
    """A failed query of a workflow as the CLI's error. A query needs a worker, unlike a
    description: `missing` says there is no such workflow, `silent` that it exists but no worker
    answered in time."""
    if err.status == RPCStatusCode.NOT_FOUND:
        return UnknownCase(missing)
    if err.status == RPCStatusCode.DEADLINE_EXCEEDED:
        return Unreachable(silent)
    return rpc_error(err, workflow_id)


async def closed_or_unknown(
    handle: WorkflowHandle[Any, Any], case_id: str, procedure: str
) -> CliError:
    """An update to a closed case is NOT_FOUND on the server: tell a closed case apart."""
    try:
        description = await handle.describe()
    except RPCError:
        return UnknownCase(f"no {procedure} case {case_id}")
    state = description.status.name.lower() if description.status else "closed"
    return Refused(f"case {case_id} is closed ({state}): it accepts nothing more")


async def send_update(
    handle: WorkflowHandle[Any, Any],
    update: Any,
    argument: Any,
    case_id: str,
    procedure: str,
    *,
    result_type: type | None = None,
) -> Any:
    """Execute an Update (sent again while the case finishes its previous step); a validator's
    refusal, a closed or an unknown case become CLI errors. `result_type`: the receipt's model,
    for an Update sent by name."""
    return await _as_cli_errors(
        execute_step(handle, update, argument, result_type=result_type), handle, case_id, procedure
    )


async def _as_cli_errors(
    call: Awaitable[T],
    handle: WorkflowHandle[Any, Any],
    case_id: str,
    procedure: str,
    refused: str = "refused",
) -> T:
    try:
        return await call
    except WorkflowUpdateFailedError as err:
        cause = err.cause
        message = getattr(cause, "message", None) or str(cause or err)
        raise Refused(f"case {case_id} {refused}: {message}") from None
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise await closed_or_unknown(handle, case_id, procedure) from None
        raise rpc_error(err, case_id) from None


def update_name(update: Any) -> str:
    """The name a step (an Update) has on the server: given as a name, or as the workflow's
    method."""
    if isinstance(update, str):
        return update
    definition = getattr(update, "_defn", None)
    return str(getattr(definition, "name", None) or update.__name__)


def add_wait_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        action="store_true",
        help="after the receipt, wait for what the step set going (documents, deliveries, "
        "deadlines, record writes) and print it",
    )


async def wait_outputs(
    handle: WorkflowHandle[Any, Any], update: Any, case_id: str, procedure: str
) -> OutputsReport:
    """After a step: wait for what it set going (its documents, deliveries, deadlines, record
    writes), which the case does after answering the step (`--wait`); `update` None: for
    everything the case has queued so far."""
    step = update_name(update) if update is not None else None
    return await _as_cli_errors(
        await_outputs(handle, step), handle, case_id, procedure, "refused to wait"
    )


async def start_case(
    settings: Settings,
    run: Any,
    case: Any,
    *,
    case_id: str,
    workflow_id: str,
    procedure_type: str,
    agency_code: str,
) -> tuple[WorkflowHandle[Any, Any], bool]:
    """Start a case once, ever (not even a closed case may be started again), findable from the
    first instant by its search attributes, which never carry the subject's code or name.

    The case's memo keeps the digest of the validated case, as the HTTP API stores it: the very
    same case file sent again (by the CLI or over HTTP) is the same request and gets the existing
    case (the returned flag is False: see `started_line`); another body for the same case id is
    refused."""
    client = await connect_cli(settings)
    digest = body_digest(case)
    try:
        handle = await client.start_workflow(
            run,
            case,
            id=workflow_id,
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            memo={BODY_DIGEST: digest},
            search_attributes=sa.at_start(procedure_type, agency_code),
        )
        return handle, True
    except WorkflowAlreadyStartedError:
        pass
    except RPCError as err:
        raise rpc_error(err, case_id) from None
    handle = client.get_workflow_handle(workflow_id)
    try:
        same = await stored_digest(handle) == digest
    except RPCError as err:
        raise rpc_error(err, case_id) from None
    if not same:
        raise Refused(
            f"case {case_id} already exists ({workflow_id}) with another body; a case is "
            f"started only once — see `starter.py status {case_id}`"
        )
    return handle, False


def started_line(case_id: str, workflow_id: str, created: bool) -> str:
    """The first line a start command prints: the same file sent again is not a second case."""
    if created:
        return f"Started case {case_id} ({workflow_id})."
    return (
        f"Case {case_id} ({workflow_id}) was already started with this same case file; "
        "nothing new was started."
    )
