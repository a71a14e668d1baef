"""The evaluation's own supplementation (衢医保发〔2023〕8号 二(三)3):
机构补充材料时间不计入评估期限.

The clause stops the 20-working-day evaluation while the institution holds the evaluators'
request, and says nothing more: no window for the institution, no abandonment (those are the
acceptance stage's rule, 二(三)2, and stay there). How the days count (民法典 第二百零一条, the day
of the event is not counted; periods/clock.py):

- the request day is the agency's (its working day is used): the institution's time starts the
  day after it;
- the day the last material is back is the institution's: the agency's count goes on the day
  after it, so the evaluation's last day moves by the working days of (request day, day back].

Pure (no Temporal import): the words the notice and the case print, and the segments whose
working days are the ones the agency used.
"""

from __future__ import annotations

from datetime import date

from procedures.designation.clauses import EVALUATION_CLAUSE, EVALUATION_WORKING_DAYS, cite

# The patch of runs whose evaluation-stage supplementation only stops the clock (issue 17);
# runs that opened the 5-working-day window before it keep it on replay.
EVALUATION_PAUSE_PATCH = "designation-evaluation-supplement-pauses-only"


def counting_segments(
    start: date, pauses: list[tuple[date, date]], paused_on: date
) -> list[tuple[date, date]]:
    """The agency's counting segments up to the open pause, each as (excluded start, last day
    counted): from the clock's start to the first pause, from each resume to the next pause.
    Their working days are the days the agency has used (the pause day included)."""
    segments = []
    begin = start
    for paused, resumed in pauses:
        segments.append((begin, paused))
        begin = resumed
    segments.append((begin, paused_on))
    return segments


def days_left(used: int) -> int:
    """The working days the evaluation has left when the clock runs again (0 once spent)."""
    return max(0, EVALUATION_WORKING_DAYS - used)


def pause_note(paused_on: date, used: int) -> str:
    """What the supplementation notice tells the institution instead of a window: the clock
    stops on the request day and goes on the day after everything asked for is back."""
    return (
        f"机构补充材料时间不计入评估期限 ({cite(EVALUATION_CLAUSE)}): 评估期限"
        f"({EVALUATION_WORKING_DAYS}个工作日)自{_cn(paused_on)}起停止计算, 已用{used}个工作日; "
        f"自收到你单位补齐的上述全部材料之次日起继续计算剩余{days_left(used)}个工作日, "
        "评估期限截止日相应顺延。补充材料期间不设期限, 不视作放弃申请。"
    )


def waiting_line(paused_on: date, used: int) -> str:
    """What the case says while the institution holds the request (standing.py)."""
    return (
        f"The evaluation clock ({EVALUATION_WORKING_DAYS} working days, {cite(EVALUATION_CLAUSE)}) "
        f"is stopped since {paused_on.isoformat()}: {used} working day(s) used, "
        f"{days_left(used)} left, counted again from the day after the last material is in "
        "(机构补充材料时间不计入评估期限; no time limit for the institution, nothing abandoned)."
    )


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
