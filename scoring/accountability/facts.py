"""The facts of one lost case, validated: the ids of the tables, the dates that count, and the
contradictions a refusal names (a serious loss cannot also be a minor fault)."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastDay, StrictBool
from scoring.accountability.circumstance_facts import Circumstances, check_circumstances
from scoring.accountability.fields import STRICT, ItemFinding, Name, PersonId, Text, no_duplicates
from scoring.accountability.tables import AgencyLevel, Body, Ground, Outcome, Referral, Role


class OutcomeFinding(ItemFinding):
    """One outcome of the decision against the agency (第五条)."""

    OTHER = "outcome 'other' (第五条(五))"
    item: Outcome = Field(description="第五条 item: " + ", ".join(o.value for o in Outcome))
    details: str = Field(
        "", max_length=2000, description="the operative part in short; required for 'other'"
    )


class LostCase(BaseModel):
    """The decision of the court or reconsideration body (行政败诉案件)."""

    model_config = STRICT
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
        no_duplicates((o.item for o in self.outcomes), "lost_case.outcomes")
        if self.act_date > self.effective_date:
            raise ValueError("lost_case.act_date: after effective_date; an act is judged after it")
        return self


class Agency(BaseModel):
    """The unit that made the act (作出行政行为所在单位, 第十条)."""

    model_config = STRICT
    name: Name = Field(description="e.g. 衢州市柯城区综合行政执法局")
    level: AgencyLevel = Field(
        description="'city', 'county' or 'township' (乡镇街道 report to the county level)"
    )
    reorganised: StrictBool = Field(
        False, description="the unit has since been reorganised (机构调整); liability remains"
    )


class GroundFinding(BaseModel):
    """A fault found to have caused the loss (第六条)."""

    model_config = STRICT
    item: Ground = Field(description="第六条 item: " + ", ".join(g.value for g in Ground))
    details: Text = Field(description="what was wrong, as the judgment or the inquiry found it")


class EarlierFinding(BaseModel):
    """A fault of the same person found in an earlier case (for 第七条(一))."""

    model_config = STRICT
    case_id: Name = Field(description="the earlier case's id or document number")
    act_date: PastDay = Field(description="the day of the earlier faulty act")
    ground: Ground = Field(description="its kind: the 第六条 item it was found under")
    exempted: StrictBool = Field(
        False, description="the earlier case ended as 不予追究 under 第九条 (then not a fault)"
    )
    details: str = Field("", max_length=2000, description="what the earlier fault was")


class Person(BaseModel):
    """A person held responsible for the act (第十条)."""

    model_config = STRICT
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

    model_config = STRICT
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
        no_duplicates((g.item for g in self.grounds), "grounds")
        found = {g.item for g in self.grounds}
        act = self.lost_case.act_date
        check_circumstances(self.circumstances, act, "circumstances")
        ids: set[str] = set()
        for index, person in enumerate(self.persons):
            where = f"persons[{index}]"
            if person.id in ids:
                raise ValueError(f"{where}.id: duplicate person id {person.id!r}")
            ids.add(person.id)
            if person.grounds is not None:
                no_duplicates(person.grounds, f"{where}.grounds")
                for ground in person.grounds:
                    if ground not in found:
                        raise ValueError(
                            f"{where}.grounds: {ground.value!r} is not among the case's grounds"
                        )
            check_circumstances(person.circumstances, act, f"{where}.circumstances")
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
