"""How many working days a supervisor has left, or how late a duty is (issue 17 item 6), counted
at the door on the national holiday calendar: real dates around the 2026 National Day holiday
(国务院办公厅关于2026年部分节假日安排的通知: 10月1日至7日放假, 10月10日(周六)上班) and a year
whose notice is not yet published."""

from __future__ import annotations

from datetime import date, datetime, time

from periods import SHANGHAI, default_calendar, load_calendar
from service.working_days import DayCounter, days_left, last_day_of, shanghai_today

CALENDAR = default_calendar()


def test_the_days_left_skip_the_national_day_holiday_and_count_today() -> None:
    # Mon 28 Sep to Fri 9 Oct 2026: 28, 29, 30 Sep, then 8 and 9 Oct (1-7 Oct are the holiday).
    count = days_left(date(2026, 10, 9), date(2026, 9, 28), CALENDAR)
    assert (count.left, count.late, count.past, count.provisional) == (5, 0, False, False)
    assert count.words == "剩5个工作日 5 working days left"


def test_on_the_last_day_one_working_day_is_left() -> None:
    count = days_left(date(2026, 10, 9), date(2026, 10, 9), CALENDAR)
    assert (count.left, count.late) == (1, 0)
    assert count.words == "剩1个工作日 1 working day left"


def test_late_counts_the_working_days_after_the_last_day_up_to_today() -> None:
    # Last day Wed 30 Sep 2026; on Mon 12 Oct: 8, 9, 10 (the Saturday worked) and 12 Oct.
    count = days_left(date(2026, 9, 30), date(2026, 10, 12), CALENDAR)
    assert (count.left, count.late, count.past) == (0, 4, True)
    assert count.words == "逾期4个工作日 4 working days late"
    # During the holiday itself the duty is past its last day but not yet a working day late.
    holiday = days_left(date(2026, 9, 30), date(2026, 10, 5), CALENDAR)
    assert (holiday.past, holiday.late) == (True, 0)
    assert holiday.words == "逾期0个工作日 0 working days late"


def test_a_count_into_an_unpublished_year_is_provisional_and_says_so() -> None:
    # A calendar frozen before 2026's notice: the count reaches an unpublished year.
    frozen = load_calendar(published_before=2026)
    count = days_left(date(2026, 1, 9), date(2025, 12, 29), frozen)
    assert count.provisional
    assert count.words.endswith("(暂定 provisional)")
    assert not days_left(date(2025, 12, 31), date(2025, 12, 29), frozen).provisional


def test_the_last_day_of_a_due_instant_and_the_phrase() -> None:
    # 24:00 of Fri 9 Oct is 00:00 of Sat 10 Oct; an office closing time ends its own day.
    assert last_day_of(datetime(2026, 10, 10, tzinfo=SHANGHAI)) == date(2026, 10, 9)
    assert last_day_of(datetime.combine(date(2026, 10, 9), time(17), SHANGHAI)) == date(2026, 10, 9)
    counter = DayCounter(CALENDAR, date(2026, 9, 28))
    assert counter.phrase(date(2026, 10, 9)) == "Fri 2026-10-09, 剩5个工作日 5 working days left"


def test_today_is_the_date_in_shanghai_whatever_the_hosts_zone() -> None:
    # 23:30 UTC on 30 Sep is already 1 Oct in Asia/Shanghai.
    late_evening = datetime.fromisoformat("2026-09-30T23:30:00+00:00")
    assert shanghai_today(late_evening) == date(2026, 10, 1)
