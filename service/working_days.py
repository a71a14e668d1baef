"""How many working days a supervisor has left before a deadline's last day, or how many it is
late: counted at the door (the command line, the HTTP API, the board), never in a workflow,
from today's date in Asia/Shanghai and the working-day calendar the worker uses (the library,
the repository's data, the override file and the years added while running).

Left: the working days from today through the last day, today included when it is a working
day (on the last day itself one working day is left: that day). Late: the working days after
the last day up to and including today. A count reaching a year whose State Council holiday
notice is not in the data is provisional and says so (its adjusted working days are unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from periods import SHANGHAI, WorkingDayCalendar
from periods.phrases import day_label
from service.calendar_update import calendar_source
from settings import Settings


@dataclass(frozen=True)
class DaysLeft:
    """A deadline's last day seen from `today`."""

    today: date
    last_day: date
    left: int  # working days today..last_day (0 once past it)
    late: int  # working days after last_day through today (0 until past it)
    provisional: bool  # the count reaches a year without its published holiday notice

    @property
    def past(self) -> bool:
        return self.today > self.last_day

    @property
    def words(self) -> str:
        """'剩3个工作日 3 working days left', '逾期2个工作日 2 working days late'."""
        if self.past:
            text = f"逾期{self.late}个工作日 {self.late} working day{_s(self.late)} late"
        elif self.left == 0:
            # A last day that is a rest day (a calendar-day period never ends on one, 民法典
            # 第二百零三条, but a recomputed calendar may make it so): nothing left to act in.
            text = "无剩余工作日 no working day left"
        else:
            text = f"剩{self.left}个工作日 {self.left} working day{_s(self.left)} left"
        return text + (" (暂定 provisional)" if self.provisional else "")


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def days_left(last_day: date, today: date, calendar: WorkingDayCalendar) -> DaysLeft:
    first, last = min(today, last_day), max(today, last_day)
    return DaysLeft(
        today=today,
        last_day=last_day,
        left=calendar.count_working_days(today - timedelta(days=1), last_day),
        late=calendar.count_working_days(last_day, today),
        provisional=calendar.touches_provisional(first, last),
    )


def shanghai_today(now: datetime | None = None) -> date:
    """Today's date in Asia/Shanghai (the law's clock), whatever the host's zone."""
    return (now or datetime.now(SHANGHAI)).astimezone(SHANGHAI).date()


def last_day_of(due_at: datetime) -> date:
    """The last day of a period from its due instant: 24:00 (the next day's 00:00 in Asia/
    Shanghai) ends the day before; an office closing time ends its own day."""
    local = due_at.astimezone(SHANGHAI)
    if local.hour == 0 and local.minute == 0 and local.second == 0:
        return local.date() - timedelta(days=1)
    return local.date()


@dataclass(frozen=True)
class DayCounter:
    """The door's count: the calendar the worker uses and today's date in Asia/Shanghai."""

    calendar: WorkingDayCalendar
    today: date

    def left(self, last_day: date) -> DaysLeft:
        return days_left(last_day, self.today, self.calendar)

    def phrase(self, last_day: date) -> str:
        """'Fri 2026-10-09, 剩5个工作日 5 working days left'."""
        return f"{day_label(last_day)}, {self.left(last_day).words}"


def counter(settings: Settings, now: datetime | None = None) -> DayCounter:
    """Counting as of now, on the worker's calendar (stored years included)."""
    return DayCounter(calendar_source(settings).current(), shanghai_today(now))
