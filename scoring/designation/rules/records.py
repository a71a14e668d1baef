"""Rows both tables share on money and records: the basic account, the ledger, the
purchase-sale-stock records and the penalty record (表1 评估指标 8–10 and 15, 表2 评估指标
8–10 and 16)."""

from __future__ import annotations

from scoring.designation.facts import MedicalInstitutionFacts, PharmacyFacts
from scoring.designation.measured import Inventory, Ledger, Penalties
from scoring.designation.params import LEDGER_BASE_POINTS
from scoring.designation.rules.scored import Part, Scored, deduct, each, fmt, to_tenths, when

BASIC_ACCOUNT_POINTS = to_tenths(2)  # "所有资金收支通过本单位基本账户。是得2分,否则不得分"


def basic_account(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 8 单位基本财务账户 (2)."""
    if facts.measured.basic_account_only:
        return Scored(BASIC_ACCOUNT_POINTS, "all funds through the basic account: 2 of 2")
    return Scored(0, "funds not all through the basic account: 0 of 2")


LEDGER_MAX = to_tenths(8)
LEDGER_PER_MISMATCH = to_tenths(1)  # "未做到账账相符、账实相符,发现一项扣1分。扣完为止"


def _ledger(ledger: Ledger) -> Scored:
    base = to_tenths(LEDGER_BASE_POINTS[ledger.accounts])
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
INVENTORY_MAX = to_tenths(17)
INV_NOT_COMPUTERISED = to_tenths(5)
INV_OTHER_COMPUTER = to_tenths(3)
INV_PER_VARIETY = to_tenths(1)
INV_PER_UNBOUND_MONTH = to_tenths(2)
INV_PER_INCOMPLETE_MONTH = to_tenths(1)
INV_PER_STOCKTAKE_MONTH = to_tenths(2)
INV_PER_STOCKTAKE_DETAILS = to_tenths(1)
INV_PER_FIELD = to_tenths(0.2)


def _inventory(inventory: Inventory) -> Scored:
    return deduct(
        INVENTORY_MAX,
        [
            when(not inventory.computerised, INV_NOT_COMPUTERISED, "not computerised"),
            when(not inventory.same_computer, INV_OTHER_COMPUTER, "upload on another computer"),
            each(inventory.mismatched_varieties, INV_PER_VARIETY, "varieties not matching"),
            each(inventory.unbound_months, INV_PER_UNBOUND_MONTH, "months unbound"),
            each(
                inventory.incompletely_bound_months,
                INV_PER_INCOMPLETE_MONTH,
                "months bound incompletely",
            ),
            each(
                inventory.missing_stocktake_months,
                INV_PER_STOCKTAKE_MONTH,
                "months without stocktake",
            ),
            each(
                inventory.stocktakes_missing_details,
                INV_PER_STOCKTAKE_DETAILS,
                "stocktakes without details",
            ),
            each(
                inventory.missing_purchase_fields, INV_PER_FIELD, "purchase-record fields missing"
            ),
        ],
        "computerised, same computer, 5 sampled varieties matching, bound and stocktaken monthly",
    )


def inventory(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """评估指标 10 进销存管理 / 进销存数据传输和对应 (17)."""
    return _inventory(facts.measured.inventory)


PENALTIES_MAX = to_tenths(10)
PENALTY_PER_WARNING = to_tenths(1)


def _penalties(penalties: Penalties) -> Scored:
    """行政处罚记录 (10): "三年内每有一次警告、通报批评类行政处罚扣1分;其他类型 … 三年内有一次扣2分,
    两次扣5分,三次及以上扣10分。扣完为止。"
    """
    other = penalties.other_penalties
    other_tenths = to_tenths(0 if other == 0 else 2 if other == 1 else 5 if other == 2 else 10)
    parts: list[Part] = [each(penalties.warnings, PENALTY_PER_WARNING, "warnings")]
    if other:
        parts.append((other_tenths, f"{other} other penalties → {fmt(other_tenths)}"))
    return deduct(PENALTIES_MAX, parts, "no medical-related penalty in 3 years")


def penalties(facts: MedicalInstitutionFacts | PharmacyFacts) -> Scored:
    """表1 评估指标 15 / 表2 评估指标 16 行政处罚记录 (10)."""
    return _penalties(facts.measured.penalties)
