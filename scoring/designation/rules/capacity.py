"""Rows both tables share on the subject's capacity: its rules, statistics, equipment,
disclosure, premises and time in business (表1 评估指标 1–6, 表2 评估指标 1–5 and 13; each
table's own disclosure row applies the rule here with its own numbers). The staff rows (表1/表2
评估指标 7) are in `staffing`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from scoring.designation.facts import MedicalInstitutionFacts, PharmacyFacts
from scoring.designation.measured import Disclosure, Hardware, Premises
from scoring.designation.rules.scored import (
    Scored,
    banded,
    deduct,
    each,
    fmt,
    full_months,
    judged_points,
    row_total,
    to_tenths,
    when,
)


def rules_quality(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 1 建立完善的(医保药品)管理制度 (2): "根据制度整体质量,得1-2分" — judged."""
    judged, text = judged_points([s.rules_quality for s in facts.evaluators], "overall quality")
    return Scored(0, f"{text} (1–2): {row_total(0, judged)} of 2", judged)


STATISTICS_MAX = to_tenths(3)
STATISTICS_PER_ENTRY = to_tenths(1)  # "未按要求维护的1例扣1分,扣完为止"


def statistics(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 2 建立完善的统计信息管理制度 (3)."""
    entries = facts.measured.unmaintained_database_entries
    return deduct(
        STATISTICS_MAX,
        [each(entries, STATISTICS_PER_ENTRY, "database entries not maintained")],
        "all standard database entries maintained",
    )


# 配备医保要求的硬件装置 (7): "每少配备一项设备,扣1分,未隔离扣2分;… 每少安装一项设备,扣3分,若一个
# 位置不符合安装要求扣1分;一种设备不清晰,扣2分;扣完为止。"
HARDWARE_MAX = to_tenths(7)
HW_MISSING_DEVICE = to_tenths(1)
HW_NOT_ISOLATED = to_tenths(2)
HW_MISSING_MONITORING = to_tenths(3)
HW_MISPLACED = to_tenths(1)
HW_UNCLEAR = to_tenths(2)


def _hardware(hardware: Hardware) -> Scored:
    return deduct(
        HARDWARE_MAX,
        [
            each(hardware.missing_devices, HW_MISSING_DEVICE, "missing devices"),
            when(not hardware.network_isolated, HW_NOT_ISOLATED, "network not isolated"),
            each(
                hardware.missing_monitoring_devices,
                HW_MISSING_MONITORING,
                "face-recognition/video devices not installed",
            ),
            each(hardware.misplaced_monitoring_positions, HW_MISPLACED, "positions not compliant"),
            each(hardware.unclear_monitoring_devices, HW_UNCLEAR, "device kinds not clear"),
        ],
        "all devices installed, compliant and isolated",
    )


def hardware(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """表1 评估指标 3 / 表2 评估指标 13 配备医保要求的硬件装置 (7)."""
    return _hardware(facts.measured.hardware)


# 信息公开制度: "未公开扣2分;… 未提供一例扣1分;有投诉举报价格的,查实1例扣5分 (表2: 扣4分);
# 定价或标识不规范的,发现1例扣1分。扣完为止。"
DISCLOSURE_NOT_PUBLISHED = to_tenths(2)
DISCLOSURE_PER_STATEMENT = to_tenths(1)
DISCLOSURE_PER_IRREGULAR = to_tenths(1)


def disclosure_rule(disclosure: Disclosure, max_points: float, per_complaint: float) -> Scored:
    return deduct(
        to_tenths(max_points),
        [
            when(not disclosure.prices_published, DISCLOSURE_NOT_PUBLISHED, "prices not public"),
            each(
                disclosure.statements_not_provided,
                DISCLOSURE_PER_STATEMENT,
                "statements not provided",
            ),
            each(
                disclosure.verified_price_complaints,
                to_tenths(per_complaint),
                "verified price complaints",
            ),
            each(
                disclosure.irregular_price_labels,
                DISCLOSURE_PER_IRREGULAR,
                "irregular prices/labels",
            ),
        ],
        "prices public, statements provided, no complaint or irregular label",
    )


# 经营场所 part 1: "房产所有权属…所有的,得4分;租赁合同年限超过3年(含3年),得3分;…超过2年(含2年),
# 得2分;…超过1年(含1年),得1分;…低于1年,不得分。"
OWNED_POINTS = 4.0
LEASE_BANDS: Final = ((3.0, 3.0), (2.0, 2.0), (1.0, 1.0))
# Part 2 floor-area bands, "X平方米(含)以上".
MEDICAL_AREA_BANDS: Final = (
    (500.0, 6.0),
    (400.0, 5.0),
    (300.0, 4.0),
    (200.0, 3.0),
    (150.0, 2.0),
    (120.0, 1.0),
)
PHARMACY_AREA_BANDS: Final = (
    (400.0, 6.0),
    (300.0, 5.0),
    (200.0, 4.0),
    (150.0, 3.0),
    (100.0, 2.0),
    (60.0, 1.0),
)
AREA_MAX = 6.0
# 表1: "其中规范化村卫生室达到60㎡以上,社区卫生服务站达到150㎡以上即得满分" (满分 of the area part).
FULL_AREA_FROM: Final[dict[str, float]] = {
    "standardized_village": 60.0,
    "community_health_station": 150.0,
}
# 表1 part 3: "三室齐全得3分,每少一室扣1分".
ROOMS_POINTS = 3


def _tenure(premises: Premises) -> tuple[int, str]:
    """经营场所 part 1: owned 4, or the lease term's band."""
    if premises.owned:
        return to_tenths(OWNED_POINTS), f"owned {fmt(to_tenths(OWNED_POINTS))}"
    points = banded(premises.lease_years, LEASE_BANDS)
    return to_tenths(points), f"leased {premises.lease_years:g} years: {points:g}"


def _area(area: float, bands: Sequence[tuple[float, float]], full_from: float | None) -> int:
    if full_from is not None and area >= full_from:
        return to_tenths(AREA_MAX)
    return to_tenths(banded(area, bands))


def medical_premises(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 5 经营场所 (15) = tenure 4 + floor area 6 + rooms 3 + environment 2."""
    premises = facts.measured.premises
    tenure, tenure_text = _tenure(premises)
    full_from = FULL_AREA_FROM.get(facts.category)
    area = _area(premises.floor_area_m2, MEDICAL_AREA_BANDS, full_from)
    area_text = f"{premises.floor_area_m2:g} m²: {fmt(area)}"
    if full_from is not None and area == to_tenths(AREA_MAX):
        area_text += f" (full from {full_from:g} m² for {facts.category})"
    rooms = to_tenths(ROOMS_POINTS - premises.missing_rooms)
    judged, env_text = judged_points([s.environment for s in facts.evaluators], "environment")
    measured = tenure + area + rooms
    return Scored(
        measured,
        f"{tenure_text}; {area_text}; {premises.missing_rooms} of 3 rooms missing: "
        f"{fmt(rooms)}; {env_text}: {row_total(measured, judged)} of 15",
        judged,
    )


def pharmacy_premises(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 4 经营场所 (12) = tenure 4 + floor area 6 + environment 2."""
    premises = facts.measured.premises
    tenure, tenure_text = _tenure(premises)
    area = _area(premises.floor_area_m2, PHARMACY_AREA_BANDS, None)
    judged, env_text = judged_points([s.environment for s in facts.evaluators], "environment")
    measured = tenure + area
    return Scored(
        measured,
        f"{tenure_text}; {premises.floor_area_m2:g} m²: {fmt(area)}; {env_text}: "
        f"{row_total(measured, judged)} of 12",
        judged,
    )


# 经营时间长短, from the licence's approval date, "大于(含)" bands in months.
MEDICAL_OPERATING_BANDS: Final = ((24, 5.0), (12, 3.0), (6, 2.0), (3, 1.0))  # 表1 评估指标 6
PHARMACY_OPERATING_BANDS: Final = ((12, 3.0), (6, 2.0), (3, 1.0))  # 表2 评估指标 5


def _operating(
    facts: MedicalInstitutionFacts | PharmacyFacts,
    bands: Sequence[tuple[float, float]],
    max_points: int,
) -> Scored:
    months = full_months(facts.measured.licence_date, facts.evaluation_date)
    points = banded(months, bands)
    return Scored(
        to_tenths(points),
        f"licensed {facts.measured.licence_date.isoformat()}, {months} full months by "
        f"{facts.evaluation_date.isoformat()}: {points:g} of {max_points}",
    )


def medical_operating_time(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 6: ≥2 years 5, ≥1 year 3, 6 months–1 year 2, 3–6 months 1."""
    return _operating(facts, MEDICAL_OPERATING_BANDS, 5)


def pharmacy_operating_time(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 5: ≥1 year 3, 6 months–1 year 2, 3–6 months 1."""
    return _operating(facts, PHARMACY_OPERATING_BANDS, 3)
