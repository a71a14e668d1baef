"""The subject's credit file (信用档案) as a step of the objection case: 衢医保发〔2021〕36号
四(三), 无异议或完成异议申诉处理的 ... 记入信用主体的信用档案.

A step of the workflow: it writes through the case's outputs (the subject-record activity) and
records on its trail, so it runs only inside MedicalCreditObjectionWorkflow; what it writes is
built by the pure functions of notices.py.
"""

from __future__ import annotations

from temporalio.exceptions import ActivityError, ApplicationError

from contracts.subject_records import (
    CLOSED,
    REFUSED,
    WRITE_SUBJECT_RECORD,
    SubjectFacts,
    SubjectWrite,
    WriteSubject,
)
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.outputs import Outputs
from procedures.medical_objection.models import CaseRecord


async def write(
    outputs: Outputs,
    trail: AuditTrail,
    case: CaseRecord,
    op: SubjectWrite,
    action: str,
    cite: str,
    **details: object,
) -> None:
    """Write to the subject's credit file. A write the record refuses (the result is already
    there, or already formal, or the record was closed) does not stop the case: it is recorded
    with the record's reason for the agency to reconcile."""
    try:
        facts: SubjectFacts = await outputs.call(
            WRITE_SUBJECT_RECORD, WriteSubject(ref=case.subject, op=op), SubjectFacts
        )
    except ActivityError as err:
        cause = err.cause
        if isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED):
            trail.record(SYSTEM, "subject_record_refused", cite, op=op.op, reason=cause.message)
            return
        raise
    held = facts.result(case.result.result_id)
    trail.record(SYSTEM, action, cite, formal=held.formal if held else None, **details)
