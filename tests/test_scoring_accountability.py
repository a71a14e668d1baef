"""Lost-case accountability (行政案件败诉追责, 衢政办发〔2023〕5号): worked examples by hand.

Every expectation below is read off the regulation (seed 001 lines 868–980), not off the code:
the docstring of each test says which clause gives it and how.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring
from bench.generators.accountability import random_facts
from scoring import accountability as acc
from scoring.accountability import SEVERITY, Conclusion, Facts, score
from scoring.report import ScoreLine, ScoreReport
from tests.scoring_invariants import assert_described, assert_refused, assert_report_invariants

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scoring"
DOC = "衢政办发〔2023〕5号"


def person(pid: str = "P1", name: str = "王建华", **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "name": name,
        "role": "directly_responsible",
        "position": "执法队员",
        "unit": "衢州市柯城区综合行政执法局府山中队",
        **extra,
    }


def earlier(case_id: str, act_date: str, ground: str = "procedure_violated", **extra: Any) -> Any:
    return {"case_id": case_id, "act_date": act_date, "ground": ground, **extra}


def facts(
    *,
    outcomes: list[str] | None = None,
    grounds: list[str] | None = None,
    circumstances: dict[str, Any] | None = None,
    persons: list[dict[str, Any]] | None = None,
    act_date: str = "2024-03-10",
    effective_date: str = "2024-09-02",
    received_date: str = "2024-09-04",
    level: str = "county",
) -> dict[str, Any]:
    """A lost case: a penalty revoked (第五条(二)) for a procedure violation (第六条(三))."""
    return {
        "case_id": "QZSF-ZR-2024-017",
        "agency": {"name": "衢州市柯城区综合行政执法局", "level": level},
        "lost_case": {
            "body": "court",
            "body_name": "衢州市柯城区人民法院",
            "document_number": "(2024)浙0802行初45号",
            "outcomes": [
                {"item": o, "details": "判决主文" if o == "other" else ""}
                for o in (["revoked_or_changed"] if outcomes is None else outcomes)
            ],
            "act_date": act_date,
            "effective_date": effective_date,
            "received_date": received_date,
        },
        "grounds": [
            {"item": g, "details": "处罚前未告知听证权利"}
            for g in (["procedure_violated"] if grounds is None else grounds)
        ],
        "circumstances": circumstances or {},
        "persons": [person()] if persons is None else persons,
    }


def run(raw: dict[str, Any]) -> ScoreReport:
    report = score(Facts.model_validate(raw))
    assert_report_invariants(report)
    assert report.kind == "accountability"
    assert report.total is None
    assert all(line.points is None and line.max_points is None for line in report.lines)
    return report


def ids(report: ScoreReport) -> list[str]:
    return [line.indicator for line in report.lines]


def line(report: ScoreReport, indicator: str) -> ScoreLine:
    found = [x for x in report.lines if x.indicator == indicator]
    assert len(found) == 1, (indicator, ids(report))
    return found[0]


def conclusion(report: ScoreReport, subject: str) -> Conclusion:
    """The code at the end of a subject's conclusion line, e.g. '... [aggravated]'."""
    match = re.search(r"\[(\w+)\]$", line(report, f"conclusion.{subject}").reason)
    assert match, subject
    return Conclusion(match.group(1))


def clauses(report: ScoreReport) -> list[str]:
    return [c.clause for c in report.consequences]


# --- 第五条, 第六条: is it a lost case, and is there a ground -----------------------------------


def test_not_a_lost_case() -> None:
    """第五条 lists (一)–(五); a decision with none of them (the agency won) is not a lost
    case: one line trigger.none, grade not_lost, no 第十三条 duties."""
    report = run(facts(outcomes=[]))
    assert report.grade == "not_lost"
    assert ids(report) == ["trigger.none"]
    assert report.lines[0].clause == f"{DOC} 第五条"
    assert report.consequences == []
    assert report.recommendation and "Not a lost case" in report.recommendation


@pytest.mark.parametrize(
    ("outcome", "number"),
    [
        ("confirmed_illegal", "一"),
        ("revoked_or_changed", "二"),
        ("ordered_to_act", "三"),
        ("ordered_restitution", "四"),
        ("other", "五"),
    ],
)
def test_each_outcome_of_article_5_is_a_lost_case(outcome: str, number: str) -> None:
    """Each of 第五条(一)–(五) alone makes a lost case; with the 第六条(三) ground and no
    circumstance, accountability applies."""
    report = run(facts(outcomes=[outcome]))
    assert line(report, f"trigger.{outcome}").clause == f"{DOC} 第五条({number})"
    assert report.grade == "applies"


def test_lost_without_ground_is_not_pursued() -> None:
    """第六条 requires one of its faults to have caused the loss; with none there is nobody to
    hold accountable (grade no_ground), but the agency's analysis report of 第十三条第一款 is
    still due because the case was lost; no handling, so no 第十三条第二款/第三款."""
    report = run(facts(grounds=[]))
    assert report.grade == "no_ground"
    assert ids(report) == ["trigger.revoked_or_changed", "grounds.none"]
    assert clauses(report) == [f"{DOC} 第十三条第一款"]


@pytest.mark.parametrize(
    ("ground", "number"),
    [
        ("facts_unclear", "一"),
        ("power_exceeded_or_abused", "二"),
        ("procedure_violated", "三"),
        ("manifestly_improper", "四"),
        ("law_misapplied", "五"),
        ("duty_not_performed", "六"),
        ("other_illegal", "七"),
    ],
)
def test_each_ground_of_article_6(ground: str, number: str) -> None:
    """第六条(一)–(七) each require accountability (应当追究)."""
    report = run(facts(grounds=[ground]))
    assert line(report, f"grounds.{ground}").clause == f"{DOC} 第六条({number})"
    assert report.grade == "applies"


def test_plain_case_lists_every_sanction_and_the_process() -> None:
    """One ground, one directly responsible person, no circumstance:
    - 第十条: the person is liable (line liable.person.P1, 直接责任人员);
    - 第十一条(一)–(四): 4 methods for the agency; 第十二条(一)–(五): 5 for the person,
      all listed because the Measures rank none of them;
    - 第十三条: report within 2 months (第一款), review and referral (第二款), feedback within
      3 working days copying the discipline-inspection body (第三款).
    Lines: 1 trigger + 1 ground + 1 liable + 2 conclusions + 4 + 5 sanctions = 14."""
    report = run(facts())
    assert report.grade == "applies"
    assert len(report.lines) == 14
    assert line(report, "liable.person.P1").label == "直接责任人员"
    assert line(report, "liable.person.P1").clause == f"{DOC} 第十条"
    assert [x.clause for x in report.lines if x.indicator.startswith("sanctions.agency.")] == [
        f"{DOC} 第十一条({n})" for n in "一二三四"
    ]
    person_sanctions = [x for x in report.lines if x.indicator.startswith("sanctions.person.P1.")]
    assert [x.label for x in person_sanctions] == [
        "谈话提醒",
        "批评教育",
        "责令作出书面检查",
        "处分",
        "法律、法规、规章规定的其他方式",
    ]
    assert [x.clause for x in person_sanctions] == [f"{DOC} 第十二条({n})" for n in "一二三四五"]
    assert all("all remain open" in x.reason for x in person_sanctions)
    assert clauses(report) == [f"{DOC} 第十三条第{n}款" for n in "一二三"]
    first, _, third = report.consequences
    assert "2 months" in first.text and "same-level (county)" in first.text
    assert "received 2024-09-04" in first.text
    assert "3 working days" in third.text and "抄送同级纪检监察机关" in third.text
    assert conclusion(report, "agency") is Conclusion.APPLIES
    assert conclusion(report, "person.P1") is Conclusion.APPLIES


def test_township_reports_to_the_county_level() -> None:
    """第十三条第一款: 乡镇街道向县级报告."""
    report = run(facts(level="township"))
    assert "county-level judicial administration" in report.consequences[0].text


def test_report_clock_from_effect_when_received_before() -> None:
    """A first-instance judgment received 2024-08-20 that took effect 2024-09-02 (no appeal):
    the agency holds an *effective* document from 2024-09-02, the later date
    (REPORT_CLOCK_FROM_LATER_OF_RECEIPT_AND_EFFECT)."""
    report = run(facts(received_date="2024-08-20", effective_date="2024-09-02"))
    text = report.consequences[0].text
    assert "received 2024-08-20, effective 2024-09-02: counted from taking effect" in text


def test_measures_not_yet_in_force_is_noted() -> None:
    """第十五条: in force 2023-04-01; a decision effective 2023-03-31 gets a note."""
    report = run(facts(act_date="2022-10-01", effective_date="2023-03-31"))
    assert any("2023-04-01" in note for note in report.notes)
    assert not run(facts(effective_date="2023-04-01", act_date="2022-10-01")).notes


# --- 第七条(一): the same person, the same kind of fault, 2 or more times within 1 year --------


def repeat_case(current_act: str, earlier_act: str, **extra: Any) -> ScoreReport:
    return run(
        facts(
            act_date=current_act,
            effective_date="2025-12-01",
            persons=[person(earlier_findings=[earlier("QZSF-ZR-2023-009", earlier_act, **extra)])],
        )
    )


def test_repeat_exactly_one_year_apart_counts() -> None:
    """Earlier procedure violation on 2023-03-10, this one on 2024-03-10: 1 year counted from
    2023-03-10 ends on the corresponding day 2024-03-10, and 1年内 includes it (内 = 以内). The
    current case is one of the times: 1 earlier + 1 current = 2 ≥ 2 (2次以上 includes 2) → 从重."""
    report = repeat_case("2024-03-10", "2023-03-10")
    repeat = line(report, "aggravating.person.P1.repeat_fault")
    assert repeat.clause == f"{DOC} 第七条(一)"
    assert "2 faults" in repeat.reason and "2023-03-10" in repeat.reason
    assert conclusion(report, "person.P1") is Conclusion.AGGRAVATED
    assert conclusion(report, "agency") is Conclusion.APPLIES  # 第七条(一) is about persons
    assert report.grade == "aggravated"


def test_repeat_one_day_over_a_year_does_not_count() -> None:
    """2023-03-10 → 2024-03-11 is one day beyond the corresponding day: outside 1年内, so only
    1 time (the current) < 2; a note says why the earlier finding was not counted."""
    report = repeat_case("2024-03-11", "2023-03-10")
    assert "aggravating.person.P1.repeat_fault" not in ids(report)
    assert report.grade == "applies"
    assert any("QZSF-ZR-2023-009" in n and "more than 1 year" in n for n in report.notes)


def test_repeat_leap_day_corresponding_day_is_the_month_end() -> None:
    """Earlier act 2024-02-29: 2025 has no 29 February, so 1 year ends on the month's last day,
    2025-02-28 (民法典 第二百零二条): an act on 2025-02-28 is within, on 2025-03-01 it is not."""
    assert repeat_case("2025-02-28", "2024-02-29").grade == "aggravated"
    assert repeat_case("2025-03-01", "2024-02-29").grade == "applies"


def test_repeat_counts_a_later_act_found_earlier() -> None:
    """Judgments come late: an earlier *finding* may be about an act done 2024-09-01, after
    this case's act of 2024-03-10 — 6 months apart, same kind: 2 faults within 1 year → 从重.
    Exactly 1 year after (2025-03-10) still counts; 2025-03-11 does not."""
    assert repeat_case("2024-03-10", "2024-09-01").grade == "aggravated"
    assert repeat_case("2024-03-10", "2025-03-10").grade == "aggravated"
    assert repeat_case("2024-03-10", "2025-03-11").grade == "applies"


def test_repeat_needs_the_same_kind() -> None:
    """同类: an earlier 第六条(一) fault does not repeat this 第六条(三) one."""
    report = repeat_case("2024-03-10", "2023-12-01", ground="facts_unclear")
    assert report.grade == "applies"
    assert any("kind (facts_unclear)" in n for n in report.notes)


def test_repeat_ignores_an_exempted_earlier_case() -> None:
    """An earlier case that ended as 不予追究 (第九条) established no fault
    (REPEAT_COUNTS_EXEMPTED_FINDINGS = False): 1 time only."""
    report = repeat_case("2024-03-10", "2023-12-01", exempted=True)
    assert report.grade == "applies"
    assert any("不予追究" in n for n in report.notes)


def test_repeat_catch_all_ground_is_not_a_kind() -> None:
    """第六条(七) 其他违法行为 names no kind (REPEAT_OTHER_GROUND_IS_ONE_KIND = False): two
    such findings 3 months apart are not presumed alike."""
    report = run(
        facts(
            grounds=["other_illegal"],
            persons=[person(earlier_findings=[earlier("E1", "2023-12-10", "other_illegal")])],
        )
    )
    assert report.grade == "applies"
    assert any("catch-all" in n for n in report.notes)


def test_repeat_only_for_the_persons_own_grounds() -> None:
    """The case has 第六条(一) and (三); the leader answers for (一) only, so an earlier
    (三) fault of hers is another kind for this case."""
    leader = person(grounds=["facts_unclear"], earlier_findings=[earlier("E1", "2024-01-05")])
    report = run(facts(grounds=["facts_unclear", "procedure_violated"], persons=[leader]))
    assert report.grade == "applies"


def test_repeat_three_earlier_in_window_one_line() -> None:
    """Three earlier 第六条(三) faults on 2023-04-01, 2023-08-01, 2024-01-01 and this one on
    2024-03-10: all within [2023-03-10, 2024-03-10] → 4 faults, one line."""
    report = run(
        facts(
            persons=[
                person(
                    earlier_findings=[
                        earlier("E1", "2023-04-01"),
                        earlier("E2", "2023-08-01"),
                        earlier("E3", "2024-01-01"),
                    ]
                )
            ]
        )
    )
    assert "4 faults" in line(report, "aggravating.person.P1.repeat_fault").reason


def test_repeat_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    """With REPEAT_MIN_TIMES = 3: earlier faults 11 months before and 11 months after this act
    (2024-03-10) are 22 months apart, so no 12-month window holds all three (2 < 3); with them
    6 months before (2023-09-10) and 5 months after (2024-08-10), the window from 2023-09-10 to
    2024-09-10 holds all 3 → 从重. With REPEAT_COUNTS_CURRENT_CASE = False and the minimum back
    at 2, one earlier fault is not enough, two within the window are."""
    monkeypatch.setattr(acc.repeat, "REPEAT_MIN_TIMES", 3)
    far = [earlier("E1", "2023-04-10"), earlier("E2", "2025-02-10")]
    near = [earlier("E1", "2023-09-10"), earlier("E2", "2024-08-10")]
    assert run(facts(persons=[person(earlier_findings=far)])).grade == "applies"
    assert run(facts(persons=[person(earlier_findings=near)])).grade == "aggravated"
    monkeypatch.setattr(acc.repeat, "REPEAT_MIN_TIMES", 2)
    monkeypatch.setattr(acc.repeat, "REPEAT_COUNTS_CURRENT_CASE", False)
    one = [earlier("E1", "2023-09-10")]
    assert run(facts(persons=[person(earlier_findings=one)])).grade == "applies"
    assert run(facts(persons=[person(earlier_findings=near)])).grade == "aggravated"


# --- 第七条(二)–(五), 第八条, 第九条 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "number"),
    [
        ("evidence_obstruction", "二"),
        ("retaliation", "三"),
        ("serious_loss", "四"),
        ("other", "五"),
    ],
)
def test_aggravating_items(item: str, number: str) -> None:
    """第七条(二)–(五) at case level: 应当从重 for the unit and every person."""
    finding = {"item": item, "details": "调查中发现" if item == "other" else ""}
    report = run(facts(circumstances={"aggravating": [finding]}))
    assert line(report, f"aggravating.case.{item}").clause == f"{DOC} 第七条({number})"
    assert conclusion(report, "agency") is Conclusion.AGGRAVATED
    assert conclusion(report, "person.P1") is Conclusion.AGGRAVATED
    assert report.grade == "aggravated"


def correction(corrected_on: str, by_self: bool = True, avoided: bool = True) -> dict[str, Any]:
    return {"discovered_by_self": by_self, "corrected_on": corrected_on, "loss_avoided": avoided}


def test_self_correction_before_effect_mitigates() -> None:
    """第八条第一款: found by itself, corrected 2024-09-01, the day before the judgment took
    effect (2024-09-02), loss avoided → 应当从轻或者减轻."""
    report = run(facts(circumstances={"self_correction": correction("2024-09-01")}))
    assert line(report, "mitigating.case.self_correction").clause == f"{DOC} 第八条第一款"
    assert report.grade == "mitigated"


@pytest.mark.parametrize(
    ("fact", "why"),
    [
        (correction("2024-09-02"), "did not precede"),  # on the effective day: not 生效前
        (correction("2024-09-20"), "did not precede"),
        (correction("2024-09-01", by_self=False), "own initiative"),
        (correction("2024-09-01", avoided=False), "did not avoid"),
    ],
)
def test_self_correction_not_meeting_article_8(fact: dict[str, Any], why: str) -> None:
    """第八条第一款 needs all of: 主动发现, 生效前纠正 (a correction on the effective day
    2024-09-02 cannot be shown to precede it: SELF_CORRECTION_ON_EFFECTIVE_DAY_COUNTS = False),
    有效避免损失或者挽回影响. Missing one → no mitigation, and a note says which."""
    report = run(facts(circumstances={"self_correction": fact}))
    assert report.grade == "applies"
    assert any(why in n for n in report.notes)


def test_minor_fault_may_mitigate() -> None:
    """第八条第二款: 情节轻微,损害和影响较小 → 可以从轻或者减轻."""
    report = run(
        facts(persons=[person(circumstances={"minor_fault": {"details": "签批疏忽,未造成损失"}})])
    )
    minor = line(report, "mitigating.person.P1.minor_fault")
    assert minor.clause == f"{DOC} 第八条第二款" and "可以从轻或者减轻" in minor.reason
    assert conclusion(report, "person.P1") is Conclusion.MITIGATED
    assert conclusion(report, "agency") is Conclusion.APPLIES
    # The grade is the heaviest conclusion: the agency's "applies" (4) over "mitigated" (3).
    assert report.grade == "applies"


def test_aggravating_and_mitigating_both_stand() -> None:
    """Retaliation (第七条(三)) and a self-correction (第八条第一款): the Measures give neither
    precedence, so both are reported and the conclusion is aggravated_mitigated."""
    report = run(
        facts(
            circumstances={
                "aggravating": [{"item": "retaliation"}],
                "self_correction": correction("2024-08-01"),
            }
        )
    )
    assert "aggravating.case.retaliation" in ids(report)
    assert "mitigating.case.self_correction" in ids(report)
    assert report.grade == "aggravated_mitigated"
    assert "both stand" in line(report, "conclusion.person.P1").reason


@pytest.mark.parametrize(
    ("item", "number"),
    [
        ("counterpart_falsified", "一"),
        ("basis_unclear", "二"),
        ("force_majeure", "三"),
        ("other", "四"),
    ],
)
def test_exempt_items_stop_every_sanction(item: str, number: str) -> None:
    """第九条(一)–(四): 不予追究 — no sanction proposed for anyone (sanctions.*.none only), no
    handling so no 第十三条第二款/第三款; the analysis report of 第一款 stays due."""
    finding = {"item": item, "details": "经查属实" if item == "other" else ""}
    report = run(facts(circumstances={"exempt": [finding]}))
    assert line(report, f"exempt.case.{item}").clause == f"{DOC} 第九条({number})"
    assert report.grade == "exempt"
    sanctions = [x.indicator for x in report.lines if x.group == "sanctions"]
    assert sanctions == ["sanctions.agency.none", "sanctions.person.P1.none"]
    assert clauses(report) == [f"{DOC} 第十三条第一款"]


def test_exempt_prevails_over_aggravating_which_is_still_reported() -> None:
    """Counterpart falsified (第九条(一)) and evidence destroyed (第七条(二)): 不予追究 is
    mandatory, so the conclusion is exempt; the aggravating finding is still listed."""
    report = run(
        facts(
            circumstances={
                "exempt": [{"item": "counterpart_falsified"}],
                "aggravating": [{"item": "evidence_obstruction"}],
            }
        )
    )
    assert report.grade == "exempt"
    assert "aggravating.case.evidence_obstruction" in ids(report)


def test_person_level_exemption_leaves_the_agency() -> None:
    """Force majeure kept only one person from acting (第九条(三) for that person): she is
    exempt, the agency and the other person are not."""
    report = run(
        facts(
            persons=[
                person("P1", circumstances={"exempt": [{"item": "force_majeure"}]}),
                person("P2", "徐丽萍"),
            ]
        )
    )
    assert conclusion(report, "person.P1") is Conclusion.EXEMPT
    assert conclusion(report, "person.P2") is Conclusion.APPLIES
    assert "sanctions.person.P1.none" in ids(report)
    assert "sanctions.person.P2.disciplinary_sanction" in ids(report)
    assert report.grade == "applies"


@pytest.mark.parametrize(
    "item", ["reform_inexperience", "exploratory_trial", "unintentional_development"]
)
def test_may_exempt_is_for_the_authority(item: str) -> None:
    """第九条第二款: 可以不予或者免于追究 — flagged, sanctions still listed as possible."""
    report = run(facts(circumstances={"may_exempt": [{"item": item}]}))
    assert line(report, f"exempt.case.{item}").clause == f"{DOC} 第九条第二款"
    assert report.grade == "may_exempt"
    sanction = line(report, "sanctions.person.P1.reminder_talk")
    assert "possible only if the authority does not exempt" in sanction.reason
    assert f"{DOC} 第十三条第三款" in clauses(report)


def test_may_exempt_with_aggravation_says_both() -> None:
    """May be exempt (第九条第二款) but serious loss (第七条(四)): the authority decides on the
    exemption first; if it does not exempt, 从重."""
    report = run(
        facts(
            circumstances={
                "may_exempt": [{"item": "exploratory_trial"}],
                "aggravating": [{"item": "serious_loss"}],
            }
        )
    )
    assert report.grade == "may_exempt"
    assert "if not exempted, accountability applies, 从重" in (report.recommendation or "")


# --- 第十条, 第十四条 ---------------------------------------------------------------------------


def test_transfer_and_reorganisation_do_not_end_liability() -> None:
    """第十条: 不因单位组织机构调整或人员工作调动而免于追究."""
    raw = facts(persons=[person(current_unit="衢州市柯城区综合行政执法局法制科")])
    raw["agency"]["reorganised"] = True
    report = run(raw)
    assert (
        "transferred to 衢州市柯城区综合行政执法局法制科" in line(report, "liable.person.P1").reason
    )
    assert "Reorganised" in line(report, "conclusion.agency").reason
    assert report.grade == "applies"


def test_no_person_named_is_noted() -> None:
    """第十条 asks for the responsible leaders and directly responsible persons; none named →
    a note, and the agency alone is assessed."""
    report = run(facts(persons=[]))
    assert report.grade == "applies"
    assert any("No person is named" in n for n in report.notes)


@pytest.mark.parametrize(
    ("route", "handling"),
    [
        ("discipline", "移送纪检监察机关处理"),
        ("organisational", "移送组织人事部门处理"),
        ("crime", "依法处理"),
    ],
)
def test_referral_routes(route: str, handling: str) -> None:
    """第十四条: 党纪政务处分 → 纪检监察机关; 组织处理 → 组织人事部门; 涉嫌犯罪 → 依法处理."""
    report = run(facts(persons=[person(referrals=[route])]))
    assert handling in line(report, f"referral.person.P1.{route}").reason
    assert report.consequences[-1].clause == f"{DOC} 第十四条"
    assert handling in (report.recommendation or "")


def test_referral_survives_exemption() -> None:
    """第九条 exempts from accountability under these Measures; a suspected crime is still
    handled by law (第十四条)."""
    report = run(
        facts(
            circumstances={"exempt": [{"item": "basis_unclear"}]},
            persons=[person(referrals=["crime"])],
        )
    )
    assert report.grade == "exempt"
    assert "not this route" in line(report, "referral.person.P1.crime").reason


# --- Bad input ---------------------------------------------------------------------------------


def bad(raw: dict[str, Any], field: str) -> None:
    assert_refused(Facts, raw, field)


def test_refuses_unknown_field_and_enum() -> None:
    raw = facts()
    raw["lost_case"]["judge"] = "x"
    bad(raw, "lost_case.judge")
    raw = facts(grounds=["rudeness"])
    bad(raw, "grounds.0.item")
    raw = facts()
    raw["agency"]["level"] = "province"
    bad(raw, "agency.level")
    raw = facts()
    del raw["lost_case"]["effective_date"]
    bad(raw, "lost_case.effective_date")


def test_refuses_inconsistent_dates() -> None:
    bad(facts(act_date="2024-09-03", effective_date="2024-09-02"), "lost_case.act_date")
    bad(
        facts(circumstances={"self_correction": correction("2024-03-09")}),
        "circumstances.self_correction.corrected_on",
    )
    bad(facts(effective_date="2024-02-30"), "lost_case.effective_date")


def test_refuses_duplicates_and_unknown_references() -> None:
    bad(facts(grounds=["facts_unclear", "facts_unclear"]), "grounds")
    bad(facts(outcomes=["other", "other"]), "lost_case.outcomes")
    bad(facts(persons=[person("P1"), person("P1")]), "persons[1].id")
    bad(facts(persons=[person(grounds=["law_misapplied"])]), "persons[0].grounds")
    bad(facts(persons=[person(grounds=[])]), "persons.0.grounds")
    bad(facts(persons=[person("P.1")]), "persons.0.id")
    twice = [earlier("E1", "2024-01-01"), earlier("E1", "2024-01-01")]
    bad(facts(persons=[person(earlier_findings=twice)]), "persons[0].earlier_findings[1]")
    itself = [earlier("QZSF-ZR-2024-017", "2024-01-01")]
    bad(facts(persons=[person(earlier_findings=itself)]), "earlier_findings[0].case_id")
    bad(facts(circumstances={"exempt": [{"item": "force_majeure"}] * 2}), "exempt")


def test_refuses_other_items_without_details_and_empty_ground_details() -> None:
    raw = facts(outcomes=["other"])
    raw["lost_case"]["outcomes"][0]["details"] = ""
    bad(raw, "details")
    bad(facts(circumstances={"aggravating": [{"item": "other"}]}), "第七条(五)")
    bad(facts(circumstances={"exempt": [{"item": "other"}]}), "第九条(四)")
    raw = facts()
    raw["grounds"][0]["details"] = "  "
    bad(raw, "grounds.0.details")


def test_refuses_serious_loss_with_minor_fault() -> None:
    """第七条(四) serious loss and 第八条第二款 small damage contradict each other, also across
    the case and a person."""
    serious = {"aggravating": [{"item": "serious_loss"}]}
    minor = {"minor_fault": {"details": "轻微"}}
    bad(facts(circumstances={**serious, **minor}), "minor_fault")
    bad(facts(circumstances=serious, persons=[person(circumstances=minor)]), "persons[0]")


def test_schema_describes_every_field() -> None:
    """The JSON Schema is the contract agency systems code against: every property has a
    description."""
    assert_described(Facts)


# --- Examples, registry, generator ---------------------------------------------------------------

EXPECTED = {
    "accountability.json": "aggravated",
    "accountability-exempt.json": "exempt",
    "accountability-may-exempt.json": "may_exempt",
    "accountability-aggravated.json": "aggravated",
}


def test_every_example_validates_and_scores() -> None:
    """The examples: 王建华 repeats a 第六条(三) fault within 1 year (2022-09-20 → 2023-06-12)
    → aggravated; a forged shareholder resolution (第九条(一)) → exempt; a pilot-reform error
    (第九条第二款) → may_exempt; serious loss + a repeat + tampered evidence → aggravated."""
    files = sorted(EXAMPLES.glob("accountability*.json"))
    assert {f.name for f in files} == set(EXPECTED)
    for file in files:
        report = scoring.kind("accountability").score_raw(json.loads(file.read_text("utf-8")))
        assert isinstance(report, ScoreReport)
        assert_report_invariants(report)
        assert report.grade == EXPECTED[file.name], file.name


def test_main_example_by_hand() -> None:
    """accountability.json: 徐丽萍 answers for both grounds and claims 第八条第二款 → mitigated;
    王建华 answers for 第六条(三) only, with an earlier (三) act 2022-09-20, 265 days before
    2023-06-12 → 2 times in 1 year → aggravated; the agency: applies. Heaviest: aggravated."""
    raw = json.loads((EXAMPLES / "accountability.json").read_text("utf-8"))
    report = run(raw)
    assert conclusion(report, "agency") is Conclusion.APPLIES
    assert conclusion(report, "person.KC-ZF-0231") is Conclusion.AGGRAVATED
    assert conclusion(report, "person.KC-ZF-0087") is Conclusion.MITIGATED


# --- Properties ----------------------------------------------------------------------------------

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(st.randoms(use_true_random=False))
def test_random_subjects_keep_the_invariants(rng: random.Random) -> None:
    """Any realistic input validates, keeps the report invariants, and its grade is the
    heaviest of the subjects' conclusions."""
    report = run(random_facts(rng))
    subjects = [x for x in report.lines if x.group == "conclusion"]
    if report.grade in ("not_lost", "no_ground"):
        assert not subjects
    else:
        codes = [conclusion(report, x.indicator.removeprefix("conclusion.")) for x in subjects]
        assert report.grade == max(codes, key=SEVERITY.__getitem__).value


def grade_severity(report: ScoreReport) -> int:
    assert report.grade is not None
    return SEVERITY[Conclusion(report.grade)]


def severities(report: ScoreReport) -> dict[str, int]:
    return {
        x.indicator: SEVERITY[conclusion(report, x.indicator.removeprefix("conclusion."))]
        for x in report.lines
        if x.group == "conclusion"
    }


def _scopes(raw: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The case's circumstances or a random person's."""
    if raw["persons"] and rng.random() < 0.5:
        chosen: dict[str, Any] = rng.choice(raw["persons"])
        own: dict[str, Any] = chosen.setdefault("circumstances", {})
        return own
    circumstances: dict[str, Any] = raw["circumstances"]
    return circumstances


def _has_minor(raw: dict[str, Any]) -> bool:
    scopes = [raw["circumstances"], *(p.get("circumstances", {}) for p in raw["persons"])]
    return any("minor_fault" in s for s in scopes)


def _add_heavier(raw: dict[str, Any], rng: random.Random) -> None:
    """A verified aggravating fact: a 第七条 item, or an earlier same-kind fault in the window."""
    people = [p for p in raw["persons"] if raw["grounds"]]
    if people and rng.random() < 0.5:
        chosen = rng.choice(people)
        kinds = chosen.get("grounds") or [g["item"] for g in raw["grounds"]]
        chosen["earlier_findings"].append(
            earlier("QZSF-ZR-2020-999", raw["lost_case"]["act_date"], rng.choice(kinds))
        )
        return
    scope = _scopes(raw, rng)
    present = {a["item"] for a in scope.get("aggravating", [])}
    options = ["evidence_obstruction", "retaliation", "other"]
    if not _has_minor(raw):
        options.append("serious_loss")
    free = [o for o in options if o not in present]
    if free:
        scope.setdefault("aggravating", []).append({"item": rng.choice(free), "details": "查实"})


def _add_lighter(raw: dict[str, Any], rng: random.Random) -> None:
    """An exempting or mitigating fact."""
    scope = _scopes(raw, rng)
    kind = rng.choice(["exempt", "may_exempt", "self_correction"])
    if kind == "self_correction":
        # Corrected on the act day: the generator's effect comes 60+ days later.
        scope["self_correction"] = correction(raw["lost_case"]["act_date"])
        return
    items = (
        ["counterpart_falsified", "basis_unclear", "force_majeure"]
        if kind == "exempt"
        else ["reform_inexperience", "exploratory_trial", "unintentional_development"]
    )
    present = {e["item"] for e in scope.get(kind, [])}
    free = [i for i in items if i not in present]
    if free:
        scope.setdefault(kind, []).append({"item": rng.choice(free)})


@PROPS
@given(st.randoms(use_true_random=False))
def test_a_verified_aggravating_fact_never_lightens(rng: random.Random) -> None:
    """Adding a 第七条 fact (or an earlier same-kind fault of the same day) never lowers the
    grade nor any subject's conclusion."""
    raw = random_facts(rng)
    before = run(raw)
    heavier = copy.deepcopy(raw)
    _add_heavier(heavier, rng)
    after = run(heavier)
    assert grade_severity(after) >= grade_severity(before)
    old, new = severities(before), severities(after)
    assert all(new[k] >= old[k] for k in old)


@PROPS
@given(st.randoms(use_true_random=False))
def test_an_exempting_or_mitigating_fact_never_makes_it_heavier(rng: random.Random) -> None:
    """Adding a 第八条 or 第九条 fact never raises the grade nor any subject's conclusion."""
    raw = random_facts(rng)
    before = run(raw)
    lighter = copy.deepcopy(raw)
    _add_lighter(lighter, rng)
    after = run(lighter)
    assert grade_severity(after) <= grade_severity(before)
    old, new = severities(before), severities(after)
    assert all(new[k] <= old[k] for k in old)


def test_generator_covers_every_conclusion() -> None:
    """The bench generator yields valid input for every conclusion code."""
    rng = random.Random(5)
    grades = {run(random_facts(rng)).grade for _ in range(600)}
    assert grades == {c.value for c in Conclusion}
