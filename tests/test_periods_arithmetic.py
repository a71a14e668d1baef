"""Period arithmetic (民法典 第二百零一条 to 第二百零四条) on real 2025/2026 dates.

Each expected date is counted by hand from the State Council notices (see the comments; "wd" =
working day, "adj" = adjusted working weekend 调休上班日).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from periods import (
    SHANGHAI,
    Deadline,
    PeriodEnd,
    add_days,
    add_months,
    add_working_days,
    deadline_from,
    default_calendar,
    load_calendar,
    working_days_before,
    working_days_between,
)

D = date

# Frozen at today's publication state, so 2027 stays provisional once its notice is added.
FROZEN = load_calendar(published_before=2027)

WORKING_DAY_CASES = [
    # 2025 元旦 1/1 (Wed)
    (D(2024, 12, 31), 1, D(2025, 1, 2)),
    (D(2024, 12, 30), 2, D(2025, 1, 2)),  # 12/31 (1), 1/1 holiday, 1/2 (2)
    # 2025 春节 1/28-2/4, adj 1/26 Sun and 2/8 Sat
    (D(2025, 1, 24), 1, D(2025, 1, 26)),  # lands on the working Sunday
    (D(2025, 1, 24), 3, D(2025, 2, 5)),  # 1/26 (1), 1/27 (2), holiday, 2/5 (3)
    (D(2025, 1, 29), 1, D(2025, 2, 5)),  # start day is itself a holiday
    (D(2025, 2, 5), 3, D(2025, 2, 8)),  # 2/6, 2/7, 2/8 Sat (adj)
    (D(2025, 1, 20), 5, D(2025, 1, 26)),  # 1/21-1/24 (4), 1/25 Sat rest, 1/26 (5)
    # 2025 清明 4/4-4/6
    (D(2025, 4, 3), 1, D(2025, 4, 7)),
    # 2025 劳动节 5/1-5/5, adj 4/27 Sun
    (D(2025, 4, 25), 5, D(2025, 5, 6)),  # 4/27 (1), 4/28-4/30 (2-4), holiday, 5/6 (5)
    # 2025 端午 5/31-6/2
    (D(2025, 5, 30), 1, D(2025, 6, 3)),
    # 2025 国庆+中秋 10/1-10/8, adj 9/28 Sun and 10/11 Sat
    (D(2025, 9, 26), 1, D(2025, 9, 28)),
    # 9/26 (1), 9/28 (2), 9/29 (3), 9/30 (4), holiday, 10/9 (5), 10/10 (6), 10/11 Sat (7),
    # 10/13-10/17 (8-12), 10/20-10/22 (13-15): the 15-working-day review of 衢市监规〔2021〕3号
    (D(2025, 9, 25), 15, D(2025, 10, 22)),
    # 2026 元旦 1/1-1/3, adj 1/4 Sun
    (D(2025, 12, 31), 1, D(2026, 1, 4)),
    (D(2025, 12, 31), 2, D(2026, 1, 5)),
    # 2026 春节 2/15-2/23, adj 2/14 Sat and 2/28 Sat
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    (D(2026, 2, 13), 2, D(2026, 2, 24)),
    (D(2026, 2, 13), 6, D(2026, 2, 28)),  # 2/14, 2/24-2/27, 2/28 Sat
    (D(2026, 2, 10), 10, D(2026, 3, 2)),  # 2/11-2/14 (4), 2/24-2/28 (9), 3/2 (10)
    (D(2026, 2, 17), 1, D(2026, 2, 24)),  # start day is 正月初一
    # 2026 清明 4/4-4/6
    (D(2026, 4, 3), 1, D(2026, 4, 7)),
    # 2026 劳动节 5/1-5/5, adj 5/9 Sat
    (D(2026, 4, 30), 1, D(2026, 5, 6)),
    (D(2026, 4, 30), 4, D(2026, 5, 9)),
    # 2026 端午 6/19-6/21
    (D(2026, 6, 18), 1, D(2026, 6, 22)),
    # 2026 中秋 9/25-9/27, adj 9/20 Sun
    (D(2026, 9, 18), 1, D(2026, 9, 20)),
    (D(2026, 9, 24), 1, D(2026, 9, 28)),
    # 2026 国庆 10/1-10/7, adj 10/10 Sat
    (D(2026, 9, 30), 1, D(2026, 10, 8)),
    (D(2026, 9, 30), 3, D(2026, 10, 10)),
    (D(2026, 10, 3), 2, D(2026, 10, 9)),  # start on a holiday Saturday
    # ordinary weeks
    (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday -> Monday
    (D(2025, 3, 8), 1, D(2025, 3, 10)),  # start on a Saturday
    (D(2025, 3, 3), 10, D(2025, 3, 17)),  # 3/4-3/7 (4), 3/10-3/14 (9), 3/17 (10)
]


@pytest.mark.parametrize(("start", "n", "last_day"), WORKING_DAY_CASES)
def test_add_working_days(start: date, n: int, last_day: date) -> None:
    end = add_working_days(start, n)
    assert end == PeriodEnd(
        start=start,
        last_day=last_day,
        provisional=False,
        calendar_version=default_calendar().version,
    )
    assert working_days_between(start, last_day) == n


def test_add_zero_working_days_is_the_start() -> None:
    assert add_working_days(D(2025, 1, 29), 0).last_day == D(2025, 1, 29)


@pytest.mark.parametrize("function", [add_working_days, add_days, add_months])
def test_negative_lengths_are_rejected(function: object) -> None:
    with pytest.raises(ValueError, match="negative"):
        function(D(2025, 1, 1), -1)  # type: ignore[operator]


DAY_CASES = [
    (D(2025, 3, 6), 3, D(2025, 3, 10)),  # 3/9 Sunday -> Monday (第二百零三条)
    (D(2025, 3, 5), 3, D(2025, 3, 10)),  # 3/8 Saturday -> Monday
    (D(2025, 3, 4), 3, D(2025, 3, 7)),  # Friday, no rollover
    (D(2025, 1, 29), 10, D(2025, 2, 8)),  # working Saturday: no rollover
    (D(2026, 1, 1), 3, D(2026, 1, 4)),  # working Sunday: no rollover
    (D(2025, 9, 21), 10, D(2025, 10, 9)),  # 10/1 is in 10/1-10/8: rolls to 10/9
    (D(2025, 12, 22), 10, D(2026, 1, 4)),  # 1/1-1/3 rest, 1/4 Sun is a working day
    (D(2026, 2, 5), 10, D(2026, 2, 24)),  # 2/15 Sun in 春节 2/15-2/23
    (D(2026, 4, 24), 7, D(2026, 5, 6)),  # 5/1 in 5/1-5/5
    (D(2026, 9, 15), 10, D(2026, 9, 28)),  # 9/25 in 中秋 9/25-9/27
    (D(2025, 5, 26), 5, D(2025, 6, 3)),  # 5/31 in 端午 5/31-6/2
    (D(2026, 12, 21), 10, D(2026, 12, 31)),  # Thursday
]


@pytest.mark.parametrize(("start", "n", "last_day"), DAY_CASES)
def test_add_days(start: date, n: int, last_day: date) -> None:
    end = add_days(start, n)
    assert (end.start, end.last_day, end.provisional) == (start, last_day, False)


MONTH_CASES = [
    (D(2025, 12, 31), 2, D(2026, 2, 28)),  # no 2/31 -> 2/28 (第二百零二条), a working Saturday
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year, Thursday
    (D(2023, 12, 31), 2, D(2024, 2, 29)),
    (D(2025, 3, 31), 1, D(2025, 4, 30)),  # Wednesday before 劳动节
    (D(2025, 8, 1), 2, D(2025, 10, 9)),  # 10/1 in 国庆 10/1-10/8 -> 10/9
    (D(2025, 12, 17), 2, D(2026, 2, 24)),  # 2/17 in 春节 2/15-2/23 -> 2/24
    (D(2025, 6, 5), 1, D(2025, 7, 7)),  # 7/5 Saturday -> Monday
    (D(2025, 2, 28), 12, D(2026, 2, 28)),  # working Saturday, no rollover
    (D(2026, 10, 31), 2, D(2026, 12, 31)),  # Thursday, the 2-month report of 衢政办发〔2023〕5号
    (D(2025, 4, 4), 0, D(2025, 4, 7)),  # zero months on 清明: the rollover still applies
]


@pytest.mark.parametrize(("start", "n", "last_day"), MONTH_CASES)
def test_add_months(start: date, n: int, last_day: date) -> None:
    end = add_months(start, n)
    assert (end.start, end.last_day, end.provisional) == (start, last_day, False)


# -- provisional 2027 ---------------------------------------------------------------------


def test_working_days_into_2027_are_provisional_and_skip_new_year() -> None:
    # 12/21 (Mon) + 10 wd: 12/22-12/25 (4), 12/28-12/31 (8), 2027-01-01 元旦, 1/4 (9), 1/5 (10)
    end = add_working_days(D(2026, 12, 21), 10, calendar=FROZEN)
    assert (end.last_day, end.provisional) == (D(2027, 1, 5), True)
    # A period ending on 12/31 does not consult 2027.
    end = add_working_days(D(2026, 12, 21), 8, calendar=FROZEN)
    assert (end.last_day, end.provisional) == (D(2026, 12, 31), False)


def test_calendar_days_into_2027_are_provisional() -> None:
    # 12/22 + 10 = 2027-01-01 (元旦, Fri); 1/2-1/3 weekend; rolls to Mon 1/4.
    end = add_days(D(2026, 12, 22), 10, calendar=FROZEN)
    assert (end.last_day, end.provisional) == (D(2027, 1, 4), True)
    end = add_months(D(2026, 11, 1), 2, calendar=FROZEN)
    assert (end.last_day, end.provisional) == (D(2027, 1, 4), True)


def test_2027_spring_festival_is_skipped() -> None:
    # 2027-02-04 (Thu) + 1 wd: 2/5 除夕 .. 2/8 初三 rest (2/6-2/7 also a weekend), 2/9 Tue.
    end = add_working_days(D(2027, 2, 4), 1, calendar=FROZEN)
    assert (end.last_day, end.provisional) == (D(2027, 2, 9), True)


def test_nothing_raises_through_2035() -> None:
    start = D(2026, 11, 22)
    while start < D(2035, 12, 1):
        add_working_days(start, 40)
        add_days(start, 30)
        add_months(start, 2)
        start += timedelta(days=13)
    assert working_days_between(D(2026, 12, 31), D(2035, 12, 31)) > 9 * 240


# -- counting between and before ----------------------------------------------------------


def test_working_days_in_a_whole_year() -> None:
    # 2025: 261 weekdays - 18 weekday holidays + 5 adjusted weekends.
    assert working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 248
    # 2026: 261 weekdays - 19 weekday holidays + 6 adjusted weekends.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


def test_working_days_between_bounds() -> None:
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 5)) == 3
    assert working_days_between(D(2025, 2, 5), D(2025, 2, 5)) == 0
    assert working_days_between(D(2025, 2, 5), D(2025, 1, 24)) == 0
    assert working_days_between(D(2025, 1, 27), D(2025, 2, 4)) == 0  # holiday only


def test_working_days_between_matches_day_by_day_count_over_decades() -> None:
    cal = default_calendar()
    a, b = D(2004, 3, 17), D(2033, 8, 2)
    brute = sum(1 for k in range(1, (b - a).days + 1) if cal.is_working_day(a + timedelta(k)))
    assert working_days_between(a, b) == brute


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        # backwards from 2/5: 2/4-1/28 holiday, 1/27 (1), 1/26 Sun adj (2), 1/24 Fri (3)
        (D(2025, 2, 5), 3, D(2025, 1, 24)),
        (D(2026, 2, 24), 1, D(2026, 2, 14)),
        (D(2026, 10, 8), 1, D(2026, 9, 30)),
        (D(2025, 3, 10), 1, D(2025, 3, 7)),
        (D(2025, 3, 9), 1, D(2025, 3, 7)),  # from a Sunday
        (D(2026, 1, 5), 2, D(2025, 12, 31)),  # 1/4 Sun adj (1), 1/1-1/3, 12/31 (2)
    ],
)
def test_working_days_before(day: date, n: int, expected: date) -> None:
    assert working_days_before(day, n) == expected
    if default_calendar().is_working_day(day):
        assert working_days_between(expected, day) == n


def test_working_days_before_needs_one_day() -> None:
    with pytest.raises(ValueError, match=">= 1"):
        working_days_before(D(2025, 3, 10), 0)


# -- deadlines ----------------------------------------------------------------------------


def test_deadline_ends_at_midnight_shanghai() -> None:
    deadline = deadline_from(add_working_days(D(2025, 1, 24), 3), "3 working days")
    assert deadline.last_day == D(2025, 2, 5)
    assert deadline.due_at == datetime(2025, 2, 6, tzinfo=SHANGHAI)  # 24:00 of 2/5
    assert deadline.due_at.utcoffset() == timedelta(hours=8)
    assert deadline.due_at.astimezone(UTC) == datetime(2025, 2, 5, 16, tzinfo=UTC)
    assert deadline.due_at.isoformat() == "2025-02-06T00:00:00+08:00"
    assert (deadline.start, deadline.basis, deadline.provisional) == (
        D(2025, 1, 24),
        "3 working days",
        False,
    )
    assert deadline.calendar_version == default_calendar().version


def test_deadline_at_closing_time() -> None:
    deadline = deadline_from(add_days(D(2025, 3, 6), 3), "3 days", closing_time=time(17, 30))
    assert deadline.last_day == D(2025, 3, 10)
    assert deadline.due_at == datetime(2025, 3, 10, 17, 30, tzinfo=SHANGHAI)
    assert json.loads(deadline.model_dump_json())["due_at"] == "2025-03-10T17:30:00+08:00"


def test_deadline_serialises_with_offset_and_round_trips() -> None:
    deadline = deadline_from(add_months(D(2026, 11, 1), 2, calendar=FROZEN), "2 months")
    text = deadline.model_dump_json()
    assert json.loads(text)["due_at"] == "2027-01-05T00:00:00+08:00"
    again = Deadline.model_validate_json(text)
    assert again == deadline
    assert again.provisional is True
    assert again.due_at.tzinfo == SHANGHAI


def test_deadline_rejects_ambiguous_times() -> None:
    end = add_days(D(2025, 3, 6), 3)
    with pytest.raises(ValueError, match="naive"):
        deadline_from(end, "3 days", closing_time=time(17, tzinfo=UTC))
    with pytest.raises(ValueError, match="24:00"):
        deadline_from(end, "3 days", closing_time=time(0))
    with pytest.raises(ValidationError, match="timezone-aware"):
        Deadline(
            start=end.start,
            last_day=end.last_day,
            due_at=datetime(2025, 3, 11),
            provisional=False,
            calendar_version="x",
            basis="3 days",
        )


def test_deadline_with_utc_input_is_shown_in_shanghai() -> None:
    deadline = Deadline.model_validate(
        {
            "start": "2025-03-06",
            "last_day": "2025-03-10",
            "due_at": "2025-03-10T16:00:00Z",
            "provisional": False,
            "calendar_version": "x",
            "basis": "3 days",
        }
    )
    assert deadline.due_at.isoformat() == "2025-03-11T00:00:00+08:00"


def test_period_end_records_the_calendar_used(tmp_path: Path) -> None:
    override = tmp_path / "o.json"
    override.write_text(
        json.dumps(
            {
                "years": {
                    "2027": {
                        "notice": "test",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2027-01-01", "name": "元旦"}],
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    cal = load_calendar(override)
    end = add_days(D(2026, 12, 22), 10, calendar=cal)
    assert (end.last_day, end.provisional, end.calendar_version) == (
        D(2027, 1, 4),
        False,
        cal.version,
    )
