"""Holiday years added while the engine runs, and the calendar that follows them.

A State Council notice arrives once a year (procedures.md §0); an operator adds it with
`starter.py calendar add-year FILE` (or `POST /calendar/years`). The accepted year is stored as
``<data dir>/holidays/<year>.json`` (the format of ``periods/data/README.md`` with that single
year) and the running worker's :class:`CalendarSource` picks it up without a restart.

Pure file handling, no Temporal: the engine side (finding and signalling the cases) is in
``service/calendar_update.py``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from periods import data_file
from periods.calendar import WorkingDayCalendar, YearData, load_calendar, year_data
from periods.data_file import HolidayDataError, YearArrangement
from periods.notice import notice_problems

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "CalendarProvider",
    "CalendarSource",
    "YearStore",
    "as_provider",
    "parse_year",
]

CalendarProvider = Callable[[], WorkingDayCalendar]
"""What the activities hold: a call that returns the calendar to use now."""

# A notice is for a year of this era; anything else is a typing error, not a notice.
FIRST_YEAR = 2000
LAST_YEAR = 2099

_YEAR_FILE = re.compile(r"^(\d{4})\.json$")
log = logging.getLogger("periods.source")


def as_provider(calendar: WorkingDayCalendar | CalendarProvider) -> CalendarProvider:
    """A fixed calendar (tests, what-if computations) or a provider, as a provider."""
    if isinstance(calendar, WorkingDayCalendar):
        fixed = calendar
        return lambda: fixed
    return calendar


def parse_year(raw: object, source: str) -> tuple[int, YearArrangement]:
    """Validate one year's notice: the data-file rules (periods/data/README.md), exactly one
    year, of this era, and the shape of a State Council notice (:mod:`periods.notice`). Every
    fault raises :class:`HolidayDataError` naming its JSON path and the rule."""
    parsed = data_file.parse(raw, source)
    if len(parsed.years) != 1:
        found = ", ".join(str(y) for y in sorted(parsed.years)) or "none"
        message = f"exactly one year per file (one notice), found {found}"
        raise HolidayDataError(f"holiday data {source}: years: {message}", (("years", message),))
    ((year, arrangement),) = parsed.years.items()
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = f"{year} is not a year between {FIRST_YEAR} and {LAST_YEAR}"
        raise HolidayDataError(
            f"holiday data {source}: years.{year}: {message}", ((f"years.{year}", message),)
        )
    problems = notice_problems(year, arrangement)
    if problems:
        raise HolidayDataError(
            f"holiday data {source} is not a State Council notice (periods/data/README.md):\n"
            + "\n".join(f"  {path}: {message}" for path, message in problems),
            problems,
        )
    return year, arrangement


class YearStore:
    """The directory of added years: one ``<year>.json`` per year, written atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, year: int) -> Path:
        return self.directory / f"{year}.json"

    def files(self) -> list[Path]:
        try:
            names = sorted(os.listdir(self.directory))
        except FileNotFoundError:
            return []
        return [self.directory / n for n in names if _YEAR_FILE.match(n)]

    def arrangements(self) -> dict[int, YearArrangement]:
        """Every stored year; a file that is not one valid year named by its file name raises
        :class:`HolidayDataError`."""
        stored: dict[int, YearArrangement] = {}
        for path in self.files():
            parsed = data_file.read(path)
            expected = int(path.stem)
            if set(parsed.years) != {expected}:
                raise HolidayDataError(
                    f"holiday data file {path}: years: holds "
                    f"{sorted(parsed.years) or 'no year'}, expected only {expected}"
                )
            stored[expected] = parsed.years[expected]
        return stored

    def years(self) -> dict[int, YearData]:
        return year_data(data_file.HolidayDataFile(years=self.arrangements()))

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        """Cheap change detection: names, modification times and sizes."""
        entries = []
        for path in self.files():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # replaced under our feet: the next look sees the new file
            entries.append((path.name, stat.st_mtime_ns, stat.st_size))
        return tuple(entries)

    def write(self, year: int, arrangement: YearArrangement) -> Path:
        """Store a year (replacing a stored one): a temporary file, then an atomic rename, so
        that a reader sees the old file or the new one, never half of one."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(year)
        document = {"years": {str(year): arrangement.model_dump(mode="json")}}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with temporary.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
        return target

    def remove(self, year: int) -> Path:
        """Take a stored year out (``FileNotFoundError`` if it is not stored)."""
        target = self.path(year)
        target.unlink()
        return target


class CalendarSource:
    """The calendar of the library, the repository data, the override file and the stored years;
    reloaded when the store changes (looked at most once per ``check_interval`` seconds).

    A store that cannot be read at construction raises :class:`HolidayDataError` (the worker
    does not start on bad data); a bad file appearing later keeps the last good calendar and is
    logged (``problem`` says why) until the store changes again."""

    def __init__(
        self,
        override_file: Path | None = None,
        store: Path | None = None,
        *,
        published_before: int | None = None,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._override_file = override_file
        self.store = YearStore(store) if store is not None else None
        self._published_before = published_before
        self._interval = check_interval
        self._clock = clock
        self._lock = threading.Lock()
        self.problem: str | None = None
        self._signature = self._look()
        self._calendar = self._load()
        self._checked = clock()

    def __call__(self) -> WorkingDayCalendar:
        return self.current()

    def current(self) -> WorkingDayCalendar:
        """The calendar to use now: reloaded first if the store changed since the last look."""
        if self._clock() - self._checked < self._interval:
            return self._calendar
        return self.refresh()

    def refresh(self) -> WorkingDayCalendar:
        """Look at the store now (whatever the interval), reload if it changed."""
        with self._lock:
            self._checked = self._clock()
            signature = self._look()
            if signature != self._signature:
                self._signature = signature
                self._reload()
            return self._calendar

    def _reload(self) -> None:
        try:
            self._calendar = self._load()
            self.problem = None
        except HolidayDataError as err:
            self.problem = str(err)
            log.warning(
                "holiday data not reloaded, keeping calendar %s: %s", self._calendar.version, err
            )

    def _look(self) -> tuple[tuple[str, int, int], ...]:
        return self.store.signature() if self.store is not None else ()

    def _load(self) -> WorkingDayCalendar:
        return load_calendar(
            self._override_file,
            published_before=self._published_before,
            stored_years=self.store.years() if self.store is not None else None,
        )
