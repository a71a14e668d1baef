"""The FastAPI application: built from the settings, a connected Temporal client, the key ring
and the holiday calendar the worker uses (so a deadline the API computes is the one a case gets).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from temporalio.client import Client

from api import board, problems
from api.keys import KeyRing
from api.routes import calendar as calendar_routes
from api.routes import cases, tools
from periods import WorkingDayCalendar
from settings import Settings

DESCRIPTION = """\
Durable workflows for the deadline-bound procedures of Quzhou's municipal agencies.

Every request carries an API key (`Authorization: Bearer <key>`). An **agency** key starts and
drives its own agency's cases; a **supervisor** key reads and lists every case, adds holiday
years, and acts on none. Errors are `application/problem+json` documents naming the field;
a request that gets one changes nothing.

Each procedure has `POST /procedures/{procedure}/cases` (start; the same case id with the same
body returns the existing case, with another body 409) and one `POST .../cases/{case_id}/{step}`
per human step — the same checks as `starter.py`; a step that arrives while the case is still
finishing its previous one is taken as soon as it has (up to 30 s, else 503: send it again).
Times are ISO 8601 with their offset;
deadlines end at 24:00 Asia/Shanghai (or the office's closing time) of their last day.
"""


def create_app(
    settings: Settings,
    client: Client,
    keys: KeyRing,
    calendar: Callable[[], WorkingDayCalendar],
) -> FastAPI:
    app = FastAPI(
        title="Quzhou procedures engine",
        version="1",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "cases", "description": "start cases and send their human steps"},
            {"name": "supervision", "description": "status, lists and the board"},
            {"name": "tools", "description": "scoring modules and deadline arithmetic"},
            {"name": "calendar", "description": "holiday years (supervisor keys)"},
        ],
    )
    app.state.settings = settings
    app.state.client = client
    app.state.keys = keys
    app.state.calendar = calendar
    problems.install(app)
    app.include_router(cases.router)
    app.include_router(tools.router)
    app.include_router(calendar_routes.router)
    app.include_router(board.router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
