"""Properties of the period arithmetic over 2004-2030 (published and provisional years)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from periods import (
    PausableClock,
    add_days,
    add_months,
    add_working_days,
    load_calendar,
    working_days_before,
    working_days_between,
)

# Frozen at a known publication state (2004-2026), so the dates below keep covering provisional
# years however many notices are added to the data later. Every call passes it explicitly.
CAL = load_calendar(published_before=2027)
dates = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=60)
positive = st.integers(min_value=1, max_value=60)

# Per test, not a global profile: other test modules share the hypothesis settings.
bounded = settings(max_examples=150, deadline=None)


@bounded
@given(dates, positive)
def test_last_working_day_is_a_working_day(start: date, n: int) -> None:
    end = add_working_days(start, n, calendar=CAL)
    assert end.last_day > start
    assert CAL.is_working_day(end.last_day)
    # Provisional iff the counted days (start+1 .. last_day) reach a year without a notice.
    counted_years = range((start + timedelta(days=1)).year, end.last_day.year + 1)
    assert end.provisional is any(y not in CAL.published_years for y in counted_years)


@bounded
@given(dates, counts, counts)
def test_adding_is_associative(start: date, n: int, m: int) -> None:
    middle = add_working_days(start, n, calendar=CAL).last_day
    assert (
        add_working_days(middle, m, calendar=CAL).last_day
        == add_working_days(start, n + m, calendar=CAL).last_day
    )


@bounded
@given(dates, dates, counts)
def test_last_day_is_monotone_in_the_start(a: date, b: date, n: int) -> None:
    early, late = sorted((a, b))
    assert (
        add_working_days(early, n, calendar=CAL).last_day
        <= add_working_days(late, n, calendar=CAL).last_day
    )


@bounded
@given(dates, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    last_day = add_working_days(start, n, calendar=CAL).last_day
    assert working_days_between(start, last_day, calendar=CAL) == n


@bounded
@given(dates, positive)
def test_before_inverts_between_on_working_days(day: date, n: int) -> None:
    day = CAL.first_working_day_from(day)
    before = working_days_before(day, n, calendar=CAL)
    assert CAL.is_working_day(before)
    assert working_days_between(before, day, calendar=CAL) == n


def _assert_rolled_over(candidate: date, last_day: date) -> None:
    # 民法典 第二百零三条: never a rest day, and the first working day from the candidate.
    assert CAL.is_working_day(last_day)
    assert last_day >= candidate
    assert all(
        CAL.is_rest_day(candidate + timedelta(days=k)) for k in range((last_day - candidate).days)
    )


@bounded
@given(dates, counts)
def test_add_days_never_ends_on_a_rest_day(start: date, n: int) -> None:
    _assert_rolled_over(start + timedelta(days=n), add_days(start, n, calendar=CAL).last_day)


@bounded
@given(dates, st.integers(min_value=0, max_value=24))
def test_add_months_never_ends_on_a_rest_day(start: date, n: int) -> None:
    # 第二百零二条: same day number n months later, else that month's last day.
    year, month = divmod(start.year * 12 + start.month - 1 + n, 12)
    month += 1
    following = date(year + month // 12, month % 12 + 1, 1)
    month_length = (following - timedelta(days=1)).day
    candidate = date(year, month, min(start.day, month_length))
    _assert_rolled_over(candidate, add_months(start, n, calendar=CAL).last_day)


@bounded
@given(dates, counts)
def test_clock_without_pause_equals_add_working_days(start: date, n: int) -> None:
    clock = PausableClock.begin(start, n)
    assert clock.deadline(calendar=CAL) == add_working_days(start, n, calendar=CAL)


@bounded
@given(dates, positive, st.integers(min_value=0, max_value=90), st.integers(0, 90))
def test_clock_pause_shifts_by_the_paused_working_days(
    start: date, n: int, pause_after: int, held_for: int
) -> None:
    paused_on = start + timedelta(days=pause_after)
    resumed_on = paused_on + timedelta(days=held_for)
    clock = (
        PausableClock.begin(start, n)
        .pause(paused_on, calendar=CAL)
        .resume(resumed_on, calendar=CAL)
    )
    end = clock.deadline(calendar=CAL)
    assert end is not None
    used = working_days_between(start, paused_on, calendar=CAL)
    if used >= n:  # ran out before the pause
        assert end.last_day == add_working_days(start, n, calendar=CAL).last_day
    else:
        assert end.last_day == add_working_days(resumed_on, n - used, calendar=CAL).last_day
        assert clock.used_working_days(end.last_day, calendar=CAL) == n
