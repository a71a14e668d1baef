"""The facts of one lost case, validated: the ids of the tables, the dates that count, and the
contradictions a refusal names (a serious loss cannot also be a minor fault)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checks.plausible import PastDay, StrictBool
from scoring.accountability.tables import (
    AgencyLevel,
    Aggravating,
    Body,
    Exempt,
    Ground,
    MayExempt,
    Outcome,
    Referral,
    Role,
)
from scoring.listing import first_repeat

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# Person ids become part of line ids (`liable.person.<id>`), so no dots or spaces.
PersonId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]


def _no_duplicates(items: Iterable[StrEnum], field: str) -> None:
    repeated = first_repeat(items)
    if repeated is not None:
        raise ValueError(f"{field}: {repeated.value!r} is listed twice")


class _ItemFinding(BaseModel):
    """A finding of one item of an article whose last item is a catch-all ('other'): that one
    must say what it is."""

    model_config = _STRICT
    item: StrEnum
    details: str = Field("", max_length=2000, description="the facts; required for 'other'")
    # How a refusal names the catch-all item, with its clause.
    OTHER: ClassVar[str]

    @model_validator(mode="after")
    def _other_needs_details(self) -> Self:
        if self.item == "other" and not self.details:
            raise ValueError(f"details: required for {self.OTHER}")
        return self


class OutcomeFinding(_ItemFinding):
    """One outcome of the decision against the agency (第五条)."""

    OTHER = "outcome 'other' (第五条(五))"
    item: Outcome = Field(description="第五条 item: " + ", ".join(o.value for o in Outcome))
    details: str = Field(
        "", max_length=2000, description="the operative part in short; required for 'other'"
    )


class LostCase(BaseModel):
    """The decision of the court or reconsideration body (行政败诉案件)."""

    model_config = _STRICT
    body: Body = Field(description="'court' (人民法院) or 'reconsideration' (行政复议机关)")
    body_name: Name = Field(description="e.g. 衢州市柯城区人民法院")
    document_number: Name = Field(
        description="the judgment or decision number, e.g. (2024)浙0802行初45号"
    )
    outcomes: list[OutcomeFinding] = Field(
        max_length=5,
        description="the 第五条 outcomes found in the decision; empty = the agency did not lose",
    )
    act_date: PastDay = Field(
        description="the day the administrative act under review was done (for a failure to act: "
        "the day the duty fell due); dates the fault for 第七条(一)"
    )
    effective_date: PastDay = Field(
        description="the day the judgment or decision took effect (生效)"
    )
    received_date: PastDay = Field(
        description="the day the agency received the effective document (第十三条 starts here)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _no_duplicates((o.item for o in self.outcomes), "lost_case.outcomes")
        if self.act_date > self.effective_date:
            raise ValueError("lost_case.act_date: after effective_date; an act is judged after it")
        return self


class Agency(BaseModel):
    """The unit that made the act (作出行政行为所在单位, 第十条)."""

    model_config = _STRICT
    name: Name = Field(description="e.g. 衢州市柯城区综合行政执法局")
    level: AgencyLevel = Field(
        description="'city', 'county' or 'township' (乡镇街道 report to the county level)"
    )
    reorganised: StrictBool = Field(
        False, description="the unit has since been reorganised (机构调整); liability remains"
    )


class GroundFinding(BaseModel):
    """A fault found to have caused the loss (第六条)."""

    model_config = _STRICT
    item: Ground = Field(description="第六条 item: " + ", ".join(g.value for g in Ground))
    details: Text = Field(description="what was wrong, as the judgment or the inquiry found it")


class AggravatingFinding(_ItemFinding):
    """An aggravating circumstance of 第七条(二)–(五)."""

    OTHER = "aggravating 'other' (第七条(五))"
    item: Aggravating = Field(
        description="第七条 item: " + ", ".join(a.value for a in Aggravating) + " (item (一), the "
        "repeat fault, is computed from the persons' earlier_findings)"
    )


class SelfCorrection(BaseModel):
    """The fault found and corrected by the unit or person itself (第八条第一款)."""

    model_config = _STRICT
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

    model_config = _STRICT
    details: Text = Field(description="why the fault is minor and its damage and impact small")


class ExemptFinding(_ItemFinding):
    """A circumstance in which accountability is not pursued (第九条 first paragraph)."""

    OTHER = "exempt 'other' (第九条(四))"
    item: Exempt = Field(description="第九条 item: " + ", ".join(e.value for e in Exempt))


class MayExemptFinding(BaseModel):
    """A circumstance in which accountability may be waived (第九条第二款)."""

    model_config = _STRICT
    item: MayExempt = Field(description="第九条第二款: " + ", ".join(m.value for m in MayExempt))
    details: str = Field("", max_length=2000, description="the facts")


class Circumstances(BaseModel):
    """Circumstances of 第七条–第九条, for the whole case (the unit and every person) or for one
    person."""

    model_config = _STRICT
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
        _no_duplicates((a.item for a in self.aggravating), "aggravating")
        _no_duplicates((e.item for e in self.exempt), "exempt")
        _no_duplicates((m.item for m in self.may_exempt), "may_exempt")
        return self

    def has_serious_loss(self) -> bool:
        return any(a.item is Aggravating.SERIOUS_LOSS for a in self.aggravating)


class EarlierFinding(BaseModel):
    """A fault of the same person found in an earlier case (for 第七条(一))."""

    model_config = _STRICT
    case_id: Name = Field(description="the earlier case's id or document number")
    act_date: PastDay = Field(description="the day of the earlier faulty act")
    ground: Ground = Field(description="its kind: the 第六条 item it was found under")
    exempted: StrictBool = Field(
        False, description="the earlier case ended as 不予追究 under 第九条 (then not a fault)"
    )
    details: str = Field("", max_length=2000, description="what the earlier fault was")


class Person(BaseModel):
    """A person held responsible for the act (第十条)."""

    model_config = _STRICT
    id: PersonId = Field(description="a stable id of the person, e.g. a staff number")
    name: Name = Field(description="full name")
    role: Role = Field(
        description="'responsible_leader' (负有责任的领导人员) or "
        "'directly_responsible' (直接责任人员)"
    )
    position: str = Field("", max_length=200, description="post at the time of the act")
    unit: Name = Field(description="the unit the person worked in at the time of the act")
    current_unit: str | None = Field(
        None, max_length=200, description="the present unit, when transferred since (调动)"
    )
    grounds: list[Ground] | None = Field(
        None,
        min_length=1,
        description="the case's 第六条 grounds this person is responsible for; null = all of them",
    )
    circumstances: Circumstances = Field(
        default_factory=Circumstances,
        description="circumstances of this person only (the case's apply to everyone)",
    )
    earlier_findings: list[EarlierFinding] = Field(
        default_factory=list,
        max_length=200,
        description="faults of this person found in earlier cases, for 第七条(一)",
    )
    referrals: list[Referral] = Field(
        default_factory=list,
        max_length=3,
        description="第十四条 routes the facts indicate: 'discipline' (党纪政务处分), "
        "'organisational' (组织处理), 'crime' (涉嫌犯罪)",
    )


class Facts(BaseModel):
    """The facts of one lost administrative case for the accountability assessment."""

    model_config = _STRICT
    case_id: Name = Field(description="the accountability case's id, e.g. QZSF-ZR-2024-017")
    agency: Agency = Field(description="the unit that made the act")
    lost_case: LostCase = Field(description="the decision against the agency (第五条)")
    grounds: list[GroundFinding] = Field(
        default_factory=list,
        max_length=7,
        description="the faults of 第六条 that caused the loss; empty = none found",
    )
    circumstances: Circumstances = Field(
        default_factory=Circumstances,
        description="第七条–第九条 circumstances of the whole case (the unit and every person)",
    )
    persons: list[Person] = Field(
        default_factory=list, max_length=50, description="the persons held responsible (第十条)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _no_duplicates((g.item for g in self.grounds), "grounds")
        found = {g.item for g in self.grounds}
        act = self.lost_case.act_date
        _check_circumstances(self.circumstances, act, "circumstances")
        ids: set[str] = set()
        for index, person in enumerate(self.persons):
            where = f"persons[{index}]"
            if person.id in ids:
                raise ValueError(f"{where}.id: duplicate person id {person.id!r}")
            ids.add(person.id)
            if person.grounds is not None:
                _no_duplicates(person.grounds, f"{where}.grounds")
                for ground in person.grounds:
                    if ground not in found:
                        raise ValueError(
                            f"{where}.grounds: {ground.value!r} is not among the case's grounds"
                        )
            _check_circumstances(person.circumstances, act, f"{where}.circumstances")
            # 第七条(四) serious loss and 第八条第二款 small damage cannot both hold for one
            # subject.
            own = person.circumstances
            if (self.circumstances.has_serious_loss() or own.has_serious_loss()) and (
                self.circumstances.minor_fault is not None or own.minor_fault is not None
            ):
                raise ValueError(
                    f"{where}.circumstances: minor_fault (small damage, 第八条第二款) contradicts "
                    "serious_loss (第七条(四))"
                )
            seen: set[tuple[str, Ground]] = set()
            for number, earlier in enumerate(person.earlier_findings):
                field = f"{where}.earlier_findings[{number}]"
                if earlier.case_id == self.case_id:
                    raise ValueError(f"{field}.case_id: is this case; list earlier cases only")
                key = (earlier.case_id, earlier.ground)
                if key in seen:
                    raise ValueError(
                        f"{field}: case {earlier.case_id!r} listed twice for one ground"
                    )
                seen.add(key)
        return self


def _check_circumstances(circumstances: Circumstances, act: date, where: str) -> None:
    if circumstances.has_serious_loss() and circumstances.minor_fault is not None:
        raise ValueError(
            f"{where}: minor_fault (small damage, 第八条第二款) contradicts "
            "serious_loss (第七条(四))"
        )
    correction = circumstances.self_correction
    if correction is not None and correction.corrected_on < act:
        raise ValueError(f"{where}.self_correction.corrected_on: before lost_case.act_date")
