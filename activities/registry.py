"""Builds every activity implementation from the settings (the worker's only wiring)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from temporalio.client import Client

from activities.deadlines import DeadlineActivities
from activities.deliveries import DeliveryActivities
from activities.designation_activities import DesignationActivities
from activities.documents import DocumentActivities
from activities.outbox import Outbox
from activities.round_activities import RoundActivities
from activities.scoring_activities import score_facts
from activities.subject_records import SubjectRecordActivities
from periods import WorkingDayCalendar
from periods.source import CalendarProvider


def build_activities(
    calendar: WorkingDayCalendar | CalendarProvider,
    outbox: Outbox,
    *,
    closing_time: time | None = None,
    reminder_working_days: tuple[int, ...] = (3, 1),
    client: Client | None = None,
    subject_id_secret: bytes = b"",
    designation: DesignationActivities | None = None,
    electronic_service_deemed: bool = True,
) -> list[Callable[..., Any]]:
    deadlines = DeadlineActivities(
        calendar,
        closing_time=closing_time,
        reminder_working_days=reminder_working_days,
        electronic_service_deemed=electronic_service_deemed,
    )
    deliveries = DeliveryActivities(outbox)
    documents = DocumentActivities(outbox)
    designation = designation or DesignationActivities(calendar)
    return [
        deadlines.compute_deadline,
        deadlines.service_rule,
        deliveries.send_notification,
        deliveries.issue_result_notice,
        deliveries.update_supervision_platform,
        deliveries.copy_to_city_credit_office,
        score_facts,
        documents.issue_document,
        designation.next_acceptance_batch,
        designation.designation_policy,
        *_subject_record_activities(client, subject_id_secret),
        *RoundActivities(outbox, _records(client, subject_id_secret)).all(),
    ]


def _subject_record_activities(client: Client | None, secret: bytes) -> list[Callable[..., Any]]:
    """The subject-record activities talk to the engine: only with a client (the worker's)."""
    records = _records(client, secret)
    return records.all() if records is not None else []


def _records(client: Client | None, secret: bytes) -> SubjectRecordActivities | None:
    # task_queue None: records run on the queue these activities run on (the worker's).
    return SubjectRecordActivities(client, None, secret) if client is not None else None
