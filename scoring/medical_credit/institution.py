"""定点医疗机构: designated medical institutions, 衢医保发〔2021〕36号 附件8.

Groups (一级指标): 公共信用 100 (第1项), 医保信用 830 (第2–9项: 60 + 100 + 40 + 100 + 100 + 250
+ 150 + 30), 监督管理 70 (第10项). As in 附件6, 第2项 信用承诺 is printed beside 公共信用
but only adds up under 医保信用, where it is scored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from checks.plausible import StrictInt
from scoring.medical_credit.common import (
    Cooperation,
    CooperationRow,
    EventRow,
    EventTable,
    Score1000,
    SubjectBase,
    Uscc,
    build_report,
    public_credit_line,
)
from scoring.report import ScoreReport

ANNEX = 8
GROUPS: tuple[tuple[str, str, float | None], ...] = (
    ("public_credit", "公共信用", 100.0),
    ("medical_credit", "医保信用", 830.0),
    ("supervision", "监督管理", 70.0),
)

MEDICAL_ROWS = EventTable(ANNEX, (
    # 作出虚假承诺,或按规定应作承诺但不作承诺的,每次扣60分。
    EventRow(2, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             "medical_credit", 60, 60, True, "false or missing commitment(s)"),
    # 违规收费、违规用药、超范围执业、挂床/分解/诱导住院 ... 造成医保基金损失: 查实一次扣100分
    EventRow(3, "medical_credit.agreement", "agreement_violations", "履约管理",
             "medical_credit", 100, 100, True, "agreement violation(s)"),
    # 病案首页主诊断与病程录主诊断不一致 / 不如实记录外伤、手术: 查实一次扣40分
    EventRow(4, "medical_credit.records", "record_violations", "如实记录",
             "medical_credit", 40, 40, True, "record-keeping violation(s)"),
    # 借口系统升级隐瞒被处理事实 ... 导致投诉或上访: 查实一次扣100分
    EventRow(5, "medical_credit.service", "service_violations", "就医服务",
             "medical_credit", 100, 100, True, "service violation(s)"),
    # 为无医保结算资格或暂停定点服务的医疗机构提供医保结算: 查实一次扣100分
    EventRow(6, "medical_credit.settlement", "settlement_violations", "结算管理",
             "medical_credit", 100, 100, True, "settlement violation(s)"),
    # 通过虚假手段骗取医保基金的或获得医保定点的: 查实一次扣250分, 不可修复
    EventRow(7, "medical_credit.fraud", "fraud_violations", "虚假行为",
             "medical_credit", 250, 250, False, "fraud finding(s)"),
    # 唆使集体上访; 拒绝、阻挠检查,情节恶劣: 查实一次扣150分, 不可修复
    EventRow(8, "medical_credit.inspection", "obstruction_violations", "配合检查",
             "medical_credit", 150, 150, False, "obstruction(s) of inspection"),
))  # fmt: skip
SUPERVISION_ROWS = EventTable(ANNEX, (
    # 当期被相关行政部门行政处罚的: 查实一次扣70分, 不可修复
    EventRow(10, "supervision.administrative_penalty", "administrative_penalties", "行政处罚",
             "supervision", 70, 70, False, "administrative penalty(ies)"),
))  # fmt: skip
# 主动配合 (第9项): reports and confessions, see common.CONTRIBUTION_BONUS_CAP.
COOPERATION = CooperationRow(ANNEX, 9, "medical_credit")


class MedicalInstitutionFacts(SubjectBase):
    """定点医疗机构: the facts of one designated medical institution for 附件8."""

    subject_type: Literal["medical_institution"] = Field(description="定点医疗机构 (附件8)")
    subject_id: Uscc
    public_credit_score: Score1000 = Field(
        description="企业公共信用评价得分 on the 1000-point scale (附件8 第1项, × 10%)"
    )
    commitment_breaches: StrictInt = Field(
        default=0, ge=0, description="False or missing credit commitments (第2项, −60 each)"
    )
    agreement_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 履约管理 violations: irregular charges or prescribing, practice "
        "beyond scope, bed-holding, split or induced admissions, illegal suppliers, unlicensed "
        "practice, false reporting (第3项, −100 each)",
    )
    record_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 如实记录 violations: front-page and progress-note diagnoses differ, "
        "injuries or operations not truthfully recorded (第4项, −40 each)",
    )
    service_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 就医服务 violations leading to complaints or petitions "
        "(第5项, −100 each)",
    )
    settlement_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 结算管理 violations: settling for unqualified or suspended "
        "institutions (第6项, −100 each)",
    )
    fraud_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 虚假行为: fund or designation obtained by fraud (第7项, −250 each, "
        "not repairable)",
    )
    obstruction_violations: StrictInt = Field(
        default=0,
        ge=0,
        description="Verified 配合检查 violations: inciting petitions, seriously obstructing "
        "inspection (第8项, −150 each, not repairable)",
    )
    cooperation: Cooperation = Field(
        default_factory=Cooperation, description="主动配合: reports and confessions (第9项)"
    )
    administrative_penalties: StrictInt = Field(
        default=0,
        ge=0,
        description="Administrative penalties in the period (第10项, −70 each, not repairable)",
    )


def score_institution(facts: MedicalInstitutionFacts) -> ScoreReport:
    lines = [
        public_credit_line(
            ANNEX, 1, "public_credit.public_credit", "public_credit", "公共信用评价",
            "enterprise public credit score", facts.public_credit_score, None,
        ),
        *MEDICAL_ROWS.lines(facts),
        *COOPERATION.lines(facts.cooperation),
        *SUPERVISION_ROWS.lines(facts),
    ]  # fmt: skip
    return build_report(facts, facts.subject_id, lines, GROUPS)
