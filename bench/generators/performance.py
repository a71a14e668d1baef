"""Random realistic performance-assessment cohorts (绩效考核), as an agency system would send them.

`random_facts` returns one whole cohort of COHORT_SIZE (20) institutions of one type
(comprehensive, outpatient or pharmacy, at random) in one Quzhou pooling region; the benchmark
counts institutions, not cohorts. About 1 in 40 is newly designated (not assessed) and about
1 in 50 outpatient institutions or pharmacies is a re-assessment after suspension.
"""

from __future__ import annotations

import random
from typing import Any

COHORT_SIZE = 20

# Pooling regions (统筹区) and their administrative division codes.
REGIONS = (
    ("衢州市本级", "330800"),
    ("柯城区", "330802"),
    ("衢江区", "330803"),
    ("常山县", "330822"),
    ("开化县", "330824"),
    ("龙游县", "330825"),
    ("江山市", "330881"),
)
_TOWNS = ("府山", "荷花", "花园", "信安", "双港", "白云", "樟潭", "樟树潭", "虎山", "双塔", "华埠")
_HOSPITALS = ("人民医院", "中医院", "妇幼保健院", "第二人民医院", "康复医院", "骨伤科医院")
_CLINICS = ("社区卫生服务中心", "中医诊所", "口腔门诊部", "综合门诊部", "卫生院")
_CHAINS = ("衢州天一堂大药房", "衢州众安康大药房", "浙江震元衢州大药房", "衢州百姓缘大药房")
_CHANGES = ("increased", "unchanged", "unchanged", "unchanged", "decreased")
# Items the tables count cumulatively (考核说明 "上半年和全年分别评出累计分值"): the annual
# sheet carries at least what the half-year one did.
_CUMULATIVE = ("integrity_points_deducted", "admin_penalties", "system_tampering_cases")


def _accumulate(half_year: dict[str, Any], annual: dict[str, Any]) -> None:
    for field in _CUMULATIVE:
        if field in half_year:
            annual[field] = max(annual[field], half_year[field])


def _rate(rng: random.Random, low: float, miss: float = 0.15) -> float:
    """A rate that usually reaches 100 and sometimes falls short, down to `low`."""
    if rng.random() < miss:
        return round(rng.uniform(low, 100), 1)
    return 100.0


def _pick(rng: random.Random, good: bool, clean: Any, *others: Any) -> Any:
    """A well-run institution mostly has the clean value; the others draw from all of them."""
    if good and rng.random() < 0.85:
        return clean
    return rng.choice((clean, clean, *others))


def _common(rng: random.Random, key_work_max: float, good: bool) -> dict[str, Any]:
    required = rng.choice((85.0, 90.0, 95.0))
    e_voucher = rng.uniform(required, 100) if good else rng.uniform(required - 8, 100)
    return {
        "integrity_points_deducted": _pick(rng, good, 0, 1, 2, 3, 4, 6, 12, 14),
        "inventory_nonconforming_items": _pick(rng, good, 0, 1, 2, 3),
        "inventory_discrepancy_pct": _pick(rng, good, 0.0, round(rng.uniform(0, 8), 1)),
        "e_voucher_rate_pct": round(e_voucher, 1),
        "e_voucher_required_pct": required,
        "non_standard_rate_met": _pick(rng, good, True, True, True, False),
        "key_work_points": _pick(rng, good, key_work_max, key_work_max - 1, 6.0),
        "daily_work_incidents": _pick(rng, good, 0, 1, 2, 4),
        "admin_penalties": _pick(rng, good, 0, 0, 1, 2),
        "verified_complaints": _pick(rng, good, 0, 1, 1, 3),
        "serious_complaint": rng.random() < 0.01,
    }


def _comprehensive_sheet(rng: random.Random, public: bool, good: bool) -> dict[str, Any]:
    sheet = _common(rng, 15.0, good)
    sheet.update(
        fee_upload_rate_pct=_rate(rng, 92, 0.05 if good else 0.3),
        case_match_rate_pct=round(rng.uniform(95, 100), 1),
        drg_grouping_rate_pct=round(rng.uniform(97, 100), 1),
        cmi_change_pct=round(rng.uniform(-12, 8), 1),
        cost_index_change_pct=round(rng.uniform(-5, 5), 1),
        inpatient_self_pay_pct=round(rng.uniform(8, 20 if good else 24), 1),
        avg_stay_days=round(rng.uniform(6, 11), 1),
        avg_stay_standard_days=rng.choice((7.8, 8.6, 9.2)),
        outpatient_cost_above_standard_pct=round(rng.uniform(-20, 15), 1),
        system_tampering_cases=0 if rng.random() < 0.98 else 1,
    )
    if public:
        sheet["procurement_rate_pct"] = _rate(rng, 90, 0.2)
        sheet["procurement_required_pct"] = 100.0
    else:
        sheet["platform_purchase_record"] = rng.random() < 0.9
    return sheet


def _quarters(rng: random.Random, size: int, count: int) -> list[dict[str, int]]:
    quarters = []
    for _ in range(count):
        persons = max(0, int(size * rng.uniform(0.8, 1.2)))
        quarters.append(
            {"settled_persons": persons, "settled_visits": int(persons * rng.uniform(1.1, 2.6))}
        )
    return quarters


def _retail_sheet(
    rng: random.Random, kind: str, size: int, quarters: int, good: bool
) -> dict[str, Any]:
    sheet = _common(rng, 10.0, good)
    sheet.update(
        face_recognition_rate_pct=round(rng.uniform(80 if good else 72, 99), 1),
        procurement_compliant=rng.random() < 0.92,
        quarters=_quarters(rng, size, quarters),
        cost_per_visit_above_average_pct=round(rng.uniform(-25, 12), 1),
        cost_per_person_above_average_pct=round(rng.uniform(-25, 8), 1),
    )
    if kind == "outpatient":
        sheet["pooled_cost_share_pct"] = round(rng.uniform(40, 85), 1)
        sheet["departments_vs_previous"] = rng.choice(_CHANGES)
        sheet["insurance_doctors_vs_previous"] = rng.choice(_CHANGES)
    else:
        sheet["licensed_pharmacists_vs_previous"] = rng.choice(_CHANGES)
    return sheet


def _institution(rng: random.Random, kind: str, region: str, code: str, k: int) -> dict[str, Any]:
    town = rng.choice(_TOWNS)
    if kind == "comprehensive":
        name = f"{region.removesuffix('本级')}{rng.choice(_HOSPITALS)}"
        if k:
            name = f"{name}{town}分院"
        prefix = "H"
    elif kind == "outpatient":
        name = f"{region.removesuffix('本级')}{town}{rng.choice(_CLINICS)}"
        prefix = "H"
    else:
        name = f"{rng.choice(_CHAINS)}({town}{k + 1}店)"
        prefix = "P"
    institution: dict[str, Any] = {
        "institution_id": f"{prefix}{code}{rng.randrange(10_000, 99_999)}{k:02d}",
        "name": name,
    }
    if rng.random() < 0.025:
        institution["newly_designated"] = True
    good = rng.random() < 0.5
    if kind == "comprehensive":
        public = rng.random() < 0.7
        institution["ownership"] = "public" if public else "private"
        institution["half_year"] = _comprehensive_sheet(rng, public, good)
        institution["annual"] = _comprehensive_sheet(rng, public, good)
        _accumulate(institution["half_year"], institution["annual"])
        return institution
    if rng.random() < 0.02 and not institution.get("newly_designated"):
        institution["reassessment"] = True
    size = rng.randint(300, 6_000) if kind == "outpatient" else rng.randint(200, 3_000)
    half_year = _retail_sheet(rng, kind, size, 2, good)
    annual = _retail_sheet(rng, kind, size, 2, good)
    annual["quarters"] = half_year["quarters"] + annual["quarters"]  # Q1–Q2 are the same data
    _accumulate(half_year, annual)
    institution["half_year"] = half_year
    institution["annual"] = annual
    return institution


def random_facts(rng: random.Random) -> dict[str, Any]:
    """One cohort of COHORT_SIZE institutions of a random type, as raw JSON-like input."""
    kind = rng.choice(("comprehensive", "outpatient", "pharmacy"))
    region, code = rng.choice(REGIONS)
    return {
        "cohort_type": kind,
        "pooling_region": region,
        "year": rng.choice((2023, 2024, 2025)),
        "institutions": [_institution(rng, kind, region, code, k) for k in range(COHORT_SIZE)],
    }
