"""Market-regulation credit evaluation (市场监管信用评价) of inspection bodies and IP agencies.

Two regulations of the Quzhou market-regulation bureau share one 1000-point scheme and differ in
a few rows, so one module scores both, each line citing its own regulation:

- variant ``inspection_body``: 衢州市检验检测机构信用评价与监管办法(试行) 衢市监规〔2021〕3号;
- variant ``ip_agency``: 衢州市知识产权代理机构信用评价与监管办法(试行) 衢市监规〔2021〕2号.

Total 1000 (三) = general indicators 500, converted from the Zhejiang enterprise public credit
evaluation, + specific indicators 500 (附件 专用指标 1–4), plus the credit value-add bonus
(附件 专用指标 5) beyond the 1000. The grade A–E (四(一)) is taken on the unrounded total, then
adjusted (四(二)): direct E, or one grade down (once); IP agencies founded less than 12 months
before the evaluation start are not graded (四(一), 暂不定级). The grade's supervision measures
(五) are the report's consequences.

Nothing here is rounded: the regulations fix no rounding, and the bands apply to the raw total.

The package: `params` (the numbers and the readings), `facts` (the validated input),
`regulations` (the two regulations' differences, as data), `indicators` (the lines) and `score`
(grade, adjustments, the report).
"""

from __future__ import annotations

from scoring.market_credit import params
from scoring.market_credit.facts import (
    INSPECTION_HONOUR_POINTS,
    IP_HONOUR_POINTS,
    Facts,
    HonourLevel,
    InspectionBodyFacts,
    InspectionHonour,
    InspectionHonourCategory,
    IpAgencyFacts,
    IpHonour,
    SubjectFacts,
)
from scoring.market_credit.params import INSPECTION, IP_AGENCY, KIND, MAX_TOTAL
from scoring.market_credit.score import grade_for, score

# The input, the scoring and the tables callers use; each rule's numbers and lines are in their
# module. The readings INSPECTION_HONOURS_RULE and DIRECT_E_OVERRIDES_NOT_GRADED are read from
# `params`: change or patch them there.
__all__ = [
    "INSPECTION",
    "INSPECTION_HONOUR_POINTS",
    "IP_AGENCY",
    "IP_HONOUR_POINTS",
    "KIND",
    "MAX_TOTAL",
    "Facts",
    "HonourLevel",
    "InspectionBodyFacts",
    "InspectionHonour",
    "InspectionHonourCategory",
    "IpAgencyFacts",
    "IpHonour",
    "SubjectFacts",
    "grade_for",
    "params",
    "score",
]
