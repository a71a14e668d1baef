"""The supervision statistics over HTTP: `GET /statistics` (JSON), `GET /statistics.csv` and
`GET /statistics.xlsx` (service/statistics.py). A supervisor key reads every agency; an agency
key its own agency only, as it lists cases (api/routes/supervision.py).
(No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at
runtime.)
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from temporalio.service import RPCError

from api.auth import Caller, caller
from api.problems import ProblemError, problem_responses
from api.routes.engine import client_of, engine_problem
from service.statistics import as_csv, as_xlsx, read_statistics
from service.statistics_table import BadStatisticsFilter, StatisticsFilter, StatisticsTable

router = APIRouter()
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

ERRORS = problem_responses(400, 403, 503)
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DESCRIPTION = (
    "Per procedure, agency and month of opening (Asia/Shanghai): cases opened, closed on time, "
    "closed late (an agency duty's deadline passed before the close: Overdue stayed true), open "
    "and overdue, and the median working days a closed case used (opening day not counted, "
    "民法典 第二百零一条, national calendar) against the procedure's statutory period; then "
    "each procedure's total. Read from the engine's visibility store. An agency key sees its "
    "own agency only. A bad filter is 400 naming it."
)

Procedure = Annotated[str | None, Query(description="procedure name or ProcedureType")]
Agency = Annotated[str | None, Query(description="AgencyCode")]
FromMonth = Annotated[str | None, Query(alias="from", description="first month, YYYY-MM")]
ToMonth = Annotated[str | None, Query(alias="to", description="last month, YYYY-MM")]


async def _table(
    request: Request,
    who: Annotated[Caller, Depends(caller)],
    procedure: Procedure = None,
    agency: Agency = None,
    from_month: FromMonth = None,
    to_month: ToMonth = None,
) -> StatisticsTable:
    """The table the query asks for (a dependency: the three routes take the same filters)."""
    if not who.supervisor:
        if agency is not None and agency != who.agency:
            raise ProblemError(
                403, f"agency: {who.name}: an agency key reads its own agency's statistics only"
            )
        agency = who.agency
    chosen = StatisticsFilter(
        procedure=procedure, agency=agency, from_month=from_month, to_month=to_month
    )
    try:
        return await read_statistics(client_of(request), chosen, request.app.state.calendar())
    except BadStatisticsFilter as err:
        raise ProblemError(400, str(err)) from None
    except RPCError as err:
        raise engine_problem(err, "", reading=True) from None


Table = Annotated[StatisticsTable, Depends(_table)]


def _route(
    path: str, summary: str, media_type: str | None = None
) -> Callable[[Endpoint], Endpoint]:
    """A GET route of the statistics: the same tag, description and errors; a file's route
    says its media type."""
    answer: dict[str, Any] = (
        {"response_model": StatisticsTable, "responses": ERRORS}
        if media_type is None
        else {
            "response_class": Response,
            "responses": {**ERRORS, 200: {"content": {media_type: {}}, "description": "table"}},
        }
    )
    return router.get(
        path, tags=["supervision"], summary=summary, description=DESCRIPTION, **answer
    )


@_route("/statistics", "Supervision statistics per procedure, agency and month")
async def statistics(table: Table) -> StatisticsTable:
    return table


@_route("/statistics.csv", "The supervision statistics as CSV (UTF-8)", CSV)
async def statistics_csv(table: Table) -> Response:
    return _download(as_csv(table), f"{CSV}; charset=utf-8", "csv")


@_route("/statistics.xlsx", "The supervision statistics as an XLSX workbook", XLSX)
async def statistics_xlsx(table: Table) -> Response:
    return _download(as_xlsx(table), XLSX, "xlsx")


def _download(content: str | bytes, media_type: str, suffix: str) -> Response:
    disposition = f'attachment; filename="statistics.{suffix}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
