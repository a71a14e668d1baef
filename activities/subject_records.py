"""Reading and writing subject records (信用档案) for the procedures, as activities.

A procedure's workflow calls READ_SUBJECT_RECORD / WRITE_SUBJECT_RECORD by name with the models of
`contracts/subject_records/`; these activities talk to the subject's record workflow with
the worker's client: a read is the `facts` query (a subject without a record reads as empty
facts, and no record is started for a read); a write starts the record if it is missing
(USE_EXISTING: never a second record) and executes the matching Update. A refusal by the
record's validator is a non-retryable ApplicationError of type REFUSED with its message; any
other failure is retryable.

Retries are safe: the Update id is the calling activity's own (stable across its attempts), and
a retry that finds its write already in the record (the first attempt got through) succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import activity
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
)
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from contracts import search_attributes as sa
from contracts.subject_records import (
    CLOSED,
    FACTS_QUERY,
    PROCEDURE_TYPE,
    READ_SUBJECT_RECORD,
    REFUSED,
    STAGE_ACTIVE,
    SUBJECT_RECORD_IDS,
    SUBJECT_RECORD_WORKFLOW,
    WRITE_SUBJECT_RECORD,
    ReadSubject,
    RecordIds,
    SubjectFacts,
    SubjectRecordInput,
    SubjectRef,
    SubjectWrite,
    WriteSubject,
    already_applied,
)

__all__ = ["READ_SUBJECT_RECORD", "WRITE_SUBJECT_RECORD", "SubjectRecordActivities"]


class SubjectRecordActivities:
    """`task_queue`: where record workflows run; None means the queue this activity runs on
    (the worker registers the workflows and these activities on one queue)."""

    def __init__(self, client: Client, task_queue: str | None, secret: bytes) -> None:
        if not secret:
            raise ValueError(
                "subject records need the installation's secret (settings.subject_id_secret): "
                "without it a person's record id could be traced back to the identity number"
            )
        self._client = client
        self._task_queue = task_queue
        self._secret = secret

    def all(self) -> list[Callable[..., Any]]:
        return [self.read_subject_record, self.write_subject_record, self.subject_record_ids]

    @property
    def client(self) -> Client:
        return self._client

    def workflow_id(self, ref: SubjectRef) -> str:
        return ref.workflow_id(self._secret)

    @activity.defn(name=READ_SUBJECT_RECORD)
    async def read_subject_record(self, request: ReadSubject) -> SubjectFacts:
        handle = self._client.get_workflow_handle(self.workflow_id(request.ref))
        try:
            facts: SubjectFacts = await handle.query(
                FACTS_QUERY, request.as_of, result_type=SubjectFacts
            )
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND:
                # No record yet: nothing is known about the subject. Do not start one.
                return SubjectFacts(ref=request.ref, as_of=request.as_of)
            raise
        except WorkflowQueryFailedError as err:
            raise ApplicationError(
                f"the subject record {handle.id} cannot be read: {err.message}",
                non_retryable=True,
            ) from None
        return facts

    @activity.defn(name=SUBJECT_RECORD_IDS)
    async def subject_record_ids(self, request: RecordIds) -> RecordIds:
        """The ids of the subjects' records (a keyed hash for a person): a case shows these,
        never an identity number."""
        return RecordIds(ids=[self.workflow_id(ref) for ref in request.refs])

    @activity.defn(name=WRITE_SUBJECT_RECORD)
    async def write_subject_record(self, request: WriteSubject) -> SubjectFacts:
        info = activity.info()
        write = request.op
        # The same id on every attempt: the server applies an Update id once per run.
        update_id = f"{info.workflow_id}/{info.workflow_run_id}/{info.activity_id}/{write.op}"
        return await self.write(request.ref, write, update_id)

    async def write(self, ref: SubjectRef, write: SubjectWrite, update_id: str) -> SubjectFacts:
        """`write` on the subject's record (started if missing), once: `update_id` is the same
        on every attempt of the calling activity (an evaluation round writes many records from
        one activity, each with an id of its own)."""
        handle = await self.open_record(ref)
        info = activity.info()
        try:
            facts: SubjectFacts = await handle.execute_update(
                write.op, write, id=update_id, result_type=SubjectFacts
            )
        except WorkflowUpdateFailedError as err:
            cause = err.cause
            message = getattr(cause, "message", None) or str(cause or err)
            if not (isinstance(cause, ApplicationError) and cause.type == REFUSED):
                # Not the record's refusal (e.g. an Update the worker did not get to process
                # while the record continued as new): nothing was written; try again.
                raise ApplicationError(
                    f"the subject record {handle.id} did not take the write: {message}"
                ) from None
            if info.attempt > 1:
                held = await self._applied_before(handle, write)
                if held is not None:
                    return held
            raise ApplicationError(message, type=REFUSED, non_retryable=True) from None
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND:
                raise _closed(handle.id) from None
            raise
        return facts

    async def open_record(self, ref: SubjectRef) -> WorkflowHandle[Any, Any]:
        """The subject's record, started now if it does not exist yet."""
        workflow_id = self.workflow_id(ref)
        try:
            return await self._client.start_workflow(
                SUBJECT_RECORD_WORKFLOW,
                SubjectRecordInput(ref=ref),
                id=workflow_id,
                task_queue=self._task_queue or activity.info().task_queue,
                # A running record is the record: a second start attaches to it.
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                # A stopped record is not silently replaced by an empty one.
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                # Findable at once; never the code or the name (they are stored in clear).
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(sa.PROCEDURE_TYPE, PROCEDURE_TYPE),
                        SearchAttributePair(sa.CASE_STAGE, STAGE_ACTIVE),
                    ]
                ),
            )
        except WorkflowAlreadyStartedError:
            raise _closed(workflow_id) from None

    async def _applied_before(
        self, handle: WorkflowHandle[Any, Any], write: SubjectWrite
    ) -> SubjectFacts | None:
        facts: SubjectFacts = await handle.query(FACTS_QUERY, None, result_type=SubjectFacts)
        return facts if already_applied(facts, write) else None


def _closed(workflow_id: str) -> ApplicationError:
    return ApplicationError(
        f"the subject record {workflow_id} is closed: it accepts no more writes",
        type=CLOSED,
        non_retryable=True,
    )
