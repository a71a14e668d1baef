"""The rounds' Temporal Schedules (issue 19): applied from the calendar, listed, triggered,
paused, backfilled. The worker applies them at start (`QZ_SCHEDULES=on`), the CLI
(`starter.py schedules ...`) against any cluster. Temporal is the scheduler: nothing here loops
or waits for a time.

Every Schedule starts the opening workflow (procedures/calendars/opening.py) with the entry's
`ScheduledRound`; the opening names the period from the scheduled time and opens the round
under its own id, so applying, triggering and backfilling are all safe to repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

from pydantic import BaseModel
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionExecutionStartWorkflow,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleBackfill,
    ScheduleCalendarSpec,
    ScheduleDescription,
    ScheduleHandle,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from contracts.rounds import (
    SCHEDULED_OPENING_WORKFLOW,
    ScheduledRound,
    round_id,
    scheduled_period,
)
from periods import SHANGHAI
from procedures.calendars.config import LAST_YEAR, CalendarEntry, load_calendar
from settings import Settings

TIME_ZONE: Final = "Asia/Shanghai"
# A round missed while the cluster was down is still opened when it comes back, up to a year
# late (the longest regular period; the triennial round is then opened by a backfill).
CATCHUP_WINDOW: Final = timedelta(days=365)
# Every opening is a short workflow made idempotent by the round's own id: two at once (a
# trigger beside the calendar's, a backfill over many periods) can do no harm, while SKIP or
# BUFFER_ONE would drop the backfilled periods that overlap. So every action runs.
OVERLAP: Final = ScheduleOverlapPolicy.ALLOW_ALL
NEXT_TIMES_SHOWN: Final = 3

Outcome = Literal["created", "updated", "unchanged"]


class ScheduleNotFound(LookupError):
    """No Schedule of that id on the cluster."""


class Applied(BaseModel):
    schedule_id: str
    outcome: Outcome


class ScheduleRow(BaseModel):
    """What `schedules list` shows of one Schedule."""

    schedule_id: str
    kind: str
    opens: str  # the round it would open next, e.g. "IP-2027"
    when: str  # the calendar in words
    clause: str
    exists: bool
    paused: bool = False
    note: str | None = None
    next_times: list[datetime] = []  # Asia/Shanghai
    last_opening: str | None = None  # the round the last action was for, and when


def configured_calendar(settings: Settings) -> tuple[CalendarEntry, ...]:
    """The calendar: `QZ_CALENDAR_FILE`, else the defaults (procedures/calendars/config.py).
    Raises CalendarFileError naming the entry and the field."""
    return load_calendar(settings.calendar_file)


def opening_workflow_id(schedule_id: str) -> str:
    # Temporal appends the scheduled time to it: one opening workflow per action.
    return f"schedule-opening-{schedule_id}"


def schedule_of(entry: CalendarEntry, task_queue: str) -> Schedule:
    """The Schedule an entry asks for (its state: running, unless an operator paused it)."""
    calendar = ScheduleCalendarSpec(
        hour=(ScheduleRange(entry.hour),),
        day_of_month=(ScheduleRange(entry.day),),
        month=(ScheduleRange(entry.month),) if entry.month else (ScheduleRange(1, 12),),
        year=(
            (ScheduleRange(entry.first_year, LAST_YEAR, entry.every_years),)
            if entry.first_year is not None
            else ()
        ),
        comment=f"{entry.clause} ({entry.seed_line})",
    )
    return Schedule(
        action=ScheduleActionStartWorkflow(
            SCHEDULED_OPENING_WORKFLOW,
            entry.scheduled_round,
            id=opening_workflow_id(entry.schedule_id),
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(calendars=[calendar], time_zone_name=TIME_ZONE),
        policy=SchedulePolicy(overlap=OVERLAP, catchup_window=CATCHUP_WINDOW),
        state=ScheduleState(note=entry.clause),
    )


async def apply_schedules(
    client: Client, entries: Sequence[CalendarEntry], task_queue: str
) -> list[Applied]:
    """Create what is missing, update what differs (keeping a pause), leave the rest alone:
    a second apply changes nothing."""
    applied = []
    for entry in entries:
        wanted = schedule_of(entry, task_queue)
        handle = client.get_schedule_handle(entry.schedule_id)
        try:
            current = await handle.describe()
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:
                raise
            try:
                await client.create_schedule(entry.schedule_id, wanted)
            except ScheduleAlreadyRunningError:
                # Another worker starting at the same moment created it first: the same
                # calendar, so this apply leaves it as it is.
                applied.append(Applied(schedule_id=entry.schedule_id, outcome="unchanged"))
                continue
            applied.append(Applied(schedule_id=entry.schedule_id, outcome="created"))
            continue
        if await _same(client, current.schedule, wanted, entry.scheduled_round):
            applied.append(Applied(schedule_id=entry.schedule_id, outcome="unchanged"))
            continue
        await handle.update(_keeping_state(wanted))
        applied.append(Applied(schedule_id=entry.schedule_id, outcome="updated"))
    return applied


def _keeping_state(wanted: Schedule) -> Callable[[ScheduleUpdateInput], ScheduleUpdate]:
    def update(given: ScheduleUpdateInput) -> ScheduleUpdate:
        # A pause (and its note) is the operator's: an apply changes the calendar only.
        wanted.state = given.description.schedule.state
        return ScheduleUpdate(schedule=wanted)

    return update


async def _same(
    client: Client, current: Schedule, wanted: Schedule, carried: ScheduledRound
) -> bool:
    action = current.action
    if not isinstance(action, ScheduleActionStartWorkflow):
        return False
    wanted_action = wanted.action
    assert isinstance(wanted_action, ScheduleActionStartWorkflow)
    if (action.workflow, action.id, action.task_queue) != (
        wanted_action.workflow,
        wanted_action.id,
        wanted_action.task_queue,
    ):
        return False
    try:
        args = await client.data_converter.decode(list(action.args), [ScheduledRound])
    except Exception:  # written by another key or another shape: replace it
        return False
    return (
        args == [carried]
        and _spec_key(current.spec) == _spec_key(wanted.spec)
        and current.policy.overlap == wanted.policy.overlap
        and current.policy.catchup_window == wanted.policy.catchup_window
    )


def _spec_key(spec: ScheduleSpec) -> tuple[object, ...]:
    return (
        [_calendar_key(c) for c in spec.calendars],
        list(spec.intervals),
        list(spec.cron_expressions),
        [_calendar_key(c) for c in spec.skip],
        spec.start_at,
        spec.end_at,
        spec.jitter or timedelta(0),
        spec.time_zone_name,
    )


def _calendar_key(calendar: ScheduleCalendarSpec) -> tuple[object, ...]:
    fields = (
        calendar.second,
        calendar.minute,
        calendar.hour,
        calendar.day_of_month,
        calendar.month,
        calendar.year,
        calendar.day_of_week,
    )
    return (*(tuple(f) for f in fields), calendar.comment)


async def list_schedules(client: Client, entries: Sequence[CalendarEntry]) -> list[ScheduleRow]:
    rows = []
    for entry in entries:
        row = ScheduleRow(
            schedule_id=entry.schedule_id,
            kind=entry.kind.value,
            opens="",
            when=entry.when(),
            clause=f"{entry.clause} ({entry.seed_line})",
            exists=False,
        )
        try:
            description = await client.get_schedule_handle(entry.schedule_id).describe()
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:
                raise
            rows.append(row)
            continue
        rows.append(_row(row, entry, description))
    return rows


def _row(row: ScheduleRow, entry: CalendarEntry, description: ScheduleDescription) -> ScheduleRow:
    info = description.info
    next_times = [t.astimezone(SHANGHAI) for t in info.next_action_times[:NEXT_TIMES_SHOWN]]
    row.exists = True
    row.paused = description.schedule.state.paused
    row.note = description.schedule.state.note
    row.next_times = next_times
    if next_times:
        row.opens = _round_for(entry, next_times[0])
    last = next(
        (
            a
            for a in reversed(info.recent_actions)
            if isinstance(a.action, ScheduleActionExecutionStartWorkflow)
        ),
        None,
    )
    if last is not None:
        at = last.scheduled_at.astimezone(SHANGHAI)
        row.last_opening = f"{_round_for(entry, at)} (scheduled {at:%Y-%m-%d %H:%M})"
    return row


def _round_for(entry: CalendarEntry, at: datetime) -> str:
    """The round an action scheduled `at` opens (the opening workflow's own rule)."""
    return round_id(entry.kind, scheduled_period(entry.kind, at.date()), entry.population)


async def _existing(client: Client, schedule_id: str) -> ScheduleHandle:
    handle = client.get_schedule_handle(schedule_id)
    try:
        await handle.describe()
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise ScheduleNotFound(f"no schedule {schedule_id}") from None
        raise
    return handle


async def trigger(client: Client, schedule_id: str) -> None:
    """Run the action now: the round of the period now is opened, unless it already was."""
    await (await _existing(client, schedule_id)).trigger(overlap=OVERLAP)


async def pause(client: Client, schedule_id: str, note: str | None) -> None:
    await (await _existing(client, schedule_id)).pause(note=note or "paused by hand")


async def unpause(client: Client, schedule_id: str, note: str | None) -> None:
    await (await _existing(client, schedule_id)).unpause(note=note or "unpaused by hand")


async def backfill(client: Client, schedule_id: str, first: date, last: date) -> None:
    """Take every action due from `first` through `last` (days in Asia/Shanghai, both
    included) as if those times passed now: each opens its period's round unless it is open."""
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    handle = await _existing(client, schedule_id)
    # The range's start is exclusive: a second before the first day, up to its last second.
    start = datetime.combine(first, time(0), tzinfo=SHANGHAI) - timedelta(seconds=1)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    await handle.backfill(
        ScheduleBackfill(start_at=start, end_at=end - timedelta(seconds=1), overlap=OVERLAP)
    )
