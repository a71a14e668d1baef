"""The review of a market-regulation credit objection, without a server: when a decision is late
(15 working days, 四(三)1), which grade the enterprise keeps, what the written result and the grade
correction hold, and when corrected facts do not carry a decision
(procedures/market_objection/review.py; test_market_objection_workflow.py runs them end to end)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
from periods import SHANGHAI, add_working_days, deadline_from, period_basis
from procedures.market_objection import review
from procedures.market_objection.models import (
    REVIEW_WORKING_DAYS,
    EvaluatedSubject,
    MarketObjectionCase,
    ReviewDecision,
    ReviewOutcome,
)
from scoring import market_credit
from scoring.report import ScoreReport
from tests.conftest import EXAMPLES

CASE = MarketObjectionCase.model_validate_json(
    (EXAMPLES / "market-objection.json").read_text(encoding="utf-8")
)
CORRECTED = ReviewDecision.model_validate_json(
    (EXAMPLES / "market-objection-decision.json").read_text(encoding="utf-8")
)
UPHELD = ReviewDecision(outcome=ReviewOutcome.UPHELD, reason="扣分有据", reviewer="王敏")
DECIDED_AT = datetime(2026, 12, 2, 15, 0, tzinfo=SHANGHAI)


def review_period(received_on: date) -> CaseDeadline:
    """The 15-working-day review on the national calendar, as the workflow schedules it."""
    end = add_working_days(received_on, REVIEW_WORKING_DAYS)
    return CaseDeadline(
        name="review",
        kind=DeadlineKind.AGENCY_DUTY,
        citation=review.cite_review(CASE),
        deadline=deadline_from(end, period_basis(REVIEW_WORKING_DAYS, "working_days")),
    )


def test_the_review_period_of_an_application_received_on_a_friday_ends_three_weeks_later() -> None:
    # Received Fri 20 Nov 2026: 23–27 Nov, 30 Nov–4 Dec, 7–11 Dec are the 15 working days.
    period = review_period(CASE.received_at.astimezone(SHANGHAI).date())
    assert period.deadline.last_day == date(2026, 12, 11)
    assert period.citation == "衢市监规〔2021〕3号 四(三)1"


@pytest.mark.parametrize(
    ("decided_at", "late"),
    [
        # Any time on the 15th working day is in time.
        (datetime(2026, 12, 11, 23, 59, tzinfo=SHANGHAI), False),
        # From 24:00 of the last day on, the review is late.
        (datetime(2026, 12, 12, 0, 0, tzinfo=SHANGHAI), True),
        (datetime(2026, 12, 14, 9, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_a_decision_is_late_from_the_end_of_the_fifteenth_working_day(
    decided_at: datetime, late: bool
) -> None:
    period = review_period(date(2026, 11, 20))
    assert review.decided_late(period, decided_at) is late


def test_a_review_already_escalated_is_late_whenever_it_is_decided() -> None:
    period = review_period(date(2026, 11, 20)).model_copy(update={"overdue": True})
    assert review.decided_late(period, datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))


def test_the_enterprise_keeps_the_corrected_grade_or_the_disputed_one_upheld() -> None:
    assert CORRECTED.corrected_grade is not None
    assert review.final_grade(CASE, CORRECTED) == CORRECTED.corrected_grade
    assert review.final_grade(CASE, UPHELD) == CASE.evaluation.grade


def test_the_written_result_tells_the_enterprise_both_grades_and_who_signs() -> None:
    notice = review.result_notice(
        CASE,
        CORRECTED,
        key="market-objection-MO-2026-0001/result-notice",
        workflow_id="market-objection-MO-2026-0001",
        decided_at=DECIDED_AT,
        late=False,
    )
    assert (notice.original_grade, notice.final_grade) == ("C", "B")
    assert notice.corrected_score == CORRECTED.corrected_score
    assert notice.enterprise_uscc == CASE.enterprise.uscc
    assert notice.evaluation_id == CASE.evaluation.evaluation_id
    assert notice.agency_name == CASE.agency_name
    assert notice.received_at == CASE.received_at
    assert notice.regulation_citation == "衢市监规〔2021〕3号 四(三)1"


def test_an_ip_agency_result_cites_its_own_regulation() -> None:
    case = CASE.model_copy(update={"subject": EvaluatedSubject.IP_AGENCY})
    assert review.cite_review(case) == "衢市监规〔2021〕2号 四(三)1"


def test_a_corrected_grade_is_sent_on_and_an_upheld_one_is_not() -> None:
    correction = review.grade_correction(
        CASE, CORRECTED, key="k/grade-correction", workflow_id="w", decided_at=DECIDED_AT
    )
    assert correction is not None
    assert (correction.original_grade, correction.corrected_grade) == ("C", "B")
    assert correction.enterprise_name == CASE.enterprise.name
    assert correction.citation == "衢市监规〔2021〕3号 四(三)1"
    upheld = review.grade_correction(
        CASE, UPHELD, key="k/grade-correction", workflow_id="w", decided_at=DECIDED_AT
    )
    assert upheld is None


def test_a_correction_to_the_disputed_grade_itself_is_refused() -> None:
    same = CORRECTED.model_copy(update={"corrected_grade": CASE.evaluation.grade})
    problem = review.corrected_grade_problem(CASE, same)
    assert problem is not None and "use outcome 'upheld'" in problem
    assert review.corrected_grade_problem(CASE, CORRECTED) is None


def rescored_example() -> tuple[ReviewDecision, ScoreReport]:
    decision = ReviewDecision.model_validate_json(
        (EXAMPLES / "market-objection-decision-rescored.json").read_text(encoding="utf-8")
    )
    assert decision.corrected_facts is not None
    facts = market_credit.Facts.model_validate(decision.corrected_facts)
    return decision, market_credit.score(facts)


def test_corrected_facts_give_the_corrected_grade() -> None:
    decision, report = rescored_example()
    assert report.grade is not None and report.grade != CASE.evaluation.grade
    assert review.rescore_problem(CASE, decision, report) is None
    taken = review.rescored(decision, report)
    assert (taken.corrected_grade, taken.corrected_score) == (report.grade, report.total)


def test_corrected_facts_that_contradict_the_named_grade_are_refused() -> None:
    decision, report = rescored_example()
    other = next(g for g in "ABCDE" if g not in (report.grade, CASE.evaluation.grade))
    named = decision.model_copy(update={"corrected_grade": other})
    problem = review.rescore_problem(CASE, named, report)
    assert problem is not None and problem.startswith(f"corrected_grade: {other} differs")


def test_corrected_facts_that_score_the_disputed_grade_are_refused() -> None:
    decision, report = rescored_example()
    case = CASE.model_copy(
        update={"evaluation": CASE.evaluation.model_copy(update={"grade": report.grade})}
    )
    problem = review.rescore_problem(case, decision, report)
    assert problem is not None and "the disputed grade itself" in problem


def test_the_reviewer_is_reminded_and_the_supervisor_told_of_the_review_deadline() -> None:
    period = review_period(date(2026, 11, 20))
    at = datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI)
    recipient, subject, body = review.review_reminder(
        CASE, period, Reminder(at=at, working_days_before=3)
    )
    assert (recipient, subject) == ("reviewer", "复核期限提醒: 3 working day(s) left")
    # 24:00 of Fri 11 Dec 2026, the 15th working day.
    assert "is due by 2026-12-12T00:00:00+08:00 (衢市监规〔2021〕3号 四(三)1)" in body
    assert CASE.evaluation.evaluation_id in body
    recipient, subject, body = review.review_overdue(CASE, period)
    assert (recipient, subject) == ("supervisor", "复核逾期: review deadline missed")
    assert f"({CASE.agency_code})" in body
    assert body.endswith("The case keeps waiting for the decision.")
