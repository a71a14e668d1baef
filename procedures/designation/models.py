"""Designation of medical institutions and retail pharmacies (医保定点): the case, the human steps,
the status, and the rules that need no engine.

Source: 衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号 (seed 001 lines 1404–1624):
conditions and materials 二(一) (medical institutions) and 二(二) (pharmacies); the procedure
二(三) 1 预登记, 2 受理申请 (with the 12 / 8 non-acceptance cases), 3 综合评估及结果公示,
4 党组会审议及签订协议, 5 开通刷卡及公告; standards 附件4 (scoring/designation). procedures.md §4.

Pure pydantic (no Temporal import): shared by the workflow, the CLI and tests. The clauses are in
clauses.py, the applicant in institution.py, the materials in materials.py and what people
submit in submissions.py; the names the doors use through this module are re-exported here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, BaseModel, Field

from checks.plausible import PastDay
from contracts.activities import AcceptanceBatch
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import CaseId, ShortText, StrictModel
from contracts.service import SERVED as SERVED
from contracts.service import NoticeService
from contracts.subject_records import SubjectType, subject_workflow_id

# Re-exported (`X as X`): the doors, the drills and the tests read these through this module.
from procedures.designation.approval import agreement_term_end as agreement_term_end
from procedures.designation.clauses import APPLICATION_CLAUSE as APPLICATION_CLAUSE
from procedures.designation.clauses import APPROVAL_CLAUSE as APPROVAL_CLAUSE
from procedures.designation.clauses import EVALUATION_CLAUSE as EVALUATION_CLAUSE
from procedures.designation.clauses import PASS_MARK as PASS_MARK
from procedures.designation.clauses import PRE_REGISTRATION_CLAUSE as PRE_REGISTRATION_CLAUSE
from procedures.designation.clauses import SETTLEMENT_CLAUSE as SETTLEMENT_CLAUSE
from procedures.designation.clauses import TRIAL_RUN_MONTHS as TRIAL_RUN_MONTHS
from procedures.designation.clauses import cite as cite
from procedures.designation.institution import Institution, InstitutionKind, Person, PersonRole
from procedures.designation.materials import MissingItem
from procedures.designation.materials import missing_materials as missing_materials
from procedures.designation.materials import required_materials as required_materials
from procedures.designation.submissions import AcceptanceFacts as AcceptanceFacts
from procedures.designation.submissions import AcceptanceReview as AcceptanceReview
from procedures.designation.submissions import Application as Application
from procedures.designation.submissions import Approval as Approval
from procedures.designation.submissions import Evaluation as Evaluation
from procedures.designation.submissions import FalseMaterials as FalseMaterials
from procedures.designation.submissions import Investigation as Investigation
from procedures.designation.submissions import MaterialsRequest as MaterialsRequest
from procedures.designation.submissions import ReevaluationRequest as ReevaluationRequest
from procedures.designation.submissions import Report as Report
from procedures.designation.submissions import Signing as Signing
from procedures.designation.submissions import Supplement as Supplement
from scoring.report import ScoreReport

PROCEDURE = "designation"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "designation"  # the ProcedureType search attribute


class Stage(StrEnum):
    """Where the case stands: the names a supervisor filters on (CaseStage)."""

    TRIAL_RUN = "trial_run"  # pre-registered; the 3-month trial run, then until the application
    AWAITING_BATCH = "awaiting_batch"  # applied; waiting for the quarterly acceptance review
    SUPPLEMENTING = "supplementing"  # the applicant holds the file (5 working days)
    EVALUATING = "evaluating"  # accepted; 20 working days (agency duty, paused clock)
    RECTIFYING = "rectifying"  # failed once; re-evaluation possible 3 months after delivery
    PUBLIC_NOTICE = "public_notice"  # passed; 公示, reports investigated
    APPROVAL = "approval"  # waiting for the party-group meeting (党组会审议)
    SIGNING = "signing"  # approved; waiting for the agreement (医保协议)
    DESIGNATED = "designated"
    REJECTED = "rejected"
    ABANDONED = "abandoned"


FINAL_STAGES = frozenset({Stage.DESIGNATED, Stage.REJECTED, Stage.ABANDONED})


class Outcome(StrEnum):
    DESIGNATED = "designated"  # 确定为定点医药机构, agreement signed
    NOT_ACCEPTED = "not_accepted"  # 不予受理 (a non-acceptance case)
    CANCELLED = "cancelled"  # 提供虚假材料, 取消本次申请
    FAILED = "failed"  # 评估仍不合格 (second failure): 1年内不得再次申请
    REPORT_SUBSTANTIATED = "report_substantiated"  # 举报经查属实
    NOT_APPROVED = "not_approved"  # the party-group meeting did not approve
    ABANDONED = "abandoned"  # 逾期不补正的视作放弃申请

    @property
    def stage(self) -> Stage:
        if self is Outcome.DESIGNATED:
            return Stage.DESIGNATED
        if self is Outcome.ABANDONED:
            return Stage.ABANDONED
        return Stage.REJECTED


class Agency(BaseModel):
    """The medical-insurance agency (经办机构) that runs the procedure."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class DesignationCase(BaseModel):
    """A pre-registration (预登记) as the agency's system records it: the case starts here."""

    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "pre_registered_on"
    case_id: CaseId
    agency: Agency
    institution: Institution
    pre_registered_on: PastDay = Field(
        description="预登记 with software and hardware installed and networked: the trial run "
        "(试运行3个月) counts from the day after"
    )
    handler: ShortText | None = Field(default=None, description="经办人, printed on notices")


class NonAcceptanceGround(BaseModel):
    """One non-acceptance case that applies, with its clause (printed on the refusal)."""

    case: int  # the number in the regulation's list: 医疗机构 (1)–(12), 零售药店 (1)–(8)
    clause: str  # full citation
    reason: str


# -- results and status ----------------------------------------------------------------------------


class Receipt(BaseModel):
    """What an accepted Update returns: where the case stands now."""

    case_id: str
    stage: Stage
    at: datetime
    detail: str = ""


class PersonView(BaseModel):
    """A person as the status shows them: role, name and the record's keyed hash."""

    role: PersonRole
    name: str
    record_id: str


def person_view(person: Person, secret: bytes) -> PersonView:
    return PersonView(
        role=person.role,
        name=person.name,
        record_id=subject_workflow_id(SubjectType.INSTITUTION_HEAD, person.id_number, secret),
    )


class EvaluationRecord(BaseModel):
    round: int  # 1: first evaluation; 2: re-evaluation
    group: str
    evaluated_at: AwareDatetime
    average: float
    passed: bool
    vetoes: list[str] = Field(default_factory=list)
    report: ScoreReport


class ReportRecord(BaseModel):
    received_at: datetime
    report: Report
    investigation: Investigation | None = None
    investigated_at: datetime | None = None


class AgreementView(BaseModel):
    agreement_number: str
    signed_on: date
    signed_by: str
    term_start: date
    term_end: date
    settlement_opened_on: date | None = None


class DesignationCarried(BaseModel):
    """What one run of a designation hands to the next (continue-as-new,
    kernel/long_life.py); the run's one argument is either this or the case file (a first
    run). A run hands over only where it waits (the stages up to the agreement), once no step's
    handler is under way: an application being taken or an evaluation being scored is never
    carried half done."""

    model_config = StrictModel
    started_with: DesignationCase
    case: CarriedCase
    people: list[PersonView] = Field(default_factory=list)
    notice_working_days: int = 0
    application: Application | None = None
    applied_at: datetime | None = None
    batch: AcceptanceBatch | None = None
    review: AcceptanceReview | None = None
    grounds: list[NonAcceptanceGround] = Field(default_factory=list)
    handed_in: list[str] = Field(default_factory=list)
    missing: list[MissingItem] = Field(default_factory=list)
    supplement_phase: str = "acceptance"
    # False while the evaluators' request only stops the clock (二(三)3, evaluation_pause.py);
    # True for the acceptance stage's 5-working-day window (二(三)2) and for runs before it.
    supplement_window: bool = True
    evaluation_working_days_used: int | None = None
    accepted_at: datetime | None = None
    clock_start: datetime | None = None
    pauses: list[tuple[date, date]] = Field(default_factory=list)
    paused_on: date | None = None
    paused_working_days: int = 0
    evaluations: list[EvaluationRecord] = Field(default_factory=list)
    failures: int = 0
    reevaluation_from: date | None = None
    reevaluation: ReevaluationRequest | None = None
    reports: list[ReportRecord] = Field(default_factory=list)
    substantiated: Investigation | None = None
    approval: Approval | None = None
    signing: Signing | None = None
    false_materials: FalseMaterials | None = None
    restrictions: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    ban_until: date | None = None


class DesignationResult(BaseModel):
    case_id: str
    outcome: Outcome
    closing_reason: str | None = None
    agreement: AgreementView | None = None
    documents: list[str] = Field(default_factory=list)


class DesignationStatus(BaseModel):
    """The `status` query: everything a supervisor or the agency's system needs to know."""

    case_id: str
    workflow_id: str
    procedure: str = PROCEDURE_TYPE
    stage: Stage
    outcome: Outcome | None = None
    closing_reason: str | None = None
    overdue: bool
    institution_name: str
    institution_uscc: str
    institution_kind: InstitutionKind
    agency_code: str
    people: list[PersonView]
    pre_registered_on: date
    trial_run_last_day: date | None = None
    application_possible_from: date | None = None
    application: Application | None = None
    applied_at: datetime | None = None
    batch_day: date | None = None
    non_acceptance: list[NonAcceptanceGround] = Field(default_factory=list)
    missing: list[MissingItem] = Field(default_factory=list)
    accepted_at: datetime | None = None
    evaluation_paused_working_days: int = 0
    # While the institution holds the evaluators' request (二(三)3, no window, no abandonment):
    # the day the clock stopped and the working days the evaluation had used by then.
    evaluation_paused_on: date | None = None
    evaluation_working_days_used: int | None = None
    evaluations: list[EvaluationRecord] = Field(default_factory=list)
    reevaluation_possible_from: date | None = None
    reports: list[ReportRecord] = Field(default_factory=list)
    approval: Approval | None = None
    agreement: AgreementView | None = None
    restrictions_recorded: list[str] = Field(default_factory=list)
    deadlines: list[CaseDeadline]
    # The notices that open the applicant's period and their service (送达): one awaiting its
    # service has no deadline yet (kernel/service.py).
    services: list[NoticeService] = Field(default_factory=list)
    events: list[AuditEvent]
    documents: list[str] = Field(default_factory=list)
    deliveries: list[str] = Field(default_factory=list)
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


# Names of the Updates (the CLI and the HTTP API send them by name).
APPLY = "apply"
REVIEW_ACCEPTANCE = "review_acceptance"
SUPPLEMENT = "supplement"
REQUEST_MATERIALS = "request_materials"
REPORT_FALSE_MATERIALS = "report_false_materials"
EVALUATE = "evaluate"
REPORT = "report"
INVESTIGATE = "investigate"
REQUEST_REEVALUATION = "request_reevaluation"
APPROVE = "approve"
SIGN = "sign"
