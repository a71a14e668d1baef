"""The fixed statutory holidays of 全国年节及纪念日放假办法 (2024 revision, in force 2025-01-01).

Used only for *provisional* years, i.e. years whose State Council General Office notice
(国务院办公厅关于XXXX年部分节假日安排的通知) is not yet in the data: the notice is what adds
bridge days and adjusted working weekends (调休), which are unknown and deliberately not guessed
(procedures.md §0).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Final

from periods.lunar import lunar_new_year, lunar_to_solar, qingming

# Names match chinese_calendar's ``Holiday.*.chinese`` so published and provisional years read
# the same in human output.
NEW_YEAR: Final = "元旦"
SPRING_FESTIVAL: Final = "春节"
TOMB_SWEEPING: Final = "清明"
LABOUR_DAY: Final = "劳动节"
DRAGON_BOAT: Final = "端午"
MID_AUTUMN: Final = "中秋"
NATIONAL_DAY: Final = "国庆节"

# Identifies the rule set below; it is part of the calendar version so a change of the rules
# (a new revision of the 办法) invalidates deadlines computed under the old ones.
RULES_ID: Final = "全国年节及纪念日放假办法 2024 第二条"


@cache
def statutory_holidays(year: int) -> MappingProxyType[date, str]:
    """Statutory rest days of ``year`` fixed by the 办法 itself, mapped to the holiday name.

    第二条: 元旦 1 Jan; 春节 农历除夕 to 正月初三 (4 days); 清明 the 清明 solar-term day;
    劳动节 1-2 May; 端午 农历五月初五; 中秋 农历八月十五; 国庆节 1-3 Oct.
    """
    days: dict[date, str] = {}

    def add(day: date, name: str) -> None:
        # 中秋 can coincide with 国庆 (e.g. 2031-10-01); keep both names for human output.
        days[day] = f"{days[day]}、{name}" if day in days else name

    add(date(year, 1, 1), NEW_YEAR)
    new_year = lunar_new_year(year)
    for offset in range(-1, 3):  # 除夕 (the day before 正月初一) through 正月初三
        add(new_year + timedelta(days=offset), SPRING_FESTIVAL)
    add(qingming(year), TOMB_SWEEPING)
    add(date(year, 5, 1), LABOUR_DAY)
    add(date(year, 5, 2), LABOUR_DAY)
    add(lunar_to_solar(year, 5, 5), DRAGON_BOAT)
    add(lunar_to_solar(year, 8, 15), MID_AUTUMN)
    for day in (1, 2, 3):
        add(date(year, 10, day), NATIONAL_DAY)
    return MappingProxyType(days)
