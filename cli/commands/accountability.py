"""`starter.py accountability ...`: lost-lawsuit accountability (行政败诉责任追究),
衢政办发〔2023〕5号 第十三条.

    python starter.py accountability start --file examples/accountability.json
    python starter.py accountability report ZR-2026-0017 --file REPORT.json
    python starter.py accountability review ZR-2026-0017 --file REVIEW.json
    python starter.py accountability decide ZR-2026-0017 --file DECISION.json --wait
    python starter.py accountability feedback ZR-2026-0017 --file FEEDBACK.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client, WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError

from cli.client import (
    EXIT_CODES,
    add_wait_flag,
    connect_cli,
    send_update,
    start_case,
    started_line,
    wait_outputs,
)
from cli.errors import BadInput
from cli.inputs import read_json_file, validate, validate_file
from cli.render import PROVISIONAL_NOTE, due_phrase, outputs_lines, shanghai, step_json
from procedures.accountability import models as acc
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow as Workflow
from settings import Settings

# CLI action → (the Update, its input model, what it records)
STEPS: dict[str, tuple[Any, type[BaseModel], str, str]] = {
    "report": (
        Workflow.submit_report,
        acc.CaseReport,
        "submit the case analysis and rectification report (causes, measures, proposals)",
        "Report recorded",
    ),
    "review": (
        Workflow.review,
        acc.Review,
        "record the judicial administration's review (no accountability, or a referral)",
        "Review recorded",
    ),
    "decide": (
        Workflow.record_decision,
        acc.Decision,
        "record the handling decision (第十一/十二/十四条); feedback due in 3 working days",
        "Handling decision recorded",
    ),
    "feedback": (
        Workflow.record_feedback,
        acc.Feedback,
        "record the feedback of the decision to the judicial administration (closes the case)",
        "Feedback recorded",
    ),
}


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "accountability",
        help="lost-lawsuit accountability (败诉责任追究): report in 2 months, feedback in 3 wd",
        description="衢政办发〔2023〕5号 第十三条: the case analysis and rectification report "
        "within 2 months of receiving the effective judgment (乡镇街道 to the county level), "
        "the judicial administration's review, the handling decision and its feedback within 3 "
        "working days.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = _action(actions, "start", "start a case from a case file (see examples/)")
    start.add_argument("--file", type=Path, required=True, metavar="CASE.json")
    start.set_defaults(handler=cmd_start)
    for name, (_, _, help_text, _) in STEPS.items():
        step = _action(actions, name, help_text)
        step.add_argument("case_id", metavar="CASE_ID")
        step.add_argument("--file", type=Path, required=True, metavar="INPUT.json")
        add_wait_flag(step)
        step.set_defaults(handler=cmd_step, step=name)


def _action(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(needs_engine=True)
    return parser


async def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    # Refuses an implausible date, or an event not yet happened (checks.plausible).
    case = validate_file(acc.AccountabilityCase, read_json_file(args.file), str(args.file))
    workflow_id = acc.workflow_id(case.case_id)
    handle, created = await start_case(
        settings,
        Workflow.run,
        case,
        case_id=case.case_id,
        workflow_id=workflow_id,
        procedure_type=acc.PROCEDURE_TYPE,
        agency_code=case.agency.code,
    )
    status = await _first_deadline(handle)
    if args.json:
        dumped = status.model_dump(mode="json") if status else None
        print(
            json.dumps(
                {
                    "case_id": case.case_id,
                    "workflow_id": workflow_id,
                    "created": created,
                    "status": dumped,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(started_line(case.case_id, workflow_id, created))
    if status is None:
        print("The report deadline is being computed: is the worker running (`make run`)?")
        return 0
    report = next(d for d in status.deadlines if d.name == "report")
    print(
        f"Report to {status.receiving_body} due by {due_phrase(report.deadline)}; "
        f"{report.citation}."
    )
    if report.deadline.provisional:
        print(PROVISIONAL_NOTE + ".")
    return 0


async def cmd_step(args: argparse.Namespace, settings: Settings) -> int:
    update, model, _, sentence = STEPS[args.step]
    argument = validate(model, read_json_file(args.file), str(args.file))
    # The checks that need no case state are made here too, so nothing is sent (exit 2).
    problem = None
    if isinstance(argument, acc.CaseReport):
        problem = acc.report_problem(argument)
    elif isinstance(argument, acc.Review):
        problem = acc.review_problem(argument)
    if problem:
        raise BadInput(f"{args.file}: {problem}")
    client: Client = await connect_cli(settings)
    handle = client.get_workflow_handle(acc.workflow_id(args.case_id))
    receipt: acc.Receipt = await send_update(handle, update, argument, args.case_id, acc.PROCEDURE)
    outputs = await wait_outputs(handle, update, args.case_id, acc.PROCEDURE) if args.wait else None
    if args.json:
        print(step_json(receipt, outputs))
        return 0
    detail = f" ({receipt.detail})" if receipt.detail else ""
    print(
        f"{sentence} for case {receipt.case_id}{detail}. The case is now "
        f"'{receipt.stage.value}' ({shanghai(receipt.at)} Asia/Shanghai); see "
        f"`starter.py status {receipt.case_id}`."
    )
    if outputs is not None:
        print("\n".join(outputs_lines(outputs)))
    return 0


async def _first_deadline(handle: WorkflowHandle[Any, Any]) -> acc.AccountabilityStatus | None:
    for _ in range(40):
        try:
            status: acc.AccountabilityStatus = await handle.query(
                Workflow.status, rpc_timeout=timedelta(seconds=2)
            )
        except (RPCError, WorkflowQueryFailedError):
            status = None  # type: ignore[assignment]
        if status is not None and status.deadlines:
            return status
        await asyncio.sleep(0.25)
    return None
