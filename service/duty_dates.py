"""What a supervisor reads next to each date of a case (issue 17 item 6): which duty it times
(review, decision, notice, service, feedback...), its last day, and how many working days are
left or late, with the stage in words. Made at the door from the case's status (the procedure's
`words.py`, joined in procedures/registry.py) and the door's count (service/working_days.py):
the same for `starter.py status`, the HTTP status replies and the board's case page."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from temporalio.client import Client, WorkflowQueryFailedError
from temporalio.service import RPCError

from contracts.case_records import CaseDeadline
from periods.phrases import day_label
from procedures.declaration import Procedure
from procedures.registry import case_id_of, words_of
from service.listing import CaseRow
from service.working_days import DayCounter, last_day_of

DateState = Literal["open", "met", "lapsed", "paused"]
STATE_WORDS: dict[DateState, str] = {
    "met": "已履行 met",
    "lapsed": "已届满 lapsed",
    "paused": "暂停计算 paused (the last day will move)",
}


class DutyDate(BaseModel):
    """One date of a case: a named deadline, or another date its procedure watches (the
    designation's quarterly acceptance review day)."""

    name: str = Field(description="the deadline's name in the case (e.g. review)")
    duty: str = Field(description="the duty it times, in words (复核 review, 公示 notice...)")
    kind: str = Field(
        description="agency_duty, party_window, party_duty, fixed_term, or date (not a deadline)"
    )
    last_day: date
    citation: str
    state: DateState
    working_days_left: int | None = Field(
        default=None,
        description="open and not past: working days from today through the last day, today "
        "included when a working day",
    )
    working_days_late: int | None = Field(
        default=None, description="open and past: working days after the last day up to today"
    )
    provisional: bool = Field(
        default=False,
        description="the count reaches a year whose State Council holiday notice is not in "
        "the data: it may change",
    )
    count_words: str = Field(
        default="", description="open: the working days left or late in words, else empty"
    )
    words: str = Field(description="the date, the duty and the count in one line")


class Supervision(BaseModel):
    """What the door adds to a case's status: the stage in words and its dates, counted from
    `today` (Asia/Shanghai) on the worker's working-day calendar."""

    today: date
    stage_words: str
    dates: list[DutyDate]


def duty_date(procedure: Procedure, item: CaseDeadline, counter: DayCounter) -> DutyDate:
    duty = str(words_of(procedure).duty(item.name))
    last_day = item.deadline.last_day
    state: DateState = (
        "met"
        if item.met_at is not None
        else "lapsed"
        if item.lapsed
        else "paused"
        if item.paused_since is not None
        else "open"
    )
    if state != "open":
        return DutyDate(
            name=item.name,
            duty=duty,
            kind=item.kind.value,
            last_day=last_day,
            citation=item.citation,
            state=state,
            words=f"{duty}: {day_label(last_day)}, {STATE_WORDS[state]}",
        )
    return _counted(item.name, duty, item.kind.value, last_day, item.citation, counter)


def _counted(
    name: str, duty: str, kind: str, last_day: date, citation: str, counter: DayCounter
) -> DutyDate:
    count = counter.left(last_day)
    return DutyDate(
        name=name,
        duty=duty,
        kind=kind,
        last_day=last_day,
        citation=citation,
        state="open",
        working_days_left=None if count.past else count.left,
        working_days_late=count.late if count.past else None,
        provisional=count.provisional,
        count_words=count.words,
        words=f"{duty}: {day_label(last_day)}, {count.words}",
    )


def supervision(procedure: Procedure, status: Any, counter: DayCounter) -> Supervision:
    """The status's stage in words and its dates: every named deadline, then the procedure's
    other dates (`Words.dates`)."""
    words = words_of(procedure)
    deadlines: list[CaseDeadline] = list(getattr(status, "deadlines", []))
    dates = [duty_date(procedure, item, counter) for item in deadlines]
    dates += [
        _counted(d.name, str(d.duty), "date", d.day, d.citation, counter)
        for d in words.dates(status)
    ]
    stage = getattr(getattr(status, "stage", None), "value", getattr(status, "stage", None))
    return Supervision(
        today=counter.today,
        stage_words=words.stage_words(str(stage) if stage else None),
        dates=dates,
    )


def count_rows(rows: Sequence[CaseRow], counter: DayCounter) -> None:
    """Each row's next deadline counted from today: its last day (24:00 ends the day before the
    instant the search attribute holds) and the working days left or late."""
    for row in rows:
        if row.next_deadline is None:
            continue
        count = counter.left(last_day_of(row.next_deadline))
        row.next_last_day = count.last_day
        row.working_days_left = None if count.past else count.left
        row.working_days_late = count.late if count.past else None
        row.count_provisional = count.provisional
        row.next_deadline_words = count.words


# Statuses read at once while looking for the dates that are not deadlines.
READ_CONCURRENCY = 16
STATUS_TIMEOUT = timedelta(seconds=10)


async def dated_rows(client: Client, rows: Sequence[CaseRow], counter: DayCounter) -> None:
    """The rows without a next deadline whose stage has another date (the designation's
    quarterly acceptance review day, 衢医保发〔2023〕8号 二(三)2): that date, read from the case's
    status (one query for each such case only), as its next date with its duty."""
    gate = asyncio.Semaphore(READ_CONCURRENCY)

    async def read(row: CaseRow, procedure: Procedure) -> None:
        async with gate:
            try:
                status = await client.get_workflow_handle(row.workflow_id).query(
                    "status", result_type=procedure.status_model, rpc_timeout=STATUS_TIMEOUT
                )
            except (RPCError, WorkflowQueryFailedError):
                return  # the list still shows the case, without the date
        for dated in words_of(procedure).dates(status)[:1]:
            count = counter.left(dated.day)
            row.next_last_day = dated.day
            row.next_duty = str(dated.duty)
            row.working_days_left = None if count.past else count.left
            row.working_days_late = count.late if count.past else None
            row.count_provisional = count.provisional
            row.next_deadline_words = f"{dated.duty}: {count.words}"

    reads = []
    for row in rows:
        procedure, _ = case_id_of(row.workflow_id)
        if (
            procedure is not None
            and row.running
            and row.next_deadline is None
            and (row.stage or "") in words_of(procedure).dated_stages
        ):
            reads.append(read(row, procedure))
    await asyncio.gather(*reads)


async def count_list(client: Client, rows: Sequence[CaseRow], counter: DayCounter) -> None:
    """What a list shows next to each case: its next deadline's (or other date's) working days
    left or late, counted from today."""
    count_rows(rows, counter)
    await dated_rows(client, rows, counter)
