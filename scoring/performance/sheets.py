"""The sheets 表3 (综合类), 表4 (门诊类), 表5 (零售药店): one table and one function each.

The half-year and the annual sheet use the same items (附件1 二(三) "半年拟评和年度总评采用相同评价
指标"). A table lists every row (id, label, maximum, clause); its function returns (points, reason)
for each row, in the same order, from one sheet's facts. Points here are the sheet's own (out of
100); `weighting` weights them 30% / 70%.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from scoring.exact import exact
from scoring.performance import params
from scoring.performance.rows import (
    Ranks,
    Row,
    Scored,
    above_average,
    binary,
    change_points,
    deduct,
    e_voucher,
    fmt,
    integrity,
    inventory,
    key_work,
    non_standard,
    per_count,
    pp_short,
    ranked,
    satisfaction,
    steps_in,
)
from scoring.performance.sheet_facts import (
    ComprehensiveSheet,
    OutpatientSheet,
    PharmacySheet,
    _RetailSheet,
)

_DOC: Final = "衢医保发〔2023〕8号 附件4"
_T3: Final = f"{_DOC} 表3"
_T4: Final = f"{_DOC} 表4"
_T5: Final = f"{_DOC} 表5"


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
        return binary(bool(s.platform_purchase_record), "a platform purchase record (民营)", 3)
    # The institution validator guarantees both rates for a public institution.
    rate = s.procurement_rate_pct if s.procurement_rate_pct is not None else 0.0
    required = s.procurement_required_pct if s.procurement_required_pct is not None else 0.0
    return pp_short("procurement rate", rate, required, "−1 per pp", 1, 3)


def comprehensive(s: ComprehensiveSheet, ownership: str) -> list[Scored]:
    """表3, row by row (the order of COMPREHENSIVE)."""
    cmi = s.cmi_change_pct
    index = s.cost_index_change_pct
    self_pay = s.inpatient_self_pay_pct
    stay, standard = s.avg_stay_days, s.avg_stay_standard_days
    cost = s.outpatient_cost_above_standard_pct
    return [
        integrity(s, 12),
        pp_short("upload rate", s.fee_upload_rate_pct, 100, "−1 per pp", 1, 10),
        _comprehensive_procurement(s, ownership),
        pp_short("record match rate", s.case_match_rate_pct, 98, "−1 per pp", 1, 2),
        pp_short("DRG grouping rate", s.drg_grouping_rate_pct, 99, "−1 per pp", 1, 2),
        # 相较前一年同比下降的, 每下降5个百分点扣1分
        deduct(
            2, steps_in(-exact(cmi), 5), f"CMI {fmt(cmi)}% on the year before, −1 per 5 pp decline"
        ),
        # 相较前一年同比上升的, 每上升1个百分点扣0.5分
        deduct(
            2,
            steps_in(index, 1) * Decimal("0.5"),
            f"cost index {fmt(index)}% on the year before, −0.5 per pp rise",
        ),
        inventory(s, 5),
        # 住院自费费用占比不超过20%, 每超1个百分点扣1分
        deduct(
            5,
            steps_in(exact(self_pay) - 20, 1),
            f"self-pay share {fmt(self_pay)}%, −1 per pp over 20%",
        ),
        # 以同级别医疗机构平均数为标准, 每超过标准1天扣1分
        deduct(
            4,
            steps_in(exact(stay) - exact(standard), 1),
            f"average stay {fmt(stay)} days, level standard {fmt(standard)}, −1 per day over",
        ),
        # 以同级别医疗机构平均数为标准, 每超过标准5个百分点扣1分
        deduct(4, steps_in(cost, 5), f"cost per person {fmt(cost)}% over the level, −1 per 5 pp"),
        per_count("administrative penalties × 1", s.admin_penalties, 1, 4),
        # 日常查实发生篡改系统数据的, 扣3分 (once, however many cases)
        deduct(
            3,
            3.0 if s.system_tampering_cases else 0.0,
            f"{s.system_tampering_cases} verified data-tampering cases, −3 if any",
        ),
        e_voucher(s),
        non_standard(s),
        key_work(s.key_work_points, params.COMPREHENSIVE_KEY_WORK_MAX),
        per_count("daily-work incidents × 1", s.daily_work_incidents, 1, 10),
        satisfaction(s, 2),
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
        integrity(s, maximum["daily_violations"]),
        inventory(s, maximum["inventory"]),
        pp_short(
            "face recognition",
            s.face_recognition_rate_pct,
            80,
            "−0.2 per pp",
            0.2,
            maximum["face_recognition"],
        ),
        e_voucher(s),
        non_standard(s),
        key_work(s.key_work_points, maximum["key_work"]),
        per_count("daily-work incidents × 1", s.daily_work_incidents, 1, maximum["daily_work"]),
        per_count("administrative penalties × 1", s.admin_penalties, 1, maximum["admin_penalties"]),
        satisfaction(s, maximum["satisfaction"]),
        binary(
            s.procurement_compliant,
            "procured on the platform and paid on time",
            maximum["procurement"],
        ),
        ranked("settled persons", r.persons, r.n, maximum["settled_persons"]),
        ranked("persons/visits", r.head_visit_ratio, r.n, maximum["head_visit_ratio"]),
        above_average(
            "cost per visit",
            s.cost_per_visit_above_average_pct,
            *visit_rule,
            maximum["cost_per_visit"],
        ),
        above_average(
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
        ranked("pooled-cost share", [r.pooled_cost_share], r.n, 5),
        change_points("clinical departments", s.departments_vs_previous),
        change_points("insurance doctors", s.insurance_doctors_vs_previous),
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
        change_points("licensed pharmacists", s.licensed_pharmacists_vs_previous),
    ]


TABLES: Final = {"comprehensive": COMPREHENSIVE, "outpatient": OUTPATIENT, "pharmacy": PHARMACY}
