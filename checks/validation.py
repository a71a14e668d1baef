"""Validation errors as one readable line naming every faulty field (every door: CLI, HTTP,
Update validators, activities)."""

from __future__ import annotations

from pydantic import ValidationError


def describe(err: ValidationError) -> str:
    problems = []
    for item in err.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is required"
        elif item["type"] == "extra_forbidden":
            message = "is not a known field"
        # Cross-field rules name their fields in the message itself.
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
