"""The command modules of `starter.py`: each module here adds its subcommands.

A module exposes `register(commands: argparse._SubParsersAction) -> None`; each parser it adds
sets `handler=` (a function `(args, settings) -> int`, or a coroutine function) via
`set_defaults`. Every procedure's commands are generated from its declaration
(`declared.py`): adding a procedure is adding its package under procedures/, not a module here.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.commands import (
    calendar,
    declared,
    listing,
    rules,
    schedules,
    statistics,
    status,
    subject,
)

# In the order `starter.py --help` lists the commands: the rules needing no engine, a case and
# a subject, the calendar and the rounds' Schedules, every procedure's commands, then finding
# cases and their statistics.
MODULES = (rules, status, subject, calendar, schedules, declared, listing, statistics)


def register_all(commands: argparse._SubParsersAction[Any]) -> None:
    for module in MODULES:
        module.register(commands)
