"""What the subject record's audit trail says of each accepted write (衢医保发〔2021〕36号 三(一)):
the action, the clause it is recorded under and the facts that show what changed.

Pure (no Temporal import): the workflow applies the write (contracts/subject_records `apply`),
then records the entry this module gives; the record's facts themselves are in contracts.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from contracts.subject_records import (
    AGREEMENT_CITATION,
    REPAIR_CITATION,
    CreditResult,
    MarkResultFormal,
    RecordAgreement,
    RecordFinding,
    RecordRepair,
    RecordRestriction,
    RecordResult,
    SubjectFacts,
    SubjectWrite,
    finding_citation,
    formal_citation,
    result_citation,
)


class Entry(NamedTuple):
    """One audit event of the record, without its instant and its actor (the write's)."""

    action: str
    citation: str
    details: dict[str, Any]


def entry(write: SubjectWrite, facts: SubjectFacts, replaced: CreditResult | None) -> Entry:
    """The entry of `write`, just applied to `facts`; `replaced`: the result as it was before a
    MarkResultFormal (None for the other writes)."""
    if isinstance(write, RecordResult):
        return _result_recorded(facts.results[-1])
    if isinstance(write, MarkResultFormal):
        made_formal = facts.result(write.result_id)
        assert replaced is not None and made_formal is not None, "the validator checked the id"
        return _result_made_formal(write, replaced, made_formal)
    if isinstance(write, RecordFinding):
        return _finding_recorded(facts)
    if isinstance(write, RecordRepair):
        return _repair_recorded(write)
    if isinstance(write, RecordRestriction):
        return _restriction_recorded(write)
    return _agreement_recorded(write)


def _result_recorded(result: CreditResult) -> Entry:
    return Entry(
        "result_recorded",
        result_citation(result),
        {
            "result_id": result.result_id,
            "kind": result.kind,
            "published_on": result.published_on.isoformat(),
            "score": result.score,
            "grade": result.grade,
            "formal": result.formal,
            "source_case": result.source_case,
        },
    )


def _result_made_formal(
    write: MarkResultFormal, before: CreditResult, after: CreditResult
) -> Entry:
    return Entry(
        "result_made_formal",
        formal_citation(after),
        {
            "result_id": after.result_id,
            "formal_on": write.formal_on.isoformat(),
            "corrected": after.as_published is not None,
            "score": _change(before.score, after.score),
            "grade": _change(before.grade, after.grade),
            "facts_corrected": before.facts != after.facts,
            "source_case": write.source_case,
        },
    )


def _finding_recorded(facts: SubjectFacts) -> Entry:
    finding = facts.findings[-1]
    return Entry(
        "finding_recorded",
        finding_citation(finding),
        {
            "finding_id": finding.finding_id,
            "found_on": finding.found_on.isoformat(),
            "indicator": finding.indicator,
            "kind": finding.kind,
            "repairable": finding.repairable,
            "false_commitment": finding.false_commitment,
            "source_case": finding.source_case,
        },
    )


def _repair_recorded(write: RecordRepair) -> Entry:
    # 停止公示其失信记录: the finding stays on file, marked repaired from effective_on.
    return Entry(
        "repair_recorded",
        REPAIR_CITATION,
        {
            "repair_case": write.repair.repair_case,
            "finding_id": write.repair.finding_id,
            "effective_on": write.repair.effective_on.isoformat(),
            "source_case": write.source_case,
        },
    )


def _restriction_recorded(write: RecordRestriction) -> Entry:
    restriction = write.restriction
    return Entry(
        "restriction_recorded",
        restriction.clause,
        {
            "text": restriction.text,
            "kind": restriction.kind or None,
            "from_day": restriction.from_day.isoformat(),
            "until": restriction.until.isoformat() if restriction.until else None,
            "source_case": write.source_case,
        },
    )


def _agreement_recorded(write: RecordAgreement) -> Entry:
    agreement = write.agreement
    # 确定为定点医药机构 … 签订医保协议: the subject is designated for the agreement's term.
    return Entry(
        "agreement_recorded",
        AGREEMENT_CITATION,
        {
            "agreement_number": agreement.agreement_number,
            "signed_on": agreement.signed_on.isoformat(),
            "term_start": agreement.term_start.isoformat(),
            "term_end": agreement.term_end.isoformat(),
            "source_case": write.source_case,
        },
    )


def _change(before: Any, after: Any) -> Any:
    return before if before == after else f"{before} → {after}"
