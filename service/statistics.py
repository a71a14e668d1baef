"""The supervision statistics from Temporal's visibility store (no second database): every case
run of the procedures asked for, read with one visibility query on the search attributes each
case publishes (ProcedureType, AgencyCode, Overdue) and the server's own (StartTime, CloseTime,
ExecutionStatus), made a table by service/statistics_table.py; and the table as CSV and XLSX.

`starter.py statistics`, `GET /statistics(.csv|.xlsx)` and the board's statistics page use it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from temporalio.client import Client, WorkflowExecution

from contracts import search_attributes as sa
from periods import SHANGHAI, WorkingDayCalendar
from procedures import registry
from service.statistics_table import (
    BadStatisticsFilter,
    CaseRun,
    StatisticsFilter,
    StatisticsRow,
    StatisticsTable,
    cases_of,
    month_of,
    month_start,
    tabulate,
)

PAGE_SIZE = 1000
AGENCY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # as service/listing.py's filters take it
COLUMNS = (
    "procedure",
    "agency",
    "month",
    "opened",
    "closed_on_time",
    "closed_late",
    "open_overdue",
    "median_working_days_used",
    "statutory_working_days",
    "statutory_period",
)
ALL = "(all)"  # the agency and month of a procedure's total, in the files


def statistics_query(chosen: StatisticsFilter) -> str:
    """The visibility query of the cases the filter may keep (closed ones too); a bad filter
    is refused here (BadStatisticsFilter, naming the field) before anything is asked. The month of
    opening is a case's first run's start: a lower bound on StartTime keeps every run of such
    a case, an upper bound would drop a later run (handed over after the last month) that
    says how the case ended, so the last month is applied to the cases read."""
    if chosen.procedure:
        procedure = registry.find(chosen.procedure)
        if procedure is None or not procedure.is_case:
            known = ", ".join(p.name for p in registry.CASES)
            raise BadStatisticsFilter(
                f"procedure: unknown procedure {chosen.procedure!r} (known: {known})"
            )
        clauses = [f"{sa.PROCEDURE_TYPE.name} = '{procedure.procedure_type}'"]
    else:
        types = ", ".join(f"'{p.procedure_type}'" for p in registry.CASES)
        clauses = [f"{sa.PROCEDURE_TYPE.name} IN ({types})"]
    if chosen.agency:
        if not AGENCY.match(chosen.agency):
            raise BadStatisticsFilter(
                f"agency: {chosen.agency!r} is no agency code (letters, digits, '-' and '_')"
            )
        clauses.append(f"{sa.AGENCY_CODE.name} = '{chosen.agency}'")
    first = month_of(chosen.from_month, "from")
    last = month_of(chosen.to_month, "to")
    if first and last and last < first:
        raise BadStatisticsFilter(f"to: {last} is before from ({first})")
    if first:
        opening = datetime.combine(month_start(first), datetime.min.time(), SHANGHAI)
        clauses.append(f"StartTime >= '{opening.astimezone(UTC).isoformat()}'")
    return " AND ".join(clauses)


def case_run(execution: WorkflowExecution) -> CaseRun:
    attrs = execution.typed_search_attributes
    return CaseRun(
        workflow_id=execution.id,
        procedure_type=attrs.get(sa.PROCEDURE_TYPE) or "",
        agency=attrs.get(sa.AGENCY_CODE) or "",
        started=execution.start_time,
        closed=execution.close_time,
        status=execution.status.name.lower() if execution.status else "closed",
        overdue=bool(attrs.get(sa.OVERDUE)),
    )


async def read_statistics(
    client: Client, chosen: StatisticsFilter, calendar: WorkingDayCalendar
) -> StatisticsTable:
    """The table of the cases visibility lists for the filter (BadStatisticsFilter on a bad
    filter, before anything is asked)."""
    query = statistics_query(chosen)
    runs = [case_run(e) async for e in client.list_workflows(query, page_size=PAGE_SIZE)]
    return tabulate(cases_of(runs), registry.CASES, calendar, chosen)


def _cells(row: StatisticsRow) -> list[str | int | float | None]:
    return [
        row.procedure,
        row.agency or ALL,
        row.month or ALL,
        row.opened,
        row.closed_on_time,
        row.closed_late,
        row.open_overdue,
        row.median_working_days_used,
        row.statutory_working_days,
        row.statutory_period,
    ]


def table_lines(table: StatisticsTable) -> list[list[str | int | float | None]]:
    """The rows, then each procedure's total, as the files lay them out."""
    return [_cells(r) for r in [*table.rows, *table.totals]]


def as_csv(table: StatisticsTable) -> str:
    """UTF-8 CSV (an empty cell: no closed case, or no working-day period)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in table_lines(table):
        writer.writerow(["" if cell is None else cell for cell in line])
    return out.getvalue()


def as_xlsx(table: StatisticsTable) -> bytes:
    """One sheet, 'statistics': the header, the rows, then the totals; numbers as numbers."""
    # Imported here: openpyxl takes a tenth of a second, which every command would pay.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "statistics"
    sheet.append(list(COLUMNS))
    for line in table_lines(table):
        sheet.append(line)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
