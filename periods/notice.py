"""What a year added with ``calendar add-year`` must look like: a State Council notice.

The data format (:mod:`periods.data_file`) says how a year is written down; this module says
whether what is written down can be a 国务院办公厅关于XXXX年部分节假日安排的通知 at all, so that a
placeholder (an example document, a test file) is refused before it moves the deadlines of
running cases. The notice has to

- carry its document number, 国办发明电〔YYYY〕N号, with N a number and YYYY the year it was
  issued (the year of ``published``);
- be for a year under 全国年节及纪念日放假办法 as amended in 2024 (in force 2025-01-01);
- give every festival of that 办法's 第二条 its statutory rest days, each under the festival's
  name (元旦 1 day, 春节 4 days from 农历除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3): a
  notice adds bridge days around them (调休), it never takes a statutory day away;
- adjust only weekends outside its holidays (调休上班日 come before or after a holiday block).

Pure: no I/O. The statutory dates are the ones :mod:`periods.statutory` computes for
provisional years, so the two can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from periods.data_file import YearArrangement
from periods.statutory import (
    DRAGON_BOAT,
    LABOUR_DAY,
    MID_AUTUMN,
    NATIONAL_DAY,
    NEW_YEAR,
    SPRING_FESTIVAL,
    TOMB_SWEEPING,
    statutory_holidays,
)

__all__ = ["FESTIVALS", "FIRST_NOTICE_YEAR", "LAW", "Festival", "notice_problems"]

LAW: Final = "全国年节及纪念日放假办法 (2024) 第二条"
# The 2024 amendment (国务院令第795号) is in force from 1 January 2025; earlier years had other
# statutory days (春节 without 除夕, 劳动节 one day) and are in chinesecalendar's data.
FIRST_NOTICE_YEAR: Final = 2025

# 国办发明电〔2024〕12号: the bracket pair is 〔〕 (U+3014/U+3015) in every published notice.
_NUMBER: Final = re.compile(r"国办发明电〔(?P<year>[^〕]*)〕(?P<serial>[^号]*)号")


@dataclass(frozen=True, slots=True)
class Festival:
    """One festival of 第二条: its name in :mod:`periods.statutory`, and the words by which a
    notice's holiday names mention it ("中秋节" and "国庆节、中秋节" both mention 中秋)."""

    name: str
    mentions: tuple[str, ...]
    days: int  # statutory rest days under the 2024 办法

    def named_in(self, holiday_name: str) -> bool:
        return any(word in holiday_name for word in self.mentions)


FESTIVALS: Final = (
    Festival(NEW_YEAR, ("元旦",), 1),
    Festival(SPRING_FESTIVAL, ("春节",), 4),
    Festival(TOMB_SWEEPING, ("清明",), 1),
    Festival(LABOUR_DAY, ("劳动节", "五一"), 2),
    Festival(DRAGON_BOAT, ("端午",), 1),
    Festival(MID_AUTUMN, ("中秋",), 1),
    Festival(NATIONAL_DAY, ("国庆",), 3),
)


def notice_problems(year: int, arrangement: YearArrangement) -> tuple[tuple[str, str], ...]:
    """Every way ``arrangement`` cannot be ``year``'s notice, as ``(JSON path, message)`` pairs
    (empty: it can). Each message names the rule it breaks."""
    where = f"years.{year}"
    if year < FIRST_NOTICE_YEAR:
        return (
            (
                where,
                f"add-year takes years from {FIRST_NOTICE_YEAR}, the first under {LAW} as "
                f"amended in 2024; {year} had other statutory days and is in the shipped data",
            ),
        )
    problems: list[tuple[str, str]] = []
    number = _number_problem(arrangement)
    if number:
        problems.append((f"{where}.notice", number))
    problems.extend(_festival_problems(year, arrangement, f"{where}.holidays"))
    problems.extend(_working_day_problems(arrangement, f"{where}.working_days"))
    return tuple(problems)


def _number_problem(arrangement: YearArrangement) -> str | None:
    found = _NUMBER.search(arrangement.notice)
    if found is None:
        return (
            "the notice must carry its document number, 国办发明电〔YYYY〕N号 (e.g. "
            "国办发明电〔2025〕7号 for 2026); none found"
        )
    issued, serial = found["year"], found["serial"]
    if not (issued.isdigit() and len(issued) == 4) or not serial.isdigit() or int(serial) == 0:
        return (
            "the document number must read 国办发明电〔YYYY〕N号, YYYY the year of issue and N "
            f"the notice's number, in digits; found {found[0]}"
        )
    if int(issued) != arrangement.published.year:
        return (
            f"document number {found[0]} is of {issued} but published is "
            f"{arrangement.published.isoformat()}: the number carries the year of issue"
        )
    return None


def _statutory_days(year: int) -> dict[str, list[date]]:
    days: dict[str, list[date]] = {}
    for day, names in sorted(statutory_holidays(year).items()):
        for name in names.split("、"):  # 中秋 on 1 October is a day of both festivals
            days.setdefault(name, []).append(day)
    return days


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _span(days: list[date]) -> str:
    return days[0].isoformat() if len(days) == 1 else f"{days[0]} to {days[-1]}"


def _festival_problems(
    year: int, arrangement: YearArrangement, where: str
) -> list[tuple[str, str]]:
    statutory = _statutory_days(year)
    problems = []
    for festival in FESTIVALS:
        required = statutory[festival.name]
        assert len(required) == festival.days, (festival, required)  # statutory.py agrees
        named = {e.date for e in arrangement.holidays if festival.named_in(e.name)}
        rule = f"{LAW} gives {festival.name} {_days(festival.days)}, {_span(required)}"
        if not named:
            problems.append((where, f"no {festival.name} holiday: {rule}"))
            continue
        missing = [d.isoformat() for d in required if d not in named]
        if missing:
            problems.append(
                (
                    where,
                    f"{festival.name} does not include its statutory day(s) {', '.join(missing)}: "
                    f"{rule}, and a notice only adds days around them",
                )
            )
    return problems


def _working_day_problems(arrangement: YearArrangement, where: str) -> list[tuple[str, str]]:
    # A holiday block is the days of one name from its first to its last; an adjusted working
    # day inside one would split the holiday the notice announces as one period.
    blocks: dict[str, list[date]] = {}
    for entry in arrangement.holidays:
        blocks.setdefault(entry.name, []).append(entry.date)
    problems = []
    for i, day in enumerate(arrangement.working_days):
        for name, days in blocks.items():
            first, last = min(days), max(days)
            if first < day < last:
                problems.append(
                    (
                        f"{where}[{i}]",
                        f"{day} is inside the {name} holiday ({first} to {last}): adjusted "
                        "working days (调休上班日) come before or after a holiday, never inside",
                    )
                )
                break
    return problems
