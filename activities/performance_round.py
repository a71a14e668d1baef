"""A performance round's facts (衢医保发〔2023〕8号 附件1 二(三)–(四)): each record checked as its
batch comes in, and the whole cohort scored once at `close` (ranks and grades need all of it).

A record is one institution: `{"agreement_number": "<its agreement>", "institution": {…}}`, the
institution as the performance scoring module takes it for the round's cohort type. A half-year
round's record carries the half-year sheet only (半年拟评); an annual or re-assessment round's
both (the agency's system holds the half-year sheet); a re-assessment record says
`"reassessment": true` (门诊类 and 药店 only: 综合类 are never suspended, 附件1 二(四)1).

Pure (no Temporal import): the round's activities call it.
"""

from __future__ import annotations

import re
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from checks.validation import describe
from contracts.agreements import AGREEMENT_NUMBER_PATTERN
from contracts.round_activities import ScoreBatch, ScoreCohort, ScoredCohort, SubjectScore
from contracts.rounds import RoundKind
from scoring.performance import Facts, score
from scoring.performance.facts import (
    ComprehensiveInstitution,
    OutpatientInstitution,
    PharmacyInstitution,
)
from scoring.performance.provisional import HALF_YEAR_INSTITUTION, score_half_year
from scoring.report import CohortReport, ScoreReport

RECORD_FIELDS: Final = ("agreement_number", "institution")
_AGREEMENT_NUMBER = re.compile(AGREEMENT_NUMBER_PATTERN)  # the agreement's own id rule
INSTITUTION: Final[dict[str, type[BaseModel]]] = {
    "comprehensive": ComprehensiveInstitution,
    "outpatient": OutpatientInstitution,
    "pharmacy": PharmacyInstitution,
}
# PerformanceResult.reasons: at most 20 of at most 500 characters.
_REASONS, _REASON_CHARS = 20, 500


def checked_record(batch: ScoreBatch, index: int, record: Any) -> SubjectScore | str:
    """A record checked on its own (nothing scored yet: a score needs the cohort); or what is
    wrong with it, naming the field."""
    checked = institution_of(batch.kind, batch.population, record)
    if isinstance(checked, str):
        return checked
    return SubjectScore(
        subject_id=checked.institution_id.strip().upper(),  # type: ignore[attr-defined]
        name=checked.name,  # type: ignore[attr-defined]
        variant=batch.population,
        total=None,
        grade=None,
        batch=batch.batch,
        index=index,
        assessed=not checked.newly_designated,  # type: ignore[attr-defined]
    )


def institution_of(kind: RoundKind, cohort_type: str, record: Any) -> BaseModel | str:
    """The record's institution, validated for the round; or what is wrong with the record."""
    if not isinstance(record, dict):
        return "a facts record is a JSON object"
    unknown = sorted(set(record) - set(RECORD_FIELDS))
    if unknown:
        return f"{unknown[0]}: is not a known field (a record is agreement_number, institution)"
    number = record.get("agreement_number")
    if not isinstance(number, str) or not _AGREEMENT_NUMBER.match(number):
        return (
            "agreement_number: the institution's agreement number (e.g. QZYB-XY-2026-0031) "
            "is required: the result is sent to that agreement"
        )
    inner = record.get("institution")
    if not isinstance(inner, dict):
        return "institution: is required (the scoring module's institution, a JSON object)"
    half_year = kind is RoundKind.PERFORMANCE_HALF_YEAR
    model = (HALF_YEAR_INSTITUTION if half_year else INSTITUTION)[cohort_type]
    try:
        institution = model.model_validate(inner)
    except ValidationError as err:
        return "; ".join(f"institution.{part}" for part in describe(err).split("; "))
    again = bool(getattr(institution, "reassessment", False))
    if kind is RoundKind.PERFORMANCE_REASSESSMENT and not again:
        return (
            "institution.reassessment: a re-assessment round takes the institutions re-assessed "
            "after 3 months of rectification (reassessment: true; 综合类 are not suspended), "
            "衢医保发〔2023〕8号 附件1 二(四)2(2)"
        )
    if kind is not RoundKind.PERFORMANCE_REASSESSMENT and again:
        return (
            "institution.reassessment: a re-assessment after rectification goes to a "
            "re-assessment round (performance_reassessment), 衢医保发〔2023〕8号 附件1 二(四)2(2)"
        )
    return institution


def score_cohort(request: ScoreCohort) -> ScoredCohort:
    """The cohort scored in one call: the 半年拟评 (provisional.py) or the annual assessment /
    re-assessment (cohort.py), each institution's result in the members' order."""
    raws = [member.record["institution"] for member in request.members]
    if request.kind is RoundKind.PERFORMANCE_HALF_YEAR:
        model = HALF_YEAR_INSTITUTION[request.population]
        report = score_half_year(
            request.population,
            request.pooling_region,
            request.year,
            [model.model_validate(raw) for raw in raws],  # type: ignore[misc]
        )
    else:
        facts = Facts.model_validate(
            {
                "cohort_type": request.population,
                "pooling_region": request.pooling_region,
                "year": request.year,
                "institutions": raws,
            }
        )
        report = score(facts)
    return ScoredCohort(scores=_scores(request, report))


def _scores(request: ScoreCohort, report: CohortReport) -> list[SubjectScore]:
    # Competition ranks among the ranked (graded) institutions: 1 + those with a higher final.
    finals = [r.total for r in report.reports if r.grade is not None and r.total is not None]
    ranked = len(finals) if finals else None
    scores = []
    for member, one in zip(request.members, report.reports, strict=True):
        inner = member.record["institution"]
        graded = one.grade is not None and one.total is not None
        scores.append(
            SubjectScore(
                subject_id=str(one.subject_id or "").strip().upper(),
                name=str(inner.get("name", "")),
                variant=request.population,
                total=one.total,
                grade=one.grade,
                batch=member.batch,
                index=member.index,
                rank=1 + sum(f > one.total for f in finals) if graded else None,  # type: ignore[operator]
                ranked=ranked if graded else None,
                settlement_suspended=any(a.kind == "suspension" for a in one.adjustments),
                passed=one.passed,
                assessed=one.total is not None,
                reasons=reasons(one),
            )
        )
    return scores


def reasons(report: ScoreReport) -> list[str]:
    """What the scoring report says, short: the recommendation, each adjustment with its clause,
    the weighting and the rank."""
    said = [report.recommendation] if report.recommendation else []
    said += [f"{a.effect}: {a.reason} ({a.clause})" for a in report.adjustments]
    said += report.notes
    return [text[:_REASON_CHARS] for text in said][:_REASONS]
