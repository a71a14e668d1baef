"""Reading and validating case files and decisions before anything is sent to the engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from checks.plausible import not_after_now_problem
from checks.validation import describe
from cli.errors import BadInput

Model = TypeVar("Model", bound=BaseModel)


def read_json_file(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BadInput(f"cannot read {path}: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise BadInput(f"cannot read {path}: it is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInput(
            f"{path} is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        ) from None


def validate(model: type[Model], data: object, source: str) -> Model:
    """Validate `data`, or raise BadInput naming every faulty field on one line.

    The types hold the window of every door (checks.plausible: from 2000-01-01, offsets of
    whole minutes, strict numbers and flags, USCC check characters). For a step this is all the
    CLI checks: whether the step's events have happened is judged by the case's own clock, in its
    Update validator (`check_step` with workflow.now())."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise BadInput(f"{source}: {describe(err)}") from None


def validate_file(model: type[Model], data: object, source: str) -> Model:
    """`validate` for a case file or a facts file, which no case clock judges: also every event
    it names has happened by the wall clock, give or take CLOCK_SKEW (the HTTP API's rule)."""
    validated = validate(model, data, source)
    problem = not_after_now_problem(validated, datetime.now(UTC))
    if problem:
        raise BadInput(f"{source}: {problem}")
    return validated
