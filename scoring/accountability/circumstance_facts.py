"""The circumstances of 第七条–第九条 as the facts state them: aggravating (从重), self-correction
and minor fault (从轻、减轻), exempting (不予追究) and possibly exempting (可以不予或者免于追究),
for the whole case or for one person."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastDay, StrictBool
from scoring.accountability.fields import STRICT, ItemFinding, Text, no_duplicates
from scoring.accountability.tables import Aggravating, Exempt, MayExempt


class AggravatingFinding(ItemFinding):
    """An aggravating circumstance of 第七条(二)–(五)."""

    OTHER = "aggravating 'other' (第七条(五))"
    item: Aggravating = Field(
        description="第七条 item: " + ", ".join(a.value for a in Aggravating) + " (item (一), the "
        "repeat fault, is computed from the persons' earlier_findings)"
    )


class SelfCorrection(BaseModel):
    """The fault found and corrected by the unit or person itself (第八条第一款)."""

    model_config = STRICT
    discovered_by_self: StrictBool = Field(
        description="the fault was found on own initiative (主动发现)"
    )
    corrected_on: PastDay = Field(description="the day the fault was corrected (纠正)")
    loss_avoided: StrictBool = Field(
        description="the correction effectively avoided loss or recovered the impact "
        "(有效避免损失或者挽回影响)"
    )
    details: str = Field("", max_length=2000, description="what was corrected and how")


class MinorFault(BaseModel):
    """A minor fault with small damage and impact (第八条第二款)."""

    model_config = STRICT
    details: Text = Field(description="why the fault is minor and its damage and impact small")


class ExemptFinding(ItemFinding):
    """A circumstance in which accountability is not pursued (第九条 first paragraph)."""

    OTHER = "exempt 'other' (第九条(四))"
    item: Exempt = Field(description="第九条 item: " + ", ".join(e.value for e in Exempt))


class MayExemptFinding(BaseModel):
    """A circumstance in which accountability may be waived (第九条第二款)."""

    model_config = STRICT
    item: MayExempt = Field(description="第九条第二款: " + ", ".join(m.value for m in MayExempt))
    details: str = Field("", max_length=2000, description="the facts")


class Circumstances(BaseModel):
    """Circumstances of 第七条–第九条, for the whole case (the unit and every person) or for one
    person."""

    model_config = STRICT
    aggravating: list[AggravatingFinding] = Field(
        default_factory=list, max_length=4, description="第七条(二)–(五) items found"
    )
    self_correction: SelfCorrection | None = Field(
        None, description="the self-correction claimed under 第八条第一款, if any"
    )
    minor_fault: MinorFault | None = Field(
        None, description="the minor-fault finding of 第八条第二款, if any"
    )
    exempt: list[ExemptFinding] = Field(
        default_factory=list, max_length=4, description="第九条(一)–(四) items found"
    )
    may_exempt: list[MayExemptFinding] = Field(
        default_factory=list, max_length=3, description="第九条第二款 items found"
    )

    @model_validator(mode="after")
    def _unique(self) -> Self:
        no_duplicates((a.item for a in self.aggravating), "aggravating")
        no_duplicates((e.item for e in self.exempt), "exempt")
        no_duplicates((m.item for m in self.may_exempt), "may_exempt")
        return self

    def has_serious_loss(self) -> bool:
        return any(a.item is Aggravating.SERIOUS_LOSS for a in self.aggravating)


def check_circumstances(circumstances: Circumstances, act: date, where: str) -> None:
    if circumstances.has_serious_loss() and circumstances.minor_fault is not None:
        raise ValueError(
            f"{where}: minor_fault (small damage, 第八条第二款) contradicts "
            "serious_loss (第七条(四))"
        )
    correction = circumstances.self_correction
    if correction is not None and correction.corrected_on < act:
        raise ValueError(f"{where}.self_correction.corrected_on: before lost_case.act_date")
