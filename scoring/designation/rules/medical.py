"""Rows of 表1 only (medical institutions)."""

from __future__ import annotations

from scoring.designation.facts import MedicalInstitutionFacts
from scoring.designation.params import LAYOUT_EXEMPT_POINTS, MEDICAL_LAYOUT_LIMIT
from scoring.designation.rules.capacity import disclosure_rule
from scoring.designation.rules.scored import Scored, deduct, each, fmt, to_tenths


def medical_disclosure(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 4 信息公开制度 (5), a verified price complaint −5."""
    return disclosure_rule(facts.measured.disclosure, 5.0, 5.0)


PRESCRIPTIONS_MAX = to_tenths(4)
PER_IRREGULAR_PRESCRIPTION = to_tenths(0.5)  # "每一例不合理或不规范扣0.5分。扣完为止"


def prescriptions(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 11 规范医疗行为 (4): 8 trial-run records sampled."""
    return deduct(
        PRESCRIPTIONS_MAX,
        [
            each(
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
        to_tenths(points),
        f"{count} clinical departments: 2 + {count - 1} × 1, at most 5: {points} of 5",
    )


PROCUREMENT_POINTS = to_tenths(2)


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
        points = to_tenths(LAYOUT_EXEMPT_POINTS)
        return Scored(
            points, f"{facts.category} not affected by layout (备注): {fmt(points)} of 10"
        )
    layout = facts.measured.layout
    existing, same = layout.designated_in_community, layout.same_type_in_community
    if existing >= MEDICAL_LAYOUT_LIMIT:
        return Scored(0, f"{existing} designated institutions in the community (≥4): 0 of 10")
    points = 10 if same == 0 else 5 if same == 1 else 0
    return Scored(
        to_tenths(points),
        f"{existing} designated institutions in the community (<4), {same} of the same type: "
        f"{points} of 10",
    )
