"""The two tables: the rows in table order with their ids, labels, maxima and clauses, and the
veto items (基础指标)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from scoring.designation.params import MEDICAL_TABLE, PHARMACY_TABLE
from scoring.designation.rules.capacity import (
    hardware,
    medical_operating_time,
    medical_premises,
    pharmacy_operating_time,
    pharmacy_premises,
    rules_quality,
    statistics,
)
from scoring.designation.rules.medical import (
    departments,
    medical_disclosure,
    medical_layout,
    prescriptions,
    procurement,
)
from scoring.designation.rules.pharmacy import (
    business_mode,
    display,
    insurance_labels,
    pharmacy_disclosure,
    pharmacy_layout,
    varieties,
)
from scoring.designation.rules.records import basic_account, inventory, ledger, penalties
from scoring.designation.rules.scored import BasicItem, F, Row, Scored
from scoring.designation.rules.staffing import pharmacists, physicians


def _rows(
    table: str, *rows: tuple[int, str, str, float, Callable[[F], Scored]]
) -> tuple[Row[F], ...]:
    """A table's scored rows, each (number, id, label, maximum, rule), cited by its number."""
    return tuple(
        Row(number, indicator, label, max_points, f"{table} 评估指标 {number}", rule)
        for number, indicator, label, max_points, rule in rows
    )


ROWS_MEDICAL: Final = _rows(
    MEDICAL_TABLE,
    (1, "scored.management_rules", "建立完善的管理制度", 2, rules_quality),
    (2, "scored.statistics", "建立完善的统计信息管理制度", 3, statistics),
    (3, "scored.hardware", "配备医保要求的硬件装置", 7, hardware),
    (4, "scored.disclosure", "信息公开制度", 5, medical_disclosure),
    (5, "scored.premises", "经营场所", 15, medical_premises),
    (6, "scored.operating_time", "经营时间长短", 5, medical_operating_time),
    (7, "scored.physicians", "医师配备情况", 5, physicians),
    (8, "scored.basic_account", "单位基本财务账户", 2, basic_account),
    (9, "scored.ledger", "财务台账", 8, ledger),
    (10, "scored.inventory", "进销存管理", 17, inventory),
    (11, "scored.prescriptions", "规范医疗行为", 4, prescriptions),
    (12, "scored.departments", "诊疗科目", 5, departments),
    (13, "scored.procurement", "药品招采", 2, procurement),
    (14, "scored.layout", "场所布局", 10, medical_layout),
    (15, "scored.penalties", "行政处罚记录", 10, penalties),
)

ROWS_PHARMACY: Final = _rows(
    PHARMACY_TABLE,
    (1, "scored.management_rules", "建立完善的医保药品管理制度", 2, rules_quality),
    (2, "scored.statistics", "建立完善的统计信息管理制度", 3, statistics),
    (3, "scored.disclosure", "信息公开制度", 4, pharmacy_disclosure),
    (4, "scored.premises", "经营场所", 12, pharmacy_premises),
    (5, "scored.operating_time", "经营时间长短", 3, pharmacy_operating_time),
    (6, "scored.business_mode", "经营模式", 5, business_mode),
    (7, "scored.pharmacists", "药师配备情况", 5, pharmacists),
    (8, "scored.basic_account", "单位基本财务账户", 2, basic_account),
    (9, "scored.ledger", "财务台账", 8, ledger),
    (10, "scored.inventory", "进销存数据传输和对应", 17, inventory),
    (11, "scored.display", "分区摆放", 5, display),
    (12, "scored.insurance_labels", "设立医保用药标识", 2, insurance_labels),
    (13, "scored.hardware", "配备医保要求的硬件装置", 7, hardware),
    (14, "scored.varieties", "药品品种", 5, varieties),
    (15, "scored.layout", "场所布局", 10, pharmacy_layout),
    (16, "scored.penalties", "行政处罚记录", 10, penalties),
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
