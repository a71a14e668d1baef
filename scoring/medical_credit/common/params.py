"""The measures' numbers and the readings where the tables leave something open (四(二),
主动配合 of 附件6–10, 五(六)), named so that a reviewer can find and change each one (change or
patch them here: the rules read them from this module)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from scoring.exact import shown

KIND = "medical-credit"
DOC = "衢医保发〔2021〕36号"

SubjectType = Literal[
    "pharmacy", "insurance_doctor", "medical_institution", "institution_head", "insured_person"
]
Grade = Literal["优秀", "良好", "中等", "较差", "差"]

# 四(二): "信用评价采用'千分制'评分".
MAX_TOTAL = 1000.0

# 四(二): 优秀 A ≥ 850; 良好 800 ≤ A < 850; 中等 750 ≤ A < 800; 较差 700 ≤ A < 750; 差 A < 700.
# Lower bounds, best grade first; each band includes its lower bound.
GRADE_BANDS: tuple[tuple[float, Grade], ...] = (
    (850.0, "优秀"),
    (800.0, "良好"),
    (750.0, "中等"),
    (700.0, "较差"),
)
LOWEST_GRADE: Grade = "差"
GRADE_ORDER: tuple[Grade, ...] = ("优秀", "良好", "中等", "较差", "差")

# Totals are exact decimals (scoring/exact.py): 853.7 × 10% is 85.37, and a total the
# regulation makes 850 is 850, so the bands compare with no tolerance (849.99 is 良好).

# 附件6–10, 主动配合 (分值 30): verified reports add +30 (direct evidence) or 5–15 (indirect),
# confessions 5–30, and an invalid report used to attack others costs 30. The tables do not say
# where the row starts. We read 分值 30 as the row's share of the 1000 points, like every other
# row, so the row starts at 0 (nothing contributed yet), the bonuses fill it up to 30 and no
# further, and the total stays on the 千分制 (≤ 1000). A subject with no verified report therefore
# scores at most 970. None lifts the cap (bonuses uncapped; the total may then exceed 1000).
CONTRIBUTION_BONUS_CAP: float | None = 30.0
DIRECT_EVIDENCE_BONUS = 30.0
# "利用举报打击他人的无效举报扣30分": a row that starts at 0 and is floored at 0 would make this
# penalty void for anyone without a bonus, so it is a separate deduction line that is not floored
# at row level (only the total is, see TOTAL_FLOOR); it is taken after the bonus cap.
INVALID_REPORT_PENALTY = 30.0

# The invalid-report deduction is the only uncapped deduction, so a total could go below 0 in
# theory; a 千分制 score does not, so the total is floored here (an explicit "floor" adjustment).
TOTAL_FLOOR: float | None = 0.0

# 五(六) "信用等级保持优秀3年以上的信用主体确定为'医疗保障守信(红)名单'": 以上 includes 3.
# Read with the formal annual grades of the preceding years (Facts.previous_grades, most recent
# first): the current grade and the RED_LIST_YEARS − 1 most recent previous grades are all 优秀.
# The evaluation is dynamic (四(二) 动态考评); a year's formal grade stands for the whole year.
RED_LIST_YEARS = 3

# A table's groups (一级指标): id, label and 分值, in the table's order.
Groups = tuple[tuple[str, str, float | None], ...]

INSTITUTION_SUBJECTS: frozenset[str] = frozenset({"pharmacy", "medical_institution"})

# Lines, group totals and consequences are frozen models, so the ones that depend only on a few
# small values (a count, a public credit score, a group sub-total) are built once and shared
# between reports (bounded caches below), which keeps validation + scoring near the team's target
# of 20,000 subjects/s per core. No point changes: every cache key holds everything the model
# depends on (the 主动配合 cache includes CONTRIBUTION_BONUS_CAP).
CACHE_SIZE = 4096


def clause(annex: int, item: int) -> str:
    return f"{DOC} 附件{annex} 第{item}项"


def fmt(value: float | Decimal) -> str:
    """A number for a reason sentence: the exact decimal, no trailing zeros (display only)."""
    return shown(value)
