"""Scoring as an activity: workflows re-score corrected facts with the pure scoring modules.

The report is recorded in history, so a later change of a scoring rule never alters a decided
case on replay.
"""

from __future__ import annotations

from pydantic import ValidationError
from temporalio import activity
from temporalio.exceptions import ApplicationError

import scoring
from checks.validation import describe
from contracts.activities import SCORE_FACTS, ScoreRequest
from scoring.report import ScoreReport


@activity.defn(name=SCORE_FACTS)
async def score_facts(request: ScoreRequest) -> ScoreReport:
    try:
        kind = scoring.kind(request.kind)
    except KeyError as err:
        raise ApplicationError(str(err), non_retryable=True) from None
    try:
        report = kind.score_raw(request.facts)
    except ValidationError as err:
        # Bad facts will not get better with a retry: fail at once, naming the fields.
        raise ApplicationError(
            f"{request.kind} facts: {describe(err)}", type="InvalidFacts", non_retryable=True
        ) from None
    if not isinstance(report, ScoreReport):
        raise ApplicationError(
            f"{request.kind} scores a cohort, not one subject", non_retryable=True
        )
    return report
