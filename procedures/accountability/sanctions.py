"""What a handling decision may name (衢政办发〔2023〕5号 第十一条 the agency's sanctions, 第十二条
the persons', 第十四条 the referrals), and how it is printed and recorded.

Pure functions (no Temporal import): the `record_decision` validator refuses with what
`decision_problem` returns; the feedback record (notices.py) and the audit trail carry the
decision as these put it.
"""

from __future__ import annotations

from typing import Any

from contracts.documents import PersonHandling
from procedures.accountability.models import AccountabilityCase, Decision
from scoring import accountability as rules

STAFF_SANCTION_IDS = {s[0]: s for s in rules.STAFF_SANCTIONS}
AGENCY_SANCTION_IDS = {s[0]: s for s in rules.AGENCY_SANCTIONS}


def decision_problem(case: AccountabilityCase, decision: Decision) -> str | None:
    """The first thing wrong with a decision: a sanction outside 第十一条 or 第十二条, a person
    not of the case, or a decision that names no sanction and no referral at all."""
    known = {p.id for p in case.persons}
    for sanction in decision.agency_sanctions:
        if sanction not in AGENCY_SANCTION_IDS:
            return (
                f"agency_sanctions: {sanction!r} is not a 第十一条 sanction "
                f"({', '.join(AGENCY_SANCTION_IDS)})"
            )
    for index, person in enumerate(decision.persons):
        if person.person_id not in known:
            return f"persons[{index}].person_id: {person.person_id!r} is not a person of the case"
        for sanction in person.sanctions:
            if sanction not in STAFF_SANCTION_IDS:
                return (
                    f"persons[{index}].sanctions: {sanction!r} is not a 第十二条 sanction "
                    f"({', '.join(STAFF_SANCTION_IDS)})"
                )
    if not decision.agency_sanctions and not any(
        p.sanctions or p.referrals for p in decision.persons
    ):
        return "persons: the decision names no sanction and no referral"
    return None


def person_handlings(decision: Decision) -> list[PersonHandling]:
    """Each person's sanctions (第十二条) and referrals (第十四条), as the feedback record prints
    them."""
    return [
        PersonHandling(
            person_id=p.person_id,
            sanctions=p.sanctions,
            referrals=[r.value for r in p.referrals],
        )
        for p in decision.persons
    ]


def handled_persons(decision: Decision) -> dict[str, dict[str, Any]]:
    """The same, keyed by person id, as the audit trail records the decision."""
    return {
        h.person_id: {"sanctions": h.sanctions, "referrals": h.referrals}
        for h in person_handlings(decision)
    }
