"""What every scoring module returns: a report that explains every point with its clause.

A score that cannot be argued with line by line is worthless in an objection, so the report keeps
one `ScoreLine` per indicator (points, the maximum, the fact and the rule applied, the clause) and
every adjustment that moved the grade or the result (direct E, one grade down, a veto item).
Pure pydantic: no Temporal, no periods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from scoring.exact import exact, exact_sum, reported


class ScoreLine(BaseModel):
    """One indicator's points, and why."""

    model_config = ConfigDict(frozen=True)

    indicator: str = Field(description="stable id, e.g. 'specific.complaints'")
    group: str = Field(description="indicator group id, e.g. 'specific'")
    label: str = Field(description="the indicator's name in the regulation, e.g. 投诉举报情况")
    # None where the rule gives findings rather than points (accountability).
    points: float | None
    # None for an uncapped bonus or a deduction-only line.
    max_points: float | None = None
    reason: str = Field(description="the fact and the rule applied, one short sentence")
    clause: str = Field(description="citation, e.g. 衢市监规〔2021〕2号 附件 专用指标 3")
    # Medical-insurance credit: whether the deduction can be repaired (信用修复 可/不可).
    repairable: bool | None = None


class Adjustment(BaseModel):
    """A rule that changes the grade or the result beyond the sum of lines."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="e.g. direct_grade, downgrade, veto, not_graded, cap, floor")
    effect: str = Field(description="what it did, e.g. 'grade E', 'B → C', 'not qualified'")
    reason: str
    clause: str
    # Points it added to (or took from) the total; 0 where it acts on the grade only.
    points: float = 0.0


class GroupTotal(BaseModel):
    model_config = ConfigDict(frozen=True)

    group: str
    label: str
    points: float | None
    max_points: float | None = None


class Consequence(BaseModel):
    """What the result means for the subject: supervision measures, inspection ratio, red list."""

    model_config = ConfigDict(frozen=True)

    text: str
    clause: str


class ScoreReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="market-credit, medical-credit, designation-eval, ...")
    variant: str | None = None
    subject_id: str | None = None
    total: float | None
    max_total: float | None = None
    grade: str | None = None
    passed: bool | None = None
    recommendation: str | None = None
    groups: list[GroupTotal] = Field(default_factory=list)
    lines: list[ScoreLine]
    adjustments: list[Adjustment] = Field(default_factory=list)
    consequences: list[Consequence] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class CohortReport(BaseModel):
    """Scores that depend on the whole cohort (ranks): one report per member, in input order."""

    model_config = ConfigDict(frozen=True)

    kind: str
    variant: str | None = None
    reports: list[ScoreReport]
    notes: list[str] = Field(default_factory=list)


def group_totals(
    lines: Iterable[ScoreLine], labels: Sequence[tuple[str, str, float | None]]
) -> list[GroupTotal]:
    """Sub-totals per group, in the order of `labels` (group id, label, maximum): the exact
    decimal sum of the group's lines."""
    collected = list(lines)
    return [
        GroupTotal(
            group=group,
            label=label,
            points=reported(exact_sum(line.points for line in collected if line.group == group)),
            max_points=maximum,
        )
        for group, label, maximum in labels
    ]


def sum_of_lines(report: ScoreReport) -> Decimal:
    """The exact decimal sum of the lines and the point adjustments, each read as the decimal it
    prints as (the invariant tests check that the total is this sum)."""
    return exact_sum(line.points for line in report.lines) + exact_sum(
        adjustment.points for adjustment in report.adjustments
    )


def same_points(a: float, b: Decimal) -> bool:
    """The printed total is exactly the decimal `b`: no float noise either side."""
    return exact(a) == b
