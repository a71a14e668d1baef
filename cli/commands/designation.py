"""`starter.py designation ...`: designation of medical institutions and retail pharmacies
(医保定点), 衢医保发〔2023〕8号 二(三).

    python starter.py designation start --file examples/designation-medical.json
    python starter.py designation apply DD-2026-0031 --file APPLICATION.json
    python starter.py designation review DD-2026-0031 --file REVIEW.json
    python starter.py designation supplement DD-2026-0031 --file SUPPLEMENT.json
    python starter.py designation request-materials DD-2026-0031 --item "..." --requested-by X
    python starter.py designation evaluate DD-2026-0031 --file EVALUATION.json
    python starter.py designation evaluate DD-2026-0031 --facts FACTS.json --group "评估小组"
    python starter.py designation report DD-2026-0031 --reporter "匿名" --content "..."
    python starter.py designation investigate DD-2026-0031 --unfounded --findings "..." \\
        --investigator X
    python starter.py designation reevaluate DD-2026-0031 --applicant X --rectification "..."
    python starter.py designation approve DD-2026-0031 --file examples/designation-approval.json
    python starter.py designation sign DD-2026-0031 --file examples/designation-signing.json
    python starter.py designation false-materials DD-2026-0031 --file FALSE.json

(examples/designation-*.json hold one input of each step.) The workflow is addressed by name
(type "Designation", id designation-<case_id>, its Updates by the names in
procedures/designation/models.py and the "status" query), so this module needs only the models.
Every input is validated in full before anything is sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client, WorkflowHandle, WorkflowQueryFailedError
from temporalio.service import RPCError

import scoring
from cli.client import EXIT_CODES, connect_cli, send_update, start_case, started_line
from cli.errors import BadInput
from cli.inputs import read_json_file, validate, validate_file
from cli.render import PROVISIONAL_NOTE, WEEKDAYS, due_phrase, shanghai
from periods import Deadline
from procedures.designation import models as dd
from settings import Settings

WORKFLOW_TYPE = "Designation"  # the workflow's registered name (procedures/designation/workflow.py)
STATUS_QUERY = "status"
EVALUATION_KIND = "designation-eval"  # the scoring kind of Evaluation.facts


def workflow_id(case_id: str) -> str:
    return f"{dd.PROCEDURE}-{case_id}"


@dataclass(frozen=True)
class Step:
    """One human step: the Update it sends, the model of its argument, and its texts."""

    update: str
    model: type[BaseModel]
    help: str
    description: str
    done: str  # the first words of the reply
    source: str  # how a flag-built input is named in error messages


STEPS: dict[str, Step] = {
    "apply": Step(
        dd.APPLY,
        dd.Application,
        "submit the formal application (定点申请书, 附表1) with its materials",
        f"{dd.cite('二(三)2')}: after the 3-month trial run (试运行满3个月) the institution "
        "submits the formal application with the materials of 二(一)3 (medical institutions; "
        "for-profit ones also the business licence) or 二(二)2 (pharmacies); materials the "
        "agency obtains by data sharing go in shared_materials (无需提供). It then awaits the "
        "quarterly acceptance review (原则上每季度1次集中受理审查). Refused before the trial "
        "run ends, or while a bar on applying is in force on the institution's subject record "
        "(视作放弃申请: 3 months; 评估仍不合格: 1 year).",
        "Application recorded",
        "application",
    ),
    "review": Step(
        dd.REVIEW_ACCEPTANCE,
        dd.AcceptanceReview,
        "record the agency's findings for the quarterly acceptance review",
        f"{dd.cite('二(三)2')}: the agency reviews by 资料审查、现场核查、函询相关主管部门意见. "
        "Before the batch day it records what it found: the non-acceptance facts the subject "
        "records do not hold (医疗机构 (1)(2)(3)(5)(6)(9)–(12), 零售药店 (1)(3)(4)(7)(8)), "
        "materials that do not conform, and other materials required (二(一)3(9) / "
        "二(二)2(9)). At the batch the case is not accepted (不予受理), told everything "
        "missing at once (一次性告知), or accepted. Accepted only while the application "
        "awaits the batch.",
        "Acceptance review recorded",
        "review",
    ),
    "supplement": Step(
        dd.SUPPLEMENT,
        dd.Supplement,
        "hand in the materials asked for (补正, or 补充材料 during the evaluation)",
        f"{dd.cite('二(三)2')}: the applicant supplements within 5 working days of receiving the "
        "supplementation notice, otherwise the application is deemed abandoned (视作放弃申请, "
        f"re-application after 3 months). During the evaluation ({dd.cite('二(三)3')}) the "
        "materials asked for with `request-materials` restart the paused evaluation clock "
        "(机构补充材料时间不计入评估期限). Keys: material codes, or extra-N for the N-th other "
        "item of the notice.",
        "Supplement recorded",
        "supplement",
    ),
    "request-materials": Step(
        dd.REQUEST_MATERIALS,
        dd.MaterialsRequest,
        "the evaluators ask for more materials: the 20-working-day clock stops",
        f"{dd.cite('二(三)3')}: 评估时间不超过20个工作日, 机构补充材料时间不计入评估期限. The "
        "evaluation clock is paused from this request until the applicant's `supplement`. "
        "Accepted only while the case is being evaluated.",
        "Materials request recorded",
        "materials request",
    ),
    "false-materials": Step(
        dd.REPORT_FALSE_MATERIALS,
        dd.FalseMaterials,
        "record verified false materials: the application is cancelled (取消本次申请)",
        f"{dd.cite('二(三)2')}: 对提供虚假材料的, 一经核实, 取消本次申请; "
        "以弄虚作假等不正当手段申请定点 bars a new application for 3 years (不予受理 "
        "医疗机构(4) / 零售药店(2)). Accepted at any stage before designation.",
        "False materials recorded",
        "false materials",
    ),
    "evaluate": Step(
        dd.EVALUATE,
        dd.Evaluation,
        "record the evaluation group's result (综合评估, 附件4): ≥85 passes",
        f"{dd.cite('二(三)3')}: the evaluation group (or the third party commissioned) evaluates "
        "per 附件4 (表1 medical institutions, 表2 pharmacies); the score is the average of the "
        "members' totals; 85分(含)以上 passes → public notice (公示); below 85 fails → "
        "rectification and re-evaluation 3 months after delivery of the result; failing "
        "again bars a new application for 1 year. The input is an Evaluation {group, facts} "
        "(--file), or a plain scoring facts file (`starter.py schema designation-eval`) with "
        "--facts and --group; the facts are validated here before anything is sent. Accepted "
        "only while the case is being evaluated.",
        "Evaluation recorded",
        "evaluation",
    ),
    "report": Step(
        dd.REPORT,
        dd.Report,
        "record a report (举报) received during the public notice",
        f"{dd.cite('二(三)4')}: 公示期间无人举报或举报经查不属实的, 报党组会审议. A report "
        "holds the case until `investigate` decides it. Accepted only during the public notice.",
        "Report recorded",
        "report",
    ),
    "investigate": Step(
        dd.INVESTIGATE,
        dd.Investigation,
        "record the investigation of the reports: substantiated (→ rejected) or unfounded",
        f"{dd.cite('二(三)4')}: 举报经查属实 ends the application (rejected); 经查不属实 lets the "
        "case go on to the party-group meeting once the notice has ended.",
        "Investigation recorded",
        "investigation",
    ),
    "reevaluate": Step(
        dd.REQUEST_REEVALUATION,
        dd.ReevaluationRequest,
        "ask for the re-evaluation after rectification (整改3个月后)",
        f"{dd.cite('二(三)3')}: 自结果告知送达之日起, 整改3个月后可再次组织评估 — refused before "
        "the 3 months are over; the case is then evaluated again (20 working days); failing "
        "again bars a new application for 1 year.",
        "Re-evaluation requested",
        "re-evaluation request",
    ),
    "approve": Step(
        dd.APPROVE,
        dd.Approval,
        "record the party-group meeting's review (党组会审议): approved or refused",
        f"{dd.cite('二(三)4')}: after the public notice, with no report standing, the party-group "
        "meeting reviews; approved → 确定为定点医药机构, the service agreement (医保协议) follows; "
        "not approved → rejected (the reason is required). Accepted only at the approval stage.",
        "Party-group review recorded",
        "approval",
    ),
    "sign": Step(
        dd.SIGN,
        dd.Signing,
        "record the signed service agreement (医保协议): designated, settlement opened",
        f"{dd.cite('二(三)4')}: 签订医保协议并向同级医疗保障行政部门备案; 协议期限一般按自然年度"
        f"签订至当年12月31日. {dd.cite('二(三)5')}: 开通相应的刷卡权限并向社会公告. Accepted "
        "only after the approval.",
        "Agreement recorded",
        "signing",
    ),
}


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        dd.PROCEDURE,
        help="designation of medical institutions and pharmacies (医保定点): trial run, "
        "quarterly acceptance, 20-working-day evaluation, notice, agreement",
        description=f"{dd.cite('二(三)')}: pre-registration and a 3-month trial run (1), the "
        "formal application and the quarterly acceptance review (2), the evaluation within 20 "
        "working days and the public notice (3), the party-group meeting and the agreement (4), "
        "settlement rights and the announcement (5). Rules: procedures.md §4.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    start = _action(
        actions,
        "start",
        "start a case at the pre-registration (预登记): the 3-month trial run begins",
        f"{dd.cite('二(三)1')}: the institution pre-registers with the agency, installs and "
        "networks the required software and hardware, and runs a 3-month trial without card "
        "settlement (试运行3个月, counted from the day after pre_registered_on). Start a case from "
        "a JSON case file (examples/designation-medical.json, examples/designation-pharmacy.json): "
        "the agency, the institution (a valid unified social credit code, the legal "
        "representative among its people) and the day of pre-registration. The file is "
        "validated completely before anything is sent; a case is started only once.",
    )
    start.add_argument("--file", type=Path, required=True, metavar="CASE.json")
    start.set_defaults(handler=cmd_start)

    for name, step in STEPS.items():
        action = _action(actions, name, step.help, step.description)
        action.add_argument("case_id", metavar="CASE_ID")
        action.add_argument(
            "--file",
            type=Path,
            metavar="INPUT.json",
            help=f"the {step.source} as JSON ({step.model.__name__})",
        )
        action.set_defaults(handler=cmd_step, step=name)
        FLAGS[name](action)


def _action(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name,
        help=help_text,
        # A citation is not broken across lines (衢医保发〔2023〕8号 二(三)2 stays whole).
        description=textwrap.fill(
            description.replace(f"{dd.DOC} ", f"{dd.DOC}\u00a0"), width=88
        ).replace("\u00a0", " "),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(needs_engine=True)
    return parser


# -- the flags of each step (an alternative to --file) -------------------------------------------


def _no_flags(parser: argparse.ArgumentParser) -> None:
    return None


def _request_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--item", action="append", metavar="TEXT", help="a material asked for (repeatable)"
    )
    parser.add_argument("--requested-by", metavar="NAME", help="who asks (the evaluation group)")


def _evaluate_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--facts",
        type=Path,
        metavar="FACTS.json",
        help="a plain designation-eval facts file (examples/scoring/designation-eval-*.json)",
    )
    parser.add_argument("--group", metavar="NAME", help="with --facts: 评估小组 or the third party")


def _report_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reporter", metavar="NAME", help="who reported (or 匿名)")
    parser.add_argument("--content", metavar="TEXT", help="what is reported")


def _investigate_flags(parser: argparse.ArgumentParser) -> None:
    verdict = parser.add_mutually_exclusive_group()
    verdict.add_argument(
        "--substantiated", action="store_true", help="举报经查属实: the application is rejected"
    )
    verdict.add_argument(
        "--unfounded", action="store_true", help="举报经查不属实: the case goes on"
    )
    parser.add_argument("--findings", metavar="TEXT", help="what the investigation found")
    parser.add_argument("--investigator", metavar="NAME")


def _reevaluate_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--applicant", metavar="NAME", help="who asks (法定代表人)")
    parser.add_argument("--rectification", metavar="TEXT", help="what was rectified (整改情况)")


def _approve_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meeting-on", metavar="YYYY-MM-DD", help="the day of the meeting")
    parser.add_argument("--minutes", metavar="REF", help="the minutes' reference (会议纪要)")
    parser.add_argument(
        "--refuse", action="store_true", help="the meeting did not approve (needs --reason)"
    )
    parser.add_argument("--reason", metavar="TEXT", help="why it did not approve")


def _sign_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agreement-number", metavar="N", help="the agreement's number")
    parser.add_argument("--signed-on", metavar="YYYY-MM-DD")
    parser.add_argument("--signed-by", metavar="NAME", help="who signed for the agency")


FLAGS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "apply": _no_flags,
    "review": _no_flags,
    "supplement": _no_flags,
    "request-materials": _request_flags,
    "false-materials": _no_flags,
    "evaluate": _evaluate_flags,
    "report": _report_flags,
    "investigate": _investigate_flags,
    "reevaluate": _reevaluate_flags,
    "approve": _approve_flags,
    "sign": _sign_flags,
}


def _flag_values(args: argparse.Namespace) -> dict[str, Any]:
    """The model's fields from the step's flags; only the flags given."""
    step = args.step
    values: dict[str, Any]
    if step == "request-materials":
        values = {"items": args.item, "requested_by": args.requested_by}
    elif step == "evaluate":
        values = {"facts": args.facts, "group": args.group}
    elif step == "report":
        values = {"reporter": args.reporter, "content": args.content}
    elif step == "investigate":
        verdict = True if args.substantiated else False if args.unfounded else None
        values = {
            "substantiated": verdict,
            "findings": args.findings,
            "investigator": args.investigator,
        }
    elif step == "reevaluate":
        values = {"applicant": args.applicant, "rectification": args.rectification}
    elif step == "approve":
        values = {
            "meeting_on": args.meeting_on,
            "minutes": args.minutes,
            "approved": False if args.refuse else None,
            "reason": args.reason,
        }
    elif step == "sign":
        values = {
            "agreement_number": args.agreement_number,
            "signed_on": args.signed_on,
            "signed_by": args.signed_by,
        }
    else:
        values = {}
    return {key: value for key, value in values.items() if value is not None}


FLAG_NAMES = {
    "items": "--item",
    "requested_by": "--requested-by",
    "facts": "--facts",
    "group": "--group",
    "reporter": "--reporter",
    "content": "--content",
    "substantiated": "--substantiated/--unfounded",
    "findings": "--findings",
    "investigator": "--investigator",
    "applicant": "--applicant",
    "rectification": "--rectification",
    "meeting_on": "--meeting-on",
    "minutes": "--minutes",
    "approved": "--refuse",
    "reason": "--reason",
    "agreement_number": "--agreement-number",
    "signed_on": "--signed-on",
    "signed_by": "--signed-by",
}


def step_input(args: argparse.Namespace) -> BaseModel:
    """The step's argument, validated in full (BadInput, exit 2, names the field)."""
    step = STEPS[args.step]
    flags = _flag_values(args)
    if args.file is not None:
        if flags:
            given = ", ".join(FLAG_NAMES[key] for key in flags)
            raise BadInput(f"--file: give either --file or the flags ({given}), not both")
        data = read_json_file(args.file)
        source = str(args.file)
    elif args.step == "evaluate":
        if "facts" not in flags:
            raise BadInput("evaluation: give --file EVALUATION.json, or --facts FACTS.json --group")
        if "group" not in flags:
            raise BadInput("--group: the evaluation group (评估小组) is required with --facts")
        data = {"group": flags["group"], "facts": read_json_file(flags["facts"])}
        source = str(flags["facts"])
    elif args.step == "investigate" and "substantiated" not in flags:
        raise BadInput("--substantiated/--unfounded: give one (举报经查属实 / 不属实)")
    elif not flags and FLAGS[args.step] is _no_flags:
        raise BadInput(f"--file: the {step.source} is required (--file INPUT.json)")
    else:
        if args.step == "approve":
            flags.setdefault("approved", True)
        data = flags
        source = step.source
    argument = validate(step.model, data, source)
    if isinstance(argument, dd.Evaluation):
        # The facts are validated here too: a bad facts file is refused before anything is sent.
        facts_model = scoring.kind(EVALUATION_KIND).facts
        validate(facts_model, argument.facts, f"{source}: facts")
    return argument


# -- start ---------------------------------------------------------------------------------------


async def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    # Refuses an implausible date, or an event not yet happened (checks.plausible).
    case = validate_file(dd.DesignationCase, read_json_file(args.file), str(args.file))
    wid = workflow_id(case.case_id)
    handle, created = await start_case(
        settings,
        WORKFLOW_TYPE,
        case,
        case_id=case.case_id,
        workflow_id=wid,
        procedure_type=dd.PROCEDURE_TYPE,
        agency_code=case.agency.code,
    )
    status = await _first_status(handle)
    if args.json:
        dumped = status.model_dump(mode="json") if status else None
        print(
            json.dumps(
                {"case_id": case.case_id, "workflow_id": wid, "created": created, "status": dumped},
                ensure_ascii=False,
            )
        )
        return 0
    if status is None:
        print(started_line(case.case_id, wid, created))
        print("The trial run is being computed: is the worker running (`make run`)?")
        return 0
    print(f"{started_line(case.case_id, wid, created)[:-1]}, stage '{status.stage.value}'.")
    print(standing(status))
    return 0


async def _first_status(handle: WorkflowHandle[Any, Any]) -> dd.DesignationStatus | None:
    """The status once the case has computed its trial run (a second or so)."""
    for _ in range(40):
        status = await _try_status(handle)
        if status is not None and (
            status.stage in dd.FINAL_STAGES or status.application_possible_from is not None
        ):
            return status
        await asyncio.sleep(0.25)
    return None


# -- the human steps -------------------------------------------------------------------------------


async def cmd_step(args: argparse.Namespace, settings: Settings) -> int:
    step = STEPS[args.step]
    argument = step_input(args)
    client: Client = await connect_cli(settings)
    handle = client.get_workflow_handle(workflow_id(args.case_id))
    raw = await send_update(handle, step.update, argument, args.case_id, dd.PROCEDURE)
    receipt = dd.Receipt.model_validate(raw)
    if args.json:
        print(receipt.model_dump_json())
        return 0
    detail = f" ({receipt.detail})" if receipt.detail else ""
    print(
        f"{step.done} for case {receipt.case_id}{detail}. The case is now "
        f"'{receipt.stage.value}' ({shanghai(receipt.at)} Asia/Shanghai); see "
        f"`starter.py status {receipt.case_id}`."
    )
    status = await _settled(handle, args, receipt)
    if status is not None:
        print(standing(status))
    return 0


OPEN_STAGES = frozenset(dd.Stage) - dd.FINAL_STAGES
# The stages a step sets the case moving out of, after an activity or two (the result notice of
# an evaluation, the acceptance notice, the agreement's filing and settlement rights, the
# cancellation): the reply waits a few seconds for the stage that follows.
LEAVES: dict[str, frozenset[dd.Stage]] = {
    "supplement": frozenset({dd.Stage.SUPPLEMENTING}),
    "false-materials": OPEN_STAGES,
    "evaluate": frozenset({dd.Stage.EVALUATING}),
    "reevaluate": frozenset({dd.Stage.RECTIFYING}),
    "approve": frozenset({dd.Stage.APPROVAL}),
    "sign": frozenset({dd.Stage.SIGNING}),
}


async def _settled(
    handle: WorkflowHandle[Any, Any], args: argparse.Namespace, receipt: dd.Receipt
) -> dd.DesignationStatus | None:
    """The status after the step, once the case has left the stage the step moves it out of
    (5 seconds at most; then the status as it stands)."""
    leaves = LEAVES.get(args.step, frozenset())
    if args.step == "investigate" and args.substantiated:
        leaves = OPEN_STAGES  # 举报经查属实: the application ends
    status: dd.DesignationStatus | None = None
    for _ in range(20):
        status = await _try_status(handle) or status
        if status is not None and (receipt.stage not in leaves or status.stage not in leaves):
            return status
        await asyncio.sleep(0.25)
    return status


async def _try_status(handle: WorkflowHandle[Any, Any]) -> dd.DesignationStatus | None:
    try:
        status: dd.DesignationStatus = await handle.query(
            STATUS_QUERY, result_type=dd.DesignationStatus, rpc_timeout=timedelta(seconds=2)
        )
    except (RPCError, WorkflowQueryFailedError):
        return None
    return status


# -- where the case stands -----------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def standing(status: dd.DesignationStatus) -> str:
    """Where the case stands and what comes next, in a few lines."""
    lines: list[str] = []
    stage = status.stage
    if stage in dd.FINAL_STAGES:
        lines.append(f"Closed: {stage.value}. {status.closing_reason or ''}".rstrip())
        lines += [f"  - ({g.case}) {g.reason} [{g.clause}]" for g in status.non_acceptance]
        if status.agreement is not None:
            agreement = status.agreement
            lines.append(
                f"Agreement {agreement.agreement_number}: {agreement.term_start} – "
                f"{agreement.term_end} ({dd.cite(dd.APPROVAL_CLAUSE)}); settlement rights "
                + (
                    f"opened on {agreement.settlement_opened_on}"
                    if agreement.settlement_opened_on
                    else "being opened"
                )
                + f" ({dd.cite(dd.SETTLEMENT_CLAUSE)})."
            )
        return "\n".join(lines)
    if stage is dd.Stage.TRIAL_RUN and status.application_possible_from is not None:
        trial = (
            f"The trial run (试运行3个月, {dd.cite(dd.PRE_REGISTRATION_CLAUSE)}) ends on "
            f"{_day(status.trial_run_last_day)}; "
            if status.trial_run_last_day
            else ""
        )
        lines.append(
            f"{trial}the formal application (`designation apply`) is possible from "
            f"{_day(status.application_possible_from)} ({dd.cite(dd.APPLICATION_CLAUSE)})."
        )
    elif stage is dd.Stage.AWAITING_BATCH and status.batch_day is not None:
        lines.append(
            f"The quarterly acceptance review (集中受理审查, {dd.cite(dd.APPLICATION_CLAUSE)}) "
            f"is on {_day(status.batch_day)}; `designation review` records the agency's findings "
            "before it."
        )
    elif stage is dd.Stage.SUPPLEMENTING and status.missing:
        lines.append("To supplement, told all at once (一次性告知):")
        lines += [f"  - {item.key}: {item.text} [{item.clause}]" for item in status.missing]
    elif stage is dd.Stage.RECTIFYING and status.reevaluation_possible_from is not None:
        lines.append(
            "Not qualified (below 85): the re-evaluation (`designation reevaluate`) is possible "
            f"from {_day(status.reevaluation_possible_from)} ({dd.cite(dd.EVALUATION_CLAUSE)})."
        )
    if status.evaluations and stage in (
        dd.Stage.PUBLIC_NOTICE,
        dd.Stage.APPROVAL,
        dd.Stage.SIGNING,
        dd.Stage.RECTIFYING,
    ):
        last = status.evaluations[-1]
        verdict = "合格" if last.passed else "不合格"
        vetoes = f", vetoes: {', '.join(last.vetoes)}" if last.vetoes else ""
        lines.append(
            f"Evaluation round {last.round}: average {last.average:g} → {verdict}{vetoes}."
        )
    for item in status.deadlines:
        if item.met_at is not None or item.lapsed:
            continue
        deadline: Deadline = item.deadline
        paused = " — paused (补充材料, not counted)" if item.paused_since else ""
        overdue = " — OVERDUE" if item.overdue else ""
        lines.append(
            f"{item.name.replace('_', ' ').capitalize()} due by {due_phrase(deadline)}; "
            f"{item.citation}{paused}{overdue}."
        )
        if deadline.provisional:
            lines.append(PROVISIONAL_NOTE + ".")
    if not lines:
        lines.append(f"Stage: {stage.value}.")
    return "\n".join(lines)
