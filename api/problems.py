"""Errors as RFC 9457 problem details (`application/problem+json`) naming the field.

Every error the API returns has `type`, `title`, `status` and `detail`; validation errors add
`errors: [{field, message}]`. Nothing is changed by a request that gets one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    422: "Unprocessable content",
    503: "Engine unavailable",
}
# What each status means here, for the OpenAPI document.
MEANINGS = {
    400: "the body is not JSON a server can read (invalid UTF-8, not JSON, nested too deep)",
    401: "no API key, or one that is not known",
    403: "the key may not do this (its role, its agency or the procedures its agency runs)",
    404: "no such case (or kind)",
    409: "the case refused the request (its stage, a conflicting start); nothing changed",
    413: "the body is larger than the limit (api.body.MAX_BODY_BYTES); it was not read",
    422: "a field is invalid: `errors` names each",
    503: "the engine did not answer in time: send the request again",
}


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """The body of every error response."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, detail: str, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route: each status answered with a problem document."""
    return {
        status: {"model": Problem, "description": MEANINGS.get(status, TITLES.get(status, ""))}
        for status in statuses
    }


def problem_response(
    status: int,
    detail: str,
    errors: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(title=TITLES.get(status, "Error"), status=status, detail=detail, errors=errors)
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="quzhou"'
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def field_problems(errors: list[Any], *, skip: int = 0) -> list[FieldProblem]:
    """Pydantic/FastAPI errors as `field: message`; `skip` drops leading location parts
    (FastAPI's 'body', 'query')."""
    problems = []
    for item in errors:
        location = [str(part) for part in item.get("loc", ())][skip:]
        if item.get("type") in ("union_tag_invalid", "union_tag_not_found"):
            # The tag names the field: pydantic reports it at the union, not at the tag.
            location.append(str(item.get("ctx", {}).get("discriminator", "")).strip("'"))
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        if item.get("type") == "missing":
            message = "is required"
        elif item.get("type") == "extra_forbidden":
            message = "is not a known field"
        problems.append(FieldProblem(field=".".join(location), message=message))
    return problems


def validation_problem(err: ValidationError) -> ProblemError:
    problems = field_problems(err.errors())
    detail = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
    return ProblemError(422, detail, problems)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.detail, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        unreadable = [e for e in exc.errors() if e.get("type") == "json_invalid"]
        if unreadable:
            # api.body answers these first; should FastAPI meet one anyway, it is still a 400
            # saying why, and never a field made of the character offset FastAPI puts in `loc`.
            reason = str(unreadable[0].get("ctx", {}).get("error", "invalid JSON"))
            return problem_response(400, f"the body is not JSON: {reason}")
        problems = []
        for item in exc.errors():
            location = [str(part) for part in item.get("loc", ())]
            # ('body', 'institution', 'uscc') → institution.uscc; ('query', 'stage') → stage
            skip = 1 if location and location[0] in ("body", "query", "path", "header") else 0
            problems += field_problems([item], skip=skip)
        detail = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
        return problem_response(422, detail, problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        detail = str(exc.detail)
        if exc.status_code == 405:
            # Starlette names the methods of the first route of the path only; a path can have
            # several routes (one per method), so Allow is every method any of them takes.
            allowed = allowed_methods(request)
            headers["Allow"] = ", ".join(allowed)
            detail = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}"
        return problem_response(exc.status_code, detail, headers=headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route takes at this path (each method tried against the routes)."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]
