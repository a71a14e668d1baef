"""The market-regulation credit objection, end to end on the time-skipping server.

The review deadline is 15 working days at its real legal length (衢市监规〔2021〕3号 四(三)1);
time skipping makes weeks pass in milliseconds, nothing is shortened.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.testing import WorkflowEnvironment

import scoring
from contracts import search_attributes as sa
from periods import (
    SHANGHAI,
    WorkingDayCalendar,
    add_working_days,
    load_calendar,
)
from procedures.market_objection.models import (
    MarketObjectionCase,
    MarketObjectionStatus,
    ReviewDecision,
    ReviewOutcome,
    Stage,
    workflow_id,
)
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    midnight_after,
    refused,
    reminder_instants,
    sleep_past,
)
from tests.conftest import (
    EXAMPLES,
    example_case,
    hand_over,
    make_settings,
    running_worker,
    wait_for,
)

UPHELD = ReviewDecision(
    outcome=ReviewOutcome.UPHELD,
    reason="投诉举报扣分经核实无误, 维持原评价等级。",
    reviewer="信用监管科 王敏",
)
CORRECTED_TO_B = ReviewDecision(
    outcome=ReviewOutcome.CORRECTED,
    corrected_grade="B",
    corrected_score=752.5,
    reason="两件投诉未被查实, 撤销扣分, 评价等级修正为B级。",
    reviewer="信用监管科 王敏",
)


MARKET_OBJECTION = CaseWorkflow(
    MarketCreditObjectionWorkflow.run, MarketCreditObjectionWorkflow.status, workflow_id
)
start = MARKET_OBJECTION.start


def received_now(now: datetime) -> datetime:
    return now.astimezone(SHANGHAI).replace(microsecond=0)


def correction(**decided: Any) -> ReviewDecision:
    """A reviewer's correction, with only what the test is about (a grade, facts) given."""
    return ReviewDecision(outcome=ReviewOutcome.CORRECTED, reason="r", reviewer="x", **decided)


def under_review(status: MarketObjectionStatus) -> bool:
    return status.stage is Stage.UNDER_REVIEW


@asynccontextmanager
async def case_under_review(
    env: WorkflowEnvironment,
    settings: Settings,
    calendar: WorkingDayCalendar | None = None,
    received_at: datetime | None = None,
) -> AsyncIterator[tuple[MarketObjectionCase, Any, MarketObjectionStatus]]:
    """A case received now (or at `received_at`), started, and under review, with a worker."""
    received = received_at or received_now(await env.get_current_time())
    case = example_case(received_at=received)
    async with running_worker(env.client, settings, calendar):
        handle = await start(env, settings, case)
        yield case, handle, await wait_for(under_review, handle)


async def test_decided_in_time_closes_with_a_written_notice(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with case_under_review(time_env, settings) as (case, handle, status):
        # 15 working days from the day of receipt, the day of receipt not counted, ending 24:00.
        expected = add_working_days(case.received_at.astimezone(SHANGHAI).date(), 15)
        review = status.deadlines[0]
        assert review.deadline.last_day == expected.last_day
        assert review.deadline.due_at == midnight_after(expected.last_day)
        assert review.deadline.provisional is expected.provisional
        assert review.citation == "衢市监规〔2021〕3号 四(三)1"

        receipt = await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        assert receipt.late is False
        outcome = await handle.result()
        # A closed case still answers (queries on closed workflows need a running worker).
        final = await handle.query(MarketCreditObjectionWorkflow.status)

    assert outcome.outcome is ReviewOutcome.UPHELD
    assert outcome.final_grade == case.evaluation.grade
    assert outcome.late is False
    assert final.stage is Stage.CLOSED and not final.overdue
    assert actions(final) == [
        "review_application_received",
        "review_deadline_set",
        "review_decided",
        "result_notice_issued",
        "case_closed",
    ]
    assert all(event.citation for event in final.events)
    decided = next(e for e in final.events if e.action == "review_decided")
    assert decided.actor == UPHELD.reviewer
    # The written notice (书面告知) names the enterprise, the outcome and the reasons...
    notice = Path(outcome.documents[0]).read_text(encoding="utf-8")
    assert notice.startswith("<!doctype html>") and '<html lang="zh-CN">' in notice
    assert case.enterprise.name in notice and case.enterprise.uscc in notice
    assert UPHELD.reason in notice and "决定维持原评价等级。" in notice
    assert f"案件编号：{case.case_id}" in notice
    # ...and an upheld grade touches neither the platform nor the city credit office.
    assert outcome.documents == [
        str(settings.outbox / workflow_id(case.case_id) / "result-notice.html")
    ]


async def test_missed_deadline_reminds_escalates_and_still_takes_the_decision(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with case_under_review(time_env, settings) as (case, handle, status):
        due = status.deadlines[0].deadline
        await sleep_past(time_env, due.due_at)
        status = await wait_for(
            lambda s: s.overdue and "notification_sent" in actions(s)[-1:], handle
        )

        # Still waiting for the decision: an agency duty does not lapse.
        assert status.stage is Stage.UNDER_REVIEW
        described = await handle.describe()
        assert described.typed_search_attributes.get(sa.OVERDUE) is True
        assert described.typed_search_attributes.get(sa.CASE_STAGE) == "under_review"

        # Reminders at 09:00 on the 3rd and the 1st working day before the last day, then the
        # escalation when the due instant passes.
        reminders = [e for e in status.events if e.action == "review_deadline_reminder"]
        expected = reminder_instants(due.last_day)
        assert len(reminders) == len(expected)
        for event, moment in zip(reminders, expected, strict=True):
            assert moment <= event.at < moment + timedelta(minutes=1)
        escalation = next(e for e in status.events if e.action == "review_overdue_escalated")
        assert escalation.at >= due.due_at
        outbox = settings.outbox / workflow_id(case.case_id)
        assert sorted(p.name for p in outbox.iterdir()) == [
            "review-overdue.json",
            "review-reminder-1wd.json",
            "review-reminder-3wd.json",
        ]
        escalated = json.loads((outbox / "review-overdue.json").read_text(encoding="utf-8"))
        assert escalated["recipient"] == "supervisor"

        receipt = await execute_step(handle, MarketCreditObjectionWorkflow.decide, CORRECTED_TO_B)
        assert receipt.late is True
        outcome = await handle.result()
        final = await handle.query(MarketCreditObjectionWorkflow.status)

    assert outcome.final_grade == "B" and outcome.late is True
    # A corrected grade updates the supervision platform and is copied to 市信用办.
    records = {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in outbox.glob("grade-*.json")
    }
    assert {r["recipient"] for r in records.values()} == {"supervision_platform", "市信用办"}
    assert all((r["original_grade"], r["corrected_grade"]) == ("C", "B") for r in records.values())
    notice = (outbox / "result-notice.html").read_text(encoding="utf-8")
    assert "超过15个工作日" in notice and "<li>最终评价等级：B</li>" in notice
    assert final.overdue is True and final.stage is Stage.CLOSED
    assert final.deadlines[0].met_at is not None and final.deadlines[0].met_at > due.due_at


async def test_a_case_handed_over_during_its_review_reminds_and_escalates_on_time(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A case handed over to a fresh run twice (continue-as-new) keeps its review deadline's
    instants: the reminders and the escalation come when they would have, from the third
    run, and the late decision is taken there."""
    async with case_under_review(time_env, settings) as (_, handle, status):
        due = status.deadlines[0].deadline
        for cycle in range(2):
            await hand_over(time_env.client, handle, f"handover {cycle + 1}")
            assert await handle.query(MarketCreditObjectionWorkflow.status) == status
        await sleep_past(time_env, due.due_at)
        late = await wait_for(lambda s: s.overdue, handle)
        escalation = next(e for e in late.events if e.action == "review_overdue_escalated")
        assert due.due_at <= escalation.at < due.due_at + timedelta(minutes=1)
        reminders = [e.at for e in late.events if e.action == "review_deadline_reminder"]
        planned = [r.at for r in status.deadlines[0].reminders]
        assert len(reminders) == len(planned) == 2
        for sent, moment in zip(reminders, planned, strict=True):
            assert moment <= sent < moment + timedelta(minutes=1)
        assert [e.action for e in late.events].count("review_deadline_set") == 1
        receipt = await execute_step(handle, MarketCreditObjectionWorkflow.decide, CORRECTED_TO_B)
        assert receipt.late is True
        outcome = await handle.result()
    assert outcome.final_grade == "B" and outcome.late is True


async def test_invalid_decisions_are_refused_and_change_nothing(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with case_under_review(time_env, settings) as (_, handle, before):
        same_grade = correction(corrected_grade="C")
        message = await refused(handle, MarketCreditObjectionWorkflow.decide, same_grade)
        assert "corrected_grade: C is the disputed grade itself" in message

        # A client that bypasses the CLI's validation: a grade that does not exist.
        with pytest.raises(WorkflowUpdateFailedError):
            await execute_step(
                handle,
                "decide",
                {"outcome": "corrected", "corrected_grade": "F", "reason": "r", "reviewer": "x"},
            )
        after = await handle.query(MarketCreditObjectionWorkflow.status)
        assert after == before

        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


async def test_a_case_is_started_only_once(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with case_under_review(time_env, settings) as (case, handle, _):
        with pytest.raises(WorkflowAlreadyStartedError):
            await start(time_env, settings, case)
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()
        # Not even a closed case can be started a second time.
        with pytest.raises(WorkflowAlreadyStartedError):
            await start(time_env, settings, case)
        status = await handle.query(MarketCreditObjectionWorkflow.status)
    assert actions(status).count("review_application_received") == 1


async def test_deadline_in_an_unpublished_year_is_provisional_and_says_so(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    # A calendar frozen before 2027's notice, so the test holds after the notice is added.
    calendar = load_calendar(published_before=2027)
    received = datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI)
    async with case_under_review(time_env, settings, calendar, received) as (_, handle, status):
        review = status.deadlines[0].deadline
        expected = add_working_days(received.date(), 15, calendar=calendar)
        assert review.provisional is True and review.last_day == expected.last_day
        assert review.calendar_version == calendar.version
        set_event = next(e for e in status.events if e.action == "review_deadline_set")
        assert set_event.details["provisional"] is True
        described = await handle.describe()
        assert described.typed_search_attributes.get(sa.DEADLINE_PROVISIONAL) is True
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


async def test_office_closing_time_ends_the_period_at_closing(
    time_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, office_closing_time=time(17, 30))
    async with case_under_review(time_env, settings) as (_, handle, status):
        review = status.deadlines[0].deadline
        assert review.due_at == datetime.combine(review.last_day, time(17, 30), tzinfo=SHANGHAI)
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


def corrected_facts(**changes: object) -> dict[str, object]:
    """The disputed evaluation's facts (examples/scoring), with the reviewer's corrections."""
    facts: dict[str, object] = json.loads(
        (EXAMPLES / "scoring" / "market-credit-inspection-body.json").read_text(encoding="utf-8")
    )
    facts.update(changes)
    return facts


async def test_corrected_facts_are_rescored_and_the_grade_follows(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Two complaints not verified after all: 742.5 + 2 × 5 = 752.5, in band B (751 ≤ B < 851)."""
    facts = corrected_facts(verified_complaints=0)
    decision = ReviewDecision(
        outcome=ReviewOutcome.CORRECTED, corrected_facts=facts, reason="复核", reviewer="王敏"
    )
    async with case_under_review(time_env, settings) as (case, handle, _):
        receipt = await execute_step(handle, MarketCreditObjectionWorkflow.decide, decision)
        outcome = await handle.result()
        final = await handle.query(MarketCreditObjectionWorkflow.status)

    expected = scoring.kind("market-credit").score_raw(facts)
    assert isinstance(expected, scoring.ScoreReport)
    assert (expected.total, expected.grade) == (752.5, "B")
    assert receipt.stage is Stage.NOTIFYING
    assert final.corrected_report == expected
    assert outcome.final_grade == "B"
    assert final.decision is not None and final.decision.corrected_score == 752.5
    platform = json.loads(
        (
            settings.outbox
            / workflow_id(case.case_id)
            / "grade-correction-supervision-platform.json"
        ).read_text(encoding="utf-8")
    )
    assert (platform["corrected_grade"], platform["corrected_score"]) == ("B", 752.5)


async def test_rescored_facts_that_contradict_the_decision_are_refused(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with case_under_review(time_env, settings) as (_, handle, before):
        unchanged = correction(corrected_facts=corrected_facts())
        message = await refused(handle, MarketCreditObjectionWorkflow.decide, unchanged)
        assert "the disputed grade itself" in message
        wrong_grade = correction(
            corrected_grade="A", corrected_facts=corrected_facts(verified_complaints=0)
        )
        message = await refused(handle, MarketCreditObjectionWorkflow.decide, wrong_grade)
        assert "differs from the grade of the re-scored facts (B" in message
        after = await handle.query(MarketCreditObjectionWorkflow.status)
        assert after == before
        await execute_step(handle, MarketCreditObjectionWorkflow.decide, UPHELD)
        await handle.result()


def test_corrected_facts_are_validated_before_anything_is_sent() -> None:
    with pytest.raises(ValueError, match=r"corrected_facts: .*failed_check_items"):
        correction(corrected_facts=corrected_facts(failed_check_items=-1))
