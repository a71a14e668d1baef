"""Adding (and taking back) a year's holiday notice while the engine runs (issues 7 and 14).

`starter.py calendar add-year FILE` and `POST /calendar/years` both call :func:`add_year`:
validate the year (periods/data/README.md, one year per file, the shape of a State Council
notice: periods/notice.py), store it under ``<data dir>/holidays/<year>.json``, and signal
`recompute_deadlines` to every open case whose deadlines may move. `calendar remove-year YEAR` /
`DELETE /calendar/years/{year}` (:func:`remove_year`) take a stored year out again and signal the
same way. Each add and removal appends one line to ``<data dir>/holidays/history.jsonl``: when,
which year and notice, the calendar versions, who (the API key's name or the OS user, never a
key) and how many cases were signalled (service/calendar_history.py; the query and the signals:
service/recompute.py).

The worker's :class:`periods.source.CalendarSource` reads the same store, so the recomputation
uses the new year without a restart. The CLI, the API and the workers must therefore share the
data directory (on a cluster: a shared volume, or run the command where the workers' data
directory is).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel
from temporalio.client import Client

from contracts.case_records import RecomputeDeadlines
from periods import SHANGHAI, WorkingDayCalendar
from periods.data_file import YearArrangement
from periods.notice import notice_problems
from periods.source import CalendarSource, parse_year
from service.calendar_history import Actor, CalendarChange, CalendarHistory, history_line
from service.recompute import recompute_query, signal_logged
from settings import Settings

HOLIDAY_STORE = "holidays"


def calendar_source(settings: Settings, *, published_before: int | None = None) -> CalendarSource:
    """The calendar the worker uses: the data, the override file and the stored years."""
    return CalendarSource(
        settings.holiday_override_file,
        settings.data_dir / HOLIDAY_STORE,
        published_before=published_before,
    )


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
    change = history_line("add-year", year, arrangement.notice, before, after, by)
    announced = await signal_logged(client, query, signal, change, store.directory)
    return CalendarUpdate(
        year=year,
        notice=arrangement.notice,
        published=arrangement.published,
        stored_file=str(path),
        changed=stored_before != arrangement,
        was_published=year in before.published_years,
        **announced,
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
    change = history_line("remove-year", year, arrangement.notice, before, after, by)
    announced = await signal_logged(client, query, signal, change, store.directory)
    return CalendarRemoval(
        year=year,
        notice=arrangement.notice,
        removed_file=str(path),
        now="shipped" if year in after.published_years else "provisional",
        **announced,
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
