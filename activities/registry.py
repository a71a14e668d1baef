"""Builds every activity implementation from the settings (the worker's only wiring)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from activities.deadlines import DeadlineActivities
from activities.deliveries import DeliveryActivities
from activities.outbox import Outbox
from activities.scoring_activities import score_facts
from periods import WorkingDayCalendar


def build_activities(
    calendar: WorkingDayCalendar,
    outbox: Outbox,
    *,
    closing_time: time | None = None,
    reminder_working_days: tuple[int, ...] = (3, 1),
) -> list[Callable[..., Any]]:
    deadlines = DeadlineActivities(
        calendar, closing_time=closing_time, reminder_working_days=reminder_working_days
    )
    deliveries = DeliveryActivities(outbox)
    return [
        deadlines.compute_deadline,
        deliveries.send_notification,
        deliveries.issue_result_notice,
        deliveries.update_supervision_platform,
        deliveries.copy_to_city_credit_office,
        score_facts,
    ]
