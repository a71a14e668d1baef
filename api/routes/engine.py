"""The case routes' way to the engine: the app's client, a case's description (its agency, what
it is still sending out), the agency a case's status names, and the engine's errors as the
problems the routes answer."""

from typing import Any

from fastapi import Request
from pydantic import BaseModel
from temporalio.client import Client, WorkflowExecutionDescription, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode

from api.problems import ProblemError
from contracts import search_attributes as sa
from procedures.declaration import Procedure


def client_of(request: Request) -> Client:
    client: Client = request.app.state.client
    return client


async def describe(
    handle: WorkflowHandle[Any, Any], case_id: str, api: Procedure | None
) -> WorkflowExecutionDescription:
    try:
        return await handle.describe()
    except RPCError as err:
        raise engine_problem(err, case_id, api.name if api else None, reading=True) from None


def agency_of(description: WorkflowExecutionDescription) -> str | None:
    return description.typed_search_attributes.get(sa.AGENCY_CODE)


def status_agency(api: Procedure, status: BaseModel) -> str | None:
    """The agency owning a case, read from its status query's result: the code itself where the
    status names it (a designation's `agency_code`), else the case file the status carries,
    read as the declaration reads a case file (`agency_of`). The same code the case upserts as
    its AgencyCode, so a status read needs no `describe` for the key's check."""
    code = getattr(status, "agency_code", None)
    if isinstance(code, str):
        return code
    case = getattr(status, "case", None)
    return api.agency_of(case) if case is not None else None


def engine_problem(
    err: RPCError, case_id: str, procedure: str | None = None, *, reading: bool = False
) -> ProblemError:
    """A read the engine does not answer is 503 (try again); a start or step it refuses, 409."""
    if err.status == RPCStatusCode.NOT_FOUND:
        what = f"{procedure} case" if procedure else "case"
        return ProblemError(404, f"no {what} {case_id}")
    if reading or err.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
        return ProblemError(503, f"the engine did not answer: {err.message}")
    return ProblemError(409, f"the engine refused the request: {err.message}")
