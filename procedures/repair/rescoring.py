"""重塑信用 (衢医保发〔2021〕36号 六(一)): the score recomputed without the repaired deduction.

A finding is one verified event of its indicator; its repair takes that event off the facts of
the latest medical-credit result, which are then scored again. `facts_without_event` is pure;
`rescore_without` is a step of the workflow (it scores and records through the case's outputs,
so it runs only inside CreditRepairWorkflow).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

from contracts import activities as act
from contracts.subject_records import (
    WRITE_SUBJECT_RECORD,
    CreditResult,
    Finding,
    RecordResult,
    SubjectFacts,
    WriteSubject,
)
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.outputs import Outputs
from procedures.repair.models import RepairCase, Rescore, cite
from scoring.report import ScoreReport

# Each medical-credit indicator (line id of scoring/medical_credit, the finding's `indicator`)
# and the path of the facts field counting its verified events: a finding is one verified
# event, so its repair takes one event off that count. The ids and fields are the EventRow tables
# of 附件6–10 (same id, same field in every table that has the row) and 主动配合's invalid
# reports; tests/test_repair.py checks this table against the scoring module.
REPAIRED_EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "medical_credit.commitment": ("commitment_breaches",),
    "medical_credit.service": ("service_violations",),
    "medical_credit.drug_management": ("drug_management_violations",),
    "medical_credit.prescription": ("prescription_violations",),
    "medical_credit.settlement": ("settlement_violations",),
    "medical_credit.agreement": ("agreement_violations",),
    "medical_credit.records": ("record_violations",),
    "medical_credit.practice": ("practice_violations",),
    "medical_credit.medical_liability": ("medical_liability_violations",),
    "medical_credit.licence": ("licence_revocations",),
    "medical_credit.benefits": ("benefit_refund_refusals",),
    "medical_credit.card_lending": ("card_lending_violations",),
    "medical_credit.impersonation": ("impersonation_violations",),
    "medical_credit.admissions": ("improper_admissions",),
    "medical_credit.fraud": ("fraud_violations",),
    "medical_credit.inspection": ("obstruction_violations",),
    "supervision.administrative_penalty": ("administrative_penalties",),
    "medical_credit.cooperation_invalid_reports": ("cooperation", "invalid_reports"),
}
MEDICAL_CREDIT: Literal["medical-credit"] = "medical-credit"


def facts_without_event(facts: dict[str, Any], indicator: str) -> dict[str, Any] | str:
    """The scoring facts with one verified event of `indicator` taken off, or why not."""
    path = REPAIRED_EVENT_FIELDS.get(indicator)
    if path is None:
        return f"indicator {indicator} counts no verified events in the medical-credit facts"
    copy: dict[str, Any] = {**facts}
    holder = copy
    for name in path[:-1]:
        inner = holder.get(name)
        if not isinstance(inner, dict):
            return f"facts field {'.'.join(path)} is not in the latest result's facts"
        nested = {**inner}  # copied at every level: the recorded facts stay as they were
        holder[name] = nested
        holder = nested
    count = holder.get(path[-1], 0)
    if not isinstance(count, int) or count < 1:
        return f"facts field {'.'.join(path)} counts no event ({count!r}) to take off"
    holder[path[-1]] = count - 1
    return copy


async def rescore_without(
    rescore: Rescore,
    case: RepairCase,
    finding: Finding,
    facts: SubjectFacts,
    effective_on: date,
    *,
    outputs: Outputs,
    trail: AuditTrail,
) -> None:
    """重塑信用 (六(一)): the latest medical-credit result re-scored with one verified event
    fewer on the finding's indicator, recorded as a formal result of this case."""
    latest = facts.latest_result(MEDICAL_CREDIT)
    if latest is None:
        rescore.not_recomputed = "the subject record holds no medical-credit result"
    else:
        rescore.previous_result_id = latest.result_id
        rescore.old_score = latest.score
        rescore.old_grade = latest.grade
        corrected = facts_without_event(latest.facts, finding.indicator)
        if isinstance(corrected, str):
            rescore.not_recomputed = corrected
        else:
            try:
                await _record_rescored(rescore, case, latest, corrected, effective_on, outputs)
            except ActivityError as err:
                cause = err.cause
                if not (isinstance(cause, ApplicationError) and cause.non_retryable):
                    raise
                # Facts the scoring module refuses, or a record that refuses the result:
                # the repair stands; the score is left to the agency, and the trail says why.
                rescore.not_recomputed = f"{cause.type or 'refused'}: {cause.message}"
    trail.record(
        SYSTEM,
        "score_recomputed" if rescore.new_score is not None else "score_not_recomputed",
        cite("六(一)"),
        previous_result_id=rescore.previous_result_id,
        old_score=rescore.old_score,
        old_grade=rescore.old_grade,
        new_result_id=rescore.new_result_id,
        new_score=rescore.new_score,
        new_grade=rescore.new_grade,
        reason=rescore.not_recomputed,
    )


async def _record_rescored(
    rescore: Rescore,
    case: RepairCase,
    latest: CreditResult,
    corrected: dict[str, Any],
    effective_on: date,
    outputs: Outputs,
) -> None:
    report: ScoreReport = await outputs.call(
        act.SCORE_FACTS, act.ScoreRequest(kind=MEDICAL_CREDIT, facts=corrected), ScoreReport
    )
    assert report.total is not None and report.grade is not None
    # A formal result of this case, published on the day the repair takes effect.
    day = max(effective_on, latest.published_on)
    result = CreditResult(
        result_id=f"{case.case_id}-repaired",
        kind=MEDICAL_CREDIT,
        published_on=day,
        score=report.total,
        grade=report.grade,
        facts=corrected,
        formal=True,
        formal_on=day,
        source_case=workflow.info().workflow_id,
    )
    await outputs.call(
        WRITE_SUBJECT_RECORD,
        WriteSubject(
            ref=case.subject,
            op=RecordResult(
                result=result,
                # The record tells the subject of the changed score or grade (四(三)).
                cause="repair",
                actor=case.agency.name,
                source_case=workflow.info().workflow_id,
                # Where it is told: the case file's mobile, else the latest the record holds.
                mobile=case.mobile,
            ),
        ),
        SubjectFacts,
    )
    rescore.new_result_id = result.result_id
    rescore.new_score = result.score
    rescore.new_grade = result.grade
