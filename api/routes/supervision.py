"""Reading cases over HTTP: a case's status (the generated `GET /{procedure}/cases/{case_id}`
routes of api/routes/cases.py answer with it), any case by its workflow id, and the supervisors'
list of `GET /cases` (the filters of `starter.py list`).
(No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at
runtime.)
"""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field, create_model
from temporalio.service import RPCError

from api.auth import Caller, caller
from api.counting import day_counter
from api.problems import ProblemError, problem_responses
from api.routes.engine import client_of, describe, engine_problem, status_agency
from procedures.declaration import Procedure
from procedures.registry import case_id_of
from service import outputs
from service.duty_dates import Supervision, count_list, supervision
from service.listing import CaseFilter, CaseRow, UnknownProcedure, list_cases

router = APIRouter()

READ_ERRORS = problem_responses(403, 404, 422, 503)
LIST_ERRORS = problem_responses(403, 422, 503)
WorkflowIdPath = Annotated[
    str, Path(pattern=r"^[a-z][a-z-]{0,31}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
]


_REPLIES: dict[str, type[BaseModel]] = {}


def status_reply(api: Procedure) -> type[BaseModel]:
    """The procedure's status model with what the door adds for a supervisor (`supervision`:
    the stage in words, each date's duty and its working days left or late). It keeps the
    status model's name: the OpenAPI document names one status per procedure, as before."""
    if api.name not in _REPLIES:
        _REPLIES[api.name] = create_model(
            api.status_model.__name__,
            __base__=api.status_model,
            __doc__=api.status_model.__doc__,
            __module__=api.status_model.__module__,
            supervision=(
                Supervision | None,
                Field(
                    default=None,
                    description="added by the door: the stage in words and each date's duty "
                    "with its working days left or late as of today (Asia/Shanghai)",
                ),
            ),
        )
    return _REPLIES[api.name]


async def case_status(request: Request, api: Procedure, case_id: str, who: Caller) -> Any:
    handle = client_of(request).get_workflow_handle(api.workflow_id(case_id))
    # The key's check reads the agency from the status itself.
    try:
        status = await handle.query("status", result_type=api.status_model)
    except RPCError as err:
        raise engine_problem(err, case_id, api.name, reading=True) from None
    if not who.may_read(status_agency(api, status)):
        raise ProblemError(403, f"{who.name}: an agency key reads its own agency's cases only")
    # A case says what it is sending now; only then are the attempts and the last error asked
    # of the server (its describe). A status without that list (a procedure whose status does
    # not keep it) is always completed from the describe.
    if getattr(status, "pending_outputs", None) != []:
        converter = client_of(request).data_converter
        described = await describe(handle, case_id, api)
        status.pending_outputs = await outputs.pending_outputs(described, converter)
    # Counted at the door, from today in Asia/Shanghai on the worker's calendar.
    watched = supervision(api, status, day_counter(request))
    values = {name: getattr(status, name) for name in type(status).model_fields}
    return status_reply(api).model_construct(
        _fields_set={*status.model_fields_set, "pending_outputs", "supervision"},
        **values,
        supervision=watched,
    )


@router.get(
    "/cases",
    tags=["supervision"],
    summary="List cases, sorted by next deadline",
    response_model=list[CaseRow],
    responses=LIST_ERRORS,
)
async def cases(
    request: Request,
    who: Annotated[Caller, Depends(caller)],
    procedure: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
    stage: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
    agency: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
    overdue: bool | None = None,
    provisional: bool | None = None,
    stuck: bool | None = None,
    pending_outputs: bool | None = None,
    deadline_before: datetime | None = None,
    deadline_after: datetime | None = None,
    include_closed: bool = False,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[CaseRow]:
    """Supervisors list everything; an agency key lists its own agency's cases."""
    if not who.supervisor:
        if agency is not None and agency != who.agency:
            raise ProblemError(403, f"{who.name}: an agency key lists its own agency's cases only")
        agency = who.agency
    for name, moment in (("deadline_before", deadline_before), ("deadline_after", deadline_after)):
        if moment is not None and moment.tzinfo is None:
            raise ProblemError(422, f"{name}: give the instant with its UTC offset")
    try:
        case_filter = CaseFilter(
            procedure=procedure,
            stage=stage,
            agency=agency,
            overdue=overdue,
            provisional=provisional,
            stuck=stuck,
            pending_outputs=pending_outputs,
            deadline_before=deadline_before,
            deadline_after=deadline_after,
            include_closed=include_closed,
        )
        rows = await list_cases(client_of(request), case_filter, limit=limit)
    except UnknownProcedure as err:
        raise ProblemError(422, str(err)) from None
    except RPCError as err:
        raise engine_problem(err, "", reading=True) from None
    # The working days left or late, counted here from today in Asia/Shanghai.
    await count_list(client_of(request), rows, day_counter(request))
    return rows


@router.get(
    "/cases/{workflow_id}",
    tags=["supervision"],
    summary="Status of any case by its workflow id (e.g. market-objection-MO-2026-0001)",
    responses=READ_ERRORS,
)
async def case_by_workflow_id(
    request: Request, workflow_id: WorkflowIdPath, who: Annotated[Caller, Depends(caller)]
) -> Any:
    procedure, case_id = case_id_of(workflow_id)
    if procedure is None or not procedure.is_case:
        raise ProblemError(404, f"no case {workflow_id}")
    return await case_status(request, procedure, case_id, who)
