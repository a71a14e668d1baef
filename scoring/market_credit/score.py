"""The grade on the unrounded total (四(一)), its adjustments (四(二), 暂不定级) and the scoring of
one enterprise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from periods.months import months_later
from scoring.exact import exact, exact_sum, reported
from scoring.market_credit import params
from scoring.market_credit.facts import Facts, InspectionBodyFacts, IpAgencyFacts, SubjectFacts
from scoring.market_credit.indicators import (
    commitments_line,
    complaints_line,
    daily_supervision_line,
    general_line,
    group_total,
    inspection_honours_line,
    ip_honours_line,
    value_add_line,
)
from scoring.market_credit.params import (
    GRADE_A_FROM,
    GRADE_B_FROM,
    GRADE_C_FROM,
    GRADE_E_UP_TO,
    GRADES,
    KIND,
    MAX_TOTAL,
    NOT_GRADED_MONTHS,
)
from scoring.market_credit.regulations import REGULATIONS, Cause, Regulation, fmt
from scoring.report import Adjustment, ScoreReport


def grade_for(total: float | Decimal) -> str:
    """四(一) 信用等级 of an unrounded total (procedures.md's gap-free reading of the table),
    compared as the exact decimal it prints as."""
    total = exact(total)
    if total >= GRADE_A_FROM:
        return "A"
    if total >= GRADE_B_FROM:
        return "B"
    if total >= GRADE_C_FROM:
        return "C"
    if total > GRADE_E_UP_TO:
        return "D"
    return "E"


BAND_TEXT = {
    "A": f"total ≥ {fmt(GRADE_A_FROM)}",
    "B": f"{fmt(GRADE_B_FROM)} ≤ total < {fmt(GRADE_A_FROM)}",
    "C": f"{fmt(GRADE_C_FROM)} ≤ total < {fmt(GRADE_B_FROM)}",
    "D": f"{fmt(GRADE_E_UP_TO)} < total < {fmt(GRADE_C_FROM)}",
    "E": f"total ≤ {fmt(GRADE_E_UP_TO)}",
}


@lru_cache(maxsize=16)
def _band_note(doc: str, grade: str) -> str:
    return f"the total is in band {grade} ({BAND_TEXT[grade]}, {doc} 四(一))"


def is_not_graded(founded_on: date, evaluation_start: date) -> bool:
    """成立未满12个月 (衢市监规〔2021〕2号 四(一)), months counted as procedures.md §0 counts."""
    if (evaluation_start - founded_on).days > 31 * NOT_GRADED_MONTHS:
        return False  # surely past (a month has at most 31 days): skip the month arithmetic
    return evaluation_start < months_later(founded_on, NOT_GRADED_MONTHS)


@lru_cache(maxsize=256)
def _direct_e(doc: str, cause: Cause, base: str) -> Adjustment:
    return Adjustment(
        kind="direct_grade",
        effect=f"{base} → E" if base != "E" else "E (already E by the total)",
        reason=f"{cause.text}: the grade is E directly",
        clause=f"{doc} {cause.item}",
    )


@lru_cache(maxsize=256)
def _downgrade(doc: str, cause: Cause, base: str, first: bool) -> Adjustment:
    if first:
        lowered = GRADES[min(GRADES.index(base) + 1, len(GRADES) - 1)]
        effect = f"{base} → {lowered}" if lowered != base else "E stays E (lowest grade)"
        reason = f"{cause.text}: one grade down"
    else:
        effect = "no further downgrade (不重复下调)"
        reason = f"{cause.text}: several downgrade causes lower the grade only once"
    return Adjustment(kind="downgrade", effect=effect, reason=reason, clause=f"{doc} {cause.item}")


def _adjust(
    subject: SubjectFacts, regulation: Regulation, base: str, notes: list[str]
) -> tuple[str | None, list[Adjustment]]:
    """四(二) 等级调整 and, for IP agencies, 四(一) 暂不定级: the final grade and why."""
    young = isinstance(subject, IpAgencyFacts) and is_not_graded(
        subject.founded_on, subject.evaluation_start
    )
    if not young and not any(regulation.flags(subject)):
        return base, []
    doc = regulation.doc
    direct_e = [cause for cause in regulation.direct_e if getattr(subject, cause.field)]
    downgrade = [cause for cause in regulation.downgrade if getattr(subject, cause.field)]
    if young:
        assert isinstance(subject, IpAgencyFacts)
        full = months_later(subject.founded_on, NOT_GRADED_MONTHS)
        if not (direct_e and params.DIRECT_E_OVERRIDES_NOT_GRADED):
            for cause in (*direct_e, *downgrade):
                notes.append(
                    f"{cause.text} ({doc} {cause.item}) found, but a not-graded enterprise has "
                    "no grade to adjust"
                )
            not_graded = Adjustment(
                kind="not_graded",
                effect="not graded (暂不定级)",
                reason=f"founded {subject.founded_on.isoformat()}, less than "
                f"{NOT_GRADED_MONTHS} months before the evaluation start "
                f"{subject.evaluation_start.isoformat()} (12 months full on {full.isoformat()})",
                clause=f"{doc} 四(一)",
            )
            return None, [not_graded]
        notes.append(
            f"founded less than {NOT_GRADED_MONTHS} months before the evaluation start "
            f"({doc} 四(一) 暂不定级), graded E anyway (DIRECT_E_OVERRIDES_NOT_GRADED)"
        )
    if direct_e:
        # Direct E wins over a downgrade, which then has nothing left to do.
        for cause in downgrade:
            notes.append(
                f"{cause.text} ({doc} {cause.item}) found; no further effect, the grade is "
                "already E directly"
            )
        return "E", [_direct_e(doc, cause, base) for cause in direct_e]
    if downgrade:
        adjustments = [
            _downgrade(doc, cause, base, index == 0) for index, cause in enumerate(downgrade)
        ]
        return GRADES[min(GRADES.index(base) + 1, len(GRADES) - 1)], adjustments
    return base, []


def score(facts: Facts) -> ScoreReport:
    """Score one enterprise: lines, the grade on the unrounded total, its adjustments and the
    supervision measures (五) of the resulting grade."""
    subject = facts.root
    variant = subject.variant
    regulation = REGULATIONS[variant]
    doc = regulation.doc
    general = general_line(doc, subject.provincial_public_credit_score, subject.provincial_scale)
    supervision = daily_supervision_line(variant, subject.failed_check_items)
    commitments = commitments_line(doc, subject.unfulfilled_commitments)
    complaints = complaints_line(
        doc, subject.verified_complaints, subject.complaints_not_handled_after_urging
    )
    honours = (
        inspection_honours_line(subject.honours)
        if isinstance(subject, InspectionBodyFacts)
        else ip_honours_line(subject.honours)
    )
    bonus = value_add_line(
        doc, subject.contract_abiding_aaa, subject.credit_management_demonstration
    )
    lines = [general, supervision, commitments, complaints, honours, bonus]
    # 三: the total is the exact decimal sum of the lines as printed (every line has points).
    specific = exact_sum(line.points for line in (supervision, commitments, complaints, honours))
    total = exact_sum(line.points for line in lines)

    base = grade_for(total)
    notes = [_band_note(doc, base)]
    grade, adjustments = _adjust(subject, regulation, base, notes)
    return ScoreReport(
        kind=KIND,
        variant=variant,
        subject_id=subject.subject_id,
        total=reported(total),
        max_total=MAX_TOTAL,
        grade=grade,
        groups=[
            group_total(0, exact_sum([general.points])),
            group_total(1, specific),
            group_total(2, exact_sum([bonus.points])),
        ],
        lines=lines,
        adjustments=adjustments,
        consequences=list(regulation.measures[grade]) if grade is not None else [],
        notes=notes,
    )
