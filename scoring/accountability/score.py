"""Assess one lost case: the trigger (第五条), the grounds (第六条), then for the agency and each
person the circumstances, the conclusion, the sanctions and the referrals, with the agency's
duties (第十三条)."""

from __future__ import annotations

from datetime import date

from scoring.accountability.circumstances import circumstance_lines
from scoring.accountability.conclusions import (
    conclude,
    conclusion_phrase,
    key_clause,
    sanction_lines,
)
from scoring.accountability.facts import Facts
from scoring.accountability.findings import finding_line, item_lines
from scoring.accountability.repeat import repeat_fault
from scoring.accountability.tables import (
    AGENCY_SANCTIONS,
    BODY_LABELS,
    CONCLUSION_LABELS,
    DOC,
    GROUNDS,
    GROUPS,
    KIND,
    LIABLE_CLAUSE,
    OUTCOMES,
    REFERRAL_CLAUSE,
    REFERRALS,
    REPEAT_CLAUSE,
    ROLE_LABELS,
    SEVERITY,
    STAFF_SANCTIONS,
    AgencyLevel,
    Conclusion,
)
from scoring.report import Consequence, ScoreLine, ScoreReport

# 第十三条 "自收到生效判决(决定)文书之日起2个月内": an agency may receive a first-instance judgment
# before it takes effect (no appeal within the appeal period). The 2 months are then counted from
# the day it took effect, when the agency holds an *effective* document: the later of the two dates.
REPORT_CLOCK_FROM_LATER_OF_RECEIPT_AND_EFFECT = True


def score(facts: Facts) -> ScoreReport:
    """Assess one lost case under 衢政办发〔2023〕5号."""
    case = facts.lost_case
    lines: list[ScoreLine] = []
    notes: list[str] = []
    consequences: list[Consequence] = []
    document = f"{case.body_name} {case.document_number}"

    if case.effective_date < date(2023, 4, 1):
        notes.append(
            f"The decision took effect on {case.effective_date.isoformat()}, before these Measures "
            "(in force 2023-04-01, 第十五条, repealing 衢政办发[2012]74号): check which governs."
        )

    # 第五条 — the trigger.
    if not case.outcomes:
        lines.append(
            finding_line(
                "trigger.none",
                "非行政败诉案件",
                f"{document} found none of 第五条(一)–(五): not a lost case.",
                f"{DOC} 第五条",
            )
        )
        return _report(
            facts,
            Conclusion.NOT_LOST,
            lines,
            notes,
            consequences,
            f"Not a lost case: {document} found none of 第五条(一)–(五), so the Measures do "
            "not apply.",
        )
    for outcome in case.outcomes:
        label, clause = OUTCOMES[outcome.item]
        detail = f" ({outcome.details})" if outcome.details else ""
        lines.append(
            finding_line(
                f"trigger.{outcome.item.value}",
                label,
                f"{case.body_name} ({BODY_LABELS[case.body]}), {case.document_number}: "
                f"{label}{detail} — a lost case, accountability may be pursued (可以进行追责).",
                clause,
            )
        )
    triggers = "、".join(OUTCOMES[o.item][1].removeprefix(DOC + " ") for o in case.outcomes)
    consequences.append(_report_duty(facts))

    # 第六条 — the grounds.
    if not facts.grounds:
        if facts.persons:
            notes.append(
                f"{len(facts.persons)} person(s) named but not assessed: no fault of 第六条."
            )
        lines.append(
            finding_line(
                "grounds.none",
                "无追责事由",
                "No fault of 第六条(一)–(七) caused the loss: nobody is held accountable.",
                f"{DOC} 第六条",
            )
        )
        return _report(
            facts,
            Conclusion.NO_GROUND,
            lines,
            notes,
            consequences,
            f"Lost case ({triggers}) but no fault of 第六条 caused it: no accountability; the "
            "agency still files its analysis and rectification report (第十三条第一款).",
        )
    lines += item_lines(
        "grounds",
        facts.grounds,
        GROUNDS,
        "the agency and its staff shall be held accountable (应当追究)",
    )
    grounds = [g.item for g in facts.grounds]
    cause = "、".join(GROUNDS[g][1].removeprefix(DOC + " ") for g in grounds)

    # 第七条–第九条 for the whole case: they bind the unit and every person.
    effective = case.effective_date
    unit = circumstance_lines(
        facts.circumstances, "case", "the unit and every person", effective, notes
    )
    lines.extend(unit.lines)
    agency = facts.agency
    agency_conclusion = conclude(
        bool(unit.exempt), unit.may_exempt, bool(unit.aggravating), bool(unit.mitigating)
    )
    subjects: list[tuple[str, Conclusion, str]] = [
        (
            agency.name,
            agency_conclusion,
            conclusion_phrase(agency_conclusion, unit.exempt, unit.aggravating, unit.mitigating),
        )
    ]
    agency_reason = f"{agency.name}: {subjects[0][2]}."
    if agency.reorganised:
        agency_reason += " Reorganised since: liability is not ended (第十条)."
    tail: list[ScoreLine] = [
        finding_line(
            "conclusion.agency",
            CONCLUSION_LABELS[agency_conclusion],
            f"{agency_reason} [{agency_conclusion.value}]",
            key_clause(agency_conclusion, unit.exempt, unit.aggravating, unit.mitigating),
        ),
        *sanction_lines("agency", agency.name, AGENCY_SANCTIONS, agency_conclusion),
    ]
    referrals: list[str] = []

    # 第十条 — each person, with the case's circumstances and their own.
    for person in facts.persons:
        scope = f"person.{person.id}"
        own = circumstance_lines(person.circumstances, scope, person.name, effective, notes)
        person_grounds = person.grounds if person.grounds is not None else grounds
        repeat = repeat_fault(person, person_grounds, case.act_date, notes)
        if repeat is not None:
            own.lines.insert(0, repeat)
            own.aggravating.insert(0, REPEAT_CLAUSE)
        lines.extend(own.lines)
        aggravating = unit.aggravating + own.aggravating
        mitigating = unit.mitigating + own.mitigating
        conclusion = conclude(
            bool(unit.exempt or own.exempt),
            unit.may_exempt or own.may_exempt,
            bool(aggravating),
            bool(mitigating),
        )
        phrase = conclusion_phrase(conclusion, unit.exempt + own.exempt, aggravating, mitigating)
        subjects.append((person.name, conclusion, phrase))
        post = f"{person.position}, " if person.position else ""
        liable = (
            f"{person.name} ({post}{person.unit}) is a {ROLE_LABELS[person.role]} for "
            + "、".join(GROUNDS[g][1].removeprefix(DOC + " ") for g in person_grounds)
        )
        if person.current_unit and person.current_unit != person.unit:
            liable += f"; transferred to {person.current_unit}, which does not end liability"
        lines.append(
            finding_line(
                f"liable.{scope}",
                ROLE_LABELS[person.role],
                liable + ".",
                LIABLE_CLAUSE,
            )
        )
        tail.append(
            finding_line(
                f"conclusion.{scope}",
                CONCLUSION_LABELS[conclusion],
                f"{person.name}: {phrase}. [{conclusion.value}]",
                key_clause(conclusion, unit.exempt + own.exempt, aggravating, mitigating),
            )
        )
        tail.extend(sanction_lines(scope, person.name, STAFF_SANCTIONS, conclusion))
        for route in dict.fromkeys(person.referrals):
            matter, handling = REFERRALS[route]
            exempt_note = (
                " (the 第九条 exemption covers these Measures, not this route)"
                if conclusion is Conclusion.EXEMPT
                else ""
            )
            tail.append(
                finding_line(
                    f"referral.{scope}.{route.value}",
                    f"{matter}:{handling}",
                    f"{person.name}: {matter}, {handling}{exempt_note}.",
                    REFERRAL_CLAUSE,
                )
            )
            referrals.append(f"{person.name} {handling}")
    lines.extend(tail)

    if not facts.persons:
        notes.append(
            "No person is named: 第十条 requires the responsible leaders and directly responsible "
            "persons of the unit to be identified."
        )
    overall = max((s[1] for s in subjects), key=SEVERITY.__getitem__)
    if overall is not Conclusion.EXEMPT:
        consequences.extend(_handling_duties())
    if referrals:
        consequences.append(
            Consequence(text="Refer (移送): " + "; ".join(referrals) + ".", clause=REFERRAL_CLAUSE)
        )
    summary = "; ".join(f"{name} — {phrase}" for name, _, phrase in subjects)
    recommendation = f"Lost case ({triggers}) caused by {cause}: {summary}."
    if referrals:
        recommendation += " Referral (第十四条): " + "; ".join(referrals) + "."
    return _report(facts, overall, lines, notes, consequences, recommendation)


def _report_duty(facts: Facts) -> Consequence:
    """第十三条第一款: the agency's case analysis and rectification report within 2 months."""
    case = facts.lost_case
    start = f"received {case.received_date.isoformat()}"
    if REPORT_CLOCK_FROM_LATER_OF_RECEIPT_AND_EFFECT and case.effective_date > case.received_date:
        # Received before it took effect: the agency holds an effective document from then on.
        start += f", effective {case.effective_date.isoformat()}: counted from taking effect"
    to = (
        "the county-level judicial administration (乡镇街道向县级报告)"
        if facts.agency.level is AgencyLevel.TOWNSHIP
        else f"the same-level ({facts.agency.level.value}) judicial administration "
        "(同级司法行政机关)"
    )
    return Consequence(
        text=f"{facts.agency.name} submits a case analysis and rectification report (案件分析整改"
        f"报告: causes of the loss, rectification measures, accountability proposals) to {to} "
        f"within 2 months of receiving the effective document ({start}).",
        clause=f"{DOC} 第十三条第一款",
    )


def _handling_duties() -> list[Consequence]:
    """第十三条第二款、第三款: review and referral by the judicial administration; feedback."""
    return [
        Consequence(
            text="The judicial administration reviews the report promptly (及时审核) and, where "
            "accountability is due, proposes handling and refers it to the appointing authority "
            "(任免机关) or the discipline-inspection body (纪检监察机关).",
            clause=f"{DOC} 第十三条第二款",
        ),
        Consequence(
            text="The agency feeds the handling result back to the judicial administration within "
            "3 working days of the handling decision, copying the same-level discipline-inspection "
            "body (抄送同级纪检监察机关).",
            clause=f"{DOC} 第十三条第三款",
        ),
    ]


def _report(
    facts: Facts,
    conclusion: Conclusion,
    lines: list[ScoreLine],
    notes: list[str],
    consequences: list[Consequence],
    recommendation: str,
) -> ScoreReport:
    return ScoreReport(
        kind=KIND,
        subject_id=facts.case_id,
        total=None,
        grade=conclusion.value,
        recommendation=recommendation,
        groups=GROUPS,
        lines=lines,
        consequences=consequences,
        notes=notes,
    )
