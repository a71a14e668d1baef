"""The two regulations' numbers, and the readings where they leave something open, named so that
a reviewer can find and change each one (change or patch them here: the rules read them from
this module)."""

from __future__ import annotations

from typing import Literal

KIND = "market-credit"

INSPECTION = "衢市监规〔2021〕3号"
IP_AGENCY = "衢市监规〔2021〕2号"

# ---------------------------------------------------------------------------------------------
# Parameters (the regulations' numbers, and the choices where they leave something open)
# ---------------------------------------------------------------------------------------------

MAX_TOTAL = 1000.0  # 三: 评价指标总分1000分

# 三: 通用指标 共500分, "根据浙江省企业公共信用评价结果折算". The regulations do not say how;
# we convert proportionally: points = provincial score / provincial scale × 500, unrounded.
# The provincial scale is a fact (`provincial_scale`, default DEFAULT_PROVINCIAL_SCALE).
GENERAL_POINTS = 500.0
DEFAULT_PROVINCIAL_SCALE = 1000.0
# The conversion is computed in exact decimals (score × 500 / scale: 853.7 of 1000 is 426.85). Where
# the quotient does not end (a scale such as 900), the regulations give no precision; the points
# are carried to this many decimals (half-even), far below any difference the scores can make,
# so that the printed line is a decimal and the total is exactly the sum of the printed lines.
GENERAL_POINTS_DECIMALS = 10

# 附件 专用指标 1–3: base points and deductions, each row 扣完为止 (stops at zero).
DAILY_SUPERVISION_POINTS = 300.0
DEDUCTION_PER_FAILED_CHECK_ITEM = 10.0
COMMITMENT_POINTS = 100.0
DEDUCTION_PER_UNFULFILLED_COMMITMENT = 20.0
COMPLAINT_POINTS = 50.0
DEDUCTION_PER_COMPLAINT = 5.0
# "经督促未及时处理的,双倍扣分": a complaint not handled in time after urging costs double
# (2 × 5 = 10) instead of 5, not 5 + 10.
DEDUCTION_PER_UNHANDLED_COMPLAINT = 2 * DEDUCTION_PER_COMPLAINT

# 附件 专用指标 4: 加分封顶50分.
HONOUR_CAP = 50.0

# 附件 专用指标 4 of 衢市监规〔2021〕3号 ends "加分按当次最高分计,不重复计分,加分封顶50分".
# Read literally ("the bonus is the highest score of this evaluation, no double counting"), only
# the single highest-scoring item counts: INSPECTION_HONOURS_RULE = "highest" (the default; it
# is also how procedures.md §5a summarises it). The other reading, "each achievement counts once,
# at its highest row, and achievements add up to the 50 cap", is "per_achievement". Both treat
# entries with the same `title` as one achievement. Under "highest" the 50 cap never binds (the
# top row, 国家级科技三大奖, is itself 50); under "per_achievement" it does.
InspectionHonoursRule = Literal["highest", "per_achievement"]
INSPECTION_HONOURS_RULE: InspectionHonoursRule = "highest"

# 附件 专用指标 5: 每项加20分, a bonus beyond the 1000 (权重: 加分项).
POINTS_PER_CREDIT_TITLE = 20.0

# 四(一) grade table, as procedures.md "Interpretation of score bands" closes its gaps for
# fractional totals: A ≥ 851; 751 ≤ B < 851; 551 ≤ C < 751; 450 < D < 551; E ≤ 450.
GRADE_A_FROM = 851.0  # "851分(含)以上"
GRADE_B_FROM = 751.0
GRADE_C_FROM = 551.0
GRADE_E_UP_TO = 450.0  # "450分(含)以下"; D is everything above this and below GRADE_C_FROM
GRADES = ("A", "B", "C", "D", "E")

# 衢市监规〔2021〕2号 四(一): "至评价开始日成立未满12个月的企业暂不定级". Months are counted
# as procedures.md §0 counts them: N months after the founding date is the same day number N
# months later, or that month's last day where it has no such day. The agency has its 12 months
# when the evaluation start is on or after that day, so founded 2025-03-15 with the evaluation
# starting 2026-03-15 is graded, starting 2026-03-14 is not; founded 2024-02-29 is graded from
# 2025-02-28. (The rest-day extension of §0 is for acts due by a deadline, not for an age.)
NOT_GRADED_MONTHS = 12

# A not-graded IP agency has no grade to set to E or to lower: 暂不定级 is unconditional in
# 四(一), while 四(二) adjusts "受评机构"'s grade. By default the grade stays None and the causes
# found are listed in the report's notes; True sets grade E anyway when a direct-E cause applies.
DIRECT_E_OVERRIDES_NOT_GRADED = False
