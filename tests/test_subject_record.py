"""The subject record (信用档案), one long-lived workflow per credit subject.

Written and read the way procedures do it (the READ/WRITE_SUBJECT_RECORD activities, called by
name from a workflow), and through its queries; refused writes change nothing; a person's
identity number never appears in a workflow id or a search attribute; continue-as-new loses
nothing; `starter.py subject show` prints the record.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterable
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from temporalio import workflow
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import RetryPolicy, SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Worker

from activities.subject_records import SubjectRecordActivities
from contracts import search_attributes as sa
from contracts.subject_records import (
    CLOSED,
    PROCEDURE_TYPE,
    READ_SUBJECT_RECORD,
    REFUSED,
    REPAIR_CITATION,
    WRITE_SUBJECT_RECORD,
    Finding,
    MarkResultFormal,
    ReadSubject,
    RecordFinding,
    RecordRepair,
    RecordRestriction,
    RecordResult,
    Repair,
    Restriction,
    StopRecord,
    SubjectFacts,
    SubjectRecordInput,
    SubjectRef,
    SubjectType,
    SubjectWrite,
    WriteSubject,
    subject_workflow_id,
)
from procedures.subject_record.workflow import SYSTEM, SubjectRecordWorkflow
from settings import Settings
from tests.case_helpers import run_cli
from tests.conftest import EXAMPLES, running_worker
from tests.record_entries import make_finding, make_result

EXAMPLE = SubjectFacts.model_validate_json(
    (EXAMPLES / "subject-record-facts.json").read_text(encoding="utf-8")
)
ACTOR = "医保信用管理科 李倩"


# -- a procedure's workflow, calling the activities by name ----------------------------------------


class Step(BaseModel):
    write: WriteSubject | None = None
    read: ReadSubject | None = None


class Script(BaseModel):
    task_queue: str  # the engine's queue, where the activities run
    steps: list[Step]


class StepOutcome(BaseModel):
    facts: SubjectFacts | None = None
    error: str | None = None
    error_type: str | None = None
    non_retryable: bool | None = None


@workflow.defn(name="SubjectRecordCaller", sandboxed=False)
class CallerWorkflow:
    """What any procedure does: READ/WRITE_SUBJECT_RECORD by name, with the models."""

    @workflow.run
    async def run(self, script: Script) -> list[StepOutcome]:
        outcomes = []
        for step in script.steps:
            name, argument = (
                (WRITE_SUBJECT_RECORD, step.write)
                if step.write
                else (READ_SUBJECT_RECORD, step.read)
            )
            try:
                facts = await workflow.execute_activity(
                    name,
                    argument,
                    result_type=SubjectFacts,
                    task_queue=script.task_queue,
                    start_to_close_timeout=timedelta(seconds=30),
                    retry_policy=RetryPolicy(maximum_attempts=2),
                )
            except ActivityError as err:
                cause = err.cause
                assert isinstance(cause, ApplicationError), err
                outcomes.append(
                    StepOutcome(
                        error=cause.message,
                        error_type=cause.type,
                        non_retryable=cause.non_retryable,
                    )
                )
            else:
                outcomes.append(StepOutcome(facts=facts))
        return outcomes


@asynccontextmanager
async def engine(env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[Any]:
    """The production worker (workflows + activities) and a procedure's worker beside it.

    No timers here, so no time skipping: the test server gives a workflow started without an
    execution timeout a 10-year one (a real server: none), and skipping to it would end the
    records under test. The records end with the test: the servers are shared by the session,
    and a record left running would be a timer for other tests' time skipping to jump to."""
    client = env.client
    caller_queue = f"{settings.task_queue}-caller"
    records: set[str] = set()

    async def call(*steps: Step) -> list[StepOutcome]:
        for step in steps:
            request = step.write or step.read
            assert request is not None
            records.add(request.ref.workflow_id(settings.subject_id_secret))
        return await client.execute_workflow(
            CallerWorkflow.run,
            Script(task_queue=settings.task_queue, steps=list(steps)),
            id=f"caller-{uuid.uuid4().hex[:10]}",
            task_queue=caller_queue,
            result_type=list[StepOutcome],
        )

    try:
        with env.auto_time_skipping_disabled():
            async with (
                running_worker(client, settings),
                Worker(client, task_queue=caller_queue, workflows=[CallerWorkflow]),
            ):
                yield call
    finally:
        await end_records(client, records)


async def end_records(client: Client, workflow_ids: Iterable[str]) -> None:
    for workflow_id in workflow_ids:
        try:
            await client.get_workflow_handle(workflow_id).terminate("end of test")
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:  # never started, or already closed
                raise


def write(ref: SubjectRef, op: SubjectWrite) -> Step:
    return Step(write=WriteSubject(ref=ref, op=op))


def read(ref: SubjectRef, as_of: date | None = None) -> Step:
    return Step(read=ReadSubject(ref=ref, as_of=as_of))


def fresh(ref: SubjectRef) -> SubjectRef:
    """The same subject under a code no other test uses (the test server outlives each test)."""
    if ref.personal:
        return ref.model_copy(update={"code": f"3308{uuid.uuid4().int % 10**14:014d}"})
    return ref.model_copy(update={"code": f"5233{uuid.uuid4().hex[:14].upper()}"})


def example_writes(facts: SubjectFacts) -> list[SubjectWrite]:
    """The example record's history, as procedures would have written it, in order of events."""
    h1, h2 = facts.results
    settlement, records = facts.findings
    unformal = {"formal": False, "formal_on": None}
    return [
        RecordFinding(actor=ACTOR, finding=settlement),
        RecordResult(actor=ACTOR, result=h1.model_copy(update=unformal)),
        MarkResultFormal(actor=ACTOR, result_id=h1.result_id, formal_on=h1.formal_on or date.min),
        RecordRestriction(actor=ACTOR, restriction=facts.restrictions[0]),
        RecordFinding(actor=ACTOR, finding=records),
        RecordResult(actor=ACTOR, result=h2.model_copy(update=unformal)),
        RecordRepair(actor=ACTOR, repair=facts.repairs[0], source_case="repair-RC-2025-009"),
        MarkResultFormal(actor=ACTOR, result_id=h2.result_id, formal_on=h2.formal_on or date.min),
    ]


# The record's trail of the example's history (example_writes), after its opening. Each new
# medical-credit result is a change of the subject's result (衢医保发〔2021〕36号 四(三)): with no
# mobile on record the trail says the SMS was not sent (issue 17: it said nothing before).
EXAMPLE_TRAIL = [
    "record_opened",
    "finding_recorded",
    "result_recorded",
    "result_change_sms_not_sent",
    "result_made_formal",
    "restriction_recorded",
    "finding_recorded",
    "result_recorded",
    "result_change_sms_not_sent",
    "repair_recorded",
    "result_made_formal",
]


def fresh_example() -> SubjectFacts:
    """The example record, of a subject no other test uses."""
    return EXAMPLE.model_copy(update={"ref": fresh(EXAMPLE.ref)})


def record_handle(client: Client, settings: Settings, ref: SubjectRef) -> WorkflowHandle[Any, Any]:
    return client.get_workflow_handle(ref.workflow_id(settings.subject_id_secret))


async def not_started(handle: WorkflowHandle[Any, Any]) -> bool:
    try:
        await handle.describe()
    except RPCError as err:
        return err.status == RPCStatusCode.NOT_FOUND
    return False


# -- writing and reading -------------------------------------------------------------------------


async def test_procedures_write_and_read_the_record_through_the_activities(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    expected = fresh_example()
    ref = expected.ref
    handle = record_handle(time_env.client, settings, ref)
    async with engine(time_env, settings) as call:
        [nothing] = await call(read(ref))
        assert nothing.facts == SubjectFacts(ref=ref)
        assert await not_started(handle), "a read never starts a record"

        writes = example_writes(expected)
        outcomes = await call(*(write(ref, op) for op in writes), read(ref))
        assert [o.error for o in outcomes] == [None] * (len(writes) + 1)
        # Each write answers with the record as it now stands; the last is the whole example.
        assert [len(o.facts.results) for o in outcomes if o.facts] == [0, 1, 1, 1, 1, 2, 2, 2, 2]
        assert outcomes[-2].facts == outcomes[-1].facts == expected

        queried = await handle.query(SubjectRecordWorkflow.facts)
        assert queried == expected
        assert queried.is_repaired("YB-2025-017") and not queried.is_repaired("YB-2025-031")
        assert queried.latest_result("medical-credit") == expected.results[1]
        assert queried.latest_result("market-credit") is None
        finding = queried.finding("YB-2025-031")
        assert finding is not None and finding.kind == "medical_credit.records"

        status = await handle.query(SubjectRecordWorkflow.status)
        dumped = status.model_dump(mode="json")
        assert {"case_id", "procedure", "stage", "deadlines", "events", "facts"} <= dumped.keys()
        assert (status.case_id, status.procedure, status.stage, status.deadlines) == (
            f"medical_institution-{ref.code}",
            PROCEDURE_TYPE,
            "active",
            [],
        )
        assert [e.action for e in status.events] == EXAMPLE_TRAIL
        by_action = {e.action: e for e in status.events}
        assert by_action["repair_recorded"].citation == REPAIR_CITATION == "衢医保发〔2021〕36号 六"
        assert by_action["result_made_formal"].citation == "衢医保发〔2021〕36号 四(三)"
        assert by_action["record_opened"].citation == "衢医保发〔2021〕36号 三(一)"
        assert by_action["restriction_recorded"].citation == "衢医保发〔2021〕36号 五(四)2"
        # Each write's event is its writer's; the record's own SMS events are the system's.
        assert all(
            e.actor == (SYSTEM if e.action == "result_change_sms_not_sent" else ACTOR)
            for e in status.events[1:]
        )

        described = await handle.describe()
        assert handle.id == f"subject-medical_institution-{ref.code}"
        attributes = described.typed_search_attributes
        assert attributes.get(sa.PROCEDURE_TYPE) == "subject_record"
        assert attributes.get(sa.CASE_STAGE) == "active"


async def test_as_of_shows_what_was_known_on_that_day(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    full = fresh_example()
    ref = full.ref
    h1, h2 = full.results
    h1_published = h1.model_copy(update={"formal": False, "formal_on": None})
    h2_published = h2.model_copy(update={"formal": False, "formal_on": None})
    settlement, records = full.findings
    # A result a review corrected: until it is formal, the day's view shows it as published.
    h3 = make_result("MC-2026H1-0201", 790.0, "中等", facts={"note": "as published"})
    correction = MarkResultFormal(
        actor=ACTOR,
        result_id=h3.result_id,
        formal_on=date(2026, 7, 20),
        score=805.0,
        grade="良好",
        facts={"note": "as corrected"},
        source_case="medical-objection-MC-2026H1-0201",
    )
    handle = record_handle(time_env.client, settings, ref)
    async with engine(time_env, settings) as call:
        steps = [write(ref, op) for op in example_writes(full)]
        steps += [write(ref, RecordResult(actor=ACTOR, result=h3)), write(ref, correction)]
        assert all(o.error is None for o in await call(*steps))

        async def on(day: date) -> SubjectFacts:
            facts: SubjectFacts = await handle.query(SubjectRecordWorkflow.facts, day)
            assert facts.as_of == day
            return facts

        early = await on(date(2025, 6, 11))
        assert early == SubjectFacts(ref=ref, as_of=date(2025, 6, 11))
        assert (await on(date(2025, 6, 12))).findings == [settlement]
        july = await on(date(2025, 7, 14))
        assert july.results == [h1_published] and july.restrictions == []
        formal = await on(date(2025, 7, 15))
        assert formal.results == [h1] and formal.restrictions == full.restrictions
        december = await on(date(2025, 12, 19))
        assert december.results == [h1, h2_published]
        assert december.findings == [settlement, records]
        assert december.repairs == [] and not december.is_repaired(settlement.finding_id)
        assert december.latest_result("medical-credit") == h2_published
        repaired = await on(date(2025, 12, 20))
        assert repaired.is_repaired(settlement.finding_id)
        assert repaired.model_copy(update={"as_of": None, "results": full.results}) == full

        before = await on(date(2026, 7, 19))
        latest = before.latest_result("medical-credit")
        assert latest is not None and latest.result_id == h3.result_id
        assert (latest.score, latest.grade, latest.facts, latest.formal) == (
            790.0,
            "中等",
            {"note": "as published"},
            False,
        )
        after = (await on(date(2026, 7, 20))).latest_result("medical-credit")
        assert after is not None and after.as_published is not None
        assert (after.score, after.grade, after.facts, after.formal_on) == (
            805.0,
            "良好",
            {"note": "as corrected"},
            date(2026, 7, 20),
        )
        assert (after.as_published.score, after.as_published.grade) == (790.0, "中等")

        # The same view through the read activity.
        [through_activity] = await call(read(ref, date(2025, 7, 14)))
        assert through_activity.facts == july
        status = await handle.query(SubjectRecordWorkflow.status)
        formal_event, told = status.events[-2:]
        assert formal_event.details["score"] == "790.0 → 805.0"
        assert formal_event.details["corrected"] is True
        # The correction changed the result: the SMS of 四(三), not sent for want of a mobile.
        assert (told.action, told.actor, told.citation) == (
            "result_change_sms_not_sent",
            "system",
            "衢医保发〔2021〕36号 四(三)",
        )
        assert told.details == {
            "reason": "SMS not sent: no mobile on record",
            "result_id": h3.result_id,
            "cause": "objection",
            "old_score": 790.0,
            "old_grade": "中等",
            "new_score": 805.0,
            "new_grade": "良好",
        }


# -- refusals --------------------------------------------------------------------------------------

EXTRA_FINDINGS = [
    make_finding(
        "YB-2025-040",
        date(2025, 10, 8),
        indicator="medical_credit.fraud",
        label="虚假行为",
        repairable=False,
    ),
    make_finding(
        "YB-2025-041",
        date(2025, 10, 9),
        indicator="medical_credit.commitment",
        label="信用承诺",
        false_commitment=True,
    ),
]


def repair(repair_case: str, finding_id: str, effective_on: date) -> RecordRepair:
    """A repair case's write of its repair onto the record."""
    return RecordRepair(
        actor=ACTOR,
        repair=Repair(repair_case=repair_case, finding_id=finding_id, effective_on=effective_on),
    )


REFUSALS: list[tuple[str, SubjectWrite, list[str]]] = [
    (
        "duplicate result",
        RecordResult(actor=ACTOR, result=EXAMPLE.results[0]),
        ["result.result_id", "MC-2025H1-0412", "already recorded"],
    ),
    (
        "unknown result",
        MarkResultFormal(actor=ACTOR, result_id="MC-NOPE", formal_on=date(2026, 1, 5)),
        ["result_id: no result MC-NOPE"],
    ),
    (
        "already formal",
        MarkResultFormal(actor=ACTOR, result_id="MC-2025H1-0412", formal_on=date(2026, 1, 5)),
        ["result_id", "already formal since 2025-07-15"],
    ),
    (
        "formal before publication",
        MarkResultFormal(actor=ACTOR, result_id="MC-2026H1-0001", formal_on=date(2026, 6, 1)),
        ["formal_on: 2026-06-01 is before the result's publication on 2026-06-30"],
    ),
    (
        "duplicate finding",
        RecordFinding(actor=ACTOR, finding=EXAMPLE.findings[1]),
        ["finding.finding_id", "YB-2025-031", "already recorded"],
    ),
    (
        "repair of an unknown finding",
        repair("RC-1", "YB-NOPE", date(2026, 3, 1)),
        ["repair.finding_id: no finding YB-NOPE"],
    ),
    (
        "repair of a non-repairable finding",
        repair("RC-2", "YB-2025-040", date(2026, 5, 1)),
        ["repair.finding_id", "YB-2025-040", "not repairable"],
    ),
    (
        "repair of a finding caused by a false commitment",
        repair("RC-3", "YB-2025-041", date(2026, 5, 1)),
        ["repair.finding_id", "false commitment", "六(二)3"],
    ),
    (
        "second repair of a finding",
        repair("RC-4", "YB-2025-017", date(2026, 5, 1)),
        ["repair.finding_id", "already repaired by case repair-RC-2025-009"],
    ),
    (
        "repair effective before the finding",
        repair("RC-5", "YB-2025-031", date(2025, 9, 1)),
        ["repair.effective_on: 2025-09-01 is before the finding was made on 2025-09-02"],
    ),
    (
        "duplicate restriction",
        RecordRestriction(actor=ACTOR, restriction=EXAMPLE.restrictions[0]),
        ["restriction: the same restriction is already recorded"],
    ),
]


async def test_every_refused_write_leaves_the_record_unchanged(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(EXAMPLE.ref)
    pending = make_result("MC-2026H1-0001", 812.0, "良好")
    setup = [
        *example_writes(EXAMPLE),
        *(RecordFinding(actor=ACTOR, finding=f) for f in EXTRA_FINDINGS),
        RecordResult(actor=ACTOR, result=pending),
    ]
    handle = record_handle(time_env.client, settings, ref)
    async with engine(time_env, settings) as call:
        assert all(o.error is None for o in await call(*(write(ref, op) for op in setup)))
        before = await handle.query(SubjectRecordWorkflow.status)

        for label, op, fragments in REFUSALS:
            with pytest.raises(WorkflowUpdateFailedError) as refused:
                await handle.execute_update(op.op, op, result_type=SubjectFacts)
            cause = refused.value.cause
            assert isinstance(cause, ApplicationError) and cause.type == REFUSED, label
            message = cause.message
            for fragment in fragments:
                assert fragment in message, (label, message)
            assert await handle.query(SubjectRecordWorkflow.status) == before, label

        # Through the activity, a refusal is a non-retryable error with the same message.
        duplicate = REFUSALS[0][1]
        [outcome] = await call(write(ref, duplicate))
        assert outcome.error_type == REFUSED and outcome.non_retryable is True
        assert outcome.error is not None and "already recorded" in outcome.error
        assert await handle.query(SubjectRecordWorkflow.status) == before


def test_writes_that_contradict_themselves_are_refused_before_they_are_sent() -> None:
    with pytest.raises(ValidationError, match="until: 2025-01-01 is before from_day 2025-02-01"):
        Restriction(text="t", clause="c", from_day=date(2025, 2, 1), until=date(2025, 1, 1))
    market = {"kind": "market-credit", "published_on": date(2025, 1, 1), "formal": True}
    with pytest.raises(ValidationError, match="formal_on is required"):
        make_result("R", 900, "A", **market)
    with pytest.raises(ValidationError, match="formal_on: 2024-12-31 is before published_on"):
        make_result("R", 900, "A", **market, formal_on=date(2024, 12, 31))
    with pytest.raises(ValidationError, match="op"):
        WriteSubject.model_validate({"ref": EXAMPLE.ref.model_dump(), "op": {"op": "erase"}})


async def test_a_retried_write_that_got_through_the_first_time_succeeds(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(EXAMPLE.ref)
    activities = SubjectRecordActivities(
        time_env.client, settings.task_queue, settings.subject_id_secret
    )
    request = WriteSubject(ref=ref, op=example_writes(EXAMPLE)[1])

    def attempt(activity_id: str, number: int) -> ActivityEnvironment:
        env = ActivityEnvironment()
        env.info = dataclasses.replace(
            env.info, workflow_id="caller-1", activity_id=activity_id, attempt=number
        )
        return env

    with time_env.auto_time_skipping_disabled():
        async with running_worker(time_env.client, settings):
            facts = await attempt("5", 1).run(activities.write_subject_record, request)
            assert [r.result_id for r in facts.results] == ["MC-2025H1-0412"]
            # Its answer was lost; the retry carries the same Update id: the server's answer.
            assert await attempt("5", 2).run(activities.write_subject_record, request) == facts
            # A retry that reaches a later run of the record (no memory of the Update id)
            # finds its own write there and succeeds.
            assert await attempt("6", 2).run(activities.write_subject_record, request) == facts
            # Anyone else writing the same result again is refused, and so is a retry whose
            # write differs from what the record holds.
            with pytest.raises(ApplicationError) as again:
                await attempt("7", 1).run(activities.write_subject_record, request)
            assert again.value.type == REFUSED and again.value.non_retryable
            changed = request.model_copy(deep=True)
            assert isinstance(changed.op, RecordResult)
            changed.op.result.score = 700.0
            with pytest.raises(ApplicationError, match="already recorded"):
                await attempt("8", 2).run(activities.write_subject_record, changed)
    await end_records(time_env.client, [activities.workflow_id(ref)])


# -- persons: the identity number stays out of ids and search attributes -------------------------

DOCTOR = SubjectRef(type=SubjectType.DOCTOR, code="33080219780314202x", name="陈晓燕")


def test_a_persons_record_id_is_a_keyed_hash_of_the_identity_number() -> None:
    first, second = b"k" * 32, b"K" * 32
    doctor_id = subject_workflow_id(SubjectType.DOCTOR, DOCTOR.code, first)
    assert re.fullmatch(r"subject-doctor-h[0-9a-f]{24}", doctor_id)
    assert DOCTOR.code.upper() not in doctor_id and "330802" not in doctor_id
    # Stable for one secret (and one spelling of the check character), another for another.
    assert subject_workflow_id(SubjectType.DOCTOR, " 33080219780314202X ", first) == doctor_id
    assert DOCTOR.workflow_id(first) == doctor_id
    assert subject_workflow_id(SubjectType.DOCTOR, DOCTOR.code, second) != doctor_id
    # Another kind of person with the same number is another record.
    assert subject_workflow_id(SubjectType.INSURED_PERSON, DOCTOR.code, first) != doctor_id
    # Institutions keep their public code, upper case.
    assert (
        subject_workflow_id(SubjectType.PHARMACY, "91330802ma2dh7kq5u", first)
        == "subject-pharmacy-91330802MA2DH7KQ5U"
    )
    with pytest.raises(ValueError, match="secret"):
        subject_workflow_id(SubjectType.NURSE, DOCTOR.code, b"")
    with pytest.raises(ValueError, match="secret"):
        SubjectRecordActivities(Client.__new__(Client), None, b"")


def test_the_cli_and_the_worker_of_one_installation_share_the_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "installation"
    worker_side = Settings(data_dir=data_dir).subject_id_secret
    cli_side = Settings.from_env({"QZ_DATA_DIR": str(data_dir)}).subject_id_secret
    assert worker_side == cli_side and len(worker_side) == 32
    assert (data_dir / "subject-id.key").read_text().strip() == worker_side.hex()
    assert Settings(data_dir=tmp_path / "other").subject_id_secret != worker_side
    configured = Settings.from_env({"QZ_SUBJECT_ID_SECRET": "ab" * 16}).subject_id_secret
    assert configured == bytes.fromhex("ab" * 16)


async def test_a_persons_code_is_in_no_workflow_id_and_no_search_attribute(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(DOCTOR)
    finding = make_finding(
        "YB-2026-005", date(2026, 3, 2), indicator="medical_credit.practice", label="就医管理"
    )
    handle = record_handle(time_env.client, settings, ref)
    async with engine(time_env, settings) as call:
        [written, read_back] = await call(
            write(ref, RecordFinding(actor=ACTOR, finding=finding, source_case="inspection-7")),
            read(ref),
        )
        assert written.error is None and read_back.facts is not None
        assert read_back.facts.ref == ref
        assert read_back.facts.findings[0].finding_id == "YB-2026-005"

        described = await handle.describe()
        assert ref.code not in described.id and ref.code not in (described.run_id or "")
        assert re.fullmatch(r"subject-doctor-h[0-9a-f]{24}", described.id)
        values = [str(pair.value) for pair in described.typed_search_attributes]
        assert "subject_record" in values
        assert all(ref.code not in value and ref.name not in value for value in values)
        status = await handle.query(SubjectRecordWorkflow.status)
        assert ref.code not in status.case_id and status.case_id.startswith("doctor-h")
        assert ref.code not in json.dumps([e.model_dump(mode="json") for e in status.events])


# -- a long life: continue-as-new ------------------------------------------------------------------


async def test_continue_as_new_carries_every_fact_and_the_audit_trail(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    expected = fresh_example()
    ref = expected.ref
    client = time_env.client
    writes = example_writes(expected)[:7]
    workflow_id = ref.workflow_id(settings.subject_id_secret)
    async with engine(time_env, settings) as call:
        first = await client.start_workflow(
            SubjectRecordWorkflow.run,
            SubjectRecordInput(ref=ref, continue_after_updates=3),
            id=workflow_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(sa.PROCEDURE_TYPE, PROCEDURE_TYPE)]
            ),
        )
        run_ids = [first.first_execution_run_id]
        for op in writes:
            # The activity attaches to whichever run is current (USE_EXISTING).
            [outcome] = await call(write(ref, op))
            assert outcome.error is None, (outcome, run_ids)
            run_ids.append((await client.get_workflow_handle(workflow_id).describe()).run_id)
        changes = sum(1 for a, b in itertools.pairwise(run_ids) if a != b)
        assert changes >= 2, run_ids

        handle = client.get_workflow_handle(workflow_id)
        facts = await handle.query(SubjectRecordWorkflow.facts)
        without_last_formal = expected.results[1].model_copy(
            update={"formal": False, "formal_on": None}
        )
        assert facts == expected.model_copy(
            update={"results": [expected.results[0], without_last_formal]}
        )
        status = await handle.query(SubjectRecordWorkflow.status)
        # All but the last write's.
        assert [e.action for e in status.events] == EXAMPLE_TRAIL[:-1]
        assert [e.at for e in status.events] == sorted(e.at for e in status.events)
        # The first run ended by continuing as new, with the state as its input to the next.
        first_run = client.get_workflow_handle(workflow_id, run_id=first.first_execution_run_id)
        ended = (await first_run.describe()).status
        assert ended is not None and ended.name == "CONTINUED_AS_NEW"


async def test_a_burst_of_writes_across_continue_as_new_applies_each_exactly_once(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Writes arriving while the record continues as new are delivered again by the server
    (it remembers Update ids within a run only): none is refused as its own duplicate, none is
    lost, none is applied twice. On the dev server, as in production."""
    ref = fresh(EXAMPLE.ref)
    client = dev_env.client
    findings = [
        make_finding(f"YB-BURST-{i:02d}", date(2026, 1, 1) + timedelta(days=i)) for i in range(32)
    ]
    async with engine(dev_env, settings) as call:
        await client.start_workflow(
            SubjectRecordWorkflow.run,
            SubjectRecordInput(ref=ref, continue_after_updates=2),
            id=ref.workflow_id(settings.subject_id_secret),
            task_queue=settings.task_queue,
        )
        handle = record_handle(client, settings, ref)

        async def send(finding: Finding) -> str | None:
            for _ in range(5):
                try:
                    await handle.execute_update(
                        SubjectRecordWorkflow.record_finding,
                        RecordFinding(actor=ACTOR, finding=finding),
                        id=f"burst/{finding.finding_id}",
                    )
                except WorkflowUpdateFailedError as err:
                    cause = err.cause
                    if isinstance(cause, ApplicationError) and cause.type == REFUSED:
                        return cause.message
                    continue  # not taken (e.g. UnprocessedUpdate): the activity retries too
                return None
            return "never taken"

        # Straight at the record, all at once, retried as the write activity does.
        assert await asyncio.gather(*(send(f) for f in findings[:24])) == [None] * 24
        # And the way procedures write, through the activity.
        outcomes = await asyncio.gather(
            *(call(write(ref, RecordFinding(actor=ACTOR, finding=f))) for f in findings[24:])
        )
        assert [o.error for [o] in outcomes] == [None] * 8
        facts = await handle.query(SubjectRecordWorkflow.facts)
        assert sorted(f.finding_id for f in facts.findings) == [f.finding_id for f in findings]
        status = await handle.query(SubjectRecordWorkflow.status)
        recorded = [
            e.details["finding_id"] for e in status.events if e.action == "finding_recorded"
        ]
        assert sorted(recorded) == [f.finding_id for f in findings]


async def test_a_stopped_record_answers_reads_and_refuses_writes(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(EXAMPLE.ref)
    handle = record_handle(time_env.client, settings, ref)
    async with engine(time_env, settings) as call:
        [opened] = await call(write(ref, example_writes(EXAMPLE)[0]))
        assert opened.error is None
        await handle.signal(SubjectRecordWorkflow.stop, StopRecord(actor=ACTOR, reason="注销"))
        final = await handle.result()
        assert SubjectFacts.model_validate(final).findings == [EXAMPLE.findings[0]]
        refused, still_read = await call(write(ref, example_writes(EXAMPLE)[1]), read(ref))
        assert refused.error_type == CLOSED and refused.non_retryable is True
        assert still_read.facts is not None and still_read.facts.findings == [EXAMPLE.findings[0]]


# -- the command line -----------------------------------------------------------------------------


async def test_subject_show_prints_the_record_and_exit_3_for_an_unknown_subject(
    dev_env: WorkflowEnvironment,
    cli_installation: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = cli_installation
    client = dev_env.client
    ref = fresh(DOCTOR)
    result = make_result(
        "MC-2026H1-3001",
        905.5,
        "优秀",
        facts={"subject_type": "insurance_doctor"},
        source_case="medical-objection-3001",
    )
    findings = [
        make_finding(
            "YB-2026-100", date(2026, 1, 5), indicator="medical_credit.practice", label="就医管理"
        ),
        make_finding(
            "YB-2026-101",
            date(2026, 2, 5),
            indicator="medical_credit.fraud",
            label="虚假行为",
            repairable=False,
        ),
    ]
    repair = Repair(
        repair_case="RC-2026-010", finding_id="YB-2026-100", effective_on=date(2026, 7, 6)
    )
    restriction = Restriction(
        text="列为重点监管对象", clause="衢医保发〔2021〕36号 五(五)2", from_day=date(2026, 2, 5)
    )

    def show(*args: str) -> Awaitable[tuple[int, str, str]]:
        return run_cli(capsys, "subject", "show", *args)

    async with engine(dev_env, settings) as call:
        outcomes = await call(
            write(ref, RecordResult(actor=ACTOR, result=result)),
            *(write(ref, RecordFinding(actor=ACTOR, finding=f)) for f in findings),
            write(ref, RecordRepair(actor=ACTOR, repair=repair)),
            write(ref, RecordRestriction(actor=ACTOR, restriction=restriction)),
            write(
                ref,
                MarkResultFormal(
                    actor=ACTOR, result_id=result.result_id, formal_on=date(2026, 7, 16)
                ),
            ),
        )
        assert all(o.error is None for o in outcomes)

        code, out, err = await show(ref.code, "--type", "doctor")
        assert (code, err) == (0, ""), err
        assert ref.code not in out, "a person is shown by name and record id, not the number"
        assert "陈晓燕" in out and "subject-doctor-h" in out
        for line in (
            "Results:",
            "MC-2026H1-3001  medical-credit  published 2026-06-30  905.5 优秀  formal since "
            "2026-07-16  [case medical-objection-3001]",
            "Findings:",
            "YB-2026-100  found 2026-01-05  medical_credit.practice 就医管理  repairable; "
            "repaired by RC-2026-010 from 2026-07-06",
            "YB-2026-101  found 2026-02-05  medical_credit.fraud 虚假行为  not repairable; "
            "not repaired",
            "Repairs:",
            "RC-2026-010  finding YB-2026-100  effective 2026-07-06",
            "Restrictions:",
            "2026-02-05 – until lifted  列为重点监管对象  [衢医保发〔2021〕36号 五(五)2]",
        ):
            assert line in out, (line, out)

        code, out, _ = await show(
            ref.code.lower(), "--type", "doctor", "--as-of", "2026-07-01", "--json"
        )
        assert code == 0
        as_of = SubjectFacts.model_validate_json(out)
        assert as_of.as_of == date(2026, 7, 1) and as_of.repairs == []
        assert as_of.results[0].formal is False and len(as_of.findings) == 2

        stranger = fresh(DOCTOR)
        code, out, err = await show(stranger.code, "--type", "doctor")
        assert (code, out) == (3, "")
        assert err.startswith("error: no subject record for doctor (subject-doctor-h")
        assert stranger.code not in err and len(err.strip().splitlines()) == 1
        code, _, err = await show("91330802MA2DH7KQ5U", "--type", "pharmacy")
        assert code == 3 and "no subject record for pharmacy 91330802MA2DH7KQ5U" in err

        # Supervisors list the records by ProcedureType; no identity number anywhere in them.
        workflow_id = ref.workflow_id(settings.subject_id_secret)
        for _ in range(100):
            listed = [e async for e in client.list_workflows(f"WorkflowId = '{workflow_id}'")]
            if listed:
                break
            await asyncio.sleep(0.1)
        [execution] = listed
        attributes = execution.typed_search_attributes
        assert attributes.get(sa.PROCEDURE_TYPE) == "subject_record"
        assert attributes.get(sa.CASE_STAGE) == "active"
        assert all(ref.code not in str(pair.value) for pair in attributes)
