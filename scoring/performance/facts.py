"""The input of a performance assessment (绩效考核): one cohort of designated institutions.

A cohort is the institutions of one type (综合类 / 门诊类 / 零售药店) that one pooling
region's agency assesses for one year (附件1 二(一)); each carries the facts of its half-year
provisional sheet (半年拟评, 1 Jan–30 Jun) and of its annual sheet (年度总评), item by item as
表3–表5 list them. Where a row leaves the points to the assessor (其他重点工作) the facts carry
those points, validated against the row's maximum. This module (the cohort and its
institutions) and `sheet_facts` (one sheet's items) are the JSON contract agency systems code
against.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import BaseModel, Field, RootModel, model_validator

from checks.plausible import StrictBool, StrictInt
from scoring.listing import first_repeat
from scoring.performance.sheet_facts import (
    STRICT,
    ComprehensiveSheet,
    OutpatientAnnual,
    OutpatientHalfYear,
    PharmacyAnnual,
    PharmacyHalfYear,
)


class _Institution(BaseModel):
    model_config = STRICT

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
    model_config = STRICT

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
