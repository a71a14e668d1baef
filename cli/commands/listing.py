"""`starter.py list`: find cases with the supervisors' filters of `GET /cases`.

python starter.py list [--procedure market-objection] [--overdue] [--all] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from temporalio.service import RPCError

from cli import render
from cli.arguments import documented_command, instant, json_switch
from cli.client import connect_cli, rpc_error
from cli.errors import BadInput
from procedures import registry
from service.duty_dates import count_list
from service.listing import CaseFilter, CaseRow, UnknownProcedure, list_cases, visibility_query
from service.working_days import counter
from settings import Settings


def register(commands: argparse._SubParsersAction[Any]) -> None:
    listing = documented_command(
        commands,
        "list",
        handler=cmd_list,
        needs_engine=True,
        help_text="find cases (open ones by default), e.g. the overdue ones",
        description="List cases from the engine's visibility store, soonest deadline first.",
    )
    listing.add_argument(
        "--procedure",
        metavar="P",
        help="only this procedure (" + ", ".join(p.name for p in registry.PROCEDURES) + ")",
    )
    listing.add_argument("--stage", metavar="STAGE", help="only cases in this stage (CaseStage)")
    listing.add_argument("--agency", metavar="CODE", help="only this agency's cases (AgencyCode)")
    listing.add_argument("--overdue", action="store_true", help="only cases past a deadline")
    listing.add_argument(
        "--stuck",
        action="store_true",
        help="only cases whose workflow task keeps failing (the server reports it; confirmed)",
    )
    listing.add_argument(
        "--pending-outputs",
        action="store_true",
        help="only cases with a notice, message, platform update or record write not yet "
        "delivered, each with its attempts and last error (describes every case the other "
        "filters leave: narrow with them)",
    )
    listing.add_argument(
        "--provisional",
        action="store_true",
        help="only cases with a deadline in a year whose holiday notice is not loaded",
    )
    listing.add_argument(
        "--deadline-before",
        type=instant,
        metavar="WHEN",
        help="next deadline before WHEN (YYYY-MM-DD = its 00:00 Asia/Shanghai, or an ISO instant)",
    )
    listing.add_argument(
        "--deadline-after",
        type=instant,
        metavar="WHEN",
        help="next deadline at or after WHEN",
    )
    listing.add_argument("--all", action="store_true", help="include closed cases")
    listing.add_argument(
        "--query",
        action="store_true",
        help="print the `temporal workflow list --query` string of these filters and stop",
    )
    json_switch(listing, "one JSON array")


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    """The supervisors' filters of `GET /cases` (service/listing.py); `--query` prints the
    equivalent `temporal workflow list --query ...` string instead of listing."""
    try:
        case_filter = CaseFilter(
            procedure=args.procedure,
            stage=args.stage,
            agency=args.agency,
            overdue=True if args.overdue else None,
            provisional=True if args.provisional else None,
            stuck=True if args.stuck else None,
            pending_outputs=True if args.pending_outputs else None,
            deadline_before=args.deadline_before,
            deadline_after=args.deadline_after,
            include_closed=args.all,
        )
        query = visibility_query(case_filter)
    except UnknownProcedure as err:
        raise BadInput(f"--{err}") from None
    except ValidationError as err:
        first = err.errors()[0]
        flag = "--" + str(first["loc"][0]).replace("_", "-") if first["loc"] else "filter"
        raise BadInput(f"{flag}: {first['msg']} (letters, digits, '-' and '_' only)") from None
    if args.query:
        print(query)
        if args.pending_outputs:
            print(
                "(--pending-outputs is read from `temporal workflow describe` of each case "
                "listed: no visibility query says it)",
                file=sys.stderr,
            )
        return 0
    client = await connect_cli(settings)
    try:
        found = await list_cases(client, case_filter)
    except RPCError as err:
        raise rpc_error(err, "") from None
    # The working days left or late, counted here from today in Asia/Shanghai.
    await count_list(client, found, counter(settings))
    rows = [_list_row(row) for row in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("No cases match." + ("" if args.all else " (open cases only; --all for closed)"))
        return 0
    print(
        render.table(
            [
                "CASE",
                "PROCEDURE",
                "STAGE",
                "AGENCY",
                "NEXT DEADLINE (Asia/Shanghai)",
                "WORKING DAYS",
                "FLAGS",
            ],
            [
                [
                    r["case_id"],
                    r["procedure"],
                    r["stage_words"],
                    r["agency_code"] or "-",
                    render.due_instant(_parse(r["next_deadline"])),
                    r["next_deadline_words"] or "-",
                    " ".join(r["flags"]),
                ]
                for r in rows
            ],
        )
    )
    for row in found:
        for output in row.pending_outputs:
            print(f"  {row.case_id}: {output.summary}")
    return 0


def _list_row(row: CaseRow) -> dict[str, Any]:
    return row.model_dump(mode="json", exclude={"procedure_name", "status"})


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
