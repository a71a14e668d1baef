"""Asking the open cases to recompute their deadlines after a calendar change: which cases
(a visibility query), the `recompute_deadlines` signal to each, and the history line of the
change, written whatever the signalling did."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TypedDict

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from contracts import search_attributes as sa
from contracts.case_records import RECOMPUTE_DEADLINES, RecomputeDeadlines
from procedures import registry
from service.calendar_history import CalendarChange, CalendarHistory

# Signals in flight at once: enough to reach thousands of cases in seconds, not a flood.
SIGNAL_CONCURRENCY = 50


class Announced(TypedDict):
    """What an added or a removed year reports of its signalling (CalendarUpdate and
    CalendarRemoval alike): the calendar versions, the query and the cases asked."""

    version_before: str
    version_after: str
    query: str
    signalled: list[str]
    not_signalled: list[str]


def recompute_query(year: int, *, was_published: bool) -> str:
    """The open cases whose deadlines may move when ``year``'s notice is added.

    A year that was provisional moves only provisional deadlines, and every case with an open
    provisional deadline has DeadlineProvisional = true. The NextDeadline clause adds the cases
    whose earliest open deadline is from 1 December of the year before on: a deadline is
    stamped with the calendar it was computed with, and those near the turn of the year are
    the ones an edited or late notice moves (e.g. one counted in a frozen calendar); a case
    signalled for nothing records one `deadlines_checked` event. A year that was already
    published (a corrected notice) can move deadlines that are not provisional, anywhere in a
    case (NextDeadline is only its earliest): then every open case is asked."""
    types = ", ".join(f"'{p.procedure_type}'" for p in registry.PROCEDURES if p.is_case)
    clauses = [f"{sa.PROCEDURE_TYPE.name} IN ({types})", "ExecutionStatus = 'Running'"]
    if not was_published:
        since = f"{year - 1}-12-01T00:00:00+08:00"
        clauses.append(
            f"({sa.DEADLINE_PROVISIONAL.name} = true OR {sa.NEXT_DEADLINE.name} >= '{since}')"
        )
    return " AND ".join(clauses)


async def signal_logged(
    client: Client,
    query: str,
    signal: RecomputeDeadlines,
    change: CalendarChange,
    store: Path,
) -> Announced:
    """Signal the cases and append the change to the history, whatever the signalling did."""
    history = CalendarHistory(store)
    try:
        signalled, gone = await signal_all(client, query, signal)
    except BaseException as err:
        history.append(change.model_copy(update={"problem": f"signalling failed: {err}"}))
        raise
    history.append(
        change.model_copy(update={"signalled": len(signalled), "not_signalled": len(gone)})
    )
    return Announced(
        version_before=change.version_before,
        version_after=change.version_after,
        query=query,
        signalled=signalled,
        not_signalled=gone,
    )


async def signal_all(
    client: Client, query: str, signal: RecomputeDeadlines
) -> tuple[list[str], list[str]]:
    ids = [execution.id async for execution in client.list_workflows(query, page_size=1000)]
    gate = asyncio.Semaphore(SIGNAL_CONCURRENCY)

    async def one(workflow_id: str) -> bool:
        async with gate:
            try:
                await client.get_workflow_handle(workflow_id).signal(RECOMPUTE_DEADLINES, signal)
            except RPCError as err:
                if err.status == RPCStatusCode.NOT_FOUND:
                    return False  # closed since the query: nothing left to recompute
                raise
            return True

    sent = await asyncio.gather(*(one(i) for i in ids))
    signalled = sorted(i for i, ok in zip(ids, sent, strict=True) if ok)
    gone = sorted(i for i, ok in zip(ids, sent, strict=True) if not ok)
    return signalled, gone
