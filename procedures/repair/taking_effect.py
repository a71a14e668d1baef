"""公示期满无异议的, 按程序信用修复 (衢医保发〔2021〕36号 六(三)): the repair takes effect. It is
recorded on the subject record, confirmed in writing (附件5), the dishonest record stops being
published and the repair is reported to the same-level credit management department.

Steps of the workflow (they deliver through the case's outputs, so they run only inside
CreditRepairWorkflow, like rescoring.py); what they send is made by the pure functions of
notices.py. The workflow keeps the order: the record, the confirmation, the two reports, then the
re-score.
"""

from __future__ import annotations

from datetime import date

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

from contracts.case_records import CaseDeadline
from contracts.documents import ISSUE_DOCUMENT
from contracts.subject_records import (
    CLOSED,
    REFUSED,
    WRITE_SUBJECT_RECORD,
    Finding,
    SubjectFacts,
)
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.outputs import Outputs
from procedures.repair import notices
from procedures.repair.models import (
    CONFIRMATION_FORM_CLAUSE,
    CREDIT_DEPARTMENT,
    PROCEDURE_CLAUSE,
    STOP_PUBLISHING,
    RepairCase,
    cite,
)


async def record_repair(
    case: RepairCase,
    finding: Finding,
    effective_on: date,
    *,
    outputs: Outputs,
    trail: AuditTrail,
) -> SubjectFacts | str:
    """The repair on the subject record: the record as it now stands, or why the record refused
    it (e.g. another case repaired the finding meanwhile). It comes first so that a refusal
    leaves nothing confirmed or unpublished."""
    case_id = workflow.info().workflow_id
    try:
        facts: SubjectFacts = await outputs.call(
            WRITE_SUBJECT_RECORD,
            notices.subject_record_entry(case, finding, case_id, effective_on),
            SubjectFacts,
        )
    except ActivityError as err:
        cause = err.cause
        if isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED):
            return cause.message
        raise
    trail.record(
        SYSTEM,
        "repair_recorded_on_subject_record",
        cite(PROCEDURE_CLAUSE),
        finding_id=finding.finding_id,
        effective_on=effective_on.isoformat(),
    )
    return facts


async def confirm(
    case: RepairCase,
    finding: Finding,
    notice: CaseDeadline,
    effective_on: date,
    *,
    outputs: Outputs,
    trail: AuditTrail,
) -> str:
    """附件5 信用修复确认通知书, issued; where it was delivered."""
    confirmation = await outputs.deliver(
        ISSUE_DOCUMENT,
        notices.confirmation(
            case,
            finding,
            key=outputs.key("repair-confirmation"),
            issued_at=workflow.now(),
            notice=notice,
            effective_on=effective_on,
        ),
    )
    trail.record(
        SYSTEM,
        "repair_confirmation_issued",
        cite(CONFIRMATION_FORM_CLAUSE),
        document=confirmation.location,
    )
    return confirmation.location


async def stop_publishing_and_report(
    case: RepairCase, finding: Finding, effective_on: date, *, outputs: Outputs
) -> None:
    """并停止公示其失信记录, 报送同级信用管理部门: to the publication channel, then the report."""
    for step, recipient, subject, body, action in (
        (
            "publication-stop-dishonest-record",
            STOP_PUBLISHING,
            "停止公示失信记录",
            notices.stop_publishing(case, finding, effective_on),
            "dishonest_record_publication_stopped",
        ),
        (
            "report-credit-management-department",
            CREDIT_DEPARTMENT,
            "信用修复报送",
            notices.credit_department_report(case, finding, effective_on),
            "credit_department_reported",
        ),
    ):
        await outputs.send(step, recipient, subject, body, action, cite(PROCEDURE_CLAUSE))
