"""Deadline computation as an activity, so that the result is recorded in workflow history.

Workflows never read holiday data: a later change of the data cannot break the replay of a case;
recomputing a deadline is an explicit step that runs this activity again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from temporalio import activity
from temporalio.exceptions import ApplicationError

from contracts.activities import (
    COMPUTE_DEADLINE,
    DeadlineRequest,
    ReminderPlan,
    ScheduledDeadline,
)
from contracts.service import SERVICE_RULE, ServiceRule
from periods import (
    SHANGHAI,
    PausableClock,
    PeriodEnd,
    WorkingDayCalendar,
    deadline_from,
    period_basis,
    period_end,
    working_days_before,
)
from periods.source import CalendarProvider, as_provider

# Reminders go out at the start of the office day, Asia/Shanghai.
REMINDER_TIME = time(9, 0)


class DeadlineActivities:
    """``calendar``: a fixed calendar, or a provider (the worker's ``CalendarSource``) asked
    once per computation, so that a holiday year added while running is used at once.
    ``electronic_service_deemed``: settings `service_electronic_deemed` (kernel/service.py)."""

    def __init__(
        self,
        calendar: WorkingDayCalendar | CalendarProvider,
        *,
        closing_time: time | None = None,
        reminder_working_days: Sequence[int] = (3, 1),
        electronic_service_deemed: bool = True,
    ) -> None:
        self._calendar_of = as_provider(calendar)
        self._closing_time = closing_time
        self._reminder_working_days = tuple(reminder_working_days)
        self._electronic_service_deemed = electronic_service_deemed

    @activity.defn(name=SERVICE_RULE)
    async def service_rule(self) -> ServiceRule:
        """The configured rule of service, so that the case reads it from its history (a
        workflow reads no settings): whether electronic delivery is service on its day."""
        return ServiceRule(electronic_deemed=self._electronic_service_deemed)

    @activity.defn(name=COMPUTE_DEADLINE)
    async def compute_deadline(self, request: DeadlineRequest) -> ScheduledDeadline:
        if request.length < 0:
            raise ApplicationError(
                f"length: a period cannot be negative ({request.length})", non_retryable=True
            )
        # One calendar for the whole computation, whatever is added meanwhile.
        calendar = self._calendar_of()
        start = request.start_at.astimezone(SHANGHAI).date()
        paused = 0
        if request.pauses:
            if request.unit != "working_days":
                raise ApplicationError(
                    "pauses: only a working-day period can be paused", non_retryable=True
                )
            end, paused = self._paused_end(calendar, start, request.length, request.pauses)
        else:
            end = period_end(start, request.length, request.unit, calendar=calendar)
        deadline = deadline_from(
            end, period_basis(request.length, request.unit), self._closing_time
        )
        reminders = self._reminders(calendar, start, end) if request.remind else []
        return ScheduledDeadline(deadline=deadline, reminders=reminders, paused_working_days=paused)

    def _paused_end(
        self,
        calendar: WorkingDayCalendar,
        start: date,
        length: int,
        pauses: Sequence[tuple[date, date]],
    ) -> tuple[PeriodEnd, int]:
        """The end of a working-day clock with completed pauses, and the working days the
        pauses took out (the applicant's days: after each pause day, through its resume day)."""
        try:
            clock = PausableClock.begin(start, length)
            for paused_on, resumed_on in pauses:
                clock = clock.pause(paused_on, calendar=calendar).resume(
                    resumed_on, calendar=calendar
                )
        except ValueError as err:
            raise ApplicationError(f"pauses: {err}", non_retryable=True) from None
        end = clock.deadline(calendar=calendar)
        assert end is not None  # every pause given is completed
        taken = sum(calendar.count_working_days(p, r) for p, r in pauses)
        return end, taken

    def _reminders(
        self, calendar: WorkingDayCalendar, start: date, end: PeriodEnd
    ) -> list[ReminderPlan]:
        plans = []
        for n in sorted(set(self._reminder_working_days), reverse=True):
            day = working_days_before(end.last_day, n, calendar=calendar)
            if day <= start:
                continue  # the period is shorter than the reminder's lead time
            plans.append(
                ReminderPlan(
                    at=datetime.combine(day, REMINDER_TIME, tzinfo=SHANGHAI),
                    working_days_before=n,
                )
            )
        return plans
