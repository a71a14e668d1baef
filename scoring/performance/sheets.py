"""The sheets 表3 (综合类), 表4 (门诊类), 表5 (零售药店): one table and one function each.

The half-year and the annual sheet use the same items (附件1 二(三) "半年拟评和年度总评采用相同评价
指标"). A table lists every row (id, label, maximum, clause); its function returns (points, reason)
for each row, in the same order, from one sheet's facts. Points here are the sheet's own (out of
100); the cohort module weights them 30% / 70%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from scoring.performance import params
from scoring.performance.facts import (
    ComprehensiveSheet,
    OutpatientSheet,
    PharmacySheet,
    _RetailSheet,
    _Sheet,
)

Row = tuple[str, str, float, str]  # indicator id, label (表 wording), maximum, clause
Scored = tuple[float, str]  # points of the sheet, reason

_DOC: Final = "衢医保发〔2023〕8号 附件4"
_T3: Final = f"{_DOC} 表3"
_T4: Final = f"{_DOC} 表4"
_T5: Final = f"{_DOC} 表5"
_EPS: Final = 1e-9  # float-noise guard for step counts (0.9 / 0.3 = 3.0000000000000004)


@dataclass(slots=True)
class Ranks:
    """One institution's places in the cohort for one sheet (表4/表5 第8, 9, 12项); 1 = best."""

    n: int  # institutions ranked
    persons: list[int]  # 结算人数, quarter by quarter
    head_visit_ratio: list[int]  # 人头人次比, quarter by quarter
    pooled_cost_share: int  # 纳入医保统筹费用与总费用比 (表4 only)


# --- the arithmetic the rows share -------------------------------------------------------------


# Every multiple of 0.01 in [-100, 100], formatted once: most numbers in reasons are among them.
_NUMBERS: Final = {k / 100: f"{k / 100:g}" for k in range(-10_000, 10_001)}


def _n(x: float) -> str:
    """A number for a reason: 6 significant digits hide float noise (2.5500000000000003 → 2.55);
    the numbers shown are below 10,000 (counts are shown as integers)."""
    text = _NUMBERS.get(x)
    return text if text is not None else f"{x:.6g}"


def _steps(excess: float, step: float) -> float:
    """Steps of `step` in `excess` for a row that does not say how a partial step counts."""
    if excess <= 0:
        return 0.0
    if params.WHOLE_STEPS_ONLY:
        return float(math.floor(excess / step + _EPS))
    return excess / step


def _started_steps(excess: float, step: float) -> int:
    """不足…按照…计: a started step counts as a whole step."""
    if excess <= 0:
        return 0
    return math.ceil(excess / step - _EPS)


# "of 10" and "no deduction, 10 of 10" for every whole maximum, so the common path formats nothing.
_OF: Final = {float(m): f"of {m}" for m in range(101)}
_FULL: Final = {float(m): f": no deduction, {m} of {m}" for m in range(101)}
_ALL: Final = {float(m): f"{m} of {m}" for m in range(101)}


def _of(maximum: float) -> str:
    text = _OF.get(maximum)
    return text if text is not None else f"of {_n(maximum)}"


def _all(maximum: float) -> str:
    text = _ALL.get(maximum)
    return text if text is not None else f"{_n(maximum)} {_of(maximum)}"


def _deduct(maximum: float, deduction: float, fact: str) -> Scored:
    """Deductions stop at zero for the item (扣完为止)."""
    if deduction <= 0:
        full = _FULL.get(maximum)
        return maximum, fact + (full if full is not None else f": no deduction, {_of(maximum)}")
    if deduction > maximum:
        return 0.0, f"{fact}: −{_n(deduction)}, 扣完为止 → 0 {_of(maximum)}"
    points = maximum - deduction
    return points, f"{fact}: −{_n(deduction)} → {_n(points)} {_of(maximum)}"


def _pp_short(
    what: str, value: float, target: float, rule: str, per: float, maximum: float
) -> Scored:
    """ "不低于X%, 每降低1个百分点扣N分": `per` off for each pp below `target`, as `rule` says."""
    short = target - value
    if short <= 0:
        return maximum, f"{what} {_n(value)}% reaches {_n(target)}%: {_all(maximum)}"
    return _deduct(
        maximum,
        _steps(short, 1.0) * per,
        f"{what} {_n(value)}% is {_n(short)} pp below {_n(target)}%, {rule}",
    )


def _per_count(what: str, count: int, per: float, maximum: float) -> Scored:
    """`what` names the event and the rule, e.g. "administrative penalties × 1"."""
    return _deduct(maximum, count * per, f"{count} {what}")


def _integrity(s: _Sheet, maximum: float) -> Scored:
    """日常违规扣分: 以当年度诚信记分分值计入考核 — the integrity deductions come off the 12."""
    d = s.integrity_points_deducted
    return _deduct(maximum, d, f"integrity points deducted this year {_n(d)}")


def _inventory(s: _Sheet, maximum: float) -> Scored:
    """药械进销存管理: −1 per non-conforming variety, and −0.2 more per pp of stock discrepancy."""
    items = s.inventory_nonconforming_items
    pct = s.inventory_discrepancy_pct
    deduction = items * 1.0 + _steps(pct, 1.0) * 0.2
    return _deduct(
        maximum,
        deduction,
        f"{items} non-conforming varieties × 1, discrepancy {_n(pct)}% × 0.2 per pp",
    )


def _e_voucher(s: _Sheet) -> Scored:
    """医保电子凭证结算率: 达到考核要求得10分, 每差1个百分点扣1分."""
    return _pp_short(
        "e-voucher settlement rate",
        s.e_voucher_rate_pct,
        s.e_voucher_required_pct,
        "−1 per pp",
        1,
        10,
    )


def _non_standard(s: _Sheet) -> Scored:
    """非标率: 达到考核要求得5分, 未达到不得分."""
    if s.non_standard_rate_met:
        return 5.0, "non-standard rate meets the requirement: 5 of 5"
    return 0.0, "non-standard rate misses the requirement: 0 of 5"


def _key_work(points: float, maximum: float) -> Scored:
    """其他重点工作: 按相关规定扣分 — the assessor's points, validated against the maximum."""
    return points, f"assessor's points for key work: {_n(points)} {_of(maximum)}"


def _satisfaction(s: _Sheet, maximum: float) -> Scored:
    """参保人员满意度: 查实的每项扣1分, 扣完为止, 如情节严重直接扣完."""
    if s.serious_complaint:
        return 0.0, f"a verified case with serious circumstances (情节严重): 0 {_of(maximum)}"
    return _per_count(
        "verified petitions/complaints/reports × 1", s.verified_complaints, 1, maximum
    )


def _binary(met: bool, fact: str, maximum: float) -> Scored:
    if met:
        return maximum, f"{fact}: {_all(maximum)}"
    return 0.0, f"not {fact}: 0 {_of(maximum)}"


_CHANGE_POINTS: Final = {"increased": 2.0, "unchanged": 1.0, "decreased": 0.0}


def _change(what: str, change: str) -> Scored:
    """与上期相比, 增加得2分, 无变化得1分, 减少不得分."""
    points = _CHANGE_POINTS[change]
    return points, f"{what} {change} on the previous period: {_n(points)} of 2"


def _rank_steps(rank: int, n: int) -> int:
    """排名后50%, 每下降10%(不足10%的按照10%计)扣1分.

    An institution's place is the share of the others ranked ahead of it, (rank − 1)/(n − 1):
    0% for the first, 100% for the last, 0% for a cohort of one. It is in the bottom half past
    50% (the same members as "bottom-rank ≤ floor(n × 50%)"), and loses 1 point for each
    started 10% past it. In tenths, (10·(rank − 1) − 5·(n − 1))/(n − 1); integers, so no float
    at the edges.
    """
    if n <= 1:
        return 0
    excess = 10 * (rank - 1) - 5 * (n - 1)
    return -(-excess // (n - 1)) if excess > 0 else 0


def _ranked(what: str, ranks: list[int], n: int, maximum: float) -> Scored:
    steps = [_rank_steps(r, n) for r in ranks]
    if len(ranks) == 1:
        fact = f"{what} rank {ranks[0]} of {n} (−{steps[0]})"
    else:
        fact = ", ".join(
            f"Q{q} {what} rank {r} of {n} (−{d})"
            for q, (r, d) in enumerate(zip(ranks, steps, strict=True), 1)
        )
    return _deduct(maximum, float(sum(steps)), f"{fact}, −1 per started 10% in the bottom half")


def _above_average(what: str, pct: float, rule: str, step: float, maximum: float) -> Scored:
    """每超(平均)X个百分点(不足X个按照X个计)扣1分 (`rule` says so)."""
    if pct <= 0:
        side = "below" if pct < 0 else "at"
        return maximum, f"{what} {_n(-pct)}% {side} the average: {_all(maximum)}"
    return _deduct(
        maximum, float(_started_steps(pct, step)), f"{what} {_n(pct)}% above the average, {rule}"
    )


# --- 表3 综合类定点医疗机构 --------------------

COMPREHENSIVE: Final[tuple[Row, ...]] = (
    ("daily_violations", "日常稽核违规查处情况", 12.0, f"{_T3} 第1项"),
    ("fee_upload_rate", "费用上传率", 10.0, f"{_T3} 第2项"),
    ("procurement_rate", "药品招采率", 3.0, f"{_T3} 第3项"),
    ("case_match_rate", "病案匹配率", 2.0, f"{_T3} 第4项"),
    ("drg_grouping_rate", "入组率", 2.0, f"{_T3} 第5项"),
    ("cmi", "病例组合指数值(CMI值)", 2.0, f"{_T3} 第6项"),
    ("cost_consumption_index", "费用消耗指数", 2.0, f"{_T3} 第7项"),
    ("inventory", "药械进销存管理", 5.0, f"{_T3} 第8项"),
    ("inpatient_self_pay", "住院自费费用占比", 5.0, f"{_T3} 第9项"),
    ("length_of_stay", "次均住院日", 4.0, f"{_T3} 第10项"),
    ("outpatient_cost", "人均门诊急诊费用", 4.0, f"{_T3} 第11项"),
    ("admin_penalties", "行政处罚次数", 4.0, f"{_T3} 第12项"),
    ("system_security", "系统使用安全", 3.0, f"{_T3} 第13项"),
    ("e_voucher", "医保电子凭证结算率", 10.0, f"{_T3} 第14项 医保电子凭证结算率"),
    ("non_standard_rate", "非标率", 5.0, f"{_T3} 第14项 非标率"),
    ("key_work", "其他重点工作", params.COMPREHENSIVE_KEY_WORK_MAX, f"{_T3} 第14项 其他重点工作"),
    ("daily_work", "日常工作", 10.0, f"{_T3} 第15项 日常工作"),
    ("satisfaction", "参保人员满意度", 2.0, f"{_T3} 第15项 参保人员满意度"),
)


def _comprehensive_procurement(s: ComprehensiveSheet, ownership: str) -> Scored:
    """药品招采率: 公立 — 每低于要求1个百分点扣1分; 民营 — 有平台采购成功记录得3分, 否则不得分."""
    if ownership == "private":
        return _binary(bool(s.platform_purchase_record), "a platform purchase record (民营)", 3)
    # The institution validator guarantees both rates for a public institution.
    rate = s.procurement_rate_pct if s.procurement_rate_pct is not None else 0.0
    required = s.procurement_required_pct if s.procurement_required_pct is not None else 0.0
    return _pp_short("procurement rate", rate, required, "−1 per pp", 1, 3)


def comprehensive(s: ComprehensiveSheet, ownership: str) -> list[Scored]:
    """表3, row by row (the order of COMPREHENSIVE)."""
    cmi = s.cmi_change_pct
    index = s.cost_index_change_pct
    self_pay = s.inpatient_self_pay_pct
    stay, standard = s.avg_stay_days, s.avg_stay_standard_days
    cost = s.outpatient_cost_above_standard_pct
    return [
        _integrity(s, 12),
        _pp_short("upload rate", s.fee_upload_rate_pct, 100, "−1 per pp", 1, 10),
        _comprehensive_procurement(s, ownership),
        _pp_short("record match rate", s.case_match_rate_pct, 98, "−1 per pp", 1, 2),
        _pp_short("DRG grouping rate", s.drg_grouping_rate_pct, 99, "−1 per pp", 1, 2),
        # 相较前一年同比下降的, 每下降5个百分点扣1分
        _deduct(2, _steps(-cmi, 5), f"CMI {_n(cmi)}% on the year before, −1 per 5 pp decline"),
        # 相较前一年同比上升的, 每上升1个百分点扣0.5分
        _deduct(
            2,
            _steps(index, 1) * 0.5,
            f"cost index {_n(index)}% on the year before, −0.5 per pp rise",
        ),
        _inventory(s, 5),
        # 住院自费费用占比不超过20%, 每超1个百分点扣1分
        _deduct(5, _steps(self_pay - 20, 1), f"self-pay share {_n(self_pay)}%, −1 per pp over 20%"),
        # 以同级别医疗机构平均数为标准, 每超过标准1天扣1分
        _deduct(
            4,
            _steps(stay - standard, 1),
            f"average stay {_n(stay)} days, level standard {_n(standard)}, −1 per day over",
        ),
        # 以同级别医疗机构平均数为标准, 每超过标准5个百分点扣1分
        _deduct(4, _steps(cost, 5), f"cost per person {_n(cost)}% over the level, −1 per 5 pp"),
        _per_count("administrative penalties × 1", s.admin_penalties, 1, 4),
        # 日常查实发生篡改系统数据的, 扣3分 (once, however many cases)
        _deduct(
            3,
            3.0 if s.system_tampering_cases else 0.0,
            f"{s.system_tampering_cases} verified data-tampering cases, −3 if any",
        ),
        _e_voucher(s),
        _non_standard(s),
        _key_work(s.key_work_points, params.COMPREHENSIVE_KEY_WORK_MAX),
        _per_count("daily-work incidents × 1", s.daily_work_incidents, 1, 10),
        _satisfaction(s, 2),
    ]


# --- 表4 门诊类定点医疗机构 --------------------

OUTPATIENT: Final[tuple[Row, ...]] = (
    ("daily_violations", "日常稽核违规查处案件情况", 12.0, f"{_T4} 第1项"),
    ("inventory", "药械进销存管理", 5.0, f"{_T4} 第2项"),
    ("face_recognition", "人脸识别成功率", 8.0, f"{_T4} 第3项"),
    ("e_voucher", "医保电子凭证结算率", 10.0, f"{_T4} 第4项 医保电子凭证结算率"),
    ("non_standard_rate", "非标率", 5.0, f"{_T4} 第4项 非标率"),
    ("key_work", "其它重点工作", 10.0, f"{_T4} 第4项 其它重点工作"),
    ("daily_work", "日常工作", 10.0, f"{_T4} 第4项 日常工作"),
    ("admin_penalties", "行政处罚次数", 5.0, f"{_T4} 第5项"),
    ("satisfaction", "参保人员满意度", 2.0, f"{_T4} 第6项"),
    ("procurement", "药品招采率", 2.0, f"{_T4} 第7项"),
    ("settled_persons", "结算人数", 7.0, f"{_T4} 第8项"),
    ("head_visit_ratio", "人头人次比", 5.0, f"{_T4} 第9项"),
    ("cost_per_visit", "次均费用", 5.0, f"{_T4} 第10项"),
    ("cost_per_person", "人均费用", 5.0, f"{_T4} 第11项"),
    ("pooled_cost_share", "纳入医保统筹费用与总费用比", 5.0, f"{_T4} 第12项"),
    ("departments", "诊疗科目", 2.0, f"{_T4} 第13项"),
    ("insurance_doctors", "医保医师人数", 2.0, f"{_T4} 第14项"),
)


def _maxima(table: tuple[Row, ...]) -> dict[str, float]:
    return {row_id: maximum for row_id, _label, maximum, _clause in table}


def _retail(
    s: _RetailSheet, r: Ranks, maximum: dict[str, float], visit_rule: tuple[str, float]
) -> list[Scored]:
    """第1–11项, which 表4 and 表5 share in the same order, each with its table's `maximum`;
    they differ too in how 次均费用 (第10项) counts its steps (`visit_rule`: the rule in words,
    the step in pp)."""
    return [
        _integrity(s, maximum["daily_violations"]),
        _inventory(s, maximum["inventory"]),
        _pp_short(
            "face recognition",
            s.face_recognition_rate_pct,
            80,
            "−0.2 per pp",
            0.2,
            maximum["face_recognition"],
        ),
        _e_voucher(s),
        _non_standard(s),
        _key_work(s.key_work_points, maximum["key_work"]),
        _per_count("daily-work incidents × 1", s.daily_work_incidents, 1, maximum["daily_work"]),
        _per_count(
            "administrative penalties × 1", s.admin_penalties, 1, maximum["admin_penalties"]
        ),
        _satisfaction(s, maximum["satisfaction"]),
        _binary(
            s.procurement_compliant,
            "procured on the platform and paid on time",
            maximum["procurement"],
        ),
        _ranked("settled persons", r.persons, r.n, maximum["settled_persons"]),
        _ranked("persons/visits", r.head_visit_ratio, r.n, maximum["head_visit_ratio"]),
        _above_average(
            "cost per visit",
            s.cost_per_visit_above_average_pct,
            *visit_rule,
            maximum["cost_per_visit"],
        ),
        _above_average(
            "cost per person",
            s.cost_per_person_above_average_pct,
            "−1 per started pp",
            1,
            maximum["cost_per_person"],
        ),
    ]


_OUTPATIENT_MAXIMA: Final = _maxima(OUTPATIENT)


def outpatient(s: OutpatientSheet, r: Ranks) -> list[Scored]:
    """表4, row by row (the order of OUTPATIENT)."""
    return [
        # 第10项: 每超全市平均水平3个百分点(不足三个按照3个计), 扣1分
        *_retail(s, r, _OUTPATIENT_MAXIMA, ("−1 per started 3 pp", 3)),
        _ranked("pooled-cost share", [r.pooled_cost_share], r.n, 5),
        _change("clinical departments", s.departments_vs_previous),
        _change("insurance doctors", s.insurance_doctors_vs_previous),
    ]


# --- 表5 定点零售药店 --------------------

PHARMACY: Final[tuple[Row, ...]] = (
    ("daily_violations", "日常稽核违规查处案件情况", 12.0, f"{_T5} 第1项"),
    ("inventory", "药械进销存管理", 6.0, f"{_T5} 第2项"),
    ("face_recognition", "人脸识别成功率", 10.0, f"{_T5} 第3项"),
    ("e_voucher", "医保电子凭证结算率", 10.0, f"{_T5} 第4项 医保电子凭证结算率"),
    ("non_standard_rate", "非标率", 5.0, f"{_T5} 第4项 非标率"),
    ("key_work", "其它重点工作", 10.0, f"{_T5} 第4项 其它重点工作"),
    ("daily_work", "日常工作", 10.0, f"{_T5} 第5项 日常工作"),
    ("admin_penalties", "行政处罚次数", 5.0, f"{_T5} 第5项 行政处罚次数"),
    ("satisfaction", "参保人员满意度", 3.0, f"{_T5} 第6项"),
    ("procurement", "药品招采率", 2.0, f"{_T5} 第7项"),
    ("settled_persons", "结算人数", 10.0, f"{_T5} 第8项"),
    ("head_visit_ratio", "人头人次比", 5.0, f"{_T5} 第9项"),
    ("cost_per_visit", "次均费用", 5.0, f"{_T5} 第10项"),
    ("cost_per_person", "人均费用", 5.0, f"{_T5} 第11项"),
    ("licensed_pharmacists", "执业药师人数", 2.0, f"{_T5} 第12项"),
)


_PHARMACY_MAXIMA: Final = _maxima(PHARMACY)


def pharmacy(s: PharmacySheet, r: Ranks) -> list[Scored]:
    """表5, row by row (the order of PHARMACY)."""
    return [
        # 表5 第10项: 每超出1个百分点(不足1个百分点按照1个百分点计)扣1分 (表4 counts 3 pp).
        *_retail(s, r, _PHARMACY_MAXIMA, ("−1 per started pp", 1)),
        _change("licensed pharmacists", s.licensed_pharmacists_vs_previous),
    ]


TABLES: Final = {"comprehensive": COMPREHENSIVE, "outpatient": OUTPATIENT, "pharmacy": PHARMACY}
