"""Period arithmetic of 民法典 第二百零一条 to 第二百零四条 on the working-day calendar.

Every period excludes its start day (第二百零一条: 开始的当日不计入，自下一日开始计算).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from pydantic import BaseModel

from periods.calendar import WorkingDayCalendar, default_calendar
from periods.months import months_later

__all__ = [
    "PeriodEnd",
    "add_days",
    "add_months",
    "add_working_days",
    "period_end",
    "working_days_before",
    "working_days_between",
]


class PeriodEnd(BaseModel, frozen=True):
    """The last day (期间的最后一日) of a period counted from ``start``.

    ``provisional`` is True when a day whose working/rest status decided the result lies in a
    year without a published State Council notice; such a result must be recomputed once the
    notice is in the data, which changes ``calendar_version``.
    """

    start: date
    last_day: date
    provisional: bool
    calendar_version: str


def _resolve(calendar: WorkingDayCalendar | None) -> WorkingDayCalendar:
    return default_calendar() if calendar is None else calendar


def _check_non_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"a period length cannot be negative, got {n}")


def add_working_days(
    start: date, n: int, *, calendar: WorkingDayCalendar | None = None
) -> PeriodEnd:
    """N working days (N个工作日) from ``start``: the N-th working day after ``start``.

    n == 0 returns ``start`` itself. By construction the last day of a period of n >= 1 working
    days is a working day, so 第二百零三条 (rest-day rollover) never applies.
    """
    _check_non_negative(n)
    cal = _resolve(calendar)
    last_day = cal.nth_working_day_after(start, n)
    return PeriodEnd(
        start=start,
        last_day=last_day,
        # Every day from start+1 to last_day was consulted (n == 0 consults none).
        provisional=n > 0 and cal.touches_provisional(start + timedelta(days=1), last_day),
        calendar_version=cal.version,
    )


def _roll_over(start: date, candidate: date, cal: WorkingDayCalendar) -> PeriodEnd:
    # 民法典 第二百零三条: 期间的最后一日是法定休息日的，以法定休息日结束的次日为期间的最后一日.
    last_day = cal.first_working_day_from(candidate)
    return PeriodEnd(
        start=start,
        last_day=last_day,
        provisional=cal.touches_provisional(candidate, last_day),
        calendar_version=cal.version,
    )


def add_days(start: date, n: int, *, calendar: WorkingDayCalendar | None = None) -> PeriodEnd:
    """N days (N日) from ``start``: ``start + n``, rolled over to a working day if needed."""
    _check_non_negative(n)
    return _roll_over(start, start + timedelta(days=n), _resolve(calendar))


def add_months(start: date, n: int, *, calendar: WorkingDayCalendar | None = None) -> PeriodEnd:
    """N months (N个月) from ``start``, then the rest-day rollover of 第二百零三条.

    民法典 第二百零二条: the period ends on the day of the final month that corresponds to the
    start day; where that month has no such day, on the month's last day (月末日).
    """
    _check_non_negative(n)
    return _roll_over(start, months_later(start, n), _resolve(calendar))


def working_days_between(a: date, b: date, *, calendar: WorkingDayCalendar | None = None) -> int:
    """Number of working days ``d`` with ``a < d <= b`` (0 when ``b <= a``).

    Excluding ``a`` mirrors 第二百零一条, so
    ``working_days_between(s, add_working_days(s, n).last_day) == n``.
    """
    return _resolve(calendar).count_working_days(a, b)


def working_days_before(day: date, n: int, *, calendar: WorkingDayCalendar | None = None) -> date:
    """The n-th working day strictly before ``day`` (n >= 1), e.g. for reminders.

    When ``day`` is a working day this is the latest working day ``w`` with
    ``working_days_between(w, day) == n``: "3 working days before the last day".
    """
    if n < 1:
        raise ValueError(f"n must be >= 1 working day, got {n}")
    return _resolve(calendar).nth_working_day_before(day, n)


def period_end(
    start: date, length: int, unit: str, *, calendar: WorkingDayCalendar | None = None
) -> PeriodEnd:
    """The last day of a period of ``length`` ``unit`` ("working_days", "days" or "months"):
    the one question the CLI, the HTTP API and the deadline activity each ask."""
    count: dict[str, Callable[..., PeriodEnd]] = {
        "working_days": add_working_days,
        "days": add_days,
        "months": add_months,
    }
    return count[unit](start, length, calendar=calendar)
