"""The subject record (信用档案): one long-lived workflow per credit subject.

衢医保发〔2021〕36号 三(一): a credit file for every subject, keyed by its unified social credit
code or (persons) its identity number. The record holds what the credit procedures need across
cases:
credit results with their scoring facts (formal or not), findings of dishonest conduct, repairs
in effect and restrictions. Procedures write it through Updates (each refused, changing nothing,
when it does not fit the record) and read it through the `facts` query, both via the activities
of `activities/subject_records.py`.

The workflow runs as long as the subject exists (until a `stop` signal). It continues as new when
the server suggests it or after `continue_after_updates` accepted writes, carrying the facts and
the last EVENTS_KEPT audit events; earlier events stay in the closed runs' histories.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts import search_attributes as sa
    from contracts.subject_records import (
        APPLIED_IDS_KEPT,
        CREDIT_FILE_CITATION,
        EVENTS_KEPT,
        FACTS_QUERY,
        MARK_RESULT_FORMAL,
        PROCEDURE,
        PROCEDURE_TYPE,
        RECORD_AGREEMENT,
        RECORD_FINDING,
        RECORD_REPAIR,
        RECORD_RESTRICTION,
        RECORD_RESULT,
        REFUSED,
        RELEASED_SUBJECT_RECORD_WORKFLOW,
        STAGE_ACTIVE,
        STAGE_CLOSED,
        STATUS_QUERY,
        STOP_SIGNAL,
        SUBJECT_RECORD_WORKFLOW,
        MarkResultFormal,
        RecordAgreement,
        RecordFinding,
        RecordRepair,
        RecordRestriction,
        RecordResult,
        StopRecord,
        SubjectFacts,
        SubjectRecordInput,
        SubjectRecordStatus,
        SubjectWrite,
        apply,
        refusal,
    )
    from kernel.audit_trail import AuditTrail
    from kernel.outputs import Outputs
    from kernel.visibility import changed_only
    from procedures.subject_record import result_sms
    from procedures.subject_record.entries import entry
    from procedures.subject_record.result_change import (
        NO_MOBILE,
        SMS_CITATION,
        ResultChange,
        change_of,
    )

SYSTEM = "system"
# From this version the record tells the subject of every change of its medical-credit result
# by SMS (衢医保发〔2021〕36号 四(三)); a run written before replays without it.
RESULT_CHANGE_SMS_PATCH = "result-change-sms"


@workflow.defn(name=SUBJECT_RECORD_WORKFLOW)
class SubjectRecordWorkflow:
    # Records started before issue 20 run on as the released type (the subclass below): their
    # patches decide as recorded. A record of the current type takes every patch from its type
    # and upserts its search attributes only where they differ from those it was started with.
    released: ClassVar[bool] = False

    @workflow.init
    def __init__(self, record: SubjectRecordInput) -> None:
        self._ref = record.ref
        self._facts = record.facts if record.facts is not None else SubjectFacts(ref=record.ref)
        self._trail = AuditTrail(self._case_id(), record.events)
        self._continue_after = record.continue_after_updates
        self._accepted = 0  # writes accepted by this run
        # The Update ids of the writes applied lately, this run's included.
        self._applied_ids = list(record.applied_update_ids)
        self._applied = set(self._applied_ids)
        self._stage = STAGE_ACTIVE
        self._stop: StopRecord | None = None
        self._mobile = record.mobile
        self._outputs = Outputs(self._case_id(), self._trail, workflow.execute_activity)
        # Changes of the result found by accepted writes, to be told by SMS in order.
        self._to_tell: list[tuple[ResultChange, str]] = []
        if record.facts is None:
            # The very first run; recorded here so that it precedes the first write's event.
            self._trail.record(
                SYSTEM, "record_opened", CREDIT_FILE_CITATION, subject_type=record.ref.type.value
            )

    # -- the record's life ------------------------------------------------------------------------

    @workflow.run
    async def run(self, record: SubjectRecordInput) -> SubjectFacts:
        if record.facts is None:
            # Continue-as-new keeps the search attributes; set them once, in the first run.
            self._publish()
        while True:
            await workflow.wait_condition(
                lambda: bool(self._to_tell) or self._stop is not None or self._run_is_full()
            )
            if self._to_tell:
                # Told before the run ends: a change is never carried untold to the next run.
                change, mobile = self._to_tell[0]
                await result_sms.send(self._outputs, self._trail, self._ref, change, mobile)
                self._to_tell.pop(0)
                continue
            # Writes being applied finish in this run; their effects are in what is carried.
            await workflow.wait_condition(workflow.all_handlers_finished)
            if not self._to_tell:
                break
        if self._stop is not None:
            self._stage = STAGE_CLOSED
            self._trail.record(
                self._stop.actor, "record_closed", CREDIT_FILE_CITATION, reason=self._stop.reason
            )
            self._publish()
            return self._facts
        workflow.logger.info(
            "continuing as new",
            extra={"case_id": self._case_id(), "accepted_writes": self._accepted},
        )
        workflow.continue_as_new(
            SubjectRecordInput(
                ref=self._ref,
                facts=self._facts,
                events=self._trail.events[-EVENTS_KEPT:],
                continue_after_updates=self._continue_after,
                applied_update_ids=self._applied_ids[-APPLIED_IDS_KEPT:],
                mobile=self._mobile,
            )
        )

    def _run_is_full(self) -> bool:
        return (
            self._accepted >= self._continue_after or workflow.info().is_continue_as_new_suggested()
        )

    @workflow.signal(name=STOP_SIGNAL)
    def stop(self, request: StopRecord) -> None:
        if self._stop is None:
            self._stop = request

    # -- writes: Updates with validators (a refused write changes nothing) -----------------------

    @workflow.update(name=RECORD_RESULT)
    def record_result(self, write: RecordResult) -> SubjectFacts:
        return self._write(write)

    @record_result.validator
    def _check_result(self, write: RecordResult) -> None:
        self._refuse(write)

    @workflow.update(name=MARK_RESULT_FORMAL)
    def mark_result_formal(self, write: MarkResultFormal) -> SubjectFacts:
        return self._write(write)

    @mark_result_formal.validator
    def _check_formal(self, write: MarkResultFormal) -> None:
        self._refuse(write)

    @workflow.update(name=RECORD_FINDING)
    def record_finding(self, write: RecordFinding) -> SubjectFacts:
        return self._write(write)

    @record_finding.validator
    def _check_finding(self, write: RecordFinding) -> None:
        self._refuse(write)

    @workflow.update(name=RECORD_REPAIR)
    def record_repair(self, write: RecordRepair) -> SubjectFacts:
        return self._write(write)

    @record_repair.validator
    def _check_repair(self, write: RecordRepair) -> None:
        self._refuse(write)

    @workflow.update(name=RECORD_RESTRICTION)
    def record_restriction(self, write: RecordRestriction) -> SubjectFacts:
        return self._write(write)

    @record_restriction.validator
    def _check_restriction(self, write: RecordRestriction) -> None:
        self._refuse(write)

    @workflow.update(name=RECORD_AGREEMENT)
    def record_agreement(self, write: RecordAgreement) -> SubjectFacts:
        return self._write(write)

    @record_agreement.validator
    def _check_agreement(self, write: RecordAgreement) -> None:
        self._refuse(write)

    def _write(self, write: SubjectWrite) -> SubjectFacts:
        """Applies an accepted write and records it (entries.py), unless it was applied
        already; answers with the record as it now stands."""
        if self._delivered_again():
            return self._facts.model_copy(deep=True)
        replaced = (
            self._facts.result(write.result_id) if isinstance(write, MarkResultFormal) else None
        )
        change = change_of(self._facts, write)
        apply(self._facts, write)
        action, citation, details = entry(write, self._facts, replaced)
        self._trail.record(write.actor, action, citation, **details)
        if isinstance(write, RecordResult | MarkResultFormal) and write.mobile:
            self._mobile = write.mobile
        # Asked only at a change, so a record that ran before the patch starts telling at its
        # first change after it (the patch's answer holds for the rest of a run).
        if change is not None and (not self.released or workflow.patched(RESULT_CHANGE_SMS_PATCH)):
            self._tell(change)
        return self._accepted_write()

    def _tell(self, change: ResultChange) -> None:
        """实时信用评价有结果变动时, 短信提醒该信用主体 (四(三)): sent by the run's loop; a subject
        with no known mobile is recorded as not told, never silently skipped."""
        if self._mobile is None:
            self._trail.record(
                SYSTEM,
                "result_change_sms_not_sent",
                SMS_CITATION,
                reason=NO_MOBILE,
                **result_sms.details(change),
            )
            return
        self._to_tell.append((change, self._mobile))

    def _refuse(self, write: SubjectWrite) -> None:
        # Validators run before anything is recorded: a refusal leaves the record as it was.
        if self._delivered_again():
            return
        if self._stop is not None:
            raise _refused("the subject record is closed: it accepts no more writes")
        problem = refusal(self._facts, write)
        if problem:
            raise _refused(problem)

    def _accepted_write(self) -> SubjectFacts:
        self._accepted += 1
        update = workflow.current_update_info()
        if update is not None:
            self._applied_ids.append(update.id)
            self._applied.add(update.id)
        return self._facts.model_copy(deep=True)

    def _delivered_again(self) -> bool:
        """A write already applied, delivered again (the server forgets Update ids at
        continue-as-new): its effect is in the facts; it is answered, not applied (nor refused)
        a second time."""
        update = workflow.current_update_info()
        return update is not None and update.id in self._applied

    # -- reads ------------------------------------------------------------------------------------

    @workflow.query(name=FACTS_QUERY)
    def facts(self, as_of: date | None = None) -> SubjectFacts:
        """The record as it stands, or as it was known on `as_of`."""
        return self._facts if as_of is None else self._facts.known_on(as_of)

    @workflow.query(name=STATUS_QUERY)
    def status(self) -> SubjectRecordStatus:
        return SubjectRecordStatus(
            case_id=self._case_id(),
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            events=self._trail.events,
            facts=self._facts,
        )

    # -- helpers ----------------------------------------------------------------------------------

    def _publish(self) -> None:
        # Never the code or the name: search attributes are stored and shown in clear.
        updates = [
            sa.PROCEDURE_TYPE.value_set(PROCEDURE_TYPE),
            sa.CASE_STAGE.value_set(self._stage),
        ]
        if not self.released:  # only what differs from what the record was started with
            updates = changed_only(updates)
        if updates:
            workflow.upsert_search_attributes(updates)

    def _case_id(self) -> str:
        # For a person the id's tail is the keyed hash, never the identity number.
        return workflow.info().workflow_id.removeprefix(PROCEDURE + "-")


def _refused(message: str) -> ApplicationError:
    # A type of its own: callers tell a refusal (final) from an Update the engine did not get
    # to process (worth another try).
    return ApplicationError(message, type=REFUSED, non_retryable=True)


@workflow.defn(name=RELEASED_SUBJECT_RECORD_WORKFLOW)
class ReleasedSubjectRecord(SubjectRecordWorkflow):
    """The type of the records started before issue 20: they replay, and run on, with the
    patches they took. No new record starts as it."""

    released = True

    @workflow.run
    async def run(self, record: SubjectRecordInput) -> SubjectFacts:
        return await super().run(record)
