"""How the procedures, the CLI and the record workflow talk: the workflow's and the activities'
names, the activities' requests, and the workflow's input, status and signal."""

from __future__ import annotations

from pydantic import BaseModel, Field

from checks.plausible import Day
from contracts.case_records import AuditEvent, CaseDeadline
from contracts.fields import ShortText, StrictModel
from contracts.subject_records.facts import SubjectFacts
from contracts.subject_records.subjects import SubjectRef, Text
from contracts.subject_records.writes import Mobile, SubjectWrite

PROCEDURE_TYPE = "subject_record"  # the ProcedureType search attribute
STAGE_ACTIVE = "active"  # the CaseStage search attribute while the subject exists
STAGE_CLOSED = "closed"  # after a `stop` signal

# The workflow type, its queries and its signal (its Updates are named in writes.py):
# activities and the CLI use them by name.
SUBJECT_RECORD_WORKFLOW = "SubjectRecordV2"  # the type new records start as (issue 20)
RELEASED_SUBJECT_RECORD_WORKFLOW = "SubjectRecord"  # the type of records started before it
FACTS_QUERY = "facts"
STATUS_QUERY = "status"
STOP_SIGNAL = "stop"

# The activities, called by name from workflows (see activities/subject_records.py).
READ_SUBJECT_RECORD = "read_subject_record"
WRITE_SUBJECT_RECORD = "write_subject_record"
# The record ids (keyed hashes for persons) of subjects: what a case shows instead of their codes.
SUBJECT_RECORD_IDS = "subject_record_ids"
# ApplicationError types raised by WRITE_SUBJECT_RECORD (non-retryable).
REFUSED = "SubjectRecordRefused"  # a validator refused the write; nothing changed
CLOSED = "SubjectRecordClosed"  # the record was stopped; it accepts no more writes

# The audit trail carried across continue-as-new (the whole trail stays in the runs' histories).
EVENTS_KEPT = 200
# Update ids remembered across continue-as-new (see SubjectRecordInput.applied_update_ids).
APPLIED_IDS_KEPT = 500


class ReadSubject(BaseModel):
    """READ_SUBJECT_RECORD: the record (as of a day, or as it stands). A subject without a
    record reads as empty facts; reading never creates a record."""

    model_config = StrictModel
    ref: SubjectRef
    as_of: Day | None = None


class RecordIds(BaseModel):
    """SUBJECT_RECORD_IDS: the request (the subjects) and the answer (their ids, in order)."""

    refs: list[SubjectRef] = Field(default_factory=list)
    ids: list[str] = Field(default_factory=list)


class WriteSubject(BaseModel):
    """WRITE_SUBJECT_RECORD: one write, creating the record on the first one."""

    model_config = StrictModel
    ref: SubjectRef
    op: SubjectWrite


# -- the workflow's input, status and signal ------------------------------------------------------


class SubjectRecordInput(BaseModel):
    ref: SubjectRef
    # Carried across continue-as-new: nothing is lost between runs.
    facts: SubjectFacts | None = None
    events: list[AuditEvent] = Field(default_factory=list)
    # A new run after this many accepted writes (or when the server suggests it).
    continue_after_updates: int = Field(default=1000, ge=1)
    # The Update ids of the last writes applied (at most APPLIED_IDS_KEPT): the server dedupes
    # an Update id within one run only, and a write applied just before a continue-as-new can
    # be delivered again to a later run, which answers it without applying it twice.
    applied_update_ids: list[str] = Field(default_factory=list)
    # The subject's mobile, the latest a write gave: where a changed result is told (四(三)).
    mobile: Mobile | None = None


class SubjectRecordStatus(BaseModel):
    """The `status` query, with the keys the CLI's `status` command reads."""

    case_id: str  # the workflow id's tail: <type>-<code> or <type>-h<hash>
    workflow_id: str
    procedure: str = PROCEDURE_TYPE
    stage: str = STAGE_ACTIVE
    overdue: bool = False
    deadlines: list[CaseDeadline] = Field(default_factory=list)
    events: list[AuditEvent]
    facts: SubjectFacts


class StopRecord(BaseModel):
    """The `stop` signal: the subject no longer exists (deregistered, deceased); the record
    completes and accepts no more writes."""

    model_config = StrictModel
    actor: ShortText
    reason: Text
