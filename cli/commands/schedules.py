"""`starter.py schedules ...`: the rounds' Temporal Schedules (issue 19).

    python starter.py schedules apply [--json]
    python starter.py schedules list [--json]
    python starter.py schedules trigger ID
    python starter.py schedules pause ID [--note TEXT]
    python starter.py schedules unpause ID [--note TEXT]
    python starter.py schedules backfill ID --from DAY --to DAY

The calendar is procedures/calendars/config.py's (or `QZ_CALENDAR_FILE`); the Schedules
themselves live in Temporal (service/schedules.py), where the Web UI and `temporal schedule
list` show them too.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from temporalio.service import RPCError

from cli.arguments import day, documented_command, json_switch
from cli.client import connect_cli, rpc_error
from cli.errors import BadInput, UnknownCase
from periods import SHANGHAI
from procedures.calendars.config import CalendarEntry, CalendarFileError
from service import schedules
from settings import Settings

EXIT_CODES = """exit codes:
  0  done
  2  bad input: a bad day, --to before --from or after today, a calendar file refused
     (QZ_CALENDAR_FILE; the message names the entry and the field); nothing changed
  3  no schedule of that id (run `starter.py schedules apply` first)
  5  the engine is not reachable (start it with `make run`)"""


# Each action: (name, one line for `schedules --help`, its own --help's description).
ACTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "apply",
        "create or update the Schedules from the calendar; a second apply changes nothing",
        "Create every Schedule of the calendar (QZ_CALENDAR_FILE or the defaults) that is "
        "missing, update one whose calendar or action differs (a pause stays), leave the rest "
        "alone. The worker does the same at start unless QZ_SCHEDULES=off.",
    ),
    (
        "list",
        "every Schedule: what it opens, its next times (Asia/Shanghai), paused or not",
        "Each Schedule of the calendar: the round kind, the round its next action opens, the "
        "next action times in Asia/Shanghai, whether it is paused (and the note), and the "
        "round its last action was for.",
    ),
    (
        "trigger",
        "run a Schedule's action now: opens the round of the current period unless open",
        "Start the Schedule's action now. The period is named from now (Asia/Shanghai): the "
        "round of the current period is opened, or nothing if it already was.",
    ),
    (
        "pause",
        "stop a Schedule from opening rounds until unpaused",
        "Pause the Schedule: no action is taken while it is paused (a later apply keeps the "
        "pause). The note says why, in the Web UI and in `schedules list`.",
    ),
    (
        "unpause",
        "let a paused Schedule open rounds again",
        "Unpause the Schedule. Actions missed while paused are not taken: use backfill.",
    ),
    (
        "backfill",
        "take the actions due between two days now: each opens its period's round",
        "Take every action the Schedule had due from --from through --to (days in "
        "Asia/Shanghai, both included) now, as if the time passed: each opens the round of "
        "the period it was due for, unless that round is already open (or was).",
    ),
)


GROUP_HELP = "the rounds' calendars as Temporal Schedules: apply, list, trigger, pause, backfill"
GROUP_DESCRIPTION = (
    "Every evaluation round the regulations put on a calendar (IP agencies yearly, inspection "
    "bodies every three years, the monthly medical-credit refresh, the half-year and annual "
    "performance assessments) is a Temporal Schedule that opens the round of the period it is "
    "due for. A round already open is never opened twice."
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    group = commands.add_parser("schedules", help=GROUP_HELP, description=GROUP_DESCRIPTION)
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    handlers = {
        "apply": cmd_apply,
        "list": cmd_list,
        "trigger": cmd_trigger,
        "pause": cmd_pause,
        "unpause": cmd_unpause,
        "backfill": cmd_backfill,
    }
    parsers = {
        name: documented_command(
            actions,
            name,
            handler=handlers[name],
            needs_engine=True,
            help_text=help_text,
            description=description,
            epilog=EXIT_CODES,
        )
        for name, help_text, description in ACTIONS
    }
    json_switch(parsers["apply"], "a JSON list of {schedule_id, outcome}")
    json_switch(parsers["list"], "a JSON list, one object per Schedule")
    for name in ("trigger", "pause", "unpause", "backfill"):
        parsers[name].add_argument("schedule_id", metavar="ID")
    parsers["pause"].add_argument("--note", help="why it is paused")
    parsers["unpause"].add_argument("--note", help="why it runs again")
    backfill = parsers["backfill"]
    backfill.add_argument("--from", dest="first", type=day, required=True, metavar="DAY")
    backfill.add_argument("--to", dest="last", type=day, required=True, metavar="DAY")


def _calendar(settings: Settings) -> tuple[CalendarEntry, ...]:
    try:
        return schedules.configured_calendar(settings)
    except CalendarFileError as err:
        raise BadInput(str(err)) from None


async def cmd_apply(args: argparse.Namespace, settings: Settings) -> int:
    entries = _calendar(settings)
    client = await connect_cli(settings)
    try:
        applied = await schedules.apply_schedules(client, entries, settings.task_queue)
    except RPCError as err:
        raise rpc_error(err, "schedules") from None
    if args.json:
        print(json.dumps([a.model_dump() for a in applied]))
        return 0
    for one in applied:
        print(f"{one.schedule_id:40} {one.outcome}")
    return 0


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    entries = _calendar(settings)
    client = await connect_cli(settings)
    try:
        rows = await schedules.list_schedules(client, entries)
    except RPCError as err:
        raise rpc_error(err, "schedules") from None
    if args.json:
        print(json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row.schedule_id}  ({row.kind})")
        print(f"  when:    {row.when}")
        print(f"  clause:  {row.clause}")
        if not row.exists:
            print("  not created: run `starter.py schedules apply`")
            continue
        state = f"paused ({row.note})" if row.paused else "running"
        print(f"  state:   {state}")
        print(f"  next:    {', '.join(_shown(t) for t in row.next_times) or 'none'}")
        print(f"  opens:   {row.opens or '-'}")
        print(f"  last:    {row.last_opening or 'none yet'}")
    return 0


async def cmd_trigger(args: argparse.Namespace, settings: Settings) -> int:
    client = await connect_cli(settings)
    await _act(args.schedule_id, schedules.trigger(client, args.schedule_id))
    print(f"Triggered {args.schedule_id}: the round of the current period opens unless open.")
    return 0


async def cmd_pause(args: argparse.Namespace, settings: Settings) -> int:
    client = await connect_cli(settings)
    await _act(args.schedule_id, schedules.pause(client, args.schedule_id, args.note))
    print(f"Paused {args.schedule_id}.")
    return 0


async def cmd_unpause(args: argparse.Namespace, settings: Settings) -> int:
    client = await connect_cli(settings)
    await _act(args.schedule_id, schedules.unpause(client, args.schedule_id, args.note))
    print(f"Unpaused {args.schedule_id}.")
    return 0


async def cmd_backfill(args: argparse.Namespace, settings: Settings) -> int:
    today = datetime.now(SHANGHAI).date()
    if args.last < args.first:
        raise BadInput(f"--to {args.last} is before --from {args.first}: nothing backfilled")
    if args.last > today:
        raise BadInput(f"--to {args.last} is after today ({today}): a backfill covers the past")
    client = await connect_cli(settings)
    await _act(
        args.schedule_id, schedules.backfill(client, args.schedule_id, args.first, args.last)
    )
    print(f"Backfilled {args.schedule_id} from {args.first} through {args.last}.")
    return 0


async def _act(schedule_id: str, action: Coroutine[Any, Any, None]) -> None:
    try:
        await action
    except schedules.ScheduleNotFound as err:
        raise UnknownCase(f"{err} (run `starter.py schedules apply` first)") from None
    except RPCError as err:
        raise rpc_error(err, schedule_id) from None


def _shown(moment: datetime) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
