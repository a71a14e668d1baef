"""The national working-day calendar (工作日): published notices plus provisional years.

A day of a published year is a working day iff it is Monday-Friday and not a holiday of the
notice, or it is one of the notice's adjusted working weekends (调休上班日). A year without a
notice is provisional: weekends and the fixed dates of 全国年节及纪念日放假办法 are rest days
(procedures.md §0).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType

import chinese_calendar
from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as library_holidays
from chinese_calendar.constants import workdays as library_workdays

from periods import data_file
from periods.statutory import RULES_ID, statutory_holidays

__all__ = [
    "DATA_FILE",
    "WorkingDayCalendar",
    "YearData",
    "default_calendar",
    "load_calendar",
    "year_data",
]

DATA_FILE = Path(__file__).with_name("data") / "holidays.json"
"""The repository's data file for notices published after the installed chinesecalendar."""

# chinese_calendar stores English holiday names; human output in this project is Chinese.
_CHINESE_NAME: Mapping[str, str] = {member.value: member.chinese for member in Holiday}


@dataclass(frozen=True, slots=True)
class YearData:
    """One published year: its holidays (rest days, by name) and adjusted working weekends."""

    holidays: Mapping[date, str]
    working_days: frozenset[date]


@dataclass(frozen=True, slots=True)
class _YearTable:
    working: frozenset[date]
    ordinals: tuple[int, ...]  # sorted ordinals of ``working``, for counting with bisect


class WorkingDayCalendar:
    """Which days are working days (工作日), and how sure we are (published or provisional)."""

    def __init__(self, years: Mapping[int, YearData], *, library_version: str) -> None:
        self._years: Mapping[int, YearData] = MappingProxyType(dict(years))
        self.published_years: frozenset[int] = frozenset(self._years)
        self.version: str = f"cn-{library_version}+{_digest(self._years)}"
        # Filled lazily, one year at a time; recomputing a year twice under a race is harmless.
        self._tables: dict[int, _YearTable] = {}

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(version={self.version!r})"

    # -- per-day questions ----------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return day in self._table(day.year).working

    def is_rest_day(self, day: date) -> bool:
        """法定休息日: a weekend day that is not an adjusted working day, or a holiday."""
        return not self.is_working_day(day)

    def is_provisional(self, day: date) -> bool:
        """True when the year's State Council notice is not in the data (dates may change)."""
        return day.year not in self.published_years

    def holiday_name(self, day: date) -> str | None:
        """Chinese name of the holiday ``day`` is a rest day of (e.g. "春节"), else None."""
        year = self._years.get(day.year)
        if year is not None:
            return year.holidays.get(day)
        return statutory_holidays(day.year).get(day)

    # -- range questions used by the period arithmetic ------------------------------------

    def touches_provisional(self, first: date, last: date) -> bool:
        """True iff some day of ``first..last`` (inclusive) lies in a provisional year."""
        return any(y not in self.published_years for y in range(first.year, last.year + 1))

    def count_working_days(self, after: date, through: date) -> int:
        """Number of working days ``d`` with ``after < d <= through`` (0 if empty)."""
        if through <= after:
            return 0
        low, high = after.toordinal(), through.toordinal()
        total = 0
        for year in range(after.year, through.year + 1):
            ordinals = self._table(year).ordinals
            total += bisect_right(ordinals, high) - bisect_right(ordinals, low)
        return total

    def nth_working_day_after(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``start`` itself when n == 0)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        year, low = start.year, start.toordinal()
        while True:
            ordinals = self._table(year).ordinals
            index = bisect_right(ordinals, low)
            available = len(ordinals) - index
            if n <= available:
                return date.fromordinal(ordinals[index + n - 1])
            n -= available
            year += 1

    def nth_working_day_before(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly before ``day`` (n >= 1)."""
        if n < 1:
            raise ValueError(f"n must be >= 1, got {n}")
        year, high = day.year, day.toordinal()
        while True:
            ordinals = self._table(year).ordinals
            available = bisect_left(ordinals, high)
            if n <= available:
                return date.fromordinal(ordinals[available - n])
            n -= available
            year -= 1

    def first_working_day_from(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after its rest period."""
        return self.nth_working_day_after(day - timedelta(days=1), 1)

    # -- internals ------------------------------------------------------------------------

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._build_table(year)
            self._tables[year] = table
        return table

    def _build_table(self, year: int) -> _YearTable:
        published = self._years.get(year)
        rest: Mapping[date, str] = (
            published.holidays if published is not None else statutory_holidays(year)
        )
        adjusted = published.working_days if published is not None else frozenset[date]()
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        working = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            if (day.weekday() < 5 and day not in rest) or day in adjusted:
                working.append(ordinal)
        return _YearTable(
            working=frozenset(date.fromordinal(o) for o in working), ordinals=tuple(working)
        )


def _digest(years: Mapping[int, YearData]) -> str:
    """Short sha256 of the canonical merged data, so the version moves with any data change."""
    canonical = {
        "provisional_rules": RULES_ID,
        "years": {
            str(year): {
                "holidays": {d.isoformat(): n for d, n in sorted(data.holidays.items())},
                "working_days": sorted(d.isoformat() for d in data.working_days),
            }
            for year, data in sorted(years.items())
        },
    }
    blob = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:8]


def _library_years() -> dict[int, YearData]:
    # Built from the constants, never via chinese_calendar.is_workday: that raises
    # NotImplementedError outside the library's years (e.g. 2027).
    holidays: dict[int, dict[date, str]] = {}
    working: dict[int, set[date]] = {}
    for day, name in library_holidays.items():
        holidays.setdefault(day.year, {})[day] = _CHINESE_NAME.get(name, name)
    for day in library_workdays:
        working.setdefault(day.year, set()).add(day)
    return {
        year: YearData(
            holidays=MappingProxyType(holidays.get(year, {})),
            working_days=frozenset(working.get(year, set())),
        )
        for year in sorted(holidays.keys() | working.keys())
    }


def _file_years(path: Path) -> dict[int, YearData]:
    return year_data(data_file.read(path))


def year_data(parsed: data_file.HolidayDataFile) -> dict[int, YearData]:
    """The calendar's view of a validated data file: one :class:`YearData` per year."""
    return {
        year: YearData(
            holidays=MappingProxyType({entry.date: entry.name for entry in arrangement.holidays}),
            working_days=frozenset(arrangement.working_days),
        )
        for year, arrangement in parsed.years.items()
    }


def load_calendar(
    override_file: Path | None = None,
    *,
    published_before: int | None = None,
    stored_years: Mapping[int, YearData] | None = None,
) -> WorkingDayCalendar:
    """Merge chinesecalendar's data, ``periods/data/holidays.json``, an optional override and
    the years added while running (``stored_years``, see :mod:`periods.source`).

    Later sources replace whole years of earlier ones (a year is one notice, never merged
    day by day). Raises :class:`periods.HolidayDataError` for a missing or malformed file.

    ``published_before`` freezes the calendar at a known publication state: years
    ``>= published_before`` of the library and of the repository data file are dropped, so
    they are provisional as if their notices were not out yet. Tests and "what-if"
    computations need this so that adding a new notice to the data (or upgrading
    chinesecalendar) does not change their results. The override file is applied after the
    cut and is never filtered: it still publishes any year it contains. ``None`` (the default)
    keeps every published year. ``stored_years`` are applied last, like the override: the most
    recent act of an operator wins.
    """
    years = _library_years()
    years.update(_file_years(DATA_FILE))
    if published_before is not None:
        years = {year: data for year, data in years.items() if year < published_before}
    if override_file is not None:
        years.update(_file_years(Path(override_file)))
    if stored_years:
        years.update(stored_years)
    return WorkingDayCalendar(years, library_version=chinese_calendar.__version__)


@cache
def default_calendar() -> WorkingDayCalendar:
    """The calendar of the library and repository data, loaded once per process."""
    return load_calendar(None)
