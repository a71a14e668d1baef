"""The rows of 附件4 表1 and 表2, one function per scored indicator (评估指标), each turning the
measured facts (and the evaluators' judgements) into points with the row's own rule.

Every function returns a `Scored`: the measured points (in tenths, common to all evaluators),
the judged points per evaluator (in tenths, sheet order; empty for a measured row) and the reason
("the fact and the rule applied"). `ROWS_MEDICAL` / `ROWS_PHARMACY` list the rows in table order
with their ids, labels, maxima and clauses; `BASIC_MEDICAL` / `BASIC_PHARMACY` the veto items.

The rows live by what they assess: `capacity`, `staffing` and `records` (rows both tables
share), `medical` (表1 only) and `pharmacy` (表2 only); `scored` holds what a row returns and the
helpers the rows share, `tables` the two tables.
"""

from __future__ import annotations

from scoring.designation.rules.scored import (
    BasicItem,
    Row,
    Scored,
    add_months,
    fmt,
    fmt_avg,
    full_months,
)
from scoring.designation.rules.tables import (
    BASIC_MEDICAL,
    BASIC_PHARMACY,
    ROWS_MEDICAL,
    ROWS_PHARMACY,
)

__all__ = [
    "BASIC_MEDICAL",
    "BASIC_PHARMACY",
    "ROWS_MEDICAL",
    "ROWS_PHARMACY",
    "BasicItem",
    "Row",
    "Scored",
    "add_months",
    "fmt",
    "fmt_avg",
    "full_months",
]
