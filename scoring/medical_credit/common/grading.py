"""The grade (四(二)), the consequences of the result (五) and the report."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, get_args

from scoring.exact import exact, exact_sum, reported
from scoring.medical_credit.common import params
from scoring.medical_credit.common.params import (
    CACHE_SIZE,
    DOC,
    GRADE_BANDS,
    GRADE_ORDER,
    INSTITUTION_SUBJECTS,
    KIND,
    LOWEST_GRADE,
    MAX_TOTAL,
    Grade,
    Groups,
    SubjectType,
    fmt,
)
from scoring.report import Adjustment, Consequence, GroupTotal, ScoreLine, ScoreReport


def grade_of(total: float | Decimal) -> Grade:
    """四(二): the band of the unrounded total, compared as the exact decimal it prints as."""
    points = exact(total)
    for lower, grade in GRADE_BANDS:
        if points >= lower:
            return grade
    return LOWEST_GRADE


_BOUNDS = {
    "优秀": "A ≥ 850",
    "良好": "800 ≤ A < 850",
    "中等": "750 ≤ A < 800",
    "较差": "700 ≤ A < 750",
    "差": "A < 700",
}


@lru_cache(maxsize=CACHE_SIZE)
def band_note(total: Decimal, grade: Grade) -> str:
    return f"Grade {grade}: {_BOUNDS[grade]} with A = {fmt(total)} ({DOC} 四(二))."


_INSPECTION = {
    "优秀": "in principle at most 30% of the normal sampling ratio (原则上不高于原抽查比例的30%)",
    "良好": "in principle 50% of the normal sampling ratio (原则上为原抽查比例的50%)",
    "中等": "the normal sampling ratio, unchanged (抽查比例保持不变)",
    "较差": "120% of the normal sampling ratio (原抽查比例的120%)",
    "差": "full-coverage inspection (全覆盖检查)",
}


# 五(二), 五(三): the incentives of 优秀 and 良好; 五(四), 五(五): the sanctions of 较差 and 差
# (without the full stop). For institutions (True) and for individuals (False), as (clause, text).
_INCENTIVES: dict[bool, tuple[str, str]] = {
    True: (
        "五(二)",
        "Incentives available: publicity on the medical-security departments' official websites; "
        "fewer routine and random inspections; a higher advance allocation of medical-insurance "
        "funds (预拨付额度).",
    ),
    False: (
        "五(三)",
        "Incentives available: credit-based medical care (信用就医) and acceptance with "
        "non-essential materials pending (容缺受理).",
    ),
}
_SANCTIONS: dict[bool, tuple[str, str]] = {
    True: (
        "五(四)",
        "Sanctions available: warning interview with a deadline to rectify; key target of "
        "monitoring and inspection, checked more often; risk information shown to purchasers on "
        "the centralised procurement platform",
    ),
    False: ("五(五)", "Sanctions available: warning interview with a deadline to rectify"),
}
# 五(五)'s further sanctions for a doctor and for an insured person.
_FURTHER_SANCTIONS = {
    "insurance_doctor": "; as a practitioner, key supervision target, the medical services "
    "provided checked more often",
    "insured_person": "; no notification-and-commitment (告知承诺制) or 容缺受理 for medical-"
    "insurance matters; where the conduct caused improper fund payments, besides recovering the "
    "benefits, the employer is notified and the person becomes a key supervision target",
}


def _standing_consequences(subject_type: str, grade: Grade) -> tuple[Consequence, ...]:
    """五(一)–(五) and 四(四): what follows from the subject type and the grade alone."""
    institution = subject_type in INSTITUTION_SUBJECTS
    cited = [("五(一)", f"Random inspections (双随机、一公开): {_INSPECTION[grade]}.")]
    if grade in ("优秀", "良好"):
        cited.append(_INCENTIVES[institution])
    elif grade in ("较差", "差"):
        ref, text = _SANCTIONS[institution]
        cited.append((ref, text + _FURTHER_SANCTIONS.get(subject_type, "") + "."))
    if institution:
        cited.append(
            ("四(四)1", "The result is published by the city medical security department.")
        )
    if grade == "差":
        cited.append(("四(四)2", "Included in the published list of credit subjects graded 差."))
    return tuple(Consequence(text=text, clause=f"{DOC} {ref}") for ref, text in cited)


# Built once: the consequences are frozen models, shared by every report with the same grade.
_STANDING: dict[tuple[str, str], tuple[Consequence, ...]] = {
    (subject_type, grade): _standing_consequences(subject_type, grade)
    for subject_type in get_args(SubjectType)
    for grade in GRADE_ORDER
}


def red_list(grade: Grade, previous_grades: Sequence[Grade]) -> Consequence | str | None:
    """五(六): the red-list consequence, or a note on the years still missing, or None."""
    if grade != "优秀":
        return None
    run = 0
    for previous in previous_grades:
        if previous != "优秀":
            break
        run += 1
    return _red_list(run, params.RED_LIST_YEARS)


@lru_cache(maxsize=256)
def _red_list(run: int, years: int) -> Consequence | str:
    if run >= years - 1:
        return Consequence(
            text=(
                f"优秀 for {run + 1} consecutive years (this year and {run} before): entered on "
                "the 医疗保障守信(红)名单, pushed to the public credit platform for joint "
                "incentives."
            ),
            clause=f"{DOC} 五(六)",
        )
    return (
        f"Red list (五(六)) needs 优秀 for {years} consecutive years; this year and "
        f"{run} previous year(s) so far."
    )


@lru_cache(maxsize=CACHE_SIZE)
def _group_total(group: str, label: str, points: Decimal, maximum: float | None) -> GroupTotal:
    return GroupTotal(group=group, label=label, points=reported(points), max_points=maximum)


def build_report(
    facts: Any,
    subject_id: str,
    lines: list[ScoreLine],
    groups: Groups,
) -> ScoreReport:
    # 四(二) 千分制: the total is the exact decimal sum of the lines.
    raw = exact_sum(line.points for line in lines)
    total = raw
    adjustments: list[Adjustment] = []
    if params.TOTAL_FLOOR is not None and raw < exact(params.TOTAL_FLOOR):
        total = exact(params.TOTAL_FLOOR)
        adjustments.append(
            Adjustment(
                kind="floor",
                effect=f"total {fmt(raw)} → {fmt(params.TOTAL_FLOOR)}",
                reason="the invalid-report deductions took the sum below the 千分制 floor of 0",
                clause=f"{DOC} 四(二)",
                points=reported(total - raw),
            )
        )
    grade = grade_of(total)
    found = list(_STANDING[facts.subject_type, grade])
    notes = [band_note(total, grade)]
    red = red_list(grade, facts.previous_grades)
    if isinstance(red, Consequence):
        found.append(red)
    elif red is not None:
        notes.append(red)
    sums: dict[str, list[float | None]] = {group: [] for group, _, _ in groups}
    for line in lines:
        sums[line.group].append(line.points)
    return ScoreReport(
        kind=KIND,
        variant=facts.subject_type,
        subject_id=subject_id,
        total=reported(total),
        max_total=MAX_TOTAL,
        grade=grade,
        groups=[
            _group_total(group, label, exact_sum(sums[group]), maximum)
            for group, label, maximum in groups
        ],
        lines=lines,
        adjustments=adjustments,
        consequences=found,
        notes=notes,
    )
