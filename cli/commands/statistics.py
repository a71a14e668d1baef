"""`starter.py statistics`: the supervision statistics of `GET /statistics` (service/statistics.py).

python starter.py statistics [--procedure P] [--agency A] [--from YYYY-MM] [--to YYYY-MM]
                             [--csv FILE | --xlsx FILE | --json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from temporalio.service import RPCError

from cli import render
from cli.arguments import documented_command
from cli.client import connect_cli, rpc_error
from cli.errors import BadInput
from procedures import registry
from service.calendar_update import calendar_source
from service.statistics import (
    ALL,
    as_csv,
    as_xlsx,
    read_statistics,
    statistics_query,
    table_lines,
)
from service.statistics_table import BadStatisticsFilter, StatisticsFilter
from settings import Settings

HEADERS = [
    "PROCEDURE",
    "AGENCY",
    "MONTH",
    "OPENED",
    "ON TIME",
    "LATE",
    "OPEN OVERDUE",
    "MEDIAN WD USED",
    "STATUTORY WD",
]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = documented_command(
        commands,
        "statistics",
        handler=cmd_statistics,
        needs_engine=True,
        help_text="supervision statistics: cases opened, closed on time or late, open overdue",
        description="Per procedure, agency and month of opening (Asia/Shanghai), from the "
        "engine's visibility store: cases opened, closed on time, closed late (an agency "
        "duty's deadline passed before the close), open and overdue, and the median working "
        "days a closed case used (opening day not counted, 民法典 第二百零一条) against the "
        "procedure's statutory period; then each procedure's total.",
    )
    parser.add_argument(
        "--procedure",
        metavar="P",
        help="only this procedure (" + ", ".join(p.name for p in registry.CASES) + ")",
    )
    parser.add_argument("--agency", metavar="CODE", help="only this agency (AgencyCode)")
    parser.add_argument("--from", dest="from_month", metavar="YYYY-MM", help="first month")
    parser.add_argument("--to", dest="to_month", metavar="YYYY-MM", help="last month")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--csv", metavar="FILE", type=Path, help="write the table as CSV to FILE")
    out.add_argument("--xlsx", metavar="FILE", type=Path, help="write the table as XLSX to FILE")
    out.add_argument("--json", action="store_true", help="print one JSON object (rows, totals)")


async def cmd_statistics(args: argparse.Namespace, settings: Settings) -> int:
    chosen = StatisticsFilter(
        procedure=args.procedure,
        agency=args.agency,
        from_month=args.from_month,
        to_month=args.to_month,
    )
    try:
        statistics_query(chosen)  # a bad filter refused before the engine is asked
    except BadStatisticsFilter as err:
        raise BadInput(f"--{err}") from None
    client = await connect_cli(settings)
    try:
        table = await read_statistics(client, chosen, calendar_source(settings).current())
    except RPCError as err:
        raise rpc_error(err, "") from None
    if args.csv:
        args.csv.write_text(as_csv(table), encoding="utf-8")
        print(f"Wrote {args.csv} ({len(table.rows)} rows, {len(table.totals)} totals)")
    elif args.xlsx:
        args.xlsx.write_bytes(as_xlsx(table))
        print(f"Wrote {args.xlsx} ({len(table.rows)} rows, {len(table.totals)} totals)")
    elif args.json:
        print(json.dumps(table.model_dump(mode="json"), ensure_ascii=False))
    elif not table.rows:
        print("No cases match.")
    else:
        lines = [["-" if c is None else str(c) for c in line[:9]] for line in table_lines(table)]
        print(render.table(HEADERS, lines))
        print(f"({ALL}: the procedure's total; LATE: closed after an agency duty's deadline)")
    return 0
