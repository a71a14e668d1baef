"""Adding (and taking back) a year's holiday notice while the engine runs (issues 7 and 14).

`starter.py calendar add-year FILE` and `POST /calendar/years` both call :func:`add_year`:
validate the year (periods/data/README.md, one year per file, the shape of a State Council
notice: periods/notice.py), store it under ``<data dir>/holidays/<year>.json``, and signal
`recompute_deadlines` to every open case whose deadlines may move. `calendar remove-year YEAR` /
`DELETE /calendar/years/{year}` (:func:`remove_year`) take a stored year out again and signal the
same way. Each add and removal appends one line to ``<data dir>/holidays/history.jsonl``: when,
which year and notice, the calendar versions, who (the API key's name or the OS user, never a
key) and how many cases were signalled.

The worker's :class:`periods.source.CalendarSource` reads the same store, so the recomputation
uses the new year without a restart. The CLI, the API and the workers must therefore share the
data directory (on a cluster: a shared volume, or run the command where the workers' data
directory is).
"""

from __future__ import annotations

import asyncio
import os
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from contracts import search_attributes as sa
from contracts.case_records import RECOMPUTE_DEADLINES, RecomputeDeadlines
from periods import SHANGHAI, WorkingDayCalendar
from periods.data_file import YearArrangement
from periods.notice import notice_problems
from periods.source import CalendarSource, parse_year
from procedures import registry
from settings import Settings

HOLIDAY_STORE = "holidays"
HISTORY_FILE = "history.jsonl"
# Signals in flight at once: enough to reach thousands of cases in seconds, not a flood.
SIGNAL_CONCURRENCY = 50


def calendar_source(settings: Settings, *, published_before: int | None = None) -> CalendarSource:
    """The calendar the worker uses: the data, the override file and the stored years."""
    return CalendarSource(
        settings.holiday_override_file,
        settings.data_dir / HOLIDAY_STORE,
        published_before=published_before,
    )


class Actor(BaseModel):
    """Who changed the calendar: an API key's name (over HTTP) or the OS user (the CLI).
    Never the key itself."""

    via: Literal["http", "cli"]
    name: str


class CalendarChange(BaseModel):
    """One line of the calendar history: an added or removed year."""

    at: datetime
    action: Literal["add-year", "remove-year"]
    year: int
    notice: str
    version_before: str
    version_after: str
    via: Literal["http", "cli"]
    by: str
    # Cases asked to recompute; None when signalling failed (``problem`` says why): the year
    # is stored or removed all the same, and repeating the command signals them again.
    signalled: int | None
    not_signalled: int = 0
    problem: str | None = None


class CalendarHistory:
    """``<store>/history.jsonl``: one JSON object per line, appended, never rewritten."""

    def __init__(self, store: Path) -> None:
        self.path = Path(store) / HISTORY_FILE

    def append(self, change: CalendarChange) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: concurrent writers (CLI and API) each add whole lines.
        line = (change.model_dump_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def entries(self) -> list[CalendarChange]:
        """Every change, oldest first; a line that is not a change (hand-edited) is skipped."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        changes = []
        for line in lines:
            try:
                changes.append(CalendarChange.model_validate_json(line))
            except ValidationError:
                continue
        return changes


class NotStored(LookupError):
    """remove-year of a year that was not added with add-year (nothing changed)."""


class CalendarUpdate(BaseModel):
    """What adding a year did: the calendar versions and the cases asked to recompute."""

    year: int
    notice: str
    published: date
    stored_file: str
    # False: this very data was already stored for the year (the add is repeated, e.g. a
    # retried request); the cases are signalled again all the same (see `add_year`).
    changed: bool
    # Whether the year was published before (then the notice replaces a published year).
    was_published: bool
    version_before: str
    version_after: str
    query: str
    signalled: list[str]
    # Cases that closed between the query and their signal.
    not_signalled: list[str] = []


class CalendarShow(BaseModel):
    """The calendar as the worker sees it: `starter.py calendar show`, `GET /calendar`."""

    version: str
    published_from: int
    published_through: int
    # This year and the next two, where unpublished; every later year is provisional too.
    provisional_years: list[int]
    stored_years: dict[int, str]  # year -> notice, added with add-year
    # Stored years that add-year would refuse today (stored before the notice rule, or put
    # there by hand): year -> what is wrong. `calendar remove-year` takes them out.
    stored_problems: dict[int, list[str]] = {}
    stored_files: list[str]
    store: str
    history: list[CalendarChange] = []


class CalendarRemoval(BaseModel):
    """What removing a stored year did."""

    year: int
    notice: str  # the notice taken out
    removed_file: str
    # What the year is now: the shipped data (chinesecalendar, periods/data, the override
    # file) or provisional (weekends and the statutory days only).
    now: Literal["shipped", "provisional"]
    version_before: str
    version_after: str
    query: str
    signalled: list[str]
    not_signalled: list[str] = []


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


def validate_year(raw: object, source: str = "(request body)") -> tuple[int, YearArrangement]:
    """The year and its notice, or :class:`periods.HolidayDataError` naming each JSON path."""
    return parse_year(raw, source)


async def add_year(
    settings: Settings,
    client: Client,
    raw: object,
    *,
    by: Actor,
    source: CalendarSource | None = None,
    label: str = "(request body)",
) -> CalendarUpdate:
    """Validate, store, and have the open cases recompute their deadlines.

    ``source`` is the calendar the workers use (default: from the settings; tests pass one
    frozen with ``published_before``) so that the version announced is the one they compute.
    Adding the same data again is not refused: it changes no version, and the cases are
    signalled again so that a retry after an interrupted run reaches every case; a case whose
    deadlines already carry the version only records that they were checked.
    """
    year, arrangement = validate_year(raw, label)
    source = source or calendar_source(settings)
    store = source.store
    assert store is not None, "a calendar source with a holiday store"
    before = source.refresh()
    stored_before = store.arrangements().get(year)
    path = store.write(year, arrangement)
    after = source.refresh()
    query = recompute_query(year, was_published=year in before.published_years)
    signal = RecomputeDeadlines(
        reason=f"holiday year {year} added: {arrangement.notice}",
        calendar_version=after.version,
        notice=arrangement.notice,
    )
    change = _history_line("add-year", year, arrangement.notice, before, after, by)
    signalled, gone = await _signal_logged(client, query, signal, change, store.directory)
    return CalendarUpdate(
        year=year,
        notice=arrangement.notice,
        published=arrangement.published,
        stored_file=str(path),
        changed=stored_before != arrangement,
        was_published=year in before.published_years,
        version_before=before.version,
        version_after=after.version,
        query=query,
        signalled=signalled,
        not_signalled=gone,
    )


async def remove_year(
    settings: Settings,
    client: Client,
    year: int,
    *,
    by: Actor,
    source: CalendarSource | None = None,
) -> CalendarRemoval:
    """Take a year added with add-year out of the store; every open case recomputes.

    Only stored years: the shipped data (chinesecalendar, periods/data/holidays.json, the
    override file) is not an operator's act to take back. A year that is not stored raises
    :class:`NotStored` and changes nothing. After the removal the year is the shipped data's
    again, or provisional; the deadlines computed with the stored notice can move anywhere in a
    case, so every open case is asked (as for a corrected published year)."""
    source = source or calendar_source(settings)
    store = source.store
    assert store is not None, "a calendar source with a holiday store"
    check_removable(source, year)
    before = source.refresh()
    arrangement = store.arrangements().get(year)
    try:
        if arrangement is None:
            raise FileNotFoundError(year)
        path = store.remove(year)
    except FileNotFoundError:  # removed by another command since the check
        raise NotStored(f"year {year} was not added with add-year: nothing to remove") from None
    after = source.refresh()
    query = recompute_query(year, was_published=True)
    signal = RecomputeDeadlines(
        reason=f"holiday year {year} removed: {arrangement.notice}",
        calendar_version=after.version,
    )
    change = _history_line("remove-year", year, arrangement.notice, before, after, by)
    signalled, gone = await _signal_logged(client, query, signal, change, store.directory)
    return CalendarRemoval(
        year=year,
        notice=arrangement.notice,
        removed_file=str(path),
        now="shipped" if year in after.published_years else "provisional",
        version_before=before.version,
        version_after=after.version,
        query=query,
        signalled=signalled,
        not_signalled=gone,
    )


def _history_line(
    action: Literal["add-year", "remove-year"],
    year: int,
    notice: str,
    before: WorkingDayCalendar,
    after: WorkingDayCalendar,
    by: Actor,
) -> CalendarChange:
    """The calendar history's line of a change, before the signalling says how it went."""
    return CalendarChange(
        at=datetime.now(SHANGHAI),
        action=action,
        year=year,
        notice=notice,
        version_before=before.version,
        version_after=after.version,
        via=by.via,
        by=by.name,
        signalled=None,
    )


def check_removable(source: CalendarSource, year: int) -> None:
    """:class:`NotStored` unless ``year`` was added with add-year (checked before connecting)."""
    store = source.store
    assert store is not None, "a calendar source with a holiday store"
    if year in store.arrangements():
        return
    if year in source.refresh().published_years:
        raise NotStored(
            f"year {year} is shipped data (chinesecalendar, periods/data/holidays.json or the "
            "override file), not a year added with add-year: only added years can be removed"
        )
    raise NotStored(f"year {year} was not added with add-year: nothing to remove")


async def _signal_logged(
    client: Client,
    query: str,
    signal: RecomputeDeadlines,
    change: CalendarChange,
    store: Path,
) -> tuple[list[str], list[str]]:
    """Signal the cases and append the change to the history, whatever the signalling did."""
    history = CalendarHistory(store)
    try:
        signalled, gone = await _signal_all(client, query, signal)
    except BaseException as err:
        history.append(change.model_copy(update={"problem": f"signalling failed: {err}"}))
        raise
    history.append(
        change.model_copy(update={"signalled": len(signalled), "not_signalled": len(gone)})
    )
    return signalled, gone


async def _signal_all(
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


def show(source: CalendarSource) -> CalendarShow:
    calendar: WorkingDayCalendar = source.refresh()
    store = source.store
    assert store is not None
    published = sorted(calendar.published_years)
    stored = store.arrangements()
    this_year = datetime.now(SHANGHAI).year
    return CalendarShow(
        version=calendar.version,
        published_from=published[0] if published else this_year,
        published_through=published[-1] if published else this_year - 1,
        provisional_years=[
            y for y in range(this_year, this_year + 3) if y not in calendar.published_years
        ],
        stored_years={y: a.notice for y, a in sorted(stored.items())},
        stored_problems={
            y: [f"{path}: {message}" for path, message in problems]
            for y, a in sorted(stored.items())
            if (problems := notice_problems(y, a))
        },
        stored_files=[str(p) for p in store.files()],
        store=str(store.directory),
        history=CalendarHistory(store.directory).entries(),
    )
