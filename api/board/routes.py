"""The board's routes: the open cases, one case's timeline and its documents, the login form
and signing out. A page without a valid key redirects to the login form."""

from __future__ import annotations

import mimetypes
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from temporalio.client import Client
from temporalio.service import RPCError

from api.board.filters import BadFilter, OtherAgency, board_filter, filter_form
from api.board.outbox import document_names, outbox_file, plain_file_name
from api.board.pages import SECURITY_HEADERS, error_page, page
from api.board.reading import CaseUnreadable, read_case
from api.board.rows import board_counts, case_groups
from api.board.session import LOGIN, LOGOUT, forget_key, form_key, keep_key, signed_in, to_login
from api.board.timeline import timeline
from api.board.views import shanghai_time
from api.counting import day_counter
from periods import SHANGHAI
from procedures import registry
from service.duty_dates import count_list
from service.listing import UnknownProcedure, health_of, list_cases
from settings import Settings

router = APIRouter(include_in_schema=False)


@router.get("/board")
async def board_page(request: Request) -> Response:
    who = signed_in(request)
    if who is None:
        return to_login(request)
    try:
        case_filter = board_filter(request.query_params, who)
    except BadFilter as err:
        return error_page(400, str(err), who)
    except OtherAgency as err:
        return error_page(403, str(err), who)
    client: Client = request.app.state.client
    try:
        rows = await list_cases(client, case_filter)
    except UnknownProcedure as err:
        return error_page(400, str(err), who)
    except RPCError as err:
        return error_page(503, f"the engine could not list the cases: {err.message}", who)
    rows = [r for r in rows if registry.find(r.procedure) is not None]
    # The working days left or late, counted here from today in Asia/Shanghai.
    await count_list(client, rows, day_counter(request))
    return page(
        "board.html",
        who=who,
        counts=board_counts(rows),
        generated_at=shanghai_time(datetime.now(SHANGHAI)),
        form=filter_form(case_filter, who),
        groups=case_groups(rows),
    )


@router.get("/board/cases/{workflow_id}")
async def case_page(request: Request, workflow_id: str) -> Response:
    who = signed_in(request)
    if who is None:
        return to_login(request)
    try:
        view = await read_case(request, who, workflow_id)
    except CaseUnreadable as err:
        return error_page(err.status, err.detail, who)
    client: Client = request.app.state.client
    settings: Settings = request.app.state.settings
    health = await health_of(view.description, client.data_converter)
    case = timeline(view, workflow_id, health, settings.outbox, day_counter(request))
    return page("timeline.html", who=who, case=case)


@router.get("/board/cases/{workflow_id}/documents/{name}")
async def case_document(request: Request, workflow_id: str, name: str) -> Response:
    """A document the case lists, read from the outbox: only a file the case names, only under
    the outbox folder."""
    who = signed_in(request)
    if who is None:
        return to_login(request)
    if not plain_file_name(name):
        return error_page(404, "no such document", who)
    try:
        view = await read_case(request, who, workflow_id)
    except CaseUnreadable as err:
        return error_page(err.status, err.detail, who)
    settings: Settings = request.app.state.settings
    path = outbox_file(document_names(view.status), name, settings.outbox)
    if path is None:
        return error_page(404, "no such document", who)
    media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    if media_type.startswith("text/") or media_type == "application/json":
        media_type += "; charset=utf-8"
    headers = {
        **SECURITY_HEADERS,
        # Documents are the engine's own renderings; still, nothing in them runs here.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    }
    return Response(path.read_bytes(), media_type=media_type, headers=headers)


def login_page(error: str | None = None, status_code: int = 200) -> HTMLResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="quzhou"'} if status_code == 401 else None
    return page("login.html", who=None, status_code=status_code, headers=headers, error=error)


@router.get(LOGIN)
async def login_form() -> HTMLResponse:
    return login_page()


@router.post(LOGIN)
async def login(request: Request) -> Response:
    key = await form_key(request)
    if not key:
        return login_page("请输入 API 密钥. Enter an API key.", status_code=401)
    if request.app.state.keys.find(key) is None:
        # The key typed is not repeated back, nor logged.
        return login_page("API 密钥无效. The API key is not known.", status_code=401)
    return keep_key(request, key)


@router.post(LOGOUT)
async def logout() -> Response:
    return forget_key()
