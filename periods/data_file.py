"""Schema and loader of the holiday data files (``periods/data/holidays.json`` and overrides).

The format is documented in ``periods/data/README.md``. Each year in a file transcribes one
State Council General Office notice (国务院办公厅关于XXXX年部分节假日安排的通知); a year present
in a file is *published* and replaces whatever older data had for that year.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

__all__ = [
    "HolidayDataError",
    "HolidayDataFile",
    "HolidayEntry",
    "YearArrangement",
    "parse",
    "read",
]


class HolidayDataError(ValueError):
    """A holiday data file cannot be read or does not follow the documented format.

    ``problems`` lists ``(JSON path, message)`` pairs when the content is at fault (empty for an
    unreadable file), for callers that answer field by field (the HTTP API)."""

    def __init__(self, message: str, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class HolidayEntry(BaseModel):
    """One rest day of a notice (放假日), weekend days inside the holiday included."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    name: str = Field(min_length=1)


class YearArrangement(BaseModel):
    """One year's 部分节假日安排 as published by the State Council General Office."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notice: str = Field(min_length=1)
    published: dt.date
    holidays: tuple[HolidayEntry, ...] = Field(min_length=1)
    # 调休上班日: Saturdays/Sundays that the notice turns into working days.
    working_days: tuple[dt.date, ...] = ()


class HolidayDataFile(BaseModel):
    """The whole file: ``{"years": {"2027": {...}}}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    years: dict[int, YearArrangement]

    @model_validator(mode="after")
    def _consistent(self) -> HolidayDataFile:
        # Checks that need the year key, so they live here rather than on YearArrangement; the
        # messages spell out the JSON path because that is what an editor of the file looks for.
        for year, arrangement in self.years.items():
            where = f"years.{year}"
            for i, entry in enumerate(arrangement.holidays):
                if entry.date.year != year:
                    raise ValueError(f"{where}.holidays[{i}].date: {entry.date} is not in {year}")
            for i, day in enumerate(arrangement.working_days):
                if day.year != year:
                    raise ValueError(f"{where}.working_days[{i}]: {day} is not in {year}")
                if day.weekday() < 5:
                    raise ValueError(
                        f"{where}.working_days[{i}]: {day} is a {day:%A}; only Saturdays and "
                        "Sundays can be adjusted working days (Monday-Friday already are)"
                    )
            counts = Counter(entry.date for entry in arrangement.holidays)
            counts.update(arrangement.working_days)
            duplicated = sorted(day.isoformat() for day, n in counts.items() if n > 1)
            if duplicated:
                raise ValueError(
                    f"{where}: listed more than once (in holidays and/or working_days): "
                    + ", ".join(duplicated)
                )
        return self


def _problems(error: ValidationError) -> tuple[tuple[str, str], ...]:
    problems = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or "(file)"
        message = str(item["msg"])
        if path == "(file)" and message.startswith("Value error, "):
            # The cross-field checks above put the path at the start of their message.
            where, _, rest = message.removeprefix("Value error, ").partition(": ")
            path, message = (where, rest) if rest else (path, where)
        problems.append((path, message))
    return tuple(problems)


def _describe(error: ValidationError) -> str:
    return "\n".join(f"  {path}: {message}" for path, message in _problems(error))


def parse(raw: object, source: str) -> HolidayDataFile:
    """Validate already-decoded JSON (e.g. an uploaded year); problems raise
    :class:`HolidayDataError` naming ``source`` and the JSON path of each fault."""
    try:
        return HolidayDataFile.model_validate(raw)
    except ValidationError as exc:
        raise HolidayDataError(
            f"holiday data {source} does not follow the format of periods/data/README.md:\n"
            + _describe(exc),
            _problems(exc),
        ) from exc


def read(path: Path) -> HolidayDataFile:
    """Read and validate one holiday data file; any problem raises :class:`HolidayDataError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HolidayDataError(f"holiday data file {path}: cannot read: {exc}") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HolidayDataError(
            f"holiday data file {path}: not valid JSON at line {exc.lineno} column {exc.colno}: "
            f"{exc.msg}"
        ) from exc
    return parse(raw, f"file {path}")
