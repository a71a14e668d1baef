"""The evaluation's own supplementation (衢医保发〔2023〕8号 二(三)3, 不计入评估期限):
what the notice and the case say, and which days the agency used, on the real calendar (the
National Day holiday 2026, 国办发明电〔2025〕7号). Pure: no server."""

from __future__ import annotations

from datetime import date

from periods import PausableClock, default_calendar
from procedures.designation import evaluation_pause, notices
from procedures.designation.clauses import EVALUATION_CLAUSE, EVALUATION_WORKING_DAYS, cite
from procedures.designation.materials import MissingItem
from tests.test_designation_steps import CASE, ISSUED_AT, window_from

# Accepted Fri 18 Sept 2026; the evaluators ask on Thu 24 Sept (about a week in); the institution
# hands the materials back on Fri 16 Oct, three weeks later, across the Mid-Autumn Festival and
# National Day holiday (25 Sept, 1–7 Oct; make-up working days Sun 20 Sept and Sat 10 Oct).
ACCEPTED = date(2026, 9, 18)
ASKED = date(2026, 9, 24)
BACK = date(2026, 10, 16)


def test_the_agency_used_the_working_days_up_to_and_including_the_request_day() -> None:
    segments = evaluation_pause.counting_segments(ACCEPTED, [], ASKED)
    assert segments == [(ACCEPTED, ASKED)]
    # Sun 20 (make-up), 21, 22, 23 and 24 Sept: the request day is the agency's.
    used = sum(default_calendar().count_working_days(b, e) for b, e in segments)
    assert used == 5
    # The same count as the clock that stops (periods/clock.py), which the deadline applies.
    clock = PausableClock.begin(ACCEPTED, EVALUATION_WORKING_DAYS).pause(ASKED)
    assert clock.used_before_pause == used


def test_a_second_request_counts_only_the_agency_s_segments() -> None:
    # Paused 24 Sept – 16 Oct, asked again Wed 21 Oct: 18–24 Sept and 19–21 Oct are the agency's.
    segments = evaluation_pause.counting_segments(ACCEPTED, [(ASKED, BACK)], date(2026, 10, 21))
    assert segments == [(ACCEPTED, ASKED), (BACK, date(2026, 10, 21))]
    calendar = default_calendar()
    assert sum(calendar.count_working_days(b, e) for b, e in segments) == 5 + 3


def test_the_pause_moves_the_last_day_by_the_working_days_the_institution_held_the_request() -> (
    None
):
    calendar = default_calendar()
    running = PausableClock.begin(ACCEPTED, EVALUATION_WORKING_DAYS).deadline()
    assert running is not None and running.last_day == date(2026, 10, 22)
    moved = PausableClock.begin(ACCEPTED, EVALUATION_WORKING_DAYS).pause(ASKED).resume(BACK)
    end = moved.deadline()
    # Held from 25 Sept through 16 Oct: 28–30 Sept, 8, 9, Sat 10 (make-up), 12–16 Oct (11);
    # 25 Sept and 1–7 Oct are the holiday. The 15 days left run from 19 Oct: Fri 6 Nov.
    assert calendar.count_working_days(ASKED, BACK) == 11
    assert end is not None and end.last_day == date(2026, 11, 6)
    assert end.last_day == calendar.nth_working_day_after(running.last_day, 11)


def test_the_evaluation_notice_sets_no_window_and_cites_3() -> None:
    evaluation = window_from(ACCEPTED, EVALUATION_WORKING_DAYS, cite(EVALUATION_CLAUSE))
    items = [MissingItem(key="extra-1", text="执业药师劳动合同原件", clause="二(三)3")]
    # What the case hands the notice when the evaluators ask on 24 Sept, 5 working days in.
    facts = {"received_on": date(2026, 9, 1), "paused_on": ASKED, "used": 5}
    key = "designation-DD-2026-0031/supplementation-2"
    notice = notices.evaluation_supplementation_notice(
        CASE, key=key, issued_at=ISSUED_AT, missing=items, evaluation=evaluation, **facts
    )
    assert notice.phase == "evaluation"
    assert notice.citation == "衢医保发〔2023〕8号 二(三)3"
    assert (notice.window.working_days, notice.window.last_day) == (20, date(2026, 10, 22))
    assert "放弃" not in notice.consequence.replace("不视作放弃申请", "")
    assert "5个工作日内" not in notice.consequence
    assert "自2026年9月24日起停止计算, 已用5个工作日" in notice.consequence
    assert "继续计算剩余15个工作日" in notice.consequence
    assert "衢医保发〔2023〕8号 二(三)3" in notice.consequence


def test_the_case_says_the_clock_stands_with_the_days_used() -> None:
    line = evaluation_pause.waiting_line(ASKED, 5)
    assert "stopped since 2026-09-24: 5 working day(s) used, 15 left" in line
    assert "衢医保发〔2023〕8号 二(三)3" in line and "nothing abandoned" in line
    # Days already spent before the request leave nothing, never a negative count.
    assert evaluation_pause.days_left(23) == 0
