"""The drill's path through a lost-lawsuit accountability case: start → report → review →
decide → feedback → closed."""

from __future__ import annotations

import random
from datetime import timedelta

from drills.scenario_parts import (
    Scenario,
    Step,
    case_id,
    has_deadline,
    load_example,
    procedure_of,
    shanghai_now,
    stages,
)
from procedures.accountability import models as acc

# -- lost-lawsuit accountability: start → report → review → decide → feedback → closed ----------


def accountability(index: int, run: str, rng: random.Random) -> Scenario:
    data = load_example("accountability.json")
    now = shanghai_now()
    data["case_id"] = case_id(run, index)
    data["lost_case"]["effective_date"] = (now.date() - timedelta(days=3)).isoformat()
    data["lost_case"]["received_at"] = (now - timedelta(days=2)).isoformat()
    # Persons of their own: no two cases write findings on one person's record.
    ids = [f"dr{run}-{index:05d}-{n}" for n in range(len(data["persons"]))]
    for person, person_id in zip(data["persons"], ids, strict=True):
        person["id"] = person_id
    case = acc.AccountabilityCase.model_validate(data)
    decision = load_example("accountability-decision.json")
    decision["persons"][0]["person_id"] = ids[0]
    # 第十三条第三款: the decision names the day it was made, never before the review (today's).
    decision["decided_on"] = now.date().isoformat()
    return Scenario(
        index=index,
        procedure=procedure_of(acc.PROCEDURE),
        variant="accountability",
        case=case,
        steps=[
            Step(
                "report",
                "submit_report",
                acc.CaseReport.model_validate(load_example("accountability-report.json")),
                stages("awaiting_report"),
                stages("under_review", "awaiting_decision", "awaiting_feedback", "closed"),
                # The report's deadline is computed first (an activity); the report meets it.
                extra_ready=has_deadline("report"),
            ),
            Step(
                "review",
                "review",
                acc.Review.model_validate(load_example("accountability-review.json")),
                stages("under_review"),
                stages("awaiting_decision", "awaiting_feedback", "closed"),
            ),
            Step(
                "decide",
                "record_decision",
                acc.Decision.model_validate(decision),
                stages("awaiting_decision"),
                stages("awaiting_feedback", "closed"),
            ),
            Step(
                "feedback",
                "record_feedback",
                acc.Feedback.model_validate(load_example("accountability-feedback.json")),
                stages("awaiting_feedback"),
                stages("closed"),
                extra_ready=has_deadline("feedback"),
            ),
        ],
        end_stage="closed",
        closes=True,
        # The review refers the case, so its 处理建议 is issued (第十三条第二款).
        expected_files=frozenset(
            {
                "report-receipt.html",
                "referral-proposal.html",
                "feedback-record.html",
                "feedback-copy.json",
            }
        ),
    )
