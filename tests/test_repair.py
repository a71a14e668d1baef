"""Credit repair (信用修复, 衢医保发〔2021〕36号 六), end to end on the time-skipping server.

Every period runs at its real legal length: the 10-working-day decision (with its extensions), the
5-working-day public notice and the 5-working-day objection window of 附件4. The subject record
is seeded through its own Updates, as the procedures that made the findings would have written it.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

import scoring
from checks.uscc import check_character
from contracts import search_attributes as sa
from contracts.subject_records import (
    CreditResult,
    Finding,
    RecordFinding,
    RecordResult,
    SubjectFacts,
    SubjectRef,
    SubjectType,
)
from drills.repair_scenario import result_with_one_record_violation
from periods import SHANGHAI, add_working_days
from periods.months import months_later
from procedures.repair.eligibility import refusal_grounds, waiting_period_last_day
from procedures.repair.models import (
    Bar,
    DecisionOutcome,
    ExtensionRequest,
    Objection,
    ObjectionDecision,
    RepairCase,
    RepairDecision,
    RepairOutcome,
    RepairStatus,
    Stage,
    workflow_id,
)
from procedures.repair.rescoring import REPAIRED_EVENT_FIELDS, facts_without_event
from procedures.repair.workflow import CreditRepairWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from scoring.medical_credit import doctor, head, institution, insured, pharmacy
from scoring.medical_credit.common import EventTable
from service.steps import await_outputs, execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    cli_environment,
    deadline,
    now_in_shanghai,
    refused,
    reminder_instants,
    seed_record,
    sleep_past,
)
from tests.conftest import EXAMPLES, hand_over, running_worker
from tests.processes import cli
from tests.record_entries import make_finding

ACTOR = "江山市医疗保障局 医保信用管理科"
EXAMPLE_RECORD = SubjectFacts.model_validate_json(
    (EXAMPLES / "subject-record-facts.json").read_text(encoding="utf-8")
)
APPROVE = RepairDecision.model_validate_json(
    (EXAMPLES / "repair-decision.json").read_text(encoding="utf-8")
)
REFUSE = RepairDecision(
    outcome=DecisionOutcome.REFUSE,
    reason="整改证明材料不能证明违规费用已全部退回, 失信行为的不良影响尚未消除。",
    reviewer="医保信用管理科 王磊",
    clause="六(一)",
)
NOTICE_OBJECTION = Objection(
    objector="衢州市民 张某", reason="该院2026年仍存在病历记录与收费不符的情况。"
)
SUBSTANTIATED = ObjectionDecision(
    substantiated=True, reason="经核查异议属实。", reviewer="医保信用管理科 王磊"
)
UNSUBSTANTIATED = ObjectionDecision(
    substantiated=False, reason="经核查异议不属实。", reviewer="医保信用管理科 王磊"
)
FIVE_DAYS_MORE = ExtensionRequest(
    working_days=5, reason="需现场核查整改情况", granted_by="医保信用管理科 科长"
)
# 26 more: beyond the 30 working days of extension in all, whatever is left of them.
TOO_LONG = ExtensionRequest(working_days=26, reason="仍需核查", granted_by="医保信用管理科 科长")


# -- pure rules ----------------------------------------------------------------------------------


def test_months_count_to_the_corresponding_day_or_the_month_end() -> None:
    assert months_later(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert months_later(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert months_later(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert months_later(date(2026, 9, 30), 6) == date(2027, 3, 30)
    assert months_later(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_six_months_are_full_only_after_the_corresponding_day() -> None:
    # 六(二)1 未满6个月: found 2026-01-15, the 6 months end at 24:00 on 2026-07-15.
    finding = make_finding("F-1", date(2026, 1, 15))
    facts = SubjectFacts(ref=EXAMPLE_RECORD.ref, findings=[finding])
    assert waiting_period_last_day(finding.found_on) == date(2026, 7, 15)
    on_the_day = refusal_grounds(finding, facts, date(2026, 7, 15))
    assert [g.bar for g in on_the_day.grounds] == [Bar.TOO_RECENT]
    assert on_the_day.grounds[0].clause == "衢医保发〔2021〕36号 六(二)1"
    assert refusal_grounds(finding, facts, date(2026, 7, 16)).eligible


def test_same_kind_counts_only_after_the_finding_and_up_to_acceptance() -> None:
    finding = make_finding("F-1", date(2025, 1, 10))
    same_day = make_finding("F-0", date(2025, 1, 10))
    later = make_finding("F-2", date(2025, 9, 1))
    other_kind = make_finding("F-3", date(2025, 9, 1), indicator="medical_credit.service")
    facts = SubjectFacts(ref=EXAMPLE_RECORD.ref, findings=[same_day, finding, later, other_kind])
    checked = refusal_grounds(finding, facts, date(2026, 1, 5))
    assert [g.bar for g in checked.grounds] == [Bar.SAME_KIND_AGAIN]
    assert checked.later_same_kind == ["F-2"]
    assert refusal_grounds(finding, facts, date(2025, 8, 31)).eligible


def test_every_medical_credit_event_row_maps_to_its_facts_field() -> None:
    tables = [
        value
        for module in (pharmacy, doctor, head, institution, insured)
        for value in vars(module).values()
        if isinstance(value, EventTable)
    ]
    assert len(tables) >= 5
    rows = {(entry[0].indicator, entry[0].field) for table in tables for entry in table.entries}
    assert {(indicator, (field,)) for indicator, field in rows} <= {
        (indicator, path) for indicator, path in REPAIRED_EVENT_FIELDS.items()
    }
    assert {indicator for indicator, _ in rows} | {
        "medical_credit.cooperation_invalid_reports"
    } == set(REPAIRED_EVENT_FIELDS)


def test_taking_off_one_event_leaves_the_recorded_facts_alone() -> None:
    facts = {"record_violations": 2, "cooperation": {"invalid_reports": 1}}
    assert facts_without_event(facts, "medical_credit.records") == {
        "record_violations": 1,
        "cooperation": {"invalid_reports": 1},
    }
    assert facts_without_event(facts, "medical_credit.cooperation_invalid_reports") == {
        "record_violations": 2,
        "cooperation": {"invalid_reports": 0},
    }
    assert facts == {"record_violations": 2, "cooperation": {"invalid_reports": 1}}
    assert "counts no event" in str(facts_without_event(facts, "medical_credit.service"))
    assert "counts no verified events" in str(facts_without_event(facts, "public_credit.x"))


# -- the engine ----------------------------------------------------------------------------------


@dataclass
class Subject:
    ref: SubjectRef
    result: CreditResult
    record: WorkflowHandle[Any, Any]


async def seed_subject(
    client: Client, settings: Settings, findings: list[Finding], published_on: date
) -> Subject:
    """A fresh medical institution with findings and its latest medical-credit result (the
    example's H2 facts with 1 verified record-keeping violation), written through the record's
    Updates as the procedures that made them would have."""
    # 17 characters and the GB 32100-2015 check character the scoring facts verify.
    first17 = f"52330881{uuid.uuid4().hex[:9].upper()}"
    code = first17 + check_character(first17)
    ref = SubjectRef(type=SubjectType.MEDICAL_INSTITUTION, code=code, name="江山市康华医院")
    # The drill seeds its repair cases' subjects with the very same result.
    result = result_with_one_record_violation(code, published_on)
    record = await seed_record(
        client,
        settings,
        ref,
        *(RecordFinding(finding=finding, actor=ACTOR) for finding in findings),
        RecordResult(result=result, actor=ACTOR),
    )
    return Subject(ref=ref, result=result, record=record)


def repair_case(subject: SubjectRef, finding_id: str, accepted_at: datetime) -> RepairCase:
    case = RepairCase.model_validate_json((EXAMPLES / "repair.json").read_text(encoding="utf-8"))
    return case.model_copy(
        update={
            "case_id": f"T-{uuid.uuid4().hex[:10]}",
            "subject": subject,
            "finding_id": finding_id,
            "accepted_at": accepted_at,
        }
    )


REPAIR = CaseWorkflow(CreditRepairWorkflow.run, CreditRepairWorkflow.status, workflow_id)
start, status_when = REPAIR.start, REPAIR.status_when


def in_stage(stage: Stage) -> Callable[[RepairStatus], bool]:
    return lambda status: status.stage is stage


def eligible_finding(accepted_on: date) -> list[Finding]:
    return [make_finding("YB-OK-1", months_later(accepted_on, -8))]


async def seed_eligible(client: Client, settings: Settings, accepted_at: datetime) -> Subject:
    """A subject whose finding YB-OK-1 may be repaired on the day of `accepted_at`, its latest
    result published 30 days before."""
    accepted_on = accepted_at.date()
    return await seed_subject(
        client, settings, eligible_finding(accepted_on), accepted_on - timedelta(days=30)
    )


Started = tuple[RepairCase, Subject, WorkflowHandle[Any, Any], RepairStatus]


@asynccontextmanager
async def repair_started(
    env: WorkflowEnvironment,
    settings: Settings,
    findings: Callable[[date], list[Finding]],
    stage: Stage,
) -> AsyncIterator[Started]:
    """A subject seeded with `findings(acceptance day)`, a repair of the first one accepted now,
    and the case in `stage`, with a worker."""
    accepted_at = await now_in_shanghai(env)
    seeded = findings(accepted_at.date())
    async with running_worker(env.client, settings):
        subject = await seed_subject(
            env.client, settings, seeded, accepted_at.date() - timedelta(days=30)
        )
        case = repair_case(subject.ref, seeded[0].finding_id, accepted_at)
        handle = await start(env, settings, case)
        yield case, subject, handle, await status_when(handle, in_stage(stage))


def under_review(
    env: WorkflowEnvironment, settings: Settings
) -> AbstractAsyncContextManager[Started]:
    """An eligible application (its finding 8 months old), accepted now and under review."""
    return repair_started(env, settings, eligible_finding, Stage.UNDER_REVIEW)


def barred(
    env: WorkflowEnvironment, settings: Settings, bar: Bar
) -> AbstractAsyncContextManager[Started]:
    """An application barred by `bar` of 六(二): refused in writing, the refusal's objection
    window open."""
    return repair_started(env, settings, BARRED[bar], Stage.REFUSAL_NOTIFIED)


@asynccontextmanager
async def in_notice(env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[Started]:
    """An eligible application the reviewer approved: its public notice is running."""
    async with under_review(env, settings) as (case, subject, handle, _):
        await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
        yield case, subject, handle, await status_when(handle, in_stage(Stage.NOTICE))


# -- refusal for each bar of 六(二), alone ------------------------------------------------------

BARRED: dict[Bar, Callable[[date], list[Finding]]] = {
    Bar.TOO_RECENT: lambda day: [make_finding("YB-1", months_later(day, -3))],
    Bar.SAME_KIND_AGAIN: lambda day: [
        make_finding("YB-1", months_later(day, -10)),
        make_finding("YB-2", months_later(day, -2)),
    ],
    Bar.FALSE_COMMITMENT: lambda day: [
        make_finding(
            "YB-1",
            months_later(day, -8),
            indicator="medical_credit.commitment",
            label="信用承诺",
            false_commitment=True,
        )
    ],
    Bar.NOT_REPAIRABLE: lambda day: [
        make_finding(
            "YB-1",
            months_later(day, -8),
            indicator="medical_credit.fraud",
            label="虚假行为",
            repairable=False,
        )
    ],
}
CLAUSE = {
    Bar.TOO_RECENT: "六(二)1",
    Bar.SAME_KIND_AGAIN: "六(二)2",
    Bar.FALSE_COMMITMENT: "六(二)3",
    Bar.NOT_REPAIRABLE: "六(二)4",
}


@pytest.mark.parametrize("bar", list(BARRED), ids=[b.value for b in BARRED])
async def test_a_barred_application_is_refused_in_writing_with_its_clause(
    time_env: WorkflowEnvironment, settings: Settings, bar: Bar
) -> None:
    async with barred(time_env, settings, bar) as (case, _, handle, status):
        assert status.eligibility is not None and not status.eligibility.eligible
        assert [g.bar for g in status.eligibility.grounds] == [bar]
        assert [g.clause for g in status.refusal_grounds] == [f"衢医保发〔2021〕36号 {CLAUSE[bar]}"]
        # The window of 附件4: 5 working days from receipt, the notice taken as received when
        # issued (the day of the decision, here the day of acceptance).
        window = deadline(status, "refusal_objection")
        assert window.kind.value == "party_window"
        expected = add_working_days(case.accepted_at.date(), 5)
        assert window.deadline.last_day == expected.last_day
        assert "decision" not in {d.name for d in status.deadlines}
        # 附件4, with the reason, its clause and the window's last day.
        [document] = status.documents
        assert document == str(settings.outbox / workflow_id(case.case_id) / "repair-refusal.html")
        text = Path(document).read_text(encoding="utf-8")
        assert "不予信用修复告知书" in text and case.subject.name in text
        assert f"（依据：衢医保发〔2021〕36号 {CLAUSE[bar]}）" in text
        last = expected.last_day
        assert f"{last.year}年{last.month}月{last.day}日24时" in text
        assert case.handler is not None and case.handler in text

        # The window lapses: the refusal is final.
        await sleep_past(time_env, window.deadline.due_at)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
    assert outcome.outcome is RepairOutcome.REFUSED
    assert final.stage is Stage.REFUSED and final.outcome is RepairOutcome.REFUSED
    assert actions(final)[-2:] == ["refusal_objection_window_lapsed", "case_closed"]
    assert all(event.citation for event in final.events)


async def test_a_finding_not_on_the_record_closes_the_case_at_once(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    accepted_at = await now_in_shanghai(time_env)
    async with running_worker(time_env.client, settings):
        subject = await seed_subject(
            time_env.client, settings, eligible_finding(accepted_at.date()), accepted_at.date()
        )
        handle = await start(
            time_env, settings, repair_case(subject.ref, "YB-NOWHERE", accepted_at)
        )
        outcome = await handle.result()
        status = await handle.query(CreditRepairWorkflow.status)
    assert outcome.outcome is RepairOutcome.NOT_FOUND
    assert status.stage is Stage.NOT_FOUND and status.deadlines == []
    assert "finding_id: the subject record has no finding YB-NOWHERE" in (
        status.closing_reason or ""
    )


# -- decision period and its extensions --------------------------------------------------------


async def test_an_extension_moves_the_decision_deadline_and_its_reminders(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with under_review(time_env, settings) as (case, _, handle, status):
        accepted_on = case.accepted_at.date()
        first = deadline(status, "decision")
        assert first.kind.value == "agency_duty"
        assert first.deadline.last_day == add_working_days(accepted_on, 10).last_day
        assert first.citation == "衢医保发〔2021〕36号 六(三)"

        receipt = await execute_step(handle, CreditRepairWorkflow.extend, FIVE_DAYS_MORE)
        assert "25 working day(s) of extension left" in receipt.detail
        # The longer period is computed after the receipt; the agency can wait for it.
        outputs = await await_outputs(handle, "extend")
        set_again = next(e for e in outputs.events if e.action == "decision_deadline_set")
        extended = await handle.query(CreditRepairWorkflow.status)
        moved = deadline(extended, "decision")
        assert set_again.details["due_at"] == moved.deadline.due_at.isoformat()
        assert extended.extensions[0].decision_due_at == moved.deadline.due_at
        # Exactly 5 more working days, counted from acceptance (10 + 5).
        assert moved.deadline.last_day == add_working_days(accepted_on, 15).last_day
        assert moved.revision == 1
        expected_reminders = reminder_instants(moved.deadline.last_day)
        assert [r.at for r in moved.reminders] == expected_reminders
        event = next(e for e in extended.events if e.action == "decision_extended")
        assert (
            event.details["reason"] == "需现场核查整改情况" and event.actor == "医保信用管理科 科长"
        )
        assert extended.extension_total == 5 and len(extended.extensions) == 1

        # Beyond 30 in total: refused, naming what is left, and nothing changes.
        message = await refused(handle, CreditRepairWorkflow.extend, TOO_LONG)
        assert "working_days: 26 would bring the extension to 31 working days" in message
        assert "25 remaining" in message
        assert await handle.query(CreditRepairWorkflow.status) == extended

        # The first deadline passes: no escalation, the reminders come before the new one.
        await sleep_past(time_env, first.deadline.due_at)
        status = await handle.query(CreditRepairWorkflow.status)
        assert not status.overdue and "decision_overdue_escalated" not in actions(status)
        await sleep_past(time_env, expected_reminders[-1])
        status = await status_when(
            handle, lambda s: actions(s).count("decision_deadline_reminder") == 2
        )
        reminders = [e for e in status.events if e.action == "decision_deadline_reminder"]
        for sent, moment in zip(reminders, expected_reminders, strict=True):
            assert moment <= sent.at < moment + timedelta(minutes=1)
        outbox = settings.outbox / workflow_id(case.case_id)
        assert {p.name for p in outbox.glob("decision-*")} == {
            "decision-r1-reminder-3wd.json",
            "decision-r1-reminder-1wd.json",
        }
        assert not status.overdue

        # A decision closes the review; a refusal by the reviewer takes the 附件4 path.
        await execute_step(handle, CreditRepairWorkflow.decide, REFUSE)
        status = await status_when(handle, in_stage(Stage.REFUSAL_NOTIFIED))
        assert status.refusal_grounds[0].clause == "衢医保发〔2021〕36号 六(一)"
        text = Path(status.documents[0]).read_text(encoding="utf-8")
        assert REFUSE.reason in text
        await sleep_past(time_env, deadline(status, "refusal_objection").deadline.due_at)
        assert (await handle.result()).outcome is RepairOutcome.REFUSED


# -- the public notice and objections to it ------------------------------------------------------


async def test_a_substantiated_objection_during_the_notice_ends_the_case_unrepaired(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_notice(time_env, settings) as (case, subject, handle, status):
        notice = deadline(status, "notice")
        assert notice.deadline.last_day == add_working_days(notice.deadline.start, 5).last_day
        [published] = status.deliveries
        assert json.loads(Path(published).read_text(encoding="utf-8"))["recipient"] == (
            "publication:website"
        )
        # Wrong-stage requests are refused and change nothing.
        assert "only in stage 'under_review'" in await refused(
            handle, CreditRepairWorkflow.decide, APPROVE
        )
        assert "no objection to the public notice awaits" in await refused(
            handle, CreditRepairWorkflow.decide_notice_objection, SUBSTANTIATED
        )
        assert await handle.query(CreditRepairWorkflow.status) == status

        await execute_step(handle, CreditRepairWorkflow.object_to_notice, NOTICE_OBJECTION)
        status = await handle.query(CreditRepairWorkflow.status)
        assert status.stage is Stage.NOTICE_SUSPENDED
        # The notice period ends while the objection is pending: the repair keeps waiting.
        await sleep_past(time_env, notice.deadline.due_at)
        status = await handle.query(CreditRepairWorkflow.status)
        assert status.stage is Stage.NOTICE_SUSPENDED and status.effective_on is None

        await execute_step(handle, CreditRepairWorkflow.decide_notice_objection, SUBSTANTIATED)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
    assert outcome.outcome is RepairOutcome.NOT_REPAIRED
    assert final.stage is Stage.NOT_REPAIRED
    assert SUBSTANTIATED.reason in (final.closing_reason or "")
    assert [o.decision for o in final.objections] == [SUBSTANTIATED]
    assert not facts.is_repaired("YB-OK-1") and len(facts.results) == 1
    outbox = settings.outbox / workflow_id(case.case_id)
    assert not (outbox / "repair-confirmation.html").exists()


async def test_an_unsubstantiated_objection_lets_the_notice_run_to_its_end(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_notice(time_env, settings) as (_, subject, handle, status):
        notice = deadline(status, "notice").deadline

        # Decided before the notice ends: the notice continues to its end.
        await execute_step(handle, CreditRepairWorkflow.object_to_notice, NOTICE_OBJECTION)
        await execute_step(handle, CreditRepairWorkflow.decide_notice_objection, UNSUBSTANTIATED)
        status = await status_when(handle, in_stage(Stage.NOTICE))
        assert status.effective_on is None

        # Another objection, decided only after the notice ended: the repair proceeds at once.
        await execute_step(handle, CreditRepairWorkflow.object_to_notice, NOTICE_OBJECTION)
        await sleep_past(time_env, notice.due_at)
        assert (await handle.query(CreditRepairWorkflow.status)).stage is Stage.NOTICE_SUSPENDED
        # A late objection is refused.
        assert "public notice ended" in await refused(
            handle, CreditRepairWorkflow.object_to_notice, NOTICE_OBJECTION
        )
        await execute_step(handle, CreditRepairWorkflow.decide_notice_objection, UNSUBSTANTIATED)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
    assert outcome.outcome is RepairOutcome.REPAIRED
    assert len(final.objections) == 2
    assert all(o.decision == UNSUBSTANTIATED for o in final.objections)
    assert facts.is_repaired("YB-OK-1")


# -- the repair takes effect --------------------------------------------------------------------


async def test_the_repair_takes_effect_and_the_score_is_recomputed_without_the_deduction(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_notice(time_env, settings) as (case, subject, handle, status):
        notice = deadline(status, "notice").deadline
        described = await handle.describe()
        assert described.typed_search_attributes.get(sa.CASE_STAGE) == "notice"
        assert described.typed_search_attributes.get(sa.NEXT_DEADLINE) == notice.due_at
        await sleep_past(time_env, notice.due_at)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
        record = await subject.record.query(SubjectRecordWorkflow.status)

    assert outcome.outcome is RepairOutcome.REPAIRED and final.stage is Stage.REPAIRED
    effective_on = notice.last_day + timedelta(days=1)
    assert final.effective_on == effective_on
    # 附件5, the end of the dishonest record's publication, the report to the credit department.
    outbox = settings.outbox / workflow_id(case.case_id)
    confirmation = (outbox / "repair-confirmation.html").read_text(encoding="utf-8")
    assert "信用修复确认通知书" in confirmation and case.subject.name in confirmation
    assert f"{effective_on.year}年{effective_on.month}月{effective_on.day}日" in confirmation
    deliveries = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in outbox.glob("*.json")}
    assert {name: d["recipient"] for name, d in deliveries.items()} == {
        "publication-repair-notice.json": "publication:website",
        "publication-stop-dishonest-record.json": "publication:stop-dishonest-record",
        "report-credit-management-department.json": "credit-management-department",
    }
    assert "YB-OK-1" in deliveries["publication-stop-dishonest-record.json"]["body"]
    # The subject record: the repair, and a formal result without the repaired deduction.
    repair = facts.repair_of("YB-OK-1")
    assert repair is not None and repair.effective_on == effective_on
    assert repair.repair_case == workflow_id(case.case_id)
    one_fewer = {**subject.result.facts, "record_violations": 0}
    expected = scoring.kind("medical-credit").score_raw(one_fewer)
    assert isinstance(expected, scoring.ScoreReport)
    latest = facts.latest_result("medical-credit")
    assert latest is not None and latest.result_id != subject.result.result_id
    assert latest.facts == one_fewer and latest.formal and latest.formal_on == effective_on
    assert (latest.score, latest.grade) == (expected.total, expected.grade)
    assert latest.source_case == workflow_id(case.case_id)
    rescore = final.rescore
    assert rescore is not None
    assert (rescore.old_score, rescore.new_score) == (subject.result.score, expected.total)
    assert rescore.new_score is not None and rescore.old_score is not None
    assert rescore.new_score - rescore.old_score == 40  # 附件8 第4项 如实记录: −40 per event
    # 实时信用评价有结果变动时, 短信提醒 (四(三)): the re-score is a change the record tells, to
    # the mobile the repair's case file gives (issue 17); the trail names the SMS, not the number.
    told = record.events[-1]
    assert (told.action, told.citation) == ("result_change_sms_sent", "衢医保发〔2021〕36号 四(三)")
    assert case.mobile is not None and case.mobile not in str(record.events)
    assert (told.details["cause"], told.details["result_id"]) == ("repair", latest.result_id)
    assert (told.details["old_score"], told.details["new_score"]) == (
        subject.result.score,
        expected.total,
    )
    assert actions(final)[-7:] == [
        "notice_window_lapsed",
        "repair_recorded_on_subject_record",
        "repair_confirmation_issued",
        "dishonest_record_publication_stopped",
        "credit_department_reported",
        "score_recomputed",
        "case_closed",
    ]
    assert all(event.citation for event in final.events)


async def test_a_finding_repaired_by_another_case_meanwhile_is_not_repaired_twice(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    accepted_at = await now_in_shanghai(time_env)
    async with running_worker(time_env.client, settings):
        subject = await seed_eligible(time_env.client, settings, accepted_at)
        handles = []
        for _ in range(2):
            handle = await start(
                time_env, settings, repair_case(subject.ref, "YB-OK-1", accepted_at)
            )
            await status_when(handle, in_stage(Stage.UNDER_REVIEW))
            await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
            handles.append(handle)
        statuses = [await status_when(h, in_stage(Stage.NOTICE)) for h in handles]
        await sleep_past(time_env, max(deadline(s, "notice").deadline.due_at for s in statuses))
        outcomes = [await h.result() for h in handles]
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
    assert sorted(o.outcome.value for o in outcomes) == ["not_repaired", "repaired"]
    [second] = [o for o in outcomes if o.outcome is RepairOutcome.NOT_REPAIRED]
    # The credit file refused it first: nothing confirmed, unpublished or re-scored twice.
    assert "the subject record refused the repair" in (second.closing_reason or "")
    assert "already repaired" in (second.closing_reason or "")
    assert second.documents == [] and second.effective_on is None
    assert len(facts.repairs) == 1 and len(facts.results) == 2


async def test_a_worker_restart_in_the_middle_of_the_notice_loses_nothing(
    time_env: WorkflowEnvironment, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    accepted_at = await now_in_shanghai(time_env)
    # The production worker, keeping no workflow cache: the time-skipping test server never
    # falls back from a stopped worker's sticky queue (a real server does, after its
    # schedule-to-start timeout), so a cached case would wait for the stopped worker forever.
    monkeypatch.setattr(settings, "workflow_cache", 0)  # below QZ_WORKFLOW_CACHE's floor
    async with running_worker(time_env.client, settings, keep_open=True):
        subject = await seed_eligible(time_env.client, settings, accepted_at)
        case = repair_case(subject.ref, "YB-OK-1", accepted_at)
        handle = await start(time_env, settings, case)
        await status_when(handle, in_stage(Stage.UNDER_REVIEW))
        await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
        before = await status_when(handle, in_stage(Stage.NOTICE))
    monkeypatch.undo()
    # The worker is gone (the server stays up); two days of the notice pass without it.
    await time_env.sleep(timedelta(days=2))
    async with running_worker(time_env.client, settings):
        during = await status_when(handle, in_stage(Stage.NOTICE))
        assert during.deadlines == before.deadlines
        notice = deadline(during, "notice").deadline
        await sleep_past(time_env, notice.due_at)
        outcome = await handle.result()
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
    assert outcome.outcome is RepairOutcome.REPAIRED
    assert outcome.effective_on == notice.last_day + timedelta(days=1)
    assert facts.is_repaired("YB-OK-1")


# -- objections to a refusal ---------------------------------------------------------------------


async def test_a_substantiated_objection_to_a_refusal_reopens_the_review(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with barred(time_env, settings, Bar.TOO_RECENT) as (case, _, handle, _):
        await time_env.sleep(timedelta(days=2))
        await execute_step(
            handle,
            CreditRepairWorkflow.object_to_refusal,
            Objection(objector=case.subject.name, reason="认定日期有误, 已满6个月。"),
        )
        status = await handle.query(CreditRepairWorkflow.status)
        assert status.stage is Stage.REFUSAL_OBJECTION
        assert deadline(status, "refusal_objection").met_at is not None
        # Only one objection to a refusal, and only while it awaits its decision.
        assert "only in stage 'refusal_notified'" in await refused(
            handle,
            CreditRepairWorkflow.object_to_refusal,
            Objection(objector=case.subject.name, reason="补充理由"),
        )
        decided = await execute_step(
            handle, CreditRepairWorkflow.decide_refusal_objection, SUBSTANTIATED
        )
        status = await status_when(handle, in_stage(Stage.UNDER_REVIEW))
        # A fresh 10-working-day decision period from the decision on the objection.
        review = deadline(status, "decision")
        assert review.deadline.start == decided.at.astimezone(SHANGHAI).date()
        assert review.deadline.last_day == add_working_days(review.deadline.start, 10).last_day
        await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
        status = await status_when(handle, in_stage(Stage.NOTICE))
        await sleep_past(time_env, deadline(status, "notice").deadline.due_at)
        assert (await handle.result()).outcome is RepairOutcome.REPAIRED


async def test_an_objection_after_the_refusal_window_is_refused(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with barred(time_env, settings, Bar.NOT_REPAIRABLE) as (case, _, handle, status):
        await sleep_past(time_env, deadline(status, "refusal_objection").deadline.due_at)
        outcome = await handle.result()
        with pytest.raises(RPCError) as closed:
            await execute_step(
                handle,
                CreditRepairWorkflow.object_to_refusal,
                Objection(objector=case.subject.name, reason="逾期异议"),
            )
        assert closed.value.status == RPCStatusCode.NOT_FOUND
        final = await handle.query(CreditRepairWorkflow.status)
    assert outcome.outcome is RepairOutcome.REFUSED
    assert final.objections == [] and final.stage is Stage.REFUSED


async def test_an_upheld_refusal_is_final(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with barred(time_env, settings, Bar.FALSE_COMMITMENT) as (case, _, handle, _):
        await execute_step(
            handle,
            CreditRepairWorkflow.object_to_refusal,
            Objection(objector=case.subject.name, reason="承诺并非虚假。"),
        )
        await execute_step(handle, CreditRepairWorkflow.decide_refusal_objection, UNSUBSTANTIATED)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
    assert outcome.outcome is RepairOutcome.REFUSED
    assert "refusal_objection_decided" in actions(final)
    outbox = settings.outbox / workflow_id(case.case_id)
    told = json.loads((outbox / "refusal-objection-1.json").read_text(encoding="utf-8"))
    assert told["recipient"] == "subject" and "维持不予修复决定" in told["body"]


# -- a long life: the case moves onto fresh runs at each of its waits ----------------------------


async def test_a_repair_handed_over_at_each_wait_carries_on_the_same(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Five continue-as-new cycles, one at each wait of the procedure (the refusal's objection
    window, its objection awaiting a decision, the reopened review with an extension, the notice
    and the notice suspended by an objection): each fresh run answers the same status, takes the
    next step in the right stage and the repair takes effect once, its trail whole."""
    async with barred(time_env, settings, Bar.TOO_RECENT) as (case, subject, handle, status):
        runs: list[str] = []

        async def hand_over_unchanged(stage: Stage) -> RepairStatus:
            before = await handle.query(CreditRepairWorkflow.status)
            assert before.stage is stage
            runs.append(await hand_over(time_env.client, handle, f"handover in {stage}"))
            after = await handle.query(CreditRepairWorkflow.status)
            assert after == before
            return after

        await hand_over_unchanged(Stage.REFUSAL_NOTIFIED)
        await execute_step(
            handle,
            CreditRepairWorkflow.object_to_refusal,
            Objection(objector=case.subject.name, reason="认定日期有误, 已满6个月。"),
        )
        await hand_over_unchanged(Stage.REFUSAL_OBJECTION)
        await execute_step(handle, CreditRepairWorkflow.decide_refusal_objection, SUBSTANTIATED)
        reviewing = await status_when(handle, in_stage(Stage.UNDER_REVIEW))
        await execute_step(handle, CreditRepairWorkflow.extend, FIVE_DAYS_MORE)
        await await_outputs(handle, "extend")
        reviewing = await hand_over_unchanged(Stage.UNDER_REVIEW)
        review = deadline(reviewing, "decision")
        assert review.deadline.last_day == add_working_days(review.deadline.start, 15).last_day
        # The carried extension counts: 25 working days are left, not 30.
        message = await refused(handle, CreditRepairWorkflow.extend, TOO_LONG)
        assert "25 remaining" in message
        await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
        await status_when(handle, in_stage(Stage.NOTICE))
        noticed = await hand_over_unchanged(Stage.NOTICE)
        await execute_step(
            handle,
            CreditRepairWorkflow.object_to_notice,
            Objection(objector="王某 (公众)", reason="该机构仍在违规。"),
        )
        await hand_over_unchanged(Stage.NOTICE_SUSPENDED)
        await execute_step(handle, CreditRepairWorkflow.decide_notice_objection, UNSUBSTANTIATED)
        await sleep_past(time_env, deadline(noticed, "notice").deadline.due_at)
        outcome = await handle.result()
        final = await handle.query(CreditRepairWorkflow.status)
        facts = await subject.record.query(SubjectRecordWorkflow.facts)
    assert len(set(runs)) == 5
    assert outcome.outcome is RepairOutcome.REPAIRED
    assert final.events[: len(status.events)] == status.events
    # Each step happened once across the six runs.
    for action in (
        "refusal_notice_issued",
        "repair_notice_published",
        "repair_confirmation_issued",
    ):
        assert actions(final).count(action) == 1
    # The reopened review's period, then the extended one: nothing set again by a fresh run.
    assert actions(final).count("decision_deadline_set") == 2
    assert facts.is_repaired(case.finding_id)


# -- the command line (dev server: list queries need visibility) ----------------------------------


async def test_the_cli_runs_a_repair_case(
    dev_env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    accepted_at = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(minutes=1)
    env = cli_environment(dev_env.client, settings, tmp_path / "cli-data")
    async with running_worker(dev_env.client, settings):
        subject = await seed_eligible(dev_env.client, settings, accepted_at)
        case = repair_case(subject.ref, "YB-OK-1", accepted_at)
        path = tmp_path / "repair.json"
        path.write_text(case.model_dump_json(), encoding="utf-8")

        started = await asyncio.to_thread(cli, "repair", "start", "--file", str(path), env=env)
        assert started.code == 0, started
        assert (
            f"Started case {case.case_id} (repair-{case.case_id}), stage 'under_review'."
            in started.out
        )
        assert "Decision due by 24:00 on" in started.out and "六(三)" in started.out
        again = await asyncio.to_thread(cli, "repair", "start", "--file", str(path), env=env)
        assert (
            again.code == 0 and "already started" in again.out and "Started case" not in again.out
        )

        extended = await asyncio.to_thread(
            cli, "repair", "extend", case.case_id, "--working-days", "31", "--reason", "复杂",
            env=env,
        )  # fmt: skip
        assert extended.code == 2 and "working_days" in extended.err
        extended = await asyncio.to_thread(
            cli, "repair", "extend", case.case_id, "--working-days", "10", "--reason", "需现场核查",
            env=env,
        )  # fmt: skip
        assert extended.code == 0, extended
        assert "20 working day(s) of extension left" in extended.out

        listed = await asyncio.to_thread(cli, "list", "--procedure", "repair", "--json", env=env)
        assert listed.code == 0, listed
        rows = [r for r in listed.json() if r["case_id"] == case.case_id]
        assert [(r["procedure"], r["stage"]) for r in rows] == [("credit_repair", "under_review")]

        refused = await asyncio.to_thread(
            cli, "repair", "decide", case.case_id, "--refuse", "--reason", "整改不到位",
            "--reviewer", "王磊", env=env,
        )  # fmt: skip
        assert refused.code == 0, refused
        handle = dev_env.client.get_workflow_handle(workflow_id(case.case_id))
        await status_when(handle, in_stage(Stage.REFUSAL_NOTIFIED))
        objected = await asyncio.to_thread(
            cli, "repair", "object", case.case_id, "--reason", "整改已到位", env=env
        )
        assert objected.code == 0, objected
        assert "'refusal_objection'" in objected.out
        decided = await asyncio.to_thread(
            cli, "repair", "decide-objection", case.case_id, "--upheld", "--reason", "维持",
            "--reviewer", "王磊", env=env,
        )  # fmt: skip
        assert decided.code == 0, decided
        await handle.result()

        shown = await asyncio.to_thread(cli, "status", case.case_id, env=env)
        assert shown.code == 0, shown
        assert f"Case {case.case_id} · credit_repair · stage refused" in shown.out
        late = await asyncio.to_thread(
            cli, "repair", "object", case.case_id, "--reason", "再次异议", env=env
        )
        assert late.code == 4 and "stage 'refused'" in late.err
