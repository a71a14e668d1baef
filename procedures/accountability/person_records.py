"""The persons' subject records, read at the review and written after the handling decision
(衢政办发〔2023〕5号 第七条(一), 第十二条): the awaiting half of findings.py.

Runs in the workflow: each read and write is an activity, awaited one person (and one finding)
after another in the order the case lists them, as recorded histories replay.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.subject_records import (
        CLOSED,
        READ_SUBJECT_RECORD,
        REFUSED,
        WRITE_SUBJECT_RECORD,
        ReadSubject,
        RecordFinding,
        SubjectFacts,
        WriteSubject,
    )
    from kernel.audit_trail import SYSTEM, AuditTrail
    from kernel.outputs import Outputs
    from procedures.accountability.findings import findings_to_write, person_ref, recorded_earlier
    from procedures.accountability.models import (
        AccountabilityCase,
        Decision,
        ResponsiblePerson,
        Review,
        cite,
    )
    from scoring import accountability as rules


async def read_earlier_findings(
    outputs: Outputs, trail: AuditTrail, case: AccountabilityCase, together: bool = False
) -> dict[str, list[rules.EarlierFinding]]:
    """Each person's earlier accountability findings from their subject record (a person
    without a record reads as empty facts). `together`: the records read at once, in one
    workflow task (a run of the current type); else one after the other, as released runs
    read them."""

    async def read(person: ResponsiblePerson) -> SubjectFacts:
        facts: SubjectFacts = await outputs.call(
            READ_SUBJECT_RECORD, ReadSubject(ref=person_ref(person), as_of=None), SubjectFacts
        )
        return facts

    if together:
        read_all = await asyncio.gather(*(read(person) for person in case.persons))
    else:
        read_all = [await read(person) for person in case.persons]
    recorded = {
        person.id: recorded_earlier(case, facts)
        for person, facts in zip(case.persons, read_all, strict=True)
    }
    trail.record(
        SYSTEM,
        "earlier_findings_read",
        rules.REPEAT_CLAUSE,
        counts={person_id: len(found) for person_id, found in recorded.items()},
    )
    return recorded


async def write_findings(
    outputs: Outputs,
    trail: AuditTrail,
    case: AccountabilityCase,
    review: Review,
    decision: Decision,
    source_case: str,
) -> None:
    """The case's findings on each sanctioned person's subject record. A refusal (e.g. the
    finding is already there, or the record is closed) is recorded and does not stop the
    case."""
    for person, finding in findings_to_write(case, review, decision, source_case):
        try:
            await outputs.call(
                WRITE_SUBJECT_RECORD,
                WriteSubject(
                    ref=person_ref(person),
                    op=RecordFinding(
                        finding=finding, actor=decision.decided_by, source_case=source_case
                    ),
                ),
                SubjectFacts,
            )
        except ActivityError as err:
            cause = err.cause
            if not (isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED)):
                raise
            action, detail = "finding_refused_by_subject_record", {"reason": cause.message}
        else:
            action, detail = "finding_recorded_on_subject_record", {"indicator": finding.indicator}
        trail.record(
            SYSTEM,
            action,
            cite("第十二条"),
            person_id=person.id,
            finding_id=finding.finding_id,
            **detail,
        )
