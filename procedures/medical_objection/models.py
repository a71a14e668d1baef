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
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from checks.plausible import PastDay, StrictFloat
from contracts.fields import CaseId, StrictModel
from contracts.subject_records import SubjectRef, SubjectType
from procedures.medical_objection.scores import normalized_facts as normalized_facts
from procedures.medical_objection.scores import same_score as same_score
from procedures.medical_objection.scores import score_facts as score_facts
from scoring import medical_credit

PROCEDURE = "medical-objection"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "medical_credit_objection"  # the ProcedureType search attribute
SCORING_KIND = medical_credit.KIND  # "medical-credit"

REGULATION = "衢医保发〔2021〕36号"
# 可在评价结果发布之日起, 10个工作日内 ... 提出异议申诉.
FILING_WORKING_DAYS = 10
# 自收到异议申诉及证明材料之日起, 在10个工作日内 ... 完成复查.
REVIEW_WORKING_DAYS = 10

OBJECTION_CITATION = f"{REGULATION} 四(三)"  # the filing window, the review, the formal result
OBJECTION_FORM_CITATION = f"{REGULATION} 四(三) 附件1"  # 异议信息处理申请表
FEEDBACK_CITATION = f"{REGULATION} 四(三) 附件2"  # 异议信息处理结果反馈单
GRADING_CITATION = f"{REGULATION} 四(二)"  # 千分制评分, 五个等级
# 实时信用评价有结果变动时, 短信提醒该信用主体.
SMS_CITATION = f"{REGULATION} 四(三)"

MedicalGrade = Literal["优秀", "良好", "中等", "较差", "差"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# A reference to a supporting document in the agency's document system (证明材料).
MaterialRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# A mainland mobile number, for the SMS reminder of 四(三).
Mobile = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1[3-9][0-9]{9}$")]

# The scoring module's subject types (附件6–10) as credit-file subject types.
SUBJECT_TYPES: dict[str, SubjectType] = {
    "pharmacy": SubjectType.PHARMACY,  # 附件6 定点零售药店
    "insurance_doctor": SubjectType.DOCTOR,  # 附件7 医保医师
    "medical_institution": SubjectType.MEDICAL_INSTITUTION,  # 附件8 医疗机构
    "institution_head": SubjectType.INSTITUTION_HEAD,  # 附件9 定点医药机构负责人
    "insured_person": SubjectType.INSURED_PERSON,  # 附件10 医保参保人
}


# -- the case file --------------------------------------------------------------------------------


class Agency(BaseModel):
    """The medical-insurance department that published the result and handles the objection."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class ResultRecord(BaseModel):
    """A published result as the case keeps it (and as history holds it).

    The rule checks live in `PublishedResult`, the intake form: history is decoded with this
    plain shape, so a later change of the scoring rules never makes an old case undecodable on
    replay (architecture.md "Determinism")."""

    model_config = StrictModel
    result_id: ShortText
    published_on: PastDay = Field(
        description="the publication day; the 10 working days count from the next day"
    )
    facts: dict[str, Any] = Field(description="the medical-credit scoring facts (附件6–10)")
    score: StrictFloat = Field(ge=0, description="the published 千分制 score")
    grade: MedicalGrade

    @property
    def subject_type(self) -> str:
        return str(self.facts.get("subject_type"))

    @property
    def subject_id(self) -> str:
        return str(self.facts.get("subject_id"))


class PublishedResult(ResultRecord):
    """The credit evaluation result as published (评价结果发布), checked against its facts."""

    @field_validator("facts", mode="before")
    @classmethod
    def _valid_facts(cls, value: object) -> dict[str, Any]:
        return normalized_facts(value)

    @model_validator(mode="after")
    def _score_matches_facts(self) -> Self:
        # The objection is about this result: a score or grade that the facts do not give would
        # make the review compare against a number nobody can explain (四(二)).
        report = score_facts(self.facts)
        total = report.total if report.total is not None else 0.0
        if not same_score(self.score, total):
            raise ValueError(
                f"score: {self.score:g} is not the score of the facts ({total:.2f}, "
                f"{GRADING_CITATION})"
            )
        if self.grade != report.grade:
            raise ValueError(
                f"grade: {self.grade} is not the grade of the facts ({report.grade}, "
                f"{GRADING_CITATION})"
            )
        return self


class CaseRecord(BaseModel):
    """The case as the workflow keeps it; `MedicalObjectionCase` is the checked case file."""

    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "result.published_on"
    case_id: CaseId
    agency: Agency
    subject: SubjectRef
    result: ResultRecord
    mobile: Mobile | None = Field(
        default=None, description="the subject's mobile number for the SMS reminder (四(三))"
    )


class MedicalObjectionCase(CaseRecord):
    """A published medical-insurance credit result, opened as a case on its publication: the
    case file an agency system sends (`starter.py medical-objection start --file`)."""

    result: PublishedResult

    @model_validator(mode="after")
    def _result_is_the_subjects(self) -> Self:
        expected = SUBJECT_TYPES[self.result.subject_type]
        if self.subject.type is not expected:
            raise ValueError(
                f"subject.type: '{self.subject.type}' but the result's facts are those of a "
                f"'{self.result.subject_type}' (subject type '{expected}')"
            )
        if self.result.subject_id.strip().upper() != self.subject.code:
            raise ValueError(
                f"subject.code: {self.subject.code} is not the subject of the result's facts "
                f"(facts.subject_id {self.result.subject_id})"
            )
        return self


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


def workflow_id(case_id: str) -> str:
    return f"{PROCEDURE}-{case_id}"
