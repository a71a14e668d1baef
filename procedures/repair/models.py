"""Credit repair (信用修复): the application, the decisions, the objections and the status.

Source: 衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号 六 (seed 000 lines 1158–1176) and its
forms 附件3 信用修复申请表, 附件4 不予信用修复告知书, 附件5 信用修复确认通知书 (lines 1224–1253);
procedures.md §2 with its Interpretation.

Pure pydantic (no Temporal import): shared by the workflow, the CLI and tests. The bars of
六(二) are in eligibility.py, the score recomputed without the repaired deduction in rescoring.py.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastInstant, StrictBool, StrictInt
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import CaseId, ShortText, StrictModel, Text
from contracts.service import NoticeService
from contracts.subject_records import Finding, Mobile, SubjectRef
from procedures.repair.bars import BAR_CLAUSES as BAR_CLAUSES
from procedures.repair.bars import Bar as Bar
from procedures.repair.bars import Eligibility as Eligibility
from procedures.repair.bars import RefusalGround as RefusalGround

PROCEDURE = "repair"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "credit_repair"  # the ProcedureType search attribute
DOC = "衢医保发〔2021〕36号"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


# 六(一): the subject that has corrected its conduct applies to the department that made the
# finding, with complete, true and lawful materials and a promise not to repeat the conduct.
APPLICATION_CLAUSE = "六(一)"
# 六(三): materials (附件3 + 承诺书 + 整改证明); decision within 10 working days of acceptance,
# extendable by at most 30; eligible → 5-working-day public notice; not eligible → 附件4;
# notice ended without objection → 附件5, stop publishing, report to the credit department.
PROCEDURE_CLAUSE = "六(三)"
REFUSAL_FORM_CLAUSE = "六(三) 附件4"
CONFIRMATION_FORM_CLAUSE = "六(三) 附件5"

# 六(三) 受理信用主体信用修复申请后10个工作日内作出处理意见.
DECISION_WORKING_DAYS = 10
# 六(三) 情况复杂的可以延长最多不超过30个工作日 (procedures.md §2 Interpretation: the extension
# itself is at most 30 working days, in steps, each with a recorded reason).
MAX_EXTENSION_WORKING_DAYS = 30
# 六(三) 在官方网站进行公示, 公示期限为5个工作日.
NOTICE_WORKING_DAYS = 5
# 附件4 如不服本决定, 可以自收到本告知书之日起5个工作日内, 向…提出异议申请.
REFUSAL_OBJECTION_WORKING_DAYS = 5
# 六(二)1 被认定为不良失信行为之日起, 未满6个月的 (不予修复).
WAITING_MONTHS = 6

# Where the deliveries of the repair go (the publication website and the credit department are
# interfaces; their local implementation is the outbox, through the `send_notification` activity).
PUBLICATION_WEBSITE = "publication:website"
STOP_PUBLISHING = "publication:stop-dishonest-record"
CREDIT_DEPARTMENT = "credit-management-department"
REVIEWER = "reviewer"
SUPERVISOR = "supervisor"
SUBJECT = "subject"


# -- the application (附件3 信用修复申请表 + 信用修复承诺书 + 整改证明) ----------------------------


class Agency(BaseModel):
    """The medical-insurance department that made the finding and decides the repair (六(一))."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class RepairApplication(BaseModel):
    """附件3 信用修复申请表, with the commitment letter and the proof of rectification (六(三))."""

    model_config = StrictModel
    applicant: ShortText = Field(description="法定代表人(自然人): who signs the application")
    contact: ShortText = Field(description="联系方式")
    dishonest_conduct: Text = Field(description="失信信息内容描述")
    rectification: Text = Field(description="申请信用修复的理由: the correction made (纠正、整改)")
    commitment_letter: ShortText = Field(
        description="reference of the signed 信用修复承诺书 (不再发生同类失信行为)"
    )
    rectification_proofs: list[ShortText] = Field(
        min_length=1, description="references of the proof of rectification (整改情况证明材料)"
    )


class RepairCase(BaseModel):
    """A repair application as the agency's system records it on acceptance (受理)."""

    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "accepted_at"
    case_id: CaseId
    agency: Agency
    subject: SubjectRef
    finding_id: ShortText = Field(description="the finding of dishonest conduct to repair")
    application: RepairApplication
    accepted_at: PastInstant = Field(
        description="when the agency accepted the application (受理), with its UTC offset"
    )
    handler: ShortText | None = Field(default=None, description="经办人, printed on 附件4")
    handler_phone: ShortText | None = Field(default=None, description="经办人电话, on 附件4")
    # Last, and optional: the committed histories (tests/histories) still deserialize.
    mobile: Mobile | None = Field(
        default=None,
        description=(
            "the subject's mobile number for the SMS reminder of a changed credit result: "
            "实时信用评价有结果变动时, 短信提醒该信用主体 (衢医保发〔2021〕36号 四(三)); "
            "the repair's re-score is such a change"
        ),
    )


# -- the human steps (Updates) ------------------------------------------------------------------


class DecisionOutcome(StrEnum):
    APPROVE = "approve"  # 予以修复 → 公示
    REFUSE = "refuse"  # 不予修复 → 附件4


# The clauses a reviewer may rely on to refuse: 六(一) (not corrected, materials incomplete or
# untrue) and 六(二)1–4; 六(二)4 其他依法不宜修复 by default.
ReviewerClause = Literal["六(一)", "六(二)1", "六(二)2", "六(二)3", "六(二)4"]


class RepairDecision(BaseModel):
    """The reviewer's decision on an eligible application (处理意见, 六(三))."""

    model_config = StrictModel
    outcome: DecisionOutcome
    reason: Text
    reviewer: ShortText
    clause: ReviewerClause | None = Field(
        default=None, description="for a refusal: the clause relied on (default 六(二)4)"
    )

    @model_validator(mode="after")
    def _clause_with_refusal(self) -> Self:
        if self.outcome is DecisionOutcome.APPROVE and self.clause is not None:
            raise ValueError("clause: only a refusal names the clause it relies on")
        return self


class ExtensionRequest(BaseModel):
    """情况复杂的可以延长: more working days for the decision, with the recorded reason."""

    model_config = StrictModel
    working_days: StrictInt = Field(ge=1, le=MAX_EXTENSION_WORKING_DAYS)
    reason: Text
    granted_by: ShortText


class Extension(BaseModel):
    at: datetime
    working_days: int
    reason: str
    granted_by: str
    total_after: int  # working days of extension granted on the case so far
    decision_due_at: datetime | None = None  # the decision deadline it set


class Objection(BaseModel):
    """An objection: to the refusal (附件4, by the subject) or to the public notice (公示, by
    anyone)."""

    model_config = StrictModel
    objector: ShortText
    reason: Text


class ObjectionDecision(BaseModel):
    """The department's decision on an objection: substantiated (成立) or not."""

    model_config = StrictModel
    substantiated: StrictBool
    reason: Text
    reviewer: ShortText


class ObjectionKind(StrEnum):
    REFUSAL = "refusal"  # 对不予修复决定的异议 (附件4)
    NOTICE = "notice"  # 公示期内的异议 (六(三))


class ObjectionRecord(BaseModel):
    kind: ObjectionKind
    objector: str
    reason: str
    received_at: datetime
    decision: ObjectionDecision | None = None
    decided_at: datetime | None = None


class Stage(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"  # decision due 10 (+ extension) working days after acceptance
    REFUSAL_NOTIFIED = "refusal_notified"  # 附件4 delivered; the 5-working-day objection window
    REFUSAL_OBJECTION = "refusal_objection"  # an objection to the refusal awaits its decision
    NOTICE = "notice"  # 公示, 5 working days
    NOTICE_SUSPENDED = "notice_suspended"  # an objection to the notice awaits its decision
    TAKING_EFFECT = "taking_effect"  # 附件5, publication stopped, reports, record, score
    # Final stages, one per outcome.
    REPAIRED = "repaired"
    REFUSED = "refused"
    NOT_REPAIRED = "not_repaired"
    NOT_FOUND = "not_found"
    ALREADY_REPAIRED = "already_repaired"


class RepairOutcome(StrEnum):
    REPAIRED = "repaired"
    REFUSED = "refused"  # 不予修复, final (no objection, late objection, or objection upheld)
    NOT_REPAIRED = "not_repaired"  # a substantiated objection to the notice, or the record refused
    NOT_FOUND = "not_found"  # the subject record has no such finding as of acceptance
    ALREADY_REPAIRED = "already_repaired"  # the finding was repaired before this application


FINAL_STAGES = {Stage(outcome.value) for outcome in RepairOutcome}


class Receipt(BaseModel):
    """What an accepted Update returns: where the case stands now."""

    case_id: str
    stage: Stage
    at: datetime
    detail: str = ""


class Rescore(BaseModel):
    """The subject's medical-credit score before and after the repaired deduction is removed."""

    previous_result_id: str | None = None
    old_score: float | None = None
    old_grade: str | None = None
    new_result_id: str | None = None
    new_score: float | None = None
    new_grade: str | None = None
    not_recomputed: str | None = None  # why, when the score could not be recomputed


class RepairCarried(BaseModel):
    """What one run of a repair hands to the next (continue-as-new, kernel/long_life.py);
    the run's one argument is either this or the case file (a first run). A run hands over only
    where it waits: under review, in the refusal's objection window, or during the notice; what
    the repair records when it takes effect is never carried."""

    model_config = StrictModel
    started_with: RepairCase
    case: CarriedCase
    finding: Finding | None = None
    eligibility: Eligibility | None = None
    decision: RepairDecision | None = None
    decided_at: datetime | None = None
    refusal: list[RefusalGround] = Field(default_factory=list)
    refusals: int = 0
    extensions: list[Extension] = Field(default_factory=list)
    extension_total: int = 0
    clock_start: datetime
    clock_extension: int = 0
    objections: list[ObjectionRecord] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)


class RepairStatus(BaseModel):
    case_id: str
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    outcome: RepairOutcome | None = None
    overdue: bool
    deadlines: list[CaseDeadline]
    # The refusal notices (附件4) and their service (送达): one awaiting its service has no
    # objection window yet (kernel/service.py).
    services: list[NoticeService] = Field(default_factory=list)
    events: list[AuditEvent]
    case: RepairCase
    eligibility: Eligibility | None = None
    decision: RepairDecision | None = None
    decided_at: datetime | None = None
    refusal_grounds: list[RefusalGround] = Field(default_factory=list)
    extensions: list[Extension] = Field(default_factory=list)
    extension_total: int = 0
    objections: list[ObjectionRecord] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    deliveries: list[str] = Field(default_factory=list)
    effective_on: date | None = None
    rescore: Rescore | None = None
    closing_reason: str | None = None
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class RepairResult(BaseModel):
    """The workflow's result."""

    case_id: str
    outcome: RepairOutcome
    closing_reason: str | None = None
    effective_on: date | None = None
    documents: list[str]
    rescore: Rescore | None = None


def workflow_id(case_id: str) -> str:
    return f"{PROCEDURE}-{case_id}"
