"""What every case keeps, whatever its procedure: the audit trail and its named deadlines.

Pure pydantic models (no Temporal import), shared by the workflows, the activities and the CLI.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.activities import DeadlineRequest
from contracts.service import NoticeService
from periods import Deadline


class AuditEvent(BaseModel):
    """One entry of a case's audit trail: who did what, when, and under which clause."""

    at: datetime
    actor: str
    action: str
    citation: str
    details: dict[str, Any] = Field(default_factory=dict)


class DeadlineKind(StrEnum):
    # An agency duty: on expiry the case is overdue and escalated, and keeps waiting.
    AGENCY_DUTY = "agency_duty"
    # A party window: on expiry the legal consequence applies (e.g. deemed abandoned).
    PARTY_WINDOW = "party_window"
    # A party's duty (a 违约金 to be paid within 30 days): on expiry the case is marked overdue
    # and escalated to the supervisor, and keeps waiting for the party's act; no reminders.
    PARTY_DUTY = "party_duty"
    # A fixed term's end (an agreement's 31 December, 衢医保发〔2023〕8号 二(三)4): a day the text
    # fixes, not a period counted; what follows it is the procedure's (a renewal, or its end).
    FIXED_TERM = "fixed_term"


class Reminder(BaseModel):
    """A reminder before an agency-duty deadline, at a fixed instant recorded in history."""

    at: datetime
    working_days_before: int
    sent: bool = False


class CaseDeadline(BaseModel):
    """A named deadline of a case, with its legal basis and whether it has been met."""

    name: str
    kind: DeadlineKind
    citation: str
    deadline: Deadline
    reminders: list[Reminder] = Field(default_factory=list)
    met_at: datetime | None = None
    overdue: bool = False
    # A party window that ran out before the party acted.
    lapsed: bool = False
    # 0 for the first computation; +1 each time it is rescheduled (an extension).
    revision: int = 0
    # A clock stopped while the applicant holds the file (不计入评估期限): it neither reminds
    # nor expires until it is rescheduled with the pause counted out.
    paused_since: datetime | None = None
    # The working days that completed pauses took out of the period (its end moved by as many).
    paused_working_days: int = 0
    # What it was computed from, so that a holiday-calendar update can compute it again
    # (None: scheduled before recomputation existed; such a deadline is never recomputed).
    request: DeadlineRequest | None = None
    # The due instant before the last recomputation moved it (None: never moved by one).
    recomputed_from: datetime | None = None

    def missed_by(self, at: datetime) -> bool:
        """Whether an act at `at` comes after the period: once escalated as overdue, or at or
        after the instant the last day ends (24:00, or the office's closing time)."""
        return self.overdue or at >= self.deadline.due_at


RECOMPUTE_DEADLINES = "recompute_deadlines"
# The error type of an Update refused because the case is still finishing its previous step
# (kernel/update_gate.py): nothing changed, send it again in a moment.
CASE_BUSY = "CaseBusy"


class RecomputeDeadlines(BaseModel):
    """The signal sent to open cases when a year of holiday data is added: compute every open
    deadline again, expecting the worker's calendar to be ``calendar_version``."""

    reason: str
    calendar_version: str
    # The notice added (its title and number), cited by the audit events.
    notice: str = ""


class PendingOutput(BaseModel):
    """Something the case is sending out and has not yet delivered (a notice, a message to an
    outside system, a subject-record write). The case's status lists what it is sending now
    (kernel/outputs.py: attempt 1, no error: it cannot see its activities' attempts); the
    status readers (`starter.py status`, `GET /<procedure>/cases/{id}`, the board) replace that
    with the server's view, its attempts and last error, from its describe
    (service/outputs.py), and ask for it only when the list is not empty."""

    output: str  # what it is, e.g. "result notice"
    activity: str  # the activity type, e.g. issue_result_notice
    attempt: int  # the attempt running or next (1: the first)
    failing: bool  # an attempt has failed
    since: datetime | None = None  # when the case first asked for it
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime | None = None
    summary: str  # one line, e.g. "result notice: delivery failing for 3 h (gateway refused)"


# -- what a step leaves for the case's main loop (issue 15: a step is answered at once) ----------

# The Update a caller sends after a step to wait for what that step set going (a document, a
# delivery, a deadline, a record write), when the receipt alone is not enough.
AWAIT_OUTPUTS = "await_outputs"


class FollowUpState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    # The work ended without its result (an output refused for good, or not delivered in a
    # day): recorded in the audit trail, and the case goes on.
    FAILED = "failed"


class FollowUp(BaseModel):
    """One piece of work a step left for the case's main loop: the step returned its receipt
    at once, and this runs after it, in the order the steps were taken."""

    seq: int  # 1, 2, ... in the order queued
    step: str  # the step (Update or signal) that queued it
    what: str  # e.g. "report receipt", "feedback deadline"
    # Follow-ups queued by one step share a batch (the history length the step was taken at).
    batch: int
    queued_at: datetime
    state: FollowUpState = FollowUpState.QUEUED
    finished_at: datetime | None = None
    # The audit events the work recorded (their places in the case's audit trail).
    event_indexes: list[int] = Field(default_factory=list)
    error: str | None = None


class AwaitOutputs(BaseModel):
    """Wait until everything queued so far is done; `step`: report only that step's latest
    follow-ups (None: every follow-up still kept)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    step: str | None = Field(default=None, max_length=100)


class OutputsReport(BaseModel):
    """What the follow-ups waited for did: each with its state, and the audit events they
    recorded (where a document went, the deadline set, a record written)."""

    case_id: str
    stage: str
    follow_ups: list[FollowUp]
    events: list[AuditEvent]
    # The case stopped on an error before its follow-ups were done (needs attention).
    attention: str | None = None
    # The case had closed when asked: a case closes only once its follow-ups are done, so
    # everything it queued was done (its status has the audit trail).
    closed: bool = False
    # The caller stopped waiting (service.steps.WAIT_PATIENCE) before the follow-ups were
    # done: an outside system is slow or down; the status shows what is pending.
    timed_out: bool = False


# -- long lives (issue 15): what one run of a case hands to the next ------------------------------

# The Update an operator sends to move a case onto a fresh run now (kernel/long_life.py).
CONTINUE_AS_NEW = "continue_as_new"


class CarriedCase(BaseModel):
    """The procedure-neutral part of a case, as one run hands it to the next (continue-as-new):
    its stage, its whole audit trail and its deadlines with their absolute instants (the next
    run sets its timers from them: nothing is computed again)."""

    stage: str
    events: list[AuditEvent]
    deadlines: dict[str, CaseDeadline]
    deadline_revision: int
    deliveries: list[str] = Field(default_factory=list)
    # Search-attribute values already recorded as ones the server cannot carry (case_base).
    uncarried: list[str] = Field(default_factory=list)
    # How many runs came before this one.
    runs_before: int = 0
    # The notices that open a party's period and their service (kernel/service.py).
    services: dict[str, NoticeService] = Field(default_factory=dict)


class ContinueRequest(BaseModel):
    """An operator moves a case onto a fresh run now (e.g. to take up newly deployed code)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)
    requested_by: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=500)


class ContinueReceipt(BaseModel):
    case_id: str
    # The run that will hand over once its steps and their follow-ups are done.
    run_id: str
