"""`starter.py repair ...`: credit repair (信用修复), 衢医保发〔2021〕36号 六.

    python starter.py repair start --file examples/repair.json
    python starter.py repair extend RC-2026-0012 --working-days 10 --reason "需现场核查" --wait
    python starter.py repair decide RC-2026-0012 --file examples/repair-decision.json
    python starter.py repair decide RC-2026-0012 --refuse --reason "..." --reviewer "..."
    python starter.py repair object RC-2026-0012 --reason "..." [--objector NAME]
    python starter.py repair decide-objection RC-2026-0012 --substantiated --reason "..." \\
        --reviewer "..."

`object` and `decide-objection` act on whichever objection is open: to the refusal (附件4,
5 working days) or to the public notice (公示, 5 working days).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from cli.client import (
    EXIT_CODES,
    QUERY_TIMEOUT,
    add_wait_flag,
    connect_cli,
    rpc_error,
    send_update,
    start_case,
    started_line,
    wait_outputs,
)
from cli.errors import BadInput, Refused, UnknownCase, Unreachable
from cli.inputs import read_json_file, validate, validate_file
from cli.render import outputs_lines, shanghai, step_json
from contracts.case_records import OutputsReport
from periods.phrases import PROVISIONAL_NOTE, due_phrase
from procedures.repair import models as repair
from procedures.repair.workflow import CreditRepairWorkflow
from settings import Settings


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "repair",
        help="credit repair (信用修复): decision in 10 working days, 5-working-day notice",
        description="衢医保发〔2021〕36号 六: eligibility from the subject record (六(二)), "
        "decision within 10 working days of acceptance (extendable by at most 30), public "
        "notice of 5 working days, written refusal (附件4) or confirmation (附件5).",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    start = _action(
        actions,
        "start",
        "start a repair case from an application file",
        "Start a case from a JSON application (see examples/repair.json): 附件3 fields, the "
        "commitment letter and the rectification proofs, the finding to repair and the instant "
        "of acceptance. The file is validated completely before anything is sent.",
    )
    start.add_argument("--file", type=Path, required=True, metavar="CASE.json")
    start.set_defaults(handler=cmd_start)

    decide = _action(
        actions,
        "decide",
        "record the decision: approve (→ public notice) or refuse (→ 附件4)",
        "Record the decision on an eligible application. Refused, with nothing changed, unless "
        "the case is under review.",
    )
    decide.add_argument("case_id", metavar="CASE_ID")
    decide.add_argument("--file", type=Path, metavar="DECISION.json", help="the decision as JSON")
    outcome = decide.add_mutually_exclusive_group()
    outcome.add_argument("--approve", action="store_true", help="予以修复: publish the notice")
    outcome.add_argument("--refuse", action="store_true", help="不予修复: issue 附件4")
    decide.add_argument("--reason", help="the reasons (printed on 附件4 for a refusal)")
    decide.add_argument("--reviewer", help="who decided (recorded in the audit trail)")
    decide.add_argument(
        "--clause",
        choices=["六(一)", "六(二)1", "六(二)2", "六(二)3", "六(二)4"],
        help="for a refusal: the clause relied on (default 六(二)4 其他依法不宜修复)",
    )
    decide.set_defaults(handler=cmd_decide)

    extend = _action(
        actions,
        "extend",
        "extend the decision period (情况复杂, at most 30 working days in total)",
        "Extend the 10-working-day decision period by N working days, with the reason. The "
        "extensions of a case add up to at most 30 working days; a request beyond that is "
        "refused and names the allowance left.",
    )
    extend.add_argument("case_id", metavar="CASE_ID")
    extend.add_argument("--working-days", type=int, required=True, metavar="N")
    extend.add_argument("--reason", required=True, help="why the case is complex (recorded)")
    extend.add_argument("--by", default="agency", help="who granted it (audit trail)")
    add_wait_flag(extend)
    extend.set_defaults(handler=cmd_extend)

    objection = _action(
        actions,
        "object",
        "raise an objection to the refusal or to the public notice, whichever is open",
        "An objection to the refusal (附件4: within 5 working days of receiving it) or to the "
        "public notice (公示: during its 5 working days; the repair is then suspended).",
    )
    objection.add_argument("case_id", metavar="CASE_ID")
    objection.add_argument("--reason", required=True, help="the grounds of the objection")
    objection.add_argument(
        "--objector",
        help="who objects (default: the applicant, for an objection to a refusal; required "
        "for an objection to the public notice)",
    )
    objection.set_defaults(handler=cmd_object)

    decide_objection = _action(
        actions,
        "decide-objection",
        "decide the pending objection",
        "Decide the objection awaiting a decision. --substantiated: a refusal goes back to "
        "review / the repair does not take effect. --upheld: the act objected to stands (the "
        "refusal is final / the repair proceeds).",
    )
    decide_objection.add_argument("case_id", metavar="CASE_ID")
    verdict = decide_objection.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--substantiated", action="store_true", help="the objection is founded")
    verdict.add_argument(
        "--upheld", action="store_true", help="the refusal or the repair objected to stands"
    )
    decide_objection.add_argument("--reason", required=True)
    decide_objection.add_argument("--reviewer", required=True)
    decide_objection.set_defaults(handler=cmd_decide_objection)


def _action(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name,
        help=help_text,
        description=description,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(needs_engine=True)
    return parser


# -- start ---------------------------------------------------------------------------------------


async def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    # Refuses an implausible date, or an event not yet happened (checks.plausible).
    case = validate_file(repair.RepairCase, read_json_file(args.file), str(args.file))
    workflow_id = repair.workflow_id(case.case_id)
    handle, created = await start_case(
        settings,
        CreditRepairWorkflow.run,
        case,
        case_id=case.case_id,
        workflow_id=workflow_id,
        procedure_type=repair.PROCEDURE_TYPE,
        agency_code=case.agency.code,
    )
    status = await _first_deadline(handle)
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
    if status is None:
        print("The eligibility check is under way: is the worker running (`make run`)?")
        return 0
    print(_standing(status))
    return 0


async def _first_deadline(handle: WorkflowHandle[Any, Any]) -> repair.RepairStatus | None:
    """The status once eligibility is checked and the first deadline computed (a second or so)."""
    for _ in range(40):
        try:
            status: repair.RepairStatus = await handle.query(
                CreditRepairWorkflow.status, rpc_timeout=timedelta(seconds=2)
            )
        except (RPCError, WorkflowQueryFailedError):
            status = None  # type: ignore[assignment]
        if status is not None and (
            status.stage in repair.FINAL_STAGES
            or (status.deadlines and status.stage is not repair.Stage.RECEIVED)
        ):
            return status
        await asyncio.sleep(0.25)
    return None


def _standing(status: repair.RepairStatus) -> str:
    """Where the case stands, in a sentence or two: what is due next, and by when."""
    lines: list[str] = []
    if status.stage in repair.FINAL_STAGES:
        lines.append(f"Closed: {status.stage.value}. {status.closing_reason or ''}".rstrip())
        return "\n".join(lines)
    if status.stage is repair.Stage.REFUSAL_NOTIFIED:
        lines.append("Not eligible (六(二)); refusal notice (附件4) issued:")
        lines += [f"  - {g.reason} ({g.clause})" for g in status.refusal_grounds]
    current = {
        repair.Stage.UNDER_REVIEW: ("decision", "Decision due by"),
        repair.Stage.REFUSAL_NOTIFIED: ("refusal_objection", "Objection to the refusal open until"),
        repair.Stage.NOTICE: ("notice", "Public notice (公示) runs until"),
        repair.Stage.NOTICE_SUSPENDED: ("notice", "Suspended by an objection; notice ends"),
    }.get(status.stage)
    deadline = next((d for d in status.deadlines if current and d.name == current[0]), None)
    if current and deadline:
        lines.append(f"{current[1]} {due_phrase(deadline.deadline)}; {deadline.citation}.")
        if deadline.deadline.provisional:
            lines.append(PROVISIONAL_NOTE + ".")
    else:
        lines.append(f"Stage: {status.stage.value}.")
    return "\n".join(lines)


# -- the human steps -------------------------------------------------------------------------------


async def cmd_decide(args: argparse.Namespace, settings: Settings) -> int:
    if args.file:
        data: object = read_json_file(args.file)
        source = str(args.file)
    else:
        if not (args.approve or args.refuse):
            raise BadInput("decision: give --approve or --refuse (or --file DECISION.json)")
        data = {
            key: value
            for key, value in {
                "outcome": "approve" if args.approve else "refuse",
                "reason": args.reason,
                "reviewer": args.reviewer,
                "clause": args.clause,
            }.items()
            if value is not None
        }
        source = "decision"
    decision = validate(repair.RepairDecision, data, source)
    handle = await _handle(settings, args.case_id)
    receipt = await send_update(
        handle, CreditRepairWorkflow.decide, decision, args.case_id, repair.PROCEDURE
    )
    receipt = await _moved_on(handle, receipt)
    what = (
        "approved: the public notice (公示, 5 working days) follows"
        if decision.outcome is repair.DecisionOutcome.APPROVE
        else "refused: the refusal notice (附件4) follows, with its 5-working-day objection window"
    )
    return _print_receipt(args, receipt, f"Decision recorded for case {args.case_id}: {what}")


async def cmd_extend(args: argparse.Namespace, settings: Settings) -> int:
    request = validate(
        repair.ExtensionRequest,
        {"working_days": args.working_days, "reason": args.reason, "granted_by": args.by},
        "extension",
    )
    handle = await _handle(settings, args.case_id)
    receipt = await send_update(
        handle, CreditRepairWorkflow.extend, request, args.case_id, repair.PROCEDURE
    )
    outputs = (
        await wait_outputs(handle, CreditRepairWorkflow.extend, args.case_id, repair.PROCEDURE)
        if args.wait
        else None
    )
    return _print_receipt(
        args, receipt, f"Extension of {request.working_days} working day(s) recorded", outputs
    )


async def cmd_object(args: argparse.Namespace, settings: Settings) -> int:
    handle = await _handle(settings, args.case_id)
    status = await _status(handle, args.case_id)
    if status.stage is repair.Stage.REFUSAL_NOTIFIED:
        update: Any = CreditRepairWorkflow.object_to_refusal
        objector = args.objector or status.case.subject.name
        what = "Objection to the refusal recorded; it awaits a decision"
    elif status.stage in (repair.Stage.NOTICE, repair.Stage.NOTICE_SUSPENDED):
        if not args.objector:
            raise BadInput("--objector: who raises the objection to the public notice is required")
        update = CreditRepairWorkflow.object_to_notice
        objector = args.objector
        what = "Objection to the public notice recorded; the repair is suspended until decided"
    else:
        raise Refused(
            f"case {args.case_id} is in stage '{status.stage.value}': an objection is accepted "
            "only while the refusal's objection window or the public notice is open"
        )
    objection = validate(
        repair.Objection, {"objector": objector, "reason": args.reason}, "objection"
    )
    receipt = await send_update(handle, update, objection, args.case_id, repair.PROCEDURE)
    return _print_receipt(args, receipt, what)


async def cmd_decide_objection(args: argparse.Namespace, settings: Settings) -> int:
    decision = validate(
        repair.ObjectionDecision,
        {"substantiated": args.substantiated, "reason": args.reason, "reviewer": args.reviewer},
        "objection decision",
    )
    handle = await _handle(settings, args.case_id)
    status = await _status(handle, args.case_id)
    if status.stage is repair.Stage.REFUSAL_OBJECTION:
        update: Any = CreditRepairWorkflow.decide_refusal_objection
    elif status.stage is repair.Stage.NOTICE_SUSPENDED:
        update = CreditRepairWorkflow.decide_notice_objection
    else:
        raise Refused(
            f"case {args.case_id} is in stage '{status.stage.value}': no objection awaits a "
            "decision"
        )
    receipt = await send_update(handle, update, decision, args.case_id, repair.PROCEDURE)
    receipt = await _moved_on(handle, receipt)
    return _print_receipt(args, receipt, "Objection decided")


# -- plumbing --------------------------------------------------------------------------------------


async def _handle(settings: Settings, case_id: str) -> WorkflowHandle[Any, Any]:
    client: Client = await connect_cli(settings)
    return client.get_workflow_handle(repair.workflow_id(case_id))


async def _status(handle: WorkflowHandle[Any, Any], case_id: str) -> repair.RepairStatus:
    try:
        status: repair.RepairStatus = await handle.query(
            CreditRepairWorkflow.status, rpc_timeout=QUERY_TIMEOUT
        )
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise UnknownCase(f"no {repair.PROCEDURE} case {case_id}") from None
        if err.status == RPCStatusCode.DEADLINE_EXCEEDED:
            raise Unreachable(
                f"case {case_id} exists but no worker answered; is the worker running (`make run`)?"
            ) from None
        raise rpc_error(err, case_id) from None
    except WorkflowQueryFailedError as err:
        raise UnknownCase(f"case {case_id} cannot be read: {err.message}") from None
    return status


# The stages a decision leaves at once (after an activity or two).
PASSING_STAGES = frozenset(
    {
        repair.Stage.UNDER_REVIEW,
        repair.Stage.REFUSAL_OBJECTION,
        repair.Stage.NOTICE_SUSPENDED,
        repair.Stage.TAKING_EFFECT,
    }
)


async def _moved_on(handle: WorkflowHandle[Any, Any], receipt: repair.Receipt) -> repair.Receipt:
    """A decision sets the case moving (a notice to publish, a document to issue): report the
    stage it reaches, waiting a few seconds at most; the receipt's stage if it takes longer."""
    if receipt.stage not in PASSING_STAGES:
        return receipt
    for _ in range(20):
        await asyncio.sleep(0.25)
        try:
            status: repair.RepairStatus = await handle.query(
                CreditRepairWorkflow.status, rpc_timeout=timedelta(seconds=2)
            )
        except (RPCError, WorkflowQueryFailedError):
            continue
        if status.stage not in (receipt.stage, repair.Stage.TAKING_EFFECT):
            return receipt.model_copy(update={"stage": status.stage})
    return receipt


def _print_receipt(
    args: argparse.Namespace,
    receipt: repair.Receipt,
    sentence: str,
    outputs: OutputsReport | None = None,
) -> int:
    if args.json:
        print(step_json(receipt, outputs))
        return 0
    detail = f" ({receipt.detail})" if receipt.detail else ""
    print(
        f"{sentence}{detail}. Case {receipt.case_id} is now '{receipt.stage.value}' "
        f"({shanghai(receipt.at)} Asia/Shanghai); see `starter.py status {receipt.case_id}`."
    )
    if outputs is not None:
        print("\n".join(outputs_lines(outputs)))
    return 0
