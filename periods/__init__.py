"""Statutory time (法定期间): working days, period arithmetic and deadlines.

Pure and deterministic (no I/O except loading the holiday data, no clock reads, no Temporal), so
workflows can compute deadlines and activities can show them. The law implemented is
procedures.md §0: 民法典 第二百零一条 to 第二百零四条 and the State Council holiday notices.
"""

from periods.arithmetic import (
    PeriodEnd,
    add_days,
    add_months,
    add_working_days,
    period_end,
    working_days_before,
    working_days_between,
)
from periods.calendar import WorkingDayCalendar, default_calendar, load_calendar
from periods.clock import PausableClock
from periods.data_file import HolidayDataError
from periods.deadline import SHANGHAI, Deadline, deadline_from, period_basis, period_deadline

__all__ = [
    "SHANGHAI",
    "Deadline",
    "HolidayDataError",
    "PausableClock",
    "PeriodEnd",
    "WorkingDayCalendar",
    "add_days",
    "add_months",
    "add_working_days",
    "deadline_from",
    "default_calendar",
    "load_calendar",
    "period_basis",
    "period_deadline",
    "period_end",
    "working_days_before",
    "working_days_between",
]
