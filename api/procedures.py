"""What the HTTP API offers for each procedure: the case file that starts it, who owns it (its
agency), the checks the CLI makes before a start, and one step per human act (a Temporal Update,
with the body the CLI validates and the receipt the case returns).

The table mirrors `starter.py <procedure> ...` (cli/commands/): same models, same Updates, same
validators in the workflows, so an agency system gets the same answers over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from checks.plausible import not_after_now_problem
from procedures.accountability import models as acc
from procedures.designation import models as dsg
from procedures.market_objection import models as mkt
from procedures.medical_objection import models as med
from procedures.registry import Procedure, find
from procedures.repair import models as rep


@dataclass(frozen=True)
class Step:
    path: str  # the URL segment: POST /{procedure}/cases/{case_id}/{path}
    update: str  # the workflow's Update
    body: type[BaseModel]
    receipt: type[BaseModel]
    summary: str


@dataclass(frozen=True)
class ProcedureApi:
    procedure: Procedure
    case_model: type[BaseModel]
    agency_of: Callable[[Any], str]
    steps: tuple[Step, ...]
    summary: str

    @property
    def name(self) -> str:
        return self.procedure.name

    def step(self, path: str) -> Step | None:
        return next((s for s in self.steps if s.path == path), None)


def future_problem(api: ProcedureApi, case: BaseModel, now: datetime) -> str | None:
    """The check every door makes before a start (checks.plausible, the one rule): every event
    of the case file (receipt, publication, pre-registration, earlier findings...) has happened."""
    return not_after_now_problem(case, now)


def _procedure(name: str) -> Procedure:
    procedure = find(name)
    assert procedure is not None, name
    return procedure


PROCEDURE_APIS: tuple[ProcedureApi, ...] = (
    ProcedureApi(
        procedure=_procedure(mkt.PROCEDURE),
        case_model=mkt.MarketObjectionCase,
        agency_of=lambda c: c.agency_code,
        summary="衢市监规〔2021〕3号/2号 四(三)1: review within 15 working days of receipt",
        steps=(
            Step(
                "decide",
                "decide",
                mkt.ReviewDecision,
                mkt.DecisionReceipt,
                "the review decision: upheld or corrected (written notice, platform, copy)",
            ),
        ),
    ),
    ProcedureApi(
        procedure=_procedure(med.PROCEDURE),
        case_model=med.MedicalObjectionCase,
        agency_of=lambda c: c.agency.code,
        summary="衢医保发〔2021〕36号 四(三): 10 working days to object, 10 to re-check",
        steps=(
            Step(
                "object",
                "object",
                med.ObjectionForm,
                med.ObjectionReceipt,
                "the subject's objection (异议申诉, 附件1) within the 10-working-day window",
            ),
            Step(
                "materials",
                "submit_materials",
                med.MaterialsSubmission,
                med.MaterialsReceipt,
                "the objection's supporting materials; the re-check's 10 working days start",
            ),
            Step(
                "decide",
                "decide",
                med.ReviewDecision,
                med.DecisionReceipt,
                "the re-check's result (附件2): upheld or corrected facts",
            ),
        ),
    ),
    ProcedureApi(
        procedure=_procedure(rep.PROCEDURE),
        case_model=rep.RepairCase,
        agency_of=lambda c: c.agency.code,
        summary="衢医保发〔2021〕36号 六: decision in 10 working days (+≤30), 5-day notice",
        steps=(
            Step("decide", "decide", rep.RepairDecision, rep.Receipt, "approve or refuse"),
            Step(
                "extend",
                "extend",
                rep.ExtensionRequest,
                rep.Receipt,
                "extend the decision period (情况复杂的, at most 30 working days in all)",
            ),
            Step(
                "object-to-refusal",
                "object_to_refusal",
                rep.Objection,
                rep.Receipt,
                "the subject objects to the refusal (附件4, 5 working days)",
            ),
            Step(
                "decide-refusal-objection",
                "decide_refusal_objection",
                rep.ObjectionDecision,
                rep.Receipt,
                "decide the objection to the refusal",
            ),
            Step(
                "object-to-notice",
                "object_to_notice",
                rep.Objection,
                rep.Receipt,
                "an objection during the 5-working-day public notice",
            ),
            Step(
                "decide-notice-objection",
                "decide_notice_objection",
                rep.ObjectionDecision,
                rep.Receipt,
                "decide the objection to the public notice",
            ),
        ),
    ),
    ProcedureApi(
        procedure=_procedure(acc.PROCEDURE),
        case_model=acc.AccountabilityCase,
        agency_of=lambda c: c.agency.code,
        summary="衢政办发〔2023〕5号 第十三条: report in 2 months, feedback in 3 working days",
        steps=(
            Step(
                "report",
                "submit_report",
                acc.CaseReport,
                acc.Receipt,
                "the case analysis and rectification report",
            ),
            Step(
                "review", "review", acc.Review, acc.Receipt, "the judicial administration's review"
            ),
            Step(
                "decide",
                "record_decision",
                acc.Decision,
                acc.Receipt,
                "the handling decision (sanctions, referrals)",
            ),
            Step(
                "feedback",
                "record_feedback",
                acc.Feedback,
                acc.Receipt,
                "the feedback within 3 working days of the decision",
            ),
        ),
    ),
    ProcedureApi(
        procedure=_procedure(dsg.PROCEDURE),
        case_model=dsg.DesignationCase,
        agency_of=lambda c: c.agency.code,
        summary="衢医保发〔2023〕8号 二(三): trial run, acceptance, evaluation, agreement",
        steps=(
            Step(
                "apply", dsg.APPLY, dsg.Application, dsg.Receipt, "the formal application (附表1)"
            ),
            Step(
                "review",
                dsg.REVIEW_ACCEPTANCE,
                dsg.AcceptanceReview,
                dsg.Receipt,
                "the agency's findings for the quarterly acceptance review",
            ),
            Step(
                "supplement",
                dsg.SUPPLEMENT,
                dsg.Supplement,
                dsg.Receipt,
                "materials handed in after a supplementation notice",
            ),
            Step(
                "request-materials",
                dsg.REQUEST_MATERIALS,
                dsg.MaterialsRequest,
                dsg.Receipt,
                "the evaluators ask for materials: the evaluation clock stops",
            ),
            Step(
                "false-materials",
                dsg.REPORT_FALSE_MATERIALS,
                dsg.FalseMaterials,
                dsg.Receipt,
                "false materials verified: the application is cancelled",
            ),
            Step(
                "evaluate",
                dsg.EVALUATE,
                dsg.Evaluation,
                dsg.Receipt,
                "the evaluation group's sheets (附件4): 85 or more passes",
            ),
            Step("report", dsg.REPORT, dsg.Report, dsg.Receipt, "a report during the notice"),
            Step(
                "investigate",
                dsg.INVESTIGATE,
                dsg.Investigation,
                dsg.Receipt,
                "the investigation of the reports",
            ),
            Step(
                "reevaluate",
                dsg.REQUEST_REEVALUATION,
                dsg.ReevaluationRequest,
                dsg.Receipt,
                "re-evaluation after rectification (3 months after the result)",
            ),
            Step(
                "approve",
                dsg.APPROVE,
                dsg.Approval,
                dsg.Receipt,
                "the party-group meeting's review (党组会审议)",
            ),
            Step("sign", dsg.SIGN, dsg.Signing, dsg.Receipt, "the agreement signed (医保协议)"),
        ),
    ),
)


def api_for(name: str) -> ProcedureApi | None:
    return next((a for a in PROCEDURE_APIS if name in (a.name, a.procedure.procedure_type)), None)


def now() -> datetime:
    return datetime.now(UTC)
