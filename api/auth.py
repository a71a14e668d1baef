"""Who is calling: the API key from `Authorization: Bearer <key>` (or `X-API-Key`), or, for the
supervision board in a browser, the `qz_key` cookie that `/board/login` sets.

No key or an unknown key → 401; a known key outside its scope → 403: a supervisor key acting on
a case, an agency key in a procedure its agency does not run (checked before the body is read,
on every start and step), or on another agency's case. A key is never logged: nothing here
logs, and the server's access log is off (api.serve)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.problems import ProblemError
from security.keys import ApiKey, KeyRing, Role

COOKIE = "qz_key"


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role
    agency: str | None
    procedures: tuple[str, ...] = ()

    @property
    def supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR

    def may_act_for(self, agency_code: str | None) -> bool:
        """Agency keys act on their own agency's cases; supervisors act on none."""
        return self.role is Role.AGENCY and agency_code is not None and agency_code == self.agency

    def may_read(self, agency_code: str | None) -> bool:
        return self.supervisor or self.may_act_for(agency_code)


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or request.cookies.get(COOKIE) or None


async def caller(request: Request) -> Caller:
    """FastAPI dependency: the authenticated caller, or 401. A coroutine, though it awaits
    nothing: FastAPI runs a plain function dependency in a worker thread, a hop per request."""
    return caller_of(request)


def caller_of(request: Request) -> Caller:
    """The authenticated caller, or 401."""
    keys: KeyRing = request.app.state.keys
    key = presented_key(request)
    if key is None:
        raise ProblemError(401, "an API key is required (Authorization: Bearer <key>)")
    entry: ApiKey | None = keys.find(key)
    if entry is None:
        raise ProblemError(401, "the API key is not known")
    return Caller(
        name=entry.name, role=entry.role, agency=entry.agency, procedures=entry.procedures
    )


def require_procedure(who: Caller, procedure: str) -> None:
    """Starting a case of `procedure` or sending one of its steps: an agency key whose agency
    runs that procedure (security/keys.py, `procedures`)."""
    if who.supervisor:
        raise ProblemError(403, f"{who.name}: a supervisor key reads and lists, it acts on no case")
    if procedure not in who.procedures:
        runs = ", ".join(who.procedures) or "none"
        raise ProblemError(
            403,
            f"{who.name}: this key does not run the procedure {procedure!r} (it runs: {runs})",
        )


def acting_in(procedure: str) -> Callable[[Caller], Awaitable[Caller]]:
    """FastAPI dependency of a start or step route: the caller, who runs `procedure`, or 403 —
    before the body is validated (a key outside the procedure learns nothing of its bodies)."""

    async def dependency(who: Annotated[Caller, Depends(caller)]) -> Caller:
        require_procedure(who, procedure)
        return who

    return dependency


def require_supervisor(who: Caller) -> None:
    if not who.supervisor:
        raise ProblemError(403, f"{who.name}: only a supervisor key may do this")


def require_agency(who: Caller, agency_code: str | None) -> None:
    """Acting on a case (starting it, a human step): the case's own agency only."""
    if who.supervisor:
        raise ProblemError(403, f"{who.name}: a supervisor key reads and lists, it acts on no case")
    if not who.may_act_for(agency_code):
        raise ProblemError(
            403, f"{who.name}: an agency key acts on its own agency's cases only ({who.agency})"
        )
