"""Cases over HTTP: start a case of any procedure, send its human steps, read its status, list.

Routes are generated from the procedures' declarations (procedures/registry.py), one per
procedure and step, so that the OpenAPI
document names every body model: an agency engineer can drive every procedure from it alone.
(No `from __future__ import annotations` here: FastAPI reads the generated endpoints' annotations
at runtime.)
"""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import Caller, acting_in, caller, require_agency
from api.problems import ProblemError, problem_responses
from checks.plausible import not_after_now_problem
from contracts import search_attributes as sa
from contracts.case_records import OutputsReport
from procedures.declaration import Procedure, Step
from procedures.registry import CASES, case_id_of
from service import outputs
from service.listing import CaseFilter, CaseRow, UnknownProcedure, list_cases
from service.request_digest import BODY_DIGEST, body_digest, stored_digest
from service.steps import await_outputs, execute_step, is_busy

router = APIRouter()

# What each kind of route may answer besides its success (401 for every route, 400 and 413 for
# every body, and 404 for every route naming a resource in its path are added by api.app).
START_ERRORS = problem_responses(403, 409, 422, 503)
STEP_ERRORS = problem_responses(403, 404, 409, 422, 503)
READ_ERRORS = problem_responses(403, 404, 422, 503)
LIST_ERRORS = problem_responses(403, 422, 503)
ERRORS = problem_responses(403, 404, 409, 422, 503)  # kept for other routers
# The case ids the case models accept (procedures/*/models.py CaseId): a path outside it is 422.
CaseIdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
WorkflowIdPath = Annotated[
    str, Path(pattern=r"^[a-z][a-z-]{0,31}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
]


class StartedCase(BaseModel):
    """The case exists (its first steps run in the worker): `GET {status}` tells where it is."""

    case_id: str
    workflow_id: str
    procedure: str
    created: bool  # False: the same request was made before; this is that case
    status: str  # the URL of the case's status


class StepResult(BaseModel):
    case_id: str
    workflow_id: str
    step: str
    receipt: dict[str, Any]
    # With `?wait=true`: what the step set going (documents, deliveries, deadlines, record
    # writes), once done. The receipt itself comes at once, before that work.
    outputs: OutputsReport | None = None


def client_of(request: Request) -> Client:
    client: Client = request.app.state.client
    return client


# -- start ----------------------------------------------------------------------------------------


async def start_case(request: Request, api: Procedure, case: Any, who: Caller) -> JSONResponse:
    agency = api.agency(case)
    require_agency(who, agency)
    # Every event of the case file (receipt, publication, pre-registration...) has happened.
    problem = not_after_now_problem(case, datetime.now(UTC))
    if problem:
        raise ProblemError(422, problem)
    client = client_of(request)
    workflow_id = api.workflow_id(case.case_id)
    digest = body_digest(case)
    try:
        await client.start_workflow(
            api.workflow.run,  # type: ignore[attr-defined]
            case,
            id=workflow_id,
            task_queue=request.app.state.settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            memo={BODY_DIGEST: digest},
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(sa.PROCEDURE_TYPE, api.procedure_type),
                    SearchAttributePair(sa.CASE_STAGE, "received"),
                    SearchAttributePair(sa.AGENCY_CODE, agency),
                    SearchAttributePair(sa.OVERDUE, False),
                ]
            ),
        )
        created = True
    except WorkflowAlreadyStartedError:
        if await stored_digest(client.get_workflow_handle(workflow_id)) != digest:
            raise ProblemError(
                409,
                f"case {case.case_id} already exists ({workflow_id}) with another body; a case "
                "is started only once",
            ) from None
        created = False
    except RPCError as err:
        raise _engine_problem(err, case.case_id) from None
    location = f"/{api.name}/cases/{case.case_id}"
    body = StartedCase(
        case_id=case.case_id,
        workflow_id=workflow_id,
        procedure=api.name,
        created=created,
        status=location,
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": location},
    )


# -- steps ----------------------------------------------------------------------------------------


async def send_step(
    request: Request,
    api: Procedure,
    step: Step,
    case_id: str,
    body: BaseModel,
    who: Caller,
    wait: bool = False,
) -> StepResult:
    client = client_of(request)
    workflow_id = api.workflow_id(case_id)
    handle = client.get_workflow_handle(workflow_id)
    require_agency(who, agency_of(await _describe(handle, case_id, api)))
    try:
        receipt = await execute_step(handle, step.update, body, result_type=step.receipt)
        followed = await await_outputs(handle, step.update) if wait else None
    except WorkflowUpdateFailedError as err:
        cause = err.cause
        message = getattr(cause, "message", None) or str(cause or err)
        # Still finishing its previous step after STEP_PATIENCE: nothing changed, try later.
        status = 503 if is_busy(err) else 409
        raise ProblemError(status, f"case {case_id} refused: {message}") from None
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise ProblemError(409, f"case {case_id} is closed: it accepts nothing more") from None
        raise _engine_problem(err, case_id) from None
    return StepResult(
        case_id=case_id,
        workflow_id=workflow_id,
        step=step.name,
        receipt=receipt.model_dump(mode="json"),
        outputs=followed,
    )


async def _describe(
    handle: WorkflowHandle[Any, Any], case_id: str, api: Procedure | None
) -> WorkflowExecutionDescription:
    try:
        return await handle.describe()
    except RPCError as err:
        raise _engine_problem(err, case_id, api.name if api else None, reading=True) from None


def agency_of(description: WorkflowExecutionDescription) -> str | None:
    return description.typed_search_attributes.get(sa.AGENCY_CODE)


def _engine_problem(
    err: RPCError, case_id: str, procedure: str | None = None, *, reading: bool = False
) -> ProblemError:
    """A read the engine does not answer is 503 (try again); a start or step it refuses, 409."""
    if err.status == RPCStatusCode.NOT_FOUND:
        what = f"{procedure} case" if procedure else "case"
        return ProblemError(404, f"no {what} {case_id}")
    if reading or err.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
        return ProblemError(503, f"the engine did not answer: {err.message}")
    return ProblemError(409, f"the engine refused the request: {err.message}")


# -- status ---------------------------------------------------------------------------------------


async def case_status(request: Request, api: Procedure, case_id: str, who: Caller) -> Any:
    handle = client_of(request).get_workflow_handle(api.workflow_id(case_id))
    # One describe serves the key's check and what the case is still sending out.
    description = await _describe(handle, case_id, api)
    if not who.may_read(agency_of(description)):
        raise ProblemError(403, f"{who.name}: an agency key reads its own agency's cases only")
    try:
        status = await handle.query("status", result_type=api.status_model)
    except RPCError as err:
        raise _engine_problem(err, case_id, api.name, reading=True) from None
    converter = client_of(request).data_converter
    status.pending_outputs = await outputs.pending_outputs(description, converter)
    return status


# -- the generated routes -------------------------------------------------------------------------


def _register(api: Procedure) -> None:
    model = api.case_model
    tag = "cases"

    async def start(
        request: Request,
        case: Annotated[model, Body()],  # type: ignore[valid-type]
        who: Annotated[Caller, Depends(acting_in(api.name))],
    ) -> JSONResponse:
        return await start_case(request, api, case, who)

    router.add_api_route(
        f"/{api.name}/cases",
        start,
        methods=["POST"],
        tags=[tag],
        status_code=201,
        summary=f"Start a {api.name} case",
        description=f"{api.title}. {api.clause}. The same case id with the same body "
        "returns the existing case (200); with another body 409.",
        response_model=StartedCase,
        responses={**START_ERRORS, 200: {"model": StartedCase, "description": "started before"}},
        operation_id=f"start_{api.name.replace('-', '_')}",
    )

    async def status(
        request: Request, case_id: CaseIdPath, who: Annotated[Caller, Depends(caller)]
    ) -> Any:
        return await case_status(request, api, case_id, who)

    router.add_api_route(
        f"/{api.name}/cases/{{case_id}}",
        status,
        methods=["GET"],
        tags=["supervision"],
        summary=f"Status of a {api.name} case",
        response_model=api.status_model,
        responses=READ_ERRORS,
        operation_id=f"status_{api.name.replace('-', '_')}",
    )
    # A step the command line routes by stage (repair's `object`) is offered here as the
    # steps it routes to, each with its own route.
    for step in api.steps:
        if not step.routes:
            _register_step(api, step)


def _register_step(api: Procedure, step: Step) -> None:
    body_model = step.request

    async def act(
        request: Request,
        case_id: CaseIdPath,
        body: Annotated[body_model, Body()],  # type: ignore[valid-type]
        who: Annotated[Caller, Depends(acting_in(api.name))],
        wait: Annotated[
            bool,
            Query(
                description="after the receipt, wait for what the step set going (documents, "
                "deliveries, deadlines, record writes) and return it as `outputs`"
            ),
        ] = False,
    ) -> StepResult:
        return await send_step(request, api, step, case_id, body, who, wait)

    router.add_api_route(
        f"/{api.name}/cases/{{case_id}}/{step.name}",
        act,
        methods=["POST"],
        tags=["cases"],
        summary=f"{api.name}: {step.help}",
        description=_step_description(step),
        response_model=StepResult,
        responses=STEP_ERRORS,
        operation_id=f"{api.name.replace('-', '_')}_{step.name.replace('-', '_')}",
    )


def _step_description(step: Step) -> str:
    """The route's description, from the declaration: who acts, the clause, and the rule."""
    more = f" {step.description}" if step.description else ""
    return f"Who acts: {step.by}. Clause: {step.clause}.{more}"


for _api in CASES:
    _register(_api)


# -- lists ----------------------------------------------------------------------------------------


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
        return await list_cases(client_of(request), case_filter, limit=limit)
    except UnknownProcedure as err:
        raise ProblemError(422, str(err)) from None
    except RPCError as err:
        raise _engine_problem(err, "", reading=True) from None


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


def procedure_names() -> list[str]:
    return [p.name for p in CASES]
