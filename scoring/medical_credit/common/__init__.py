"""What the five medical-insurance credit tables share: grades, rows, 主动配合, consequences.

衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号: 千分制 (四(二)), the use of results (五) and
the row shapes that recur in 附件6–10 (public credit × 10%, "查实一次扣N分", 主动配合).

The package: `params` (the numbers and readings), `facts` (the shared facts), `rows` (the row
shapes and the table) and `grading` (grade, consequences, report).
"""

from __future__ import annotations

from scoring.medical_credit.common import params
from scoring.medical_credit.common.facts import (
    Cooperation,
    CooperationBase,
    Count,
    IdNumber,
    Name,
    Score1000,
    SubjectBase,
    Uscc,
)
from scoring.medical_credit.common.grading import build_report, grade_of
from scoring.medical_credit.common.params import GRADE_ORDER, KIND, Groups, SubjectType, clause, fmt
from scoring.medical_credit.common.rows import (
    CooperationRow,
    EventRow,
    EventTable,
    Table,
    public_credit_line,
    weighted,
)

# What the five tables' modules and the tests use; the rest is reached in its module. The
# readings CONTRIBUTION_BONUS_CAP, TOTAL_FLOOR and RED_LIST_YEARS are read from `params`: change
# or patch them there.
__all__ = [
    "GRADE_ORDER",
    "KIND",
    "Cooperation",
    "CooperationBase",
    "CooperationRow",
    "Count",
    "EventRow",
    "EventTable",
    "Groups",
    "IdNumber",
    "Name",
    "Score1000",
    "SubjectBase",
    "SubjectType",
    "Table",
    "Uscc",
    "build_report",
    "clause",
    "fmt",
    "grade_of",
    "params",
    "public_credit_line",
    "weighted",
]
