"""The persons' subject records in an accountability case (衢政办发〔2023〕5号 第七条(一),
第十二条).

Persons' earlier findings (for 第七条(一)) come from two places: the case input, and each person's
subject record (`SubjectType.CIVIL_SERVANT`, keyed by the person id like any personal record). At
the review, the record's findings whose indicator starts with "accountability." are merged into the
person's earlier findings (`recorded_earlier`, `merged_earlier`); after the handling decision, each
sanctioned person's record receives one finding per 第六条 ground of this case
(`findings_to_write`).

Pure functions (no Temporal import): the workflow reads and writes the records with what these
return (procedures/accountability/person_records.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from contracts.subject_records import Finding, SubjectFacts, SubjectRef, SubjectType
from procedures.accountability.models import (
    PROCEDURE,
    AccountabilityCase,
    Decision,
    ResponsiblePerson,
    Review,
)
from scoring import accountability as rules

FINDING_INDICATOR_PREFIX = "accountability."
EXEMPTED_MARK = "不予追究"  # a recorded finding whose label says so established no fault (第九条)


def person_ref(person: ResponsiblePerson) -> SubjectRef:
    """The person's subject record: a civil servant (公职人员) keyed by the case's person id."""
    return SubjectRef(type=SubjectType.CIVIL_SERVANT, code=person.id, name=person.name)


def recorded_earlier(case: AccountabilityCase, facts: SubjectFacts) -> list[rules.EarlierFinding]:
    """The earlier faults on a person's record, as the scorer's EarlierFinding.

    Only findings whose indicator starts with "accountability." and whose kind is a 第六条 ground
    count. Mapping: case_id = the finding's source case without the "accountability-" workflow-id
    prefix (else the finding id), act_date = found_on (written as the act date of that fault),
    ground = kind. exempted is False unless the label contains 不予追究 (kept simple: this
    workflow writes findings only for sanctioned persons, so its own are never exempted).
    Findings of this very case are left out (the scorer counts this case itself).
    """
    grounds = {g.value for g in rules.Ground}
    found: list[rules.EarlierFinding] = []
    for finding in facts.findings:
        if not finding.indicator.startswith(FINDING_INDICATOR_PREFIX):
            continue
        if finding.kind not in grounds:
            continue
        source = finding.source_case or finding.finding_id
        case_id = source.removeprefix(f"{PROCEDURE}-")
        if case_id == case.case_id:
            continue
        found.append(
            rules.EarlierFinding(
                case_id=case_id[:200],
                act_date=finding.found_on,
                ground=rules.Ground(finding.kind),
                exempted=EXEMPTED_MARK in finding.label,
                details=f"{finding.label} (subject record finding {finding.finding_id})",
            )
        )
    return found


def merged_earlier(
    given: Sequence[rules.EarlierFinding], recorded: Sequence[rules.EarlierFinding]
) -> list[rules.EarlierFinding]:
    """The case input's earlier findings, then the recorded ones not already given (by case id
    and ground)."""
    merged = list(given)
    seen = {(e.case_id, e.ground) for e in merged}
    for earlier in recorded:
        key = (earlier.case_id, earlier.ground)
        if key not in seen:
            seen.add(key)
            merged.append(earlier)
    return merged


def case_findings(
    case: AccountabilityCase, review: Review, person: ResponsiblePerson, source_case: str
) -> list[Finding]:
    """The findings this case writes to a sanctioned person's record: one per 第六条 ground."""
    findings: list[Finding] = []
    for ground in dict.fromkeys(g.item for g in review.grounds):
        findings.append(
            Finding(
                finding_id=f"{case.case_id}-{person.id}-{ground.value}",
                found_on=case.act.act_date,
                indicator=f"{FINDING_INDICATOR_PREFIX}{ground.value}",
                label=rules.GROUNDS[ground][0],
                kind=ground.value,
                repairable=False,
                source_case=source_case,
            )
        )
    return findings


def findings_to_write(
    case: AccountabilityCase, review: Review, decision: Decision, source_case: str
) -> list[tuple[ResponsiblePerson, Finding]]:
    """第十二条: the findings the handling decision puts on the persons' records, in the
    decision's order. Only a person the decision sanctions gets them; a person only referred on
    (第十四条) or left without a sanction gets none."""
    persons = {p.id: p for p in case.persons}
    return [
        (persons[sanction.person_id], finding)
        for sanction in decision.persons
        if sanction.sanctions
        for finding in case_findings(case, review, persons[sanction.person_id], source_case)
    ]
