"""Medical-credit facts and scores as an objection case compares them (衢医保发〔2021〕36号 四(二),
四(三)): the facts as the scoring module validates them, their report, and whether a published
score is the facts' score. Pure: the CLI and the workflow's validators refuse with the same rules;
the workflow itself re-scores with the `score_facts` activity so that its report is in history.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError

from checks.validation import describe
from scoring import medical_credit
from scoring.report import ScoreReport

# The platform publishes scores to two decimals: a published score is accepted when it is the
# facts' score rounded to two places (a difference up to half a hundredth).
PUBLISHED_SCORE_TOLERANCE = 0.005


def normalized_facts(data: object) -> dict[str, Any]:
    """Medical-credit facts validated by the scoring module, as a plain dict with every default
    spelled out (what the credit file keeps, so the score can be recomputed from it).

    Raises ValueError naming every faulty field."""
    try:
        facts = medical_credit.Facts.model_validate(data)
    except ValidationError as err:
        raise ValueError(describe(err)) from None
    dumped: dict[str, Any] = facts.model_dump(mode="json")
    return dumped


def score_facts(facts: dict[str, Any]) -> ScoreReport:
    """The medical-credit report of already validated facts (pure; the workflow re-scores with
    the `score_facts` activity so that the report is recorded in history)."""
    return medical_credit.score(medical_credit.Facts.model_validate(facts))


def same_score(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=PUBLISHED_SCORE_TOLERANCE)
