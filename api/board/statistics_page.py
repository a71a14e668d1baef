"""The board's statistics page, `GET /board/statistics` (a table and a bar chart per month), and
its downloads `GET /board/statistics.csv|.xlsx` (the board's cookie is scoped to /board); the
same filters and the same agency rule as `GET /statistics` (api/routes/statistics.py)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from temporalio.service import RPCError

from api.auth import Caller
from api.board.pages import SECURITY_HEADERS, error_page, page
from api.board.session import signed_in, to_login
from api.board.statistics_view import chart, lines, query_string
from api.board.views import shanghai_time
from periods import SHANGHAI
from procedures import registry
from service.statistics import as_csv, as_xlsx, read_statistics
from service.statistics_table import BadStatisticsFilter, StatisticsFilter, StatisticsTable

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _chosen(request: Request, who: Caller) -> StatisticsFilter:
    params = request.query_params
    agency = (params.get("agency") or "").strip() or None
    if not who.supervisor:
        if agency is not None and agency != who.agency:
            raise Refused(403, f"agency: an agency key sees its own agency only ({who.agency})")
        agency = who.agency
    return StatisticsFilter(
        procedure=(params.get("procedure") or "").strip() or None,
        agency=agency,
        from_month=(params.get("from") or "").strip() or None,
        to_month=(params.get("to") or "").strip() or None,
    )


async def _read(request: Request, who: Caller) -> tuple[StatisticsFilter, StatisticsTable]:
    chosen = _chosen(request, who)
    try:
        table = await read_statistics(
            request.app.state.client, chosen, request.app.state.calendar()
        )
    except BadStatisticsFilter as err:
        raise Refused(400, str(err)) from None
    except RPCError as err:
        raise Refused(503, f"the engine could not list the cases: {err.message}") from None
    return chosen, table


async def _signed_table(
    request: Request,
) -> tuple[Caller, StatisticsFilter, StatisticsTable] | Response:
    """Who asks and the table asked for, or the page to answer with instead (the login form,
    an error page)."""
    who = signed_in(request)
    if who is None:
        return to_login(request)
    try:
        chosen, table = await _read(request, who)
    except Refused as err:
        return error_page(err.status, err.detail, who)
    return who, chosen, table


@router.get("/board/statistics")
async def statistics_page(request: Request) -> Response:
    read = await _signed_table(request)
    if isinstance(read, Response):
        return read
    who, chosen, table = read
    query = query_string(
        {
            "procedure": chosen.procedure,
            "agency": chosen.agency if who.supervisor else None,
            "from": chosen.from_month,
            "to": chosen.to_month,
        }
    )
    return page(
        "statistics.html",
        who=who,
        chosen=chosen,
        choices=[(p.name, p.title) for p in registry.CASES],
        lines=lines(table),
        chart=chart(table),
        query=query,
        generated_at=shanghai_time(datetime.now(SHANGHAI)),
    )


@router.get("/board/statistics.csv")
async def statistics_csv(request: Request) -> Response:
    return await _download(request, "csv")


@router.get("/board/statistics.xlsx")
async def statistics_xlsx(request: Request) -> Response:
    return await _download(request, "xlsx")


async def _download(request: Request, kind: str) -> Response:
    read = await _signed_table(request)
    if isinstance(read, Response):
        return read
    table = read[2]
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="statistics.{kind}"',
    }
    if kind == "csv":
        return Response(as_csv(table), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(as_xlsx(table), media_type=XLSX, headers=headers)
