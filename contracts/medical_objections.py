"""A medical-insurance credit objection's case file (衢医保发〔2021〕36号 四(三), seed 000 lines
1109–1115), shared by the objection (procedures/medical_objection), which runs it, and the
medical-credit round (procedures/round), which opens one for every result it publishes: the
published result, the subject, the agency, and the workflow's type and id.

Pure pydantic plus the pure medical-credit scoring module (no Temporal import).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from checks.plausible import PastDay, StrictFloat
from checks.validation import describe
from contracts.fields import CaseId, StrictModel
from contracts.subject_records import SubjectRef, SubjectType
from scoring import medical_credit
from scoring.report import ScoreReport

WORKFLOW = "MedicalCreditObjectionV2"  # the workflow type new cases start as (issue 20)
RELEASED_WORKFLOW = "MedicalCreditObjection"  # the type of cases started before it

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


# The platform publishes scores to two decimals: a published score is accepted when it is the
# facts' score rounded to two places (a difference up to half a hundredth).
PUBLISHED_SCORE_TOLERANCE = 0.005


def normalized_facts(data: object) -> dict[str, Any]:
    """Medical-credit facts validated by the scoring module, as a plain dict with every default
    spelled out (what the credit file keeps, so the score can be recomputed from it).

    Raises ValueError naming every faulty field."""
    try:
        facts = medical_credit.Facts.model_validate(data)
    except ValidationError as err:
        raise ValueError(describe(err)) from None
    dumped: dict[str, Any] = facts.model_dump(mode="json")
    return dumped


def score_facts(facts: dict[str, Any]) -> ScoreReport:
    """The medical-credit report of already validated facts (pure; the workflow re-scores with
    the `score_facts` activity so that the report is recorded in history)."""
    return medical_credit.score(medical_credit.Facts.model_validate(facts))


def same_score(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=PUBLISHED_SCORE_TOLERANCE)


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


def workflow_id(case_id: str) -> str:
    return f"{PROCEDURE}-{case_id}"
