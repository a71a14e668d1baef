"""The rounds' calendar (procedures/calendars/config.py): the defaults follow the clauses, and a
calendar file replaces them or is refused naming the entry and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts.rounds import RoundKind
from procedures.calendars.config import (
    DEFAULT_CALENDAR,
    CalendarFileError,
    load_calendar,
)
from settings import Settings

BY_ID = {entry.schedule_id: entry for entry in DEFAULT_CALENDAR}


def test_the_inspection_bodies_are_evaluated_every_three_years_from_2021() -> None:
    triennial = BY_ID["round-inspection-body-triennial"]
    assert triennial.clause.startswith("衢市监规〔2021〕3号 六(一)")
    assert triennial.next_year(after=2024) == 2027
    assert triennial.next_year(after=2021) == 2024
    assert [y for y in range(2020, 2031) if triennial.opens_in(y)] == [2021, 2024, 2027, 2030]
    assert BY_ID["round-ip-agency-yearly"].next_year(after=2026) == 2027


def test_every_calendar_round_has_its_schedule_agency_and_clause() -> None:
    kinds = {(e.kind, e.population): e for e in DEFAULT_CALENDAR}
    assert kinds[RoundKind.IP_AGENCY, "all"].agency.name == "衢州市市场监督管理局知识产权分局"
    assert kinds[RoundKind.INSPECTION_BODY, "all"].agency.name == "衢州市市场监督管理局"
    medical = kinds[RoundKind.MEDICAL_CREDIT, "all"]
    assert (medical.agency.code, medical.month, medical.day) == ("QZ-YB", None, 1)
    assert medical.clause.startswith("衢医保发〔2021〕36号 四(二)")
    for cohort in ("comprehensive", "outpatient", "pharmacy"):
        half = kinds[RoundKind.PERFORMANCE_HALF_YEAR, cohort]
        annual = kinds[RoundKind.PERFORMANCE_ANNUAL, cohort]
        # 衢医保发〔2023〕8号 附件1 二(三): the half year after 30 June, done by the end of August;
        # the year in Q1.
        assert (half.month, half.day) == (7, 1)
        assert annual.month in (1, 2, 3)
        assert {half.agency.code, annual.agency.code} == {"QZ-YBZX"}
        assert half.seed_line == annual.seed_line == "seed 001 l.1964"
    assert len(DEFAULT_CALENDAR) == 9


def test_a_calendar_file_replaces_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    entry = BY_ID["round-ip-agency-yearly"].model_dump(mode="json") | {"month": 4, "day": 10}
    path.write_text(json.dumps([entry]), encoding="utf-8")
    settings = Settings.from_env({"QZ_CALENDAR_FILE": str(path)})
    (loaded,) = load_calendar(settings.calendar_file)
    assert (loaded.schedule_id, loaded.month, loaded.day) == ("round-ip-agency-yearly", 4, 10)
    assert loaded.when() == "10 April 09:00 Asia/Shanghai, every year"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"day": 31}, "entry 1 (round-inspection-body-triennial): day: Input should be less"),
        ({"every_years": 3, "first_year": None}, "first_year: a round every few years needs"),
        ({"population": "pharmacy"}, "population: a inspection_body round evaluates"),
        ({"agency": {"code": "QZ-SCJG"}}, "entry 1 (round-inspection-body-triennial): agency.name"),
        ({"month": None}, "month: the medical-credit refresh runs every month"),
    ],
)
def test_a_bad_calendar_file_is_refused_naming_the_entry_and_field(
    tmp_path: Path, change: dict[str, object], fragment: str
) -> None:
    entries = [BY_ID[sid].model_dump(mode="json") for sid in list(BY_ID)[:2]]
    entries[1] |= change
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        load_calendar(path)
    assert f"calendar file {path}: entry 1" in str(refused.value)
    assert fragment in str(refused.value)


def test_the_same_schedule_twice_is_refused(tmp_path: Path) -> None:
    entry = BY_ID["round-ip-agency-yearly"].model_dump(mode="json")
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps([entry, entry]), encoding="utf-8")
    with pytest.raises(
        CalendarFileError, match=r"entry 1 \(round-ip-agency-yearly\): schedule_id: given twice"
    ):
        load_calendar(path)
