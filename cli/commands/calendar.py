"""`starter.py calendar ...`: the holiday calendar, and adding a year's State Council notice.

    python starter.py calendar show [--json]
    python starter.py calendar add-year 2027.json [--json]

`add-year` validates the file (periods/data/README.md, one year), stores it in the data
directory where the running worker picks it up without a restart, and asks every open case whose
deadlines may move to recompute them (service/calendar_update.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from temporalio.service import RPCError

from cli.client import EXIT_CODES, connect_cli
from cli.errors import BadInput, CliError, Unreachable
from cli.inputs import read_json_file
from periods import HolidayDataError
from service import calendar_update
from settings import Settings

ADD_YEAR_EXIT_CODES = """exit codes:
  0  done
  2  bad input: unreadable file, invalid JSON, not one valid year (the message names the path)
  5  the engine is not reachable (start it with `make run`); nothing was stored"""


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "calendar",
        help="the holiday calendar: show it, add a year's State Council notice",
        description="The working-day calendar (工作日): chinesecalendar's data, the repository's "
        "periods/data/holidays.json, the override file and the years added here. A year "
        "without its notice is provisional (procedures.md §0).",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    show = actions.add_parser(
        "show",
        help="published and provisional years, the calendar version, the stored files",
        description="What the worker's calendar holds (read from the data directory).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=cmd_show, needs_engine=False)

    add = actions.add_parser(
        "add-year",
        help="add a year's holiday notice; open cases recompute their deadlines",
        description="Validate FILE (the format of periods/data/README.md with exactly one "
        "year), store it as <data dir>/holidays/<year>.json (replacing a year added before, "
        "and any published data of that year), and signal every open case with a provisional "
        "or affected deadline to recompute it. Adding the same file again changes nothing "
        "and signals the cases again (safe to repeat after an interruption).",
        epilog=ADD_YEAR_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--json", action="store_true", help="print one JSON object")
    add.set_defaults(handler=cmd_add_year, needs_engine=True)


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    try:
        shown = calendar_update.show(calendar_update.calendar_source(settings))
    except HolidayDataError as err:
        raise BadInput(_one_line(str(err))) from None
    if args.json:
        print(shown.model_dump_json())
        return 0
    print(f"Holiday calendar {shown.version}")
    print(f"Published years: {shown.published_from}-{shown.published_through}")
    if shown.provisional_years:
        years = ", ".join(str(y) for y in shown.provisional_years)
        print(f"Provisional (no notice yet): {years}, and every later year")
    print(f"Added years ({shown.store}):")
    if not shown.stored_years:
        print("  none")
    for (year, notice), path in zip(shown.stored_years.items(), shown.stored_files, strict=True):
        print(f"  {year}  {notice}  ({Path(path).name})")
    return 0


async def cmd_add_year(args: argparse.Namespace, settings: Settings) -> int:
    raw = read_json_file(args.file)
    try:
        calendar_update.validate_year(raw, str(args.file))
    except HolidayDataError as err:
        raise BadInput(_one_line(str(err))) from None
    # Connected before anything is stored: an unreachable engine changes nothing.
    client = await connect_cli(settings)
    try:
        update = await calendar_update.add_year(settings, client, raw, label=str(args.file))
    except HolidayDataError as err:  # a stored file edited by hand is broken
        raise CliError(_one_line(str(err))) from None
    except RPCError as err:
        raise Unreachable(f"the engine did not answer: {err.message}") from None
    if args.json:
        print(update.model_dump_json())
        return 0
    print(f"Year {update.year}: {update.notice} (published {update.published.isoformat()}).")
    print(f"Stored in {update.stored_file}.")
    if update.changed or update.version_before != update.version_after:
        print(f"Holiday calendar {update.version_before} -> {update.version_after}.")
    else:
        print(f"The same data was already in use: calendar {update.version_after} unchanged.")
    if update.signalled:
        print(f"Asked {len(update.signalled)} open case(s) to recompute their deadlines:")
        for workflow_id in update.signalled:
            print(f"  {workflow_id}")
        print("`starter.py status CASE_ID` shows the old and the new due date.")
    else:
        print("No open case has a deadline the new year can move.")
    return 0


def _one_line(message: str) -> str:
    """A validation report (one fault per line) as the one line a CLI error is."""
    head, *faults = message.splitlines()
    return head.rstrip(":") + (": " + "; ".join(f.strip() for f in faults) if faults else "")
