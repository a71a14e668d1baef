"""The rows of 附件4 表1 and 表2, one function per scored indicator (评估指标), each turning the
measured facts (and the evaluators' judgements) into points with the row's own rule.

Every function returns a `Scored`: the measured points (in tenths, common to all evaluators),
the judged points per evaluator (in tenths, sheet order; empty for a measured row) and the reason
("the fact and the rule applied"). `ROWS_MEDICAL` / `ROWS_PHARMACY` list the rows in table order
with their ids, labels, maxima and clauses; `BASIC_MEDICAL` / `BASIC_PHARMACY` the veto items.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Generic, TypeVar

from scoring.designation.facts import (
    Disclosure,
    Hardware,
    Inventory,
    Ledger,
    MedicalInstitutionFacts,
    Penalties,
    PharmacyFacts,
    Premises,
)
from scoring.designation.params import (
    LAYOUT_EXEMPT_POINTS,
    LEDGER_BASE_POINTS,
    MEDICAL_LAYOUT_LIMIT,
    MEDICAL_TABLE,
    PHARMACY_LAYOUT_LIMIT,
    PHARMACY_TABLE,
    REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION,
    TENTHS,
    VARIETIES_EXACTLY_200_POINTS,
    VARIETY_BANDS,
)

F = TypeVar("F", MedicalInstitutionFacts, PharmacyFacts)


def _t(points: float) -> int:
    """Points → integer tenths (every number of the tables is a multiple of 0.1)."""
    return round(points * TENTHS)


def _format(tenths: int) -> str:
    if tenths % TENTHS == 0:
        return str(tenths // TENTHS)
    return str(tenths / TENTHS)


# The points 0–100 (and the deductions the rows can reach) shown once, not formatted per call.
_SHOWN: Final = tuple(_format(tenths) for tenths in range(1001))


def fmt(tenths: int) -> str:
    """Tenths → '16.4', '17', '-2'."""
    if 0 <= tenths <= 1000:
        return _SHOWN[tenths]
    return _format(tenths)


def fmt_avg(tenths_sum: int, count: int) -> str:
    """The average of `count` values whose sum is `tenths_sum` tenths, shown to 3 decimals at most
    (display only: the report's points are the unrounded average)."""
    if tenths_sum % count == 0:
        return fmt(tenths_sum // count)
    return f"{tenths_sum / (TENTHS * count):.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Scored:
    """A row's points: `measured` tenths common to all evaluators plus, per evaluator,
    `judged` tenths; the row's points for an evaluator are measured + judged[i]."""

    measured: int
    reason: str
    judged: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Row(Generic[F]):
    number: int
    indicator: str
    label: str
    max_points: float
    clause: str
    rule: Callable[[F], Scored]


@dataclass(frozen=True, slots=True)
class BasicItem:
    number: int
    field: str  # the Facts field under `basic`, True when met
    label: str
    failed: str  # why an unmet item disqualifies, in the table's words
    clause: str


# ---------------------------------------------------------------------------------------------
# Helpers shared by the rows
# ---------------------------------------------------------------------------------------------

_Part = tuple[int, str] | None


def _each(count: int, per: int, noun: str) -> _Part:
    """A deduction of `per` tenths for each of `count` findings."""
    return (count * per, f"{count} {noun} × {fmt(per)}") if count else None


def _when(condition: bool, per: int, text: str) -> _Part:
    """A one-off deduction of `per` tenths."""
    return (per, f"{text} {fmt(per)}") if condition else None


def _deduct(max_tenths: int, parts: Sequence[_Part], clean: str) -> Scored:
    """Deductions from the row's maximum, stopping at zero (扣完为止)."""
    found = [part for part in parts if part is not None]
    if not found:
        return Scored(max_tenths, f"{clean}: {fmt(max_tenths)} of {fmt(max_tenths)}")
    deducted = sum(tenths for tenths, _ in found)
    texts = ", ".join(text for _, text in found)
    if deducted >= max_tenths:
        return Scored(0, f"{texts}: −{fmt(deducted)} of {fmt(max_tenths)} → 0 (扣完为止)")
    points = max_tenths - deducted
    return Scored(points, f"{texts}: −{fmt(deducted)} of {fmt(max_tenths)} → {fmt(points)}")


def _judged(values: Sequence[float], what: str) -> tuple[tuple[int, ...], str]:
    """Evaluator judgements in tenths, and a phrase with their average and spread."""
    judged = tuple(_t(value) for value in values)
    shown = ", ".join(fmt(value) for value in judged)
    if len(judged) == 1:
        return judged, f"{what} judged {shown}"
    spread = max(judged) - min(judged)
    average = fmt_avg(sum(judged), len(judged))
    return judged, (
        f"{what} judged {shown} by {len(judged)} evaluators (avg {average}, spread {fmt(spread)})"
    )


def _row_total(measured: int, judged: tuple[int, ...]) -> str:
    """The row's averaged points, for the end of a reason."""
    if not judged:
        return fmt(measured)
    return fmt_avg(measured * len(judged) + sum(judged), len(judged))


def add_months(start: date, months: int) -> date:
    """The same day number `months` later, or that month's last day (procedures.md §0)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def full_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`: N when end is on or after add_months(start, N)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def _bands(value: float, bands: Sequence[tuple[float, float]]) -> float:
    """The points of the first band whose lower bound (inclusive, 含) the value reaches."""
    for lower, points in bands:
        if value >= lower:
            return points
    return 0.0


# ---------------------------------------------------------------------------------------------
# Rows common to both tables
# ---------------------------------------------------------------------------------------------


def rules_quality(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 1 建立完善的(医保药品)管理制度 (2): "根据制度整体质量,得1-2分" — judged."""
    judged, text = _judged([s.rules_quality for s in facts.evaluators], "overall quality")
    return Scored(0, f"{text} (1–2): {_row_total(0, judged)} of 2", judged)


STATISTICS_MAX = _t(3)
STATISTICS_PER_ENTRY = _t(1)  # "未按要求维护的1例扣1分,扣完为止"


def statistics(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 2 建立完善的统计信息管理制度 (3)."""
    entries = facts.measured.unmaintained_database_entries
    return _deduct(
        STATISTICS_MAX,
        [_each(entries, STATISTICS_PER_ENTRY, "database entries not maintained")],
        "all standard database entries maintained",
    )


# 配备医保要求的硬件装置 (7): "每少配备一项设备,扣1分,未隔离扣2分;… 每少安装一项设备,扣3分,若一个
# 位置不符合安装要求扣1分;一种设备不清晰,扣2分;扣完为止。"
HARDWARE_MAX = _t(7)
HW_MISSING_DEVICE = _t(1)
HW_NOT_ISOLATED = _t(2)
HW_MISSING_MONITORING = _t(3)
HW_MISPLACED = _t(1)
HW_UNCLEAR = _t(2)


def _hardware(hardware: Hardware) -> Scored:
    return _deduct(
        HARDWARE_MAX,
        [
            _each(hardware.missing_devices, HW_MISSING_DEVICE, "missing devices"),
            _when(not hardware.network_isolated, HW_NOT_ISOLATED, "network not isolated"),
            _each(
                hardware.missing_monitoring_devices,
                HW_MISSING_MONITORING,
                "face-recognition/video devices not installed",
            ),
            _each(hardware.misplaced_monitoring_positions, HW_MISPLACED, "positions not compliant"),
            _each(hardware.unclear_monitoring_devices, HW_UNCLEAR, "device kinds not clear"),
        ],
        "all devices installed, compliant and isolated",
    )


def hardware(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """表1 评估指标 3 / 表2 评估指标 13 配备医保要求的硬件装置 (7)."""
    return _hardware(facts.measured.hardware)


# 信息公开制度: "未公开扣2分;… 未提供一例扣1分;有投诉举报价格的,查实1例扣5分 (表2: 扣4分);
# 定价或标识不规范的,发现1例扣1分。扣完为止。"
DISCLOSURE_NOT_PUBLISHED = _t(2)
DISCLOSURE_PER_STATEMENT = _t(1)
DISCLOSURE_PER_IRREGULAR = _t(1)


def _disclosure(disclosure: Disclosure, max_points: float, per_complaint: float) -> Scored:
    return _deduct(
        _t(max_points),
        [
            _when(not disclosure.prices_published, DISCLOSURE_NOT_PUBLISHED, "prices not public"),
            _each(
                disclosure.statements_not_provided,
                DISCLOSURE_PER_STATEMENT,
                "statements not provided",
            ),
            _each(
                disclosure.verified_price_complaints,
                _t(per_complaint),
                "verified price complaints",
            ),
            _each(
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
        return _t(OWNED_POINTS), f"owned {fmt(_t(OWNED_POINTS))}"
    points = _bands(premises.lease_years, LEASE_BANDS)
    return _t(points), f"leased {premises.lease_years:g} years: {points:g}"


def _area(area: float, bands: Sequence[tuple[float, float]], full_from: float | None) -> int:
    if full_from is not None and area >= full_from:
        return _t(AREA_MAX)
    return _t(_bands(area, bands))


def medical_premises(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 5 经营场所 (15) = tenure 4 + floor area 6 + rooms 3 + environment 2."""
    premises = facts.measured.premises
    tenure, tenure_text = _tenure(premises)
    full_from = FULL_AREA_FROM.get(facts.category)
    area = _area(premises.floor_area_m2, MEDICAL_AREA_BANDS, full_from)
    area_text = f"{premises.floor_area_m2:g} m²: {fmt(area)}"
    if full_from is not None and area == _t(AREA_MAX):
        area_text += f" (full from {full_from:g} m² for {facts.category})"
    rooms = _t(ROOMS_POINTS - premises.missing_rooms)
    judged, env_text = _judged([s.environment for s in facts.evaluators], "environment")
    measured = tenure + area + rooms
    return Scored(
        measured,
        f"{tenure_text}; {area_text}; {premises.missing_rooms} of 3 rooms missing: "
        f"{fmt(rooms)}; {env_text}: {_row_total(measured, judged)} of 15",
        judged,
    )


def pharmacy_premises(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 4 经营场所 (12) = tenure 4 + floor area 6 + environment 2."""
    premises = facts.measured.premises
    tenure, tenure_text = _tenure(premises)
    area = _area(premises.floor_area_m2, PHARMACY_AREA_BANDS, None)
    judged, env_text = _judged([s.environment for s in facts.evaluators], "environment")
    measured = tenure + area
    return Scored(
        measured,
        f"{tenure_text}; {premises.floor_area_m2:g} m²: {fmt(area)}; {env_text}: "
        f"{_row_total(measured, judged)} of 12",
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
    points = _bands(months, bands)
    return Scored(
        _t(points),
        f"licensed {facts.measured.licence_date.isoformat()}, {months} full months by "
        f"{facts.evaluation_date.isoformat()}: {points:g} of {max_points}",
    )


def medical_operating_time(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 6: ≥2 years 5, ≥1 year 3, 6 months–1 year 2, 3–6 months 1."""
    return _operating(facts, MEDICAL_OPERATING_BANDS, 5)


def pharmacy_operating_time(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 5: ≥1 year 3, 6 months–1 year 2, 3–6 months 1."""
    return _operating(facts, PHARMACY_OPERATING_BANDS, 3)


def _staffing(
    counts: Sequence[tuple[int, int, str]],
    rehired: tuple[int, int, str],
    base: int,
    max_tenths: int,
) -> Scored:
    """按规定配备 `base`, then increments per person beyond the required one.

    `counts` are (people, increment tenths, title) from the lowest to the highest qualification;
    the required place is taken from the lowest (or highest, by
    REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION) qualification present.
    """
    if sum(people for people, _, _ in counts) == 0:
        return Scored(0, f"no qualifying staff for the required place: 0 of {fmt(max_tenths)}")
    remaining = [people for people, _, _ in counts]
    order = (
        range(len(counts))
        if REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION
        else range(len(counts) - 1, -1, -1)
    )
    place = next(i for i in order if remaining[i] > 0)
    remaining[place] -= 1
    texts = [f"required place ({counts[place][2]}) {fmt(base)}"]
    points = base
    for extra, (_, per, title) in zip(remaining, counts, strict=True):
        if extra and per:
            points += extra * per
            texts.append(f"+{extra} {title} × {fmt(per)}")
    people, per, title = rehired
    if people:
        points += people * per
        texts.append(f"+{people} {title} × {fmt(per)}")
    if points > max_tenths:
        return Scored(
            max_tenths,
            f"{', '.join(texts)} = {fmt(points)}, capped at {fmt(max_tenths)} (最多得"
            f"{fmt(max_tenths)}分)",
        )
    return Scored(points, f"{', '.join(texts)}: {fmt(points)} of {fmt(max_tenths)}")


# 表1 评估指标 7: "按规定配备医师得2分;每增加一名中级职称医师加1分,每增加1名副高及以上职称医师加
# 2分;… 每增加1名中级及以上职称退休返聘医师加0.5分。最多得5分。"
PHYSICIAN_BASE = _t(2)
PHYSICIAN_INTERMEDIATE = _t(1)
PHYSICIAN_SENIOR = _t(2)
PHYSICIAN_REHIRED = _t(0.5)
STAFFING_MAX = _t(5)


def physicians(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 7 医师配备情况 (5)."""
    staff = facts.measured.physicians
    return _staffing(
        [
            (staff.junior_physicians, 0, "junior physician"),
            (staff.intermediate_physicians, PHYSICIAN_INTERMEDIATE, "intermediate"),
            (staff.senior_physicians, PHYSICIAN_SENIOR, "deputy-senior+"),
        ],
        (staff.rehired_retired_physicians, PHYSICIAN_REHIRED, "rehired retired"),
        PHYSICIAN_BASE,
        STAFFING_MAX,
    )


# 表2 评估指标 7: "按规定配备药师得2分,每增加一名执业药师加2分 … 每增加1名退休返聘药师加1分"
# (row maximum 5).
PHARMACIST_BASE = _t(2)
PHARMACIST_LICENSED = _t(2)
PHARMACIST_REHIRED = _t(1)


def pharmacists(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 7 药师配备情况 (5)."""
    staff = facts.measured.pharmacists
    return _staffing(
        [
            (staff.other_pharmacists, 0, "titled pharmacist"),
            (staff.licensed_pharmacists, PHARMACIST_LICENSED, "licensed pharmacist"),
        ],
        (staff.rehired_retired_pharmacists, PHARMACIST_REHIRED, "rehired retired"),
        PHARMACIST_BASE,
        STAFFING_MAX,
    )


BASIC_ACCOUNT_POINTS = _t(2)  # "所有资金收支通过本单位基本账户。是得2分,否则不得分"


def basic_account(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 8 单位基本财务账户 (2)."""
    if facts.measured.basic_account_only:
        return Scored(BASIC_ACCOUNT_POINTS, "all funds through the basic account: 2 of 2")
    return Scored(0, "funds not all through the basic account: 0 of 2")


LEDGER_MAX = _t(8)
LEDGER_PER_MISMATCH = _t(1)  # "未做到账账相符、账实相符,发现一项扣1分。扣完为止"


def _ledger(ledger: Ledger) -> Scored:
    base = _t(LEDGER_BASE_POINTS[ledger.accounts])
    start = f"{ledger.accounts.replace('_', ' ')} ledgers: {fmt(base)}"
    if not ledger.mismatches:
        return Scored(base, f"{start}, no mismatch: {fmt(base)} of 8")
    deducted = ledger.mismatches * LEDGER_PER_MISMATCH
    points = max(0, base - deducted)
    stop = ", stops at 0 (扣完为止)" if deducted >= base else ""
    return Scored(
        points,
        f"{start}, {ledger.mismatches} mismatches × 1: −{fmt(deducted)}{stop} → {fmt(points)} of 8",
    )


def ledger(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 9 财务台账 (8)."""
    return _ledger(facts.measured.ledger)


# 进销存 (17): "未纳入电算化管理扣5分;经营电脑与上传医保系统电脑非同台扣3分;进销存不对应的一个品种扣
# 1分(抽查5个);未按月装订的,缺一个月扣2分,装订不齐全扣1分;盘存表缺一个月扣2分,盘存明细缺失扣1分;
# 购进记录缺少一个字段的,扣0.2分。扣完为止。" The two 1-point items are taken per month, like
# the 2-point items they follow.
INVENTORY_MAX = _t(17)
INV_NOT_COMPUTERISED = _t(5)
INV_OTHER_COMPUTER = _t(3)
INV_PER_VARIETY = _t(1)
INV_PER_UNBOUND_MONTH = _t(2)
INV_PER_INCOMPLETE_MONTH = _t(1)
INV_PER_STOCKTAKE_MONTH = _t(2)
INV_PER_STOCKTAKE_DETAILS = _t(1)
INV_PER_FIELD = _t(0.2)


def _inventory(inventory: Inventory) -> Scored:
    return _deduct(
        INVENTORY_MAX,
        [
            _when(not inventory.computerised, INV_NOT_COMPUTERISED, "not computerised"),
            _when(not inventory.same_computer, INV_OTHER_COMPUTER, "upload on another computer"),
            _each(inventory.mismatched_varieties, INV_PER_VARIETY, "varieties not matching"),
            _each(inventory.unbound_months, INV_PER_UNBOUND_MONTH, "months unbound"),
            _each(
                inventory.incompletely_bound_months,
                INV_PER_INCOMPLETE_MONTH,
                "months bound incompletely",
            ),
            _each(
                inventory.missing_stocktake_months,
                INV_PER_STOCKTAKE_MONTH,
                "months without stocktake",
            ),
            _each(
                inventory.stocktakes_missing_details,
                INV_PER_STOCKTAKE_DETAILS,
                "stocktakes without details",
            ),
            _each(
                inventory.missing_purchase_fields, INV_PER_FIELD, "purchase-record fields missing"
            ),
        ],
        "computerised, same computer, 5 sampled varieties matching, bound and stocktaken monthly",
    )


def inventory(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 10 进销存管理 / 进销存数据传输和对应 (17)."""
    return _inventory(facts.measured.inventory)


PENALTIES_MAX = _t(10)
PENALTY_PER_WARNING = _t(1)


def _penalties(penalties: Penalties) -> Scored:
    """行政处罚记录 (10): "三年内每有一次警告、通报批评类行政处罚扣1分;其他类型 … 三年内有一次扣2分,
    两次扣5分,三次及以上扣10分。扣完为止。"
    """
    other = penalties.other_penalties
    other_tenths = _t(0 if other == 0 else 2 if other == 1 else 5 if other == 2 else 10)
    parts: list[_Part] = [_each(penalties.warnings, PENALTY_PER_WARNING, "warnings")]
    if other:
        parts.append((other_tenths, f"{other} other penalties → {fmt(other_tenths)}"))
    return _deduct(PENALTIES_MAX, parts, "no medical-related penalty in 3 years")


def penalties(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """表1 评估指标 15 / 表2 评估指标 16 行政处罚记录 (10)."""
    return _penalties(facts.measured.penalties)


# ---------------------------------------------------------------------------------------------
# Rows of 表1 only
# ---------------------------------------------------------------------------------------------


def medical_disclosure(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 4 信息公开制度 (5), a verified price complaint −5."""
    return _disclosure(facts.measured.disclosure, 5.0, 5.0)


PRESCRIPTIONS_MAX = _t(4)
PER_IRREGULAR_PRESCRIPTION = _t(0.5)  # "每一例不合理或不规范扣0.5分。扣完为止"


def prescriptions(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 11 规范医疗行为 (4): 8 trial-run records sampled."""
    return _deduct(
        PRESCRIPTIONS_MAX,
        [
            _each(
                facts.measured.irregular_prescriptions,
                PER_IRREGULAR_PRESCRIPTION,
                "of 8 sampled records irregular",
            )
        ],
        "all 8 sampled records reasonable and complete",
    )


# 表1 评估指标 12: "单诊疗科目的医疗机构给2分,每增加一个诊疗科目加1分,最多得5分。"
DEPARTMENTS_SINGLE = 2
DEPARTMENTS_MAX = 5


def departments(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 12 诊疗科目 (5)."""
    count = facts.measured.clinical_departments
    points = min(DEPARTMENTS_MAX, DEPARTMENTS_SINGLE + count - 1)
    return Scored(
        _t(points), f"{count} clinical departments: 2 + {count - 1} × 1, at most 5: {points} of 5"
    )


PROCUREMENT_POINTS = _t(2)


def procurement(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 13 药品招采 (2): "民营机构有招采子系统采购成功记录且线上按时结算货款,得2分;
    公立机构线上采购率达100%且线上按时结算货款的,得2分。"
    """
    record = facts.measured.procurement
    percent = record.platform_purchase_percent
    if facts.public_institution:
        bought = percent >= 100.0
        need = f"public: platform rate {percent:g}% (needs 100%)"
    else:
        bought = percent > 0.0
        need = f"private: platform rate {percent:g}% (needs a successful purchase)"
    settled = "settled on time" if record.settled_on_time else "not settled on time"
    if bought and record.settled_on_time:
        return Scored(PROCUREMENT_POINTS, f"{need}, {settled}: 2 of 2")
    return Scored(0, f"{need}, {settled}: 0 of 2")


def medical_layout(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 14 场所布局 (10): "二级以下定点医疗机构小于4家 … 且无同类型医疗机构的,得10分;
    … 有同类型医疗机构一家得5分,两家及以上不得分; … ≥4家不得分。" 备注: 规范化村级医疗机构、
    二级及以上医疗机构不受场所布局影响."""
    if facts.category in ("standardized_village", "level_2_or_above"):
        points = _t(LAYOUT_EXEMPT_POINTS)
        return Scored(
            points, f"{facts.category} not affected by layout (备注): {fmt(points)} of 10"
        )
    layout = facts.measured.layout
    existing, same = layout.designated_in_community, layout.same_type_in_community
    if existing >= MEDICAL_LAYOUT_LIMIT:
        return Scored(0, f"{existing} designated institutions in the community (≥4): 0 of 10")
    points = 10 if same == 0 else 5 if same == 1 else 0
    return Scored(
        _t(points),
        f"{existing} designated institutions in the community (<4), {same} of the same type: "
        f"{points} of 10",
    )


# ---------------------------------------------------------------------------------------------
# Rows of 表2 only
# ---------------------------------------------------------------------------------------------


def pharmacy_disclosure(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 3 信息公开制度 (4), a verified price complaint −4."""
    return _disclosure(facts.measured.disclosure, 4.0, 4.0)


def business_mode(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 6 经营模式 (5): "零售(连锁)的,得5分;经营模式为零售的,得3分。" """
    if facts.measured.chain:
        return Scored(_t(5), "retail chain (零售(连锁)): 5 of 5")
    return Scored(_t(3), "single retail (零售): 3 of 5")


DISPLAY_MAX = _t(5)
DISPLAY_PER_ITEM = _t(1)  # "营业面积、专区、专柜设置一项不符合扣1分"
DISPLAY_NO_POSITIVE_LIST = _t(2)  # "其他用品未严格执行正面清单制,扣2分。扣完为止"


def display(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 11 分区摆放 (5)."""
    areas = facts.measured.display
    return _deduct(
        DISPLAY_MAX,
        [
            _each(areas.nonconforming_items, DISPLAY_PER_ITEM, "area/zone/counter settings off"),
            _when(not areas.positive_list_enforced, DISPLAY_NO_POSITIVE_LIST, "no positive list"),
        ],
        "area, insurance zone and counter conforming, positive list enforced",
    )


LABELS_MAX = _t(2)
LABELS_PER_INACCURATE = _t(1)


def insurance_labels(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 12 设立医保用药标识 (2): "未设立医保用药标识的,不得分。医保用药标识不准确的,
    每1例扣1分。"
    """
    labels = facts.measured.insurance_labels
    if not labels.labels_set:
        return Scored(0, "no insurance-drug labels set up: 0 of 2")
    return _deduct(
        LABELS_MAX,
        [_each(labels.inaccurate_labels, LABELS_PER_INACCURATE, "inaccurate labels")],
        "labels set up and accurate",
    )


def varieties(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 14 药品品种 (5): "超过600的得5分 … 超过200的得1分,低于200的不得分" (超过
    excludes the number)."""
    count = facts.measured.catalogue_varieties
    for above, points in VARIETY_BANDS:
        if count > above:
            return Scored(_t(points), f"{count} catalogue varieties (> {above}): {points:g} of 5")
    if count == 200:
        points = VARIETIES_EXACTLY_200_POINTS
        return Scored(
            _t(points), f"200 catalogue varieties (not 超过200, not 低于200): {points:g} of 5"
        )
    return Scored(0, f"{count} catalogue varieties (< 200): 0 of 5")


def pharmacy_layout(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 15 场所布局 (10): "社区内已有定点零售药店少于3家 … 得10分,否则不得分"."""
    existing = facts.measured.designated_pharmacies_in_community
    if existing < PHARMACY_LAYOUT_LIMIT:
        return Scored(_t(10), f"{existing} designated pharmacies in the community (<3): 10 of 10")
    return Scored(0, f"{existing} designated pharmacies in the community (≥3): 0 of 10")


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------


def _medical(
    number: int,
    indicator: str,
    label: str,
    max_points: float,
    rule: Callable[[MedicalInstitutionFacts], Scored],
) -> Row[MedicalInstitutionFacts]:
    return Row(number, indicator, label, max_points, f"{MEDICAL_TABLE} 评估指标 {number}", rule)


def _pharmacy(
    number: int,
    indicator: str,
    label: str,
    max_points: float,
    rule: Callable[[PharmacyFacts], Scored],
) -> Row[PharmacyFacts]:
    return Row(number, indicator, label, max_points, f"{PHARMACY_TABLE} 评估指标 {number}", rule)


ROWS_MEDICAL: Final = (
    _medical(1, "scored.management_rules", "建立完善的管理制度", 2, rules_quality),
    _medical(2, "scored.statistics", "建立完善的统计信息管理制度", 3, statistics),
    _medical(3, "scored.hardware", "配备医保要求的硬件装置", 7, hardware),
    _medical(4, "scored.disclosure", "信息公开制度", 5, medical_disclosure),
    _medical(5, "scored.premises", "经营场所", 15, medical_premises),
    _medical(6, "scored.operating_time", "经营时间长短", 5, medical_operating_time),
    _medical(7, "scored.physicians", "医师配备情况", 5, physicians),
    _medical(8, "scored.basic_account", "单位基本财务账户", 2, basic_account),
    _medical(9, "scored.ledger", "财务台账", 8, ledger),
    _medical(10, "scored.inventory", "进销存管理", 17, inventory),
    _medical(11, "scored.prescriptions", "规范医疗行为", 4, prescriptions),
    _medical(12, "scored.departments", "诊疗科目", 5, departments),
    _medical(13, "scored.procurement", "药品招采", 2, procurement),
    _medical(14, "scored.layout", "场所布局", 10, medical_layout),
    _medical(15, "scored.penalties", "行政处罚记录", 10, penalties),
)

ROWS_PHARMACY: Final = (
    _pharmacy(1, "scored.management_rules", "建立完善的医保药品管理制度", 2, rules_quality),
    _pharmacy(2, "scored.statistics", "建立完善的统计信息管理制度", 3, statistics),
    _pharmacy(3, "scored.disclosure", "信息公开制度", 4, pharmacy_disclosure),
    _pharmacy(4, "scored.premises", "经营场所", 12, pharmacy_premises),
    _pharmacy(5, "scored.operating_time", "经营时间长短", 3, pharmacy_operating_time),
    _pharmacy(6, "scored.business_mode", "经营模式", 5, business_mode),
    _pharmacy(7, "scored.pharmacists", "药师配备情况", 5, pharmacists),
    _pharmacy(8, "scored.basic_account", "单位基本财务账户", 2, basic_account),
    _pharmacy(9, "scored.ledger", "财务台账", 8, ledger),
    _pharmacy(10, "scored.inventory", "进销存数据传输和对应", 17, inventory),
    _pharmacy(11, "scored.display", "分区摆放", 5, display),
    _pharmacy(12, "scored.insurance_labels", "设立医保用药标识", 2, insurance_labels),
    _pharmacy(13, "scored.hardware", "配备医保要求的硬件装置", 7, hardware),
    _pharmacy(14, "scored.varieties", "药品品种", 5, varieties),
    _pharmacy(15, "scored.layout", "场所布局", 10, pharmacy_layout),
    _pharmacy(16, "scored.penalties", "行政处罚记录", 10, penalties),
)


def _basic(table: str, number: int, field: str, label: str, failed: str) -> BasicItem:
    return BasicItem(number, field, label, failed, f"{table} 基础指标 {number}")


BASIC_MEDICAL: Final = (
    _basic(MEDICAL_TABLE, 1, "operating_time", "经营时间", "not formally operating for 3 months"),
    _basic(
        MEDICAL_TABLE,
        2,
        "physician_and_premises",
        "执业医师和经营场所",
        "no physician first registered here (or blind-massage staff, beds, area short)",
    ),
    _basic(
        MEDICAL_TABLE, 3, "insurance_management", "医保管理", "no leader or staff for insurance"
    ),
    _basic(MEDICAL_TABLE, 4, "management_rules", "制度建设", "required rules missing"),
    _basic(MEDICAL_TABLE, 5, "information_system", "信息系统", "no system developer contracted"),
    _basic(
        MEDICAL_TABLE, 6, "base_database", "基础数据库", "base databases or national codes missing"
    ),
    _basic(
        MEDICAL_TABLE,
        7,
        "practice_scope",
        "执业范围",
        "main practice scope is non-basic medical services (“是”即为不合格)",
    ),
    _basic(MEDICAL_TABLE, 8, "price_policy", "医药价格政策", "price policy not followed"),
    _basic(MEDICAL_TABLE, 9, "credit", "信用制度", "a listed credit ground applies"),
    _basic(
        MEDICAL_TABLE,
        10,
        "other_refusal_grounds",
        "其他不予受理的情形",
        "another national or provincial ground for refusal applies",
    ),
)

BASIC_PHARMACY: Final = (
    _basic(
        PHARMACY_TABLE, 1, "operating_time", "经营时间", "not operating at the address for 3 months"
    ),
    _basic(PHARMACY_TABLE, 2, "pharmacist", "药师配备", "no qualifying pharmacist on contract"),
    _basic(PHARMACY_TABLE, 3, "insurance_management", "医保管理", "fewer than 2 insurance staff"),
    _basic(PHARMACY_TABLE, 4, "drug_management", "药品管理", "drugs not managed by area/labels"),
    _basic(PHARMACY_TABLE, 5, "management_rules", "制度建设", "required rules missing"),
    _basic(PHARMACY_TABLE, 6, "information_system", "信息系统", "no system developer contracted"),
    _basic(
        PHARMACY_TABLE, 7, "base_database", "基础数据库", "base database or national codes missing"
    ),
    _basic(
        PHARMACY_TABLE, 8, "price_policy", "药品价格政策", "payment-standard policy not followed"
    ),
    _basic(PHARMACY_TABLE, 9, "credit", "信用制度", "a listed credit ground applies"),
    _basic(
        PHARMACY_TABLE,
        10,
        "business_scope",
        "经营范围",
        "business scope beyond drugs/devices/hygiene/homology food or those over 20% of the area",
    ),
    _basic(
        PHARMACY_TABLE,
        11,
        "other_refusal_grounds",
        "其他不予受理的情形",
        "another national or provincial ground for refusal applies",
    ),
)
