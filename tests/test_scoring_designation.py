"""Designation evaluation (医保定点 综合评估, 衢医保发〔2023〕8号 二(三)3, 附件4 表1/表2).

Every expectation below is computed by hand from the regulation, with the arithmetic in the
test's docstring or next to the case.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import scoring
from bench.generators.designation import random_facts
from scoring.designation import KIND, Facts, score
from scoring.report import ScoreReport
from tests.scoring_invariants import assert_described, assert_refused, assert_report_invariants

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scoring"
MED = "衢医保发〔2023〕8号 附件4 表1"
PHA = "衢医保发〔2023〕8号 附件4 表2"

# Per test, not a global profile: other test modules share the hypothesis settings.
bounded = settings(max_examples=100, deadline=None)
# Subjects from the benchmark generator, seeded by hypothesis: realistic applicants, cheap to
# draw. `st.randoms()` (hypothesis driving every draw, down to extreme values) is used once,
# with fewer examples, because it draws a few hundred values per subject.
seeds = st.integers(min_value=0, max_value=2**32 - 1).map(random.Random)


# ---------------------------------------------------------------------------------------------
# Full-marks applicants, then one fact changed per test
# ---------------------------------------------------------------------------------------------


def medical(**top: Any) -> dict[str, Any]:
    """A medical institution scoring every row's maximum (2+3+7+5+15+5+5+2+8+17+4+5+2+10+10 =
    100) with one evaluator judging 2 (rules) and 2 (environment)."""
    facts: dict[str, Any] = {
        "variant": "medical_institution",
        "institution_id": "92330802MA2DK7Q45R",
        "institution_name": "衢州柯城仁和中医门诊部",
        "category": "general",
        "public_institution": False,
        "evaluation_date": "2024-06-15",
        "basic": {
            "operating_time": True,
            "physician_and_premises": True,
            "insurance_management": True,
            "management_rules": True,
            "information_system": True,
            "base_database": True,
            "practice_scope": True,
            "price_policy": True,
            "credit": True,
            "other_refusal_grounds": True,
        },
        "measured": {
            "unmaintained_database_entries": 0,
            "hardware": _clean_hardware(),
            "disclosure": _clean_disclosure(),
            "premises": {"owned": True, "floor_area_m2": 520, "missing_rooms": 0},
            "licence_date": "2021-01-10",
            "physicians": {
                "junior_physicians": 1,
                "intermediate_physicians": 0,
                "senior_physicians": 2,
                "rehired_retired_physicians": 0,
            },
            "basic_account_only": True,
            "ledger": {"accounts": "computerised", "mismatches": 0},
            "inventory": _clean_inventory(),
            "irregular_prescriptions": 0,
            "clinical_departments": 4,
            "procurement": {"platform_purchase_percent": 100, "settled_on_time": True},
            "layout": {"designated_in_community": 0, "same_type_in_community": 0},
            "penalties": {"warnings": 0, "other_penalties": 0},
        },
        "evaluators": [{"evaluator_id": "QZYB-ZJ-001", "rules_quality": 2, "environment": 2}],
    }
    facts.update(top)
    return facts


def pharmacy(**top: Any) -> dict[str, Any]:
    """A retail pharmacy scoring every row's maximum (2+3+4+12+3+5+5+2+8+17+5+2+7+5+10+10 =
    100) with one evaluator judging 2 and 2."""
    facts: dict[str, Any] = {
        "variant": "pharmacy",
        "institution_id": "91330803MA2DH3L8XN",
        "institution_name": "衢州百姓缘大药房连锁有限公司衢江樟潭店",
        "evaluation_date": "2024-06-15",
        "basic": {
            "operating_time": True,
            "pharmacist": True,
            "insurance_management": True,
            "drug_management": True,
            "management_rules": True,
            "information_system": True,
            "base_database": True,
            "price_policy": True,
            "credit": True,
            "business_scope": True,
            "other_refusal_grounds": True,
        },
        "measured": {
            "unmaintained_database_entries": 0,
            "disclosure": _clean_disclosure(),
            "premises": {"owned": True, "floor_area_m2": 420},
            "licence_date": "2022-05-01",
            "chain": True,
            "pharmacists": {
                "licensed_pharmacists": 2,
                "other_pharmacists": 1,
                "rehired_retired_pharmacists": 0,
            },
            "basic_account_only": True,
            "ledger": {"accounts": "computerised", "mismatches": 0},
            "inventory": _clean_inventory(),
            "display": {"nonconforming_items": 0, "positive_list_enforced": True},
            "insurance_labels": {"labels_set": True, "inaccurate_labels": 0},
            "hardware": _clean_hardware(),
            "catalogue_varieties": 800,
            "designated_pharmacies_in_community": 0,
            "penalties": {"warnings": 0, "other_penalties": 0},
        },
        "evaluators": [{"evaluator_id": "QZYB-ZJ-002", "rules_quality": 2, "environment": 2}],
    }
    facts.update(top)
    return facts


def _clean_hardware() -> dict[str, Any]:
    return {
        "missing_devices": 0,
        "network_isolated": True,
        "missing_monitoring_devices": 0,
        "misplaced_monitoring_positions": 0,
        "unclear_monitoring_devices": 0,
    }


def _clean_disclosure() -> dict[str, Any]:
    return {
        "prices_published": True,
        "statements_not_provided": 0,
        "verified_price_complaints": 0,
        "irregular_price_labels": 0,
    }


def _clean_inventory() -> dict[str, Any]:
    return {
        "computerised": True,
        "same_computer": True,
        "mismatched_varieties": 0,
        "unbound_months": 0,
        "incompletely_bound_months": 0,
        "missing_stocktake_months": 0,
        "stocktakes_missing_details": 0,
        "missing_purchase_fields": 0,
    }


def with_(facts: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy with `measured` facts changed: with_(f, premises__floor_area_m2=150)."""
    changed = copy.deepcopy(facts)
    for path, value in changes.items():
        target = changed["measured"]
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return changed


def run(raw: dict[str, Any]) -> ScoreReport:
    report = score(Facts.model_validate(raw))
    assert_report_invariants(report)
    return report


def points(report: ScoreReport, indicator: str) -> float | None:
    return next(line.points for line in report.lines if line.indicator == indicator)


def line_of(report: ScoreReport, indicator: str) -> Any:
    return next(line for line in report.lines if line.indicator == indicator)


# ---------------------------------------------------------------------------------------------
# The tables themselves
# ---------------------------------------------------------------------------------------------


def test_full_marks_medical_institution_is_100_and_passes() -> None:
    """Every row at its maximum: 2+3+7+5+15+5+5+2+8+17+4+5+2+10+10 = 100 ≥ 85 → 合格."""
    report = run(medical())
    assert report.kind == KIND == "designation-eval"
    assert report.variant == "medical_institution"
    assert report.subject_id == "92330802MA2DK7Q45R"
    assert report.total == 100
    assert report.passed is True and report.grade == "合格"
    assert not report.adjustments


def test_full_marks_pharmacy_is_100_and_passes() -> None:
    """Every row at its maximum: 2+3+4+12+3+5+5+2+8+17+5+2+7+5+10+10 = 100 ≥ 85 → 合格."""
    report = run(pharmacy())
    assert report.total == 100 and report.passed is True


@pytest.mark.parametrize(
    ("raw", "basic", "maxima", "table"),
    [
        (medical(), 10, [2, 3, 7, 5, 15, 5, 5, 2, 8, 17, 4, 5, 2, 10, 10], MED),
        (pharmacy(), 11, [2, 3, 4, 12, 3, 5, 5, 2, 8, 17, 5, 2, 7, 5, 10, 10], PHA),
    ],
    ids=["表1", "表2"],
)
def test_rows_counts_maxima_and_clauses_follow_the_tables(
    raw: dict[str, Any], basic: int, maxima: list[int], table: str
) -> None:
    """表1: 10 basic indicators, 15 scored rows; 表2: 11 and 16; the maxima add up to 100 and
    every line cites its row."""
    report = run(raw)
    basic_lines = [line for line in report.lines if line.group == "basic"]
    scored_lines = [line for line in report.lines if line.group == "scored"]
    assert len(basic_lines) == basic and all(line.points is None for line in basic_lines)
    assert [line.max_points for line in scored_lines] == maxima and sum(maxima) == 100
    for number, line in enumerate(basic_lines, 1):
        assert line.clause == f"{table} 基础指标 {number}"
    for number, line in enumerate(scored_lines, 1):
        assert line.clause == f"{table} 评估指标 {number}"
    assert len({line.indicator for line in report.lines}) == len(report.lines)


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------


def test_worked_example_medical_clinic_three_evaluators_fails_just_below_85() -> None:
    """examples/scoring/designation-eval-medical-institution.json, row by row (表1):
    1 judged 2, 1.5, 2; 2: 3 − 1 entry = 2; 3: 7 − 1 position = 6; 4: 5 − 1 label = 4;
    5: lease 5 years ≥ 3 → 3, 326.5 m² ≥ 300 → 4, rooms 3 − 0 = 3, environment judged 1.5, 1.5, 1;
    6: 2022-03-14 → 2024-05-21 is 26 months ≥ 24 → 5;
    7: 2 junior, 1 intermediate, 1 senior, 1 rehired: 2 + 1 + 2 + 0.5 = 5.5 → at most 5;
    8: 2; 9: 8 − 1 = 7; 10: 17 − 1 variety − 1 incompletely bound month − 3 × 0.2 = 14.4;
    11: 4 − 0.5 = 3.5; 12: 4 departments: 2 + 3 = 5; 13: private, 86.5% > 0, settled → 2;
    14: 3 designated (< 4), 1 of the same type → 5; 15: 10.
    Measured: 2+6+4+10+5+5+2+7+14.4+3.5+5+2+5+10 = 80.9.
    Evaluators: 80.9 + 2 + 1.5 = 84.4; 80.9 + 1.5 + 1.5 = 83.9; 80.9 + 2 + 1 = 83.9.
    Average (84.4 + 83.9 + 83.9) / 3 = 252.2 / 3 = 84.0667 < 85 → 不合格."""
    raw = json.loads((EXAMPLES / "designation-eval-medical-institution.json").read_text("utf-8"))
    report = run(raw)
    assert report.total == pytest.approx(252.2 / 3)
    assert report.passed is False and report.grade == "不合格"
    assert points(report, "scored.management_rules") == pytest.approx(5.5 / 3)
    assert points(report, "scored.premises") == pytest.approx(10 + 4 / 3)
    assert points(report, "scored.physicians") == 5
    assert points(report, "scored.inventory") == pytest.approx(14.4)
    assert points(report, "scored.prescriptions") == 3.5
    assert points(report, "scored.layout") == 5
    assert "84.4" in report.notes[0] and "83.9" in report.notes[0]
    premises = line_of(report, "scored.premises")
    assert "1.5, 1.5, 1" in premises.reason and "spread 0.5" in premises.reason
    assert "below 85" in (report.recommendation or "")


def test_worked_example_pharmacy_chain_store_passes() -> None:
    """examples/scoring/designation-eval-pharmacy.json, row by row (表2):
    1 judged 1.5, 2, 1.5; 2: 3; 3: 4 − 1 statement = 3; 4: lease 3 → 3, 168 m² ≥ 150 → 3,
    environment judged 1.5, 1, 1.5; 5: 2023-06-30 → 2024-09-12 is 14 months ≥ 12 → 3;
    6: chain 5; 7: 2 licensed pharmacists: required place 2 + 1 more × 2 = 4; 8: 2; 9: 8;
    10: 17 − 1 stocktake without details − 2 × 0.2 = 15.6; 11: 5 − 1 = 4; 12: 2 − 1 = 1;
    13: 7; 14: 532 > 500 → 4; 15: 2 pharmacies (< 3) → 10; 16: 10 − 1 warning = 9.
    Measured: 3+3+6+3+5+4+2+8+15.6+4+1+7+4+10+9 = 84.6; each evaluator adds 3
    (1.5+1.5, 2+1, 1.5+1.5) → 87.6, 87.6, 87.6; average 87.6 ≥ 85 → 合格."""
    raw = json.loads((EXAMPLES / "designation-eval-pharmacy.json").read_text("utf-8"))
    report = run(raw)
    assert report.total == pytest.approx(87.6)
    assert report.passed is True and report.grade == "合格"
    assert points(report, "scored.pharmacists") == 4
    assert points(report, "scored.inventory") == pytest.approx(15.6)
    assert points(report, "scored.varieties") == 4
    assert points(report, "scored.penalties") == 9
    texts = [c.text for c in report.consequences]
    assert any("public notice" in t for t in texts) and any("党组会" in t for t in texts)
    assert {c.clause for c in report.consequences} == {
        "衢医保发〔2023〕8号 二(三)3",
        "衢医保发〔2023〕8号 二(三)4",
    }


def test_worked_example_village_clinic_with_rows_stopping_at_zero() -> None:
    """A standardized village clinic (规范化村级医疗机构), public, two evaluators:
    2: 5 entries × 1 = 5 > 3 → 0 (扣完为止); 3: 2 devices × 1 + not isolated 2 + 1 monitoring
    device × 3 + 1 unclear × 2 = 9 > 7 → 0; 4: not public 2 + 2 statements × 1 + 1 complaint
    × 5 = 9 > 5 → 0; 5: owned 4, 65 m² ≥ 60 → full 6 (village), 2 rooms missing → 1;
    6: 2023-12-01 → 2024-06-01 is 6 months → 2; 7: 1 junior: 2; 8: 0; 9: paper 3 − 4 → 0;
    10: 5 + 3 + 5 × 1 + 1 × 2 + 2 × 1 + 3 × 1 = 20 > 17 → 0; 11: 8 × 0.5 = 4 → 0;
    12: 1 department → 2; 13: public 99.5% < 100 → 0; 14: exempt (备注) → 10 although 5
    designated; 15: 2 warnings × 1 + 2 other → 5: 10 − 7 = 3.
    Measured: 0+0+0+11+2+2+0+0+0+0+2+0+10+3 = 30; evaluators 30 + 1 + 0.5 = 31.5 and
    30 + 1.5 + 0 = 31.5 → 31.5 → 不合格."""
    raw = medical(
        category="standardized_village",
        public_institution=True,
        evaluation_date="2024-06-01",
        evaluators=[
            {"evaluator_id": "A", "rules_quality": 1, "environment": 0.5},
            {"evaluator_id": "B", "rules_quality": 1.5, "environment": 0},
        ],
    )
    raw = with_(
        raw,
        unmaintained_database_entries=5,
        hardware={
            "missing_devices": 2,
            "network_isolated": False,
            "missing_monitoring_devices": 1,
            "misplaced_monitoring_positions": 0,
            "unclear_monitoring_devices": 1,
        },
        disclosure={
            "prices_published": False,
            "statements_not_provided": 2,
            "verified_price_complaints": 1,
            "irregular_price_labels": 0,
        },
        premises={"owned": True, "floor_area_m2": 65, "missing_rooms": 2},
        licence_date="2023-12-01",
        physicians={
            "junior_physicians": 1,
            "intermediate_physicians": 0,
            "senior_physicians": 0,
            "rehired_retired_physicians": 0,
        },
        basic_account_only=False,
        ledger={"accounts": "paper_only", "mismatches": 4},
        inventory={
            "computerised": False,
            "same_computer": False,
            "mismatched_varieties": 5,
            "unbound_months": 1,
            "incompletely_bound_months": 2,
            "missing_stocktake_months": 0,
            "stocktakes_missing_details": 3,
            "missing_purchase_fields": 0,
        },
        irregular_prescriptions=8,
        clinical_departments=1,
        procurement={"platform_purchase_percent": 99.5, "settled_on_time": True},
        layout={"designated_in_community": 5, "same_type_in_community": 2},
        penalties={"warnings": 2, "other_penalties": 2},
    )
    report = run(raw)
    expected = {
        "scored.management_rules": 1.25,
        "scored.statistics": 0,
        "scored.hardware": 0,
        "scored.disclosure": 0,
        "scored.premises": 11.25,
        "scored.operating_time": 2,
        "scored.physicians": 2,
        "scored.basic_account": 0,
        "scored.ledger": 0,
        "scored.inventory": 0,
        "scored.prescriptions": 0,
        "scored.departments": 2,
        "scored.procurement": 0,
        "scored.layout": 10,
        "scored.penalties": 3,
    }
    assert {k: points(report, k) for k in expected} == pytest.approx(expected)
    assert report.total == pytest.approx(31.5) and report.passed is False
    assert "扣完为止" in line_of(report, "scored.hardware").reason
    assert any("规范化村级医疗机构" in note for note in report.notes)


# ---------------------------------------------------------------------------------------------
# Bands, row by row
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owned", "lease", "expected"),
    [
        (True, 0, 4),  # 房产所有权属 … 得4分
        (False, 3, 3),  # 超过3年(含3年)
        (False, 10, 3),
        (False, 2.99, 2),
        (False, 2, 2),  # 超过2年(含2年)
        (False, 1.99, 1),
        (False, 1, 1),  # 超过1年(含1年)
        (False, 0.99, 0),  # 低于1年,不得分
    ],
)
def test_premises_tenure_bands(owned: bool, lease: float, expected: float) -> None:
    """经营场所 part 1 on top of 6 (≥ 500 m²) + 3 rooms + 2 environment = 11 (表1)."""
    raw = with_(
        medical(),
        premises={"owned": owned, "lease_years": lease, "floor_area_m2": 500, "missing_rooms": 0},
    )
    assert points(run(raw), "scored.premises") == 11 + expected


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (119.9, 0),
        (120, 1),
        (149.9, 1),
        (150, 2),
        (199.9, 2),
        (200, 3),
        (299.9, 3),
        (300, 4),
        (399.9, 4),
        (400, 5),
        (499.9, 5),
        (500, 6),  # 500平方米(含)以上得6分
    ],
)
def test_medical_floor_area_bands(area: float, expected: float) -> None:
    """经营场所 part 2 (表1) on top of owned 4 + rooms 3 + environment 2 = 9."""
    raw = with_(medical(), premises__floor_area_m2=area)
    assert points(run(raw), "scored.premises") == 9 + expected


@pytest.mark.parametrize(
    ("category", "area", "expected"),
    [
        ("standardized_village", 59.9, 0),  # below 60 m²: the general bands (< 120 → 0)
        ("standardized_village", 60, 6),  # 规范化村卫生室达到60㎡以上 … 即得满分
        ("community_health_station", 149.9, 1),  # general band 120 (含) → 1
        ("community_health_station", 150, 6),  # 社区卫生服务站达到150㎡以上即得满分
        ("general", 150, 2),
    ],
)
def test_floor_area_full_marks_for_village_clinics_and_community_stations(
    category: str, area: float, expected: float
) -> None:
    """经营场所 part 2 (表1) "其中…即得满分", on top of 4 + 3 + 2 = 9."""
    raw = with_(medical(category=category), premises__floor_area_m2=area)
    assert points(run(raw), "scored.premises") == 9 + expected


@pytest.mark.parametrize(
    ("area", "expected"),
    [(59.9, 0), (60, 1), (99.9, 1), (100, 2), (150, 3), (200, 4), (300, 5), (399.9, 5), (400, 6)],
)
def test_pharmacy_floor_area_bands(area: float, expected: float) -> None:
    """经营场所 part 2 (表2) on top of owned 4 + environment 2 = 6."""
    raw = with_(pharmacy(), premises__floor_area_m2=area)
    assert points(run(raw), "scored.premises") == 6 + expected


def test_missing_rooms_cost_one_point_each() -> None:
    """表1 经营场所 part 3: "三室齐全得3分,每少一室扣1分": 3 rooms missing → 0, so 4+6+0+2 = 12."""
    assert points(run(with_(medical(), premises__missing_rooms=3)), "scored.premises") == 12
    assert points(run(with_(medical(), premises__missing_rooms=1)), "scored.premises") == 14


@pytest.mark.parametrize(
    ("licence", "expected"),
    [
        ("2024-03-16", 0),  # 2 full months by 2024-06-15
        ("2024-03-15", 1),  # exactly 3 months: 3个月(含)到6个月 → 1
        ("2023-12-16", 1),  # 5 months
        ("2023-12-15", 2),  # 6 months (含) → 2
        ("2023-06-16", 2),  # 11 months
        ("2023-06-15", 3),  # 1 year: 大于(含)1年 → 3
        ("2022-06-16", 3),  # 23 months
        ("2022-06-15", 5),  # 2 years: 大于(含)2年 → 5
    ],
)
def test_medical_operating_time_bands(licence: str, expected: float) -> None:
    """表1 评估指标 6, evaluation on 2024-06-15."""
    report = run(with_(medical(), licence_date=licence))
    assert points(report, "scored.operating_time") == expected


@pytest.mark.parametrize(
    ("licence", "evaluation", "expected"),
    [
        ("2023-11-30", "2024-02-29", 1),  # 3 months end on the month's last day (no 30 Feb)
        ("2023-11-30", "2024-02-28", 0),
        ("2024-03-15", "2024-06-15", 1),
        ("2023-12-15", "2024-06-15", 2),
        ("2023-06-16", "2024-06-15", 2),  # 11 months
        ("2023-06-15", "2024-06-15", 3),  # 大于(含)1年 → 3
    ],
)
def test_pharmacy_operating_time_bands(licence: str, evaluation: str, expected: float) -> None:
    """表2 评估指标 5: ≥ 1 year 3, 6 months–1 year 2, 3–6 months 1."""
    report = run(with_(pharmacy(evaluation_date=evaluation), licence_date=licence))
    assert points(report, "scored.operating_time") == expected


@pytest.mark.parametrize(
    ("junior", "intermediate", "senior", "rehired", "expected"),
    [
        (0, 0, 0, 0, 0),  # nobody for the required place
        (0, 0, 0, 2, 0),  # rehired retirees only add on top of the required staffing
        (1, 0, 0, 0, 2),  # 按规定配备医师得2分
        (0, 1, 0, 0, 2),  # the intermediate fills the required place
        (1, 1, 0, 0, 3),  # + 1 intermediate × 1
        (1, 0, 1, 0, 4),  # + 1 deputy senior × 2 (the junior fills the place)
        (0, 1, 1, 0, 4),  # intermediate fills the place, + senior 2
        (1, 0, 0, 1, 2.5),  # + 1 rehired × 0.5
        (1, 1, 1, 1, 5),  # 2 + 1 + 2 + 0.5 = 5.5 → 最多得5分
    ],
)
def test_physician_staffing(
    junior: int, intermediate: int, senior: int, rehired: int, expected: float
) -> None:
    """表1 评估指标 7, the lowest-qualified physician filling the required place."""
    raw = with_(
        medical(),
        physicians={
            "junior_physicians": junior,
            "intermediate_physicians": intermediate,
            "senior_physicians": senior,
            "rehired_retired_physicians": rehired,
        },
    )
    assert points(run(raw), "scored.physicians") == expected


@pytest.mark.parametrize(
    ("licensed", "other", "rehired", "expected"),
    [
        (0, 0, 0, 0),
        (0, 1, 0, 2),  # 按规定配备药师得2分
        (1, 0, 0, 2),  # the licensed pharmacist fills the required place
        (1, 1, 0, 4),  # + 1 licensed × 2
        (0, 1, 1, 3),  # + 1 rehired × 1
        (2, 0, 1, 5),  # 2 + 2 + 1 = 5
        (3, 0, 0, 5),  # 2 + 2 × 2 = 6 → the row's 5
    ],
)
def test_pharmacist_staffing(licensed: int, other: int, rehired: int, expected: float) -> None:
    """表2 评估指标 7."""
    raw = with_(
        pharmacy(),
        pharmacists={
            "licensed_pharmacists": licensed,
            "other_pharmacists": other,
            "rehired_retired_pharmacists": rehired,
        },
    )
    assert points(run(raw), "scored.pharmacists") == expected


@pytest.mark.parametrize(("departments", "expected"), [(1, 2), (2, 3), (3, 4), (4, 5), (9, 5)])
def test_clinical_departments(departments: int, expected: float) -> None:
    """表1 评估指标 12: single department 2, +1 each, at most 5."""
    report = run(with_(medical(), clinical_departments=departments))
    assert points(report, "scored.departments") == expected


@pytest.mark.parametrize(
    ("public", "percent", "settled", "expected"),
    [
        (True, 100, True, 2),  # 公立机构线上采购率达100%且按时结算
        (True, 99.9, True, 0),
        (True, 100, False, 0),
        (False, 0.1, True, 2),  # 民营机构有采购成功记录且按时结算
        (False, 0, True, 0),
        (False, 50, False, 0),
    ],
)
def test_procurement(public: bool, percent: float, settled: bool, expected: float) -> None:
    """表1 评估指标 13."""
    raw = with_(
        medical(public_institution=public),
        procurement={"platform_purchase_percent": percent, "settled_on_time": settled},
    )
    assert points(run(raw), "scored.procurement") == expected


@pytest.mark.parametrize(
    ("category", "existing", "same", "expected"),
    [
        ("general", 0, 0, 10),
        ("general", 3, 0, 10),  # 小于4家 且无同类型 → 10
        ("general", 3, 1, 5),  # 有同类型医疗机构一家得5分
        ("general", 3, 2, 0),  # 两家及以上不得分
        ("general", 4, 0, 0),  # ≥4家不得分
        ("community_health_station", 4, 0, 0),  # not exempt
        ("standardized_village", 6, 3, 10),  # 备注: 不受场所布局影响
        ("level_2_or_above", 9, 9, 10),
    ],
)
def test_medical_layout(category: str, existing: int, same: int, expected: float) -> None:
    """表1 评估指标 14."""
    raw = with_(
        medical(category=category),
        layout={"designated_in_community": existing, "same_type_in_community": same},
    )
    assert points(run(raw), "scored.layout") == expected


@pytest.mark.parametrize(("existing", "expected"), [(0, 10), (2, 10), (3, 0), (7, 0)])
def test_pharmacy_layout(existing: int, expected: float) -> None:
    """表2 评估指标 15: 少于3家得10分,否则不得分."""
    report = run(with_(pharmacy(), designated_pharmacies_in_community=existing))
    assert points(report, "scored.layout") == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1200, 5),
        (601, 5),
        (600, 4),  # 超过600 excludes 600
        (501, 4),
        (500, 3),
        (401, 3),
        (400, 2),
        (301, 2),
        (300, 1),
        (201, 1),
        (200, 0),  # neither 超过200 nor 低于200: VARIETIES_EXACTLY_200_POINTS
        (199, 0),
    ],
)
def test_catalogue_varieties(count: int, expected: float) -> None:
    """表2 评估指标 14."""
    report = run(with_(pharmacy(), catalogue_varieties=count))
    assert points(report, "scored.varieties") == expected


@pytest.mark.parametrize(
    ("warnings", "other", "expected"),
    [
        (0, 0, 10),
        (1, 0, 9),  # 警告、通报批评 −1 each
        (0, 1, 8),  # other: one −2
        (0, 2, 5),  # two −5
        (0, 3, 0),  # three or more −10
        (0, 6, 0),
        (3, 1, 5),  # 3 + 2 = 5
        (5, 2, 0),  # 5 + 5 = 10
        (7, 2, 0),  # 12 > 10 → 0 (扣完为止)
    ],
)
def test_penalties(warnings: int, other: int, expected: float) -> None:
    """表1 评估指标 15 / 表2 评估指标 16, the same rule in both tables."""
    change = {"penalties": {"warnings": warnings, "other_penalties": other}}
    assert points(run(with_(medical(), **change)), "scored.penalties") == expected
    assert points(run(with_(pharmacy(), **change)), "scored.penalties") == expected


@pytest.mark.parametrize(
    ("accounts", "mismatches", "expected"),
    [
        ("computerised", 0, 8),
        ("computerised", 3, 5),
        ("computerised", 9, 0),  # 扣完为止
        ("paper_only", 0, 3),  # 纸质明细账目但未建立电算化 → 得3分
        ("paper_only", 2, 1),
        ("none", 0, 3),  # 未建立扣5分: 8 − 5 (LEDGER_BASE_POINTS)
        ("none", 5, 0),
    ],
)
def test_ledger(accounts: str, mismatches: int, expected: float) -> None:
    """评估指标 9 财务台账 (8)."""
    raw = with_(medical(), ledger={"accounts": accounts, "mismatches": mismatches})
    assert points(run(raw), "scored.ledger") == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"computerised": False}, 12),  # 未纳入电算化管理扣5分
        ({"same_computer": False}, 14),  # 非同台扣3分
        ({"mismatched_varieties": 5}, 12),  # 5 of 5 sampled × 1
        ({"unbound_months": 3}, 11),  # 缺一个月扣2分
        ({"incompletely_bound_months": 2}, 15),  # 装订不齐全扣1分 (per month)
        ({"missing_stocktake_months": 1}, 15),  # 盘存表缺一个月扣2分
        ({"stocktakes_missing_details": 3}, 14),  # 盘存明细缺失扣1分 (per month)
        ({"missing_purchase_fields": 1}, 16.8),  # 缺少一个字段 0.2
        ({"missing_purchase_fields": 7}, 15.6),  # 7 × 0.2 = 1.4, exact
        ({"missing_purchase_fields": 85}, 0),  # 85 × 0.2 = 17
        ({"missing_purchase_fields": 200}, 0),  # 扣完为止
    ],
)
def test_inventory_deductions(change: dict[str, Any], expected: float) -> None:
    """评估指标 10 进销存 (17)."""
    inventory = {**_clean_inventory(), **change}
    assert points(run(with_(medical(), inventory=inventory)), "scored.inventory") == expected
    assert points(run(with_(pharmacy(), inventory=inventory)), "scored.inventory") == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"missing_devices": 2}, 5),  # 每少配备一项设备,扣1分
        ({"network_isolated": False}, 5),  # 未隔离扣2分
        ({"missing_monitoring_devices": 2}, 1),  # 每少安装一项设备,扣3分
        ({"misplaced_monitoring_positions": 3}, 4),  # 一个位置不符合 扣1分
        ({"unclear_monitoring_devices": 1}, 5),  # 一种设备不清晰,扣2分
        ({"missing_monitoring_devices": 2, "network_isolated": False}, 0),  # 8 > 7 扣完为止
    ],
)
def test_hardware_deductions(change: dict[str, Any], expected: float) -> None:
    """表1 评估指标 3 / 表2 评估指标 13 (7)."""
    hardware = {**_clean_hardware(), **change}
    assert points(run(with_(medical(), hardware=hardware)), "scored.hardware") == expected
    assert points(run(with_(pharmacy(), hardware=hardware)), "scored.hardware") == expected


@pytest.mark.parametrize(
    ("change", "medical_points", "pharmacy_points"),
    [
        ({"prices_published": False}, 3, 2),  # 未公开扣2分: 5 − 2, 4 − 2
        ({"statements_not_provided": 2}, 3, 2),  # 一例扣1分
        ({"verified_price_complaints": 1}, 0, 0),  # 查实1例: 表1 −5, 表2 −4
        ({"irregular_price_labels": 1}, 4, 3),
        ({"irregular_price_labels": 6}, 0, 0),  # 扣完为止
    ],
)
def test_disclosure_deductions(
    change: dict[str, Any], medical_points: float, pharmacy_points: float
) -> None:
    """表1 评估指标 4 (5) / 表2 评估指标 3 (4)."""
    disclosure = {**_clean_disclosure(), **change}
    assert points(run(with_(medical(), disclosure=disclosure)), "scored.disclosure") == (
        medical_points
    )
    assert points(run(with_(pharmacy(), disclosure=disclosure)), "scored.disclosure") == (
        pharmacy_points
    )


@pytest.mark.parametrize(("entries", "expected"), [(0, 3), (1, 2), (3, 0), (4, 0)])
def test_statistics_entries(entries: int, expected: float) -> None:
    """评估指标 2: 未按要求维护的1例扣1分,扣完为止 (3)."""
    report = run(with_(pharmacy(), unmaintained_database_entries=entries))
    assert points(report, "scored.statistics") == expected


@pytest.mark.parametrize(("irregular", "expected"), [(0, 4), (1, 3.5), (5, 1.5), (8, 0)])
def test_prescriptions(irregular: int, expected: float) -> None:
    """表1 评估指标 11: of 8 sampled records, −0.5 each."""
    report = run(with_(medical(), irregular_prescriptions=irregular))
    assert points(report, "scored.prescriptions") == expected


def test_basic_account_business_mode_display_and_labels() -> None:
    """表2 评估指标 8: not all through the basic account → 0; 6: single retail → 3;
    11: 1 setting off → 5 − 1 = 4, no positive list → 5 − 2 = 3, 3 off + no list → 0;
    12: labels not set → 0, 1 inaccurate → 1, 3 inaccurate → 0."""
    base = pharmacy()
    assert points(run(with_(base, basic_account_only=False)), "scored.basic_account") == 0
    assert points(run(with_(base, chain=False)), "scored.business_mode") == 3
    display = {"nonconforming_items": 1, "positive_list_enforced": True}
    assert points(run(with_(base, display=display)), "scored.display") == 4
    display = {"nonconforming_items": 0, "positive_list_enforced": False}
    assert points(run(with_(base, display=display)), "scored.display") == 3
    display = {"nonconforming_items": 3, "positive_list_enforced": False}
    assert points(run(with_(base, display=display)), "scored.display") == 0
    labels = {"labels_set": False, "inaccurate_labels": 0}
    assert points(run(with_(base, insurance_labels=labels)), "scored.insurance_labels") == 0
    labels = {"labels_set": True, "inaccurate_labels": 1}
    assert points(run(with_(base, insurance_labels=labels)), "scored.insurance_labels") == 1
    labels = {"labels_set": True, "inaccurate_labels": 3}
    assert points(run(with_(base, insurance_labels=labels)), "scored.insurance_labels") == 0


# ---------------------------------------------------------------------------------------------
# The 85 threshold and the average of the evaluators
# ---------------------------------------------------------------------------------------------


def _at_90(evaluators: list[dict[str, Any]]) -> dict[str, Any]:
    """Full marks less 10 (three other penalties) and less the judged 4: measured 86."""
    raw = medical(evaluators=evaluators)
    return with_(raw, penalties={"warnings": 0, "other_penalties": 3})


def _sheet(name: str, rules: float, environment: float) -> dict[str, Any]:
    return {"evaluator_id": name, "rules_quality": rules, "environment": environment}


def test_exactly_85_passes() -> None:
    """Measured 86 (100 − 10 − judged 4) − 5 (25 purchase fields × 0.2) = 81, + 2 + 2 = 85
    → 85分(含)以上 → 合格."""
    raw = with_(_at_90([_sheet("A", 2, 2)]), inventory__missing_purchase_fields=25)
    report = run(raw)
    assert report.total == 85 and report.passed is True


def test_84_8_fails() -> None:
    """As above with 26 fields: 81 − 0.2 + 4 = 84.8 < 85 → 不合格."""
    raw = with_(_at_90([_sheet("A", 2, 2)]), inventory__missing_purchase_fields=26)
    report = run(raw)
    assert report.total == pytest.approx(84.8) and report.passed is False


def _judged_sheets(measured_fields: int, *judged: tuple[float, float]) -> ScoreReport:
    """Measured 86 − fields × 0.2, and one sheet per (rules, environment) judgement."""
    raw = with_(_at_90([]), inventory__missing_purchase_fields=measured_fields)
    raw["evaluators"] = [_sheet(f"E{i}", r, e) for i, (r, e) in enumerate(judged, 1)]
    return run(raw)


def test_the_average_of_the_evaluators_decides() -> None:
    """得分取各评估小组成员平均分, 85 (含) passes. With 23 fields the measured part is
    86 − 4.6 = 81.4:
    (2, 2) and (1.5, 2): 85.4 and 84.9 → 170.3 / 2 = 85.15 → passes;
    (1.5, 2) × 2 and (2, 2): 84.9 + 84.9 + 85.4 = 255.2 / 3 = 85.0667 → passes;
    (1.5, 2) × 3: 84.9 → fails;
    (1.5, 2), (2, 2), (1, 2): 84.9 + 85.4 + 84.4 = 254.7 / 3 = 84.9 → fails;
    (2, 2), (1.5, 2), (1, 2), (2, 2): 85.4 + 84.9 + 84.4 + 85.4 = 340.1 / 4 = 85.025 → passes.
    With 24 fields (measured 81.2): (2, 2) and (1.5, 2): 85.2 and 84.7 → 84.95 → fails."""
    report = _judged_sheets(23, (2, 2), (1.5, 2))
    assert report.total == pytest.approx(85.15) and report.passed is True
    report = _judged_sheets(23, (1.5, 2), (1.5, 2), (2, 2))
    assert report.total == pytest.approx(255.2 / 3) and report.passed is True
    assert _judged_sheets(23, (1.5, 2), (1.5, 2), (1.5, 2)).passed is False
    report = _judged_sheets(23, (1.5, 2), (2, 2), (1, 2))
    assert report.total == pytest.approx(84.9) and report.passed is False
    report = _judged_sheets(23, (2, 2), (1.5, 2), (1, 2), (2, 2))
    assert report.total == pytest.approx(85.025) and report.passed is True
    report = _judged_sheets(24, (2, 2), (1.5, 2))
    assert report.total == pytest.approx(84.95) and report.passed is False
    rules = line_of(report, "scored.management_rules")
    assert rules.points == 1.75 and "2, 1.5" in rules.reason and "spread 0.5" in rules.reason
    assert "85.2" in report.notes[0] and "84.7" in report.notes[0]


def test_an_average_of_exactly_85_from_fractional_totals_passes() -> None:
    """Measured 81.2 (24 fields); sheets 84.7 (1.5, 2), 85.2, 85.2, 84.7 (2, 1.5), 85.2:
    2 × 84.7 + 3 × 85.2 = 169.4 + 255.6 = 425, / 5 = 85 exactly → 合格 (the module sums
    tenths, so no floating-point residue can push the average under 85)."""
    report = _judged_sheets(24, (1.5, 2), (2, 2), (2, 2), (2, 1.5), (2, 2))
    assert report.total == 85 and report.passed is True


# ---------------------------------------------------------------------------------------------
# Basic indicators: each one vetoes
# ---------------------------------------------------------------------------------------------

MEDICAL_BASIC = list(medical()["basic"])
PHARMACY_BASIC = list(pharmacy()["basic"])


@pytest.mark.parametrize(
    ("variant", "number", "field"),
    [("medical_institution", n, f) for n, f in enumerate(MEDICAL_BASIC, 1)]
    + [("pharmacy", n, f) for n, f in enumerate(PHARMACY_BASIC, 1)],
)
def test_every_failed_basic_indicator_vetoes(variant: str, number: int, field: str) -> None:
    """基础指标 n "否"(or 7 执业范围 "是") 即为不合格: 100 points and still 不合格, one veto
    adjustment citing the item, worth 0 points."""
    raw = medical() if variant == "medical_institution" else pharmacy()
    raw["basic"][field] = False
    report = run(raw)
    table = MED if variant == "medical_institution" else PHA
    assert report.total == 100
    assert report.passed is False and report.grade == "不合格"
    (veto,) = report.adjustments
    assert veto.kind == "veto" and veto.points == 0
    assert veto.clause == f"{table} 基础指标 {number}"
    assert f"基础指标 {number}" in (report.recommendation or "")
    assert line_of(report, f"basic.{field}").reason.startswith(f"基础指标 {number} not met")
    assert any(c.clause == "衢医保发〔2023〕8号 二(三)2" for c in report.consequences)


def test_counts_of_basic_indicators() -> None:
    """表1 lists 10 basic indicators, 表2 11."""
    assert len(MEDICAL_BASIC) == 10 and len(PHARMACY_BASIC) == 11


def test_several_vetoes_and_a_low_score_are_all_reported() -> None:
    """Two failed items → two vetoes; with a failing score both reasons are given."""
    raw = with_(pharmacy(), penalties={"warnings": 0, "other_penalties": 3}, chain=False)
    raw = with_(raw, designated_pharmacies_in_community=3)  # 100 − 10 − 2 − 10 = 78
    raw["basic"]["credit"] = False
    raw["basic"]["business_scope"] = False
    report = run(raw)
    assert report.total == 78
    assert [a.clause for a in report.adjustments] == [f"{PHA} 基础指标 9", f"{PHA} 基础指标 10"]
    assert "basic indicators not met" in (report.recommendation or "")
    assert "below 85" in (report.recommendation or "")


# ---------------------------------------------------------------------------------------------
# Consequences
# ---------------------------------------------------------------------------------------------


def test_first_failure_allows_re_evaluation_after_3_months() -> None:
    """二(三)3: 85分以下为不合格, 告知理由, 整改3个月后可再次组织评估."""
    raw = with_(
        medical(),
        penalties={"warnings": 0, "other_penalties": 3},
        layout={
            "designated_in_community": 4,
            "same_type_in_community": 0,
        },
    )  # 100 − 10 − 10 = 80
    report = run(raw)
    assert report.total == 80 and report.passed is False
    texts = " ".join(c.text for c in report.consequences)
    assert "3 months" in texts and "1 year" not in texts


def test_second_failure_bars_a_new_application_for_1_year() -> None:
    """二(三)3: 评估仍不合格的, 1年内不得再次申请."""
    raw = with_(
        medical(previous_failures=1),
        penalties={"warnings": 0, "other_penalties": 3},
        layout={"designated_in_community": 4, "same_type_in_community": 0},
    )
    report = run(raw)
    texts = " ".join(c.text for c in report.consequences)
    assert "1 year" in texts and "1年内不得再次申请" in texts
    assert "1 year" in (report.recommendation or "")


def test_pass_after_an_earlier_failure_is_an_ordinary_pass() -> None:
    report = run(medical(previous_failures=1))
    assert report.passed is True
    assert all("1年内" not in c.text for c in report.consequences)


# ---------------------------------------------------------------------------------------------
# Bad input is refused, naming the field
# ---------------------------------------------------------------------------------------------


def _refused(raw: dict[str, Any], field: str) -> None:
    assert_refused(Facts, raw, field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unmaintained_database_entries": -1}, "unmaintained_database_entries"),
        ({"premises__floor_area_m2": -5}, "floor_area_m2"),
        ({"premises__lease_years": -1}, "lease_years"),
        ({"premises__missing_rooms": 4}, "missing_rooms"),
        ({"irregular_prescriptions": 9}, "irregular_prescriptions"),
        ({"clinical_departments": 0}, "clinical_departments"),
        ({"inventory__mismatched_varieties": 6}, "mismatched_varieties"),
        ({"inventory__unbound_months": 4}, "unbound_months"),
        (
            {"inventory__unbound_months": 2, "inventory__incompletely_bound_months": 2},
            "incompletely_bound_months",
        ),
        (
            {"inventory__missing_stocktake_months": 3, "inventory__stocktakes_missing_details": 1},
            "stocktakes_missing_details",
        ),
        ({"hardware__missing_monitoring_devices": 3}, "missing_monitoring_devices"),
        (
            {"hardware__missing_monitoring_devices": 2, "hardware__unclear_monitoring_devices": 1},
            "unclear_monitoring_devices",
        ),
        ({"procurement__platform_purchase_percent": 100.5}, "platform_purchase_percent"),
        ({"layout__same_type_in_community": 1}, "same_type_in_community"),
        ({"penalties__warnings": -1}, "warnings"),
        ({"ledger__accounts": "excel"}, "accounts"),
        ({"licence_date": "2024-06-16"}, "licence_date"),
        ({"licence_date": "not a date"}, "licence_date"),
        ({"physicians__senior_physicians": "two"}, "senior_physicians"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_medical_facts_are_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    _refused(with_(medical(), **change), field)


@pytest.mark.parametrize(
    ("sheet", "field"),
    [
        ({"rules_quality": 0.5}, "rules_quality"),  # 得1-2分
        ({"rules_quality": 2.5}, "rules_quality"),
        ({"rules_quality": 1.3}, "rules_quality"),  # not a multiple of 0.5
        ({"environment": -0.5}, "environment"),
        ({"environment": 2.5}, "environment"),
        ({"environment": 0.25}, "environment"),
        ({"evaluator_id": ""}, "evaluator_id"),
        ({"comment": "ok"}, "comment"),
    ],
)
def test_bad_judgements_are_refused_naming_the_field(sheet: dict[str, Any], field: str) -> None:
    raw = pharmacy()
    raw["evaluators"] = [{**raw["evaluators"][0], **sheet}]
    _refused(raw, field)


@pytest.mark.parametrize(
    ("top", "field"),
    [
        ({"variant": "hospital"}, "variant"),
        ({"evaluators": []}, "evaluators"),
        ({"previous_failures": -1}, "previous_failures"),
        ({"institution_id": ""}, "institution_id"),
        ({"evaluation_date": None}, "evaluation_date"),
    ],
)
def test_bad_subject_facts_are_refused_naming_the_field(top: dict[str, Any], field: str) -> None:
    _refused(pharmacy(**top), field)


def test_duplicate_evaluators_and_missing_or_foreign_items_are_refused() -> None:
    raw = pharmacy()
    raw["evaluators"] = raw["evaluators"] * 2
    _refused(raw, "evaluator_id")
    raw = pharmacy()
    del raw["basic"]["business_scope"]
    _refused(raw, "business_scope")
    raw = pharmacy()
    raw["basic"]["practice_scope"] = True  # a 表1 item in a 表2 subject
    _refused(raw, "practice_scope")
    raw = medical()
    del raw["public_institution"]
    _refused(raw, "public_institution")
    raw = medical(category="township")
    _refused(raw, "category")


def test_the_json_schema_describes_every_field() -> None:
    """The schema is the contract agency systems code against: every property has a
    description."""
    models = assert_described(Facts)
    assert {"MedicalInstitutionFacts", "PharmacyFacts"} <= models.keys()


# ---------------------------------------------------------------------------------------------
# Examples, generator and registry
# ---------------------------------------------------------------------------------------------

DESIGNATION_EXAMPLES = sorted(EXAMPLES.glob("designation-eval-*.json"))


def test_there_is_an_example_per_variant() -> None:
    assert [p.stem for p in DESIGNATION_EXAMPLES] == [
        "designation-eval-medical-institution",
        "designation-eval-pharmacy",
    ]


@pytest.mark.parametrize("path", DESIGNATION_EXAMPLES, ids=[p.stem for p in DESIGNATION_EXAMPLES])
def test_every_example_validates_and_scores(path: Path) -> None:
    report = scoring.kind(KIND).score_raw(json.loads(path.read_text("utf-8")))
    assert isinstance(report, ScoreReport)
    assert_report_invariants(report)
    assert report.variant is not None
    assert path.stem.endswith(report.variant.replace("_", "-"))


def test_generator_covers_both_variants_and_every_outcome() -> None:
    rng = random.Random(20240521)
    outcomes = set()
    for _ in range(300):
        report = scoring.kind(KIND).score_raw(random_facts(rng))
        assert isinstance(report, ScoreReport)
        assert_report_invariants(report)
        outcomes.add((report.variant, report.passed, bool(report.adjustments)))
    for variant in ("medical_institution", "pharmacy"):
        assert {(variant, True, False), (variant, False, False), (variant, False, True)} <= outcomes


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


def _subject(rng: random.Random) -> ScoreReport:
    return run(random_facts(rng))


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.randoms(use_true_random=False), seeds))
def test_invariants_and_pass_iff_85_without_veto(rng: random.Random) -> None:
    """0 ≤ line ≤ max, total = Σ lines (assert_report_invariants), total ≤ 100, and the result
    is 合格 exactly when the average reaches 85 and no basic indicator failed."""
    report = _subject(rng)
    assert report.total is not None and 0 <= report.total <= 100
    assert report.passed is (report.total >= 85 and not report.adjustments)
    assert report.grade == ("合格" if report.passed else "不合格")


@bounded
@given(seeds, seeds)
def test_the_result_is_monotone_in_the_total(a: random.Random, b: random.Random) -> None:
    """Without vetoes (every basic indicator met), a higher total never has a worse result."""
    reports = []
    for rng in (a, b):
        raw = random_facts(rng)
        raw["basic"] = dict.fromkeys(raw["basic"], True)
        reports.append(run(raw))
    first, second = sorted(reports, key=lambda r: r.total or 0.0)
    assert int(bool(first.passed)) <= int(bool(second.passed))


# A verified violation, and how to add one more of it to raw facts (None when it cannot be added
# without breaking a validation limit).
def _more(limit: int | None = None) -> Any:
    def add(value: int) -> int | None:
        return value + 1 if limit is None or value < limit else None

    return add


VIOLATIONS: dict[str, tuple[str, Any]] = {
    "statistics": ("unmaintained_database_entries", _more()),
    "devices": ("hardware__missing_devices", _more()),
    "isolation": ("hardware__network_isolated", lambda v: False),
    "positions": ("hardware__misplaced_monitoring_positions", _more()),
    "statements": ("disclosure__statements_not_provided", _more()),
    "complaints": ("disclosure__verified_price_complaints", _more()),
    "labels": ("disclosure__irregular_price_labels", _more()),
    "published": ("disclosure__prices_published", lambda v: False),
    "mismatch": ("ledger__mismatches", _more()),
    "computerised": ("inventory__computerised", lambda v: False),
    "computer": ("inventory__same_computer", lambda v: False),
    "varieties": ("inventory__mismatched_varieties", _more(5)),
    "fields": ("inventory__missing_purchase_fields", _more()),
    "warnings": ("penalties__warnings", _more()),
    "penalties": ("penalties__other_penalties", _more()),
    "account": ("basic_account_only", lambda v: False),
}
MEDICAL_VIOLATIONS: dict[str, tuple[str, Any]] = {
    "prescriptions": ("irregular_prescriptions", _more(8)),
    "rooms": ("premises__missing_rooms", _more(3)),
    "procurement": ("procurement__settled_on_time", lambda v: False),
}
PHARMACY_VIOLATIONS: dict[str, tuple[str, Any]] = {
    "display": ("display__nonconforming_items", _more()),
    "positive_list": ("display__positive_list_enforced", lambda v: False),
    "inaccurate": ("insurance_labels__inaccurate_labels", _more()),
    "no_labels": ("insurance_labels__labels_set", lambda v: False),
}


def _get(raw: dict[str, Any], path: str) -> Any:
    target = raw["measured"]
    for key in path.split("__"):
        target = target[key]
    return target


@bounded
@given(seeds, st.data())
def test_a_further_verified_violation_never_raises_a_score(
    rng: random.Random, data: st.DataObject
) -> None:
    """Adding one verified violation (a finding, a deduction item, a penalty, a failed basic
    indicator) never raises the total or any line, and never turns 不合格 into 合格."""
    raw = random_facts(rng)
    extra = MEDICAL_VIOLATIONS if raw["variant"] == "medical_institution" else PHARMACY_VIOLATIONS
    choices = [*sorted({**VIOLATIONS, **extra}), "basic"]
    name = data.draw(st.sampled_from(choices))
    if name == "basic":
        worse = copy.deepcopy(raw)
        worse["basic"][data.draw(st.sampled_from(sorted(raw["basic"])))] = False
    else:
        path, step = {**VIOLATIONS, **extra}[name]
        value = step(_get(raw, path))
        assume(value is not None)
        worse = with_(raw, **{path: value})
    after, before = run(worse), run(raw)
    assert (after.total or 0) <= (before.total or 0) + 1e-9
    for old, new in zip(before.lines, after.lines, strict=True):
        assert (new.points or 0) <= (old.points or 0) + 1e-9, (name, old, new)
    assert not (after.passed and not before.passed)


@bounded
@given(seeds)
def test_an_evaluator_judging_higher_never_lowers_the_score(rng: random.Random) -> None:
    """Raising one evaluator's judgement by a step raises the average by step / evaluators."""
    raw = random_facts(rng)
    sheet = raw["evaluators"][0]
    assume(sheet["environment"] < 2)
    better = copy.deepcopy(raw)
    better["evaluators"][0]["environment"] = sheet["environment"] + 0.5
    before, after = run(raw), run(better)
    assert (after.total or 0) - (before.total or 0) == pytest.approx(0.5 / len(raw["evaluators"]))
