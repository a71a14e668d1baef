"""Random realistic applicants for the designation evaluation (designation-eval), as raw JSON.

Both variants (medical institutions of every category, retail pharmacies), mostly well-prepared
applicants near the 85-point threshold, with the occasional failed basic indicator, so that the
benchmark runs the pass, fail and veto paths.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

# 衢州 counties and districts: (division code, name, towns).
DIVISIONS = (
    ("330802", "柯城区", ("府山街道", "荷花街道", "花园街道", "石梁镇", "航埠镇")),
    ("330803", "衢江区", ("樟潭街道", "浮石街道", "廿里镇", "杜泽镇", "高家镇")),
    ("330822", "常山县", ("天马街道", "紫港街道", "球川镇", "辉埠镇")),
    ("330824", "开化县", ("芹阳办事处", "华埠镇", "马金镇", "池淮镇")),
    ("330825", "龙游县", ("龙洲街道", "东华街道", "湖镇镇", "溪口镇")),
    ("330881", "江山市", ("双塔街道", "虎山街道", "贺村镇", "峡口镇")),
)
CLINIC_BRANDS = ("仁和", "康宁", "百草堂", "济民", "华康", "瑞康", "同德", "惠民", "安泰", "博爱")
CLINIC_KINDS = ("诊所", "中医诊所", "门诊部", "中医门诊部", "口腔诊所", "综合门诊部")
PHARMACY_CHAINS = (
    "衢州百姓缘大药房连锁有限公司",
    "衢州天天好大药房连锁有限公司",
    "衢州市医药药材连锁有限公司",
    "老百姓大药房连锁(浙江)有限公司衢州",
    "浙江震元堂连锁有限公司衢州",
)
VILLAGES = ("东坪村", "上方村", "南孔村", "溪东村", "大洲村", "双溪村", "石门村")

_FINDINGS = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6)  # how many findings when there are some
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _credit_code(rng: random.Random, kind: str, division: str) -> str:
    """A unified social credit code (GB 32100-2015) with a correct check character."""
    body = kind + division + "".join(rng.choice(_CODE_CHARS) for _ in range(9))
    total = sum(
        _CODE_CHARS.index(char) * weight for char, weight in zip(body, _CODE_WEIGHTS, strict=True)
    )
    return body + _CODE_CHARS[(31 - total % 31) % 31]


def _few(rng: random.Random, clean: float, top: int) -> int:
    """A count of findings: 0 with probability `clean`, else 1..top, small ones likelier."""
    if rng.random() < clean:
        return 0
    return min(top, rng.choice(_FINDINGS))


def _half(rng: random.Random, low: float, high: float) -> float:
    """A judgement in steps of 0.5 between low and high, the upper half likelier."""
    steps = int((high - low) * 2)
    return low + 0.5 * max(rng.randint(0, steps), rng.randint(0, steps))


def _basic(rng: random.Random, fields: tuple[str, ...]) -> dict[str, bool]:
    return {field: rng.random() > 0.01 for field in fields}


def _hardware(rng: random.Random) -> dict[str, Any]:
    missing = _few(rng, 0.9, 2)
    return {
        "missing_devices": _few(rng, 0.8, 3),
        "network_isolated": rng.random() > 0.05,
        "missing_monitoring_devices": missing,
        "misplaced_monitoring_positions": _few(rng, 0.8, 3),
        "unclear_monitoring_devices": _few(rng, 0.9, 2 - missing),
    }


def _disclosure(rng: random.Random) -> dict[str, Any]:
    return {
        "prices_published": rng.random() > 0.05,
        "statements_not_provided": _few(rng, 0.8, 3),
        "verified_price_complaints": _few(rng, 0.95, 2),
        "irregular_price_labels": _few(rng, 0.7, 4),
    }


def _ledger(rng: random.Random) -> dict[str, Any]:
    accounts = rng.choices(("computerised", "paper_only", "none"), (90, 8, 2))[0]
    return {"accounts": accounts, "mismatches": _few(rng, 0.7, 4)}


def _inventory(rng: random.Random) -> dict[str, Any]:
    unbound = _few(rng, 0.85, 3)
    no_stocktake = _few(rng, 0.85, 3)
    return {
        "computerised": rng.random() > 0.03,
        "same_computer": rng.random() > 0.08,
        "mismatched_varieties": _few(rng, 0.7, 5),
        "unbound_months": unbound,
        "incompletely_bound_months": _few(rng, 0.8, 3 - unbound),
        "missing_stocktake_months": no_stocktake,
        "stocktakes_missing_details": _few(rng, 0.8, 3 - no_stocktake),
        "missing_purchase_fields": _few(rng, 0.6, 12),
    }


def _penalties(rng: random.Random) -> dict[str, Any]:
    return {"warnings": _few(rng, 0.85, 3), "other_penalties": _few(rng, 0.92, 3)}


def _premises(rng: random.Random, area: float) -> dict[str, Any]:
    owned = rng.random() < 0.15
    return {
        "owned": owned,
        "lease_years": 0.0 if owned else rng.choice((0.5, 1, 1, 2, 3, 3, 5, 5, 8, 10)),
        "floor_area_m2": area,
    }


def _evaluators(rng: random.Random) -> list[dict[str, Any]]:
    # An evaluation group of 3–5 experts, or a single third-party sheet now and then.
    count = 1 if rng.random() < 0.1 else rng.randint(3, 5)
    ids = rng.sample(range(1, 200), count)
    return [
        {
            "evaluator_id": f"QZYB-ZJ-{number:03d}",
            "rules_quality": _half(rng, 1.0, 2.0),
            "environment": _half(rng, 0.0, 2.0),
        }
        for number in ids
    ]


def _dates(rng: random.Random) -> tuple[str, str]:
    evaluation = date(2023, 3, 1) + timedelta(days=rng.randint(0, 1000))
    licence = evaluation - timedelta(days=rng.randint(95, 3000))
    return evaluation.isoformat(), licence.isoformat()


def _medical(rng: random.Random) -> dict[str, Any]:
    division, county, towns = rng.choice(DIVISIONS)
    town = rng.choice(towns)
    category = rng.choices(
        ("general", "level_2_or_above", "standardized_village", "community_health_station"),
        (70, 5, 15, 10),
    )[0]
    if category == "standardized_village":
        name = f"{county}{town}{rng.choice(VILLAGES)}卫生室"
        area = float(rng.randint(50, 150))
        public, credit_kind = True, "12"
    elif category == "community_health_station":
        name = f"{county}{town}社区卫生服务站"
        area = float(rng.randint(120, 400))
        public, credit_kind = True, "12"
    elif category == "level_2_or_above":
        name = f"{county}{rng.choice(CLINIC_BRANDS)}医院"
        area = float(rng.randint(3000, 20000))
        public = rng.random() < 0.5
        credit_kind = "12" if public else "52"
    else:
        name = f"{county}{rng.choice(CLINIC_BRANDS)}{rng.choice(CLINIC_KINDS)}"
        area = round(rng.uniform(60, 700), 1)
        public, credit_kind = False, rng.choice(("92", "91", "52"))
    evaluation, licence = _dates(rng)
    designated = rng.randint(0, 6)
    percent = 100.0 if rng.random() < 0.7 else round(rng.uniform(0, 99.9), 1)
    premises = _premises(rng, area)
    premises["missing_rooms"] = _few(rng, 0.7, 3)
    return {
        "variant": "medical_institution",
        "institution_id": _credit_code(rng, credit_kind, division),
        "institution_name": name,
        "category": category,
        "public_institution": public,
        "evaluation_date": evaluation,
        "previous_failures": 1 if rng.random() < 0.1 else 0,
        "basic": _basic(
            rng,
            (
                "operating_time",
                "physician_and_premises",
                "insurance_management",
                "management_rules",
                "information_system",
                "base_database",
                "practice_scope",
                "price_policy",
                "credit",
                "other_refusal_grounds",
            ),
        ),
        "measured": {
            "unmaintained_database_entries": _few(rng, 0.7, 4),
            "hardware": _hardware(rng),
            "disclosure": _disclosure(rng),
            "premises": premises,
            "licence_date": licence,
            "physicians": {
                "junior_physicians": rng.randint(0, 4),
                "intermediate_physicians": rng.randint(0, 3),
                "senior_physicians": rng.choice((0, 0, 0, 1, 1, 2)),
                "rehired_retired_physicians": rng.choice((0, 0, 0, 1, 2)),
            },
            "basic_account_only": rng.random() > 0.1,
            "ledger": _ledger(rng),
            "inventory": _inventory(rng),
            "irregular_prescriptions": _few(rng, 0.6, 8),
            "clinical_departments": rng.randint(1, 8),
            "procurement": {
                "platform_purchase_percent": percent,
                "settled_on_time": rng.random() > 0.1,
            },
            "layout": {
                "designated_in_community": designated,
                "same_type_in_community": rng.randint(0, designated),
            },
            "penalties": _penalties(rng),
        },
        "evaluators": _evaluators(rng),
    }


def _pharmacy(rng: random.Random) -> dict[str, Any]:
    division, county, towns = rng.choice(DIVISIONS)
    chain = rng.random() < 0.7
    town = rng.choice(towns).removesuffix("街道").removesuffix("镇")
    if chain:
        name = f"{rng.choice(PHARMACY_CHAINS)}{county}{town}店"
    else:
        name = f"{county}{rng.choice(CLINIC_BRANDS)}药店"
    evaluation, licence = _dates(rng)
    return {
        "variant": "pharmacy",
        "institution_id": _credit_code(rng, rng.choice(("91", "92")), division),
        "institution_name": name,
        "evaluation_date": evaluation,
        "previous_failures": 1 if rng.random() < 0.1 else 0,
        "basic": _basic(
            rng,
            (
                "operating_time",
                "pharmacist",
                "insurance_management",
                "drug_management",
                "management_rules",
                "information_system",
                "base_database",
                "price_policy",
                "credit",
                "business_scope",
                "other_refusal_grounds",
            ),
        ),
        "measured": {
            "unmaintained_database_entries": _few(rng, 0.7, 4),
            "disclosure": _disclosure(rng),
            "premises": _premises(rng, round(rng.uniform(40, 500), 1)),
            "licence_date": licence,
            "chain": chain,
            "pharmacists": {
                "licensed_pharmacists": rng.randint(0, 3),
                "other_pharmacists": rng.randint(0, 2),
                "rehired_retired_pharmacists": rng.choice((0, 0, 0, 1)),
            },
            "basic_account_only": rng.random() > 0.1,
            "ledger": _ledger(rng),
            "inventory": _inventory(rng),
            "display": {
                "nonconforming_items": _few(rng, 0.75, 3),
                "positive_list_enforced": rng.random() > 0.1,
            },
            "insurance_labels": {
                "labels_set": rng.random() > 0.03,
                "inaccurate_labels": _few(rng, 0.75, 3),
            },
            "hardware": _hardware(rng),
            "catalogue_varieties": rng.randint(120, 1200),
            "designated_pharmacies_in_community": rng.randint(0, 6),
            "penalties": _penalties(rng),
        },
        "evaluators": _evaluators(rng),
    }


def random_facts(rng: random.Random) -> dict[str, Any]:
    """A random medical institution or retail pharmacy applying for designation, as raw JSON."""
    return _medical(rng) if rng.random() < 0.5 else _pharmacy(rng)
