"""Holiday years over HTTP: `GET /calendar` (any key) and `POST /calendar/years` (supervisor
keys), the same as `starter.py calendar show` / `calendar add-year` (service/calendar_update.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from api.auth import Caller, caller, require_supervisor
from api.problems import FieldProblem, ProblemError
from periods import HolidayDataError
from periods.source import CalendarSource
from service import calendar_update
from service.calendar_update import CalendarShow, CalendarUpdate

router = APIRouter(tags=["calendar"])

YEAR_EXAMPLE = {
    "years": {
        "2027": {
            "notice": "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)",
            "published": "2026-11-05",
            "holidays": [{"date": "2027-01-01", "name": "元旦"}],
            "working_days": [],
        }
    }
}


def _source(request: Request) -> CalendarSource:
    """The worker's calendar source when the app was given one, else one from the settings."""
    calendar = request.app.state.calendar
    if isinstance(calendar, CalendarSource) and calendar.store is not None:
        return calendar
    return calendar_update.calendar_source(request.app.state.settings)


def _invalid(err: HolidayDataError) -> ProblemError:
    problems = [FieldProblem(field=path, message=message) for path, message in err.problems]
    detail = "; ".join(f"{p.field}: {p.message}" for p in problems) or str(err)
    return ProblemError(422, detail, problems or None)


@router.get("/calendar", response_model=CalendarShow, summary="the holiday calendar")
async def show_calendar(request: Request, who: Annotated[Caller, Depends(caller)]) -> CalendarShow:
    """Published and provisional years, the calendar version, the years added."""
    try:
        return calendar_update.show(_source(request))
    except HolidayDataError as err:
        raise ProblemError(503, f"the holiday data cannot be read: {err}") from None


@router.post(
    "/calendar/years",
    status_code=201,
    response_model=CalendarUpdate,
    summary="add a year's holiday notice (supervisor keys)",
)
async def add_year(
    request: Request,
    body: Annotated[Any, Body(examples=[YEAR_EXAMPLE])],
    who: Annotated[Caller, Depends(caller)],
) -> CalendarUpdate:
    """The body is a holiday data file with exactly one year (periods/data/README.md). It is
    stored, the calendar version moves, and every open case with a provisional or affected
    deadline recomputes it. Posting the same year again is accepted and changes nothing."""
    require_supervisor(who)
    try:
        calendar_update.validate_year(body)
        return await calendar_update.add_year(
            request.app.state.settings, request.app.state.client, body, source=_source(request)
        )
    except HolidayDataError as err:
        raise _invalid(err) from None
