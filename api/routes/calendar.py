"""Holiday years over HTTP: `GET /calendar` (any key), `POST /calendar/years` and
`DELETE /calendar/years/{year}` (supervisor keys), the same as `starter.py calendar show` /
`calendar add-year` / `calendar remove-year` (service/calendar_update.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request

from api.auth import Caller, caller, require_supervisor
from api.problems import FieldProblem, ProblemError
from periods import HolidayDataError
from periods.source import CalendarSource
from service import calendar_update
from service.calendar_history import Actor
from service.calendar_update import CalendarRemoval, CalendarShow, CalendarUpdate

router = APIRouter(tags=["calendar"])


def _block(name: str, first: date, last: date) -> list[dict[str, str]]:
    days = (last - first).days + 1
    return [{"date": (first + timedelta(days=i)).isoformat(), "name": name} for i in range(days)]


# The real 2026 notice, complete (国办发明电〔2025〕7号 of 4 November 2025, as chinesecalendar
# 1.11.0 has it): an example that passes because it is a notice, not a placeholder that would.
YEAR_EXAMPLE: dict[str, Any] = {
    "years": {
        "2026": {
            "notice": "国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号)",
            "published": "2025-11-04",
            "holidays": [
                *_block("元旦", date(2026, 1, 1), date(2026, 1, 3)),
                *_block("春节", date(2026, 2, 15), date(2026, 2, 23)),
                *_block("清明", date(2026, 4, 4), date(2026, 4, 6)),
                *_block("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
                *_block("端午", date(2026, 6, 19), date(2026, 6, 21)),
                *_block("中秋", date(2026, 9, 25), date(2026, 9, 27)),
                *_block("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
            ],
            "working_days": [
                "2026-01-04",
                "2026-02-14",
                "2026-02-28",
                "2026-05-09",
                "2026-09-20",
                "2026-10-10",
            ],
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
    """The body is a holiday data file with exactly one year (periods/data/README.md) in the
    shape of a State Council notice: its document number 国办发明电〔YYYY〕N号, every festival of
    全国年节及纪念日放假办法 (2024) 第二条 with its statutory days, adjusted working days on
    weekends outside the holidays; anything else is refused (422) naming the rule. It is stored,
    the calendar version moves, every open case with a provisional or affected deadline
    recomputes it, and the calendar history records the key's name. Posting the same year again
    is accepted and changes nothing."""
    require_supervisor(who)
    try:
        calendar_update.validate_year(body)
        return await calendar_update.add_year(
            request.app.state.settings,
            request.app.state.client,
            body,
            by=Actor(via="http", name=who.name),
            source=_source(request),
        )
    except HolidayDataError as err:
        raise _invalid(err) from None


@router.delete(
    "/calendar/years/{year}",
    response_model=CalendarRemoval,
    summary="take back a year added with POST /calendar/years (supervisor keys)",
)
async def remove_year(
    request: Request,
    year: Annotated[int, Path(description="the year added, e.g. 2027")],
    who: Annotated[Caller, Depends(caller)],
) -> CalendarRemoval:
    """The stored year is removed: the year is the shipped data's again, or provisional, the
    calendar version moves back, and every open case recomputes its deadlines; the calendar
    history records the key's name. 404 when the year was not added with add-year (shipped
    years cannot be removed)."""
    require_supervisor(who)
    source = _source(request)
    try:
        calendar_update.check_removable(source, year)
        return await calendar_update.remove_year(
            request.app.state.settings,
            request.app.state.client,
            year,
            by=Actor(via="http", name=who.name),
            source=source,
        )
    except calendar_update.NotStored as err:
        raise ProblemError(404, str(err)) from None
    except HolidayDataError as err:
        raise ProblemError(503, f"the holiday data cannot be read: {err}") from None
