"""The configured parts of the designation procedure, as activities so that workflows get them
from history: the day of the next quarterly acceptance review, and the policy values.

衢医保发〔2023〕8号 二(三)2: 经办机构原则上每季度应开展1次集中受理审查. The days are configuration
(settings.designation_batch_months / designation_batch_dates); by default the first working day of
January, April, July and October.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from temporalio import activity

from contracts.activities import (
    DESIGNATION_POLICY,
    NEXT_ACCEPTANCE_BATCH,
    AcceptanceBatch,
    BatchRequest,
    DesignationPolicy,
)
from periods import SHANGHAI, WorkingDayCalendar
from periods.source import CalendarProvider, as_provider

# The review is held during office hours; the case acts at the start of the office day.
REVIEW_TIME = time(9, 0)


class DesignationActivities:
    def __init__(
        self,
        calendar: WorkingDayCalendar | CalendarProvider,
        *,
        batch_months: Sequence[int] = (1, 4, 7, 10),
        batch_dates: Sequence[date] = (),
        notice_working_days: int = 5,
    ) -> None:
        # A fixed calendar or the worker's provider (asked per call: added years count at once).
        self._calendar_of = as_provider(calendar)
        self._months = tuple(sorted(set(batch_months)))
        self._dates = tuple(sorted(set(batch_dates)))
        self._notice_working_days = notice_working_days

    @activity.defn(name=NEXT_ACCEPTANCE_BATCH)
    async def next_acceptance_batch(self, request: BatchRequest) -> AcceptanceBatch:
        return self.batch_after(request.after)

    @activity.defn(name=DESIGNATION_POLICY)
    async def designation_policy(self) -> DesignationPolicy:
        return DesignationPolicy(
            notice_working_days=self._notice_working_days, batch_rule=self.rule
        )

    @property
    def rule(self) -> str:
        months = "/".join(str(m) for m in self._months)
        rule = f"first working day of months {months}"
        if self._dates:
            rule = f"configured days {', '.join(d.isoformat() for d in self._dates)}; then {rule}"
        return rule

    def batch_after(self, after: date) -> AcceptanceBatch:
        """The first review day strictly after `after` (an application made on a review day
        waits for the next one: the review examines what was in hand before it began)."""
        calendar = self._calendar_of()
        configured = next((d for d in self._dates if d > after), None)
        if configured is not None:
            day, rule = configured, "configured batch day"
        else:
            day, rule = self._first_working_day_of_batch_month(calendar, after), self.rule
        return AcceptanceBatch(
            day=day,
            at=datetime.combine(day, REVIEW_TIME, tzinfo=SHANGHAI),
            rule=rule,
            provisional=calendar.is_provisional(day),
        )

    def _first_working_day_of_batch_month(self, calendar: WorkingDayCalendar, after: date) -> date:
        year = after.year
        while True:
            for month in self._months:
                day = calendar.first_working_day_from(date(year, month, 1))
                if day > after:
                    return day
            year += 1
