"""The subject record (信用档案): what the credit procedures need to know about one credit subject
across cases, and the requests that read and write it.

衢医保发〔2021〕36号 三(一): the medical-insurance department keeps a credit file for every credit
subject, keyed by the unified social credit code (统一社会信用代码) for institutions and by the
identity number (身份证号码) for persons. One long-lived workflow per subject holds it
(`procedures/subject_record/workflow.py`); procedures read and write it through two activities,
READ_SUBJECT_RECORD and WRITE_SUBJECT_RECORD, by name.

Pure pydantic (no Temporal import): shared by the workflow, the activities, the CLI and the
procedures that call the activities. Its parts: who a record is about (subjects), what it holds
(facts), the writes and their rules (writes), the clauses its audit trail cites (citations), and
the names, requests and workflow messages (messages). Import from the package: every public name
is here.
"""

from __future__ import annotations

from contracts.subject_records.citations import (
    AGREEMENT_CITATION,
    CREDIT_FILE_CITATION,
    FALSE_COMMITMENT_CITATION,
    MARKET,
    MARKET_EITHER,
    MEDICAL,
    REPAIR_CITATION,
    finding_citation,
    formal_citation,
    result_citation,
)
from contracts.subject_records.facts import (
    Agreement,
    CreditResult,
    Finding,
    Repair,
    Restriction,
    ResultKind,
    ResultVersion,
    SubjectFacts,
)
from contracts.subject_records.messages import (
    APPLIED_IDS_KEPT,
    CLOSED,
    EVENTS_KEPT,
    FACTS_QUERY,
    PROCEDURE_TYPE,
    READ_SUBJECT_RECORD,
    REFUSED,
    STAGE_ACTIVE,
    STAGE_CLOSED,
    STATUS_QUERY,
    STOP_SIGNAL,
    SUBJECT_RECORD_IDS,
    SUBJECT_RECORD_WORKFLOW,
    WRITE_SUBJECT_RECORD,
    ReadSubject,
    RecordIds,
    StopRecord,
    SubjectRecordInput,
    SubjectRecordStatus,
    WriteSubject,
)
from contracts.subject_records.subjects import (
    PERSONAL_ID_HEX_DIGITS,
    PERSONAL_TYPES,
    PROCEDURE,
    SubjectRef,
    SubjectType,
    normalized_code,
    subject_workflow_id,
)
from contracts.subject_records.writes import (
    MARK_RESULT_FORMAL,
    RECORD_AGREEMENT,
    RECORD_FINDING,
    RECORD_REPAIR,
    RECORD_RESTRICTION,
    RECORD_RESULT,
    MarkResultFormal,
    RecordAgreement,
    RecordFinding,
    RecordRepair,
    RecordRestriction,
    RecordResult,
    SubjectWrite,
    already_applied,
    apply,
    refusal,
)

__all__ = [
    "AGREEMENT_CITATION",
    "APPLIED_IDS_KEPT",
    "CLOSED",
    "CREDIT_FILE_CITATION",
    "EVENTS_KEPT",
    "FACTS_QUERY",
    "FALSE_COMMITMENT_CITATION",
    "MARKET",
    "MARKET_EITHER",
    "MARK_RESULT_FORMAL",
    "MEDICAL",
    "PERSONAL_ID_HEX_DIGITS",
    "PERSONAL_TYPES",
    "PROCEDURE",
    "PROCEDURE_TYPE",
    "READ_SUBJECT_RECORD",
    "RECORD_AGREEMENT",
    "RECORD_FINDING",
    "RECORD_REPAIR",
    "RECORD_RESTRICTION",
    "RECORD_RESULT",
    "REFUSED",
    "REPAIR_CITATION",
    "STAGE_ACTIVE",
    "STAGE_CLOSED",
    "STATUS_QUERY",
    "STOP_SIGNAL",
    "SUBJECT_RECORD_IDS",
    "SUBJECT_RECORD_WORKFLOW",
    "WRITE_SUBJECT_RECORD",
    "Agreement",
    "CreditResult",
    "Finding",
    "MarkResultFormal",
    "ReadSubject",
    "RecordAgreement",
    "RecordFinding",
    "RecordIds",
    "RecordRepair",
    "RecordRestriction",
    "RecordResult",
    "Repair",
    "Restriction",
    "ResultKind",
    "ResultVersion",
    "StopRecord",
    "SubjectFacts",
    "SubjectRecordInput",
    "SubjectRecordStatus",
    "SubjectRef",
    "SubjectType",
    "SubjectWrite",
    "WriteSubject",
    "already_applied",
    "apply",
    "finding_citation",
    "formal_citation",
    "normalized_code",
    "refusal",
    "result_citation",
    "subject_workflow_id",
]
