"""定点零售药店: designated retail pharmacies, 衢医保发〔2021〕36号 附件6.

Groups (一级指标): 公共信用 100 (第1项), 医保信用 830 (第2–9项: 60 + 70 + 100 + 70 + 100 + 250 + 150
+ 30), 监督管理 70 (第10项). The printed layout puts 第2项 信用承诺 beside 公共信用, but the
group totals only add up (100 / 830 / 70) with it under 医保信用, so it is scored there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.medical_credit.common import (
    Cooperation,
    Count,
    EventRow,
    Groups,
    Score1000,
    SubjectBase,
    Table,
    Uscc,
)
from scoring.report import ScoreReport

ANNEX = 6
GROUPS: Groups = (
    ("public_credit", "公共信用", 100.0),
    ("medical_credit", "医保信用", 830.0),
    ("supervision", "监督管理", 70.0),
)

TABLE = Table(ANNEX, GROUPS, (
    # 作出虚假承诺,或按规定应作承诺但不作承诺的,每次扣60分。
    EventRow(2, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             60, 60, True, "false or missing commitment(s)"),
    # 不核验参保人员身份、进销存不符、串换结算 ... 导致参保人员投诉或上访: 查实一次扣70分
    EventRow(3, "medical_credit.service", "service_violations", "就医服务",
             70, 70, True, "service violation(s)"),
    # 从非法的供应单位购进药品的;销售假药、劣药: 查实一次扣100分
    EventRow(4, "medical_credit.drug_management", "drug_management_violations", "药品管理",
             100, 100, True, "drug-management violation(s)"),
    # 假处方 / 无处方 / 药师不在岗配售处方药: 查实一次扣70分
    EventRow(5, "medical_credit.prescription", "prescription_violations", "处方管理",
             70, 70, True, "prescription violation(s)"),
    # 为无资格药店提供医保结算; 转借结算设备: 查实一次扣100分
    EventRow(6, "medical_credit.settlement", "settlement_violations", "结算管理",
             100, 100, True, "settlement violation(s)"),
    # 通过虚假手段骗取医保基金的或获得医保定点的: 查实一次扣250分, 不可修复
    EventRow(7, "medical_credit.fraud", "fraud_violations", "虚假行为",
             250, 250, False, "fraud finding(s)"),
    # 唆使集体上访; 拒绝、阻挠检查; 转移、隐匿、毁坏或伪造证据: 查实一次扣150分, 不可修复
    EventRow(8, "medical_credit.inspection", "obstruction_violations", "配合检查",
             150, 150, False, "obstruction(s) of inspection"),
    # 第9项 主动配合: reports and confessions, see common.CONTRIBUTION_BONUS_CAP.
    # 当期被行政处罚的或吊销营业执照的: 查实一次扣70分, 不可修复
    EventRow(10, "supervision.administrative_penalty", "administrative_penalties", "行政处罚",
             70, 70, False, "administrative penalty(ies) or licence revocation(s)"),
), cooperation=9, public_credit="enterprise public credit score")  # fmt: skip


class PharmacyFacts(SubjectBase):
    """定点零售药店: the facts of one designated retail pharmacy for 附件6."""

    subject_type: Literal["pharmacy"] = Field(description="定点零售药店 (附件6)")
    subject_id: Uscc
    public_credit_score: Score1000 = Field(
        description="企业公共信用评价得分 on the 1000-point scale (附件6 第1项, × 10%)"
    )
    commitment_breaches: Count = Field(
        0, description="False or missing credit commitments (第2项, −60 each)"
    )
    service_violations: Count = Field(
        0,
        description="Verified 就医服务 violations: identity not checked, stock mismatch, swapped "
        "settlement, etc. causing fund loss or complaints (第3项, −70 each)",
    )
    drug_management_violations: Count = Field(
        0,
        description="Verified 药品管理 violations: illegal suppliers, fake or substandard drugs "
        "(第4项, −100 each)",
    )
    prescription_violations: Count = Field(
        0,
        description="Verified 处方管理 violations: fake prescriptions, prescription drugs sold "
        "without prescription or without a pharmacist on duty (第5项, −70 each)",
    )
    settlement_violations: Count = Field(
        0,
        description="Verified 结算管理 violations: settling for unqualified pharmacies, lending "
        "settlement equipment (第6项, −100 each)",
    )
    fraud_violations: Count = Field(
        0,
        description="Verified 虚假行为: fund or designation obtained by fraud (第7项, −250 each, "
        "not repairable)",
    )
    obstruction_violations: Count = Field(
        0,
        description="Verified 配合检查 violations: inciting petitions, obstructing inspection, "
        "destroying evidence (第8项, −150 each, not repairable)",
    )
    cooperation: Cooperation = Field(
        default_factory=Cooperation, description="主动配合: reports and confessions (第9项)"
    )
    administrative_penalties: Count = Field(
        0,
        description="Administrative penalties or business-licence revocations in the period "
        "(第10项, −70 each, not repairable)",
    )


def score_pharmacy(facts: PharmacyFacts) -> ScoreReport:
    return TABLE.score(facts)
