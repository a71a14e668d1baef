"""Finding cases: the supervisors' filters as a Temporal visibility query, and one row per case.

The same filters serve `starter.py list`, `GET /cases` and the supervision board, and each has a
plain `temporal workflow list --query ...` equivalent (README): the query string built here is
exactly what those commands send.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from temporalio.client import (
    Client,
    WorkflowExecution,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
)
from temporalio.converter import DataConverter
from temporalio.service import RPCError

from contracts import search_attributes as sa
from contracts.case_records import PendingOutput
from procedures import registry
from service.outputs import pending_outputs

Keyword = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]

# A workflow task on its second attempt has failed once: the case's code cannot go on (a bug
# the case could not catch, an input its worker cannot read, a value the server refuses) and
# the server retries it for ever. `describe` says so exactly; the server's own search attribute
# (sa.REPORTED_PROBLEMS) lets one visibility query find the candidates.
STUCK_ATTEMPTS = 2
# Describes in flight at once while confirming stuck cases.
DESCRIBE_CONCURRENCY = 16


class CaseFilter(BaseModel):
    """Which cases: every field narrows the list; none given means every open case."""

    model_config = ConfigDict(extra="forbid")
    procedure: Keyword | None = Field(
        default=None, description="procedure name (market-objection) or ProcedureType"
    )
    stage: Keyword | None = Field(default=None, description="CaseStage, e.g. under_review")
    agency: Keyword | None = Field(default=None, description="AgencyCode")
    overdue: bool | None = Field(default=None, description="past an agency-duty deadline")
    provisional: bool | None = Field(
        default=None, description="a deadline in a year whose holiday notice is not loaded"
    )
    deadline_before: AwareDatetime | None = Field(
        default=None, description="next deadline before this instant"
    )
    deadline_after: AwareDatetime | None = Field(
        default=None, description="next deadline at or after this instant"
    )
    stuck: bool | None = Field(
        default=None,
        description="a workflow task failing again and again (the server reports the problem)",
    )
    pending_outputs: bool | None = Field(
        default=None,
        description="an output (notice, message, platform update, record write) not yet "
        "delivered; read from the server's describe of every running case the other filters "
        "leave, so narrow with them (no visibility query can say it)",
    )
    include_closed: bool = Field(default=False, description="closed cases too")


class UnknownProcedure(ValueError):
    """The filter names no procedure the engine runs."""


def visibility_query(case_filter: CaseFilter) -> str:
    """The filter as a visibility query (List Filter syntax of Temporal)."""
    clauses = []
    if case_filter.procedure:
        procedure = registry.find(case_filter.procedure)
        if procedure is None:
            known = ", ".join(p.name for p in registry.PROCEDURES)
            raise UnknownProcedure(
                f"procedure: unknown procedure {case_filter.procedure!r} (known: {known})"
            )
        clauses.append(f"{sa.PROCEDURE_TYPE.name} = '{procedure.procedure_type}'")
    else:
        # Cases only: subject records are registers, not cases (ask for `subject` to list them).
        types = ", ".join(f"'{p.procedure_type}'" for p in registry.PROCEDURES if p.is_case)
        clauses.append(f"{sa.PROCEDURE_TYPE.name} IN ({types})")
    if case_filter.stage:
        clauses.append(f"{sa.CASE_STAGE.name} = '{case_filter.stage}'")
    if case_filter.agency:
        clauses.append(f"{sa.AGENCY_CODE.name} = '{case_filter.agency}'")
    if case_filter.overdue is not None:
        clauses.append(f"{sa.OVERDUE.name} = {str(case_filter.overdue).lower()}")
    if case_filter.provisional is not None:
        clauses.append(f"{sa.DEADLINE_PROVISIONAL.name} = {str(case_filter.provisional).lower()}")
    if case_filter.deadline_before is not None:
        clauses.append(f"{sa.NEXT_DEADLINE.name} < '{_instant(case_filter.deadline_before)}'")
    if case_filter.deadline_after is not None:
        clauses.append(f"{sa.NEXT_DEADLINE.name} >= '{_instant(case_filter.deadline_after)}'")
    if case_filter.stuck is not None:
        clauses.append(f"{sa.REPORTED_PROBLEMS} IS {'NOT ' if case_filter.stuck else ''}NULL")
    if not case_filter.include_closed:
        clauses.append("ExecutionStatus = 'Running'")
    return " AND ".join(clauses)


def _instant(moment: datetime) -> str:
    return moment.isoformat()


class CaseRow(BaseModel):
    """One case as a list shows it (from its search attributes, without querying the case)."""

    case_id: str
    workflow_id: str
    procedure: str  # ProcedureType
    procedure_name: str | None  # the CLI / API name, e.g. market-objection
    stage: str | None
    stage_words: str = Field(default="-", description="the stage in words (审查中 under review)")
    agency_code: str | None
    next_deadline: datetime | None
    # Counted by the door from today (service/duty_dates.py `count_rows`): the next deadline's
    # last day and its working days left (today included) or late, provisional in a year
    # without its holiday notice.
    next_last_day: date | None = None
    working_days_left: int | None = None
    working_days_late: int | None = None
    count_provisional: bool = False
    next_deadline_words: str = ""
    # The duty of the next date when the door knows it (the designation's acceptance review day,
    # read from the case's status: the search attributes name no duty).
    next_duty: str = ""
    overdue: bool
    provisional: bool
    running: bool
    status: str  # running, completed, terminated, ...
    stuck: bool = False  # its workflow task keeps failing (confirmed by describe)
    task_attempts: int | None = None  # the failing task's attempt, when stuck
    # What it is still sending out (only read when the filter asks for pending outputs).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)
    flags: list[str]


def case_row(execution: WorkflowExecution) -> CaseRow:
    attrs = execution.typed_search_attributes
    procedure, case_id = registry.case_id_of(execution.id)
    overdue = bool(attrs.get(sa.OVERDUE))
    provisional = bool(attrs.get(sa.DEADLINE_PROVISIONAL))
    running = execution.status == WorkflowExecutionStatus.RUNNING
    status = execution.status.name.lower() if execution.status else "closed"
    flags = [
        *(["OVERDUE"] if overdue else []),
        *(["PROVISIONAL"] if provisional else []),
        *([] if running else [status]),
    ]
    return CaseRow(
        case_id=case_id,
        workflow_id=execution.id,
        procedure=attrs.get(sa.PROCEDURE_TYPE) or "",
        procedure_name=procedure.name if procedure else None,
        stage=attrs.get(sa.CASE_STAGE),
        stage_words=registry.words_of(procedure).stage_words(attrs.get(sa.CASE_STAGE)),
        agency_code=attrs.get(sa.AGENCY_CODE),
        next_deadline=attrs.get(sa.NEXT_DEADLINE),
        overdue=overdue,
        provisional=provisional,
        running=running,
        status=status,
        flags=flags,
    )


def reported_problems(execution: WorkflowExecution) -> list[str]:
    """The server's TemporalReportedProblems entries ("category=...", "cause=..."), if any."""
    payload = execution.raw_info.search_attributes.indexed_fields.get(sa.REPORTED_PROBLEMS)
    if payload is None or not payload.data:
        return []
    try:
        value = json.loads(payload.data)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class TaskHealth(BaseModel):
    """Whether a case's workflow task is failing, and what it is still sending out, from the
    server's `describe`."""

    attempts: int  # the pending workflow task's attempt (0: none pending)
    problems: list[str]  # TemporalReportedProblems, e.g. ["category=WorkflowTaskFailed", ...]
    outputs: list[PendingOutput] = Field(default_factory=list)  # service/outputs.py

    @property
    def stuck(self) -> bool:
        return self.attempts >= STUCK_ATTEMPTS

    @property
    def cause(self) -> str | None:
        for problem in self.problems:
            if problem.startswith("cause="):
                return problem.removeprefix("cause=").removeprefix("WorkflowTaskFailedCause")
        return None


async def task_health(client: Client, workflow_id: str) -> TaskHealth:
    description = await client.get_workflow_handle(workflow_id).describe()
    return await health_of(description, client.data_converter)


async def health_of(
    description: WorkflowExecutionDescription, converter: DataConverter
) -> TaskHealth:
    """`task_health` from a describe already made (a reader that checked the case's agency)."""
    raw = description.raw_description
    return TaskHealth(
        attempts=raw.pending_workflow_task.attempt if raw.HasField("pending_workflow_task") else 0,
        problems=reported_problems(description),
        outputs=await pending_outputs(description, converter),
    )


async def _describe(client: Client, rows: list[CaseRow], *, outputs: bool) -> None:
    """Mark the rows whose workflow task is failing now (the server's attribute can lag) and,
    with `outputs`, fill in what each is still sending out: one describe per row."""
    gate = asyncio.Semaphore(DESCRIBE_CONCURRENCY)

    async def describe(row: CaseRow) -> None:
        async with gate:
            try:
                health = await task_health(client, row.workflow_id)
            except RPCError:
                return
        if health.stuck:
            row.stuck = True
            row.task_attempts = health.attempts
            row.flags.insert(0, "STUCK")
        if outputs and health.outputs:
            row.pending_outputs = health.outputs
            failing = any(o.failing for o in health.outputs)
            row.flags.insert(0, "DELIVERY-FAILING" if failing else "SENDING")

    await asyncio.gather(*(describe(r) for r in rows))


def by_deadline(row: CaseRow) -> tuple[Any, ...]:
    """Next deadline first (none last), then the case id."""
    return (row.next_deadline is None, row.next_deadline or datetime.max, row.case_id)


async def list_cases(client: Client, case_filter: CaseFilter, limit: int = 10_000) -> list[CaseRow]:
    """The matching cases, sorted by next deadline. `limit` bounds what is read."""
    rows = []
    flagged = []
    async for execution in client.list_workflows(
        visibility_query(case_filter), limit=limit, page_size=1000
    ):
        row = case_row(execution)
        rows.append(row)
        if row.running and reported_problems(execution):
            flagged.append(row)
    # Only the cases the server reports are described (not one call per listed case), unless
    # pending outputs are asked for: the server keeps those for describe only.
    outputs = case_filter.pending_outputs is not None
    await _describe(client, [r for r in rows if r.running] if outputs else flagged, outputs=outputs)
    if case_filter.stuck:
        rows = [r for r in rows if r.stuck]
    if outputs:
        rows = [r for r in rows if bool(r.pending_outputs) == case_filter.pending_outputs]
    rows.sort(key=by_deadline)
    return rows
