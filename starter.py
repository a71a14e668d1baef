"""The command line for agency systems and supervisors.

    python starter.py deadline --from 2026-09-30 --working-days 15 [--json]
    python starter.py market-objection start --file examples/market-objection.json
    python starter.py market-objection decide MO-2026-0001 --file DECISION.json
    python starter.py status MO-2026-0001 [--json]
    python starter.py list [--procedure market-objection] [--overdue] [--all] [--json]
    python starter.py subject show CODE --type TYPE [--as-of YYYY-MM-DD] [--json]

Every error is one line on stderr and a non-zero exit code; a refused command changes nothing.
The commands themselves are in cli/commands/, a module for each group.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable
from typing import Any

from cli.client import EXIT_CODES
from cli.commands import register_all
from cli.errors import CliError
from settings import Settings, SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="starter.py",
        description="Start and drive cases, and find where every case stands.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_all(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        handler: Callable[[argparse.Namespace, Settings], Any] = args.handler
        result = handler(args, settings)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        return int(result)
    except SettingsError as err:
        print(f"error: configuration: {err}", file=sys.stderr)
        return 2
    except CliError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped reading: not an error
        code = 0
    sys.stderr.flush()
    # Skip interpreter finalization: the Temporal client's native runtime threads can abort a
    # finalizing interpreter (PyGILState_Release), turning a finished command into exit -6.
    os._exit(code)
