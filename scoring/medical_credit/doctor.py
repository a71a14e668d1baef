"""医保医师: insurance doctors, 衢医保发〔2021〕36号 附件7.

Groups (一级指标): 公共信用 100 (第1项), 医保信用 900 (第2–8项: 70 + 100 + 100 + 100 + 250 + 250
+ 30).
第1项's 赋分标准 says "企业公共信用评价得分" but its 指标内容 is the doctor's own 信安分 or
personal public credit score; a doctor has no enterprise score, so the personal one is used.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.medical_credit.common import (
    Cooperation,
    Count,
    EventRow,
    Groups,
    IdNumber,
    Score1000,
    SubjectBase,
    Table,
)
from scoring.report import ScoreReport

ANNEX = 7
GROUPS: Groups = (
    ("public_credit", "公共信用", 100.0),
    ("medical_credit", "医保信用", 900.0),
)

TABLE = Table(ANNEX, GROUPS, (
    # 作出虚假承诺,或按规定应作承诺但不作承诺的,每次扣70分。
    EventRow(2, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             70, 70, True, "false or missing commitment(s)"),
    # 违规收费、违规用药、超范围执业 ... 造成医保基金损失; 无证执业、瞒报虚报: 查实一次扣100分
    EventRow(3, "medical_credit.practice", "practice_violations", "就医管理",
             100, 100, True, "practice violation(s)"),
    # 医疗责任事故导致参保人严重伤害; 夸大、掩盖医疗事实造成较大损失: 查实一次扣100分, 不可修复
    EventRow(4, "medical_credit.medical_liability", "medical_liability_violations", "医疗责任",
             100, 100, False, "medical-liability finding(s)"),
    # 被卫生行政主管部门吊销、注销、收回执业证书: 查实一次扣100分, 不可修复
    EventRow(5, "medical_credit.licence", "licence_revocations", "行政处理",
             100, 100, False, "licence revocation(s) or withdrawal(s)"),
    # 伪造医疗文书、出具虚假证明、虚开发票、虚假住院骗取医保基金: 查实一次扣250分, 不可修复
    EventRow(6, "medical_credit.fraud", "fraud_violations", "虚假行为",
             250, 250, False, "fraud finding(s)"),
    # 曲解政策挑动集体上访; 拒绝、阻挠检查: 查实一次扣250分, 不可修复
    EventRow(7, "medical_credit.inspection", "obstruction_violations", "配合检查",
             250, 250, False, "obstruction(s) of inspection"),
    # 第8项 主动配合: reports and confessions, see common.CONTRIBUTION_BONUS_CAP.
), cooperation=8, public_credit="personal public credit score (信安分)")  # fmt: skip


class InsuranceDoctorFacts(SubjectBase):
    """医保医师: the facts of one insurance doctor for 附件7."""

    subject_type: Literal["insurance_doctor"] = Field(description="医保医师 (附件7)")
    subject_id: IdNumber
    public_credit_score: Score1000 = Field(
        description="个人“信安分” or personal public credit score, 1000-point scale "
        "(附件7 第1项, × 10%)"
    )
    commitment_breaches: Count = Field(
        0, description="False or missing credit commitments (第2项, −70 each)"
    )
    practice_violations: Count = Field(
        0,
        description="Verified 就医管理 violations: irregular charges or prescribing, practice "
        "beyond scope, bed-holding or induced admissions, unlicensed practice (第3项, −100 each)",
    )
    medical_liability_violations: Count = Field(
        0,
        description="Verified 医疗责任 findings: liability accidents seriously harming the "
        "insured, exaggerated or concealed facts (第4项, −100 each, not repairable)",
    )
    licence_revocations: Count = Field(
        0,
        description="Practising certificates revoked, cancelled or withdrawn by the health "
        "authority (第5项, −100 each, not repairable)",
    )
    fraud_violations: Count = Field(
        0,
        description="Verified 虚假行为: forged records, false certificates or invoices, fake "
        "admissions (第6项, −250 each, not repairable)",
    )
    obstruction_violations: Count = Field(
        0,
        description="Verified 配合检查 violations: inciting petitions, obstructing inspection "
        "(第7项, −250 each, not repairable)",
    )
    cooperation: Cooperation = Field(
        default_factory=Cooperation, description="主动配合: reports and confessions (第8项)"
    )


def score_doctor(facts: InsuranceDoctorFacts) -> ScoreReport:
    return TABLE.score(facts)
