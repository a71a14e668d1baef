"""Invariants every ScoreReport keeps, and the checks every facts model passes, shared by the
scoring modules' tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from scoring.exact import exact
from scoring.report import ScoreReport, same_points, sum_of_lines

# The designation evaluation averages k evaluators (衢医保发〔2023〕8号 二(三)3 "得分取各评估小组
# 成员平均分", no rounding given): with k = 3 an average such as 84.0666… is no decimal at all,
# so its lines and total are the nearest floats and add up within float precision; the module
# decides the 85 line exactly in integer tenths. Every other kind adds up exactly.
AVERAGED_KINDS = frozenset({"designation-eval"})


def assert_report_invariants(report: ScoreReport) -> None:
    """Capped lines stay within [0, max]; the total is the sum of lines and point adjustments;
    every line and adjustment carries a clause and a reason."""
    for line in report.lines:
        assert line.clause and line.reason, line
        if line.points is not None and line.max_points is not None:
            assert 0 <= line.points <= line.max_points + 1e-9, line
    for adjustment in report.adjustments:
        assert adjustment.clause and adjustment.reason, adjustment
    if report.total is None:
        return
    if report.kind in AVERAGED_KINDS:
        assert abs(exact(report.total) - sum_of_lines(report)) <= Decimal("1e-9"), report
        return
    # The total is exactly the decimal sum of the lines as printed, and prints without noise.
    assert same_points(report.total, sum_of_lines(report)), (report.total, report)
    for value in (report.total, *(line.points for line in report.lines)):
        if value is not None:
            assert len(exact(value).as_tuple().digits) <= 15, (value, report)


def assert_refused(facts: type[BaseModel], raw: Any, field: str) -> None:
    """Bad input is refused, and the refusal names the field an agency has to correct."""
    with pytest.raises(ValidationError) as caught:
        facts.model_validate(raw)
    assert field in str(caught.value), str(caught.value)


def assert_described(facts: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema is the contract agency systems code against: every property of the input
    and of every model it holds has a description. Returns those models by name."""
    schema = facts.model_json_schema()
    models: dict[str, Any] = schema.get("$defs", {})
    for model in (schema, *models.values()):
        for prop, spec in model.get("properties", {}).items():
            assert spec.get("description"), (model.get("title"), prop)
    return models
