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
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client, WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError

from cli.client import (
    EXIT_CODES,
    add_wait_flag,
    connect_cli,
    send_update,
    start_case,
    started_line,
    wait_outputs,
)
from cli.errors import BadInput
from cli.inputs import read_json_file, validate, validate_file
from cli.render import outputs_lines, shanghai, step_json
from procedures.declaration import Flag, Procedure, Step
from procedures.registry import CASES
from settings import Settings

# Procedures whose commands are still written by hand in their own module here (moving to
# their declarations, issue 16).
HAND_WRITTEN = frozenset({"market-objection", "medical-objection", "repair"})
# How long a reply waits for the case to show its first deadline, or to leave a stage a step
# moves it out of (a notice to issue, a record to write: an activity or two).
SETTLE_POLLS, SETTLE_PAUSE = 20, 0.25
START_POLLS = 40


def register(commands: argparse._SubParsersAction[Any]) -> None:
    for procedure in CASES:
        if procedure.name not in HAND_WRITTEN:
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
        _add_flags(action, step.flags)
        add_wait_flag(action)
        action.set_defaults(handler=functools.partial(cmd_step, procedure, step))


def _description(step: Step) -> str:
    text = step.description or f"{step.clause}: {step.help}."
    return f"{text}\n\nWho acts: {step.by}."


def _action(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name,
        help=help_text,
        description="\n".join(textwrap.wrap(description, 88)),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(needs_engine=True)
    return parser


def _add_flags(parser: argparse.ArgumentParser, flags: tuple[Flag, ...]) -> None:
    """Switches that fill the same field are exclusive (--substantiated / --unfounded)."""
    groups: dict[str, argparse._MutuallyExclusiveGroup] = {}
    for flag in flags:
        dest = _dest(flag)
        if flag.is_switch:
            switches = [f for f in flags if f.field == flag.field and f.is_switch]
            target: Any = parser
            if len(switches) > 1:
                if flag.field not in groups:
                    groups[flag.field] = parser.add_mutually_exclusive_group()
                target = groups[flag.field]
            target.add_argument(flag.option, dest=dest, action="store_true", help=flag.help)
        elif flag.repeat:
            parser.add_argument(
                flag.option, dest=dest, action="append", metavar=flag.metavar, help=flag.help
            )
        else:
            kind = Path if flag.json_file else str
            parser.add_argument(
                flag.option, dest=dest, type=kind, metavar=flag.metavar, help=flag.help
            )


def _dest(flag: Flag) -> str:
    return "flag_" + flag.option.removeprefix("--").replace("-", "_")


# -- the request ----------------------------------------------------------------------------------


def _flag_values(args: argparse.Namespace, step: Step) -> tuple[dict[str, Any], list[str]]:
    """The request's fields from the flags given, and the options given."""
    values: dict[str, Any] = {}
    given: list[str] = []
    for flag in step.flags:
        value = getattr(args, _dest(flag))
        if value is None or value is False:
            continue
        given.append(flag.option)
        if flag.is_switch:
            values[flag.field] = flag.value
        elif flag.json_file:
            values[flag.field] = read_json_file(value)
        else:
            values[flag.field] = value
    return values, given


def step_request(args: argparse.Namespace, step: Step) -> BaseModel:
    """The step's request, validated in full (BadInput, exit 2, names the field or the flag)."""
    values, given = _flag_values(args, step)
    if args.file is not None:
        if given:
            raise BadInput(
                f"--file: give either --file or the flags ({', '.join(given)}), not both"
            )
        data: object = read_json_file(args.file)
        source = str(args.file)
    elif not step.flags:
        raise BadInput(f"--file: the {step.named} is required (--file INPUT.json)")
    elif not given:
        options = ", ".join(f.option for f in step.flags)
        raise BadInput(f"{step.named}: give --file INPUT.json, or the flags ({options})")
    else:
        data = {**step.flag_defaults, **values}
        source = step.named
        _require_flags(step, data)
    request = validate(step.request, data, source)
    problem = step.check(request) if step.check else None
    if problem:
        raise BadInput(f"{source}: {problem}")
    return request


def _require_flags(step: Step, data: dict[str, Any]) -> None:
    """A required field left out is named by its flag(s), which is what the user typed."""
    for name, info in step.request.model_fields.items():
        options = [f.option for f in step.flags if f.field == name]
        if info.is_required() and name not in data and options:
            raise BadInput(f"{'/'.join(options)}: the {name.replace('_', ' ')} is required")


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
    stage = f", stage '{status.stage.value}'." if status is not None else "."
    print(started_line(case.case_id, workflow_id, created).removesuffix(".") + stage)
    if status is None:
        print("Its first deadline is being computed: is the worker running (`make run`)?")
    elif procedure.standing is not None:
        print(procedure.standing(status))
    return 0


# -- the human steps ------------------------------------------------------------------------------


async def cmd_step(
    procedure: Procedure, step: Step, args: argparse.Namespace, settings: Settings
) -> int:
    request = step_request(args, step)
    client: Client = await connect_cli(settings)
    handle = client.get_workflow_handle(procedure.workflow_id(args.case_id))
    receipt: Any = await send_update(
        handle, step.update, request, args.case_id, procedure.name, result_type=step.receipt
    )
    outputs = (
        await wait_outputs(handle, step.update, args.case_id, procedure.name) if args.wait else None
    )
    if args.json:
        print(step_json(receipt, outputs))
        return 0
    detail = f" ({receipt.detail})" if receipt.detail else ""
    print(
        f"{step.done} for case {receipt.case_id}{detail}. The case is now "
        f"'{receipt.stage.value}' ({shanghai(receipt.at)} Asia/Shanghai); see "
        f"`starter.py status {receipt.case_id}`."
    )
    if outputs is not None:
        print("\n".join(outputs_lines(outputs)))
    if procedure.standing is not None:
        leaving = procedure.leaves(step.update, request)
        status = await _status_once(
            handle,
            procedure,
            lambda s: receipt.stage not in leaving or s.stage not in leaving,
            SETTLE_POLLS,
        )
        if status is not None:
            print(procedure.standing(status))
    return 0


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
