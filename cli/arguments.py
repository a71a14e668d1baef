"""What the parsers of `starter.py` share: a command documented with its exit codes, its `--json`
switch, and the argument types that refuse a bad value the way argparse does (exit 2, with the
usage line)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from typing import Any

from checks.plausible import EARLIEST
from cli.client import EXIT_CODES
from periods import SHANGHAI
from settings import Settings

# What runs a command: its exit code, or a coroutine of it (starter.main runs that).
Handler = Callable[[argparse.Namespace, Settings], int | Awaitable[int]]


def documented_command(
    commands: argparse._SubParsersAction[Any],
    name: str,
    *,
    handler: Handler,
    needs_engine: bool,
    help_text: str,
    description: str,
    epilog: str = EXIT_CODES,
) -> argparse.ArgumentParser:
    """A (sub)command whose --help ends with its exit codes, laid out as written, run by
    `handler` (`needs_engine`: whether it talks to the engine or works offline)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help_text,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler, needs_engine=needs_engine)
    return parser


def json_switch(parser: argparse.ArgumentParser, what: str = "one JSON object") -> None:
    """`--json`: the command prints `what` (for scripts) instead of its text for people."""
    parser.add_argument("--json", action="store_true", help=f"print {what}")


def day(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if value < EARLIEST:
        # The window of every door (checks.plausible).
        raise argparse.ArgumentTypeError(
            f"{text} is before {EARLIEST.isoformat()}, the earliest day"
        )
    return value


def period_length(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a period cannot be negative ({value})")
    if value == 0:
        # A period of no length is no period; the HTTP API refuses it too (api/routes/tools.py).
        raise argparse.ArgumentTypeError("a period is at least 1 long, got 0")
    return value


def instant(text: str) -> datetime:
    """A day (its start, Asia/Shanghai) or an ISO instant with its offset."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=SHANGHAI)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected YYYY-MM-DD or an ISO instant, got {text!r}"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give the instant with its UTC offset")
    return moment
