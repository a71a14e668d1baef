"""A working-day clock that stops while the applicant holds the file.

Where a rule says the applicant's time does not count (不计入评估期限), the agency's clock stops
while the applicant holds the file and resumes with the remaining working days when the file
comes back (procedures.md §0, "Paused clocks").

Counting rules, all from 民法典 第二百零一条: the start day is excluded; the pause day counts as
used by the agency (the working days of ``(counting start, paused_on]`` are consumed); the resume
day is excluded like any start day and counting continues the day after.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import BaseModel, Field, model_validator

from periods.arithmetic import PeriodEnd
from periods.calendar import WorkingDayCalendar, default_calendar

__all__ = ["PausableClock"]


class PausableClock(BaseModel, frozen=True):
    """可暂停的工作日期限: an immutable, serialisable N-working-day clock with pauses.

    The agency's days are always recomputed from the pause history (``pauses`` plus the open
    ``paused_on``) with the calendar passed in, so a newly published holiday notice is honoured.
    ``used_before_pause`` is the figure recorded when the last pause began (informational).
    """

    start: date
    working_days: int = Field(ge=0)
    used_before_pause: int = Field(default=0, ge=0)
    paused_on: date | None = None  # the open pause, if any
    resumed_on: date | None = None  # start of the current counting segment, after a pause
    pauses: tuple[tuple[date, date], ...] = ()  # completed (paused_on, resumed_on) pairs

    @model_validator(mode="after")
    def _consistent_history(self) -> PausableClock:
        # Stored in workflow state: reject a hand-edited or corrupted history early.
        previous = self.start
        for paused, resumed in self.pauses:
            if paused < previous or resumed < paused:
                raise ValueError(f"pause history out of order at ({paused}, {resumed})")
            previous = resumed
        expected_resume = self.pauses[-1][1] if self.pauses else None
        if self.resumed_on != expected_resume:
            raise ValueError(
                f"resumed_on {self.resumed_on} does not match the last pause {expected_resume}"
            )
        if self.paused_on is not None and self.paused_on < previous:
            raise ValueError(f"paused_on {self.paused_on} is before the counting start {previous}")
        return self

    @classmethod
    def begin(cls, start: date, working_days: int) -> PausableClock:
        """A running clock of ``working_days`` working days triggered on ``start``."""
        return cls(start=start, working_days=working_days)

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None

    @property
    def counting_start(self) -> date:
        """The excluded day the current segment counts from: ``start`` or the last resume."""
        return self.resumed_on if self.resumed_on is not None else self.start

    def pause(self, on: date, *, calendar: WorkingDayCalendar | None = None) -> PausableClock:
        """Stop the clock on ``on`` (the applicant takes the file); ``on`` itself is used."""
        if self.paused_on is not None:
            raise ValueError(f"clock is already paused since {self.paused_on}")
        if on < self.counting_start:
            raise ValueError(
                f"cannot pause on {on}: before the counting start {self.counting_start}"
            )
        paused = self.model_copy(update={"paused_on": on})
        used = paused.used_working_days(on, calendar=calendar)
        return paused.model_copy(update={"used_before_pause": used})

    def resume(self, on: date, *, calendar: WorkingDayCalendar | None = None) -> PausableClock:
        """Restart the clock on ``on`` (the file comes back); counting resumes the day after.

        ``calendar`` is accepted for symmetry with :meth:`pause`; resuming consults no day.
        """
        if self.paused_on is None:
            raise ValueError("clock is not paused")
        if on < self.paused_on:
            raise ValueError(f"cannot resume on {on}: before the pause on {self.paused_on}")
        return self.model_copy(
            update={
                "paused_on": None,
                "resumed_on": on,
                "pauses": (*self.pauses, (self.paused_on, on)),
            }
        )

    def _segments(self) -> Iterator[tuple[date, date | None]]:
        """Counting segments as (excluded start, inclusive end or None while running)."""
        begin = self.start
        for paused, resumed in self.pauses:
            yield begin, paused
            begin = resumed
        yield begin, self.paused_on

    def used_working_days(self, as_of: date, *, calendar: WorkingDayCalendar | None = None) -> int:
        """Working days the agency has used up to and including ``as_of``."""
        cal = default_calendar() if calendar is None else calendar
        used = 0
        for begin, end in self._segments():
            through = as_of if end is None else min(end, as_of)
            used += cal.count_working_days(begin, through)
        return used

    def remaining_working_days(
        self, as_of: date, *, calendar: WorkingDayCalendar | None = None
    ) -> int:
        """Working days left after ``as_of`` (0 once the period is exhausted)."""
        return max(0, self.working_days - self.used_working_days(as_of, calendar=calendar))

    def deadline(self, *, calendar: WorkingDayCalendar | None = None) -> PeriodEnd | None:
        """The last day, or None while paused (the applicant's time has no end date).

        ``start`` of the result is the clock's triggering day. If the days ran out before a
        pause, the last day is the day they ran out, not a day after the pause.
        """
        if self.paused_on is not None:
            return None
        cal = default_calendar() if calendar is None else calendar
        remaining = self.working_days
        provisional = False
        for begin, end in self._segments():
            available = None if end is None else cal.count_working_days(begin, end)
            if end is None or available is None or available >= remaining:
                # The count runs out in this segment (always in the open one at the latest).
                last_day = cal.nth_working_day_after(begin, remaining)
                if remaining > 0:
                    provisional |= cal.touches_provisional(begin + timedelta(days=1), last_day)
                return PeriodEnd(
                    start=self.start,
                    last_day=last_day,
                    provisional=provisional,
                    calendar_version=cal.version,
                )
            remaining -= available
            if end > begin:
                provisional |= cal.touches_provisional(begin + timedelta(days=1), end)
        raise AssertionError("unreachable: the last segment is open whenever the clock runs")
