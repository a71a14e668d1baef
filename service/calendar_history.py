"""The calendar history: ``<data dir>/holidays/history.jsonl``, one line for each year added or
removed (service/calendar_update.py): when, which year and notice, the calendar versions, who
(the API key's name or the OS user, never a key) and how many cases were signalled."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from periods import SHANGHAI, WorkingDayCalendar

HISTORY_FILE = "history.jsonl"


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


def history_line(
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
