"""`starter.py deadline|score|schema`: the rules themselves, with no engine needed.

python starter.py deadline --from 2026-09-30 --working-days 15 [--json]
python starter.py score KIND --input FACTS.json [--json]
python starter.py schema KIND
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import scoring
from cli import render
from cli import scoring as score_render
from cli.arguments import day, documented_command, json_switch, period_length
from cli.errors import BadInput
from cli.inputs import read_json_file, validate_file
from periods import HolidayDataError, period_deadline
from service.calendar_update import calendar_source
from settings import Settings


def register(commands: argparse._SubParsersAction[Any]) -> None:
    deadline = documented_command(
        commands,
        "deadline",
        handler=cmd_deadline,
        needs_engine=False,
        help_text="compute a statutory deadline (no engine needed)",
        description="Count a period per the Civil Code: the start day is not counted; day and "
        "month periods ending on a rest day move to the next working day; the period ends at "
        "24:00 Asia/Shanghai (or QZ_OFFICE_CLOSING_TIME).",
    )
    deadline.add_argument(
        "--from",
        dest="start",
        type=day,
        required=True,
        metavar="YYYY-MM-DD",
        help="the day of the triggering event (receipt, publication, delivery)",
    )
    length = deadline.add_mutually_exclusive_group(required=True)
    length.add_argument("--working-days", type=period_length, metavar="N", help="工作日")
    length.add_argument("--days", type=period_length, metavar="N", help="calendar days (日)")
    length.add_argument("--months", type=period_length, metavar="N", help="months (月)")
    json_switch(deadline)

    score = documented_command(
        commands,
        "score",
        handler=cmd_score,
        needs_engine=False,
        help_text="score a subject from its facts, every point explained (no engine needed)",
        description="Score the facts in a JSON file with the rules of one regulation: every "
        "line shows its points, the fact and the rule applied, and the clause. Inputs: "
        "examples/scoring/; their JSON Schema: `starter.py schema KIND`.",
    )
    score.add_argument("kind", choices=scoring.KINDS, metavar="KIND", help=", ".join(scoring.KINDS))
    score.add_argument("--input", type=Path, required=True, metavar="FACTS.json")
    json_switch(score, "the report as one JSON object")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a scoring kind's facts (the input contract)",
        description="Print the JSON Schema that `score KIND --input` validates against.",
    )
    schema.add_argument(
        "kind", choices=scoring.KINDS, metavar="KIND", help=", ".join(scoring.KINDS)
    )
    schema.set_defaults(handler=cmd_schema, needs_engine=False)


def cmd_deadline(args: argparse.Namespace, settings: Settings) -> int:
    try:
        # The worker's calendar: the data, the override file and the added years.
        calendar = calendar_source(settings).current()
    except HolidayDataError as err:
        raise BadInput(str(err)) from None
    if args.working_days is not None:
        length, unit = args.working_days, "working_days"
    elif args.days is not None:
        length, unit = args.days, "days"
    else:
        length, unit = args.months, "months"
    deadline = period_deadline(
        args.start, length, unit, calendar=calendar, closing_time=settings.office_closing_time
    )
    if args.json:
        print(deadline.model_dump_json())
    else:
        print(render.deadline_sentence(deadline))
    return 0


def cmd_score(args: argparse.Namespace, settings: Settings) -> int:
    kind = scoring.kind(args.kind)
    facts = validate_file(kind.facts, read_json_file(args.input), str(args.input))
    report = kind.score(facts)
    if args.json:
        print(report.model_dump_json())
    elif isinstance(report, scoring.CohortReport):
        print(score_render.cohort_text(report))
    else:
        print(score_render.report_text(report))
    return 0


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    schema = scoring.kind(args.kind).facts.model_json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
