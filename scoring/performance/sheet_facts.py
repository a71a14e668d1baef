"""The facts of one assessment sheet (半年拟评 or 年度总评) of 表3–表5, item by item as the tables
list them. Where a row leaves the points to the assessor (其他重点工作) the sheet carries those
points, validated against the row's maximum."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checks.plausible import StrictBool, StrictFloat
from scoring.performance import params
from scoring.quantities import Count

# Strict: a misspelt key is refused rather than read as a missing fact.
STRICT = ConfigDict(extra="forbid")

Change = Literal["increased", "unchanged", "decreased"]
Percent = Annotated[StrictFloat, Field(ge=0, le=100)]


class _Sheet(BaseModel):
    """The items every table (表3, 表4, 表5) has, with the same rule."""

    model_config = STRICT

    integrity_points_deducted: StrictFloat = Field(
        ge=0,
        description=(
            "日常违规扣分: the year's integrity points (诚信记分) deducted so far; for "
            "comprehensive institutions of 二级 and above, the violations of the year "
            "(整改通知书) scored by the integrity-points rules. The item scores 12 minus this, "
            "down to 0."
        ),
    )
    inventory_nonconforming_items: Count = Field(
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
    daily_work_incidents: Count = Field(
        description=(
            "日常工作: incidents of late or wrong reconciliation (对账/到账), a card not "
            "swiped when it should have been, or a policy not applied that led to a complaint "
            "or petition"
        ),
    )
    admin_penalties: Count = Field(
        description="行政处罚次数: administrative penalties for medical conduct in the period",
    )
    verified_complaints: Count = Field(
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
    system_tampering_cases: Count = Field(
        description="系统使用安全: verified cases of tampering with system data"
    )
    key_work_points: StrictFloat = Field(
        ge=0,
        le=params.COMPREHENSIVE_KEY_WORK_MAX,
        description="其他重点工作: the assessor's points for key work (0–15)",
    )


class Quarter(BaseModel):
    """One quarter's settlement volume (系统取数), ranked across the cohort quarter by quarter."""

    model_config = STRICT

    settled_persons: Count = Field(description="结算人数: distinct insured persons settled (人头)")
    settled_visits: Count = Field(description="settled visits (人次), at least settled_persons")

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
