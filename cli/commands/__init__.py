"""The command modules of `starter.py`: each module here adds its subcommands.

A module exposes `register(commands: argparse._SubParsersAction) -> None`; each parser it adds
sets `handler=` (a function `(args, settings) -> int`, or a coroutine function) via
`set_defaults`. Every procedure's commands are generated from its declaration
(`declared.py`): adding a procedure is adding its package under procedures/, not a module here.
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
