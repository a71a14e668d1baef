"""The supervision statistics as a table, from what visibility says of each case (pure: no
Temporal, no clock; tested without a server in tests/test_statistics.py).

One row per procedure, agency and month of opening (Asia/Shanghai): the cases opened, closed on
time, closed late, open and overdue, and the median working days a closed case used against the
procedure's statutory period (its declaration's `statutory_working_days`). A procedure is read
from the registry's declarations: a new one needs nothing here.

- Opened: the case's first run started (a case handed over to a fresh run keeps its first run's
  start: the runs of one workflow id are one case).
- Closed on time / late: the case completed; late when its Overdue search attribute stayed true,
  i.e. an agency duty passed its deadline unmet before the case closed (kernel/deadlines.py sets
  a deadline overdue at its escalation and meeting it later does not clear it).
- Open overdue: running, with Overdue true.
- Working days used: from the day the case was opened to the day it closed, the opening day not
  counted (民法典 第二百零一条), on the national working-day calendar (`periods`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, Field

from periods import SHANGHAI, WorkingDayCalendar, working_days_between
from procedures.declaration import Procedure

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RUNNING = "running"
COMPLETED = "completed"
CONTINUED = "continued_as_new"


class BadStatisticsFilter(ValueError):
    """A filter the statistics cannot take; the message names the field."""


@dataclass(frozen=True)
class CaseRun:
    """One run of a case workflow as visibility lists it."""

    workflow_id: str
    procedure_type: str
    agency: str
    started: datetime
    closed: datetime | None
    status: str  # running, completed, continued_as_new, terminated, ...
    overdue: bool


@dataclass(frozen=True)
class Case:
    """A case: its first run's start, its last run's state."""

    procedure_type: str
    agency: str
    opened: datetime
    closed: datetime | None
    status: str
    overdue: bool

    @property
    def month(self) -> str:
        return self.opened.astimezone(SHANGHAI).strftime("%Y-%m")


def month_of(text: str | None, field: str) -> str | None:
    """A month filter 'YYYY-MM' as given, or why not (naming the field)."""
    if text is None or text == "":
        return None
    match = MONTH.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1000:
        raise BadStatisticsFilter(f"{field}: {text!r} is no month; give YYYY-MM, e.g. 2026-10")
    return text


def month_start(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


class StatisticsFilter(BaseModel):
    """Which cases: every field narrows; months are the months of opening (Asia/Shanghai)."""

    procedure: str | None = Field(default=None, description="procedure name or ProcedureType")
    agency: str | None = Field(default=None, description="AgencyCode")
    from_month: str | None = Field(default=None, description="first month of opening, YYYY-MM")
    to_month: str | None = Field(default=None, description="last month of opening, YYYY-MM")


class StatisticsRow(BaseModel):
    """One procedure, agency and month of opening (agency and month None on a total)."""

    procedure: str = Field(description="the procedure's name, e.g. market-objection")
    procedure_type: str
    agency: str | None
    month: str | None = Field(description="month of opening, YYYY-MM, Asia/Shanghai")
    opened: int
    closed_on_time: int
    closed_late: int = Field(description="closed after an agency duty's deadline had passed")
    open_overdue: int
    median_working_days_used: float | None = Field(
        description="of the cases closed: working days from opening to closing, the opening "
        "day not counted (民法典 第二百零一条), on the national calendar"
    )
    statutory_working_days: int | None = Field(
        description="the procedure's statutory period in working days (None: not counted so)"
    )
    statutory_period: str


class StatisticsTable(BaseModel):
    rows: list[StatisticsRow]
    totals: list[StatisticsRow] = Field(description="one per procedure, every agency and month")


def cases_of(runs: Iterable[CaseRun]) -> list[Case]:
    """The runs of each workflow id as one case."""
    by_id: dict[str, list[CaseRun]] = {}
    for run in runs:
        by_id.setdefault(run.workflow_id, []).append(run)
    cases = []
    for case_runs in by_id.values():
        first = min(case_runs, key=lambda r: r.started)
        # The current run: the one not handed over (the latest when every one was).
        current = max(case_runs, key=lambda r: (r.status != CONTINUED, r.started))
        cases.append(
            Case(
                procedure_type=first.procedure_type,
                agency=current.agency or first.agency,
                opened=first.started,
                closed=current.closed,
                status=current.status,
                overdue=current.overdue,
            )
        )
    return cases


def working_days_used(case: Case, calendar: WorkingDayCalendar) -> int | None:
    if case.status != COMPLETED or case.closed is None:
        return None
    opened = case.opened.astimezone(SHANGHAI).date()
    closed = case.closed.astimezone(SHANGHAI).date()
    return working_days_between(opened, closed, calendar=calendar)


def tabulate(
    cases: Iterable[Case],
    procedures: Sequence[Procedure],
    calendar: WorkingDayCalendar,
    chosen: StatisticsFilter,
) -> StatisticsTable:
    """The table of the cases `chosen` keeps, rows in the procedures' order, then by agency and
    month."""
    first = month_of(chosen.from_month, "from")
    last = month_of(chosen.to_month, "to")
    by_type = {p.procedure_type: p for p in procedures}
    groups: dict[tuple[str, str, str], list[Case]] = {}
    for case in cases:
        if case.procedure_type not in by_type:
            continue
        if (chosen.agency and case.agency != chosen.agency) or (
            chosen.procedure and chosen.procedure not in _names(by_type[case.procedure_type])
        ):
            continue
        if (first and case.month < first) or (last and case.month > last):
            continue
        groups.setdefault((case.procedure_type, case.agency, case.month), []).append(case)
    order = {p.procedure_type: i for i, p in enumerate(procedures)}
    keys = sorted(groups, key=lambda k: (order[k[0]], k[1], k[2]))
    rows = [
        _row(by_type[t], agency, month, groups[(t, agency, month)], calendar)
        for t, agency, month in keys
    ]
    totals = [
        _row(
            p,
            None,
            None,
            [c for k in keys if k[0] == p.procedure_type for c in groups[k]],
            calendar,
        )
        for p in procedures
        if any(k[0] == p.procedure_type for k in keys)
    ]
    return StatisticsTable(rows=rows, totals=totals)


def _names(procedure: Procedure) -> tuple[str, str]:
    return procedure.name, procedure.procedure_type


def _row(
    procedure: Procedure,
    agency: str | None,
    month: str | None,
    cases: Sequence[Case],
    calendar: WorkingDayCalendar,
) -> StatisticsRow:
    used = [d for d in (working_days_used(c, calendar) for c in cases) if d is not None]
    done = [c for c in cases if c.status == COMPLETED]
    return StatisticsRow(
        procedure=procedure.name,
        procedure_type=procedure.procedure_type,
        agency=agency,
        month=month,
        opened=len(cases),
        closed_on_time=sum(1 for c in done if not c.overdue),
        closed_late=sum(1 for c in done if c.overdue),
        open_overdue=sum(1 for c in cases if c.status == RUNNING and c.overdue),
        median_working_days_used=float(statistics.median(used)) if used else None,
        statutory_working_days=procedure.statutory_working_days,
        statutory_period=procedure.statutory_period,
    )
