"""The command line for agency systems and supervisors.

    python starter.py deadline --from 2026-09-30 --working-days 15 [--json]
    python starter.py market-objection start --file examples/market-objection.json
    python starter.py market-objection decide MO-2026-0001 --file DECISION.json
    python starter.py status MO-2026-0001 [--json]
    python starter.py list [--procedure market-objection] [--overdue] [--all] [--json]
    python starter.py subject show CODE --type TYPE [--as-of YYYY-MM-DD] [--json]

Every error is one line on stderr and a non-zero exit code; a refused command changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from temporalio.client import WorkflowQueryFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

import scoring
from activities.subject_records import SubjectRecordActivities
from checks.plausible import EARLIEST
from cli import render
from cli import scoring as score_render
from cli.client import (
    EXIT_CODES,
    QUERY_TIMEOUT,
    connect_cli,
    rpc_error,
    send_update,
)
from cli.commands import register_all as register_procedure_commands
from cli.errors import BadInput, CliError, Refused, UnknownCase, Unreachable
from cli.inputs import read_json_file, validate, validate_file
from contracts import subject_records as subject
from periods import (
    SHANGHAI,
    HolidayDataError,
    add_days,
    add_months,
    add_working_days,
    deadline_from,
    period_basis,
)
from procedures import registry
from service.calendar_update import calendar_source
from service.listing import (
    CaseFilter,
    CaseRow,
    TaskHealth,
    UnknownProcedure,
    list_cases,
    task_health,
    visibility_query,
)
from settings import Settings, SettingsError

# -- deadline ------------------------------------------------------------------------------------


def cmd_deadline(args: argparse.Namespace, settings: Settings) -> int:
    try:
        # The worker's calendar: the data, the override file and the added years.
        calendar = calendar_source(settings).current()
    except HolidayDataError as err:
        raise BadInput(str(err)) from None
    if args.working_days is not None:
        length, unit, count = args.working_days, "working_days", add_working_days
    elif args.days is not None:
        length, unit, count = args.days, "days", add_days
    else:
        length, unit, count = args.months, "months", add_months
    end = count(args.start, length, calendar=calendar)
    deadline = deadline_from(end, period_basis(length, unit), settings.office_closing_time)
    if args.json:
        print(deadline.model_dump_json())
    else:
        print(render.deadline_sentence(deadline))
    return 0


# -- score / schema ----------------------------------------------------------------------------


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


# -- supervisors ---------------------------------------------------------------------------------


async def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    client = await connect_cli(settings)
    for procedure in registry.PROCEDURES:
        handle = client.get_workflow_handle(procedure.workflow_id(args.case_id))
        try:
            health = await task_health(client, handle.id)
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND:
                continue
            raise rpc_error(err, args.case_id) from None
        try:
            raw = await handle.query(
                "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
            )
        except (RPCError, WorkflowQueryFailedError) as err:
            if health.stuck:
                raise Unreachable(_stuck_sentence(args.case_id, health)) from None
            message = getattr(err, "message", None) or str(err)
            raise Unreachable(
                f"case {args.case_id} exists but no worker answered ({message}); "
                "is the worker running (`make run`)?"
            ) from None
        raw.pending_outputs = health.outputs
        status = raw.model_dump(mode="json")
        if args.json:
            status["stuck"] = health.stuck
            status["task_attempts"] = health.attempts if health.stuck else None
            print(json.dumps(status, ensure_ascii=False))
        else:
            if health.stuck:
                print(_stuck_sentence(args.case_id, health))
            print(render.status_text(status))
        return 0
    looked = ", ".join(p.workflow_id(args.case_id) for p in registry.PROCEDURES)
    raise UnknownCase(f"no case {args.case_id} (looked for {looked})")


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
    rows = [_list_row(row) for row in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("No cases match." + ("" if args.all else " (open cases only; --all for closed)"))
        return 0
    print(
        render.table(
            ["CASE", "PROCEDURE", "STAGE", "AGENCY", "NEXT DEADLINE (Asia/Shanghai)", "FLAGS"],
            [
                [
                    r["case_id"],
                    r["procedure"],
                    r["stage"],
                    r["agency_code"] or "-",
                    render.due_instant(_parse(r["next_deadline"])),
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


def _stuck_sentence(case_id: str, health: TaskHealth) -> str:
    cause = f", cause {health.cause}" if health.cause else ""
    return (
        f"case {case_id} is STUCK: its workflow task has failed and is being retried "
        f"(attempt {health.attempts}{cause}); the worker cannot carry it on. "
        "See deploy/README.md, 'A case is stuck'."
    )


def _list_row(row: CaseRow) -> dict[str, Any]:
    return row.model_dump(mode="json", exclude={"procedure_name", "status"})


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# -- subject records -----------------------------------------------------------------------------


async def cmd_subject_show(args: argparse.Namespace, settings: Settings) -> int:
    kind = subject.SubjectType(args.type)
    code = subject.normalized_code(args.code)
    if not code or len(code) > 64:
        raise BadInput("CODE: a subject code has 1 to 64 characters")
    workflow_id = subject.subject_workflow_id(kind, code, settings.subject_id_secret)
    # A person's identity number is not repeated in messages: the record's id names it.
    who = kind.value if kind in subject.PERSONAL_TYPES else f"{kind.value} {code}"
    client = await connect_cli(settings)
    handle = client.get_workflow_handle(workflow_id)
    try:
        facts: subject.SubjectFacts = await handle.query(
            subject.FACTS_QUERY,
            args.as_of,
            result_type=subject.SubjectFacts,
            rpc_timeout=QUERY_TIMEOUT,
        )
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise UnknownCase(f"no subject record for {who} ({workflow_id})") from None
        if err.status == RPCStatusCode.DEADLINE_EXCEEDED:
            raise Unreachable(
                f"the subject record {workflow_id} exists but no worker answered; "
                "is the worker running (`make run`)?"
            ) from None
        raise rpc_error(err, workflow_id) from None
    except WorkflowQueryFailedError as err:
        raise CliError(f"the subject record {workflow_id} cannot be read: {err.message}") from None
    if args.json:
        print(json.dumps(facts.model_dump(mode="json"), ensure_ascii=False))
    else:
        print(_subject_text(facts, workflow_id))
    return 0


async def cmd_subject_load(args: argparse.Namespace, settings: Settings) -> int:
    """Load what an agency already holds on a subject (results, findings, repairs,
    restrictions, agreements) into its record; entries already there are skipped, so a
    re-run is harmless."""
    facts = validate(subject.SubjectFacts, read_json_file(args.file), str(args.file))
    actor = args.actor
    writes: list[subject.SubjectWrite] = [
        *(subject.RecordResult(result=r, actor=actor) for r in facts.results),
        *(subject.RecordFinding(finding=f, actor=actor) for f in facts.findings),
        *(subject.RecordRepair(repair=r, actor=actor) for r in facts.repairs),
        *(subject.RecordRestriction(restriction=r, actor=actor) for r in facts.restrictions),
        *(subject.RecordAgreement(agreement=a, actor=actor) for a in facts.agreements),
    ]
    client = await connect_cli(settings)
    records = SubjectRecordActivities(client, settings.task_queue, settings.subject_id_secret)
    try:
        handle = await records.open_record(facts.ref)
    except ApplicationError as err:
        raise Refused(str(err.message)) from None
    added = 0
    for write in writes:
        current = await handle.query(
            subject.FACTS_QUERY, None, result_type=subject.SubjectFacts, rpc_timeout=QUERY_TIMEOUT
        )
        if subject.already_applied(current, write):
            continue
        await send_update(handle, write.op, write, handle.id, "subject record")
        added += 1
    print(
        f"Subject record {handle.id}: {added} entries added, {len(writes) - added} already there."
    )
    return 0


def _subject_text(facts: subject.SubjectFacts, workflow_id: str) -> str:
    ref = facts.ref
    code = "" if ref.personal else f" ({ref.code})"
    when = f"as known on {facts.as_of.isoformat()}" if facts.as_of else "as it stands"
    lines = [f"Subject record {workflow_id} · {ref.type.value} {ref.name}{code} · {when}"]
    lines.append("Results:")
    for result in facts.results:
        formal = f"formal since {result.formal_on}" if result.formal else "not yet formal"
        if result.as_published is not None:
            before = result.as_published
            formal += f", corrected from {before.score:g} {before.grade}"
        lines.append(
            f"  {result.result_id}  {result.kind}  published {result.published_on}  "
            f"{result.score:g} {result.grade}  {formal}{_from_case(result.source_case)}"
        )
    lines += [] if facts.results else ["  (none)"]
    lines.append("Findings:")
    for finding in facts.findings:
        repairable = "repairable" if finding.repairable else "not repairable"
        if finding.false_commitment:
            repairable = "not repairable (false commitment)"
        repair = facts.repair_of(finding.finding_id)
        repaired = (
            f"repaired by {repair.repair_case} from {repair.effective_on}"
            if repair
            else "not repaired"
        )
        kind = "" if finding.kind == finding.indicator else f", kind {finding.kind}"
        lines.append(
            f"  {finding.finding_id}  found {finding.found_on}  {finding.indicator} "
            f"{finding.label}{kind}  {repairable}; {repaired}{_from_case(finding.source_case)}"
        )
    lines += [] if facts.findings else ["  (none)"]
    lines.append("Repairs:")
    for done in facts.repairs:
        lines.append(
            f"  {done.repair_case}  finding {done.finding_id}  effective {done.effective_on}"
        )
    lines += [] if facts.repairs else ["  (none)"]
    lines.append("Restrictions:")
    for restriction in facts.restrictions:
        until = restriction.until.isoformat() if restriction.until else "until lifted"
        lines.append(
            f"  {restriction.from_day} – {until}  {restriction.text}  [{restriction.clause}]"
        )
    lines += [] if facts.restrictions else ["  (none)"]
    lines.append("Agreements (医保协议):")
    for agreement in facts.agreements:
        lines.append(
            f"  {agreement.agreement_number}  signed {agreement.signed_on}  term "
            f"{agreement.term_start} – {agreement.term_end}{_from_case(agreement.source_case)}"
        )
    lines += [] if facts.agreements else ["  (none)"]
    return "\n".join(lines)


def _from_case(case: str | None) -> str:
    return f"  [case {case}]" if case else ""


# -- plumbing ------------------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if day < EARLIEST:
        # The window of every door (checks.plausible).
        raise argparse.ArgumentTypeError(
            f"{text} is before {EARLIEST.isoformat()}, the earliest day"
        )
    return day


def _period_length(text: str) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="starter.py",
        description="Start and drive cases, and find where every case stands.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    deadline = commands.add_parser(
        "deadline",
        help="compute a statutory deadline (no engine needed)",
        description="Count a period per the Civil Code: the start day is not counted; day and "
        "month periods ending on a rest day move to the next working day; the period ends at "
        "24:00 Asia/Shanghai (or QZ_OFFICE_CLOSING_TIME).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    deadline.add_argument(
        "--from",
        dest="start",
        type=_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the day of the triggering event (receipt, publication, delivery)",
    )
    length = deadline.add_mutually_exclusive_group(required=True)
    length.add_argument("--working-days", type=_period_length, metavar="N", help="工作日")
    length.add_argument("--days", type=_period_length, metavar="N", help="calendar days (日)")
    length.add_argument("--months", type=_period_length, metavar="N", help="months (月)")
    deadline.add_argument("--json", action="store_true", help="print one JSON object")
    deadline.set_defaults(handler=cmd_deadline, needs_engine=False)

    score = commands.add_parser(
        "score",
        help="score a subject from its facts, every point explained (no engine needed)",
        description="Score the facts in a JSON file with the rules of one regulation: every "
        "line shows its points, the fact and the rule applied, and the clause. Inputs: "
        "examples/scoring/; their JSON Schema: `starter.py schema KIND`.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("kind", choices=scoring.KINDS, metavar="KIND", help=", ".join(scoring.KINDS))
    score.add_argument("--input", type=Path, required=True, metavar="FACTS.json")
    score.add_argument("--json", action="store_true", help="print the report as one JSON object")
    score.set_defaults(handler=cmd_score, needs_engine=False)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a scoring kind's facts (the input contract)",
        description="Print the JSON Schema that `score KIND --input` validates against.",
    )
    schema.add_argument(
        "kind", choices=scoring.KINDS, metavar="KIND", help=", ".join(scoring.KINDS)
    )
    schema.set_defaults(handler=cmd_schema, needs_engine=False)

    status = commands.add_parser(
        "status",
        help="where a case stands: stage, deadlines, audit trail",
        description="Show a case, whatever its procedure: stage, deadlines (with provisional "
        "flags), decision, documents and the audit trail. Times are Asia/Shanghai.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.add_argument("case_id", metavar="CASE_ID")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(handler=cmd_status, needs_engine=True)

    subject_record = commands.add_parser(
        "subject",
        help="a credit subject's record (信用档案): results, findings, repairs, restrictions",
        description="The durable record of one credit subject across cases "
        "(衢医保发〔2021〕36号 三(一)).",
    )
    subject_actions = subject_record.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = subject_actions.add_parser(
        "show",
        help="show a subject's record, as it stands or as known on a day",
        description="Show a subject's record: credit results (formal or not), findings of "
        "dishonest conduct (repairable, repaired), repairs and restrictions. A person's "
        "record is found by a keyed hash of the identity number (never stored in clear).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument(
        "code", metavar="CODE", help="unified social credit code; identity number for a person"
    )
    show.add_argument(
        "--type",
        required=True,
        choices=[t.value for t in subject.SubjectType],
        metavar="TYPE",
        help=", ".join(t.value for t in subject.SubjectType),
    )
    show.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="what was known on that day (published, found, in effect by then)",
    )
    show.add_argument("--json", action="store_true", help="print the record as one JSON object")
    show.set_defaults(handler=cmd_subject_show, needs_engine=True)
    load = subject_actions.add_parser(
        "load",
        help="load a subject's existing results and findings into its record",
        description="Load a subject's record from a JSON file in the format of "
        "`subject show --json` (examples/subject-record-facts.json): entries already in the "
        "record are skipped.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("--file", type=Path, required=True, metavar="SUBJECT.json")
    load.add_argument("--actor", default="data-migration", help="recorded as who wrote it")
    load.set_defaults(handler=cmd_subject_load, needs_engine=True)

    register_procedure_commands(commands)

    listing = commands.add_parser(
        "list",
        help="find cases (open ones by default), e.g. the overdue ones",
        description="List cases from the engine's visibility store, soonest deadline first.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        type=_instant_arg,
        metavar="WHEN",
        help="next deadline before WHEN (YYYY-MM-DD = its 00:00 Asia/Shanghai, or an ISO instant)",
    )
    listing.add_argument(
        "--deadline-after",
        type=_instant_arg,
        metavar="WHEN",
        help="next deadline at or after WHEN",
    )
    listing.add_argument("--all", action="store_true", help="include closed cases")
    listing.add_argument(
        "--query",
        action="store_true",
        help="print the `temporal workflow list --query` string of these filters and stop",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(handler=cmd_list, needs_engine=True)
    return parser


def _instant_arg(text: str) -> datetime:
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
