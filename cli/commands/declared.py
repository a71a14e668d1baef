"""`starter.py <procedure> start|<step> ...`, generated from the procedures' declarations
(procedures/<name>/declaration.py): one subcommand per step, its `--help` from the step's
texts and clause, its input from `--file` or the step's flags, the reply from the receipt and
the procedure's own account of where the case stands.

Every input is validated in full before anything is sent (exit 2, one line naming the field).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client, WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from cli.client import (
    EXIT_CODES,
    QUERY_TIMEOUT,
    add_wait_flag,
    connect_cli,
    rpc_error,
    send_update,
    start_case,
    started_line,
    wait_outputs,
)
from cli.errors import CliError, Refused, UnknownCase, Unreachable
from cli.inputs import read_json_file, validate_file
from cli.render import outputs_lines, step_json
from cli.step_requests import add_flags, step_parts, step_request
from periods.phrases import shanghai
from procedures.declaration import Procedure, Step
from procedures.registry import CASES, words_of
from settings import Settings

# How long a reply waits for the case to show its first deadline, or to leave a stage a step
# moves it out of (a notice to issue, a record to write: an activity or two).
SETTLE_POLLS, SETTLE_PAUSE = 20, 0.25
START_POLLS = 40


def register(commands: argparse._SubParsersAction[Any]) -> None:
    for procedure in CASES:
        _register(commands, procedure)


def _register(commands: argparse._SubParsersAction[Any], procedure: Procedure) -> None:
    examples = "\n".join(f"  {line}" for line in procedure.examples)
    parser = commands.add_parser(
        procedure.name,
        help=procedure.title,
        description=f"{procedure.description}\n\nExamples:\n{examples}"
        if examples
        else procedure.description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = _action(
        actions, "start", procedure.start_help, procedure.start_description or procedure.start_help
    )
    start.add_argument("--file", type=Path, required=True, metavar="CASE.json")
    start.set_defaults(handler=functools.partial(cmd_start, procedure))
    for step in procedure.steps:
        action = _action(actions, step.name, step.help, _description(step))
        action.add_argument("case_id", metavar="CASE_ID")
        action.add_argument(
            "--file",
            type=Path,
            metavar="INPUT.json",
            help=f"the {step.named} as JSON ({step.request.__name__})",
        )
        add_flags(action, step.flags)
        add_wait_flag(action)
        action.set_defaults(handler=functools.partial(cmd_step, procedure, step))


def _description(step: Step) -> str:
    text = step.description or f"{step.clause}: {step.help}."
    return f"{text}\n\nWho acts: {step.by}."


def _wrapped(text: str) -> str:
    """Paragraphs wrapped at 88 columns, never inside a hyphenated word (medical-insurance)."""
    return "\n\n".join(
        "\n".join(textwrap.wrap(paragraph, 88, break_on_hyphens=False))
        for paragraph in text.split("\n\n")
    )


def _action(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name,
        help=help_text,
        description=_wrapped(description),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(needs_engine=True)
    return parser


# -- start ----------------------------------------------------------------------------------------


async def cmd_start(procedure: Procedure, args: argparse.Namespace, settings: Settings) -> int:
    assert procedure.case_model is not None
    # Refuses an implausible date, or an event not yet happened (checks.plausible).
    case: Any = validate_file(procedure.case_model, read_json_file(args.file), str(args.file))
    workflow_id = procedure.workflow_id(case.case_id)
    handle, created = await start_case(
        settings,
        procedure.workflow.run,  # type: ignore[attr-defined]
        case,
        case_id=case.case_id,
        workflow_id=workflow_id,
        procedure_type=procedure.procedure_type,
        agency_code=procedure.agency(case),
    )
    status = await _status_once(handle, procedure, procedure.started, START_POLLS)
    if args.json:
        dumped = status.model_dump(mode="json") if status else None
        print(
            json.dumps(
                {
                    "case_id": case.case_id,
                    "workflow_id": workflow_id,
                    "created": created,
                    "status": dumped,
                },
                ensure_ascii=False,
            )
        )
        return 0
    line = started_line(case.case_id, workflow_id, created)
    if created and status is not None:
        line = f"{line.removesuffix('.')}, stage '{status.stage.value}'."
    print(line)
    if status is None:
        print("Its first deadline is being computed: is the worker running (`make run`)?")
    elif procedure.standing is not None:
        print(procedure.standing(status, datetime.now(UTC)))
    return 0


# -- the human steps ------------------------------------------------------------------------------


async def cmd_step(
    procedure: Procedure, step: Step, args: argparse.Namespace, settings: Settings
) -> int:
    if step.routes:
        handle = await _handle(settings, procedure, args.case_id)
        update, request = await _routed(handle, procedure, step, args)
    else:
        # Validated before connecting: bad input is exit 2 even with no engine.
        requests = step_parts(args, step)
        update, request = step.update, requests[-1]
        handle = await _handle(settings, procedure, args.case_id)
        if len(requests) > 1:
            return await _send_parts(handle, procedure, step, requests, args)
    try:
        receipt: Any = await send_update(
            handle, update, request, args.case_id, procedure.name, result_type=step.receipt
        )
    except Refused as refused:
        raise await _explained(handle, procedure, args.case_id, refused) from None
    outputs = (
        await wait_outputs(handle, update, args.case_id, procedure.name) if args.wait else None
    )
    if step.completes is not None:
        if outputs is None:  # what completes the receipt is among the step's follow-ups
            await wait_outputs(handle, update, args.case_id, procedure.name)
        receipt = step.completes(receipt, await _status(handle, procedure, args.case_id))
    if args.json:
        print(step_json(receipt, outputs))
        return 0
    status = None
    if procedure.standing is not None and step.reply is None:
        # A step that sets the case moving (a supplement completing the file: 'supplementing'
        # → 'evaluating') leaves the stage within seconds, in the case's main loop, whether
        # its receipt names the stage it answered in or the one it leads to. The status read
        # for the standing waits for the move, so the reply and the standing say where the
        # case is now.
        leaving = procedure.leaves(update, request)
        status = await _status_once(
            handle, procedure, lambda s: s.stage not in leaving, SETTLE_POLLS
        )
    if step.reply:
        print(step.reply(request, receipt))
    else:
        print(_receipt_line(procedure, step, request, receipt, status))
    if outputs is not None:
        print("\n".join(outputs_lines(outputs)))
    if procedure.standing is not None and status is not None:
        print(procedure.standing(status, datetime.now(UTC)))
    return 0


async def _send_parts(
    handle: WorkflowHandle[Any, Any],
    procedure: Procedure,
    step: Step,
    requests: list[BaseModel],
    args: argparse.Namespace,
) -> int:
    """A file too long for one step, sent in parts, in order; each part's reply as it is taken.
    A part refused stops the sending: the parts before it stand, and the reply says so."""
    receipts: list[Any] = []
    for number, request in enumerate(requests, start=1):
        try:
            receipt = await send_update(
                handle,
                step.update,
                request,
                args.case_id,
                procedure.name,
                result_type=step.receipt,
            )
        except Refused as refused:
            taken = f"parts 1–{number - 1} were taken" if number > 1 else "nothing was taken"
            explained = await _explained(handle, procedure, args.case_id, refused)
            raise type(explained)(
                f"{explained} (part {number} of {len(requests)} refused; {taken})"
            ) from None
        receipts.append(receipt)
        if not args.json:
            print(
                f"Part {number} of {len(requests)}: "
                + (step.reply(request, receipt) if step.reply else step.said(request))
            )
    # --wait: until what the last part queued is done (a case works its steps' follow-ups in
    # order, so the earlier parts' are done too).
    outputs = (
        await wait_outputs(handle, step.update, args.case_id, procedure.name) if args.wait else None
    )
    if args.json:
        parts = [r.model_dump(mode="json") for r in receipts]
        print(
            json.dumps(
                {"parts": parts, "outputs": outputs and outputs.model_dump(mode="json")},
                ensure_ascii=False,
            )
        )
        return 0
    if outputs is not None:
        print("\n".join(outputs_lines(outputs)))
    return 0


def _receipt_line(
    procedure: Procedure, step: Step, request: BaseModel, receipt: Any, status: Any
) -> str:
    """The kernel's receipt (case, stage, instant, detail) in a sentence, with the stage the
    case is in now (from `status` when read after the step, else the receipt's), in words."""
    detail = f" ({receipt.detail})" if receipt.detail else ""
    stage = (status.stage if status is not None else receipt.stage).value
    return (
        f"{step.said(request)} for case {receipt.case_id}{detail}. The case is now "
        f"'{stage}' ({words_of(procedure).stage_words(stage)}; {shanghai(receipt.at)} "
        f"Asia/Shanghai); see `starter.py status {receipt.case_id}`."
    )


async def _handle(
    settings: Settings, procedure: Procedure, case_id: str
) -> WorkflowHandle[Any, Any]:
    client: Client = await connect_cli(settings)
    return client.get_workflow_handle(procedure.workflow_id(case_id))


async def _routed(
    handle: WorkflowHandle[Any, Any], procedure: Procedure, step: Step, args: argparse.Namespace
) -> tuple[str, BaseModel]:
    """The Update the case's stage routes the step to, and its request (with the fields the
    status fills in); in any other stage the step is refused, nothing sent."""
    status = await _status(handle, procedure, args.case_id)
    stage = status.stage.value
    update = step.routes.get(stage)
    if update is None:
        raise Refused(f"case {args.case_id} is in stage '{stage}': {step.routed_only_while}")
    defaults = step.route_defaults(update, status) if step.route_defaults else {}
    return update, step_request(args, step, defaults)


async def _explained(
    handle: WorkflowHandle[Any, Any], procedure: Procedure, case_id: str, refused: Refused
) -> CliError:
    """A refusal the procedure says better from the case's status (a lapsed window)."""
    if procedure.explains is None:
        return refused
    try:
        status = await _status(handle, procedure, case_id)
    except CliError:
        return refused
    better = procedure.explains(status, str(refused))
    return Refused(better) if better else refused


async def _status(handle: WorkflowHandle[Any, Any], procedure: Procedure, case_id: str) -> Any:
    """The case's status, or the CLI error that says why there is none."""
    try:
        return await handle.query(
            "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
        )
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise UnknownCase(f"no {procedure.name} case {case_id}") from None
        if err.status == RPCStatusCode.DEADLINE_EXCEEDED:
            raise Unreachable(
                f"case {case_id} exists but no worker answered; is the worker running (`make run`)?"
            ) from None
        raise rpc_error(err, case_id) from None
    except WorkflowQueryFailedError as err:
        raise UnknownCase(f"case {case_id} cannot be read: {err.message}") from None


async def _status_once(
    handle: WorkflowHandle[Any, Any],
    procedure: Procedure,
    ready: Callable[[Any], bool],
    polls: int,
) -> Any:
    """The status once `ready(status)` holds (a few seconds at most; then the last one read)."""
    status = None
    for _ in range(polls):
        try:
            status = await handle.query(
                "status", result_type=procedure.status_model, rpc_timeout=timedelta(seconds=2)
            )
        except (RPCError, WorkflowQueryFailedError):
            pass
        if status is not None and ready(status):
            return status
        await asyncio.sleep(SETTLE_PAUSE)
    return status
