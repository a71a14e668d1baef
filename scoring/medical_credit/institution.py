"""定点医疗机构: designated medical institutions, 衢医保发〔2021〕36号 附件8.

Groups (一级指标): 公共信用 100 (第1项), 医保信用 830 (第2–9项: 60 + 100 + 40 + 100 + 100 + 250
+ 150 + 30), 监督管理 70 (第10项). As in 附件6, 第2项 信用承诺 is printed beside 公共信用
but only adds up under 医保信用, where it is scored.
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

ANNEX = 8
GROUPS: Groups = (
    ("public_credit", "公共信用", 100.0),
    ("medical_credit", "医保信用", 830.0),
    ("supervision", "监督管理", 70.0),
)

TABLE = Table(ANNEX, GROUPS, (
    # 作出虚假承诺,或按规定应作承诺但不作承诺的,每次扣60分。
    EventRow(2, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             60, 60, True, "false or missing commitment(s)"),
    # 违规收费、违规用药、超范围执业、挂床/分解/诱导住院 ... 造成医保基金损失: 查实一次扣100分
    EventRow(3, "medical_credit.agreement", "agreement_violations", "履约管理",
             100, 100, True, "agreement violation(s)"),
    # 病案首页主诊断与病程录主诊断不一致 / 不如实记录外伤、手术: 查实一次扣40分
    EventRow(4, "medical_credit.records", "record_violations", "如实记录",
             40, 40, True, "record-keeping violation(s)"),
    # 借口系统升级隐瞒被处理事实 ... 导致投诉或上访: 查实一次扣100分
    EventRow(5, "medical_credit.service", "service_violations", "就医服务",
             100, 100, True, "service violation(s)"),
    # 为无医保结算资格或暂停定点服务的医疗机构提供医保结算: 查实一次扣100分
    EventRow(6, "medical_credit.settlement", "settlement_violations", "结算管理",
             100, 100, True, "settlement violation(s)"),
    # 通过虚假手段骗取医保基金的或获得医保定点的: 查实一次扣250分, 不可修复
    EventRow(7, "medical_credit.fraud", "fraud_violations", "虚假行为",
             250, 250, False, "fraud finding(s)"),
    # 唆使集体上访; 拒绝、阻挠检查,情节恶劣: 查实一次扣150分, 不可修复
    EventRow(8, "medical_credit.inspection", "obstruction_violations", "配合检查",
             150, 150, False, "obstruction(s) of inspection"),
    # 第9项 主动配合: reports and confessions, see common.CONTRIBUTION_BONUS_CAP.
    # 当期被相关行政部门行政处罚的: 查实一次扣70分, 不可修复
    EventRow(10, "supervision.administrative_penalty", "administrative_penalties", "行政处罚",
             70, 70, False, "administrative penalty(ies)"),
), cooperation=9, public_credit="enterprise public credit score")  # fmt: skip


class MedicalInstitutionFacts(SubjectBase):
    """定点医疗机构: the facts of one designated medical institution for 附件8."""

    subject_type: Literal["medical_institution"] = Field(description="定点医疗机构 (附件8)")
    subject_id: Uscc
    public_credit_score: Score1000 = Field(
        description="企业公共信用评价得分 on the 1000-point scale (附件8 第1项, × 10%)"
    )
    commitment_breaches: Count = Field(
        0, description="False or missing credit commitments (第2项, −60 each)"
    )
    agreement_violations: Count = Field(
        0,
        description="Verified 履约管理 violations: irregular charges or prescribing, practice "
        "beyond scope, bed-holding, split or induced admissions, illegal suppliers, unlicensed "
        "practice, false reporting (第3项, −100 each)",
    )
    record_violations: Count = Field(
        0,
        description="Verified 如实记录 violations: front-page and progress-note diagnoses differ, "
        "injuries or operations not truthfully recorded (第4项, −40 each)",
    )
    service_violations: Count = Field(
        0,
        description="Verified 就医服务 violations leading to complaints or petitions "
        "(第5项, −100 each)",
    )
    settlement_violations: Count = Field(
        0,
        description="Verified 结算管理 violations: settling for unqualified or suspended "
        "institutions (第6项, −100 each)",
    )
    fraud_violations: Count = Field(
        0,
        description="Verified 虚假行为: fund or designation obtained by fraud (第7项, −250 each, "
        "not repairable)",
    )
    obstruction_violations: Count = Field(
        0,
        description="Verified 配合检查 violations: inciting petitions, seriously obstructing "
        "inspection (第8项, −150 each, not repairable)",
    )
    cooperation: Cooperation = Field(
        default_factory=Cooperation, description="主动配合: reports and confessions (第9项)"
    )
    administrative_penalties: Count = Field(
        0, description="Administrative penalties in the period (第10项, −70 each, not repairable)"
    )


def score_institution(facts: MedicalInstitutionFacts) -> ScoreReport:
    return TABLE.score(facts)
