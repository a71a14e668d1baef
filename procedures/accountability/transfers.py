"""The transfers of 衢政办发〔2023〕5号 第十四条 (seed 001 l.980): a liable person to be given
党纪政务处分 is transferred to 纪检监察机关, one to be handled organisationally (组织处理) to
组织人事部门; each transfer is a document (移送函) the deciding body delivers through the outbox.
A suspected crime is 依法处理: the clause names no body to transfer to, so it leaves no 移送函
here (the decision and its feedback record still carry it).

Pure functions (no Temporal import): the workflow hands what `transfers` returns to its outputs,
and tests/test_accountability_steps.py reads them without a server.
"""

from __future__ import annotations

from datetime import datetime

from contracts.documents import AccountabilityTransfer
from procedures.accountability.models import (
    DISCIPLINE_INSPECTION,
    ORGANISATION_PERSONNEL,
    TRANSFER_CLAUSE,
    AccountabilityCase,
    Decision,
    cite,
)
from procedures.accountability.notices import shared_fields
from scoring import accountability as rules
from scoring.accountability.tables import REFERRALS

# 第十四条: the body each route goes to (涉嫌犯罪 依法处理 names none).
TRANSFERRED_TO = {
    rules.Referral.DISCIPLINE: DISCIPLINE_INSPECTION,
    rules.Referral.ORGANISATIONAL: ORGANISATION_PERSONNEL,
}


def transfers(
    case: AccountabilityCase, decision: Decision, *, workflow_id: str, issued_at: datetime
) -> list[AccountabilityTransfer]:
    """One 移送函 per person and route the decision names, in the decision's order."""
    assert decision.decided_on is not None  # the validator requires it of a new decision
    persons = {p.id: p for p in case.persons}
    letters: list[AccountabilityTransfer] = []
    for handled in decision.persons:
        person = persons[handled.person_id]
        for referral in handled.referrals:
            if referral not in TRANSFERRED_TO:
                continue
            key = f"{workflow_id}/transfer-{referral.value}-{person.id}"
            letters.append(
                AccountabilityTransfer(
                    **shared_fields(case, key, cite(TRANSFER_CLAUSE), issued_at),
                    transferring_body=decision.decided_by,
                    transferred_to=TRANSFERRED_TO[referral],
                    route=REFERRALS[referral][0],
                    person_name=person.name,
                    person_post=person.post,
                    lost_case_body=case.lost_case.body_name,
                    lost_case_number=case.lost_case.document_number,
                    decided_on=decision.decided_on,
                    reason=decision.reason,
                )
            )
    return letters
