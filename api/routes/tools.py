"""The pure tools over HTTP: the scoring modules and the statutory deadline arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import scoring
from api.auth import Caller, caller
from api.problems import Problem, ProblemError, validation_problem
from checks.plausible import Day, StrictInt, not_after_now_problem
from periods import Deadline, WorkingDayCalendar, period_deadline

router = APIRouter(tags=["tools"])
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {"application/problem+json": {}}} for status in (401, 422)
}


class ScoringKind(BaseModel):
    kind: str
    description: str
    facts_schema: dict[str, Any]


@router.get("/scoring", summary="The scoring modules and their facts' JSON Schemas")
async def scoring_kinds(who: Annotated[Caller, Depends(caller)]) -> list[ScoringKind]:
    kinds = []
    for name in scoring.KINDS:
        module = scoring.kind(name)
        doc = (module.module.__doc__ or "").strip().splitlines()
        kinds.append(
            ScoringKind(
                kind=name,
                description=doc[0] if doc else name,
                facts_schema=module.facts.model_json_schema(),
            )
        )
    return kinds


@router.post(
    "/scoring/{kind}",
    summary="Score facts with a scoring module; every line with its clause",
    response_model=scoring.ScoreReport | scoring.CohortReport,
    responses=ERRORS,
)
async def score(
    kind: str,
    facts: Annotated[dict[str, Any], Body(description="the facts (`starter.py schema KIND`)")],
    who: Annotated[Caller, Depends(caller)],
) -> Any:
    if kind not in scoring.KINDS:
        known = ", ".join(scoring.KINDS)
        raise ProblemError(404, f"kind: unknown scoring kind {kind!r} (known: {known})")
    module = scoring.kind(kind)
    try:
        validated = module.facts.model_validate(facts)
    except ValidationError as err:
        raise validation_problem(err) from None
    problem = not_after_now_problem(validated, datetime.now(UTC))
    if problem:
        raise ProblemError(422, problem)
    return module.score(validated)


class DeadlineQuestion(BaseModel):
    """A period counted from an event day (the day itself excluded, 民法典 第二百零一条)."""

    model_config = ConfigDict(extra="forbid")
    start: Day = Field(
        description="the day of the triggering event (Asia/Shanghai), YYYY-MM-DD from 2000-01-01"
    )
    # A period of no length is no period (a deadline on its own start day is not a question
    # the law asks); a count is an integer, never "3" or true.
    length: StrictInt = Field(ge=1, le=3650)
    unit: Literal["working_days", "days", "months"]


@router.post(
    "/deadlines",
    summary="Compute a statutory deadline (working days, days or months)",
    response_model=Deadline,
    responses=ERRORS,
)
async def deadline(
    request: Request, question: DeadlineQuestion, who: Annotated[Caller, Depends(caller)]
) -> Deadline:
    calendar: WorkingDayCalendar = request.app.state.calendar()
    closing = request.app.state.settings.office_closing_time
    return period_deadline(
        question.start, question.length, question.unit, calendar=calendar, closing_time=closing
    )
