"""A performance assessment's result for one designated institution, as its agreement takes it
(the agreement's `assess` step): sent by the performance round (procedures/round) for every
institution it assessed, or by hand.

衢医保发〔2023〕8号 附件1 二(四) (seed 001 l.1972–1994): grades A–D; for outpatient institutions
and pharmacies the last two or anyone under 60 have their networked settlement suspended
(暂停联网结算), are re-assessed after 3 months of rectification, and failing again have their
agreement ended (解除医保协议); an institution whose agreement the annual assessment ended may
not apply again for a year (二(四), l.1970).

Pure pydantic (no Temporal import).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastDay, StrictBool, StrictFloat, StrictInt
from contracts.fields import CaseId, ShortText, StrictModel

ASSESS: Final = "assess"  # the agreement's Update
RESULTS_CLAUSE: Final = "衢医保发〔2023〕8号 附件1 二(四)"
SUSPENSION_CLAUSE: Final = "衢医保发〔2023〕8号 附件1 二(四)2(2)"
# 整改3个月后再进行考核.
RECTIFICATION_MONTHS: Final = 3
# 对年度考核被解除医保协议的定点医药机构, 一年内不得再次申请医保定点.
REAPPLICATION_BAR_YEARS: Final = 1

Grade = Literal["A", "B", "C", "D"]


class PerformanceResult(BaseModel):
    model_config = StrictModel
    round_id: CaseId = Field(description="the round that assessed (e.g. PA-2026-pharmacy)")
    assessment: Literal["annual", "reassessment"] = Field(
        description="年度总评 (final = 半年拟评 × 30% + 年度总评 × 70%), or the "
        "re-assessment after 3 months of rectification"
    )
    year: StrictInt = Field(ge=2023, le=2100, description="the assessed year")
    assessed_on: PastDay = Field(description="the day the round published the result")
    final_score: StrictFloat = Field(ge=0, le=100)
    grade: Grade | None = Field(default=None, description="A–D (annual only)")
    rank: StrictInt | None = Field(default=None, ge=1)
    ranked: StrictInt | None = Field(default=None, ge=1, description="institutions ranked")
    settlement_suspended: StrictBool = Field(
        default=False,
        description="二(四)2(2): among the last two, or under 60: networked settlement suspended",
    )
    passed: StrictBool | None = Field(
        default=None, description="re-assessment only: passed (≥ 60) or failed (解除医保协议)"
    )
    reasons: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=20, description="why, as the scoring report says"
    )
    actor: ShortText = Field(description="who sends the result (recorded in the audit trail)")

    @model_validator(mode="after")
    def _fits_assessment(self) -> Self:
        if self.assessment == "annual":
            if self.grade is None:
                raise ValueError("grade: an annual assessment gives a grade (A–D)")
            if self.passed is not None:
                raise ValueError("passed: only a re-assessment passes or fails")
        else:
            if self.passed is None:
                raise ValueError("passed: a re-assessment passes or fails")
            if self.grade is not None or self.settlement_suspended:
                raise ValueError(
                    "grade, settlement_suspended: a re-assessment gives no grade and orders no "
                    "suspension (附件1 二(四)2(2))"
                )
        if (self.rank is None) != (self.ranked is None):
            raise ValueError("rank, ranked: give both or neither")
        if self.rank is not None and self.ranked is not None and self.rank > self.ranked:
            raise ValueError(f"rank: {self.rank} is beyond the {self.ranked} ranked")
        return self
