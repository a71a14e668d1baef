"""A round's batch of facts records scored with the pure scoring modules, record by record: a
record the scoring schema refuses is reported (which field, why) and the rest go on.

Pure (no Temporal import): the `score_round_batch` activity calls it, and the bench measures
it as the scoring module's own throughput.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

import scoring
from activities.performance_round import checked_record
from checks.validation import describe
from contracts.medical_objections import Mobile
from contracts.round_activities import RecordProblem, ScoreBatch, ScoredBatch, SubjectScore
from contracts.rounds import MARKET_VARIANT, PERFORMANCE_KINDS, SCORING_KIND, RoundKind
from scoring.report import ScoreReport

# 衢医保发〔2021〕36号 五(六): 信用等级保持优秀3年以上 → 医疗保障守信(红)名单 (the scoring
# module says so as a consequence citing 五(六)).
RED_LIST_CLAUSE = "五(六)"
# The objection case's own rule for the mobile it sends the SMS to.
_MOBILE: TypeAdapter[str] = TypeAdapter(Mobile)


def score_batch(batch: ScoreBatch) -> ScoredBatch:
    performance = batch.kind in PERFORMANCE_KINDS
    module = scoring.kind(SCORING_KIND[batch.kind])
    scores: list[SubjectScore] = []
    problems: list[RecordProblem] = []
    for index, record in enumerate(batch.records, start=1):
        # A performance record is only checked here: it is scored at `close`, as a cohort.
        scored = (
            checked_record(batch, index, record)
            if performance
            else _score_record(batch.kind, module, record)
        )
        if isinstance(scored, str):
            problems.append(
                RecordProblem(
                    batch=batch.batch, index=index, subject_id=_subject_of(record), problem=scored
                )
            )
        elif isinstance(scored, SubjectScore):
            scores.append(scored)
        else:
            scores.append(_subject_score(batch, index, *scored))
    return ScoredBatch(batch=batch.batch, scores=scores, problems=problems)


def _subject_of(record: Any) -> str | None:
    """The subject a record names, if it names one (a performance record: its institution)."""
    if not isinstance(record, dict):
        return None
    inner = record.get("institution")
    subject = inner.get("institution_id") if isinstance(inner, dict) else record.get("subject_id")
    return subject if isinstance(subject, str) else None


def facts_of(kind: RoundKind, record: dict[str, Any]) -> dict[str, Any]:
    """The scoring facts of a record (a medical record's `mobile` is not a fact)."""
    if kind is RoundKind.MEDICAL_CREDIT:
        return {key: value for key, value in record.items() if key != "mobile"}
    return record


def _score_record(
    kind: RoundKind, module: scoring.Kind, record: Any
) -> tuple[BaseModel, ScoreReport] | str:
    if not isinstance(record, dict):
        return "a facts record is a JSON object"
    variant = MARKET_VARIANT.get(kind)
    if variant is not None and record.get("variant") != variant:
        return (
            f"variant: this round ({kind.value}) scores '{variant}' facts, not "
            f"{record.get('variant')!r}"
        )
    mobile = record.get("mobile")
    if kind is RoundKind.MEDICAL_CREDIT and mobile is not None:
        try:
            _MOBILE.validate_python(mobile)
        except ValidationError:
            return "mobile: not a mainland mobile number (11 digits, 1[3-9]…)"
    try:
        facts = module.facts.model_validate(facts_of(kind, record))
    except ValidationError as err:
        return describe(err)
    report = module.score(facts)
    if not isinstance(report, ScoreReport):  # pragma: no cover - a cohort kind
        return f"{module.name} scores a cohort, not one subject"
    return facts, report


def _subject_score(
    batch: ScoreBatch, index: int, facts: BaseModel, report: ScoreReport
) -> SubjectScore:
    inner = getattr(facts, "root", facts)
    return SubjectScore(
        subject_id=str(report.subject_id or getattr(inner, "subject_id", "")).strip().upper(),
        name=str(getattr(inner, "name", "")),
        variant=str(report.variant or getattr(inner, "subject_type", "")),
        total=report.total,
        grade=report.grade,
        red_list=any(c.clause.endswith(RED_LIST_CLAUSE) for c in report.consequences),
        batch=batch.batch,
        index=index,
    )
