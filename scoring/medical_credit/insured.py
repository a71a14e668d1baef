"""医保参保人: insured persons, 衢医保发〔2021〕36号 附件10.

Groups (一级指标): 公共信息 100 (第1项), 医保信用 900 (第2–9项: 60 + 80 + 80 + 100 + 50 + 250 + 250
+ 30). Unlike the other tables, 第1项 is marked 可 (repairable). 第9项's 赋分标准 gives no points
for confessions (only reports), so an insured person's 主动配合 has no confession field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.medical_credit.common import (
    CooperationBase,
    Count,
    EventRow,
    Groups,
    IdNumber,
    Score1000,
    SubjectBase,
    Table,
)
from scoring.report import ScoreReport

ANNEX = 10
GROUPS: Groups = (
    ("public_credit", "公共信息", 100.0),
    ("medical_credit", "医保信用", 900.0),
)

TABLE = Table(ANNEX, GROUPS, (
    # 作出虚假承诺,或按规定应作承诺但不作承诺的,每次扣60分。
    EventRow(2, "medical_credit.commitment", "commitment_breaches", "信用承诺",
             60, 60, True, "false or missing commitment(s)"),
    # 不符合享受的医疗保障待遇经催退后不退的: 查实一次扣80分
    EventRow(3, "medical_credit.benefits", "benefit_refund_refusals", "依规享受",
             80, 80, True, "refusal(s) to refund undue benefits after demand"),
    # 为他人提供不符合实际的证明或借医保卡给他人导致基金损失: 查实一次扣80分
    EventRow(4, "medical_credit.card_lending", "card_lending_violations", "违规操作",
             80, 80, True, "false certificate(s) or card lending"),
    # 冒名就诊、串换结算造成医保基金损失: 查实一次扣100分
    EventRow(5, "medical_credit.impersonation", "impersonation_violations", "违规操作",
             100, 100, True, "impersonation(s) or swapped settlement(s)"),
    # 体检式住院、被利益诱导住院、因无人照顾住院导致基金损失: 查实一次扣50分
    EventRow(6, "medical_credit.admissions", "improper_admissions", "违规行为",
             50, 50, True, "improper admission(s)"),
    # 虚开票据、伪造医疗文书、虚假证明或承诺骗取医保基金: 查实一次扣250分, 不可修复
    EventRow(7, "medical_credit.fraud", "fraud_violations", "违规行为",
             250, 250, False, "fraud finding(s)"),
    # 藏匿、转移、伪造、变造检查所需资料或拒绝阻挠检查: 查实一次扣250分, 不可修复
    EventRow(8, "medical_credit.inspection", "obstruction_violations", "违规行为",
             250, 250, False, "obstruction(s) of inspection"),
    # 第9项 主动配合: reports only, see common.CONTRIBUTION_BONUS_CAP.
), cooperation=9, public_credit="personal public credit score (信安分)",
    # 附件10's 第1项 is the only public credit row marked 可 (repairable).
    public_credit_repairable=True)  # fmt: skip


class InsuredPersonFacts(SubjectBase):
    """医保参保人: the facts of one insured person for 附件10."""

    subject_type: Literal["insured_person"] = Field(description="医保参保人 (附件10)")
    subject_id: IdNumber
    public_credit_score: Score1000 = Field(
        description="个人“信安分” or personal public credit score, 1000-point scale "
        "(附件10 第1项, × 10%)"
    )
    commitment_breaches: Count = Field(
        0, description="False or missing credit commitments (第2项, −60 each)"
    )
    benefit_refund_refusals: Count = Field(
        0, description="Undue benefits not refunded after a demand (依规享受, 第3项, −80 each)"
    )
    card_lending_violations: Count = Field(
        0,
        description="False certificates for others or the insurance card lent to others, "
        "causing fund loss (第4项, −80 each)",
    )
    impersonation_violations: Count = Field(
        0,
        description="Treatment under another's name or swapped settlement causing fund loss "
        "(第5项, −100 each)",
    )
    improper_admissions: Count = Field(
        0,
        description="Check-up, induced or custodial admissions causing fund loss (第6项, −50 each)",
    )
    fraud_violations: Count = Field(
        0,
        description="False invoices, forged records, false certificates or commitments to "
        "obtain funds (第7项, −250 each, not repairable)",
    )
    obstruction_violations: Count = Field(
        0,
        description="Hiding, moving or forging inspection materials, obstructing inspection "
        "(第8项, −250 each, not repairable)",
    )
    cooperation: CooperationBase = Field(
        default_factory=CooperationBase,
        description="主动配合: reports (第9项; no points for confessions in this table)",
    )


def score_insured(facts: InsuredPersonFacts) -> ScoreReport:
    return TABLE.score(facts)
