"""Deadlines in words, as the command line and a procedure's standing say them (Asia/Shanghai)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from periods.deadline import SHANGHAI, Deadline

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PROVISIONAL_NOTE = (
    "PROVISIONAL: the count reaches a year whose State Council holiday notice is not yet in the "
    "data; weekends and the statutory holiday dates were used, adjusted working days are "
    "unknown, and the deadline will be recomputed when the notice is added"
)


def shanghai(moment: datetime | None) -> str:
    """'2026-12-11 14:30' in Asia/Shanghai; '-' for no moment."""
    if moment is None:
        return "-"
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def day_label(day: date) -> str:
    """'Fri 2026-12-11'."""
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def due_phrase(deadline: Deadline) -> str:
    """'24:00 on Fri 2026-12-11' rather than the equivalent next-day 00:00 of ISO 8601."""
    due = deadline.due_at.astimezone(SHANGHAI)
    day = deadline.last_day
    label = day_label(day)
    if due.date() == day + timedelta(days=1) and due.hour == 0 and due.minute == 0:
        return f"24:00 on {label} (Asia/Shanghai)"
    return f"{due.strftime('%H:%M')} on {label} (Asia/Shanghai, office closing time)"
