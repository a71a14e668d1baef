"""`starter.py medical-objection ...`: the medical-insurance credit objection (异议申诉).

    medical-objection start --file CASE.json              # on publication of a credit result
    medical-objection object CASE_ID --file OBJECTION.json   # the subject's form 附件1
    medical-objection materials CASE_ID --ref REF [--ref REF ...]
    medical-objection decide CASE_ID --file DECISION.json    # upheld, or corrected facts

衢医保发〔2021〕36号 四(三): 10 working days to object from the publication; the department
re-checks within 10 working days of receiving the objection and its materials (附件2 feedback).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError

from cli import render
from cli.client import (
    EXIT_CODES,
    QUERY_TIMEOUT,
    connect_cli,
    send_update,
    start_case,
    started_line,
    wait_outputs,
)
from cli.errors import CliError, Refused
from cli.inputs import read_json_file, validate, validate_file
from periods.phrases import PROVISIONAL_NOTE, due_phrase
from procedures.medical_objection import models as medical
from procedures.medical_objection.workflow import MedicalCreditObjectionWorkflow
from settings import Settings

PROCEDURE = medical.PROCEDURE


async def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    # Refuses an implausible date, or an event not yet happened (checks.plausible).
    case = validate_file(medical.MedicalObjectionCase, read_json_file(args.file), str(args.file))
    workflow_id = medical.workflow_id(case.case_id)
    handle, created = await start_case(
        settings,
        MedicalCreditObjectionWorkflow.run,
        case,
        case_id=case.case_id,
        workflow_id=workflow_id,
        procedure_type=medical.PROCEDURE_TYPE,
        agency_code=case.agency.code,
    )
    status = await _wait_for_window(handle)
    if args.json:
        print(
            json.dumps(
                {
                    "case_id": case.case_id,
                    "created": created,
                    "workflow_id": workflow_id,
                    "status": status.model_dump(mode="json") if status else None,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(started_line(case.case_id, workflow_id, created))
    filing = status.deadlines[0] if status and status.deadlines else None
    if filing is None:
        print("The objection window is being computed: is the worker running (`make run`)?")
        return 0
    deadline = filing.deadline
    verb = "closes" if deadline.due_at > datetime.now(UTC) else "closed"
    print(
        f"Objection window ({deadline.basis} from the publication on "
        f"{case.result.published_on}) {verb} at {due_phrase(deadline)}; "
        f"{filing.citation}."
    )
    if verb == "closed":
        print("No objection can be filed any more: the result becomes formal.")
    if deadline.provisional:
        print(PROVISIONAL_NOTE + ".")
    return 0


async def _wait_for_window(
    handle: WorkflowHandle[Any, Any],
) -> medical.MedicalObjectionStatus | None:
    """The status once the filing window is computed (a second or so), for a useful reply."""
    for _ in range(20):
        status = await _status(handle)
        if status is not None and status.deadlines:
            return status
        await asyncio.sleep(0.25)
    return None


async def _status(handle: WorkflowHandle[Any, Any]) -> medical.MedicalObjectionStatus | None:
    try:
        status: medical.MedicalObjectionStatus = await handle.query(
            MedicalCreditObjectionWorkflow.status, rpc_timeout=timedelta(seconds=2)
        )
    except (RPCError, WorkflowQueryFailedError):
        return None
    return status


async def cmd_object(args: argparse.Namespace, settings: Settings) -> int:
    form = validate(medical.ObjectionForm, read_json_file(args.file), str(args.file))
    client = await connect_cli(settings)
    handle = client.get_workflow_handle(medical.workflow_id(args.case_id))
    try:
        receipt: medical.ObjectionReceipt = await send_update(
            handle, MedicalCreditObjectionWorkflow.file_objection, form, args.case_id, PROCEDURE
        )
    except Refused as refused:
        raise await _explain_closed(handle, args.case_id, refused) from None
    if receipt.review is None and receipt.stage is medical.Stage.UNDER_REVIEW:
        receipt.review = await _review_due(handle, args.case_id)
    if args.json:
        print(receipt.model_dump_json())
        return 0
    print(
        f"Objection filed in case {args.case_id} at {render.shanghai(receipt.filed_at)} "
        "Asia/Shanghai."
    )
    _print_review(args.case_id, receipt.review)
    return 0


async def _explain_closed(
    handle: WorkflowHandle[Any, Any], case_id: str, refused: CliError
) -> CliError:
    """A case whose window lapsed closes once its result is formal: say so, with the window."""
    if "is closed" not in str(refused):
        return refused
    try:
        status: medical.MedicalObjectionStatus = await handle.query(
            MedicalCreditObjectionWorkflow.status, rpc_timeout=QUERY_TIMEOUT
        )
    except (RPCError, WorkflowQueryFailedError):
        return refused
    filing = next((d for d in status.deadlines if d.name == "filing"), None)
    if status.outcome is medical.CaseOutcome.FORMAL_WITHOUT_OBJECTION and filing is not None:
        return Refused(
            f"case {case_id} refused: filed_at: the objection window closed at "
            f"{medical.window_end(filing.deadline)} ({filing.citation}); the result became "
            f"formal on {status.formal_on}"
        )
    return Refused(
        f"case {case_id} is closed ({status.outcome or 'closed'}): it accepts nothing more"
    )


async def _review_due(handle: WorkflowHandle[Any, Any], case_id: str) -> Any:
    """The re-check's deadline, which the case computes just after the step's receipt: the CLI
    waits for it (`await_outputs`), so that it prints the due date as the agency expects."""
    await wait_outputs(handle, None, case_id, PROCEDURE)
    status = await _final_status(handle)
    review = next((d for d in status.deadlines if d.name == "review"), None)
    return review.deadline if review else None


async def _final_status(handle: WorkflowHandle[Any, Any]) -> medical.MedicalObjectionStatus:
    status: medical.MedicalObjectionStatus = await handle.query(
        MedicalCreditObjectionWorkflow.status, rpc_timeout=QUERY_TIMEOUT
    )
    return status


def _print_review(case_id: str, review: Any) -> None:
    if review is None:
        print(
            "No supporting materials yet: the 10-working-day re-check starts when they are in "
            f"(`starter.py medical-objection materials {case_id} --ref REF`)."
        )
        return
    print(f"Re-check due by {due_phrase(review)}; {medical.OBJECTION_CITATION}.")
    if review.provisional:
        print(PROVISIONAL_NOTE + ".")


async def cmd_materials(args: argparse.Namespace, settings: Settings) -> int:
    data: dict[str, Any] = {"refs": args.refs}
    if args.by:
        data["submitted_by"] = args.by
    submission = validate(medical.MaterialsSubmission, data, "materials")
    client = await connect_cli(settings)
    handle = client.get_workflow_handle(medical.workflow_id(args.case_id))
    receipt: medical.MaterialsReceipt = await send_update(
        handle, MedicalCreditObjectionWorkflow.submit_materials, submission, args.case_id, PROCEDURE
    )
    if receipt.review is None:
        receipt.review = await _review_due(handle, args.case_id)
    if args.json:
        print(receipt.model_dump_json())
        return 0
    print(
        f"Materials received in case {args.case_id} at {render.shanghai(receipt.received_at)} "
        f"Asia/Shanghai: {', '.join(receipt.materials)}."
    )
    _print_review(args.case_id, receipt.review)
    return 0


async def cmd_decide(args: argparse.Namespace, settings: Settings) -> int:
    # The corrected facts are checked with the scoring module here too: bad facts never leave.
    decision = validate(medical.ReviewDecision, read_json_file(args.file), str(args.file))
    client = await connect_cli(settings)
    handle = client.get_workflow_handle(medical.workflow_id(args.case_id))
    receipt: medical.DecisionReceipt = await send_update(
        handle, MedicalCreditObjectionWorkflow.decide, decision, args.case_id, PROCEDURE
    )
    if receipt.final_grade is None:
        # Corrected facts are re-scored just after the receipt: wait for the report.
        await wait_outputs(handle, MedicalCreditObjectionWorkflow.decide, args.case_id, PROCEDURE)
        status = await _final_status(handle)
        published = status.case.result
        rescored = status.rescored
        receipt.final_score = rescored.total if rescored else published.score
        receipt.final_grade = (rescored.grade if rescored else None) or published.grade
        receipt.grade_changed = receipt.final_grade != published.grade
    if args.json:
        print(receipt.model_dump_json())
        return 0
    late = " (after the deadline)" if receipt.late else ""
    change = " — the grade changed: the subject is told by SMS" if receipt.grade_changed else ""
    print(
        f"Decision recorded for case {args.case_id} at {render.shanghai(receipt.decided_at)} "
        f"Asia/Shanghai{late}: {receipt.outcome.value}, score {receipt.final_score:g}, grade "
        f"{receipt.final_grade}{change}. The feedback notice (附件2) follows; see "
        f"`starter.py status {args.case_id}`."
    )
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    objection = commands.add_parser(
        PROCEDURE,
        help="medical-insurance credit objection: 10 working days to object, 10 to re-check",
        description="衢医保发〔2021〕36号 四(三): the subject may object within 10 working days of "
        "the result's publication; the department re-checks within 10 working days of "
        "receiving the objection and its materials, and feeds back on form 附件2.",
    )
    actions = objection.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(
            name,
            help=help_text,
            description=description,
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        return parser

    start = action(
        "start",
        "open a case on the publication of a credit result",
        "Start a case from a JSON case file (see examples/medical-objection.json): the agency, "
        "the subject, the published result with its scoring facts, score and grade. The facts "
        "are scored and must give the published score and grade; nothing is sent otherwise.",
    )
    start.add_argument("--file", type=Path, required=True, metavar="CASE.json")
    start.set_defaults(handler=cmd_start, needs_engine=True)

    filing = action(
        "object",
        "file the subject's objection (form 附件1)",
        "File the objection (see examples/medical-objection-objection.json). Refused, with "
        "nothing changed, after the 10-working-day window or when one is already filed. "
        "Without materials the case waits for them before the re-check clock starts.",
    )
    filing.add_argument("case_id", metavar="CASE_ID")
    filing.add_argument("--file", type=Path, required=True, metavar="OBJECTION.json")
    filing.set_defaults(handler=cmd_object, needs_engine=True)

    materials = action(
        "materials",
        "hand in the supporting materials of an objection filed without them",
        "Record the supporting materials (证明材料); the 10-working-day re-check starts now.",
    )
    materials.add_argument("case_id", metavar="CASE_ID")
    materials.add_argument(
        "--ref", dest="refs", action="append", required=True, metavar="REF", help="repeatable"
    )
    materials.add_argument("--by", metavar="NAME", help="who handed them in")
    materials.set_defaults(handler=cmd_materials, needs_engine=True)

    decide = action(
        "decide",
        "record the re-check's decision",
        "Record the decision (see examples/medical-objection-decision.json): 'upheld', or "
        "'corrected' with the corrected medical-credit facts, which are re-scored. Refused, "
        "with nothing changed, unless the case is under review.",
    )
    decide.add_argument("case_id", metavar="CASE_ID")
    decide.add_argument("--file", type=Path, required=True, metavar="DECISION.json")
    decide.set_defaults(handler=cmd_decide, needs_engine=True)
