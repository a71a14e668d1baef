"""A step's request from the command line: `--file INPUT.json`, or the flags its declaration
gives it (procedures/declaration.py `Flag`), validated in full before anything is sent."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cli.errors import BadInput
from cli.inputs import read_json_file, validate
from procedures.declaration import Flag, Step


def add_flags(parser: argparse.ArgumentParser, flags: tuple[Flag, ...]) -> None:
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
                flag.option,
                dest=dest,
                action="append",
                type=flag.parse,
                metavar=flag.metavar,
                help=flag.help,
            )
        else:
            parser.add_argument(
                flag.option,
                dest=dest,
                type=Path if flag.json_file else flag.parse,
                choices=flag.choices or None,
                metavar=flag.metavar,
                help=flag.help,
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


def step_request(
    args: argparse.Namespace, step: Step, defaults: Mapping[str, Any] | None = None
) -> BaseModel:
    """The step's request, validated in full (BadInput, exit 2, names the field or the flag).
    `defaults`: fields the case's status fills in for a routed step, unless a flag gives them."""
    values, given = _flag_values(args, step)
    if args.file is not None:
        alongside = {f.option for f in step.flags if f.with_file}
        if clashing := [option for option in given if option not in alongside]:
            raise BadInput(
                f"--file: give either --file or the flags ({', '.join(clashing)}), not both"
            )
        data: object = read_json_file(args.file)
        if given and isinstance(data, dict):
            data = {**data, **values}  # the flags that may go with --file replace its fields
        source = str(args.file)
    elif all(flag.with_file for flag in step.flags):  # no flags, or only ones that amend a file
        raise BadInput(f"--file: the {step.named} is required (--file INPUT.json)")
    elif not given:
        options = ", ".join(f.option for f in step.flags)
        raise BadInput(f"{step.named}: give --file INPUT.json, or the flags ({options})")
    else:
        data = {**step.flag_defaults, **(defaults or {}), **values}
        source = step.named
        _require_flags(step, data)
    request = validate(step.request, data, source)
    problem = step.check(request) if step.check else None
    if problem:
        raise BadInput(f"{source}: {problem}")
    return request


def step_parts(args: argparse.Namespace, step: Step) -> list[BaseModel]:
    """The step's requests from a file whose `step.parts` list may be longer than one step
    takes: one request per `step.part_size` items, each validated in full before any is sent
    (bad input is exit 2 and nothing is sent)."""
    if not step.parts or args.file is None:
        return [step_request(args, step)]
    data = read_json_file(args.file)
    items = data.get(step.parts) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(items, list) or len(items) <= step.part_size:
        return [step_request(args, step)]
    size = step.part_size
    requests = []
    for start in range(0, len(items), size):
        part = {**data, step.parts: items[start : start + size]}
        where = f"{args.file} ({step.parts} {start + 1}–{min(start + size, len(items))})"
        requests.append(validate(step.request, part, where))
    return requests


def _require_flags(step: Step, data: dict[str, Any]) -> None:
    """A required field left out is named by its flag(s), which is what the user typed."""
    for name, info in step.request.model_fields.items():
        options = [f.option for f in step.flags if f.field == name]
        if info.is_required() and name not in data and options:
            raise BadInput(f"{'/'.join(options)}: the {name.replace('_', ' ')} is required")
