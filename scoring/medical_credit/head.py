"""定点医药机构负责人: heads of designated institutions, 衢医保发〔2021〕36号 附件9.

Composed from other subjects' scores (八(二): 负责人 = legal representative, principal person in
charge or actual controller). Groups (一级指标): 公共信用 200 (第1–2项: 100 + 100), 医保信用 800
(第3–7项: 70 + 300 + 300 + 100 + 30). 第3项 is printed under a "法人医保信用" heading, but the
totals add up only with it inside 医保信用 (800), where it is scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scoring.exact import reported
from scoring.listing import first_repeat
from scoring.medical_credit.common import (
    Cooperation,
    CooperationRow,
    Count,
    EventRow,
    EventTable,
    Groups,
    IdNumber,
    Name,
    Score1000,
    SubjectBase,
    Uscc,
    build_report,
    clause,
    fmt,
    public_credit_line,
    weighted,
)
from scoring.report import ScoreLine, ScoreReport

ANNEX = 9
GROUPS: Groups = (
    ("public_credit", "公共信用", 200.0),
    ("medical_credit", "医保信用", 800.0),
)

# 附件9 第5、6项 average the staff scores of the headed institutions, but a retail pharmacy has no
# 医保医师 and an institution may have no other staff in the credit evaluation; the table is
# silent. Institutions without such staff are left out of "取最低"; when none of them has any,
# "institution_score" takes the lowest headed institution's own medical-insurance credit score
# (the 第4项 figure) as the stand-in, so the head is neither rewarded nor punished for the
# absence; "full_marks" would count the absence as a clean 1000 instead.
NO_STAFF_FALLBACK: Literal["institution_score", "full_marks"] = "institution_score"

COMMITMENT_ROWS = EventTable(ANNEX, (
    # 其担任负责人的定点医药机构或其本人作为负责人身份的信用承诺: 每次扣70分
    EventRow(3, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             70, 70, True, "false or missing commitment(s)"),
))  # fmt: skip
# 主动配合 (第7项): reports and confessions, see common.CONTRIBUTION_BONUS_CAP.
COOPERATION = CooperationRow(ANNEX, 7, "medical_credit")


class HeadedUnit(BaseModel):
    """An enterprise, social organisation or public institution the person heads (第2项)."""

    model_config = ConfigDict(extra="forbid")

    unit_id: Uscc
    name: Name = Field(description="Legal name of the unit")
    public_credit_score: Score1000 = Field(
        description="The unit's public credit score, 1000-point scale (第2项, × 10%)"
    )


class HeadedInstitution(BaseModel):
    """A designated medical institution or pharmacy the person heads (第4–6项)."""

    model_config = ConfigDict(extra="forbid")

    institution_id: Uscc
    name: Name = Field(description="Legal name of the institution")
    medical_credit_score: Score1000 = Field(
        description="The institution's medical-insurance credit score under 附件6 or 附件8 "
        "(第4项, × 30%)"
    )
    doctor_average_score: Score1000 | None = Field(
        description="Average credit score of its insurance doctors under 附件7 (第5项, × 30%); "
        "null when it has no insurance doctor in the evaluation (e.g. a retail pharmacy)"
    )
    other_staff_average_score: Score1000 | None = Field(
        description="Average credit score of its other evaluated staff, nurses, pharmacists "
        "(第6项, × 10%); null when it has none in the evaluation"
    )


class InstitutionHeadFacts(SubjectBase):
    """定点医药机构负责人: the facts of one institution head for 附件9."""

    subject_type: Literal["institution_head"] = Field(description="定点医药机构负责人 (附件9)")
    subject_id: IdNumber
    personal_public_credit_score: Score1000 = Field(
        description="个人“信安分” or personal public credit score, 1000-point scale "
        "(附件9 第1项, × 10%)"
    )
    headed_units: list[HeadedUnit] = Field(
        min_length=1,
        max_length=100,
        description="Every enterprise/social organisation/public institution the person heads, "
        "with its public credit score (第2项: the lowest counts)",
    )
    commitment_breaches: Count = Field(
        0,
        description="False or missing commitments of the headed institutions or of the person "
        "as head (第3项, −70 each)",
    )
    headed_institutions: list[HeadedInstitution] = Field(
        min_length=1,
        max_length=100,
        description="Every designated institution the person heads, with its credit score and "
        "staff averages (第4–6项: the lowest counts)",
    )
    cooperation: Cooperation = Field(
        default_factory=Cooperation, description="主动配合: reports and confessions (第7项)"
    )

    @field_validator("headed_units")
    @classmethod
    def _distinct_units(cls, units: list[HeadedUnit]) -> list[HeadedUnit]:
        _refuse_repeats([unit.unit_id for unit in units], "a unit_id is listed twice")
        return units

    @field_validator("headed_institutions")
    @classmethod
    def _distinct_institutions(cls, items: list[HeadedInstitution]) -> list[HeadedInstitution]:
        ids = [item.institution_id for item in items]
        _refuse_repeats(ids, "an institution_id is listed twice")
        return items


def _refuse_repeats(ids: Sequence[str], refusal: str) -> None:
    """Each headed unit or institution is listed once; 第2项 and 第4–6项 take the lowest of them."""
    if first_repeat(ids) is not None:
        raise ValueError(refusal)


def _lowest_of(kind: str, entries: Sequence[tuple[str, str, float]]) -> tuple[float, str]:
    """The lowest of the (name, id, figure) entries (the first one listed on a tie) and the words
    that say whose it is."""
    lowest = min(range(len(entries)), key=lambda index: entries[index][2])
    name, ident, figure = entries[lowest]
    who = f"{name} ({ident}) {fmt(figure)}"
    if len(entries) == 1:
        return figure, who
    others = ", ".join(
        f"{other} {fmt(value)}"
        for index, (other, _, value) in enumerate(entries)
        if index != lowest
    )
    return figure, f"lowest of {len(entries)} {kind}: {who} (others: {others})"


def _institution_scores(
    institutions: Sequence[HeadedInstitution],
) -> list[tuple[str, str, float]]:
    return [(inst.name, inst.institution_id, inst.medical_credit_score) for inst in institutions]


def _component_line(
    item: int,
    indicator: str,
    group: str,
    label: str,
    percent: int,
    maximum: float,
    figure: float,
    source: str,
    aside: str = "",
) -> ScoreLine:
    points = weighted(figure, percent)
    return ScoreLine(
        indicator=indicator,
        group=group,
        label=label,
        points=reported(points),
        max_points=maximum,
        reason=f"{source} × {percent}% = {fmt(points)} of {fmt(maximum)}{aside}",
        clause=clause(ANNEX, item),
        # 信用修复 "根据定点医药机构信用评价指标评分标准": repairability follows the rows of the
        # institution's or staff's own table, not this composed line.
        repairable=None,
    )


def _staff_line(
    item: int,
    indicator: str,
    label: str,
    percent: int,
    maximum: float,
    staff: str,
    institutions: Sequence[HeadedInstitution],
    averages: Sequence[float | None],
) -> ScoreLine:
    present = [
        (inst.name, inst.institution_id, average)
        for inst, average in zip(institutions, averages, strict=True)
        if average is not None
    ]
    if present:
        figure, source = _lowest_of("institutions", present)
        source = f"{staff} average: {source}"
        absent = len(institutions) - len(present)
        aside = f" ({absent} institution(s) without {staff} left out)" if absent else ""
    elif NO_STAFF_FALLBACK == "institution_score":
        aside = ""
        figure, source = _lowest_of("institutions", _institution_scores(institutions))
        source = (
            f"no headed institution has {staff} in the evaluation; stand-in is the institution "
            f"credit score (NO_STAFF_FALLBACK): {source}"
        )
    else:
        aside = ""
        figure = 1000.0
        source = (
            f"no headed institution has {staff} in the evaluation; counted as 1000 "
            "(NO_STAFF_FALLBACK)"
        )
    return _component_line(
        item, indicator, "medical_credit", label, percent, maximum, figure, source, aside
    )


def score_head(facts: InstitutionHeadFacts) -> ScoreReport:
    units = facts.headed_units
    institutions = facts.headed_institutions
    unit_figure, unit_source = _lowest_of(
        "units", [(unit.name, unit.unit_id, unit.public_credit_score) for unit in units]
    )
    inst_figure, inst_source = _lowest_of("institutions", _institution_scores(institutions))
    lines = [
        # 第1项: "信安分"或个人公共信用评价得分×10%。
        public_credit_line(
            ANNEX, 1, "public_credit.personal", "public_credit", "个人公共信用",
            "personal public credit score (信安分)", facts.personal_public_credit_score, None,
        ),
        # 第2项: 所在单位公共信用得分×10%。有多家单位的,取最低得分。
        _component_line(
            2, "public_credit.unit", "public_credit", "法人公共信用", 10, 100.0,
            unit_figure, f"unit public credit score: {unit_source}",
        ),
        *COMMITMENT_ROWS.lines(facts),
        # 第4项: 所在定点医药机构医保信用得分×30%。有多家的,取最低得分。
        _component_line(
            4, "medical_credit.institution", "medical_credit", "定点医药机构医保信用", 30, 300.0,
            inst_figure, f"institution medical-insurance credit score: {inst_source}",
        ),
        # 第5项: 所在定点医药机构医保医师平均信用得分×30%。有多家的,取最低的平均得分。
        _staff_line(
            5, "medical_credit.doctors", "医保医师信用", 30, 300.0, "insurance doctors",
            institutions, [i.doctor_average_score for i in institutions],
        ),
        # 第6项: its 赋分标准 repeats "医保医师平均信用得分×10%", but its 指标内容 is the other
        # staff (护士/药师等); the doctors are already 第5项, so the other staff's average is used.
        _staff_line(
            6, "medical_credit.other_staff", "其他从业人员信用", 10, 100.0, "other staff",
            institutions, [i.other_staff_average_score for i in institutions],
        ),
        *COOPERATION.lines(facts.cooperation),
    ]  # fmt: skip
    return build_report(facts, facts.subject_id, lines, GROUPS)
