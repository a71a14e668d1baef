"""The facts the accountability assessment is made on (衢政办发〔2023〕5号 第六–十四条, scored by
scoring/accountability.py): the case and the review, with each person's earlier findings.

Pure functions (no Temporal import): the `review` validator refuses an accountability review whose
facts the scorer would not take (`assessment_problem`); the workflow sends `assessment_facts` to
the scoring activity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from periods import SHANGHAI
from procedures.accountability.findings import merged_earlier
from procedures.accountability.models import AccountabilityCase, Review, ReviewOutcome
from scoring import accountability as rules


def assessment_facts(
    case: AccountabilityCase,
    review: Review,
    recorded: Mapping[str, Sequence[rules.EarlierFinding]] | None = None,
) -> dict[str, Any]:
    """The scoring module's Facts from the case and the review (validated: raises ValueError).

    `recorded`: per person id, the earlier findings read from the person's subject record,
    merged into the case input's (`merged_earlier`)."""
    recorded = recorded or {}
    facts = rules.Facts(
        case_id=case.case_id,
        agency=rules.Agency(
            name=case.agency.name, level=case.agency.level, reorganised=case.agency.reorganised
        ),
        lost_case=rules.LostCase(
            body=case.lost_case.body,
            body_name=case.lost_case.body_name,
            document_number=case.lost_case.document_number,
            outcomes=case.lost_case.outcomes,
            act_date=case.act.act_date,
            effective_date=case.lost_case.effective_date,
            received_date=received_on(case),
        ),
        grounds=review.grounds,
        circumstances=review.circumstances,
        persons=[
            rules.Person(
                id=p.id,
                name=p.name,
                role=p.role,
                position=p.post,
                unit=case.agency.name,
                earlier_findings=merged_earlier(p.earlier_findings, recorded.get(p.id, [])),
            )
            for p in case.persons
        ],
    )
    return facts.model_dump(mode="json")


def received_on(case: AccountabilityCase) -> date:
    return case.lost_case.received_at.astimezone(SHANGHAI).date()


def assessment_problem(case: AccountabilityCase, review: Review) -> str | None:
    """Why the scorer would not take the facts of an accountability review (e.g. a ground dated
    wrongly), in one line; None for a review of no accountability, which is not assessed."""
    if review.outcome is not ReviewOutcome.ACCOUNTABILITY:
        return None
    try:
        assessment_facts(case, review)
    except ValueError as err:
        return " ".join(str(err).split())
    return None
