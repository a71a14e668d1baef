"""`starter.py calendar ...`: the holiday calendar, and adding a year's State Council notice.

    python starter.py calendar show [--json]
    python starter.py calendar add-year 2027.json [--json]
    python starter.py calendar remove-year 2027 [--json]

`add-year` validates the file (periods/data/README.md, one year, the shape of a State Council
notice: periods/notice.py), stores it in the data directory where the running worker picks it up
without a restart, and asks every open case whose deadlines may move to recompute them
(service/calendar_update.py). `remove-year` takes an added year back out, and the cases
recompute again. Both are written to the calendar history with the OS user who ran them.
"""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import Any

from temporalio.service import RPCError

from cli.arguments import documented_command, json_switch
from cli.client import connect_cli
from cli.errors import BadInput, CliError, Unreachable
from cli.inputs import read_json_file
from periods import HolidayDataError
from service import calendar_update
from service.calendar_history import Actor
from settings import Settings

ADD_YEAR_EXIT_CODES = """exit codes:
  0  done
  2  bad input: unreadable file, invalid JSON, not one valid year or not a State Council
     notice (the message names the JSON path and the rule)
  5  the engine is not reachable (start it with `make run`); nothing was stored"""

REMOVE_YEAR_EXIT_CODES = """exit codes:
  0  done
  2  the year was not added with add-year (shipped years cannot be removed); nothing changed
  5  the engine is not reachable (start it with `make run`); nothing was removed"""


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "calendar",
        help="the holiday calendar: show it, add or remove a year's State Council notice",
        description="The working-day calendar (工作日): chinesecalendar's data, the repository's "
        "periods/data/holidays.json, the override file and the years added here. A year "
        "without its notice is provisional (procedures.md §0).",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    show = documented_command(
        actions,
        "show",
        handler=cmd_show,
        needs_engine=False,
        help_text="published and provisional years, the calendar version, the stored years, "
        "history",
        description="What the worker's calendar holds (read from the data directory), and the "
        "calendar history: every add-year and remove-year, when, by whom.",
    )
    json_switch(show)

    add = documented_command(
        actions,
        "add-year",
        handler=cmd_add_year,
        needs_engine=True,
        help_text="add a year's holiday notice; open cases recompute their deadlines",
        description="Validate FILE (the format of periods/data/README.md with exactly one "
        "year), check that it is a State Council notice (document number 国办发明电〔YYYY〕N号, "
        "every festival of 全国年节及纪念日放假办法 (2024) with its statutory days, adjusted "
        "working days on weekends outside the holidays; periods/data/README.md), store it as "
        "<data dir>/holidays/<year>.json (replacing a year added before, and any published "
        "data of that year), and signal every open case with a provisional or affected "
        "deadline to recompute it. Adding the same file again changes nothing and signals the "
        "cases again (safe to repeat after an interruption).",
        epilog=ADD_YEAR_EXIT_CODES,
    )
    add.add_argument("file", type=Path, metavar="FILE")
    json_switch(add)

    remove = documented_command(
        actions,
        "remove-year",
        handler=cmd_remove_year,
        needs_engine=True,
        help_text="take back a year added with add-year; open cases recompute their deadlines",
        description="Remove <data dir>/holidays/<YEAR>.json: the year is the shipped data's "
        "again (chinesecalendar, periods/data/holidays.json, the override file) or "
        "provisional, and every open case recomputes its deadlines. Only years added with "
        "add-year can be removed.",
        epilog=REMOVE_YEAR_EXIT_CODES,
    )
    remove.add_argument("year", type=int, metavar="YEAR")
    json_switch(remove)


def os_user() -> Actor:
    """The CLI's actor in the calendar history: the OS user running it."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (a bare container)
        name = f"uid {os.getuid()}"
    return Actor(via="cli", name=name)


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
        for problem in shown.stored_problems.get(year, []):
            print(f"        not a State Council notice: {problem}")
        if year in shown.stored_problems:
            print(f"        take it out: starter.py calendar remove-year {year}")
    print("History:")
    if not shown.history:
        print("  none")
    for change in shown.history:
        cases = "signalling failed" if change.signalled is None else f"{change.signalled} case(s)"
        print(
            f"  {change.at:%Y-%m-%d %H:%M:%S %z}  {change.action} {change.year}  by {change.by} "
            f"({change.via})  {change.version_before} -> {change.version_after}  {cases}"
        )
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
        update = await calendar_update.add_year(
            settings, client, raw, by=os_user(), label=str(args.file)
        )
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
        _print_recomputing(update.signalled)
        print("`starter.py status CASE_ID` shows the old and the new due date.")
    else:
        print("No open case has a deadline the new year can move.")
    return 0


async def cmd_remove_year(args: argparse.Namespace, settings: Settings) -> int:
    source = calendar_update.calendar_source(settings)
    try:
        calendar_update.check_removable(source, args.year)
    except calendar_update.NotStored as err:
        raise BadInput(str(err)) from None
    except HolidayDataError as err:
        raise CliError(_one_line(str(err))) from None
    # Connected before anything is removed: an unreachable engine changes nothing.
    client = await connect_cli(settings)
    try:
        removal = await calendar_update.remove_year(
            settings, client, args.year, by=os_user(), source=source
        )
    except RPCError as err:
        raise Unreachable(f"the engine did not answer: {err.message}") from None
    if args.json:
        print(removal.model_dump_json())
        return 0
    print(f"Year {removal.year} removed: {removal.notice} ({removal.removed_file}).")
    now = "the shipped data" if removal.now == "shipped" else "provisional"
    print(f"The year is {now} again.")
    print(f"Holiday calendar {removal.version_before} -> {removal.version_after}.")
    if removal.signalled:
        _print_recomputing(removal.signalled)
    else:
        print("No open case to recompute.")
    return 0


def _print_recomputing(signalled: list[str]) -> None:
    """The open cases asked to recompute their deadlines (after an add or a removal)."""
    print(f"Asked {len(signalled)} open case(s) to recompute their deadlines:")
    for workflow_id in signalled:
        print(f"  {workflow_id}")


def _one_line(message: str) -> str:
    """A validation report (one fault per line) as the one line a CLI error is."""
    head, *faults = message.splitlines()
    return head.rstrip(":") + (": " + "; ".join(f.strip() for f in faults) if faults else "")
