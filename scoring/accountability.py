"""Lost-case accountability (行政案件败诉追责): who answers for a lost administrative case, and how.

Source: 衢州市行政案件败诉追责办法 衢政办发〔2023〕5号 (seed 001 lines 868–980), in force
2023-04-01. The rule gives findings, not points: from the facts of one lost case it decides whether
accountability applies (第五条 trigger, 第六条 grounds), the aggravating, mitigating and exempting
circumstances (第七条–第九条, including the computed "same person, same kind of fault, twice in a
year" of 第七条(一)), who is liable (第十条), the sanctions that may be proposed (第十一条,
第十二条), the process (第十三条) and the referral routes (第十四条).

Every finding is a ScoreLine with `points` None. `total` is None; `grade` is a conclusion code:

- `not_lost`: no outcome of 第五条 — not a lost case, the Measures do not apply;
- `no_ground`: a lost case, but no fault of 第六条 caused it — no accountability;
- `exempt`: 不予追究 (第九条 first paragraph) for the agency and every person — no sanction;
- `may_exempt`: 可以不予或者免于追究 (第九条第二款) — the authority decides; sanctions listed;
- `mitigated`: accountability applies, 从轻或者减轻 (第八条);
- `applies`: accountability applies (第六条), no circumstance either way;
- `aggravated_mitigated`: applies, both 从重 (第七条) and 从轻/减轻 (第八条) found;
- `aggravated`: applies, 从重 (第七条).

Each subject (the agency, each person) gets one of the last six, in its `conclusion.agency` or
`conclusion.person.<id>` line (label: the Chinese term; the reason ends with the code in brackets,
e.g. "[aggravated]"); the report's `grade` is the heaviest of them in the order of SEVERITY, so
that adding an aggravating fact never lightens the case and adding an exempting or mitigating fact
never makes it heavier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Protocol, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checks.plausible import PastDay, StrictBool
from periods.months import months_later
from scoring.listing import first_repeat
from scoring.report import Consequence, GroupTotal, ScoreLine, ScoreReport

KIND = "accountability"
DOC = "衢政办发〔2023〕5号"

# --- Interpretations (named, so that a reviewer can find and change each one) -----------------

# 第七条(一) "同一责任人员1年内出现2次以上同类过错行为":
# - "1年内" is a window of 12 months between the dates of the faulty acts, inclusive at both ends
#   (内 = 以内, which includes the number, 民法典 第一千二百五十九条); "exactly 1 year apart" is the
#   same day of the month 12 months later (the last day of the month where that day does not
#   exist, 民法典 第二百零二条), so 2023-03-10 and 2024-03-10 are within 1 year, 2024-03-11 is not.
# - An occurrence is dated by its faulty act (`act_date`), not by the judgment: the article counts
#   过错行为, and a judgment can come years after the act.
REPEAT_WINDOW_MONTHS = 12
# - "2次以上" includes 2 (以上 includes the number).
REPEAT_MIN_TIMES = 2
# - The current case is one of the times: it is a fault of the same person, and the article asks
#   how many faults occurred, not how many were earlier. One earlier same-kind fault within the
#   window + this case = 2 times → 从重. An earlier *finding* may concern an act done after this
#   case's act (judgments come late): it counts when its act lies within the window either way.
REPEAT_COUNTS_CURRENT_CASE = True
# - An earlier finding that ended as 不予追究 under 第九条 (first paragraph) established no fault,
#   so it is not an occurrence of a 过错行为.
REPEAT_COUNTS_EXEMPTED_FINDINGS = False
# - "同类" is read as "the same ground of 第六条". The catch-all 第六条(七) "其他违法行为" names no
#   kind, so two such findings are not presumed alike; the authority may record 第七条(五) instead.
REPEAT_OTHER_GROUND_IS_ONE_KIND = False

# 第八条第一款 "在相关法律文书生效前及时纠正": the facts carry dates, not times, so a correction
# made on the day the document took effect cannot be shown to precede it; it does not count.
SELF_CORRECTION_ON_EFFECTIVE_DAY_COUNTS = False

# 第十三条 "自收到生效判决(决定)文书之日起2个月内": an agency may receive a first-instance judgment
# before it takes effect (no appeal within the appeal period). The 2 months are then counted from
# the day it took effect, when the agency holds an *effective* document: the later of the two dates.
REPORT_CLOCK_FROM_LATER_OF_RECEIPT_AND_EFFECT = True

# 第十一条/第十二条 list the methods without ranking them or tying any to 从重 (第七条) or
# 从轻/减轻 (第八条). So every method is listed as possible for every non-exempt subject and the
# reason says so; narrowing is the authority's call (第十三条第二款).

E = TypeVar("E", bound=StrEnum)
E_co = TypeVar("E_co", bound=StrEnum, covariant=True)

_CN = ("", "一", "二", "三", "四", "五", "六", "七")


def _item(article: str, number: int) -> str:
    return f"{DOC} {article}({_CN[number]})"


# --- Tables: ids, the regulation's terms and their clauses ---------------------------------------


class Body(StrEnum):
    """Who decided the case against the agency (第五条)."""

    COURT = "court"  # 人民法院
    RECONSIDERATION = "reconsideration"  # 行政复议机关


BODY_LABELS = {Body.COURT: "人民法院", Body.RECONSIDERATION: "行政复议机关"}


class AgencyLevel(StrEnum):
    """The level of the agency; 乡镇街道 report to the county level (第十三条第一款)."""

    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class Outcome(StrEnum):
    """第五条 — what the court or reconsideration body decided."""

    CONFIRMED_ILLEGAL = "confirmed_illegal"
    REVOKED_OR_CHANGED = "revoked_or_changed"
    ORDERED_TO_ACT = "ordered_to_act"
    ORDERED_RESTITUTION = "ordered_restitution"
    OTHER = "other"


OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.CONFIRMED_ILLEGAL: ("确认行政行为违法", _item("第五条", 1)),
    Outcome.REVOKED_OR_CHANGED: ("撤销或者变更行政行为", _item("第五条", 2)),
    Outcome.ORDERED_TO_ACT: ("责令履行法定职责或者重新作出行政行为", _item("第五条", 3)),
    Outcome.ORDERED_RESTITUTION: (
        "责令返还财产,解除查封、扣押、冻结措施或者赔偿",
        _item("第五条", 4),
    ),
    Outcome.OTHER: ("其他依法认定为行政败诉案件", _item("第五条", 5)),
}


class Ground(StrEnum):
    """第六条 — the fault that caused the loss; also the "kind" (同类) of 第七条(一)."""

    FACTS_UNCLEAR = "facts_unclear"
    POWER_EXCEEDED_OR_ABUSED = "power_exceeded_or_abused"
    PROCEDURE_VIOLATED = "procedure_violated"
    MANIFESTLY_IMPROPER = "manifestly_improper"
    LAW_MISAPPLIED = "law_misapplied"
    DUTY_NOT_PERFORMED = "duty_not_performed"
    OTHER_ILLEGAL = "other_illegal"


GROUNDS: dict[Ground, tuple[str, str]] = {
    Ground.FACTS_UNCLEAR: ("行政行为主要事实不清、证据不足", _item("第六条", 1)),
    Ground.POWER_EXCEEDED_OR_ABUSED: ("超越或者滥用法定职权", _item("第六条", 2)),
    Ground.PROCEDURE_VIOLATED: ("违反法定程序履行职责", _item("第六条", 3)),
    Ground.MANIFESTLY_IMPROPER: ("行政行为明显不当", _item("第六条", 4)),
    Ground.LAW_MISAPPLIED: ("行政行为适用法律明显错误", _item("第六条", 5)),
    Ground.DUTY_NOT_PERFORMED: (
        "无正当理由不履行、拒绝履行或者推诿履行法定职责",
        _item("第六条", 6),
    ),
    Ground.OTHER_ILLEGAL: ("其他违法行为导致败诉", _item("第六条", 7)),
}


class Aggravating(StrEnum):
    """第七条(二)–(五). Item (一), the repeat fault, is computed from `earlier_findings`."""

    EVIDENCE_OBSTRUCTION = "evidence_obstruction"
    RETALIATION = "retaliation"
    SERIOUS_LOSS = "serious_loss"
    OTHER = "other"


REPEAT_LABEL = "同一责任人员1年内出现2次以上同类过错行为"
REPEAT_CLAUSE = _item("第七条", 1)
AGGRAVATING: dict[Aggravating, tuple[str, str]] = {
    Aggravating.EVIDENCE_OBSTRUCTION: (
        "转移、销毁有关证据,弄虚作假或者阻碍、干扰败诉责任调查、追究",
        _item("第七条", 2),
    ),
    Aggravating.RETALIATION: ("打击、报复行政案件当事人", _item("第七条", 3)),
    Aggravating.SERIOUS_LOSS: ("因行政败诉造成严重损失或者其他恶劣影响", _item("第七条", 4)),
    Aggravating.OTHER: ("其他从重追究责任的情形", _item("第七条", 5)),
}

SELF_CORRECTION_LABEL = "主动发现过错并在法律文书生效前及时纠正"
SELF_CORRECTION_CLAUSE = f"{DOC} 第八条第一款"
MINOR_FAULT_LABEL = "过错情节轻微,损害和影响较小"
MINOR_FAULT_CLAUSE = f"{DOC} 第八条第二款"


class Exempt(StrEnum):
    """第九条 first paragraph (一)–(四): 不予追究责任."""

    COUNTERPART_FALSIFIED = "counterpart_falsified"
    BASIS_UNCLEAR = "basis_unclear"
    FORCE_MAJEURE = "force_majeure"
    OTHER = "other"


EXEMPT: dict[Exempt, tuple[str, str]] = {
    Exempt.COUNTERPART_FALSIFIED: (
        "行政相对人弄虚作假,致使难以作出正确判断",
        _item("第九条", 1),
    ),
    Exempt.BASIS_UNCLEAR: (
        "依据不明确、不一致或者理解认识不一致,致使行政行为出现偏差",
        _item("第九条", 2),
    ),
    Exempt.FORCE_MAJEURE: ("因不可抗力或者紧急避险等无法正常履行法定职责", _item("第九条", 3)),
    Exempt.OTHER: ("其他依法不予追究责任的情形", _item("第九条", 4)),
}


class MayExempt(StrEnum):
    """第九条第二款: 可以不予或者免于追究责任 (a decision for the authority)."""

    REFORM_INEXPERIENCE = "reform_inexperience"
    EXPLORATORY_TRIAL = "exploratory_trial"
    UNINTENTIONAL_DEVELOPMENT = "unintentional_development"


MAY_EXEMPT_CLAUSE = f"{DOC} 第九条第二款"
MAY_EXEMPT: dict[MayExempt, str] = {
    MayExempt.REFORM_INEXPERIENCE: "推进改革中因缺乏经验、先行先试出现的失误和错误",
    MayExempt.EXPLORATORY_TRIAL: "上级尚无明确限制的探索性试验中的失误和错误",
    MayExempt.UNINTENTIONAL_DEVELOPMENT: "为推动发展的无意过失",
}


class Role(StrEnum):
    """第十条 — the two kinds of liable person."""

    RESPONSIBLE_LEADER = "responsible_leader"
    DIRECTLY_RESPONSIBLE = "directly_responsible"


ROLE_LABELS = {
    Role.RESPONSIBLE_LEADER: "负有责任的领导人员",
    Role.DIRECTLY_RESPONSIBLE: "直接责任人员",
}
LIABLE_CLAUSE = f"{DOC} 第十条"

# 第十一条 — on the agency; 第十二条 — on staff. (id, term, clause), in the regulation's order.
AGENCY_SANCTIONS: tuple[tuple[str, str, str], ...] = (
    ("written_admonition", "书面告诫", _item("第十一条", 1)),
    ("written_self_examination", "责令作出书面检查", _item("第十一条", 2)),
    ("circulated_criticism", "通报批评", _item("第十一条", 3)),
    ("other_lawful", "法律、法规、规章规定的其他方式", _item("第十一条", 4)),
)
STAFF_SANCTIONS: tuple[tuple[str, str, str], ...] = (
    ("reminder_talk", "谈话提醒", _item("第十二条", 1)),
    ("criticism_education", "批评教育", _item("第十二条", 2)),
    ("written_self_examination", "责令作出书面检查", _item("第十二条", 3)),
    ("disciplinary_sanction", "处分", _item("第十二条", 4)),
    ("other_lawful", "法律、法规、规章规定的其他方式", _item("第十二条", 5)),
)


class Referral(StrEnum):
    """第十四条 — where a liable person's case goes beyond these Measures."""

    DISCIPLINE = "discipline"
    ORGANISATIONAL = "organisational"
    CRIME = "crime"


REFERRAL_CLAUSE = f"{DOC} 第十四条"
REFERRALS: dict[Referral, tuple[str, str]] = {
    Referral.DISCIPLINE: ("涉嫌违纪违法需给予党纪政务处分", "移送纪检监察机关处理"),
    Referral.ORGANISATIONAL: ("涉及组织处理", "移送组织人事部门处理"),
    Referral.CRIME: ("涉嫌犯罪", "依法处理"),
}


class Conclusion(StrEnum):
    """The conclusion codes carried in `grade` (see the module docstring)."""

    NOT_LOST = "not_lost"
    NO_GROUND = "no_ground"
    EXEMPT = "exempt"
    MAY_EXEMPT = "may_exempt"
    MITIGATED = "mitigated"
    APPLIES = "applies"
    AGGRAVATED_MITIGATED = "aggravated_mitigated"
    AGGRAVATED = "aggravated"


# Heavier conclusions rank higher. Both 从重 and 从轻/减轻 found: the Measures give neither
# precedence, so both stand for the authority to weigh; ranked between "applies" and "aggravated".
SEVERITY: dict[Conclusion, int] = {
    Conclusion.NOT_LOST: 0,
    Conclusion.NO_GROUND: 0,
    Conclusion.EXEMPT: 1,
    Conclusion.MAY_EXEMPT: 2,
    Conclusion.MITIGATED: 3,
    Conclusion.APPLIES: 4,
    Conclusion.AGGRAVATED_MITIGATED: 5,
    Conclusion.AGGRAVATED: 6,
}

# The label of a subject's `conclusion.*` line; its reason ends with the code in brackets.
CONCLUSION_LABELS: dict[Conclusion, str] = {
    Conclusion.EXEMPT: "不予追究",
    Conclusion.MAY_EXEMPT: "可以不予或者免于追究",
    Conclusion.MITIGATED: "从轻或者减轻追究",
    Conclusion.APPLIES: "应当追究",
    Conclusion.AGGRAVATED_MITIGATED: "从重情形与从轻或者减轻情形并存",
    Conclusion.AGGRAVATED: "从重追究",
}

GROUP_LABELS: tuple[tuple[str, str], ...] = (
    ("trigger", "败诉情形(第五条)"),
    ("grounds", "追责事由(第六条)"),
    ("exempt", "不予追究/可以免责(第九条)"),
    ("aggravating", "从重情形(第七条)"),
    ("mitigating", "从轻或者减轻情形(第八条)"),
    ("liable", "责任人员(第十条)"),
    ("conclusion", "追责结论"),
    ("sanctions", "追责方式(第十一条、第十二条)"),
    ("referral", "移送处理(第十四条)"),
)
GROUPS = [GroupTotal(group=group, label=label, points=None) for group, label in GROUP_LABELS]

# --- Facts ---------------------------------------------------------------------------------------

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


# --- Rules ---------------------------------------------------------------------------------------


def _finding(indicator: str, label: str, reason: str, clause: str) -> ScoreLine:
    """A line of the assessment: these Measures give findings, not points; the group is the
    indicator's first part ("exempt.case.force_majeure" is in "exempt")."""
    return ScoreLine(
        indicator=indicator,
        group=indicator.partition(".")[0],
        label=label,
        points=None,
        reason=reason,
        clause=clause,
    )


class _Itemised(Protocol[E_co]):
    """A finding of one numbered item of an article, with the facts that establish it."""

    @property
    def item(self) -> E_co: ...

    @property
    def details(self) -> str: ...


def _item_lines(
    prefix: str,
    findings: Iterable[_Itemised[E]],
    table: Mapping[E, tuple[str, str]],
    consequence: str,
) -> list[ScoreLine]:
    """A line per finding, citing its item's clause: its facts (or, without them, the item's
    own words) and what follows from it."""
    lines: list[ScoreLine] = []
    for finding in findings:
        label, clause = table[finding.item]
        reason = f"{finding.details or label}: {consequence}."
        lines.append(_finding(f"{prefix}.{finding.item.value}", label, reason, clause))
    return lines


def repeat_window(findings: Sequence[EarlierFinding], current: date) -> list[EarlierFinding]:
    """第七条(一): the most earlier faults that fall in one window of REPEAT_WINDOW_MONTHS which
    also holds the current act. Anchoring the window at its earliest fault is enough: sliding a
    window right to its first fault loses none of the later ones."""
    best: list[EarlierFinding] = []
    for start in (*(f.act_date for f in findings), current):
        end = months_later(start, REPEAT_WINDOW_MONTHS)
        if start <= current <= end:
            inside = [f for f in findings if start <= f.act_date <= end]
            if len(inside) > len(best):
                best = inside
    return sorted(best, key=lambda f: f.act_date)


def _same_kind(ground: Ground) -> bool:
    return ground is not Ground.OTHER_ILLEGAL or REPEAT_OTHER_GROUND_IS_ONE_KIND


def repeat_fault(
    person: Person, grounds: Sequence[Ground], act: date, notes: list[str]
) -> ScoreLine | None:
    """第七条(一) 同一责任人员1年内出现2次以上同类过错行为, computed from the earlier findings."""
    if not person.earlier_findings:
        return None
    met: list[str] = []
    counted: set[int] = set()  # ids of the findings inside a window
    for ground in grounds:
        if not _same_kind(ground):
            continue
        same = [
            f
            for f in person.earlier_findings
            if f.ground is ground and (REPEAT_COUNTS_EXEMPTED_FINDINGS or not f.exempted)
        ]
        inside = repeat_window(same, act) if same else []
        counted.update(id(f) for f in inside)
        times = len(inside) + (1 if REPEAT_COUNTS_CURRENT_CASE else 0)
        if times >= REPEAT_MIN_TIMES:
            earlier = ", ".join(f"{f.case_id} (act {f.act_date.isoformat()})" for f in inside)
            met.append(
                f"{times} faults of kind {GROUNDS[ground][1].removeprefix(DOC + ' ')}: "
                f"{earlier} and this case (act {act.isoformat()})"
            )
        elif inside:
            notes.append(
                f"{person.name}: only {times} faults of kind {ground.value} within 1 year, "
                f"fewer than {REPEAT_MIN_TIMES} (第七条(一))."
            )
    # Say why each other earlier finding did not count, so the result can be argued with.
    for f in person.earlier_findings:
        if id(f) in counted:
            continue
        if f.exempted and not REPEAT_COUNTS_EXEMPTED_FINDINGS:
            why = "it ended as 不予追究 (第九条), so it established no fault"
        elif f.ground not in grounds:
            why = f"its kind ({f.ground.value}) is not among this person's faults in this case"
        elif not _same_kind(f.ground):
            why = "the catch-all 第六条(七) names no kind"
        else:
            why = f"its act on {f.act_date.isoformat()} is more than 1 year from this act"
        notes.append(
            f"{person.name}: earlier finding {f.case_id} not counted for 第七条(一): {why}."
        )
    if not met:
        return None
    return _finding(
        f"aggravating.person.{person.id}.repeat_fault",
        REPEAT_LABEL,
        f"{person.name}: " + "; ".join(met) + f", within 1 year and ≥ {REPEAT_MIN_TIMES}: "
        "应当从重.",
        REPEAT_CLAUSE,
    )


class _Found:
    """What the circumstances of one scope (the case, or one person) amount to."""

    __slots__ = ("aggravating", "exempt", "lines", "may_exempt", "mitigating")

    def __init__(self) -> None:
        self.lines: list[ScoreLine] = []
        self.exempt: list[str] = []  # clauses
        self.may_exempt = False
        self.aggravating: list[str] = []
        self.mitigating: list[str] = []


def circumstance_lines(
    circumstances: Circumstances, scope: str, who: str, effective: date, notes: list[str]
) -> _Found:
    """第七条(二)–(五), 第八条, 第九条 for one scope ("case" or "person.<id>")."""
    found = _Found()
    found.exempt = [EXEMPT[e.item][1] for e in circumstances.exempt]
    found.lines += _item_lines(
        f"exempt.{scope}", circumstances.exempt, EXEMPT, f"not pursued (不予追究) for {who}"
    )
    found.may_exempt = bool(circumstances.may_exempt)
    found.lines += _item_lines(
        f"exempt.{scope}",
        circumstances.may_exempt,
        {item: (label, MAY_EXEMPT_CLAUSE) for item, label in MAY_EXEMPT.items()},
        f"{who} may be exempt (可以不予或者免于追究); the authority decides",
    )
    found.aggravating = [AGGRAVATING[a.item][1] for a in circumstances.aggravating]
    found.lines += _item_lines(
        f"aggravating.{scope}",
        circumstances.aggravating,
        AGGRAVATING,
        f"heavier accountability (应当从重) for {who}",
    )
    correction = circumstances.self_correction
    if correction is not None:
        in_time = correction.corrected_on < effective or (
            SELF_CORRECTION_ON_EFFECTIVE_DAY_COUNTS and correction.corrected_on == effective
        )
        missing = [
            text
            for ok, text in (
                (correction.discovered_by_self, "it was not found on own initiative"),
                (
                    in_time,
                    f"the correction on {correction.corrected_on.isoformat()} did not "
                    f"precede the document's effect on {effective.isoformat()}",
                ),
                (correction.loss_avoided, "it did not avoid the loss or recover the impact"),
            )
            if not ok
        ]
        if missing:
            notes.append(
                f"Self-correction of {who} is not within 第八条第一款: " + "; ".join(missing) + "."
            )
        else:
            found.mitigating.append(SELF_CORRECTION_CLAUSE)
            found.lines.append(
                _finding(
                    f"mitigating.{scope}.self_correction",
                    SELF_CORRECTION_LABEL,
                    f"Found by itself and corrected on {correction.corrected_on.isoformat()}"
                    f", before the effect on {effective.isoformat()}, avoiding loss: "
                    f"应当从轻或者减轻 for {who}.",
                    SELF_CORRECTION_CLAUSE,
                )
            )
    if circumstances.minor_fault is not None:
        found.mitigating.append(MINOR_FAULT_CLAUSE)
        found.lines.append(
            _finding(
                f"mitigating.{scope}.minor_fault",
                MINOR_FAULT_LABEL,
                f"{circumstances.minor_fault.details}: 可以从轻或者减轻 for {who}.",
                MINOR_FAULT_CLAUSE,
            )
        )
    return found


def conclude(exempt: bool, may_exempt: bool, aggravated: bool, mitigated: bool) -> Conclusion:
    """One subject's conclusion. A mandatory exemption (第九条 first paragraph) prevails over
    everything; a possible one (第九条第二款) goes to the authority before any 从重/从轻."""
    if exempt:
        return Conclusion.EXEMPT
    if may_exempt:
        return Conclusion.MAY_EXEMPT
    if aggravated and mitigated:
        return Conclusion.AGGRAVATED_MITIGATED
    if aggravated:
        return Conclusion.AGGRAVATED
    if mitigated:
        return Conclusion.MITIGATED
    return Conclusion.APPLIES


def _cites(clauses: Iterable[str]) -> str:
    return "、".join(dict.fromkeys(c.removeprefix(DOC + " ") for c in clauses))


def _phrase(
    conclusion: Conclusion, exempt: list[str], aggravating: list[str], mitigating: list[str]
) -> str:
    """The conclusion for one subject, in words, with the clauses that led to it."""
    heavier = f"从重 ({_cites(aggravating)})" if aggravating else ""
    lighter = f"从轻或者减轻 ({_cites(mitigating)})" if mitigating else ""
    both = " and ".join(p for p in (heavier, lighter) if p)
    if conclusion is Conclusion.EXEMPT:
        return f"exempt (不予追究, {_cites(exempt)}), no sanction proposed"
    if conclusion is Conclusion.MAY_EXEMPT:
        return "may be exempt (可以免责, 第九条第二款), for the authority to decide" + (
            f"; if not exempted, accountability applies, {both}" if both else ""
        )
    if conclusion is Conclusion.AGGRAVATED_MITIGATED:
        return f"accountability applies, {both}: both stand, the authority weighs them"
    if both:
        return f"accountability applies, {both}"
    return "accountability applies (应当追究)"


def _key_clause(
    conclusion: Conclusion, exempt: list[str], aggravating: list[str], mitigating: list[str]
) -> str:
    """The clause a subject's conclusion rests on."""
    if conclusion is Conclusion.EXEMPT:
        return exempt[0]
    if conclusion is Conclusion.MAY_EXEMPT:
        return MAY_EXEMPT_CLAUSE
    if aggravating:
        return aggravating[0]
    if mitigating:
        return mitigating[0]
    return f"{DOC} 第六条"


def sanction_lines(
    scope: str, who: str, table: tuple[tuple[str, str, str], ...], conclusion: Conclusion
) -> list[ScoreLine]:
    """第十一条 (agency) or 第十二条 (staff): the methods that may be proposed."""
    if conclusion is Conclusion.EXEMPT:
        return [
            _finding(
                f"sanctions.{scope}.none",
                "不予追究",
                f"{who} is exempt under 第九条: no sanction is proposed.",
                f"{DOC} 第九条",
            )
        ]
    if conclusion is Conclusion.MAY_EXEMPT:
        why = "possible only if the authority does not exempt (第九条第二款); "
    else:
        why = ""
    why += "the Measures rank no method and tie none to 从重/从轻, so all remain open"
    return [
        _finding(
            f"sanctions.{scope}.{method}",
            term,
            f"{term} may be proposed for {who}: {why}.",
            clause,
        )
        for method, term, clause in table
    ]


def score(facts: Facts) -> ScoreReport:
    """Assess one lost case under 衢政办发〔2023〕5号."""
    case = facts.lost_case
    lines: list[ScoreLine] = []
    notes: list[str] = []
    consequences: list[Consequence] = []
    document = f"{case.body_name} {case.document_number}"

    if case.effective_date < date(2023, 4, 1):
        notes.append(
            f"The decision took effect on {case.effective_date.isoformat()}, before these Measures "
            "(in force 2023-04-01, 第十五条, repealing 衢政办发[2012]74号): check which governs."
        )

    # 第五条 — the trigger.
    if not case.outcomes:
        lines.append(
            _finding(
                "trigger.none",
                "非行政败诉案件",
                f"{document} found none of 第五条(一)–(五): not a lost case.",
                f"{DOC} 第五条",
            )
        )
        return _report(
            facts,
            Conclusion.NOT_LOST,
            lines,
            notes,
            consequences,
            f"Not a lost case: {document} found none of 第五条(一)–(五), so the Measures do "
            "not apply.",
        )
    for outcome in case.outcomes:
        label, clause = OUTCOMES[outcome.item]
        detail = f" ({outcome.details})" if outcome.details else ""
        lines.append(
            _finding(
                f"trigger.{outcome.item.value}",
                label,
                f"{case.body_name} ({BODY_LABELS[case.body]}), {case.document_number}: "
                f"{label}{detail} — a lost case, accountability may be pursued (可以进行追责).",
                clause,
            )
        )
    triggers = "、".join(OUTCOMES[o.item][1].removeprefix(DOC + " ") for o in case.outcomes)
    consequences.append(_report_duty(facts))

    # 第六条 — the grounds.
    if not facts.grounds:
        if facts.persons:
            notes.append(
                f"{len(facts.persons)} person(s) named but not assessed: no fault of 第六条."
            )
        lines.append(
            _finding(
                "grounds.none",
                "无追责事由",
                "No fault of 第六条(一)–(七) caused the loss: nobody is held accountable.",
                f"{DOC} 第六条",
            )
        )
        return _report(
            facts,
            Conclusion.NO_GROUND,
            lines,
            notes,
            consequences,
            f"Lost case ({triggers}) but no fault of 第六条 caused it: no accountability; the "
            "agency still files its analysis and rectification report (第十三条第一款).",
        )
    lines += _item_lines(
        "grounds",
        facts.grounds,
        GROUNDS,
        "the agency and its staff shall be held accountable (应当追究)",
    )
    grounds = [g.item for g in facts.grounds]
    cause = "、".join(GROUNDS[g][1].removeprefix(DOC + " ") for g in grounds)

    # 第七条–第九条 for the whole case: they bind the unit and every person.
    effective = case.effective_date
    unit = circumstance_lines(
        facts.circumstances, "case", "the unit and every person", effective, notes
    )
    lines.extend(unit.lines)
    agency = facts.agency
    agency_conclusion = conclude(
        bool(unit.exempt), unit.may_exempt, bool(unit.aggravating), bool(unit.mitigating)
    )
    subjects: list[tuple[str, Conclusion, str]] = [
        (
            agency.name,
            agency_conclusion,
            _phrase(agency_conclusion, unit.exempt, unit.aggravating, unit.mitigating),
        )
    ]
    agency_reason = f"{agency.name}: {subjects[0][2]}."
    if agency.reorganised:
        agency_reason += " Reorganised since: liability is not ended (第十条)."
    tail: list[ScoreLine] = [
        _finding(
            "conclusion.agency",
            CONCLUSION_LABELS[agency_conclusion],
            f"{agency_reason} [{agency_conclusion.value}]",
            _key_clause(agency_conclusion, unit.exempt, unit.aggravating, unit.mitigating),
        ),
        *sanction_lines("agency", agency.name, AGENCY_SANCTIONS, agency_conclusion),
    ]
    referrals: list[str] = []

    # 第十条 — each person, with the case's circumstances and their own.
    for person in facts.persons:
        scope = f"person.{person.id}"
        own = circumstance_lines(person.circumstances, scope, person.name, effective, notes)
        person_grounds = person.grounds if person.grounds is not None else grounds
        repeat = repeat_fault(person, person_grounds, case.act_date, notes)
        if repeat is not None:
            own.lines.insert(0, repeat)
            own.aggravating.insert(0, REPEAT_CLAUSE)
        lines.extend(own.lines)
        aggravating = unit.aggravating + own.aggravating
        mitigating = unit.mitigating + own.mitigating
        conclusion = conclude(
            bool(unit.exempt or own.exempt),
            unit.may_exempt or own.may_exempt,
            bool(aggravating),
            bool(mitigating),
        )
        phrase = _phrase(conclusion, unit.exempt + own.exempt, aggravating, mitigating)
        subjects.append((person.name, conclusion, phrase))
        post = f"{person.position}, " if person.position else ""
        liable = (
            f"{person.name} ({post}{person.unit}) is a {ROLE_LABELS[person.role]} for "
            + "、".join(GROUNDS[g][1].removeprefix(DOC + " ") for g in person_grounds)
        )
        if person.current_unit and person.current_unit != person.unit:
            liable += f"; transferred to {person.current_unit}, which does not end liability"
        lines.append(
            _finding(
                f"liable.{scope}",
                ROLE_LABELS[person.role],
                liable + ".",
                LIABLE_CLAUSE,
            )
        )
        tail.append(
            _finding(
                f"conclusion.{scope}",
                CONCLUSION_LABELS[conclusion],
                f"{person.name}: {phrase}. [{conclusion.value}]",
                _key_clause(conclusion, unit.exempt + own.exempt, aggravating, mitigating),
            )
        )
        tail.extend(sanction_lines(scope, person.name, STAFF_SANCTIONS, conclusion))
        for route in dict.fromkeys(person.referrals):
            matter, handling = REFERRALS[route]
            exempt_note = (
                " (the 第九条 exemption covers these Measures, not this route)"
                if conclusion is Conclusion.EXEMPT
                else ""
            )
            tail.append(
                _finding(
                    f"referral.{scope}.{route.value}",
                    f"{matter}:{handling}",
                    f"{person.name}: {matter}, {handling}{exempt_note}.",
                    REFERRAL_CLAUSE,
                )
            )
            referrals.append(f"{person.name} {handling}")
    lines.extend(tail)

    if not facts.persons:
        notes.append(
            "No person is named: 第十条 requires the responsible leaders and directly responsible "
            "persons of the unit to be identified."
        )
    overall = max((s[1] for s in subjects), key=SEVERITY.__getitem__)
    if overall is not Conclusion.EXEMPT:
        consequences.extend(_handling_duties())
    if referrals:
        consequences.append(
            Consequence(text="Refer (移送): " + "; ".join(referrals) + ".", clause=REFERRAL_CLAUSE)
        )
    summary = "; ".join(f"{name} — {phrase}" for name, _, phrase in subjects)
    recommendation = f"Lost case ({triggers}) caused by {cause}: {summary}."
    if referrals:
        recommendation += " Referral (第十四条): " + "; ".join(referrals) + "."
    return _report(facts, overall, lines, notes, consequences, recommendation)


def _report_duty(facts: Facts) -> Consequence:
    """第十三条第一款: the agency's case analysis and rectification report within 2 months."""
    case = facts.lost_case
    start = f"received {case.received_date.isoformat()}"
    if REPORT_CLOCK_FROM_LATER_OF_RECEIPT_AND_EFFECT and case.effective_date > case.received_date:
        # Received before it took effect: the agency holds an effective document from then on.
        start += f", effective {case.effective_date.isoformat()}: counted from taking effect"
    to = (
        "the county-level judicial administration (乡镇街道向县级报告)"
        if facts.agency.level is AgencyLevel.TOWNSHIP
        else f"the same-level ({facts.agency.level.value}) judicial administration "
        "(同级司法行政机关)"
    )
    return Consequence(
        text=f"{facts.agency.name} submits a case analysis and rectification report (案件分析整改"
        f"报告: causes of the loss, rectification measures, accountability proposals) to {to} "
        f"within 2 months of receiving the effective document ({start}).",
        clause=f"{DOC} 第十三条第一款",
    )


def _handling_duties() -> list[Consequence]:
    """第十三条第二款、第三款: review and referral by the judicial administration; feedback."""
    return [
        Consequence(
            text="The judicial administration reviews the report promptly (及时审核) and, where "
            "accountability is due, proposes handling and refers it to the appointing authority "
            "(任免机关) or the discipline-inspection body (纪检监察机关).",
            clause=f"{DOC} 第十三条第二款",
        ),
        Consequence(
            text="The agency feeds the handling result back to the judicial administration within "
            "3 working days of the handling decision, copying the same-level discipline-inspection "
            "body (抄送同级纪检监察机关).",
            clause=f"{DOC} 第十三条第三款",
        ),
    ]


def _report(
    facts: Facts,
    conclusion: Conclusion,
    lines: list[ScoreLine],
    notes: list[str],
    consequences: list[Consequence],
    recommendation: str,
) -> ScoreReport:
    return ScoreReport(
        kind=KIND,
        subject_id=facts.case_id,
        total=None,
        grade=conclusion.value,
        recommendation=recommendation,
        groups=GROUPS,
        lines=lines,
        consequences=consequences,
        notes=notes,
    )
