"""The numbers of the designation evaluation (医保定点 综合评估), and the choices where the
regulation leaves something open. Each choice is a named value with the reason it was made.

Source: 衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号, 二(三)3 and 附件4
表1 (medical institutions) / 表2 (retail pharmacies).

Points are kept in integer tenths inside the module (every point value and deduction of 表1/表2
is a multiple of 0.1: 0.2 per missing purchase-record field, 0.5 per irregular prescription, and
judgements in steps of JUDGEMENT_STEP), so sums are exact and the 85-point threshold is compared
without floating-point error: the average of k evaluators passes when the sum of their totals in
tenths is at least 850 × k.
"""

from __future__ import annotations

from typing import Final, Literal

DOC: Final = "衢医保发〔2023〕8号"
MEDICAL_TABLE: Final = f"{DOC} 附件4 表1"
PHARMACY_TABLE: Final = f"{DOC} 附件4 表2"
# 二(三) 办理流程: 2. 受理申请 (grounds for non-acceptance), 3. 综合评估及结果公示,
# 4. 党组会审议及签订协议. (procedures.md §4 numbers the evaluation step "4" because it lists
# non-acceptance separately; the original numbers it 3, and the original wins.)
NON_ACCEPTANCE_CLAUSE: Final = f"{DOC} 二(三)2"
EVALUATION_CLAUSE: Final = f"{DOC} 二(三)3"
SIGNING_CLAUSE: Final = f"{DOC} 二(三)4"

TENTHS: Final = 10  # points × TENTHS = the integer unit used for exact sums

MAX_TOTAL: Final = 100.0  # 表1 and 表2: the scored indicators add up to 100
# 二(三)3: "评估分数85分(含)以上的为合格 … 85分以下的为不合格" (85 itself passes).
PASS_FROM: Final = 85.0
PASS_FROM_TENTHS: Final = 850

# --- Evaluator judgements -------------------------------------------------------------------
# 表1/表2 评估指标 1 ("根据制度整体质量,得1-2分", 表2 备注 "主观分") and the environment part of
# 经营场所 ("环境舒适酌情得0-2分") are left to each evaluator. The rows give a range but no step;
# the other rows of the tables move in 0.5 and 0.2 steps, so a judgement may be any multiple of
# 0.5 in its range (1, 1.5, 2 and 0, 0.5, …, 2). Other values are refused at validation.
JUDGEMENT_STEP: Final = 0.5
RULES_QUALITY_MIN: Final = 1.0
RULES_QUALITY_MAX: Final = 2.0
ENVIRONMENT_MIN: Final = 0.0
ENVIRONMENT_MAX: Final = 2.0

# --- Sample sizes the rows name ---------------------------------------------------------------
# 进销存管理 "查评估前3个月内数据": at most 3 months can lack binding or a stocktake.
CHECKED_MONTHS: Final = 3
# 进销存管理 "进销存不对应的一个品种扣1分(抽查5个)".
SAMPLED_VARIETIES: Final = 5
# 表1 评估指标 11 "抽查试运行期8份相关资料,每一例不合理或不规范扣0.5分".
SAMPLED_PRESCRIPTION_RECORDS: Final = 8

# --- Operating time ---------------------------------------------------------------------------
# 表1 评估指标 6 / 表2 评估指标 5 count the operating time from the licence's approval date
# ("核准之日起计算", bands "大于(含)"). Months are counted as procedures.md §0 counts them, and as
# scoring.market_credit does: N months after the approval date is the same day number N months
# later, or that month's last day where it has no such day; the institution has N months on and
# after that day (licensed 2023-03-31 → 6 months on 2023-09-30).

# --- Staffing (表1 评估指标 7, 表2 评估指标 7) ---------------------------------------------------
# "按规定配备医师得2分;每增加一名中级职称医师加1分,每增加1名副高及以上职称医师加2分" (and for
# pharmacies "按规定配备药师得2分,每增加一名执业药师加2分"): the increments are for staff beyond
# the one the rule requires, but the rule does not say which of the staff fills that required
# place. True: the lowest-qualified qualifying person fills it, so every higher-qualified one
# beyond it earns its increment (1 junior + 1 senior physician → 2 + 2). False: the
# highest-qualified fills it (1 junior + 1 senior → 2 + 0). The increments (including those for
# rehired retirees) are only added on top of the required staffing ("增加"): with no qualifying
# non-rehired physician/pharmacist the row scores 0.
REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION: Final = True

# --- Financial ledger (表1 评估指标 9, 表2 评估指标 9; 8 points) --------------------------------
# "建立相应的会计账目和进销存电算化管理的明细账目,未建立扣5分,如按规定建立清晰的纸质明细账目但未
# 建立电算化管理账目的,得3分". Read literally both an institution with no ledger (8 − 5) and one
# with clear paper ledgers only ("得3分") start at 3; the mismatch deductions ("发现一项扣1分。
# 扣完为止") are then taken from that. A stricter reading would give no ledger 0; change "none"
# here to apply it.
LedgerKind = Literal["computerised", "paper_only", "none"]
LEDGER_BASE_POINTS: Final[dict[str, float]] = {
    "computerised": 8.0,
    "paper_only": 3.0,  # "得3分"
    "none": 8.0 - 5.0,  # "未建立扣5分"
}

# --- Drug varieties (表2 评估指标 14) ---------------------------------------------------------
# "超过600的得5分,超过500的得4分,超过400的得3分,超过300的得2分,超过200的得1分,低于200的不得分".
# 超过 excludes the number (民法典 第一千二百五十九条), so exactly 600 scores 4, and exactly 200
# is in no scoring band ("低于200" does not name it either): it scores
# VARIETIES_EXACTLY_200_POINTS.
VARIETY_BANDS: Final = ((600, 5.0), (500, 4.0), (400, 3.0), (300, 2.0), (200, 1.0))
VARIETIES_EXACTLY_200_POINTS: Final = 0.0

# --- Layout (表1 评估指标 14) -------------------------------------------------------------------
# 备注 "规范化村级医疗机构、二级及以上医疗机构不受场所布局影响": the layout does not count against
# them, so they get the row's full 10 points.
LAYOUT_EXEMPT_POINTS: Final = 10.0
MEDICAL_LAYOUT_LIMIT: Final = 4  # "小于4家" scores, "≥4家不得分"
PHARMACY_LAYOUT_LIMIT: Final = 3  # 表2 评估指标 15 "少于3家得10分,否则不得分"

# --- Re-evaluation (二(三)3) -------------------------------------------------------------------
# "自结果告知送达之日起，整改3个月后可再次组织评估，评估仍不合格的，1年内不得再次申请。"
REEVALUATION_AFTER_MONTHS: Final = 3
NO_NEW_APPLICATION_MONTHS: Final = 12
