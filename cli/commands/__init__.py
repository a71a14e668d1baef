"""Procedure command modules: each module here adds its subcommands to `starter.py`.

A module exposes `register(commands: argparse._SubParsersAction) -> None`; each parser it adds
sets `handler=` (a function `(args, settings) -> int`, or a coroutine function) via
`set_defaults`. Modules are loaded in name order, so adding a procedure's commands is adding a
module here.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from typing import Any


def register_all(commands: argparse._SubParsersAction[Any]) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(commands)
