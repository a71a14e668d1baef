"""`starter.py subject show|load`: a credit subject's durable record (信用档案) across cases.

python starter.py subject show CODE --type TYPE [--as-of YYYY-MM-DD] [--json]
python starter.py subject load --file SUBJECT.json [--actor NAME]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowQueryFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from activities.subject_records import SubjectRecordActivities
from cli.arguments import day, documented_command, json_switch
from cli.client import QUERY_TIMEOUT, connect_cli, query_error, send_update
from cli.errors import BadInput, CliError, Refused
from cli.inputs import read_json_file, validate
from contracts import subject_records as subject
from settings import Settings


def register(commands: argparse._SubParsersAction[Any]) -> None:
    subject_record = commands.add_parser(
        "subject",
        help="a credit subject's record (信用档案): results, findings, repairs, restrictions",
        description="The durable record of one credit subject across cases "
        "(衢医保发〔2021〕36号 三(一)).",
    )
    subject_actions = subject_record.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = documented_command(
        subject_actions,
        "show",
        handler=cmd_subject_show,
        needs_engine=True,
        help_text="show a subject's record, as it stands or as known on a day",
        description="Show a subject's record: credit results (formal or not), findings of "
        "dishonest conduct (repairable, repaired), repairs and restrictions. A person's "
        "record is found by a keyed hash of the identity number (never stored in clear).",
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
        type=day,
        metavar="YYYY-MM-DD",
        help="what was known on that day (published, found, in effect by then)",
    )
    json_switch(show, "the record as one JSON object")
    load = documented_command(
        subject_actions,
        "load",
        handler=cmd_subject_load,
        needs_engine=True,
        help_text="load a subject's existing results and findings into its record",
        description="Load a subject's record from a JSON file in the format of "
        "`subject show --json` (examples/subject-record-facts.json): entries already in the "
        "record are skipped.",
    )
    load.add_argument("--file", type=Path, required=True, metavar="SUBJECT.json")
    load.add_argument("--actor", default="data-migration", help="recorded as who wrote it")


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
        raise query_error(
            err,
            workflow_id,
            missing=f"no subject record for {who} ({workflow_id})",
            silent=f"the subject record {workflow_id} exists but no worker answered; "
            "is the worker running (`make run`)?",
        ) from None
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
    sections = {
        "Results:": [_result_line(result) for result in facts.results],
        "Findings:": [
            _finding_line(finding, facts.repair_of(finding.finding_id))
            for finding in facts.findings
        ],
        "Repairs:": [
            f"  {done.repair_case}  finding {done.finding_id}  effective {done.effective_on}"
            for done in facts.repairs
        ],
        "Restrictions:": [_restriction_line(restriction) for restriction in facts.restrictions],
        "Agreements (医保协议):": [_agreement_line(agreement) for agreement in facts.agreements],
    }
    lines = [f"Subject record {workflow_id} · {ref.type.value} {ref.name}{code} · {when}"]
    for title, entries in sections.items():
        lines += [title, *(entries or ["  (none)"])]
    return "\n".join(lines)


def _result_line(result: subject.CreditResult) -> str:
    formal = f"formal since {result.formal_on}" if result.formal else "not yet formal"
    if result.as_published is not None:
        before = result.as_published
        formal += f", corrected from {before.score:g} {before.grade}"
    return (
        f"  {result.result_id}  {result.kind}  published {result.published_on}  "
        f"{result.score:g} {result.grade}  {formal}{_from_case(result.source_case)}"
    )


def _finding_line(finding: subject.Finding, repair: subject.Repair | None) -> str:
    repairable = "repairable" if finding.repairable else "not repairable"
    if finding.false_commitment:
        repairable = "not repairable (false commitment)"
    repaired = (
        f"repaired by {repair.repair_case} from {repair.effective_on}" if repair else "not repaired"
    )
    kind = "" if finding.kind == finding.indicator else f", kind {finding.kind}"
    return (
        f"  {finding.finding_id}  found {finding.found_on}  {finding.indicator} "
        f"{finding.label}{kind}  {repairable}; {repaired}{_from_case(finding.source_case)}"
    )


def _restriction_line(restriction: subject.Restriction) -> str:
    until = restriction.until.isoformat() if restriction.until else "until lifted"
    return f"  {restriction.from_day} – {until}  {restriction.text}  [{restriction.clause}]"


def _agreement_line(agreement: subject.Agreement) -> str:
    return (
        f"  {agreement.agreement_number}  signed {agreement.signed_on}  term "
        f"{agreement.term_start} – {agreement.term_end}{_from_case(agreement.source_case)}"
    )


def _from_case(case: str | None) -> str:
    return f"  [case {case}]" if case else ""
