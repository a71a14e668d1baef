"""Designation evaluation (医保定点 综合评估) of medical institutions and retail pharmacies.

衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号: the evaluation step 二(三)3 and
its standards 附件4 表1 (medical institutions, variant ``medical_institution``) and 表2 (retail
pharmacies, variant ``pharmacy``).

- Basic indicators (基础指标, 10 in 表1, 11 in 表2) are pass/fail: any failure makes the applicant
  not qualified (不合格), whatever its score; each failed item is a "veto" adjustment.
- Scored indicators (评估指标, 15 rows in 表1, 16 in 表2, 100 points each table): each row turns the
  measured facts into points with its own rule (`rules`); the rows the standard leaves to the
  evaluator's judgement are taken from each evaluator's sheet.
- The score is the average of the evaluators' totals (得分取各评估小组成员平均分); each line shows
  the row's average over the evaluators. 85 or more passes (评估分数85分(含)以上的为合格), on the
  unrounded average, and only without a veto.
- The consequences: pass → public notice, then the party-group review and the agreement; fail →
  reasons and rectification advice, re-evaluation 3 months after the result is delivered, and a
  second failure bars a new application for 1 year.

The facts' shape is documented in `scoring.designation.facts`; the numbers and the choices made
where the regulation is open in `scoring.designation.params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from scoring.designation.facts import (
    EvaluatorSheet,
    Facts,
    MedicalInstitutionFacts,
    PharmacyFacts,
    SubjectFacts,
)
from scoring.designation.params import (
    EVALUATION_CLAUSE,
    MAX_TOTAL,
    NO_NEW_APPLICATION_MONTHS,
    NON_ACCEPTANCE_CLAUSE,
    PASS_FROM_TENTHS,
    REEVALUATION_AFTER_MONTHS,
    SIGNING_CLAUSE,
    TENTHS,
)
from scoring.designation.rules import (
    BASIC_MEDICAL,
    BASIC_PHARMACY,
    ROWS_MEDICAL,
    ROWS_PHARMACY,
    BasicItem,
    Row,
    Scored,
    fmt,
    fmt_avg,
)
from scoring.report import Adjustment, Consequence, GroupTotal, ScoreLine, ScoreReport

__all__ = [
    "KIND",
    "EvaluatorSheet",
    "Facts",
    "MedicalInstitutionFacts",
    "PharmacyFacts",
    "score",
]

KIND = "designation-eval"

F = TypeVar("F", MedicalInstitutionFacts, PharmacyFacts)

PASSED = "合格"
FAILED = "不合格"

_PASS_CONSEQUENCES = (
    Consequence(
        text="Passed (85分(含)以上为合格): the result is published for public notice (向社会公示); "
        "with no objection at its end the applicant is listed for signing the service agreement",
        clause=EVALUATION_CLAUSE,
    ),
    Consequence(
        text="No report during the notice (or reports found untrue) → party-group meeting review "
        "(党组会审议) → designated; the agreement is signed, normally to 31 December of the year, "
        "and filed with the administrative department",
        clause=SIGNING_CLAUSE,
    ),
)
_FILED = Consequence(
    text="The result is filed with the same-level medical-security administrative department",
    clause=EVALUATION_CLAUSE,
)
_FAIL_FIRST = Consequence(
    text=f"Not qualified: the applicant is told the reasons with rectification advice; it may be "
    f"evaluated again after {REEVALUATION_AFTER_MONTHS} months of rectification counted from "
    f"the delivery of the result (自结果告知送达之日起，整改3个月后可再次组织评估)",
    clause=EVALUATION_CLAUSE,
)
_FAIL_AGAIN = Consequence(
    text=f"Not qualified again after rectification (评估仍不合格): no new application within "
    f"{NO_NEW_APPLICATION_MONTHS // 12} year (1年内不得再次申请); the reasons are given",
    clause=EVALUATION_CLAUSE,
)
_VETO_WAIT = Consequence(
    text="A failed basic indicator that is also a ground for non-acceptance (不予受理) keeps "
    "barring the application for that ground's own period (e.g. 未满1年, 未满3年, 未满5年)",
    clause=NON_ACCEPTANCE_CLAUSE,
)


def _lines(rows: Sequence[Row[F]], facts: F, evaluators: int) -> tuple[list[ScoreLine], list[int]]:
    """The lines averaged over the evaluators, and each evaluator's total (tenths)."""
    lines: list[ScoreLine] = []
    measured = 0
    judged_totals = [0] * evaluators
    for row in rows:
        scored: Scored = row.rule(facts)
        measured += scored.measured
        row_sum = scored.measured * evaluators
        if scored.judged:
            row_sum += sum(scored.judged)
            for index, value in enumerate(scored.judged):
                judged_totals[index] += value
        lines.append(
            ScoreLine(
                indicator=row.indicator,
                group="scored",
                label=row.label,
                points=row_sum / (TENTHS * evaluators),
                max_points=row.max_points,
                reason=scored.reason,
                clause=row.clause,
            )
        )
    return lines, [measured + judged for judged in judged_totals]


@dataclass(frozen=True, slots=True)
class _BasicOutcome:
    """The report's line for a basic indicator met / not met, and the veto when not met: the
    same for every applicant, so built once."""

    field: str
    name: str  # 基础指标 n and its label
    met: ScoreLine
    not_met: ScoreLine
    veto: Adjustment


def _outcome(item: BasicItem) -> _BasicOutcome:
    def line(reason: str) -> ScoreLine:
        return ScoreLine(
            indicator=f"basic.{item.field}",
            group="basic",
            label=item.label,
            points=None,
            reason=f"基础指标 {item.number} {reason}",
            clause=item.clause,
        )

    return _BasicOutcome(
        field=item.field,
        name=f"基础指标 {item.number} {item.label}",
        met=line("met"),
        not_met=line(f"not met: {item.failed} → 不合格"),
        veto=Adjustment(
            kind="veto",
            effect=f"not qualified (基础指标 {item.number} {item.label})",
            reason=f"基础指标 {item.number} {item.label}: {item.failed}",
            clause=item.clause,
        ),
    )


_BASIC_MEDICAL = tuple(_outcome(item) for item in BASIC_MEDICAL)
_BASIC_PHARMACY = tuple(_outcome(item) for item in BASIC_PHARMACY)


def _basic(
    outcomes: Sequence[_BasicOutcome], basic: BaseModel
) -> tuple[list[ScoreLine], list[Adjustment], list[str]]:
    """One line per basic indicator (no points: pass/fail), a veto per failed one, and the
    failed ones' names."""
    lines: list[ScoreLine] = []
    vetoes: list[Adjustment] = []
    failed: list[str] = []
    for outcome in outcomes:
        if getattr(basic, outcome.field):
            lines.append(outcome.met)
        else:
            lines.append(outcome.not_met)
            vetoes.append(outcome.veto)
            failed.append(outcome.name)
    return lines, vetoes, failed


def score(facts: Facts | SubjectFacts) -> ScoreReport:
    """Score one applicant: basic indicators, the scored rows averaged over the evaluators, the
    result and its consequences."""
    subject = facts.root if isinstance(facts, Facts) else facts
    evaluators = len(subject.evaluators)
    if isinstance(subject, MedicalInstitutionFacts):
        basic_lines, vetoes, failed = _basic(_BASIC_MEDICAL, subject.basic)
        scored_lines, totals = _lines(ROWS_MEDICAL, subject, evaluators)
    else:
        basic_lines, vetoes, failed = _basic(_BASIC_PHARMACY, subject.basic)
        scored_lines, totals = _lines(ROWS_PHARMACY, subject, evaluators)
    tenths_sum = sum(totals)

    total = tenths_sum / (TENTHS * evaluators)
    shown = fmt_avg(tenths_sum, evaluators)
    # Exact: average ≥ 85 ⇔ Σ totals (tenths) ≥ 850 × evaluators.
    score_passes = tenths_sum >= PASS_FROM_TENTHS * evaluators
    passed = score_passes and not vetoes

    if passed:
        recommendation = f"{PASSED}: average {shown} ≥ 85 and every basic indicator met; publish "
        recommendation += "for public notice, then party-group review and signing"
        consequences = [*_PASS_CONSEQUENCES, _FILED]
    else:
        reasons = []
        if vetoes:
            reasons.append(f"basic indicators not met ({', '.join(failed)})")
        if not score_passes:
            reasons.append(f"average {shown} below 85")
        recommendation = f"{FAILED}: " + "; ".join(reasons)
        fail = _FAIL_AGAIN if subject.previous_failures else _FAIL_FIRST
        consequences = [fail, _FILED] + ([_VETO_WAIT] if vetoes else [])
        if subject.previous_failures:
            recommendation += "; failed again after rectification: no new application for 1 year"
        else:
            recommendation += "; rectify, re-evaluation possible 3 months after delivery"

    sheets = ", ".join(
        f"{sheet.evaluator_id} {fmt(value)}"
        for sheet, value in zip(subject.evaluators, totals, strict=True)
    )
    spread = fmt(max(totals) - min(totals))
    notes = [
        f"Evaluators' totals: {sheets}; average {shown} (spread {spread}) "
        f"(得分取各评估小组成员平均分, {EVALUATION_CLAUSE})",
        "Measured rows are common to all evaluators; rows 1 and 经营场所 (environment) are "
        "each evaluator's judgement",
    ]
    if isinstance(subject, MedicalInstitutionFacts) and subject.category == "standardized_village":
        notes.append(
            "规范化村级医疗机构: rows 3, 8 and 12 are scored on the superior institution's facts "
            "(备注: 参照上级医疗机构标准)"
        )

    return ScoreReport(
        kind=KIND,
        variant=subject.variant,
        subject_id=subject.institution_id,
        total=total,
        max_total=MAX_TOTAL,
        grade=PASSED if passed else FAILED,
        passed=passed,
        recommendation=recommendation,
        groups=[
            GroupTotal(group="basic", label="基础指标", points=None),
            GroupTotal(group="scored", label="评估指标", points=total, max_points=MAX_TOTAL),
        ],
        lines=basic_lines + scored_lines,
        adjustments=vetoes,
        consequences=consequences,
        notes=notes,
    )
