"""The instant a period ends (期间届满), in Asia/Shanghai time.

民法典 第二百零三条 second paragraph: 期间的最后一日的截止时间为二十四时；有业务时间的，停止业务
活动的时间为截止时间. 24:00 of the last day is written as 00:00 of the next day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from pydantic import BaseModel, field_validator, model_validator

from periods.arithmetic import PeriodEnd, period_end
from periods.calendar import WorkingDayCalendar

__all__ = ["SHANGHAI", "Deadline", "deadline_from", "period_basis", "period_deadline"]

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
"""China Standard Time (UTC+08:00, no daylight saving since 1991)."""


class Deadline(BaseModel, frozen=True):
    """A period's last day and the exact instant it ends, with how it was counted."""

    start: date  # the triggering day, excluded from the count (民法典 第二百零一条)
    last_day: date
    due_at: datetime  # tz-aware, Asia/Shanghai
    provisional: bool
    calendar_version: str
    basis: str  # e.g. "15 working days", "10 days", "2 months"

    @field_validator("due_at")
    @classmethod
    def _in_shanghai(cls, value: datetime) -> datetime:
        # A naive instant would be read in the host's zone; the law's clock is Beijing time.
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("due_at must be timezone-aware (Asia/Shanghai)")
        return value.astimezone(SHANGHAI)

    @model_validator(mode="after")
    def _ordered(self) -> Deadline:
        if self.last_day < self.start:
            raise ValueError(f"last_day {self.last_day} is before start {self.start}")
        return self


def deadline_from(end: PeriodEnd, basis: str, closing_time: time | None = None) -> Deadline:
    """The deadline of ``end``: 24:00 of the last day, or the office's closing time that day.

    ``closing_time`` is a wall-clock time in Asia/Shanghai (naive ``time``).
    """
    if closing_time is None:
        due_at = datetime.combine(end.last_day + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    else:
        if closing_time.tzinfo is not None:
            raise ValueError("closing_time must be a naive wall-clock time in Asia/Shanghai")
        if closing_time == time(0):
            raise ValueError(
                "closing_time 00:00 would end the period before its last day; pass None for 24:00"
            )
        due_at = datetime.combine(end.last_day, closing_time, tzinfo=SHANGHAI)
    return Deadline(
        start=end.start,
        last_day=end.last_day,
        due_at=due_at,
        provisional=end.provisional,
        calendar_version=end.calendar_version,
        basis=basis,
    )


_UNIT_NAMES: Final = {
    "working_days": ("working day", "working days"),
    "days": ("day", "days"),
    "months": ("month", "months"),
}


def period_basis(length: int, unit: str) -> str:
    """How a period was counted, in words: '15 working days', '1 month'."""
    singular, plural = _UNIT_NAMES[unit]
    return f"{length} {singular if length == 1 else plural}"


def period_deadline(
    start: date,
    length: int,
    unit: str,
    *,
    calendar: WorkingDayCalendar | None = None,
    closing_time: time | None = None,
) -> Deadline:
    """The deadline of a period counted from ``start`` (no pauses, no reminders): what
    `starter.py deadline` and `POST /deadlines` answer."""
    end = period_end(start, length, unit, calendar=calendar)
    return deadline_from(end, period_basis(length, unit), closing_time)
