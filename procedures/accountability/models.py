"""Lost-lawsuit accountability (行政败诉责任追究): the case, the human steps and the status.

Source: 衢州市行政案件败诉追责办法 衢政办发〔2023〕5号 (seed 001 lines 868–980;
procedures.md §3).
第十三条: the agency reports (案件分析整改报告: causes, rectification, accountability proposals) to
the same-level judicial administration within 2 months of receiving the effective judgment
(乡镇街道 to the county level); the judicial administration reviews and refers a proposal to the
appointing authority or the discipline-inspection body; the handling decision is fed back within
3 working days, copied to discipline inspection.

The rules over these models are step modules beside this one, pure and unit-tested without a
server (tests/test_accountability_steps.py): duties.py (第十三条: who receives the report, what
the report and the review must hold, when a step is late), sanctions.py (第十一/十二/十四条: what
a handling decision may name), findings.py (第七条(一): the persons' subject records),
assessment.py (the facts the scorer assesses), notices.py (what the case prints and sends) and
transfers.py (第十四条: the 移送函 of each person).

Pure pydantic (no Temporal import): shared by the workflow, the CLI and tests.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastDay, PastInstant, StrictBool
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import CaseId, ShortText, StrictModel, Text
from scoring import accountability as rules
from scoring.report import ScoreReport

PROCEDURE = "accountability"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "accountability"  # the ProcedureType search attribute
DOC = rules.DOC

REPORT_CLAUSE = "第十三条第一款"
REVIEW_CLAUSE = "第十三条第二款"
FEEDBACK_CLAUSE = "第十三条第三款"
EXEMPT_CLAUSE = "第九条"
GROUND_CLAUSE = "第六条"
TRANSFER_CLAUSE = "第十四条"
# 第十三条 自收到生效判决(决定)文书之日起2个月内 ... 处理决定作出后3个工作日内.
REPORT_MONTHS = 2
FEEDBACK_WORKING_DAYS = 3
# The case's two named deadlines (kernel/deadlines.py), both agency duties.
REPORT = "report"
FEEDBACK = "feedback"
CITY_JUDICIAL_ADMINISTRATION = "衢州市司法局"
DISCIPLINE_INSPECTION = "同级纪检监察机关"
# 第十三条第二款: the proposal goes to 任免机关 or 纪检监察机关 (the review's `refer_to`).
APPOINTING_AUTHORITY = "任免机关"
# 第十四条: 党纪政务处分 → 纪检监察机关, 组织处理 → 组织人事部门 (涉嫌犯罪 依法处理 names no body).
ORGANISATION_PERSONNEL = "组织人事部门"

# Patches (workflow.patched) of what running cases do differently from their histories, by
# 衢政办发〔2023〕5号:
# the feedback period runs from the decision's `decided_on`, not from when it was entered
# (第十三条第三款 处理决定作出后3个工作日内, seed 001 l.978);
FEEDBACK_FROM_DECIDED_ON_PATCH = "accountability-feedback-from-decided-on"
# the judicial administration's 处理建议 is issued as a document (第十三条第二款, l.976);
REFERRAL_PROPOSAL_PATCH = "accountability-referral-proposal"
# each 第十四条 transfer (移送) is issued as a document (l.980).
TRANSFERS_PATCH = "accountability-transfers"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


def workflow_id(case_id: str) -> str:
    return f"{PROCEDURE}-{case_id}"


ReportItem = Annotated[str, Field(max_length=5000)]


class Stage(StrEnum):
    AWAITING_REPORT = "awaiting_report"
    UNDER_REVIEW = "under_review"
    AWAITING_DECISION = "awaiting_decision"
    AWAITING_FEEDBACK = "awaiting_feedback"
    CLOSED = "closed"
    NO_ACCOUNTABILITY = "no_accountability"


FINAL_STAGES = {Stage.CLOSED, Stage.NO_ACCOUNTABILITY}


# -- the case ------------------------------------------------------------------------------------


class LostCase(BaseModel):
    """The effective judgment or reconsideration decision against the agency (第五条)."""

    model_config = StrictModel
    body: rules.Body
    body_name: ShortText = Field(description="e.g. 衢州市柯城区人民法院")
    document_number: ShortText = Field(description="e.g. (2026)浙0802行初45号")
    outcomes: list[rules.OutcomeFinding] = Field(
        min_length=1, max_length=5, description="the judgment type(s) per 第五条"
    )
    effective_date: PastDay
    received_at: PastInstant = Field(
        description="when the agency received the effective document (第十三条 counts from it)"
    )


class Agency(BaseModel):
    """The losing agency; its level decides the judicial administration it reports to."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText
    level: rules.AgencyLevel
    county: ShortText | None = Field(
        None, description="县(市、区) the agency belongs to; required for county and township"
    )
    reorganised: StrictBool = False

    @model_validator(mode="after")
    def _county_known(self) -> Self:
        if self.level is not rules.AgencyLevel.CITY and not self.county:
            raise ValueError(
                "agency.county: required for a county or township agency "
                "(第十三条: 乡镇街道向县级报告)"
            )
        return self


class ActAtIssue(BaseModel):
    model_config = StrictModel
    description: Text
    act_date: PastDay = Field(description="the day of the act (for 第七条(一))")
    reference: ShortText | None = Field(None, description="the act's document number")


class ResponsiblePerson(BaseModel):
    model_config = StrictModel
    id: rules.PersonId = Field(description="the id as given by the agency (a keyed hash)")
    name: ShortText
    post: str = Field("", max_length=200)
    role: rules.Role
    earlier_findings: list[rules.EarlierFinding] = Field(
        default_factory=list, description="faults found in earlier cases (第七条(一))"
    )


class AccountabilityCase(BaseModel):
    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "lost_case.received_at"
    case_id: CaseId
    lost_case: LostCase
    agency: Agency
    act: ActAtIssue
    persons: list[ResponsiblePerson] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [p.id for p in self.persons]
        if len(set(ids)) != len(ids):
            raise ValueError("persons: a person id is listed twice")
        if self.act.act_date > self.lost_case.effective_date:
            raise ValueError("act.act_date: after lost_case.effective_date")
        return self


# -- the human steps -----------------------------------------------------------------------------


class CaseReport(BaseModel):
    """案件分析整改报告 (第十三条第一款). Emptiness is checked by the Update's validator, so that
    an incomplete report is refused with the field named."""

    model_config = StrictModel
    submitted_by: ShortText
    # Items as long as the report receipt can print (refused at the door, never half-recorded).
    causes: list[ReportItem] = Field(default_factory=list, description="败诉原因分析")
    rectification_measures: list[ReportItem] = Field(default_factory=list, description="整改措施")
    accountability_proposals: list[ReportItem] = Field(default_factory=list, description="追责建议")


# 第十三条第一款: 败诉原因分析、整改措施、追责建议 — the report's three parts, in its order.
REPORT_PARTS = ("causes", "rectification_measures", "accountability_proposals")


class ReviewOutcome(StrEnum):
    NO_ACCOUNTABILITY = "no_accountability"
    ACCOUNTABILITY = "accountability"


class ReferTo(StrEnum):
    APPOINTING_AUTHORITY = "appointing_authority"  # 任免机关
    DISCIPLINE_INSPECTION = "discipline_inspection"  # 纪检监察机关


REFERRED_TO = {
    ReferTo.APPOINTING_AUTHORITY: APPOINTING_AUTHORITY,
    ReferTo.DISCIPLINE_INSPECTION: DISCIPLINE_INSPECTION,
}


class Review(BaseModel):
    """The judicial administration's review (第十三条第二款)."""

    model_config = StrictModel
    reviewer: ShortText
    outcome: ReviewOutcome
    reason: Text
    refer_to: ReferTo | None = None
    grounds: list[rules.GroundFinding] = Field(default_factory=list)
    circumstances: rules.Circumstances = Field(default_factory=rules.Circumstances)


class PersonSanction(BaseModel):
    model_config = StrictModel
    person_id: rules.PersonId
    sanctions: list[str] = Field(default_factory=list, description="第十二条 ids")
    referrals: list[rules.Referral] = Field(default_factory=list, description="第十四条")


class Decision(BaseModel):
    """The handling decision of the competent body (第十一/十二/十四条)."""

    model_config = StrictModel
    decided_by: ShortText
    # Optional in the model so that decisions recorded before it existed still read back (a
    # replay runs no validator); the Update's validator requires it of every new decision.
    decided_on: PastDay | None = Field(
        None,
        description="the day the handling decision was made (处理决定作出): the 3 working days "
        "of feedback run from it (第十三条第三款); required, not before the review",
    )
    agency_sanctions: list[str] = Field(default_factory=list, description="第十一条 ids")
    persons: list[PersonSanction] = Field(default_factory=list)
    reason: Text


class Feedback(BaseModel):
    """反馈 of the handling decision to the judicial administration (第十三条第三款)."""

    model_config = StrictModel
    submitted_by: ShortText
    summary: Text


class Receipt(BaseModel):
    case_id: str
    stage: Stage
    at: datetime
    detail: str = ""


class AccountabilityCarried(BaseModel):
    """What one run of a case hands to the next (continue-as-new, kernel/long_life.py): the
    case as started, the procedure-neutral part and the steps taken. The run's one argument is
    either this or the case file (a first run)."""

    model_config = StrictModel
    started_with: AccountabilityCase
    case: CarriedCase
    report: CaseReport | None = None
    review: Review | None = None
    assessment: ScoreReport | None = None
    decision: Decision | None = None
    decided_at: datetime | None = None
    feedback: Feedback | None = None
    fed_back_at: datetime | None = None
    documents: list[str] = Field(default_factory=list)
    closing_reason: str | None = None
    report_claimed: bool = False
    feedback_claimed: bool = False


class AccountabilityStatus(BaseModel):
    case_id: str
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    overdue: bool
    receiving_body: str
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    case: AccountabilityCase
    report: CaseReport | None = None
    review: Review | None = None
    assessment: ScoreReport | None = None
    handling_decision: Decision | None = None  # not `decision`: cli/render.py reads that shape
    decided_at: datetime | None = None
    feedback: Feedback | None = None
    documents: list[str] = Field(default_factory=list)
    closing_reason: str | None = None
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class AccountabilityResult(BaseModel):
    case_id: str
    stage: Stage
    closing_reason: str | None = None
