"""Facts shared by every table: the subjects' ids, scores, counts and 主动配合."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from checks import uscc
from checks.plausible import StrictFloat
from scoring.medical_credit.common.params import MAX_TOTAL, Grade

# A count of verified events or reports; the Facts fields give it the default 0.
from scoring.quantities import Count as Count

# 三(一): institutions are identified by their unified social credit code (18 characters,
# GB 32100-2015 character set and check character), persons by their resident identity card
# number (GB 11643).
Uscc = Annotated[
    uscc.Uscc,
    Field(description="统一社会信用代码: 18 characters with a GB 32100-2015 check character"),
]
IdNumber = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{17}[0-9X]$",
        description="居民身份证号码: 17 digits and a check digit or X",
    ),
]
# A score on the 1000-point scale: a public credit score, a medical-insurance credit score, or an
# average of staff credit scores.
Score1000 = Annotated[StrictFloat, Field(ge=0, le=MAX_TOTAL)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class CooperationBase(BaseModel):
    """主动配合: verified reports of others' violations, and invalid reports (附件6–10)."""

    model_config = ConfigDict(extra="forbid")

    direct_evidence_reports: Count = Field(
        0, description="Verified reports backed by direct evidence (查实的举报直接证据): +30 each"
    )
    indirect_evidence_report_points: list[Annotated[StrictFloat, Field(ge=5, le=15)]] = Field(
        default_factory=list,
        max_length=1000,
        description=(
            "One entry per verified report backed by indirect evidence (间接证据): the points the "
            "department awarded it, 5–15"
        ),
    )
    invalid_reports: Count = Field(
        0,
        description="Invalid reports used to attack others (利用举报打击他人的无效举报): −30 each",
    )


class Cooperation(CooperationBase):
    """主动配合 of 附件6–9: reports, and confessions of violations the department did not know."""

    confession_points: list[Annotated[StrictFloat, Field(ge=5, le=30)]] = Field(
        default_factory=list,
        max_length=1000,
        description=(
            "One entry per voluntary confession of a violation the department had not found "
            "(主动交代未掌握的医保违规情况): the points awarded for its nature and amount, 5–30"
        ),
    )


class SubjectBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(description="Legal name of the subject")
    previous_grades: list[Grade] = Field(
        default_factory=list,
        max_length=100,
        description=(
            "Formal medical-insurance credit grades of the preceding evaluation years, most recent "
            "first (优秀/良好/中等/较差/差); used for the red list (五(六))"
        ),
    )
