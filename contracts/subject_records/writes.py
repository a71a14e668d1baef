"""The writes of a subject record (each a Temporal Update of the record; `op` names it): which
the record refuses, how it applies them, and whether a retried one is already in."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from checks.plausible import Day, StrictFloat
from contracts.fields import ShortText, StrictModel
from contracts.subject_records.citations import FALSE_COMMITMENT_CITATION
from contracts.subject_records.facts import (
    Agreement,
    CreditResult,
    Finding,
    Repair,
    Restriction,
    ResultVersion,
    SubjectFacts,
)
from contracts.subject_records.subjects import Id

# The Updates of the record workflow, one per write: activities and the CLI use them by name.
RECORD_RESULT = "record_result"
MARK_RESULT_FORMAL = "mark_result_formal"
RECORD_FINDING = "record_finding"
RECORD_REPAIR = "record_repair"
RECORD_RESTRICTION = "record_restriction"
RECORD_AGREEMENT = "record_agreement"


# A mainland mobile number: where 衢医保发〔2021〕36号 四(三) 短信提醒该信用主体 is sent. Only in
# payloads (encrypted by the codec), never in a workflow id, a search attribute or a log.
Mobile = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1[3-9][0-9]{9}$")]
# Why a result was recorded: a new (real-time) evaluation, or a repair's re-score (六(一)).
ResultCause = Literal["evaluation", "repair"]


class _Write(BaseModel):
    model_config = StrictModel
    actor: ShortText  # who made the write (recorded in the audit trail)
    source_case: str | None = None  # the case (workflow id) that made it


class RecordResult(_Write):
    op: Literal["record_result"] = "record_result"
    result: CreditResult
    cause: ResultCause = "evaluation"
    # The subject's mobile as the writing case knows it: the record keeps the latest given.
    mobile: Mobile | None = None


class MarkResultFormal(_Write):
    """The result becomes formal (四(三)); a review that corrected it gives the new values."""

    op: Literal["mark_result_formal"] = "mark_result_formal"
    result_id: Id
    formal_on: Day
    score: StrictFloat | None = Field(default=None, ge=0, le=1040)
    grade: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    facts: dict[str, Any] | None = None
    mobile: Mobile | None = None  # as in RecordResult


class RecordFinding(_Write):
    op: Literal["record_finding"] = "record_finding"
    finding: Finding


class RecordRepair(_Write):
    op: Literal["record_repair"] = "record_repair"
    repair: Repair


class RecordRestriction(_Write):
    op: Literal["record_restriction"] = "record_restriction"
    restriction: Restriction


class RecordAgreement(_Write):
    op: Literal["record_agreement"] = "record_agreement"
    agreement: Agreement


SubjectWrite = Annotated[
    RecordResult
    | MarkResultFormal
    | RecordFinding
    | RecordRepair
    | RecordRestriction
    | RecordAgreement,
    Field(discriminator="op"),
]


def refusal(facts: SubjectFacts, write: SubjectWrite) -> str | None:
    """Why the record refuses `write` (naming the field), or None when it accepts it."""
    if isinstance(write, RecordResult):
        existing = facts.result(write.result.result_id)
        if existing is not None:
            return (
                f"result.result_id: result {existing.result_id} is already recorded (published "
                f"{existing.published_on}); correct it with {MARK_RESULT_FORMAL}"
            )
        return None
    if isinstance(write, MarkResultFormal):
        result = facts.result(write.result_id)
        if result is None:
            return f"result_id: no result {write.result_id} in this record"
        if result.formal:
            return (
                f"result_id: result {result.result_id} is already formal since {result.formal_on}"
            )
        if write.formal_on < result.published_on:
            return (
                f"formal_on: {write.formal_on} is before the result's publication on "
                f"{result.published_on}"
            )
        return None
    if isinstance(write, RecordFinding):
        found = facts.finding(write.finding.finding_id)
        if found is not None:
            return f"finding.finding_id: finding {found.finding_id} is already recorded"
        return None
    if isinstance(write, RecordRepair):
        repair = write.repair
        finding = facts.finding(repair.finding_id)
        if finding is None:
            return f"repair.finding_id: no finding {repair.finding_id} in this record"
        if finding.false_commitment:
            return (
                f"repair.finding_id: finding {finding.finding_id} was caused by a false commitment "
                f"and is not repairable ({FALSE_COMMITMENT_CITATION})"
            )
        if not finding.repairable:
            return (
                f"repair.finding_id: finding {finding.finding_id} ({finding.indicator}) is not "
                "repairable (信用修复 不可)"
            )
        done = facts.repair_of(finding.finding_id)
        if done is not None:
            return (
                f"repair.finding_id: finding {finding.finding_id} is already repaired by case "
                f"{done.repair_case} (effective {done.effective_on})"
            )
        if repair.effective_on < finding.found_on:
            return (
                f"repair.effective_on: {repair.effective_on} is before the finding was made on "
                f"{finding.found_on}"
            )
        return None
    if isinstance(write, RecordAgreement):
        held = facts.agreement(write.agreement.agreement_number)
        if held is not None:
            return (
                f"agreement.agreement_number: agreement {held.agreement_number} is already "
                f"recorded (signed {held.signed_on})"
            )
        return None
    restriction = write.restriction
    if restriction.until is not None and restriction.until < restriction.from_day:
        return f"restriction.until: {restriction.until} is before from_day {restriction.from_day}"
    if any(_same_restriction(r, restriction) for r in facts.restrictions):
        return "restriction: the same restriction is already recorded"
    return None


def apply(facts: SubjectFacts, write: SubjectWrite) -> None:
    """Apply an accepted write to `facts` in place (after `refusal` returned None)."""
    if isinstance(write, RecordResult):
        result = write.result
        if result.source_case is None:
            result = result.model_copy(update={"source_case": write.source_case})
        facts.results.append(result)
    elif isinstance(write, MarkResultFormal):
        index = next(i for i, r in enumerate(facts.results) if r.result_id == write.result_id)
        result = facts.results[index]
        corrected = _corrections(result, write)
        if corrected:
            corrected["as_published"] = ResultVersion(
                score=result.score, grade=result.grade, facts=result.facts
            )
        facts.results[index] = result.model_copy(
            update={"formal": True, "formal_on": write.formal_on, **corrected}
        )
    elif isinstance(write, RecordFinding):
        finding = write.finding
        if finding.source_case is None:
            finding = finding.model_copy(update={"source_case": write.source_case})
        facts.findings.append(finding)
    elif isinstance(write, RecordRepair):
        facts.repairs.append(write.repair)
    elif isinstance(write, RecordAgreement):
        agreement = write.agreement
        if agreement.source_case is None:
            agreement = agreement.model_copy(update={"source_case": write.source_case})
        facts.agreements.append(agreement)
    else:
        facts.restrictions.append(write.restriction)


def already_applied(facts: SubjectFacts, write: SubjectWrite) -> bool:
    """Whether `facts` already holds exactly what `write` records (a retried write that did
    reach the record the first time)."""
    if isinstance(write, RecordResult):
        held = facts.result(write.result.result_id)
        return held is not None and _same(held, write.result, "source_case", "formal", "formal_on")
    if isinstance(write, MarkResultFormal):
        held = facts.result(write.result_id)
        return (
            held is not None
            and held.formal_on == write.formal_on
            and (write.score is None or held.score == write.score)
            and (write.grade is None or held.grade == write.grade)
            and (write.facts is None or held.facts == write.facts)
        )
    if isinstance(write, RecordFinding):
        found = facts.finding(write.finding.finding_id)
        return found is not None and _same(found, write.finding, "source_case")
    if isinstance(write, RecordRepair):
        return write.repair in facts.repairs
    if isinstance(write, RecordAgreement):
        held_agreement = facts.agreement(write.agreement.agreement_number)
        return held_agreement is not None and _same(held_agreement, write.agreement, "source_case")
    return any(_same_restriction(r, write.restriction) for r in facts.restrictions)


def _corrections(result: CreditResult, write: MarkResultFormal) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if write.score is not None and write.score != result.score:
        changes["score"] = write.score
    if write.grade is not None and write.grade != result.grade:
        changes["grade"] = write.grade
    if write.facts is not None and write.facts != result.facts:
        changes["facts"] = write.facts
    return changes


def _same(held: BaseModel, given: BaseModel, *ignored: str) -> bool:
    skip = set(ignored)
    return held.model_dump(exclude=skip) == given.model_dump(exclude=skip)


def _same_restriction(a: Restriction, b: Restriction) -> bool:
    return (a.text, a.clause, a.kind, a.from_day, a.until) == (
        b.text,
        b.clause,
        b.kind,
        b.from_day,
        b.until,
    )
