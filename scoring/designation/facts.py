"""The facts of a designation evaluation (医保定点 综合评估): the JSON an agency system sends.

Shape (both variants): who is evaluated, the date, how many evaluations it already failed, the
basic indicators (基础指标, pass/fail, once), the measured facts of the scored rows (once: what
the written and on-site checks established — years, m², counts, yes/no findings), and one
score sheet per evaluator (评估小组成员) with the rows the standard leaves to their judgement
(评估指标 1 "得1-2分", and the environment part of 经营场所 "酌情得0-2分"). The score is the
average of the evaluators' totals (二(三)3 "得分取各评估小组成员平均分"); since the measured
facts are common to all, the evaluators' totals differ only by their judgements.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, RootModel, model_validator

from checks.plausible import PastDay, StrictBool, StrictFloat, StrictInt
from scoring.designation.base import FactsModel
from scoring.designation.basic import MedicalBasic, PharmacyBasic
from scoring.designation.measured import (
    Disclosure,
    DisplayAreas,
    Hardware,
    InsuranceLabels,
    Inventory,
    Ledger,
    MedicalLayout,
    MedicalPremises,
    Penalties,
    Pharmacists,
    Physicians,
    Premises,
    Procurement,
)
from scoring.designation.params import (
    ENVIRONMENT_MAX,
    ENVIRONMENT_MIN,
    JUDGEMENT_STEP,
    RULES_QUALITY_MAX,
    RULES_QUALITY_MIN,
    SAMPLED_PRESCRIPTION_RECORDS,
)
from scoring.quantities import Count

# ---------------------------------------------------------------------------------------------
# Measured facts per table
# ---------------------------------------------------------------------------------------------


class _Measured(FactsModel):
    """评估指标 2 统计信息管理制度 opens the measured rows of both tables, with the same rule."""

    unmaintained_database_entries: Count = Field(
        description="2 统计信息管理制度: standard database entries not maintained as required "
        "(1例 −1 of 3)",
    )


class MedicalMeasured(_Measured):
    """The measured facts of 表1 评估指标 2–15 (row 1 is judged by each evaluator)."""

    hardware: Hardware = Field(description="3 配备医保要求的硬件装置")
    disclosure: Disclosure = Field(description="4 信息公开制度")
    premises: MedicalPremises = Field(description="5 经营场所 (the environment is judged)")
    licence_date: PastDay = Field(
        description="6 经营时间长短: approval date of the practice licence (执业许可证) the time "
        "is counted from: the oldest licence if the credit code never changed, else the newest"
    )
    physicians: Physicians = Field(description="7 医师配备情况")
    basic_account_only: StrictBool = Field(
        description="8 单位基本财务账户: all money for 1 year (or since opening) went through the "
        "institution's basic account (2 or 0)"
    )
    ledger: Ledger = Field(description="9 财务台账")
    inventory: Inventory = Field(description="10 进销存管理")
    irregular_prescriptions: Count = Field(
        le=SAMPLED_PRESCRIPTION_RECORDS,
        description="11 规范医疗行为: of the 8 sampled trial-run records, those unreasonable or "
        "irregular (−0.5 each)",
    )
    clinical_departments: StrictInt = Field(
        ge=1,
        description="12 诊疗科目: clinical departments (大类) on the practice licence (1 → 2, +1 "
        "each, at most 5)",
    )
    procurement: Procurement = Field(description="13 药品招采")
    layout: MedicalLayout = Field(description="14 场所布局 (exempt categories get 10)")
    penalties: Penalties = Field(description="15 行政处罚记录")


class PharmacyMeasured(_Measured):
    """The measured facts of 表2 评估指标 2–16 (row 1 is judged by each evaluator)."""

    disclosure: Disclosure = Field(description="3 信息公开制度")
    premises: Premises = Field(description="4 经营场所 (the environment is judged)")
    licence_date: PastDay = Field(
        description="5 经营时间长短: approval date of the drug trading licence (药品经营许可证) "
        "the time is counted from: the oldest if the credit code never changed, else the newest"
    )
    chain: StrictBool = Field(
        description="6 经营模式: True for retail chain (零售(连锁), 5), False for retail (零售, 3)"
    )
    pharmacists: Pharmacists = Field(description="7 药师配备情况")
    basic_account_only: StrictBool = Field(
        description="8 单位基本财务账户: all money for 1 year (or since opening) went through the "
        "basic account (a chain store may use its headquarters' accounts) (2 or 0)"
    )
    ledger: Ledger = Field(description="9 财务台账")
    inventory: Inventory = Field(description="10 进销存数据传输和对应")
    display: DisplayAreas = Field(description="11 分区摆放")
    insurance_labels: InsuranceLabels = Field(description="12 设立医保用药标识")
    hardware: Hardware = Field(description="13 配备医保要求的硬件装置")
    catalogue_varieties: Count = Field(
        description="14 药品品种: varieties stocked from the Zhejiang basic medical insurance drug "
        "catalogue (超过600 → 5 … 超过200 → 1)",
    )
    designated_pharmacies_in_community: Count = Field(
        description="15 场所布局: designated retail pharmacies already in the community, counting "
        "earlier pre-registrations in the same community (少于3家 → 10, else 0)",
    )
    penalties: Penalties = Field(description="16 行政处罚记录")


# ---------------------------------------------------------------------------------------------
# Evaluators' score sheets
# ---------------------------------------------------------------------------------------------


class EvaluatorSheet(FactsModel):
    """One evaluation-group member's judgements (评估小组成员评分): the rows the standard leaves to
    the evaluator, in steps of 0.5."""

    evaluator_id: str = Field(
        min_length=1, max_length=64, description="the evaluator (expert-pool member) id"
    )
    rules_quality: StrictFloat = Field(
        ge=RULES_QUALITY_MIN,
        le=RULES_QUALITY_MAX,
        multiple_of=JUDGEMENT_STEP,
        description="评估指标 1 建立完善的(医保药品)管理制度: 1–2 by the rules' overall quality",
    )
    environment: StrictFloat = Field(
        ge=ENVIRONMENT_MIN,
        le=ENVIRONMENT_MAX,
        multiple_of=JUDGEMENT_STEP,
        description="经营场所 (表1 评估指标 5 / 表2 评估指标 4) part 3: comfort of the "
        "environment, 0–2 (环境舒适酌情得0-2分)",
    )


# ---------------------------------------------------------------------------------------------
# The subject
# ---------------------------------------------------------------------------------------------

MedicalCategory = Literal[
    "general",
    "level_2_or_above",
    "standardized_village",
    "community_health_station",
]


class _Subject(FactsModel):
    institution_id: str = Field(
        min_length=1,
        max_length=64,
        description="the applicant's unified social credit code (统一社会信用代码) or the "
        "agency's pre-registration number",
    )
    institution_name: str = Field(min_length=1, max_length=200, description="the name")
    evaluation_date: PastDay = Field(
        description="date of the evaluation; operating time is counted up to this date"
    )
    previous_failures: Count = Field(
        default=0,
        description="evaluations of this application already failed (0: first evaluation; 1+: "
        "this is the re-evaluation after rectification, and failing it bars a new application "
        "for 1 year)",
    )
    evaluators: list[EvaluatorSheet] = Field(
        min_length=1,
        description="one score sheet per evaluation-group member (or one for a third party); "
        "the score is the average of their totals",
    )

    def _check(self, licence_date: date) -> None:
        ids = [sheet.evaluator_id for sheet in self.evaluators]
        if len(set(ids)) != len(ids):
            raise ValueError("evaluators: evaluator_id must be unique")
        if licence_date > self.evaluation_date:
            raise ValueError("measured.licence_date: after evaluation_date")


class MedicalInstitutionFacts(_Subject):
    """A medical institution applying for designation (表1)."""

    variant: Literal["medical_institution"] = Field(description="which table: 表1")
    category: MedicalCategory = Field(
        default="general",
        description="general; level_2_or_above (二级及以上, exempt from 场所布局); "
        "standardized_village (规范化村级医疗机构: full floor-area marks from 60 m², exempt from "
        "场所布局, rows 3/8/12 use the superior institution's facts); community_health_station "
        "(社区卫生服务站: full floor-area marks from 150 m²)",
    )
    public_institution: StrictBool = Field(
        description="public (公立) institution: 药品招采 needs a 100% platform purchase rate"
    )
    basic: MedicalBasic = Field(description="基础指标 1–10")
    measured: MedicalMeasured = Field(description="评估指标 2–15, measured once")

    @model_validator(mode="after")
    def _consistent(self) -> MedicalInstitutionFacts:
        self._check(self.measured.licence_date)
        return self


class PharmacyFacts(_Subject):
    """A retail pharmacy applying for designation (表2)."""

    variant: Literal["pharmacy"] = Field(description="which table: 表2")
    basic: PharmacyBasic = Field(description="基础指标 1–11")
    measured: PharmacyMeasured = Field(description="评估指标 2–16, measured once")

    @model_validator(mode="after")
    def _consistent(self) -> PharmacyFacts:
        self._check(self.measured.licence_date)
        return self


SubjectFacts = MedicalInstitutionFacts | PharmacyFacts


class Facts(RootModel[Annotated[SubjectFacts, Field(discriminator="variant")]]):
    """The input of the designation evaluation: one medical institution or retail pharmacy."""
