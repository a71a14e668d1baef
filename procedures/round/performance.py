"""A performance round's year and duty: the day its assessment is to be complete (pure).

衢医保发〔2023〕8号 附件1 二(三) (seed 001 l.1960–1966): 半年拟评在八月底前完成; 年度总评 …
考核在次年一季度完成. The half-year round of year Y is due by 31 August of Y, the annual one
of Y by 31 March of Y+1: a day the text fixes, an agency duty (reminders before it; overdue
and escalated after, and the round keeps waiting for its facts). The re-assessment after
rectification has no day of its own in the text (整改3个月后再进行考核): no duty. The credit
rounds have none either.

The day is counted as a period of days from the opening (民法典 第二百零一条, the opening day
not counted), so that the kernel computes its reminders on the working-day calendar; 31 August
2027 and 31 March 2028 are working days (a last day on a rest day would move to the next
working day, 第二百零三条).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from contracts.case_records import CaseDeadline
from contracts.rounds import PERFORMANCE_KINDS, RoundKind, RoundOpening
from procedures.round import clauses

DUTY: Final = "assessment"  # the round's named deadline
# 衢医保发〔2023〕8号 took effect on 18 February 2023: it assesses 2023 and the years after.
FIRST_YEAR: Final = 2023
AGENCY: Final = "agency"  # the agency's own staff (经办机构)
SUPERVISOR: Final = "supervisor"
Message = tuple[str, str, str]


def due_on(opening: RoundOpening) -> date | None:
    """The last day the round's assessment is to be complete; None where the text fixes none."""
    year = int(opening.period[:4])
    if opening.kind is RoundKind.PERFORMANCE_HALF_YEAR:
        return date(year, 8, 31)  # 半年拟评在八月底前完成
    if opening.kind is RoundKind.PERFORMANCE_ANNUAL:
        return date(year + 1, 3, 31)  # 考核在次年一季度完成
    return None


def assessed_year(opening: RoundOpening) -> int:
    """The year a performance round assesses: a half-year's (YYYY-H1) or an annual round's
    (YYYY) period; a re-assessment, named by its month, re-assesses the year before (the annual
    result of Y is published in Y+1's first quarter, 附件1 二(三), and re-assessed 3 months of
    rectification later, in Y+1, 附件1 二(四)2(2))."""
    year = int(opening.period[:4])
    return year - 1 if opening.kind is RoundKind.PERFORMANCE_REASSESSMENT else year


def year_problem(opening: RoundOpening) -> str | None:
    """Why the round cannot assess its year, if it cannot (the scoring module's years)."""
    if opening.kind in PERFORMANCE_KINDS and assessed_year(opening) < FIRST_YEAR:
        return (
            f"period: round {opening.round_id} would assess {assessed_year(opening)}; "
            f"衢医保发〔2023〕8号 assesses {FIRST_YEAR} and the years after"
        )
    return None


def counted_from(opened_on: date, due: date) -> tuple[date, int]:
    """The day the period is counted from and its length in days, so that its last day is `due`:
    from the opening; from the day before `due` when the round opens on or after it (a round
    opened late is overdue at once, with no belated reminders)."""
    start = min(opened_on, due - timedelta(days=1))
    return start, (due - start).days


def _round(opening: RoundOpening) -> str:
    what = f"{opening.period}, {opening.population}"
    return f"The {opening.kind.value} round {opening.round_id} ({what})"


def reminder_message(opening: RoundOpening, deadline: CaseDeadline, days: int) -> Message:
    last_day = deadline.deadline.last_day.isoformat()
    return (
        AGENCY,
        f"期限提醒: round {opening.round_id} to be complete by {last_day}",
        f"{_round(opening)} is to be complete by {last_day}, {days} working day(s) left "
        f"({deadline.citation}). Send the remaining facts and close them "
        f"(`starter.py round close {opening.round_id}`).",
    )


def overdue_message(opening: RoundOpening, deadline: CaseDeadline) -> Message:
    """To the supervisor: the facts not closed by the day (its regulation named)."""
    last_day = deadline.deadline.last_day.isoformat()
    body = f"{_round(opening)} was due by {last_day} and its facts are not closed"
    return (
        SUPERVISOR,
        f"逾期: round {opening.round_id} not complete",
        f"{body} ({deadline.citation}; {clauses.regulation(opening.kind)}). Escalated; the "
        "round keeps waiting for them.",
    )
