"""Medical-insurance credit objection (异议申诉): the case file, the objection and the decision.

Source: 衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号 四(三) (seed 000 lines 1109–1115) and
its forms 附件1 异议信息处理申请表 and 附件2 异议信息处理结果反馈单:

- 信用主体对实时信用评价结果有异议的, 可在评价结果发布之日起, 10个工作日内 ... 提出异议申诉(附件1),
  说明理由并提供相关材料 — the subject's filing window (a party window);
- 医疗保障部门自收到异议申诉及证明材料之日起, 在10个工作日内 ... 完成复查, 并反馈复核意见(附件2) —
  the department's re-check (an agency duty), counted from when objection AND materials are in;
- 无异议或完成异议申诉处理的, 评价机构应形成正式的医疗保障信用评价结果, 并记入信用主体的信用档案;
- 实时信用评价有结果变动时, 短信提醒该信用主体.

Pure pydantic plus the pure medical-credit scoring module: the CLI validates a case (facts, score
and grade) before anything is started, and the workflow's validators refuse bad input with the same
rules. The receipts, the status and what one run carries to the next are in status.py; the facts'
scores in scores.py; the rules of the window and the re-check in filing.py and review.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import (
    BaseModel,
    Field,
    field_validator,
    model_validator,
)

from contracts.fields import StrictModel

# The case file is shared with the medical-credit round, which opens these cases
# (contracts/medical_objections.py).
from contracts.medical_objections import FEEDBACK_CITATION as FEEDBACK_CITATION
from contracts.medical_objections import FILING_WORKING_DAYS as FILING_WORKING_DAYS
from contracts.medical_objections import GRADING_CITATION as GRADING_CITATION
from contracts.medical_objections import OBJECTION_CITATION as OBJECTION_CITATION
from contracts.medical_objections import OBJECTION_FORM_CITATION as OBJECTION_FORM_CITATION
from contracts.medical_objections import PROCEDURE as PROCEDURE
from contracts.medical_objections import PROCEDURE_TYPE as PROCEDURE_TYPE
from contracts.medical_objections import REGULATION as REGULATION
from contracts.medical_objections import REVIEW_WORKING_DAYS as REVIEW_WORKING_DAYS
from contracts.medical_objections import SCORING_KIND as SCORING_KIND
from contracts.medical_objections import SMS_CITATION as SMS_CITATION
from contracts.medical_objections import SUBJECT_TYPES as SUBJECT_TYPES
from contracts.medical_objections import Agency as Agency
from contracts.medical_objections import CaseRecord as CaseRecord
from contracts.medical_objections import MaterialRef as MaterialRef
from contracts.medical_objections import MedicalGrade as MedicalGrade
from contracts.medical_objections import MedicalObjectionCase as MedicalObjectionCase
from contracts.medical_objections import Mobile as Mobile
from contracts.medical_objections import PublishedResult as PublishedResult
from contracts.medical_objections import ResultRecord as ResultRecord
from contracts.medical_objections import ShortText as ShortText
from contracts.medical_objections import Text as Text
from contracts.medical_objections import normalized_facts as normalized_facts
from contracts.medical_objections import same_score as same_score
from contracts.medical_objections import score_facts as score_facts
from contracts.medical_objections import workflow_id as workflow_id

# -- the objection (附件1) and its materials -----------------------------------------------------


class ObjectionForm(BaseModel):
    """异议信息处理申请表 (附件1), as filed online or recorded from the paper form."""

    model_config = StrictModel
    applicant: ShortText = Field(description="申请单位(人)")
    contact_person: ShortText | None = Field(default=None, description="联系人")
    contact: ShortText = Field(description="联系方式")
    content: Text = Field(description="异议信息描述: what in the result is disputed")
    reasons: Text = Field(description="申请理由")
    materials: list[MaterialRef] = Field(
        default_factory=list,
        max_length=200,
        description="证明材料 references; the review clock starts only once they are in",
    )
    remarks: Text | None = Field(default=None, description="备注")

    @field_validator("materials")
    @classmethod
    def _distinct(cls, refs: list[str]) -> list[str]:
        return _distinct_refs(refs)


class MaterialsSubmission(BaseModel):
    """Supporting materials (证明材料) handed in after an objection filed without them."""

    model_config = StrictModel
    refs: list[MaterialRef] = Field(min_length=1, max_length=200)
    submitted_by: ShortText | None = None

    @field_validator("refs")
    @classmethod
    def _distinct(cls, refs: list[str]) -> list[str]:
        return _distinct_refs(refs)


def _distinct_refs(refs: list[str]) -> list[str]:
    repeated = sorted({ref for ref in refs if refs.count(ref) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} listed more than once")
    return refs


class FiledObjection(BaseModel):
    form: ObjectionForm
    filed_at: datetime


class MaterialsReceived(BaseModel):
    refs: list[str]
    received_at: datetime
    submitted_by: str | None = None


# -- the review decision ---------------------------------------------------------------------------


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"  # 维持原评价结果
    CORRECTED = "corrected"  # 更正: re-scored from corrected facts


class DecisionRecord(BaseModel):
    """The re-check's result (复查/复核意见) as the case receives it (a Temporal Update).

    Decoded from history with this plain shape; the update's validator checks the corrected
    facts with the scoring module (validators do not run on replay), and `ReviewDecision` is
    the checked form the CLI validates before sending."""

    model_config = StrictModel
    outcome: ReviewOutcome
    corrected_facts: dict[str, Any] | None = Field(
        default=None, description="the corrected medical-credit facts, for outcome 'corrected'"
    )
    reason: Text
    reviewer: ShortText

    @model_validator(mode="after")
    def _facts_match_outcome(self) -> Self:
        if self.outcome is ReviewOutcome.CORRECTED and self.corrected_facts is None:
            raise ValueError("corrected_facts: required when the outcome is 'corrected'")
        if self.outcome is ReviewOutcome.UPHELD and self.corrected_facts is not None:
            raise ValueError("corrected_facts: an 'upheld' decision carries no corrected facts")
        return self


class ReviewDecision(DecisionRecord):
    """A decision whose corrected facts the medical-credit scoring module accepts."""

    @field_validator("corrected_facts", mode="before")
    @classmethod
    def _valid_facts(cls, value: object) -> dict[str, Any] | None:
        return None if value is None else normalized_facts(value)


# -- where the case stands and how it ended -------------------------------------------------------


class Stage(StrEnum):
    RECEIVED = "received"  # the filing window is being computed
    OBJECTION_WINDOW = "objection_window"  # the subject may object (party window)
    AWAITING_MATERIALS = "awaiting_materials"  # objection in, materials not: no review clock
    UNDER_REVIEW = "under_review"  # the 10-working-day re-check runs (agency duty)
    NOTIFYING = "notifying"  # decided: feedback notice, credit file and SMS under way
    CLOSED = "closed"


class CaseOutcome(StrEnum):
    FORMAL_WITHOUT_OBJECTION = "formal_without_objection"
    UPHELD = "upheld"
    CORRECTED = "corrected"
