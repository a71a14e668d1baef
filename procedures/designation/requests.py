"""The checks of a designation step's request that need no case state: a door makes them before
anything is sent (the workflow's validators make them again)."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from checks.validation import describe
from procedures.designation import models as dd


def evaluation_problem(request: BaseModel) -> str | None:
    """The evaluation's facts against the designation-eval scoring model (附件4 sheets)."""
    assert isinstance(request, dd.Evaluation)
    try:
        dd.Evaluation.FACTS_MODELS["facts"].model_validate(request.facts)
    except ValidationError as err:
        return f"facts: {describe(err)}"
    return None
