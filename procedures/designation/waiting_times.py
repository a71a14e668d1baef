"""The waiting times of the non-acceptance cases (衢医保发〔2023〕8号 二(三)2) and how they are
counted. Pure (no clock): the acceptance review's checks (checks.py) compare them with its day.

Counting "未满N年" from a day D (自发现之日起 / 被解除协议 / 受到处罚): the N years start on the day
after D (民法典 第二百零一条: 开始的当日不计入) and end on the corresponding day N years later, the
month's last day where there is none (第二百零二条: 29 February → 28 February); on that last day
they are not yet full (未满, 第一千二百五十九条: 不满 excludes the number), from the next day they
are. This is a comparison of dates, a waiting time, not a period for doing something: a last day
on a rest day is not moved (第二百零三条 does not apply). "近2年内" (case (10)) and "1年内"
(case (11)) count the same way: the conduct on D counts while the review day is on or before the
corresponding day 2 (1) years later (以内 includes the number).
"""

from __future__ import annotations

from datetime import date

from periods.months import months_later

# The waiting times of the cases, in months.
FRAUD_MONTHS = 36  # 医疗机构(4) / 零售药店(2): 自发现之日起未满3年 (the restriction carries it)
VIOLATION_MONTHS = 36  # 医疗机构(5) / 零售药店(3): 因违法违规被解除医保协议未满3年
BREACH_MONTHS = 12  # 医疗机构(6) / 零售药店(4): 因违反医保协议约定 … 被解除协议未满1年
PREVIOUS_INSTITUTION_MONTHS = 60  # 医疗机构(7) / 零售药店(5): 原定点机构被解除医保协议, 未满5年
MEDICAL_SERVICE_PENALTY_MONTHS = 12  # 医疗机构(9): 因医疗服务行为受到处罚未满1年
IRREGULAR_PRACTICE_MONTHS = 24  # 医疗机构(10): 近2年内有非法行医 … 等不规范经营行为
RELATED_SANCTION_MONTHS = 12  # 医疗机构(11) / 零售药店(7): 1年内有因违规被暂停、解除或终止医保协议


def full_after(day: date, months: int) -> date:
    """The last day of a waiting time of `months` counted from `day`: the corresponding day
    `months` later, the month's last day where it has none (民法典 第二百零二条). The period
    starts on the next day (第二百零一条) and is full (满) only at the end of this day: on it the
    time is still 未满, from the next day it is full. Not moved off a rest day (a waiting time)."""
    return months_later(day, months)


def within(day: date | None, months: int, on: date) -> date | None:
    """The period's last day when `day` (on or before `on`) starts a period of `months` not yet
    full on `on`; None when there is no such day, it is after `on`, or the period is full."""
    if day is None or day > on:
        return None
    last = full_after(day, months)
    return last if on <= last else None
