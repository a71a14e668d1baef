"""The input of a performance assessment (绩效考核): one cohort of designated institutions.

A cohort is the institutions of one type (综合类 / 门诊类 / 零售药店) that one pooling
region's agency assesses for one year (附件1 二(一)); each carries the facts of its half-year
provisional sheet (半年拟评, 1 Jan–30 Jun) and of its annual sheet (年度总评), item by item as
表3–表5 list them. Where a row leaves the points to the assessor (其他重点工作) the facts carry
those points, validated against the row's maximum. This module is the JSON contract agency
systems code against.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from checks.plausible import StrictBool, StrictFloat, StrictInt
from scoring.listing import first_repeat
from scoring.performance import params

_STRICT = ConfigDict(extra="forbid")

Change = Literal["increased", "unchanged", "decreased"]
Percent = Annotated[StrictFloat, Field(ge=0, le=100)]


class _Sheet(BaseModel):
    """The items every table (表3, 表4, 表5) has, with the same rule."""

    model_config = _STRICT

    integrity_points_deducted: StrictFloat = Field(
        ge=0,
        description=(
            "日常违规扣分: the year's integrity points (诚信记分) deducted so far; for "
            "comprehensive institutions of 二级 and above, the violations of the year "
            "(整改通知书) scored by the integrity-points rules. The item scores 12 minus this, "
            "down to 0."
        ),
    )
    inventory_nonconforming_items: StrictInt = Field(
        ge=0,
        description="药械进销存管理: drug/device varieties whose purchase-sale-stock records fail",
    )
    inventory_discrepancy_pct: StrictFloat = Field(
        ge=0,
        description="药械进销存管理: stock discrepancy (进销存差额) as a percentage of stock",
    )
    e_voucher_rate_pct: Percent = Field(
        description="医保电子凭证结算率: share of settlements made with the e-voucher, %"
    )
    e_voucher_required_pct: Percent = Field(
        description="医保电子凭证结算率: the rate the assessment requires (考核要求), %"
    )
    non_standard_rate_met: StrictBool = Field(
        description="非标率: whether the required rate is met"
    )
    daily_work_incidents: StrictInt = Field(
        ge=0,
        description=(
            "日常工作: incidents of late or wrong reconciliation (对账/到账), a card not "
            "swiped when it should have been, or a policy not applied that led to a complaint "
            "or petition"
        ),
    )
    admin_penalties: StrictInt = Field(
        ge=0,
        description="行政处罚次数: administrative penalties for medical conduct in the period",
    )
    verified_complaints: StrictInt = Field(
        ge=0,
        description="参保人员满意度: verified petitions, complaints and reports (信访、投诉、举报)",
    )
    serious_complaint: StrictBool = Field(
        default=False,
        description="参保人员满意度: a verified case is serious (情节严重: the item scores 0)",
    )


class ComprehensiveSheet(_Sheet):
    """One sheet (half-year or annual) of 表3 综合类定点医疗机构."""

    fee_upload_rate_pct: Percent = Field(description="费用上传率: share of expenses uploaded, %")
    procurement_rate_pct: Percent | None = Field(
        default=None,
        description="药品招采率 (public institutions): platform procurement rate achieved, %",
    )
    procurement_required_pct: Percent | None = Field(
        default=None,
        description="药品招采率 (public institutions): the rate the provincial centre requires, %",
    )
    platform_purchase_record: StrictBool | None = Field(
        default=None,
        description="药品招采率 (private institutions): has a successful platform purchase record",
    )
    case_match_rate_pct: Percent = Field(
        description="病案匹配率: medical records matching settlement data, %"
    )
    drg_grouping_rate_pct: Percent = Field(description="入组率: DRG grouping rate, %")
    cmi_change_pct: StrictFloat = Field(
        ge=-100,
        description="病例组合指数值(CMI): year-on-year change of the CMI, % (negative = a decline)",
    )
    cost_index_change_pct: StrictFloat = Field(
        ge=-100,
        description="费用消耗指数: year-on-year change of the cost consumption index, %",
    )
    inpatient_self_pay_pct: Percent = Field(
        description="住院自费费用占比: self-paid share of inpatient expenses, %"
    )
    avg_stay_days: StrictFloat = Field(ge=0, description="次均住院日: average length of stay, days")
    avg_stay_standard_days: StrictFloat = Field(
        gt=0,
        description=(
            "次均住院日: the standard, the average of institutions of the same level "
            "(三级/二级/一级及以下), psychiatric per-bed-day data excluded, days"
        ),
    )
    outpatient_cost_above_standard_pct: StrictFloat = Field(
        ge=-100,
        description=(
            "人均门诊急诊费用: % by which outpatient and emergency cost per person exceeds "
            "the average of institutions of the same level (0 or negative when not above)"
        ),
    )
    system_tampering_cases: StrictInt = Field(
        ge=0, description="系统使用安全: verified cases of tampering with system data"
    )
    key_work_points: StrictFloat = Field(
        ge=0,
        le=params.COMPREHENSIVE_KEY_WORK_MAX,
        description="其他重点工作: the assessor's points for key work (0–15)",
    )


class Quarter(BaseModel):
    """One quarter's settlement volume (系统取数), ranked across the cohort quarter by quarter."""

    model_config = _STRICT

    settled_persons: StrictInt = Field(
        ge=0, description="结算人数: distinct insured persons settled (人头)"
    )
    settled_visits: StrictInt = Field(
        ge=0, description="settled visits (人次), at least settled_persons"
    )

    @model_validator(mode="after")
    def _persons_within_visits(self) -> Self:
        if self.settled_persons > self.settled_visits:
            raise ValueError("settled_persons cannot exceed settled_visits (每人至少一人次)")
        return self


class _RetailSheet(_Sheet):
    """Items shared by 表4 (门诊类) and 表5 (零售药店)."""

    face_recognition_rate_pct: Percent = Field(
        description="人脸识别成功率: face recognition success, %"
    )
    procurement_compliant: StrictBool = Field(
        description=(
            "药品招采率: bought through the provincial platform and paid on time (private "
            "institutions: has a successful platform purchase record)"
        )
    )
    cost_per_visit_above_average_pct: StrictFloat = Field(
        ge=-100,
        description="次均费用: % by which cost per visit exceeds the average (≤ 0 if not)",
    )
    quarters: list[Quarter] = Field(description="the quarters of the sheet's period, in order")
    cost_per_person_above_average_pct: StrictFloat = Field(
        ge=-100,
        description="人均费用: % by which cost per person exceeds the average (≤ 0 if not)",
    )
    key_work_points: StrictFloat = Field(
        ge=0, le=10, description="其它重点工作: the assessor's points for key work (0–10)"
    )


class OutpatientSheet(_RetailSheet):
    """One sheet of 表4 门诊类定点医疗机构."""

    pooled_cost_share_pct: Percent = Field(
        description="纳入医保统筹费用与总费用比: fund-pooled expenses as a share of all expenses, %"
    )
    departments_vs_previous: Change = Field(
        description="诊疗科目: clinical departments compared with the previous period"
    )
    insurance_doctors_vs_previous: Change = Field(
        description="医保医师人数: medical-insurance doctors compared with the previous period"
    )


class PharmacySheet(_RetailSheet):
    """One sheet of 表5 定点零售药店."""

    licensed_pharmacists_vs_previous: Change = Field(
        description="执业药师人数: licensed pharmacists compared with the previous period"
    )


_HALF_QUARTERS = Field(
    min_length=2, max_length=2, description="Q1 and Q2 of the year (半年拟评 covers 1 Jan–30 Jun)"
)
_YEAR_QUARTERS = Field(min_length=4, max_length=4, description="Q1–Q4 of the year (年度总评)")


class OutpatientHalfYear(OutpatientSheet):
    quarters: list[Quarter] = _HALF_QUARTERS


class OutpatientAnnual(OutpatientSheet):
    quarters: list[Quarter] = _YEAR_QUARTERS


class PharmacyHalfYear(PharmacySheet):
    quarters: list[Quarter] = _HALF_QUARTERS


class PharmacyAnnual(PharmacySheet):
    quarters: list[Quarter] = _YEAR_QUARTERS


class _Institution(BaseModel):
    model_config = _STRICT

    institution_id: str = Field(
        min_length=1, max_length=64, description="医保定点编码 (the agency's designation code)"
    )
    name: str = Field(min_length=1, max_length=200, description="the institution's registered name")
    newly_designated: StrictBool = Field(
        default=False,
        description="当年新增: designated during the assessed year, so not assessed (附件1 二(四))",
    )

    if TYPE_CHECKING:  # every kind of institution declares its own two sheets
        half_year: object
        annual: object

    @model_validator(mode="after")
    def _sheets_present(self) -> Self:
        if not self.newly_designated and (self.half_year is None or self.annual is None):
            missing = "half_year" if self.half_year is None else "annual"
            raise ValueError(f"{missing} is required for an institution that is assessed")
        return self


_HALF_YEAR_SHEET = Field(
    default=None, description="半年拟评 sheet (omit only for a newly designated institution)"
)
_ANNUAL_SHEET = Field(
    default=None, description="年度总评 sheet (omit only for a newly designated institution)"
)


class ComprehensiveInstitution(_Institution):
    ownership: Literal["public", "private"] = Field(
        description="公立 or 民营: decides how 药品招采率 is scored (表3 第3项)"
    )
    half_year: ComprehensiveSheet | None = _HALF_YEAR_SHEET
    annual: ComprehensiveSheet | None = _ANNUAL_SHEET

    @model_validator(mode="after")
    def _sheets_fit_ownership(self) -> Self:
        for period, sheet in (("half_year", self.half_year), ("annual", self.annual)):
            if sheet is None:
                continue
            if self.ownership == "public" and (
                sheet.procurement_rate_pct is None or sheet.procurement_required_pct is None
            ):
                raise ValueError(
                    f"{period}.procurement_rate_pct and {period}.procurement_required_pct are "
                    "required for a public institution"
                )
            if self.ownership == "private" and sheet.platform_purchase_record is None:
                raise ValueError(
                    f"{period}.platform_purchase_record is required for a private institution"
                )
        return self


class _SuspendableInstitution(_Institution):
    reassessment: StrictBool = Field(
        default=False,
        description=(
            "this is the re-assessment after 3 months of rectification of an institution whose "
            "settlement was suspended (附件1 二(四)2(2)); failing it terminates the agreement"
        ),
    )

    @model_validator(mode="after")
    def _flags_agree(self) -> Self:
        if self.reassessment and self.newly_designated:
            raise ValueError(
                "reassessment: a newly designated institution (not assessed) cannot be re-assessed"
            )
        return self


class OutpatientInstitution(_SuspendableInstitution):
    half_year: OutpatientHalfYear | None = _HALF_YEAR_SHEET
    annual: OutpatientAnnual | None = _ANNUAL_SHEET


class PharmacyInstitution(_SuspendableInstitution):
    half_year: PharmacyHalfYear | None = _HALF_YEAR_SHEET
    annual: PharmacyAnnual | None = _ANNUAL_SHEET


class _Cohort(BaseModel):
    model_config = _STRICT

    pooling_region: str = Field(
        min_length=1,
        max_length=100,
        description="统筹区 whose agency assesses the cohort, e.g. 衢州市本级, 柯城区, 江山市",
    )
    year: StrictInt = Field(
        ge=2023, le=2100, description="the assessed year (衢医保发〔2023〕8号 in force 2023-02-18)"
    )

    if TYPE_CHECKING:  # every kind of cohort declares its own institutions
        institutions: Sequence[_Institution]

    @model_validator(mode="after")
    def _ids(self) -> Self:
        repeated = first_repeat(i.institution_id for i in self.institutions)
        if repeated is not None:
            raise ValueError(f"institutions: institution_id {repeated!r} appears twice")
        return self


class ComprehensiveCohort(_Cohort):
    """综合类定点医疗机构 (hospitals with inpatient services), 表3."""

    cohort_type: Literal["comprehensive"] = Field(description="综合类定点医疗机构")
    institutions: list[ComprehensiveInstitution] = Field(
        min_length=1, description="every institution of the type in the pooling region"
    )


class OutpatientCohort(_Cohort):
    """门诊类定点医疗机构 (clinics, outpatient departments), 表4."""

    cohort_type: Literal["outpatient"] = Field(description="门诊类定点医疗机构")
    institutions: list[OutpatientInstitution] = Field(
        min_length=1, description="every institution of the type in the pooling region"
    )


class PharmacyCohort(_Cohort):
    """定点零售药店 (retail pharmacies), 表5."""

    cohort_type: Literal["pharmacy"] = Field(description="定点零售药店")
    institutions: list[PharmacyInstitution] = Field(
        min_length=1, description="every pharmacy in the pooling region"
    )


Cohort = Annotated[
    ComprehensiveCohort | OutpatientCohort | PharmacyCohort, Field(discriminator="cohort_type")
]


class Facts(RootModel[Cohort]):
    """A cohort of designated institutions of one type, one pooling region, one year."""
