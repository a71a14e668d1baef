"""Market-regulation credit objection (异议复核): the case file, the decision and the status.

Sources: 衢州市检验检测机构信用评价与监管办法(试行) 衢市监规〔2021〕3号 and 衢州市知识产权代理机构
信用评价与监管办法(试行) 衢市监规〔2021〕2号, both 四(三)1 (seed 000 lines 697 and 878).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    model_validator,
)

from checks.plausible import PastInstant, StrictFloat
from checks.uscc import Uscc
from checks.validation import describe
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import CaseId, ShortText, StrictModel, Text
from scoring.market_credit import Facts as MarketCreditFacts
from scoring.report import ScoreReport

PROCEDURE = "market-objection"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "market_credit_objection"  # the ProcedureType search attribute
REVIEW_WORKING_DAYS = 15


class EvaluatedSubject(StrEnum):
    """Which of the two regulations the evaluation (and so the objection) was made under."""

    INSPECTION_BODY = "inspection_body"  # 检验检测机构, 衢市监规〔2021〕3号
    IP_AGENCY = "ip_agency"  # 知识产权代理机构, 衢市监规〔2021〕2号


REGULATION = {
    EvaluatedSubject.INSPECTION_BODY: "衢市监规〔2021〕3号",
    EvaluatedSubject.IP_AGENCY: "衢市监规〔2021〕2号",
}


def citation(subject: EvaluatedSubject, clause: str) -> str:
    return f"{REGULATION[subject]} {clause}"


# The review duty: 收到异议复核申请之日起15个工作日内完成复核, 并将复核结果书面告知企业.
REVIEW_CLAUSE = "四(三)1"

Grade = Literal["A", "B", "C", "D", "E"]


class Enterprise(BaseModel):
    model_config = StrictModel
    uscc: Uscc = Field(
        description="统一社会信用代码, 18 characters with a GB 32100-2015 check character"
    )
    name: ShortText


class DisputedEvaluation(BaseModel):
    model_config = StrictModel
    evaluation_id: ShortText
    # 1000 points plus the 信用增值 bonus (+20 per title, two titles: 附件 专用指标 5).
    score: StrictFloat = Field(ge=0, le=1040)
    grade: Grade


class EvidenceReference(BaseModel):
    model_config = StrictModel
    ref: ShortText
    title: ShortText


class MarketObjectionCase(BaseModel):
    """The review application (复核申请) as the agency's system records it."""

    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "received_at"
    case_id: CaseId
    subject: EvaluatedSubject
    enterprise: Enterprise
    agency_code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    # The evaluating department that reviews and signs the written result.
    agency_name: ShortText = "衢州市市场监督管理局"
    evaluation: DisputedEvaluation
    received_at: PastInstant = Field(
        description="when the agency received the review application, with its UTC offset"
    )
    grounds: Text
    # 并提供有关书面佐证材料: the application comes with written evidence.
    evidence: list[EvidenceReference] = Field(min_length=1)


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"  # 维持
    CORRECTED = "corrected"  # 修正评价等级


class ReviewDecision(BaseModel):
    """The reviewer's decision, sent to the case as a Temporal Update."""

    model_config = StrictModel
    # The corrected facts' events are checked like the decision's own (checks.plausible).
    FACTS_MODELS: ClassVar[dict[str, type[BaseModel]]] = {"corrected_facts": MarketCreditFacts}
    outcome: ReviewOutcome
    corrected_grade: Grade | None = None
    corrected_score: StrictFloat | None = Field(default=None, ge=0, le=1040)
    # The corrected evaluation facts (market-credit facts, `starter.py schema market-credit`):
    # the case re-scores them and the grade follows from the re-scored report.
    corrected_facts: dict[str, Any] | None = None
    reason: Text
    reviewer: ShortText

    @model_validator(mode="after")
    def _grade_matches_outcome(self) -> Self:
        corrected = self.outcome is ReviewOutcome.CORRECTED
        if corrected and self.corrected_grade is None and self.corrected_facts is None:
            raise ValueError(
                "corrected_grade (or corrected_facts) is required when the outcome is 'corrected'"
            )
        if not corrected and (
            self.corrected_grade is not None
            or self.corrected_score is not None
            or self.corrected_facts is not None
        ):
            raise ValueError(
                "an 'upheld' decision carries no corrected_grade, corrected_score or "
                "corrected_facts"
            )
        if self.corrected_facts is not None:
            # Pure validation of the facts' shape; the score itself comes from the scoring
            # activity, recorded in the case's history.
            try:
                MarketCreditFacts.model_validate(self.corrected_facts)
            except ValidationError as err:
                raise ValueError(f"corrected_facts: {describe(err)}") from None
        return self


class Stage(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    NOTIFYING = "notifying"  # decided; written notice and platform updates under way
    CLOSED = "closed"


class DecisionReceipt(BaseModel):
    case_id: str
    stage: Stage
    decided_at: datetime
    late: bool


class MarketObjectionCarried(BaseModel):
    """What one run of a case hands to the next (continue-as-new, kernel/long_life.py); the
    run's one argument is either this or the case file (a first run)."""

    model_config = StrictModel
    started_with: MarketObjectionCase
    case: CarriedCase
    decision: ReviewDecision | None = None
    decided_at: datetime | None = None
    corrected_report: ScoreReport | None = None
    documents: list[str] = Field(default_factory=list)


class MarketObjectionStatus(BaseModel):
    case_id: str
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    overdue: bool
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    case: MarketObjectionCase
    decision: ReviewDecision | None = None
    decided_at: datetime | None = None
    # The re-scored evaluation when the decision brought corrected facts.
    corrected_report: ScoreReport | None = None
    documents: list[str] = Field(default_factory=list)
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class MarketObjectionOutcome(BaseModel):
    case_id: str
    outcome: ReviewOutcome
    final_grade: Grade
    decided_at: datetime
    late: bool
    documents: list[str]


def workflow_id(case_id: str) -> str:
    return f"{PROCEDURE}-{case_id}"
