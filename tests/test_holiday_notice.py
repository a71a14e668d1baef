"""A year added with add-year must look like a State Council notice (issue 14).

The placeholder the OpenAPI document once carried (a 2027 "notice" numbered 国办发明电〔2026〕N号
with only 元旦) is refused naming each rule; the real 2025 and 2026 notices, in the shapes they
are published and transcribed in, are accepted.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.routes.calendar import YEAR_EXAMPLE
from periods import HolidayDataError, load_calendar
from periods.calendar import _library_years
from periods.notice import FESTIVALS, FIRST_NOTICE_YEAR
from periods.source import LAST_YEAR, parse_year
from periods.statutory import statutory_holidays

# The OpenAPI example before issue 14: it passed, and moved every open case's deadlines.
PLACEHOLDER = {
    "years": {
        "2027": {
            "notice": "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)",
            "published": "2026-11-05",
            "holidays": [{"date": "2027-01-01", "name": "元旦"}],
            "working_days": [],
        }
    }
}

NOTICES = {
    2025: ("国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)", "2024-11-12"),
    2026: ("国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号)", "2025-11-04"),
}


def shipped(year: int) -> dict[str, Any]:
    """chinesecalendar's transcription of a real notice, as a data file with its real number."""
    data = _library_years()[year]
    notice, published = NOTICES[year]
    return {
        "years": {
            str(year): {
                "notice": notice,
                "published": published,
                "holidays": [
                    {"date": d.isoformat(), "name": n} for d, n in sorted(data.holidays.items())
                ],
                "working_days": sorted(d.isoformat() for d in data.working_days),
            }
        }
    }


def refusals(raw: object) -> list[tuple[str, str]]:
    with pytest.raises(HolidayDataError) as refused:
        parse_year(raw, "2027.json")
    assert "2027.json" in str(refused.value) or "upload" in str(refused.value)
    return list(refused.value.problems)


def test_the_old_placeholder_example_is_refused_naming_each_rule() -> None:
    problems = refusals(PLACEHOLDER)
    paths = [path for path, _ in problems]
    number = dict(problems)["years.2027.notice"]
    assert "国办发明电〔YYYY〕N号" in number and "in digits" in number
    assert "国办发明电〔2026〕N号" in number
    missing = [m for p, m in problems if p == "years.2027.holidays"]
    # 元旦 is there; every other festival of 第二条 is named as missing, with its statutory days.
    assert len(missing) == len(FESTIVALS) - 1
    assert any(m.startswith("no 春节 holiday") and "2027-02-05 to 2027-02-08" in m for m in missing)
    assert all("全国年节及纪念日放假办法 (2024) 第二条" in m for m in missing)
    assert set(paths) == {"years.2027.notice", "years.2027.holidays"}


@pytest.mark.parametrize(
    ("notice", "published", "says"),
    [
        ("国务院办公厅关于2026年部分节假日安排的通知", "2025-11-04", "none found"),
        ("国办发明电〔2025〕第七号", "2025-11-04", "in digits"),
        ("国办发明电〔二〇二五〕7号", "2025-11-04", "in digits"),
        ("国办发明电〔2025〕0号", "2025-11-04", "in digits"),
        ("国办发明电〔2024〕7号", "2025-11-04", "the number carries the year of issue"),
    ],
)
def test_the_document_number_must_be_a_real_one(notice: str, published: str, says: str) -> None:
    raw = shipped(2026)
    raw["years"]["2026"].update(notice=notice, published=published)
    with pytest.raises(HolidayDataError) as refused:
        parse_year(raw, "upload")
    assert [p for p, _ in refused.value.problems] == ["years.2026.notice"]
    assert says in refused.value.problems[0][1]


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_the_real_notices_since_the_2024_amendment_are_accepted(year: int) -> None:
    parsed_year, arrangement = parse_year(shipped(year), "upload")
    assert parsed_year == year and arrangement.notice == NOTICES[year][0]


def test_the_openapi_example_is_the_real_2026_notice() -> None:
    year, arrangement = parse_year(copy.deepcopy(YEAR_EXAMPLE), "example")
    real = _library_years()[2026]
    assert year == 2026 and "国办发明电〔2025〕7号" in arrangement.notice
    assert {e.date: e.name for e in arrangement.holidays} == dict(real.holidays)
    assert frozenset(arrangement.working_days) == real.working_days


def test_a_merged_festival_block_names_both_festivals() -> None:
    """2025: 国庆节、中秋节 10/1-10/8 as one block, the way the notice itself heads it."""
    raw = shipped(2025)
    for entry in raw["years"]["2025"]["holidays"]:
        if entry["date"].startswith("2025-10-"):
            entry["name"] = "国庆节、中秋节"
    parse_year(raw, "upload")
    # Named 国庆节 only, the block no longer gives 中秋 its day.
    for entry in raw["years"]["2025"]["holidays"]:
        if entry["date"].startswith("2025-10-"):
            entry["name"] = "国庆节"
    assert refusals(raw) == [
        (
            "years.2025.holidays",
            "no 中秋 holiday: 全国年节及纪念日放假办法 (2024) 第二条 gives 中秋 1 day, 2025-10-06",
        )
    ]


def test_a_festival_without_one_of_its_statutory_days_is_refused() -> None:
    """春节 from 正月初一 only, as before the 2024 amendment: 除夕 (2026-02-16) is missing."""
    raw = shipped(2026)
    year = raw["years"]["2026"]
    year["holidays"] = [
        e for e in year["holidays"] if e["date"] not in ("2026-02-15", "2026-02-16")
    ]
    ((path, message),) = refusals(raw)
    assert path == "years.2026.holidays"
    assert message.startswith("春节 does not include its statutory day(s) 2026-02-16")
    assert "4 days, 2026-02-16 to 2026-02-19" in message


def test_adjusted_working_days_are_weekends_outside_the_holidays() -> None:
    raw = shipped(2026)
    year = raw["years"]["2026"]
    # Sunday 4 October taken out of 国庆节 and made a working day: inside the holiday.
    year["holidays"] = [e for e in year["holidays"] if e["date"] != "2026-10-04"]
    year["working_days"].append("2026-10-04")
    ((path, message),) = refusals(raw)
    assert path == f"years.2026.working_days[{len(year['working_days']) - 1}]"
    assert "inside the 国庆节 holiday (2026-10-01 to 2026-10-07)" in message
    # A weekday is refused by the data format itself.
    raw = shipped(2026)
    raw["years"]["2026"]["working_days"].append("2026-10-12")  # a Monday
    with pytest.raises(HolidayDataError) as refused:
        parse_year(raw, "upload")
    assert "Monday" in str(refused.value)


def test_years_before_the_amendment_are_not_added() -> None:
    raw = {"years": {"2024": {**shipped(2025)["years"]["2025"]}}}
    raw["years"]["2024"]["holidays"] = [{"date": "2024-01-01", "name": "元旦"}]
    raw["years"]["2024"]["working_days"] = []
    ((path, message),) = refusals(raw)
    assert path == "years.2024" and f"from {FIRST_NOTICE_YEAR}" in message


@pytest.mark.parametrize("year", [FIRST_NOTICE_YEAR, 2027, 2031, 2050, LAST_YEAR])
def test_the_statutory_days_alone_make_a_notice(year: int) -> None:
    """The rule and the provisional calendar (periods/statutory.py) agree on every year: a
    notice that gives exactly the statutory days (2031: 中秋 on 1 October) passes."""
    holidays = [
        {"date": d.isoformat(), "name": n} for d, n in sorted(statutory_holidays(year).items())
    ]
    raw = {
        "years": {
            str(year): {
                "notice": f"国办发明电〔{year - 1}〕1号 (test)",
                "published": f"{year - 1}-11-01",
                "holidays": holidays,
            }
        }
    }
    assert parse_year(raw, "upload")[0] == year


def test_the_override_file_is_the_operators_and_only_follows_the_format(tmp_path: Path) -> None:
    """QZ_HOLIDAY_OVERRIDE_FILE is read at start from the operator's own disk (an emergency
    arrangement, a year before 2025): the notice rule is for years added while running."""
    path = tmp_path / "override.json"
    path.write_text(json.dumps(PLACEHOLDER, ensure_ascii=False), encoding="utf-8")
    calendar = load_calendar(path, published_before=2027)
    assert not calendar.is_provisional(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 2, 8))  # a Monday of 春节: not in the file
