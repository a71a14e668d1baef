"""What a row returns (`Scored`), what a table holds (`Row`, `BasicItem`), points in tenths, and
the helpers the rows share to deduct, band and count months."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Generic, TypeVar

from scoring.designation.facts import MedicalInstitutionFacts, PharmacyFacts
from scoring.designation.params import TENTHS

F = TypeVar("F", MedicalInstitutionFacts, PharmacyFacts)


def to_tenths(points: float) -> int:
    """Points → integer tenths (every number of the tables is a multiple of 0.1)."""
    return round(points * TENTHS)


def _format(tenths: int) -> str:
    if tenths % TENTHS == 0:
        return str(tenths // TENTHS)
    return str(tenths / TENTHS)


# The points 0–100 (and the deductions the rows can reach) shown once, not formatted per call.
_SHOWN: Final = tuple(_format(tenths) for tenths in range(1001))


def fmt(tenths: int) -> str:
    """Tenths → '16.4', '17', '-2'."""
    if 0 <= tenths <= 1000:
        return _SHOWN[tenths]
    return _format(tenths)


def fmt_avg(tenths_sum: int, count: int) -> str:
    """The average of `count` values whose sum is `tenths_sum` tenths, shown to 3 decimals at most
    (display only: the report's points are the unrounded average)."""
    if tenths_sum % count == 0:
        return fmt(tenths_sum // count)
    return f"{tenths_sum / (TENTHS * count):.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Scored:
    """A row's points: `measured` tenths common to all evaluators plus, per evaluator,
    `judged` tenths; the row's points for an evaluator are measured + judged[i]."""

    measured: int
    reason: str
    judged: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Row(Generic[F]):
    number: int
    indicator: str
    label: str
    max_points: float
    clause: str
    rule: Callable[[F], Scored]


@dataclass(frozen=True, slots=True)
class BasicItem:
    number: int
    field: str  # the Facts field under `basic`, True when met
    label: str
    failed: str  # why an unmet item disqualifies, in the table's words
    clause: str


# ---------------------------------------------------------------------------------------------
# Helpers shared by the rows
# ---------------------------------------------------------------------------------------------

Part = tuple[int, str] | None


def each(count: int, per: int, noun: str) -> Part:
    """A deduction of `per` tenths for each of `count` findings."""
    return (count * per, f"{count} {noun} × {fmt(per)}") if count else None


def when(condition: bool, per: int, text: str) -> Part:
    """A one-off deduction of `per` tenths."""
    return (per, f"{text} {fmt(per)}") if condition else None


def deduct(max_tenths: int, parts: Sequence[Part], clean: str) -> Scored:
    """Deductions from the row's maximum, stopping at zero (扣完为止)."""
    found = [part for part in parts if part is not None]
    if not found:
        return Scored(max_tenths, f"{clean}: {fmt(max_tenths)} of {fmt(max_tenths)}")
    deducted = sum(tenths for tenths, _ in found)
    texts = ", ".join(text for _, text in found)
    if deducted >= max_tenths:
        return Scored(0, f"{texts}: −{fmt(deducted)} of {fmt(max_tenths)} → 0 (扣完为止)")
    points = max_tenths - deducted
    return Scored(points, f"{texts}: −{fmt(deducted)} of {fmt(max_tenths)} → {fmt(points)}")


def judged_points(values: Sequence[float], what: str) -> tuple[tuple[int, ...], str]:
    """Evaluator judgements in tenths, and a phrase with their average and spread."""
    judged = tuple(to_tenths(value) for value in values)
    shown = ", ".join(fmt(value) for value in judged)
    if len(judged) == 1:
        return judged, f"{what} judged {shown}"
    spread = max(judged) - min(judged)
    average = fmt_avg(sum(judged), len(judged))
    return judged, (
        f"{what} judged {shown} by {len(judged)} evaluators (avg {average}, spread {fmt(spread)})"
    )


def row_total(measured: int, judged: tuple[int, ...]) -> str:
    """The row's averaged points, for the end of a reason."""
    if not judged:
        return fmt(measured)
    return fmt_avg(measured * len(judged) + sum(judged), len(judged))


def add_months(start: date, months: int) -> date:
    """The same day number `months` later, or that month's last day (procedures.md §0)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def full_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`: N when end is on or after add_months(start, N)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def banded(value: float, bands: Sequence[tuple[float, float]]) -> float:
    """The points of the first band whose lower bound (inclusive, 含) the value reaches."""
    for lower, points in bands:
        if value >= lower:
            return points
    return 0.0
