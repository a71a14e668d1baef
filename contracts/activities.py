"""The names and the argument/result models of every activity.

This is all a workflow imports from `activities`: it calls activities by name with these models,
so the implementations (files, calendars, gateways) stay outside the workflow sandbox.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel

from periods import Deadline

# How long a running attempt may go unheard of before the server gives it to another worker:
# the worker beats for every activity while it runs (activities/keep_alive.py), so this is how
# fast a killed worker's deliveries and registry writes are taken up again.
HEARTBEAT_TIMEOUT = timedelta(seconds=10)

COMPUTE_DEADLINE = "compute_deadline"
SEND_NOTIFICATION = "send_notification"
ISSUE_RESULT_NOTICE = "issue_result_notice"
UPDATE_SUPERVISION_PLATFORM = "update_supervision_platform"
COPY_TO_CITY_CREDIT_OFFICE = "copy_to_city_credit_office"

PeriodUnit = Literal["working_days", "days", "months"]


class DeadlineRequest(BaseModel):
    """A period counted from an event (the start day itself is excluded, 民法典 第二百零一条)."""

    start_at: datetime
    length: int
    unit: PeriodUnit
    # Agency duties get reminders before they expire; party windows do not.
    remind: bool = False
    # Working-day periods only: (paused on, resumed on) pairs of a clock that stops while the
    # applicant holds the file (不计入评估期限); see periods.PausableClock for how days count.
    pauses: list[tuple[date, date]] = []


class ReminderPlan(BaseModel):
    at: datetime
    working_days_before: int


class ScheduledDeadline(BaseModel):
    deadline: Deadline
    reminders: list[ReminderPlan]
    # The working days the pauses took out of the period (the last day moved by as many).
    paused_working_days: int = 0


class Notification(BaseModel):
    """A message to a person (reviewer, supervisor, party). `key` makes it idempotent."""

    key: str
    workflow_id: str
    case_id: str
    recipient: str
    subject: str
    body: str


class Delivery(BaseModel):
    """Where a document or message was delivered (the local outbox writes a file)."""

    key: str
    location: str


class EvaluationMessage(BaseModel):
    """What a credit-objection case sends about one enterprise's evaluation: the notice to the
    enterprise and the corrected grade sent on. `key` (workflow id + step) makes it idempotent."""

    key: str
    workflow_id: str
    case_id: str
    enterprise_name: str
    enterprise_uscc: str
    evaluation_id: str


class ResultNotice(EvaluationMessage):
    """复核结果书面告知: the written result of a credit-objection review."""

    regulation_citation: str
    outcome: str
    original_grade: str
    final_grade: str
    corrected_score: float | None
    reason: str
    reviewer: str
    received_at: datetime
    decided_at: datetime
    late: bool
    # The deciding agency, who signs the notice (empty in notices of cases started before).
    agency_code: str = ""
    agency_name: str = ""


class GradeCorrection(EvaluationMessage):
    """A corrected grade, for the supervision platform and the copy to the city credit office."""

    original_grade: str
    corrected_grade: str
    corrected_score: float | None
    decided_at: datetime
    citation: str


SCORE_FACTS = "score_facts"


class ScoreRequest(BaseModel):
    """Facts to score with one of the scoring modules (`scoring.KINDS`, e.g. "medical-credit")."""

    kind: str
    facts: dict[str, Any]


# -- designation (衢医保发〔2023〕8号 二(三)) ----------------------------------------------------

NEXT_ACCEPTANCE_BATCH = "next_acceptance_batch"


class BatchRequest(BaseModel):
    """The first quarterly acceptance review (集中受理审查) after the application day."""

    after: date


class AcceptanceBatch(BaseModel):
    day: date
    at: datetime  # the start of the office day of the review, Asia/Shanghai
    rule: str  # how the day was chosen (for the audit trail)
    provisional: bool  # the day was found in a year whose holiday notice is not yet published


DESIGNATION_POLICY = "designation_policy"


class DesignationPolicy(BaseModel):
    """The configured values of the designation procedure (settings), recorded in history."""

    notice_working_days: int
    batch_rule: str
