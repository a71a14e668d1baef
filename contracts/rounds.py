"""The regulations' calendars (rounds not started by a case): what a round is, its id and the
period a scheduled opening covers. Shared by the round workflow (procedures/round), the Temporal
Schedules that open rounds (service/schedules.py) and the doors.

- market-regulation credit: inspection bodies every three years with dynamic adjustment
  (衢市监规〔2021〕3号 六(一), seed 000 l.751), IP agencies every year (衢市监规〔2021〕2号 六(一),
  l.929);
- medical-insurance credit: dynamic evaluation (衢医保发〔2021〕36号 四(二), l.1105), the public
  credit row refreshed monthly;
- performance assessment (衢医保发〔2023〕8号 附件1 二(三), seed 001 l.1960–1966): the half-year
  provisional assessment (1 Jan–30 Jun) done by the end of August, the annual one in the first
  quarter of the next year.

Pure pydantic (no Temporal import).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, Field, model_validator

from contracts.fields import ShortText, StrictModel

PROCEDURE: Final = "round"  # workflow-id prefix, CLI command, URL segment
PROCEDURE_TYPE: Final = "evaluation_round"  # the ProcedureType search attribute
WORKFLOW: Final = "EvaluationRoundV2"  # the workflow type new rounds open as (issue 20)
RELEASED_WORKFLOW: Final = "EvaluationRound"  # the type of rounds opened before it
# The small workflow a Schedule starts: it names the period from the scheduled time and opens
# the round under its own id (so a trigger or a backfill of a period already open opens nothing).
SCHEDULED_OPENING_WORKFLOW: Final = "ScheduledRoundOpening"


class RoundKind(StrEnum):
    IP_AGENCY = "ip_agency"  # 知识产权代理机构信用评价, yearly
    INSPECTION_BODY = "inspection_body"  # 检验检测机构信用评价, every three years
    MEDICAL_CREDIT = "medical_credit"  # 医疗保障信用评价, monthly refresh
    PERFORMANCE_HALF_YEAR = "performance_half_year"  # 半年拟评
    PERFORMANCE_ANNUAL = "performance_annual"  # 年度总评
    PERFORMANCE_REASSESSMENT = "performance_reassessment"  # 整改3个月后再进行考核


# The scoring module each kind scores with (scoring.KINDS).
SCORING_KIND: Final[dict[RoundKind, str]] = {
    RoundKind.IP_AGENCY: "market-credit",
    RoundKind.INSPECTION_BODY: "market-credit",
    RoundKind.MEDICAL_CREDIT: "medical-credit",
    RoundKind.PERFORMANCE_HALF_YEAR: "performance",
    RoundKind.PERFORMANCE_ANNUAL: "performance",
    RoundKind.PERFORMANCE_REASSESSMENT: "performance",
}
# The market-credit variant a market round's facts must be (scoring.market_credit).
MARKET_VARIANT: Final[dict[RoundKind, str]] = {
    RoundKind.IP_AGENCY: "ip_agency",
    RoundKind.INSPECTION_BODY: "inspection_body",
}
# The short prefix of a round's id.
_ID_PREFIX: Final[dict[RoundKind, str]] = {
    RoundKind.IP_AGENCY: "IP",
    RoundKind.INSPECTION_BODY: "IB",
    RoundKind.MEDICAL_CREDIT: "MC",
    RoundKind.PERFORMANCE_HALF_YEAR: "PH",
    RoundKind.PERFORMANCE_ANNUAL: "PA",
    RoundKind.PERFORMANCE_REASSESSMENT: "PR",
}
PERFORMANCE_KINDS: Final = frozenset(
    {
        RoundKind.PERFORMANCE_HALF_YEAR,
        RoundKind.PERFORMANCE_ANNUAL,
        RoundKind.PERFORMANCE_REASSESSMENT,
    }
)
# A performance round assesses one cohort type of one pooling region (附件1 二(四): ranks are
# within the type); the other rounds evaluate their whole population.
COHORT_TYPES: Final = ("comprehensive", "outpatient", "pharmacy")
WHOLE_POPULATION: Final = "all"

# A period: a year (2026), a month (2026-11) or a half year (2026-H1).
Period = Annotated[str, Field(pattern=r"^(19|20|21)[0-9]{2}(-(0[1-9]|1[0-2]|H1))?$")]
Population = Annotated[str, Field(pattern=r"^(all|comprehensive|outpatient|pharmacy)$")]


class RoundAgency(BaseModel):
    """The department that runs the round (评价工作由...牵头组织实施)."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class RoundOpening(BaseModel):
    """A round opened for one period and population: by its Schedule or by hand."""

    model_config = StrictModel
    kind: RoundKind
    period: Period
    population: Population = WHOLE_POPULATION
    agency: RoundAgency
    opened_by: ShortText = Field(
        default="by hand", description="the Schedule's id, or who opened it by hand"
    )

    @model_validator(mode="after")
    def _period_fits_kind(self) -> RoundOpening:
        problem = period_problem(self.kind, self.period) or population_problem(
            self.kind, self.population
        )
        if problem:
            raise ValueError(problem)
        return self

    @property
    def round_id(self) -> str:
        return round_id(self.kind, self.period, self.population)

    @property
    def case_id(self) -> str:
        """The doors name every case by its `case_id`: a round's is its round id."""
        return self.round_id


class ScheduledRound(BaseModel):
    """What a Schedule's action carries: the period is named from the scheduled time."""

    model_config = StrictModel
    kind: RoundKind
    population: Population = WHOLE_POPULATION
    agency: RoundAgency
    schedule_id: ShortText


def round_id(kind: RoundKind, period: str, population: str = WHOLE_POPULATION) -> str:
    """`IP-2026`, `MC-2026-11`, `PH-2026-pharmacy`: one round per kind, period and population."""
    head = f"{_ID_PREFIX[kind]}-{period.replace('-H1', '')}"
    return head if population == WHOLE_POPULATION else f"{head}-{population}"


def workflow_id(round_id_: str) -> str:
    return f"{PROCEDURE}-{round_id_}"


def period_problem(kind: RoundKind, period: str) -> str | None:
    """Why `period` is not a period of `kind` (a month for the monthly refresh, ...)."""
    if kind is RoundKind.MEDICAL_CREDIT:
        if len(period) != 7 or period.endswith("H1"):
            return f"period: a {kind.value} round covers a month (YYYY-MM), not {period!r}"
    elif kind is RoundKind.PERFORMANCE_HALF_YEAR:
        if not period.endswith("-H1"):
            return f"period: a {kind.value} round covers 1 Jan–30 Jun (YYYY-H1), not {period!r}"
    elif kind is RoundKind.PERFORMANCE_REASSESSMENT:
        if len(period) != 7 or period.endswith("H1"):
            return f"period: a re-assessment round is named by its month (YYYY-MM), not {period!r}"
    elif len(period) != 4:
        return f"period: a {kind.value} round covers a year (YYYY), not {period!r}"
    return None


def population_problem(kind: RoundKind, population: str) -> str | None:
    if kind in PERFORMANCE_KINDS and population not in COHORT_TYPES:
        return (
            f"population: a performance round assesses one cohort type "
            f"({', '.join(COHORT_TYPES)}), not {population!r}"
        )
    if kind not in PERFORMANCE_KINDS and population != WHOLE_POPULATION:
        return f"population: a {kind.value} round evaluates its whole population ('all')"
    return None


def scheduled_period(kind: RoundKind, scheduled_on: date) -> str:
    """The period a Schedule's opening on `scheduled_on` (Asia/Shanghai) covers.

    The half-year assessment opens after 30 June for the year's first half; the annual one opens
    in the first quarter for the year before (附件1 二(三)); a re-assessment is named by its
    month; the credit rounds cover the year, or the month, they open in."""
    if kind is RoundKind.PERFORMANCE_HALF_YEAR:
        return f"{scheduled_on.year}-H1"
    if kind is RoundKind.PERFORMANCE_ANNUAL:
        return str(scheduled_on.year - 1)
    if kind in (RoundKind.MEDICAL_CREDIT, RoundKind.PERFORMANCE_REASSESSMENT):
        return f"{scheduled_on.year}-{scheduled_on.month:02d}"
    return str(scheduled_on.year)
