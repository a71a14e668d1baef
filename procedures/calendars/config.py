"""The calendar of the rounds: one entry per Temporal Schedule, with the clause it follows.

The texts say how often a round runs, never on which day: the month, day and hour below are
documented defaults (README "Calendars (Temporal Schedules)"), all in Asia/Shanghai. A JSON file
(`QZ_CALENDAR_FILE`, a list of entries in the shape of `CalendarEntry`) replaces them; a bad
entry is refused naming the entry and the field. Pure: no Temporal import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Final

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, model_validator

from contracts.fields import ShortText, StrictModel
from contracts.rounds import (
    COHORT_TYPES,
    WHOLE_POPULATION,
    Population,
    RoundAgency,
    RoundKind,
    ScheduledRound,
    population_problem,
)

# The last year a stepped year range reaches (a Temporal year range needs an end).
LAST_YEAR: Final = 2099
# Market regulation's departments (六(一) of each regulation: 牵头组织实施).
MARKET_IP = RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局知识产权分局")
MARKET = RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局")
MEDICAL = RoundAgency(code="QZ-YB", name="衢州市医疗保障局")
# 附件1 二(三): the assessment is carried out by the insurance agency (医保经办机构).
MEDICAL_AGENCY = RoundAgency(code="QZ-YBZX", name="衢州市医疗保障服务中心")

ScheduleId = Annotated[str, Field(pattern=r"^round-[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


class CalendarEntry(BaseModel):
    """One Schedule: which round it opens, when (Asia/Shanghai), and the clause."""

    model_config = StrictModel
    schedule_id: ScheduleId
    kind: RoundKind
    population: Population = WHOLE_POPULATION
    agency: RoundAgency
    # None: every month (the medical-credit refresh).
    month: int | None = Field(default=None, ge=1, le=12)
    # At most 28: a day every month has.
    day: int = Field(ge=1, le=28)
    hour: int = Field(default=9, ge=0, le=23)
    # The years it opens in: every `every_years` years from `first_year` (None: every year).
    first_year: int | None = Field(default=None, ge=2000, le=LAST_YEAR)
    every_years: int = Field(default=1, ge=1, le=10)
    clause: ShortText
    seed_line: ShortText

    @model_validator(mode="after")
    def _fits(self) -> CalendarEntry:
        problem = population_problem(self.kind, self.population)
        if problem:
            raise ValueError(problem)
        if self.every_years > 1 and self.first_year is None:
            raise ValueError("first_year: a round every few years needs the year it counts from")
        if self.kind is RoundKind.PERFORMANCE_REASSESSMENT:
            # 整改3个月后再进行考核: started for the institutions concerned, never on a calendar.
            raise ValueError("kind: a re-assessment follows a suspension, not a calendar")
        monthly = self.kind is RoundKind.MEDICAL_CREDIT
        if monthly != (self.month is None):
            raise ValueError(
                "month: the medical-credit refresh runs every month (no month); "
                "every other round names its month"
            )
        return self

    @property
    def scheduled_round(self) -> ScheduledRound:
        """What the Schedule's action carries."""
        return ScheduledRound(
            kind=self.kind,
            population=self.population,
            agency=self.agency,
            schedule_id=self.schedule_id,
        )

    def opens_in(self, year: int) -> bool:
        if self.first_year is None:
            return True
        return year >= self.first_year and (year - self.first_year) % self.every_years == 0

    def next_year(self, after: int) -> int:
        """The first year after `after` the round opens in."""
        year = after + 1
        while not self.opens_in(year):
            year += 1
        return year

    def when(self) -> str:
        """The calendar in words: "1 March 09:00, every 3 years from 2021"."""
        day = f"{self.day} {_MONTHS[self.month - 1]}" if self.month else f"day {self.day}"
        every = "every month" if self.month is None else "every year"
        if self.every_years > 1:
            every = f"every {self.every_years} years from {self.first_year}"
        elif self.first_year is not None:
            every = f"every year from {self.first_year}"
        return f"{day} {self.hour:02d}:00 Asia/Shanghai, {every}"


_MONTHS: Final = (
    "January February March April May June July August September October November December"
).split()

# Each clause with the line it stands on.
IP_RULE = ("衢市监规〔2021〕2号 六(一) 评价工作每年开展一次", "seed 000 l.929")
INSPECTION_RULE = ("衢市监规〔2021〕3号 六(一) 评价工作每三年开展一次", "seed 000 l.751")
MEDICAL_RULE = ("衢医保发〔2021〕36号 四(二) 实行动态考评", "seed 000 l.1105")
HALF_YEAR_RULE = ("衢医保发〔2023〕8号 附件1 二(三) 半年拟评在八月底前完成", "seed 001 l.1964")
ANNUAL_RULE = ("衢医保发〔2023〕8号 附件1 二(三) 年度总评…考核在次年一季度完成", "seed 001 l.1964")


def _entry(
    schedule_id: str,
    kind: RoundKind,
    agency: RoundAgency,
    month_day: tuple[int | None, int],
    rule: tuple[str, str],
    population: str = WHOLE_POPULATION,
    years: tuple[int | None, int] = (None, 1),
) -> CalendarEntry:
    (month, day), (clause, seed_line), (first_year, every_years) = month_day, rule, years
    when = {"month": month, "day": day, "first_year": first_year, "every_years": every_years}
    what = {"schedule_id": schedule_id, "kind": kind, "population": population, "agency": agency}
    return CalendarEntry.model_validate(what | when | {"clause": clause, "seed_line": seed_line})


# The documented defaults. Market rounds open on 1 March, after the Spring Festival (as late as
# 20 February) and its working days: the period is the year they open in (contracts.rounds).
# The three-yearly count starts in 2021, the year 3号 took effect. The medical-credit row is
# refreshed on the 1st of each month for that month. The half-year assessment (1 Jan–30 Jun)
# opens on 1 July, leaving July and August for the work "在八月底前完成"; the annual one opens on
# 2 January for the year before, leaving the first quarter "次年一季度完成". A performance
# round is one per cohort type: ranks are within a type (附件1 二(四)).
DEFAULT_CALENDAR: Final[tuple[CalendarEntry, ...]] = (
    _entry("round-ip-agency-yearly", RoundKind.IP_AGENCY, MARKET_IP, (3, 1), IP_RULE),
    _entry(
        "round-inspection-body-triennial",
        RoundKind.INSPECTION_BODY,
        MARKET,
        (3, 1),
        INSPECTION_RULE,
        years=(2021, 3),
    ),
    _entry(
        "round-medical-credit-monthly", RoundKind.MEDICAL_CREDIT, MEDICAL, (None, 1), MEDICAL_RULE
    ),
    *(
        _entry(f"round-performance-{name}-{cohort}", kind, MEDICAL_AGENCY, month_day, rule, cohort)
        for name, kind, month_day, rule in (
            ("half-year", RoundKind.PERFORMANCE_HALF_YEAR, (7, 1), HALF_YEAR_RULE),
            ("annual", RoundKind.PERFORMANCE_ANNUAL, (1, 2), ANNUAL_RULE),
        )
        for cohort in COHORT_TYPES
    ),
)


class CalendarFileError(ValueError):
    """A calendar file that cannot be used; the message names the entry and the field."""


def load_calendar(path: Path | None) -> tuple[CalendarEntry, ...]:
    """The configured calendar: the file's entries (which replace the defaults), or the defaults."""
    if path is None:
        return DEFAULT_CALENDAR
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CalendarFileError(f"calendar file {path}: {err}") from None
    return parse_calendar(raw, str(path))


def parse_calendar(raw: object, source: str) -> tuple[CalendarEntry, ...]:
    if not isinstance(raw, list) or not raw:
        raise CalendarFileError(f"calendar file {source}: expected a non-empty list of entries")
    try:
        entries = TypeAdapter(list[CalendarEntry]).validate_python(raw)
    except ValidationError as err:
        first = err.errors()[0]
        index, *path = first["loc"]
        given = raw[int(index)]
        name = given.get("schedule_id", "?") if isinstance(given, dict) else "?"
        field = ".".join(str(part) for part in path) or "entry"
        raise CalendarFileError(
            f"calendar file {source}: entry {index} ({name}): {field}: {first['msg']}"
        ) from None
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.schedule_id in seen:
            raise CalendarFileError(
                f"calendar file {source}: entry {index} ({entry.schedule_id}): schedule_id: "
                "given twice"
            )
        seen.add(entry.schedule_id)
    return tuple(entries)
