"""Cases over HTTP: start a case of any procedure, send its human steps (reading cases, and the
lists: api/routes/supervision.py).

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
from pydantic import BaseModel, Field
from temporalio.client import WorkflowUpdateFailedError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import Caller, acting_in, caller, require_agency
from api.problems import ProblemError, problem_responses
from api.routes.engine import agency_of, client_of, describe, engine_problem
from api.routes.supervision import READ_ERRORS, case_status, status_reply
from checks.plausible import not_after_now_problem
from contracts import search_attributes as sa
from contracts.case_records import OutputsReport
from procedures.declaration import Procedure, Step
from procedures.registry import CASES, words_of
from service.request_digest import BODY_DIGEST, body_digest, stored_digest
from service.steps import await_outputs, execute_step, is_busy

router = APIRouter()

# What each kind of route may answer besides its success (401 for every route, 400 and 413 for
# every body, and 404 for every route naming a resource in its path are added by api.app).
START_ERRORS = problem_responses(403, 409, 422, 503)
STEP_ERRORS = problem_responses(403, 404, 409, 422, 503)
# The case ids the case models accept (procedures/*/models.py CaseId): a path outside it is 422.
CaseIdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


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
    stage: str = Field(
        default="",
        description="the case's stage as far as this reply knows: the receipt's, or with "
        "`?wait=true` the stage once the step's follow-ups are done",
    )
    stage_words: str = Field(default="", description="the stage in words (审查中 under review)")
    moving: bool = Field(
        default=False,
        description="the step sets the case moving out of `stage` within seconds (e.g. a "
        "supplement completing the file: on to the evaluation); the status says where it went",
    )


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
            search_attributes=sa.at_start(api.procedure_type, agency),
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
        raise engine_problem(err, case.case_id) from None
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
    # The declaration's check of the request alone (e.g. 第十三条's three parts of a report), as
    # the command line makes it: bad input is 422 before anything is sent, not a refusal (409).
    problem = step.check(body) if step.check else None
    if problem:
        raise ProblemError(422, f"{step.named}: {problem}")
    client = client_of(request)
    workflow_id = api.workflow_id(case_id)
    handle = client.get_workflow_handle(workflow_id)
    require_agency(who, agency_of(await describe(handle, case_id, api)))
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
        raise engine_problem(err, case_id) from None
    # The receipt's stage is the one the handler answered in; a step the case leaves within
    # seconds (procedure.leaves) is said to be moving, without another round trip.
    stage = followed.stage if followed is not None and followed.stage else receipt.stage.value
    return StepResult(
        case_id=case_id,
        workflow_id=workflow_id,
        step=step.name,
        receipt=receipt.model_dump(mode="json"),
        outputs=followed,
        stage=stage,
        stage_words=words_of(api).stage_words(stage),
        moving=stage in {str(getattr(s, "value", s)) for s in api.leaves(step.update, body)},
    )


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
        response_model=status_reply(api),
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
