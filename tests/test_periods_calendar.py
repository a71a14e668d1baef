"""The working-day calendar against the State Council notices for 2025 and 2026.

Expectations are transcribed from 国务院办公厅关于2025年部分节假日安排的通知 and
关于2026年部分节假日安排的通知 (2025-11-04), not from running the code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays as library_holidays
from chinese_calendar.constants import workdays as library_workdays

from periods import (
    HolidayDataError,
    WorkingDayCalendar,
    add_working_days,
    default_calendar,
    load_calendar,
)
from periods.calendar import DATA_FILE
from periods.data_file import read
from periods.lunar import lunar_new_year, qingming
from periods.source import parse_year
from periods.statutory import statutory_holidays


def span(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


D = date

# (name, first rest day, last rest day) and the adjusted working weekends (调休上班日).
NOTICE_2025 = [
    ("元旦", D(2025, 1, 1), D(2025, 1, 1)),
    ("春节", D(2025, 1, 28), D(2025, 2, 4)),
    ("清明", D(2025, 4, 4), D(2025, 4, 6)),
    ("劳动节", D(2025, 5, 1), D(2025, 5, 5)),
    ("端午", D(2025, 5, 31), D(2025, 6, 2)),
    ("国庆节", D(2025, 10, 1), D(2025, 10, 8)),  # 国庆节、中秋节 together
]
WORKING_WEEKENDS_2025 = [
    D(2025, 1, 26),  # Sunday
    D(2025, 2, 8),  # Saturday
    D(2025, 4, 27),  # Sunday
    D(2025, 9, 28),  # Sunday
    D(2025, 10, 11),  # Saturday
]
NOTICE_2026 = [
    ("元旦", D(2026, 1, 1), D(2026, 1, 3)),
    ("春节", D(2026, 2, 15), D(2026, 2, 23)),
    ("清明", D(2026, 4, 4), D(2026, 4, 6)),
    ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
    ("端午", D(2026, 6, 19), D(2026, 6, 21)),
    ("中秋", D(2026, 9, 25), D(2026, 9, 27)),
    ("国庆节", D(2026, 10, 1), D(2026, 10, 7)),
]
WORKING_WEEKENDS_2026 = [
    D(2026, 1, 4),  # Sunday
    D(2026, 2, 14),  # Saturday
    D(2026, 2, 28),  # Saturday
    D(2026, 5, 9),  # Saturday
    D(2026, 9, 20),  # Sunday
    D(2026, 10, 10),  # Saturday
]
NOTICES = {2025: (NOTICE_2025, WORKING_WEEKENDS_2025), 2026: (NOTICE_2026, WORKING_WEEKENDS_2026)}


def notice_rest_days(year: int) -> set[date]:
    return {d for _, first, last in NOTICES[year][0] for d in span(first, last)}


@pytest.fixture(scope="module")
def cal() -> WorkingDayCalendar:
    return default_calendar()


@pytest.fixture(scope="module")
def frozen() -> WorkingDayCalendar:
    """The calendar as published today (2004-2026), whatever notices are added later."""
    return load_calendar(published_before=2027)


@pytest.mark.parametrize("year", [2025, 2026])
def test_adjusted_working_days_are_weekends(year: int) -> None:
    # Guards the transcription above: 调休上班日 are always Saturdays or Sundays.
    assert all(d.weekday() >= 5 for d in NOTICES[year][1])


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_follows_the_notice(cal: WorkingDayCalendar, year: int) -> None:
    rest = notice_rest_days(year)
    adjusted = set(NOTICES[year][1])
    for day in span(D(year, 1, 1), D(year, 12, 31)):
        expected = day in adjusted or (day.weekday() < 5 and day not in rest)
        assert cal.is_working_day(day) is expected, day
        assert cal.is_rest_day(day) is not expected, day
        assert not cal.is_provisional(day)


@pytest.mark.parametrize("year", [2025, 2026])
def test_notice_transcription_matches_chinesecalendar(year: int) -> None:
    assert {d for d in library_holidays if d.year == year} == notice_rest_days(year)
    assert {d for d in library_workdays if d.year == year} == set(NOTICES[year][1])


def test_agrees_with_chinesecalendar_for_all_library_years(cal: WorkingDayCalendar) -> None:
    for day in span(D(2004, 1, 1), D(2026, 12, 31)):
        assert cal.is_working_day(day) is chinese_calendar.is_workday(day), day


@pytest.mark.parametrize("year", [2025, 2026])
def test_holiday_names(cal: WorkingDayCalendar, year: int) -> None:
    for name, first, last in NOTICES[year][0]:
        for day in span(first, last):
            # 2025-10-06 is 中秋 inside the 国庆 block.
            expected = {name, "中秋"} if name == "国庆节" else {name}
            assert cal.holiday_name(day) in expected, day
    for day in NOTICES[year][1]:
        assert cal.holiday_name(day) is None  # an adjusted working day is no holiday
    assert cal.holiday_name(D(year, 3, 10)) is None


def test_published_years(cal: WorkingDayCalendar, frozen: WorkingDayCalendar) -> None:
    assert frozen.published_years == frozenset(range(2004, 2027))
    assert not frozen.is_provisional(D(2026, 12, 31))
    assert frozen.is_provisional(D(2027, 1, 1))
    # The default calendar may only gain years as notices are added.
    assert frozenset(range(2004, 2027)) <= cal.published_years
    assert not cal.is_provisional(D(2026, 12, 31))


def test_published_before_makes_a_published_year_provisional(cal: WorkingDayCalendar) -> None:
    earlier = load_calendar(published_before=2026)
    assert earlier.published_years == frozenset(range(2004, 2026))
    assert earlier.is_provisional(D(2026, 1, 4))
    assert not cal.is_provisional(D(2026, 1, 4))
    # 2026-01-04, the working Sunday of the 2026 notice, is an ordinary Sunday without it.
    assert D(2026, 1, 4).weekday() == 6
    assert cal.is_working_day(D(2026, 1, 4))
    assert earlier.is_rest_day(D(2026, 1, 4))
    # 2026-01-02 (Fri): a bridge day of the notice, a working day under the 办法 alone.
    assert cal.holiday_name(D(2026, 1, 2)) == "元旦"
    assert earlier.holiday_name(D(2026, 1, 2)) is None
    assert earlier.is_working_day(D(2026, 1, 2))
    # 2025 is untouched.
    assert not earlier.is_provisional(D(2025, 12, 31))
    assert earlier.is_working_day(D(2025, 1, 26))  # the working Sunday of the 2025 notice
    assert earlier.version != cal.version
    assert earlier.version.startswith(f"cn-{chinese_calendar.__version__}+")
    # 2025-12-31 (Wed) + 1 wd: 2026-01-01 元旦 (provisional rest day), 01-02 Fri (1).
    end = add_working_days(D(2025, 12, 31), 1, calendar=earlier)
    assert (end.last_day, end.provisional, end.calendar_version) == (
        D(2026, 1, 2),
        True,
        earlier.version,
    )


def test_version_is_stable_and_names_the_library(cal: WorkingDayCalendar) -> None:
    version = re.escape(chinese_calendar.__version__)
    assert re.fullmatch(rf"cn-{version}\+[0-9a-f]{{8}}", cal.version)
    assert load_calendar().version == cal.version
    assert default_calendar() is cal


# -- provisional years -------------------------------------------------------------------


def test_lunar_and_solar_term_conversions() -> None:
    # Well-known 春节 and 清明 dates.
    assert lunar_new_year(2024) == D(2024, 2, 10)
    assert lunar_new_year(2025) == D(2025, 1, 29)
    assert lunar_new_year(2026) == D(2026, 2, 17)
    assert lunar_new_year(2027) == D(2027, 2, 6)
    assert qingming(2025) == D(2025, 4, 4)
    assert qingming(2026) == D(2026, 4, 5)
    assert qingming(2027) == D(2027, 4, 5)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_rules_are_inside_the_published_notices(year: int) -> None:
    # The notices extend the 办法's fixed days with bridge days, never drop one, so the
    # provisional rules applied to a published year must fall inside its notice.
    assert set(statutory_holidays(year)) <= notice_rest_days(year)


def test_2027_is_provisional_with_statutory_holidays(frozen: WorkingDayCalendar) -> None:
    expected_rest = {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",  # 除夕
        D(2027, 2, 6): "春节",  # 正月初一
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",  # 正月初三
        D(2027, 4, 5): "清明",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午",
        D(2027, 9, 15): "中秋",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }
    assert dict(statutory_holidays(2027)) == expected_rest
    for day in span(D(2027, 1, 1), D(2027, 12, 31)):
        assert frozen.is_provisional(day)
        # No bridge days and no adjusted working weekends are guessed.
        expected = day.weekday() < 5 and day not in expected_rest
        assert frozen.is_working_day(day) is expected, day
        assert frozen.holiday_name(day) == expected_rest.get(day)
    assert frozen.is_working_day(
        D(2027, 2, 9)
    )  # 正月初四, a Tuesday: working until a notice says no


def test_far_provisional_years_never_raise(frozen: WorkingDayCalendar) -> None:
    # Why the calendar builds its own sets: the library raises after its last year (2026 in
    # chinesecalendar 1.11.0, so 2027 here).
    after_library = max(d.year for d in library_holidays) + 1
    assert after_library >= 2027
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(after_library, 1, 4))
    for day in span(D(2027, 1, 1), D(2035, 12, 31)):
        frozen.is_working_day(day)
        frozen.holiday_name(day)
        assert frozen.is_provisional(day)
    for year in range(2027, 2036):
        rest = statutory_holidays(year)
        assert len(rest) >= 13 - 1  # 13 days; 中秋 may coincide with 国庆
        assert all(frozen.is_rest_day(d) for d in rest)


# -- data files ---------------------------------------------------------------------------


def test_repository_data_file_is_valid() -> None:
    assert DATA_FILE.name == "holidays.json"
    read(DATA_FILE)


def test_readme_example_is_valid(tmp_path: Path) -> None:
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    path = tmp_path / "example.json"
    path.write_text(example.group(1), encoding="utf-8")
    assert 2026 in load_calendar(path, published_before=2026).published_years
    # The real 2026 notice: what chinesecalendar has, and a notice add-year accepts.
    assert load_calendar(path).version == default_calendar().version
    assert parse_year(json.loads(example.group(1)), "README")[0] == 2026


OVERRIDE_2027 = {
    "years": {
        "2027": {
            "notice": "国务院办公厅关于2027年部分节假日安排的通知 (test fixture)",
            "published": "2026-11-20",
            "holidays": [
                {"date": "2027-01-01", "name": "元旦"},
                {"date": "2027-01-02", "name": "元旦"},
                {"date": "2027-01-03", "name": "元旦"},
            ]
            + [{"date": f"2027-02-{d:02d}", "name": "春节"} for d in range(5, 14)],
            "working_days": ["2027-02-14"],  # a Sunday
        }
    }
}


def write(tmp_path: Path, content: object, name: str = "override.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def test_override_publishes_2027(tmp_path: Path, frozen: WorkingDayCalendar) -> None:
    assert D(2027, 2, 14).weekday() == 6
    path = write(tmp_path, OVERRIDE_2027)
    published = load_calendar(path)
    assert 2027 in published.published_years
    assert not published.is_provisional(D(2027, 3, 1))
    assert published.version != frozen.version
    assert published.version.startswith(f"cn-{chinese_calendar.__version__}+")
    assert published.is_working_day(D(2027, 2, 14))  # the working Sunday
    assert not frozen.is_working_day(D(2027, 2, 14))
    assert published.is_rest_day(D(2027, 2, 10))  # a bridge day of the notice
    assert frozen.is_working_day(D(2027, 2, 10))
    # The override is applied after published_before's cut.
    frozen_published = load_calendar(path, published_before=2027)
    assert 2027 in frozen_published.published_years
    assert frozen_published.is_working_day(D(2027, 2, 14))
    assert frozen_published.is_rest_day(D(2027, 2, 10))
    # Qingming is not in this (made-up) notice: a published year trusts the notice alone.
    assert published.is_working_day(D(2027, 4, 5))

    # 2026-12-31 (Thu) + 5 working days: 2027-01-04 Mon .. 2027-01-08 Fri.
    provisional = add_working_days(D(2026, 12, 31), 5, calendar=frozen)
    final = add_working_days(D(2026, 12, 31), 5, calendar=published)
    assert (provisional.last_day, provisional.provisional) == (D(2027, 1, 8), True)
    assert (final.last_day, final.provisional) == (D(2027, 1, 8), False)
    assert final.calendar_version == published.version
    # 2027-02-04 (Thu) + 2 working days: 02-05 Fri is a holiday here, .. 02-13 too; 02-14 Sun
    # is the adjusted working day (1), 02-15 Mon (2).
    assert add_working_days(D(2027, 2, 4), 2, calendar=published).last_day == D(2027, 2, 15)


def test_version_is_stable_for_the_same_data(tmp_path: Path) -> None:
    first = load_calendar(write(tmp_path, OVERRIDE_2027, "a.json"))
    second = load_calendar(write(tmp_path, OVERRIDE_2027, "b.json"))
    assert first.version == second.version
    changed = json.loads(json.dumps(OVERRIDE_2027))
    changed["years"]["2027"]["working_days"] = ["2027-02-20"]
    assert load_calendar(write(tmp_path, changed, "c.json")).version != first.version


def test_override_replaces_a_library_year_entirely(tmp_path: Path) -> None:
    override = {
        "years": {
            "2025": {
                "notice": "test",
                "published": "2024-11-12",
                "holidays": [{"date": "2025-01-01", "name": "元旦"}],
            }
        }
    }
    replaced = load_calendar(write(tmp_path, override))
    assert replaced.is_rest_day(D(2025, 1, 1))
    assert replaced.is_working_day(D(2025, 1, 28))  # 春节 of the library data is gone
    assert replaced.is_rest_day(D(2025, 1, 26))  # and so is its working Sunday
    assert replaced.is_rest_day(D(2026, 2, 16))  # other years untouched


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"not valid JSON at line 1 column 2"),
        ({"year": {}}, r"years: Field required"),
        (
            {
                "years": {
                    "2027": {
                        "notice": "n",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2027-13-01", "name": "元旦"}],
                    }
                }
            },
            r"years\.2027\.holidays\.0\.date",
        ),
        (
            {"years": {"2027": {"notice": "n", "published": "2026-11-20", "holidays": []}}},
            r"years\.2027\.holidays: .*at least 1",
        ),
        (
            {
                "years": {
                    "2027": {
                        "notice": "n",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2027-01-01", "name": "元旦"}],
                        "working_days": ["2027-02-15"],
                    }
                }
            },
            r"years\.2027\.working_days\[0\]: 2027-02-15 is a Monday",
        ),
        (
            {
                "years": {
                    "2027": {
                        "notice": "n",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2026-12-31", "name": "元旦"}],
                    }
                }
            },
            r"years\.2027\.holidays\[0\]\.date: 2026-12-31 is not in 2027",
        ),
        (
            {
                "years": {
                    "2027": {
                        "notice": "n",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2027-01-02", "name": "元旦"}],
                        "working_days": ["2027-01-02"],
                    }
                }
            },
            r"listed more than once.*2027-01-02",
        ),
        (
            {
                "years": {
                    "2027": {
                        "notice": "n",
                        "published": "2026-11-20",
                        "holidays": [{"date": "2027-01-01", "name": "元旦"}],
                        "workdays": [],
                    }
                }
            },
            r"years\.2027\.workdays: Extra inputs are not permitted",
        ),
    ],
)
def test_malformed_override_is_rejected_clearly(
    tmp_path: Path, content: object, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    with pytest.raises(HolidayDataError, match=message) as excinfo:
        load_calendar(path)
    assert str(path) in str(excinfo.value)


def test_missing_override_is_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    with pytest.raises(HolidayDataError, match=re.escape(str(missing))):
        load_calendar(missing)
