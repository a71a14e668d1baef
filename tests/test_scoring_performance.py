"""Performance assessment (绩效考核), 衢医保发〔2023〕8号 附件1 二 and 附件4 表3–表5.

Every expectation is worked out by hand from the regulation; the arithmetic is in the docstring.
"Raw" points are a sheet's own (out of 100); lines carry them weighted (half-year × 0.3, annual
× 0.7), and final = half-year raw × 0.3 + annual raw × 0.7.
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring
from bench.generators import performance as generator
from scoring import performance
from scoring.performance import Facts, params, provisional, rows, sheets
from scoring.report import CohortReport, ScoreReport
from tests.scoring_invariants import assert_described, assert_refused, assert_report_invariants

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scoring"
GRADE_ORDER = {"A": 4, "B": 3, "C": 2, "D": 1}


# --- building inputs: every sheet starts at full marks --------------------------------------------


def _common() -> dict[str, Any]:
    return {
        "integrity_points_deducted": 0,
        "inventory_nonconforming_items": 0,
        "inventory_discrepancy_pct": 0,
        "e_voucher_rate_pct": 95,
        "e_voucher_required_pct": 90,
        "non_standard_rate_met": True,
        "daily_work_incidents": 0,
        "admin_penalties": 0,
        "verified_complaints": 0,
    }


def comp_sheet(count: int = 0, **changes: Any) -> dict[str, Any]:
    """表3 has no quarters; `count` only keeps the three builders alike."""
    sheet = _common() | {
        "fee_upload_rate_pct": 100,
        "procurement_rate_pct": 100,
        "procurement_required_pct": 100,
        "case_match_rate_pct": 99,
        "drg_grouping_rate_pct": 100,
        "cmi_change_pct": 1.5,
        "cost_index_change_pct": -2,
        "inpatient_self_pay_pct": 15,
        "avg_stay_days": 8,
        "avg_stay_standard_days": 9,
        "outpatient_cost_above_standard_pct": -5,
        "system_tampering_cases": 0,
        "key_work_points": 15,
    }
    return sheet | changes


def _quarters(count: int, persons: int = 1000, visits: int = 2000) -> list[dict[str, int]]:
    return [{"settled_persons": persons, "settled_visits": visits} for _ in range(count)]


def _retail(count: int) -> dict[str, Any]:
    return _common() | {
        "key_work_points": 10,
        "face_recognition_rate_pct": 90,
        "procurement_compliant": True,
        "quarters": _quarters(count),
        "cost_per_visit_above_average_pct": -3,
        "cost_per_person_above_average_pct": 0,
    }


def out_sheet(count: int = 2, **changes: Any) -> dict[str, Any]:
    return (
        _retail(count)
        | {
            "pooled_cost_share_pct": 60,
            "departments_vs_previous": "increased",
            "insurance_doctors_vs_previous": "increased",
        }
        | changes
    )


def pharm_sheet(count: int = 2, **changes: Any) -> dict[str, Any]:
    return _retail(count) | {"licensed_pharmacists_vs_previous": "increased"} | changes


SHEET = {"comprehensive": comp_sheet, "outpatient": out_sheet, "pharmacy": pharm_sheet}


def inst(
    kind: str,
    number: int,
    half: dict[str, Any] | None = None,
    annual: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An institution at full marks unless the sheets say otherwise."""
    make = SHEET[kind]
    prefix = "P" if kind == "pharmacy" else "H"
    raw: dict[str, Any] = {
        "institution_id": f"{prefix}330802{number:05d}",
        "name": f"衢州柯城第{number}机构",
        "half_year": half if half is not None else make(2),
        "annual": annual if annual is not None else make(4),
    }
    if kind == "comprehensive":
        raw["ownership"] = "public"
    return raw | extra


def cohort(kind: str, institutions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cohort_type": kind,
        "pooling_region": "柯城区",
        "year": 2024,
        "institutions": institutions,
    }


def run(raw: dict[str, Any]) -> CohortReport:
    report = performance.score(Facts.model_validate(raw))
    assert len(report.reports) == len(raw["institutions"])
    for member, subject in zip(report.reports, raw["institutions"], strict=True):
        assert member.subject_id == subject["institution_id"]
        assert_report_invariants(member)
    return report


def line(report: ScoreReport, indicator: str) -> float:
    points = next(x.points for x in report.lines if x.indicator == indicator)
    assert points is not None
    return points


# Items that take whole-point deductions (−1 each), and items that take any fraction, with the
# points they can lose; enough to bring a sheet to any raw total down to 48.
_WHOLE = {
    "comprehensive": (("daily_work_incidents", 10), ("admin_penalties", 4)),
    "outpatient": (("daily_work_incidents", 10), ("admin_penalties", 5)),
    "pharmacy": (("daily_work_incidents", 10), ("admin_penalties", 5)),
}
_KEY_MAX = {"comprehensive": 15.0, "outpatient": 10.0, "pharmacy": 10.0}


def sheet_with_raw(kind: str, raw_total: float, count: int) -> dict[str, Any]:
    """A sheet whose raw total is `raw_total`: whole points come off daily work, penalties and
    inventory (−1 per variety); the rest off integrity (12), key work and the e-voucher rate
    (−1 per pp short of 90%). Computed in decimals, so that the facts are numbers an agency
    writes (100 − 89.99 is 10.01, not 10.010000000000005)."""
    deduction = Decimal(100) - Decimal(repr(raw_total))
    fractional = 12 + Decimal(repr(_KEY_MAX[kind])) + 10
    changes: dict[str, Any] = {}
    whole = max(0, math.ceil(deduction - fractional))
    for field, most in (*_WHOLE[kind], ("inventory_nonconforming_items", 5)):
        take = min(most, whole)
        changes[field] = take
        whole -= take
        deduction -= take
    assert whole == 0, raw_total
    integrity = min(Decimal(12), deduction)
    key = min(Decimal(repr(_KEY_MAX[kind])), deduction - integrity)
    changes["integrity_points_deducted"] = float(integrity)
    changes["key_work_points"] = float(Decimal(repr(_KEY_MAX[kind])) - key)
    changes["e_voucher_rate_pct"] = float(90 - (deduction - integrity - key))
    return SHEET[kind](count, **changes)


def with_total(kind: str, number: int, total: float, **extra: Any) -> dict[str, Any]:
    """Both sheets at `total`, so final = 0.3 × total + 0.7 × total = total."""
    return inst(
        kind, number, sheet_with_raw(kind, total, 2), sheet_with_raw(kind, total, 4), **extra
    )


def cohort_of(kind: str, totals: Sequence[float]) -> CohortReport:
    return run(cohort(kind, [with_total(kind, k + 1, t) for k, t in enumerate(totals)]))


# --- the tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["comprehensive", "outpatient", "pharmacy"])
def test_each_sheet_adds_up_to_100(kind: str) -> None:
    """表3: 12+10+3+2+2+2+2+5+5+4+4+4+3+10+5+15+10+2 = 100; 表4: 12+5+8+10+5+10+10+5+2+2+7+5+
    5+5+5+2+2 = 100; 表5: 12+6+10+10+5+10+10+5+3+2+10+5+5+5+2 = 100."""
    table = sheets.TABLES[kind]
    assert sum(row[2] for row in table) == 100
    assert len({row[0] for row in table}) == len(table)


def test_full_marks_and_the_lines_of_a_report() -> None:
    """A lone institution at full marks: 100 × 0.3 + 100 × 0.7 = 100. One line per item and
    sheet (18 + 18), indicator ids per sheet, weighted maxima (12 × 0.3 = 3.6, 12 × 0.7 = 8.4),
    groups of 30 and 70. floor(1 × 10%) = 0, so no A: B, with the rank condition named."""
    report = run(cohort("comprehensive", [inst("comprehensive", 1)])).reports[0]
    assert report.total == 100
    assert len(report.lines) == 36
    first = report.lines[0]
    assert first.indicator == "half_year.daily_violations"
    assert first.group == "half_year"
    assert first.label == "日常稽核违规查处情况"
    assert first.clause == "衢医保发〔2023〕8号 附件4 表3 第1项"
    assert first.max_points == pytest.approx(3.6)
    assert report.lines[18].indicator == "annual.daily_violations"
    assert report.lines[18].max_points == pytest.approx(8.4)
    assert [(g.group, g.max_points) for g in report.groups] == [("half_year", 30), ("annual", 70)]
    assert [g.points for g in report.groups] == [pytest.approx(30), pytest.approx(70)]
    assert report.grade == "B"
    assert [a.kind for a in report.adjustments] == ["rank_condition"]
    assert report.adjustments[0].effect == "A → B"
    assert report.adjustments[0].points == 0


def test_worked_example_comprehensive() -> None:
    """Half-year: upload 98.5% (1.5 pp short × 1: 8.5 of 10), integrity −3 (9 of 12), 2 penalties
    (2 of 4), CMI −12% (12/5 = 2.4 steps × 1 > 2: 扣完为止, 0 of 2), self-pay 22.5% (2.5 pp over
    20%: 2.5 of 5). Raw = 100 − 1.5 − 3 − 2 − 2 − 2.5 = 89.
    Annual: 2 varieties + 3.5% discrepancy (−2 − 0.7: 2.3 of 5), stay 10.5 vs 9 days (−1.5:
    2.5 of 4), a serious complaint (0 of 2), key work 12 of 15 (−3), e-voucher 86% vs 90% (−4:
    6 of 10). Raw = 100 − 2.7 − 1.5 − 2 − 3 − 4 = 86.8.
    Final = 89 × 0.3 + 86.8 × 0.7 = 26.7 + 60.76 = 87.46 → B (≥ 80, not ≥ 90)."""
    half = comp_sheet(
        fee_upload_rate_pct=98.5,
        integrity_points_deducted=3,
        admin_penalties=2,
        cmi_change_pct=-12,
        inpatient_self_pay_pct=22.5,
    )
    annual = comp_sheet(
        inventory_nonconforming_items=2,
        inventory_discrepancy_pct=3.5,
        avg_stay_days=10.5,
        serious_complaint=True,
        verified_complaints=1,
        key_work_points=12,
        e_voucher_rate_pct=86,
    )
    report = run(cohort("comprehensive", [inst("comprehensive", 1, half, annual)])).reports[0]
    assert report.total == pytest.approx(87.46)
    assert report.grade == "B"
    assert line(report, "half_year.fee_upload_rate") == pytest.approx(8.5 * 0.3)
    assert line(report, "half_year.cmi") == 0
    assert line(report, "half_year.inpatient_self_pay") == pytest.approx(2.5 * 0.3)
    assert line(report, "annual.inventory") == pytest.approx(2.3 * 0.7)
    assert line(report, "annual.length_of_stay") == pytest.approx(2.5 * 0.7)
    assert line(report, "annual.satisfaction") == 0
    assert line(report, "annual.e_voucher") == pytest.approx(6 * 0.7)
    assert report.groups[0].points == pytest.approx(26.7)
    assert report.groups[1].points == pytest.approx(60.76)
    reason = next(x.reason for x in report.lines if x.indicator == "half_year.fee_upload_rate")
    assert "98.5%" in reason and "1.5 pp below 100%" in reason and "8.5 of 10" in reason
    assert reason.endswith("; × 30%")


# Every row of the three tables: (kind, half-year changes, indicator, raw points of the row).
ROWS = [
    # 表3
    ("comprehensive", {"integrity_points_deducted": 5}, "daily_violations", 7),  # 12 − 5
    ("comprehensive", {"integrity_points_deducted": 13}, "daily_violations", 0),  # 扣完为止
    ("comprehensive", {"fee_upload_rate_pct": 97}, "fee_upload_rate", 7),  # 3 pp × 1
    ("comprehensive", {"fee_upload_rate_pct": 89}, "fee_upload_rate", 0),  # 11 pp > 10
    ("comprehensive", {"procurement_rate_pct": 98.5}, "procurement_rate", 1.5),  # 3 − 1.5
    ("comprehensive", {"case_match_rate_pct": 98}, "case_match_rate", 2),  # 不低于98%
    ("comprehensive", {"case_match_rate_pct": 97.5}, "case_match_rate", 1.5),  # 0.5 pp
    ("comprehensive", {"case_match_rate_pct": 95}, "case_match_rate", 0),  # 3 pp > 2
    ("comprehensive", {"drg_grouping_rate_pct": 98}, "drg_grouping_rate", 1),  # 不低于99%
    ("comprehensive", {"cmi_change_pct": -7.5}, "cmi", 0.5),  # 7.5 / 5 = 1.5
    ("comprehensive", {"cmi_change_pct": 3}, "cmi", 2),  # a rise costs nothing
    ("comprehensive", {"cost_index_change_pct": 2}, "cost_consumption_index", 1),  # 2 × 0.5
    ("comprehensive", {"cost_index_change_pct": 5}, "cost_consumption_index", 0),  # 2.5 > 2
    (
        "comprehensive",
        {"inventory_nonconforming_items": 1, "inventory_discrepancy_pct": 2.5},
        "inventory",
        3.5,
    ),  # 5 − 1 − 2.5 × 0.2
    ("comprehensive", {"inpatient_self_pay_pct": 20}, "inpatient_self_pay", 5),  # 不超过20%
    ("comprehensive", {"inpatient_self_pay_pct": 23}, "inpatient_self_pay", 2),  # 3 pp over
    ("comprehensive", {"avg_stay_days": 9.5}, "length_of_stay", 3.5),  # 0.5 day over 9
    ("comprehensive", {"avg_stay_days": 9}, "length_of_stay", 4),  # at the standard
    ("comprehensive", {"outpatient_cost_above_standard_pct": 12.5}, "outpatient_cost", 1.5),
    ("comprehensive", {"admin_penalties": 3}, "admin_penalties", 1),  # 4 − 3
    ("comprehensive", {"admin_penalties": 5}, "admin_penalties", 0),  # 扣完为止
    ("comprehensive", {"system_tampering_cases": 2}, "system_security", 0),  # 扣3分
    ("comprehensive", {"e_voucher_rate_pct": 87}, "e_voucher", 7),  # 3 pp short of 90
    ("comprehensive", {"e_voucher_rate_pct": 90}, "e_voucher", 10),  # 达到考核要求
    ("comprehensive", {"non_standard_rate_met": False}, "non_standard_rate", 0),
    ("comprehensive", {"key_work_points": 12.5}, "key_work", 12.5),  # the assessor's points
    ("comprehensive", {"daily_work_incidents": 4}, "daily_work", 6),  # 10 − 4
    ("comprehensive", {"verified_complaints": 1}, "satisfaction", 1),  # 2 − 1
    ("comprehensive", {"verified_complaints": 3}, "satisfaction", 0),  # 扣完为止
    ("comprehensive", {"serious_complaint": True}, "satisfaction", 0),  # 情节严重直接扣完
    # 表4
    ("outpatient", {"integrity_points_deducted": 2.5}, "daily_violations", 9.5),
    ("outpatient", {"inventory_nonconforming_items": 6}, "inventory", 0),  # 6 > 5
    ("outpatient", {"face_recognition_rate_pct": 75}, "face_recognition", 7),  # 8 − 5 × 0.2
    ("outpatient", {"face_recognition_rate_pct": 80}, "face_recognition", 8),  # 不低于80%
    ("outpatient", {"e_voucher_rate_pct": 80}, "e_voucher", 0),  # 10 pp short
    ("outpatient", {"non_standard_rate_met": False}, "non_standard_rate", 0),
    ("outpatient", {"key_work_points": 7}, "key_work", 7),
    ("outpatient", {"daily_work_incidents": 11}, "daily_work", 0),
    ("outpatient", {"admin_penalties": 2}, "admin_penalties", 3),  # 5 − 2
    ("outpatient", {"verified_complaints": 1}, "satisfaction", 1),  # 2 − 1
    ("outpatient", {"serious_complaint": True}, "satisfaction", 0),
    ("outpatient", {"procurement_compliant": False}, "procurement", 0),
    ("outpatient", {"cost_per_visit_above_average_pct": 2.5}, "cost_per_visit", 4),  # 1 started 3pp
    ("outpatient", {"cost_per_visit_above_average_pct": 3}, "cost_per_visit", 4),  # 1 step
    ("outpatient", {"cost_per_visit_above_average_pct": 3.01}, "cost_per_visit", 3),  # 2 started
    ("outpatient", {"cost_per_person_above_average_pct": 0.5}, "cost_per_person", 4),  # 1 started
    ("outpatient", {"cost_per_person_above_average_pct": 7}, "cost_per_person", 0),  # 7 > 5
    ("outpatient", {"departments_vs_previous": "increased"}, "departments", 2),
    ("outpatient", {"departments_vs_previous": "unchanged"}, "departments", 1),
    ("outpatient", {"departments_vs_previous": "decreased"}, "departments", 0),
    ("outpatient", {"insurance_doctors_vs_previous": "unchanged"}, "insurance_doctors", 1),
    ("outpatient", {"insurance_doctors_vs_previous": "decreased"}, "insurance_doctors", 0),
    # 表5
    ("pharmacy", {"integrity_points_deducted": 12}, "daily_violations", 0),
    (
        "pharmacy",
        {"inventory_nonconforming_items": 3, "inventory_discrepancy_pct": 5},
        "inventory",
        2,
    ),  # 6 − 3 − 5 × 0.2
    ("pharmacy", {"face_recognition_rate_pct": 70}, "face_recognition", 8),  # 10 − 10 × 0.2
    ("pharmacy", {"e_voucher_rate_pct": 88.5}, "e_voucher", 8.5),
    ("pharmacy", {"non_standard_rate_met": False}, "non_standard_rate", 0),
    ("pharmacy", {"key_work_points": 0}, "key_work", 0),
    ("pharmacy", {"daily_work_incidents": 3}, "daily_work", 7),
    ("pharmacy", {"admin_penalties": 1}, "admin_penalties", 4),
    ("pharmacy", {"verified_complaints": 2}, "satisfaction", 1),  # 3 − 2
    ("pharmacy", {"procurement_compliant": False}, "procurement", 0),
    ("pharmacy", {"cost_per_visit_above_average_pct": 2.5}, "cost_per_visit", 2),  # 3 started pp
    ("pharmacy", {"cost_per_person_above_average_pct": 1}, "cost_per_person", 4),
    ("pharmacy", {"licensed_pharmacists_vs_previous": "decreased"}, "licensed_pharmacists", 0),
    ("pharmacy", {"licensed_pharmacists_vs_previous": "unchanged"}, "licensed_pharmacists", 1),
]


@pytest.mark.parametrize(("kind", "changes", "indicator", "raw"), ROWS)
def test_every_row(kind: str, changes: dict[str, Any], indicator: str, raw: float) -> None:
    """Each row's rule on the half-year sheet of a lone institution; the line carries raw × 0.3
    and the annual sheet (full marks) is untouched."""
    half = SHEET[kind](2, **changes)
    report = run(cohort(kind, [inst(kind, 1, half)])).reports[0]
    assert line(report, f"half_year.{indicator}") == pytest.approx(raw * 0.3)
    maximum = next(r[2] for r in sheets.TABLES[kind] if r[0] == indicator)
    assert line(report, f"annual.{indicator}") == pytest.approx(maximum * 0.7)


def test_private_comprehensive_procurement() -> None:
    """表3 第3项: 民营机构有平台采购成功记录的得3分, 否则不得分 — record in the half-year (3),
    none in the annual (0)."""
    half = comp_sheet(procurement_rate_pct=None, platform_purchase_record=True)
    annual = comp_sheet(procurement_rate_pct=None, platform_purchase_record=False)
    raw = inst("comprehensive", 1, half, annual, ownership="private")
    report = run(cohort("comprehensive", [raw])).reports[0]
    assert line(report, "half_year.procurement_rate") == pytest.approx(0.9)
    assert line(report, "annual.procurement_rate") == 0


def test_whole_steps_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """params.WHOLE_STEPS_ONLY: 98.5% upload is 1.5 pp short; pro rata −1.5 (8.5 of 10), whole
    steps −1 (9 of 10). A row that says 不足…按…计 is unchanged (2.5% above: 3 started pp)."""
    half = comp_sheet(fee_upload_rate_pct=98.5)
    pharmacy_half = pharm_sheet(cost_per_visit_above_average_pct=2.5)
    raw = cohort("comprehensive", [inst("comprehensive", 1, half)])
    assert line(run(raw).reports[0], "half_year.fee_upload_rate") == pytest.approx(8.5 * 0.3)
    monkeypatch.setattr(params, "WHOLE_STEPS_ONLY", True)
    assert line(run(raw).reports[0], "half_year.fee_upload_rate") == pytest.approx(9 * 0.3)
    ph = run(cohort("pharmacy", [inst("pharmacy", 1, pharmacy_half)])).reports[0]
    assert line(ph, "half_year.cost_per_visit") == pytest.approx(2 * 0.3)


# --- the cohort-ranked rows (表4/表5 第8, 9, 12项) ------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "n", "steps"),
    [
        (10, 20, 0),  # 9/19 = 47% of the others ahead: not in the bottom half
        (11, 20, 1),  # 10/19 = 52.6%: a started 10% past the middle
        (12, 20, 1),  # 11/19 = 57.9%
        (13, 20, 2),  # 12/19 = 63.2%
        (16, 20, 3),  # 15/19 = 78.9%
        (19, 20, 5),  # 18/19 = 94.7%
        (20, 20, 5),  # 100%
        (2, 3, 0),  # the median, 50%: not past it
        (3, 3, 5),  # last
        (3, 4, 2),  # 2/3 = 66.7%: 1.67 tenths past → 2
        (4, 7, 0),  # median of 7
        (5, 7, 2),  # 4/6 = 66.7%
        (2, 2, 5),  # last of two
        (1, 1, 0),  # alone: nobody ahead
    ],
)
def test_rank_steps(rank: int, n: int, steps: int) -> None:
    """后50%, 每下降10%(不足10%的按照10%计)扣1分, with the place (rank − 1)/(n − 1):
    ceil((place − 50%) / 10%) when past 50%."""
    assert rows._rank_steps(rank, n) == steps


def test_settled_persons_ranked_quarter_by_quarter() -> None:
    """10 outpatient institutions; O_k settles 1100 − 100k persons every quarter, so its rank is
    k; visits = 2 × persons, so every persons/visits ratio ties at rank 1 (no deduction).
    Rank k of 10 is (k − 1)/9 of the way down and costs ceil((10(k − 1) − 45)/9) per quarter:
    k = 5 → 0, 6 → 1, 7 → 2, 8 → 3, 9 → 4, 10 → 5; 扣完为止 at 7:
      O5: 0 → 100 / 100 → final 100.
      O6: −1 × 2 quarters (5 of 7), −1 × 4 (3 of 7) → 98 / 96 → 29.4 + 67.2 = 96.6.
      O7: −2 × 2 (3 of 7), −2 × 4 = 8 > 7 (0) → 96 / 93 → 28.8 + 65.1 = 93.9.
      O8: −3 × 2 (1 of 7), 0 → 94 / 93 → 28.2 + 65.1 = 93.3.
      O9, O10: 0 and 0 → 93 / 93 → 93; they tie for the last place (rank 9, 2 at or below),
      so both are the last two → suspended. floor(10 × 5%) = 0: no A, all B."""
    members = []
    for k in range(1, 11):
        persons = 1100 - 100 * k
        q2 = _quarters(2, persons, 2 * persons)
        q4 = _quarters(4, persons, 2 * persons)
        members.append(inst("outpatient", k, out_sheet(quarters=q2), out_sheet(quarters=q4)))
    reports = run(cohort("outpatient", members)).reports
    totals = [r.total for r in reports]
    assert totals == pytest.approx([100] * 5 + [96.6, 93.9, 93.3, 93, 93])
    assert all(r.grade == "B" for r in reports)
    suspended = [
        r.subject_id for r in reports if any(a.kind == "suspension" for a in r.adjustments)
    ]
    assert suspended == [reports[8].subject_id, reports[9].subject_id]
    o7 = reports[6]
    assert line(o7, "half_year.settled_persons") == pytest.approx(3 * 0.3)
    assert line(o7, "annual.settled_persons") == 0
    reason = next(x.reason for x in o7.lines if x.indicator == "half_year.settled_persons")
    assert "Q1 settled persons rank 7 of 10 (−2)" in reason
    assert line(o7, "annual.head_visit_ratio") == pytest.approx(5 * 0.7)


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_head_visit_ratio_and_pooled_share(
    monkeypatch: pytest.MonkeyPatch, higher_is_better: bool
) -> None:
    """Two outpatient institutions with the same persons (tied, rank 1): A 1000/2000 = 0.5,
    B 1000/4000 = 0.25. Rank 2 of 2 is 100% down: ceil((10 − 5)/1) = 5 a quarter, 5 of 5 gone.
    Larger ratio better (params default): B loses 人头人次比; reversed, A does.
    Pooled-cost share A 60% > B 50%: B is rank 2 of 2 (once per sheet): 0 of 5."""
    monkeypatch.setattr(params, "HEAD_VISIT_RATIO_HIGHER_IS_BETTER", higher_is_better)
    a = inst("outpatient", 1)
    b = inst(
        "outpatient",
        2,
        out_sheet(quarters=_quarters(2, 1000, 4000), pooled_cost_share_pct=50),
        out_sheet(quarters=_quarters(4, 1000, 4000), pooled_cost_share_pct=50),
    )
    ra, rb = run(cohort("outpatient", [a, b])).reports
    loser, winner = (rb, ra) if higher_is_better else (ra, rb)
    assert line(loser, "half_year.head_visit_ratio") == 0
    assert line(winner, "half_year.head_visit_ratio") == pytest.approx(1.5)
    assert line(ra, "annual.pooled_cost_share") == pytest.approx(3.5)
    assert line(rb, "annual.pooled_cost_share") == 0
    assert line(ra, "half_year.settled_persons") == line(rb, "half_year.settled_persons")


# --- final, bands and ranks (附件1 二(三), 二(四)) ------------------------------------------------


def test_weighting_has_no_float_noise() -> None:
    """Raw 90 on both sheets: 90 × 0.3 + 90 × 0.7 = 90 exactly (in floats 0.7 × 90 is
    62.99999999999999; the total is snapped to 9 decimals). Top of a cohort of 10
    (floor(10 × 10%) = 1 place) → A."""
    report = cohort_of("comprehensive", [90] + [75] * 9).reports[0]
    assert report.total == 90
    assert report.grade == "A"


@pytest.mark.parametrize(
    ("total", "grade"),
    [(90, "A"), (89.99, "B"), (80, "B"), (79.99, "C")],
)
def test_upper_bands(total: float, grade: str) -> None:
    """综合类, cohort of 10 with the others at 75: the subject ranks 1st (top 1 place).
    90分以上 → A; 89.99 → B (80分(含)以上); 79.99 → C (80分以下)."""
    report = cohort_of("comprehensive", [total] + [75] * 9).reports[0]
    assert report.total == total
    assert report.grade == grade


@pytest.mark.parametrize(("total", "grade"), [(70, "D"), (70.01, "C")])
def test_lower_band(total: float, grade: str) -> None:
    """综合类, cohort of 20 with the others at 85: the subject is last (bottom floor(20 × 5%) = 1
    place). 70分以下 includes 70 → D; 70.01 → C."""
    reports = cohort_of("comprehensive", [total] + [85] * 19).reports
    assert reports[0].grade == grade
    assert {r.grade for r in reports[1:]} == {"B"}


@pytest.mark.parametrize(("total", "suspended"), [(60, False), (59.99, True)])
def test_under_60_suspends(total: float, suspended: bool) -> None:
    """门诊类, cohort [subject, 50, 50]: the two at 50 are the last two (and under 60); the
    subject ranks 1st. 低于60分 excludes 60: 60 is not suspended, 59.99 is."""
    reports = cohort_of("outpatient", [total, 50, 50]).reports
    assert any(a.kind == "suspension" for a in reports[0].adjustments) is suspended
    for other in reports[1:]:  # ≤ 70 but floor(3 × 5%) = 0: C (D → C), and suspended
        assert [a.kind for a in other.adjustments] == ["rank_condition", "suspension"]


def test_top_ties_share_the_better_rank() -> None:
    """综合类, 20 institutions, top floor(20 × 10%) = 2 places. Scores 95, 94, 94, then 80s:
    competition ranks 1, 2, 2 → all three A (ties share the better rank). Scores 95, 95, 94:
    ranks 1, 1, 3 → 94 is B (A → B adjustment names rank 3)."""
    first = cohort_of("comprehensive", [95, 94, 94] + [80] * 17).reports
    assert [r.grade for r in first[:3]] == ["A", "A", "A"]
    second = cohort_of("comprehensive", [95, 95, 94] + [80] * 17).reports
    assert [r.grade for r in second[:3]] == ["A", "A", "B"]
    assert "rank 3 of 20" in second[2].adjustments[0].reason


@pytest.mark.parametrize(("ties", "grades"), [("spared", ["C", "C"]), ("included", ["D", "D"])])
def test_bottom_ties(monkeypatch: pytest.MonkeyPatch, ties: str, grades: list[str]) -> None:
    """综合类, 20 institutions, bottom floor(20 × 5%) = 1 place; two tie for last at 65.
    params.BOTTOM_EDGE_TIES = "spared": 2 score at or below 65 > 1 place → neither is D (C, with
    the D → C adjustment); "included": both are D."""
    monkeypatch.setattr(params, "BOTTOM_EDGE_TIES", ties)
    reports = cohort_of("comprehensive", [85] * 18 + [65, 65]).reports
    assert [r.grade for r in reports[18:]] == grades
    if ties == "spared":
        assert reports[18].adjustments[0].effect == "D → C"


def test_no_quota_when_floor_is_zero() -> None:
    """门诊类 with 19 institutions: floor(19 × 5%) = 0, so nobody is A or D by rank: 99 → B,
    the 65 at the bottom → C; it is still one of the last two → suspended (the 70 is the other)."""
    reports = cohort_of("outpatient", [99] + [85] * 16 + [70, 65]).reports
    assert reports[0].grade == "B"
    assert reports[-1].grade == "C"
    assert reports[-2].grade == "C"
    assert {a.kind for a in reports[-1].adjustments} == {"rank_condition", "suspension"}
    assert [a.kind for a in reports[-2].adjustments] == ["rank_condition", "suspension"]
    assert [a.kind for a in reports[-3].adjustments] == []
    report = cohort_of("comprehensive", [99] + [85] * 8)  # floor(9 × 10%) = 0
    assert report.reports[0].grade == "B"
    assert any("no institution can be graded A" in note for note in report.notes)


def test_twenty_pharmacies_one_a_one_d() -> None:
    """定点零售药店, 20: top and bottom floor(20 × 5%) = 1 place. 96 → A (rank 1); 93 → B
    (rank 2); 66 last → D and, as one of the last two, suspended; 75 → C and suspended;
    the 80s are B."""
    reports = cohort_of("pharmacy", [96, 93] + [80] * 16 + [75, 66]).reports
    assert [r.grade for r in reports] == ["A", "B"] + ["B"] * 16 + ["C", "D"]
    assert [a.kind for a in reports[-1].adjustments] == ["suspension"]
    assert reports[-1].consequences[0].clause == "衢医保发〔2023〕8号 附件1 二(四)2(2)"
    assert reports[0].consequences[0].clause == "衢医保发〔2023〕8号 附件1 二(四)2(1)"


def test_ties_at_the_five_percent_top_edge() -> None:
    """定点零售药店, 20: top floor(20 × 5%) = 1 place. Two tie at 96: competition ranks 1, 1, both
    within the 1 place → both A; the 95 behind them is rank 3 → B."""
    reports = cohort_of("pharmacy", [96, 96, 95] + [80] * 17).reports
    assert [r.grade for r in reports[:3]] == ["A", "A", "B"]


@pytest.mark.parametrize(
    ("ties", "suspended"), [("spared", [False, False, False]), ("included", [True, True, True])]
)
def test_bottom_two_ties(monkeypatch: pytest.MonkeyPatch, ties: str, suspended: list[bool]) -> None:
    """门诊类, 10 institutions, three tie for last at 75 (rank 8). params.BOTTOM_TWO_TIES:
    "spared" — 3 score at or below 75 > 2 places, none of them is in the last two;
    "included" — all three are."""
    monkeypatch.setattr(params, "BOTTOM_TWO_TIES", ties)
    reports = cohort_of("outpatient", [85] * 7 + [75] * 3).reports
    got = [any(a.kind == "suspension" for a in r.adjustments) for r in reports[7:]]
    assert got == suspended


def test_bottom_two_only_if_grade_d(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last two at 76 and 75 are C: suspended when the "末两位" stands alone (default), not
    when params.BOTTOM_TWO_ONLY_IF_GRADE_D restricts it to grade D."""
    reports = cohort_of("outpatient", [85] * 8 + [76, 75]).reports
    assert all(any(a.kind == "suspension" for a in r.adjustments) for r in reports[8:])
    monkeypatch.setattr(params, "BOTTOM_TWO_ONLY_IF_GRADE_D", True)
    reports = cohort_of("outpatient", [85] * 8 + [76, 75]).reports
    assert not any(r.adjustments for r in reports[8:])


def test_comprehensive_institutions_are_never_suspended() -> None:
    """The suspension rule is in 附件1 二(四)2 only (门诊类 and 零售药店): a comprehensive
    institution last at 50 is graded (C: floor(3 × 5%) = 0 → no D) but not suspended."""
    reports = cohort_of("comprehensive", [85, 80, 50]).reports
    assert reports[2].grade == "C"
    assert all(a.kind != "suspension" for r in reports for a in r.adjustments)


@pytest.mark.parametrize(("total", "passed"), [(60, True), (59.99, False)])
def test_reassessment(total: float, passed: bool) -> None:
    """A suspended pharmacy re-assessed after 3 months: not ranked, no grade; passes at ≥ 60
    (params.REASSESSMENT_PASS_MARK), otherwise the agreement is terminated and it may not
    re-apply for a year. The others (85, 80) rank among 2, not 3."""
    members = [
        with_total("pharmacy", 1, 85),
        with_total("pharmacy", 2, total, reassessment=True),
        with_total("pharmacy", 3, 80),
    ]
    report = run(cohort("pharmacy", members))
    subject = report.reports[1]
    assert subject.grade is None
    assert subject.passed is passed
    assert subject.total == total
    assert [a.kind for a in subject.adjustments] == ([] if passed else ["termination"])
    if not passed:
        assert "一年内不得再次申请医保定点" in subject.consequences[0].text
    assert report.reports[0].recommendation is not None
    assert "rank 1 of 2" in report.reports[0].recommendation


def test_newly_designated_not_assessed() -> None:
    """对于当年新增的定点医药机构, 不予考核: no total, no grade, not counted in the cohort."""
    new = {"institution_id": "P33080299999", "name": "衢州柯城新开药店", "newly_designated": True}
    report = run(cohort("pharmacy", [with_total("pharmacy", 1, 90), new]))
    assert report.reports[1].total is None
    assert report.reports[1].grade is None
    assert [a.kind for a in report.reports[1].adjustments] == ["not_graded"]
    assert [(x.indicator, x.points) for x in report.reports[1].lines] == [("not_assessed", None)]
    assert "rank 1 of 1" in (report.reports[0].recommendation or "")


# --- bad input ------------------------------------------------------------------------------------


def _bad(mutate: Any) -> dict[str, Any]:
    raw = cohort("comprehensive", [inst("comprehensive", 1), inst("comprehensive", 2)])
    raw = copy.deepcopy(raw)
    mutate(raw)
    return raw


def _out_bad(mutate: Any) -> dict[str, Any]:
    raw = copy.deepcopy(cohort("outpatient", [inst("outpatient", 1)]))
    mutate(raw)
    return raw


BAD = [
    (
        _bad(lambda r: r["institutions"][0]["half_year"].update(key_work_points=15.5)),
        "key_work_points",
    ),
    (_bad(lambda r: r["institutions"][0]["annual"].update(admin_penalties=-1)), "admin_penalties"),
    (
        _bad(lambda r: r["institutions"][0]["annual"].update(fee_upload_rate_pct=100.5)),
        "fee_upload_rate_pct",
    ),
    (
        _bad(lambda r: r["institutions"][0]["annual"].update(avg_stay_standard_days=0)),
        "avg_stay_standard_days",
    ),
    (_bad(lambda r: r["institutions"][0]["annual"].update(bonus=1)), "bonus"),
    (
        _bad(lambda r: r["institutions"][0]["half_year"].pop("procurement_rate_pct")),
        "procurement_rate_pct",
    ),
    (_bad(lambda r: r["institutions"][0].update(ownership="private")), "platform_purchase_record"),
    (_bad(lambda r: r["institutions"][0].update(reassessment=True)), "reassessment"),
    (_bad(lambda r: r["institutions"][0].pop("annual")), "annual"),
    (_bad(lambda r: r["institutions"][1].update(institution_id="H33080200001")), "institution_id"),
    (_bad(lambda r: r.update(institutions=[])), "institutions"),
    (_bad(lambda r: r.update(cohort_type="hospital")), "cohort_type"),
    (_bad(lambda r: r.update(year=2022)), "year"),
    (
        _out_bad(lambda r: r["institutions"][0].update(reassessment=True, newly_designated=True)),
        "reassessment",
    ),
    (
        _out_bad(lambda r: r["institutions"][0]["half_year"].update(key_work_points=11)),
        "key_work_points",
    ),
    (
        _out_bad(lambda r: r["institutions"][0]["half_year"].update(quarters=_quarters(3))),
        "quarters",
    ),
    (_out_bad(lambda r: r["institutions"][0]["annual"].update(quarters=_quarters(2))), "quarters"),
    (
        _out_bad(lambda r: r["institutions"][0]["annual"]["quarters"][1].update(settled_visits=5)),
        "settled_persons",
    ),
    (
        _out_bad(lambda r: r["institutions"][0]["annual"].update(departments_vs_previous="more")),
        "departments_vs_previous",
    ),
    (
        _out_bad(lambda r: r["institutions"][0]["annual"].update(face_recognition_rate_pct=-1)),
        "face_recognition_rate_pct",
    ),
]


@pytest.mark.parametrize(("raw", "field"), BAD)
def test_bad_input_is_refused_naming_the_field(raw: dict[str, Any], field: str) -> None:
    assert_refused(Facts, raw, field)


def test_every_field_is_described() -> None:
    """The JSON Schema is the contract: every property of every model carries a description."""
    assert_described(Facts)


# --- properties -----------------------------------------------------------------------------------

_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_SEEDS = st.integers(0, 2**32 - 1)  # the generator draws its cohort from random.Random(seed)


@_FAST
@given(_SEEDS)
def test_random_cohorts_keep_the_invariants(seed: int) -> None:
    """Realistic random cohorts: lines within [0, max], total = sum of lines, and the grade
    never falls as the final rises (equal finals, equal grades)."""
    report = run(generator.random_facts(random.Random(seed)))
    graded = [r for r in report.reports if r.grade is not None]
    for a in graded:
        assert a.total is not None and 0 <= a.total <= 100
        for b in graded:
            assert b.total is not None
            if a.total > b.total:
                assert GRADE_ORDER[a.grade or ""] >= GRADE_ORDER[b.grade or ""]
            if a.total == b.total:
                assert a.grade == b.grade


_TOTALS = st.sampled_from([55, 59.99, 60, 69.99, 70, 70.01, 79.99, 80, 89.99, 90, 95, 100])


@_FAST
@given(st.sampled_from(["comprehensive", "outpatient", "pharmacy"]), st.lists(_TOTALS, max_size=24))
def test_grade_is_monotone_in_the_final(kind: str, totals: list[float]) -> None:
    """Any cohort, ties included: a higher final never gets a worse grade, nor a suspension that
    a lower final escapes; equal finals are treated alike."""
    reports = cohort_of(kind, [85.5, *totals]).reports
    for a in reports:
        for b in reports:
            assert a.total is not None and b.total is not None
            suspended_a = any(x.kind == "suspension" for x in a.adjustments)
            suspended_b = any(x.kind == "suspension" for x in b.adjustments)
            if a.total >= b.total:
                assert GRADE_ORDER[a.grade or ""] >= GRADE_ORDER[b.grade or ""]
                assert suspended_b or not suspended_a
            if a.total == b.total:
                assert (a.grade, suspended_a) == (b.grade, suspended_b)


_VIOLATIONS = [
    ("integrity_points_deducted", 1),
    ("inventory_nonconforming_items", 1),
    ("inventory_discrepancy_pct", 1.5),
    ("daily_work_incidents", 1),
    ("admin_penalties", 1),
    ("verified_complaints", 1),
    ("serious_complaint", True),
    ("system_tampering_cases", 1),
]


@_FAST
@given(
    _SEEDS,
    st.integers(0, generator.COHORT_SIZE - 1),
    st.sampled_from(["half_year", "annual"]),
    st.sampled_from(_VIOLATIONS),
)
def test_a_further_violation_never_raises_a_score(
    seed: int, index: int, period: str, violation: tuple[str, Any]
) -> None:
    """A verified violation more (one more penalty, complaint, incident, integrity point,
    non-conforming variety, discrepancy, a serious complaint, a tampering case) on one sheet of
    one institution never raises its final, and leaves everyone else's alone."""
    raw = generator.random_facts(random.Random(seed))
    subject = raw["institutions"][index]
    field, more = violation
    if subject.get("newly_designated") or (
        field == "system_tampering_cases" and raw["cohort_type"] != "comprehensive"
    ):
        return
    before = run(raw).reports
    sheet = subject[period]
    sheet[field] = True if more is True else sheet[field] + more
    after = run(raw).reports
    old, new = before[index].total, after[index].total
    assert old is not None and new is not None
    assert new <= old
    # Violations do not move anyone else's score (ranks come from settlement data only).
    assert [r.total for k, r in enumerate(after) if k != index] == [
        r.total for k, r in enumerate(before) if k != index
    ]


# --- examples and the generator -------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["comprehensive", "outpatient", "pharmacy"])
def test_example_files_validate_and_score(variant: str) -> None:
    raw = json.loads((EXAMPLES / f"performance-{variant}.json").read_text(encoding="utf-8"))
    report = scoring.kind("performance").score_raw(raw)
    assert isinstance(report, CohortReport)
    assert report.variant == variant
    for member in report.reports:
        assert_report_invariants(member)
    assert any(member.grade for member in report.reports)


def test_generator_makes_valid_cohorts_of_twenty() -> None:
    rng = random.Random(7)
    kinds = set()
    for _ in range(12):
        raw = generator.random_facts(rng)
        kinds.add(raw["cohort_type"])
        assert len(raw["institutions"]) == generator.COHORT_SIZE
        run(raw)
    assert kinds == {"comprehensive", "outpatient", "pharmacy"}


def test_a_pro_rata_deduction_prints_the_exact_decimal() -> None:
    """Issue 17, 表4 第3项 人脸识别: 不低于80%, 每降低1个百分点扣0.2分. A rate of 62% is 18 pp
    short: −3.6 (not 3.6000000000000005), leaving 5 − 3.6 = 1.4 of 5."""
    points, reason = rows.pp_short("face recognition", 62, 80, "−0.2 per pp", 0.2, 5)
    assert repr(points) == "1.4"
    assert "−3.6 → 1.4 of 5" in reason


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=1200), min_size=2, max_size=2),
    st.integers(min_value=0, max_value=15),
)
def test_the_weighted_total_is_the_exact_decimal_of_the_weighting(
    integrity_hundredths: list[int], key_work: int
) -> None:
    """附件1 二(三): final = 半年拟评 × 30% + 年度总评 × 70%, exactly, with integrity deductions
    in hundredths (e.g. 10.01) and whole key-work points; the total is the exact sum of its lines
    (assert_report_invariants) and equals the weighting computed here by hand in decimals."""
    sheets_raw = []
    for count, hundredths in zip((2, 4), integrity_hundredths, strict=True):
        integrity = Decimal(hundredths) / 100
        sheets_raw.append(
            (
                SHEET["comprehensive"](
                    count,
                    integrity_points_deducted=float(integrity),
                    key_work_points=float(key_work),
                ),
                100 - integrity - (15 - key_work),
            )
        )
    report = run(
        cohort("comprehensive", [inst("comprehensive", 1, sheets_raw[0][0], sheets_raw[1][0])])
    ).reports[0]
    expected = sheets_raw[0][1] * Decimal("0.3") + sheets_raw[1][1] * Decimal("0.7")
    assert report.total is not None
    assert Decimal(repr(report.total)) == expected.normalize()


# --- 半年拟评 (provisional.py) ------------------------------------------------------------------


def _half_year(kind: str, raw: dict[str, Any]) -> CohortReport:
    """The provisional half-year score of a cohort's institutions, their annual sheets left out."""
    model = provisional.HALF_YEAR_INSTITUTION[kind]
    members = [
        model.model_validate({k: v for k, v in i.items() if k != "annual"})
        for i in raw["institutions"]
    ]
    report = provisional.score_half_year(kind, raw["pooling_region"], raw["year"], members)
    for member in report.reports:
        assert_report_invariants(member)
    return report


@pytest.mark.parametrize("kind", ["comprehensive", "outpatient", "pharmacy"])
def test_the_half_year_total_is_the_sheets_own_out_of_100(kind: str) -> None:
    """附件1 二(三): 半年拟评 scored alone, unweighted, one line per item of the sheet, no grade
    (the grade needs the final). Sheets built to raw totals 95, 82.5 and 61.01."""
    totals = [95.0, 82.5, 61.01]
    members = [
        inst(kind, k + 1, sheet_with_raw(kind, t, 2), sheet_with_raw(kind, t, 4))
        for k, t in enumerate(totals)
    ]
    report = _half_year(kind, cohort(kind, members))
    assert [r.total for r in report.reports] == totals
    assert all(r.grade is None for r in report.reports)
    assert [len(r.lines) for r in report.reports] == [len(sheets.TABLES[kind])] * 3
    assert {x.group for r in report.reports for x in r.lines} == {"half_year"}


@pytest.mark.parametrize("variant", ["comprehensive", "outpatient", "pharmacy"])
def test_the_half_year_total_is_the_half_year_part_of_the_full_score(variant: str) -> None:
    """The 半年拟评 published in August is the raw[0] the annual final weights at 30%: for the
    example cohorts (表4/表5 places among the cohort's half-year sheets), 30% of each half-year
    total is the half-year group of the full report, line by line and in total."""
    raw = json.loads((EXAMPLES / f"performance-{variant}.json").read_text(encoding="utf-8"))
    half = _half_year(variant, raw)
    full = run(raw)
    for mine, theirs in zip(half.reports, full.reports, strict=True):
        if theirs.total is None:
            assert mine.total is None  # 当年新增: not assessed in either
            continue
        assert mine.total is not None
        [group] = [g for g in theirs.groups if g.group == "half_year"]
        assert Decimal(repr(mine.total)) * Decimal("0.3") == Decimal(repr(group.points))
        weighted = [x for x in theirs.lines if x.group == "half_year"]
        for own, part in zip(mine.lines, weighted, strict=True):
            assert own.indicator == part.indicator
            assert Decimal(repr(own.points)) * Decimal("0.3") == Decimal(repr(part.points))


def test_the_half_year_ranks_are_among_the_half_year_sheets() -> None:
    """表5 第8项 (settled persons, ranked quarter by quarter): three pharmacies whose half-year
    persons are 3000, 2000, 1000 in both quarters rank 1, 2, 3 in each; their annual sheets
    (left out) would rank the other way round and change nothing here. Of 3, the 3rd is 100%
    down the ranking: (10·2 − 5·2)/2 = 5 started tenths past 50% per quarter, −10 in all."""
    members = []
    for k, persons in enumerate((3000, 2000, 1000), start=1):
        half = pharm_sheet(2, quarters=_quarters(2, persons=persons, visits=4000))
        annual = pharm_sheet(4, quarters=_quarters(4, persons=4000 - persons, visits=4000))
        members.append(inst("pharmacy", k, half, annual))
    raw = cohort("pharmacy", members)
    half = _half_year("pharmacy", raw)
    points = [line(r, "half_year.settled_persons") for r in half.reports]
    full = [line(r, "half_year.settled_persons") for r in run(raw).reports]
    assert points == [10.0, 10.0, 0.0]
    assert [Decimal(repr(p)) * Decimal("0.3") for p in points] == [Decimal(repr(p)) for p in full]


def test_a_half_year_record_refuses_an_annual_sheet_and_needs_its_own() -> None:
    model = provisional.HALF_YEAR_INSTITUTION["pharmacy"]
    with_both = inst("pharmacy", 1)
    assert_refused(model, with_both, "annual")
    without = {k: v for k, v in with_both.items() if k not in ("half_year", "annual")}
    assert_refused(model, without, "half_year")
    new = model.model_validate(
        {"institution_id": "P1", "name": "新开药店", "newly_designated": True}
    )
    report = provisional.score_half_year("pharmacy", "柯城区", 2024, [new])  # type: ignore[list-item]
    assert report.reports[0].total is None
    assert [a.kind for a in report.reports[0].adjustments] == ["not_graded"]
