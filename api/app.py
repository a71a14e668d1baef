"""The FastAPI application: built from the settings, a connected Temporal client, the key ring
and the holiday calendar the worker uses (so a deadline the API computes is the one a case gets).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from temporalio.client import Client

from api import board, problems
from api.body import MAX_BODY_BYTES, MAX_JSON_DEPTH, BodyLimit
from api.routes import calendar as calendar_routes
from api.routes import cases, statistics, supervision, tools
from periods import WorkingDayCalendar
from security.keys import KeyRing
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

An agency key runs only the procedures its agency runs (403 naming the procedure otherwise).
A body is at most MAX_BODY bytes (413, unread, above) of UTF-8 JSON nested at most MAX_DEPTH
levels (400 saying why otherwise). A method a path does not take is 405 with `Allow`.
""".replace("MAX_BODY", str(MAX_BODY_BYTES)).replace("MAX_DEPTH", str(MAX_JSON_DEPTH))

# Swagger UI's files come with the fastapi-offline package: /docs works without a network.
SWAGGER_ASSETS = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS = "/docs/assets"


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
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.client = client
    app.state.keys = keys
    app.state.calendar = calendar
    problems.install(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.include_router(cases.router)
    app.include_router(supervision.router)
    app.include_router(statistics.router)
    app.include_router(tools.router)
    # Adding a year is for supervisor keys (403), and the holiday data may be unreadable (503).
    app.include_router(calendar_routes.router, responses=problems.problem_responses(403, 503))
    app.include_router(board.router)
    _offline_docs(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the package's files: no CDN, no validator badge calling out."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=SWAGGER_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title=f"{app.title} - API",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},
        )


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with what the edges answer on every route: 401 (every route takes
    a key), 400 and 413 (every body, api.body), 404 (every route naming a resource in its path),
    422 (every route with parameters or a body); each error as `application/problem+json` with
    the Problem schema (FastAPI's own 422 schema is not what this API answers). A client
    generated from it knows every status the server can answer."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = FastAPI.openapi(app)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in (
        problems.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        .pop("$defs", {})
        .items()
    ):
        schemas[name] = schema
    schemas["Problem"] = {
        k: v
        for k, v in problems.Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        ).items()
        if k != "$defs"
    }
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    spec["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "the API key"},
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    }
    spec["security"] = [{"bearer": []}, {"apiKey": []}]
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            statuses = {401}
            if "requestBody" in operation:
                statuses |= {400, 413, 422}
            if "{" in path:
                statuses |= {404, 422}
            if operation.get("parameters"):
                statuses.add(422)
            for status in statuses:
                responses.setdefault(str(status), {})
            for code, response in responses.items():
                if code.isdigit() and int(code) >= 400:
                    status = int(code)
                    description = response.get("description", "")
                    if not description or description in _FASTAPI_DESCRIPTIONS:
                        description = problems.MEANINGS.get(status, problems.TITLES.get(status))
                    response.clear()
                    response["description"] = description
                    response["content"] = {problems.PROBLEM_JSON: {"schema": PROBLEM_REF}}
    app.openapi_schema = spec
    return spec


# FastAPI's generic descriptions, replaced by what the status means here.
_FASTAPI_DESCRIPTIONS = {"Validation Error", "Additional Response"} | {
    "Bad Request",
    "Unauthorized",
    "Forbidden",
    "Not Found",
    "Conflict",
    "Unprocessable Entity",
    "Service Unavailable",
}
