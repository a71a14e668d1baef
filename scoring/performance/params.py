"""The choices this module makes where 衢医保发〔2023〕8号 leaves the rule open, one name each.

Every scoring function reads these at call time (``params.NAME``), so a pooling region that reads
the regulation differently changes one value here, and the tests can exercise both readings.
"""

from __future__ import annotations

from typing import Final, Literal

# 附件1 二(三): 年度绩效考核最终得分 = 半年拟评得分 × 30% + 年度总评得分 × 70%.
HALF_YEAR_WEIGHT: Final = 0.3
ANNUAL_WEIGHT: Final = 0.7

# 附件1 二(四): the score bands. 以上/以下 include the number; "80分以下(除D级外)" is the
# complement of "80分(含)以上", so C is < 80.
GRADE_A_MIN: Final = 90.0
GRADE_B_MIN: Final = 80.0
GRADE_D_MAX: Final = 70.0
# 附件1 二(四)2(2): "考核得分低于60分" (低于 excludes the number: < 60 → suspended).
SUSPENSION_BELOW: Final = 60.0

# 附件1 二(四)1 and 2: "居前10%" / "居前5%" / "居后5%", in percent of the cohort. A member is in the
# top p% when its competition rank ≤ floor(n × p / 100) (procedures.md, "Interpretation of score
# bands"), so a cohort with floor(n × p / 100) = 0 has no A (or no D) at all.
TOP_PERCENT: Final = {"comprehensive": 10, "outpatient": 5, "pharmacy": 5}
BOTTOM_PERCENT: Final = {"comprehensive": 5, "outpatient": 5, "pharmacy": 5}
# 附件1 二(四)2(2): "排名末两位".
BOTTOM_PLACES_SUSPENDED: Final = 2

TieRule = Literal["spared", "included"]
# Ties at the bottom edge ("居后5%", "排名末两位"). The regulation is silent; procedures.md
# says ties share the better rank. "spared": a tie that straddles the edge shares the better
# standing, so an institution is in the bottom k only when at most k institutions (itself
# included) score at or below it: a measure that punishes never reaches more than k
# institutions, and institutions that cannot be told apart are treated alike (有利于相对人).
# "included": everyone tied at the edge is in.
BOTTOM_EDGE_TIES: TieRule = "spared"
# The same choice for the suspension of the "末两位"; kept separate because a region may well
# count a three-way tie for last as three institutions in the last two places.
BOTTOM_TWO_TIES: TieRule = "spared"

# 附件1 二(四)2(2) puts "将排名末两位的或考核得分低于60分的予以暂停联网结算" inside the
# paragraph on grade D. Read literally it is a rule of its own (two alternatives, neither
# needing grade D), which is how procedures.md states it; True restricts the "末两位"
# alternative to institutions graded D.
BOTTOM_TWO_ONLY_IF_GRADE_D: bool = False

# 附件1 二(四)2(2): "整改3个月后再进行考核,考核仍不合格的,予以解除医保协议". "不合格" is
# not defined; the rule's only absolute failing line is "低于60分", and the "末两位" means
# nothing for an institution re-assessed on its own, so a re-assessment passes at final ≥ 60.
REASSESSMENT_PASS_MARK: float = 60.0

# Rows such as "每降低1个百分点,扣1分" do not say how a part of a step counts, while other
# rows say "不足1个百分点按照1个百分点计" where they mean it. Never round where the rule does
# not: a partial step deducts pro rata (a rate 0.5 pp short loses 0.5 of a 1-point step).
# True counts whole steps only (floor).
WHOLE_STEPS_ONLY: bool = False

# 表3 第14项 其他重点工作: the 分值 column gives 15, the criterion says
# "按时保质保量完成得10分". The 分值 column is what makes the sheet add up to 100 (表4 and
# 表5 give 10 and 10), so the item's maximum is 15 and the assessor's points are validated
# against it.
COMPREHENSIVE_KEY_WORK_MAX: Final = 15.0

# 表4/表5 第9项 人头人次比 (settled persons ÷ settled visits): ranked from the largest ratio,
# because repeated visits by the same insured person are what the indicator watches (a low
# ratio is worse).
HEAD_VISIT_RATIO_HIGHER_IS_BETTER: bool = True
