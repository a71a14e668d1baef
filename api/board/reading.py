"""Reading one case for its page: the server's describe (which names the case's agency, so the
caller's right to read it is checked before anything else) and the case's `status` query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request
from pydantic import BaseModel
from temporalio.client import Client, WorkflowExecutionDescription, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import Caller
from contracts import search_attributes as sa
from procedures import registry

QUERY_TIMEOUT = timedelta(seconds=10)


@dataclass(frozen=True)
class CaseView:
    """What the timeline page needs, whatever the procedure."""

    procedure: registry.Procedure
    agency: str | None
    status: BaseModel
    description: WorkflowExecutionDescription  # the describe that found the agency


class CaseUnreadable(Exception):
    """Why a case's page cannot be shown: its HTTP status (404, 403, 503) and the reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


async def read_case(request: Request, who: Caller, workflow_id: str) -> CaseView:
    """The case's status, if the caller may read it; CaseUnreadable otherwise."""
    procedure, _ = registry.case_id_of(workflow_id)
    if procedure is None:
        raise CaseUnreadable(404, f"no case {workflow_id!r}")
    client: Client = request.app.state.client
    handle = client.get_workflow_handle(workflow_id)
    try:
        description = await handle.describe(rpc_timeout=QUERY_TIMEOUT)
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise CaseUnreadable(404, f"no case {workflow_id!r}") from None
        raise CaseUnreadable(503, f"the engine could not find the case: {err.message}") from None
    agency = description.typed_search_attributes.get(sa.AGENCY_CODE)
    if not who.may_read(agency):
        raise CaseUnreadable(
            403, f"{who.name}: an agency key reads its own agency's cases only ({who.agency})"
        )
    try:
        status = await handle.query(
            "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
        )
    except (RPCError, WorkflowQueryFailedError) as err:
        raise CaseUnreadable(503, f"the case did not answer its status query: {err}") from None
    return CaseView(procedure=procedure, agency=agency, status=status, description=description)
