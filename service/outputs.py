"""What a case is still sending out, as the server sees it (issue 15: outputs visible while
pending).

A case's deliveries run as activities with retries for up to a day (DELIVERY_TIMEOUT); the
case meanwhile takes its steps. The workflow cannot see its activities' attempts, the server
can: `describe` lists each pending activity with its attempt, last failure and next attempt.
This module turns those into `PendingOutput`s named for what they are ("result notice"), with a
one-line summary a supervisor reads ("result notice: delivery failing for 3 h (gateway refused),
attempt 7, next try 14:05"). The same reading serves `starter.py status`, `starter.py list
--pending-outputs`, the HTTP API and the board.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from temporalio.api.failure.v1 import Failure
from temporalio.api.workflow.v1 import PendingActivityInfo
from temporalio.client import WorkflowExecutionDescription
from temporalio.converter import DataConverter

from contracts.case_records import PendingOutput
from contracts.output_kinds import OUTPUT_LABELS
from kernel.outputs import DELIVERY_TIMEOUT
from periods import SHANGHAI

ERROR_SHOWN = 160  # characters of the last error in the summary


async def pending_outputs(
    description: WorkflowExecutionDescription,
    converter: DataConverter,
    now: datetime | None = None,
) -> list[PendingOutput]:
    """The case's outputs not yet delivered, oldest first. `converter` is the client's: a
    failure's message travels encrypted like the payloads (security/), and is read here."""
    now = now or datetime.now(UTC)
    outputs = [
        _output(info, await _error(info, converter), now)
        for info in description.raw_description.pending_activities
        if info.activity_type.name in OUTPUT_LABELS
    ]
    return sorted(outputs, key=lambda o: (o.since or now, o.activity))


async def _error(info: PendingActivityInfo, converter: DataConverter) -> str | None:
    if not info.HasField("last_failure"):
        return None
    failure = Failure()
    failure.CopyFrom(info.last_failure)
    try:
        error = await converter.decode_failure(failure)
    except Exception:  # a key this reader lacks: say so; a status never fails on it
        return "(an error this reader cannot decrypt)"
    return getattr(error, "message", None) or str(error) or None


def _output(info: PendingActivityInfo, error: str | None, now: datetime) -> PendingOutput:
    label = OUTPUT_LABELS[info.activity_type.name]
    # Every delivery may take DELIVERY_TIMEOUT from its first attempt (schedule-to-close), so
    # its expiration says when the case asked for it; `scheduled_time` is the latest attempt's.
    since = (
        _instant(info.expiration_time) - DELIVERY_TIMEOUT
        if info.HasField("expiration_time")
        else _instant(info.scheduled_time)
        if info.HasField("scheduled_time")
        else None
    )
    failing = bool(error) or info.attempt > 1
    last = (
        _instant(info.last_attempt_complete_time)
        if info.HasField("last_attempt_complete_time")
        else None
    )
    upcoming = (
        _instant(info.next_attempt_schedule_time)
        if info.HasField("next_attempt_schedule_time")
        else None
    )
    return PendingOutput(
        output=label,
        activity=info.activity_type.name,
        attempt=max(info.attempt, 1),
        failing=failing,
        since=since,
        last_error=error or None,
        last_attempt_at=last,
        next_attempt_at=upcoming,
        summary=_summary(label, since, now, failing, error, info.attempt, upcoming),
    )


def _summary(
    label: str,
    since: datetime | None,
    now: datetime,
    failing: bool,
    error: str | None,
    attempt: int,
    upcoming: datetime | None,
) -> str:
    age = f" for {duration(now - since)}" if since else ""
    if not failing:
        return f"{label}: being delivered{age} (first attempt)"
    reason = f" ({_shorten(error)})" if error else ""
    text = f"{label}: delivery failing{age}{reason}, attempt {attempt}"
    if upcoming:
        text += f", next try {upcoming.astimezone(SHANGHAI).strftime('%Y-%m-%d %H:%M')}"
    return text


def duration(span: timedelta) -> str:
    """A span as a supervisor says it: 40 s, 12 min, 3 h, 2 d 5 h."""
    seconds = max(int(span.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days, hours = divmod(seconds // 3600, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _shorten(error: str) -> str:
    line = error.strip().splitlines()[0] if error.strip() else error
    return line if len(line) <= ERROR_SHOWN else line[: ERROR_SHOWN - 1] + "…"


def _instant(stamp: object) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)  # type: ignore[attr-defined,no-any-return]
