"""附件1 二(三): half-year × 30% + annual × 70%, line by line, so that the total is the sum of
the lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from scoring.exact import ZERO, exact, reported
from scoring.performance import params, sheets
from scoring.performance.rows import Scored, fmt

# Stable ids and weighted maxima of every line, built once per table.
PERIODS: Final = (
    ("half_year", "半年拟评", params.HALF_YEAR_WEIGHT),
    ("annual", "年度总评", params.ANNUAL_WEIGHT),
)
_LINE_HEADS: Final = {
    kind: [
        [
            (f"{group}.{row_id}", group, label, reported(exact(maximum) * exact(weight)), clause)
            for row_id, label, maximum, clause in table
        ]
        for group, _label, weight in PERIODS
    ]
    for kind, table in sheets.TABLES.items()
}


def weighted_lines(
    kind: str, scored: tuple[list[Scored], list[Scored]]
) -> tuple[list[dict[str, Any]], list[Decimal], list[Decimal]]:
    """Lines with weighted points; the raw and weighted total of each sheet, all in exact
    decimals (90 × 70% is 63, not 62.99999999999999)."""
    lines: list[dict[str, Any]] = []
    raw_totals: list[Decimal] = []
    weighted_totals: list[Decimal] = []
    for heads, results, (_group, _label, weight) in zip(
        _LINE_HEADS[kind], scored, PERIODS, strict=True
    ):
        pct = f"; × {fmt(exact(weight) * 100)}%"  # the line's points are the result
        raw_total = ZERO
        weighted_total = ZERO
        for (indicator, group, label, maximum, clause), (points, reason) in zip(
            heads, results, strict=True
        ):
            weighted = exact(points) * exact(weight)
            raw_total += exact(points)
            weighted_total += weighted
            lines.append(
                {
                    "indicator": indicator,
                    "group": group,
                    "label": label,
                    "points": reported(weighted),
                    "max_points": maximum,
                    "reason": reason + pct,
                    "clause": clause,
                }
            )
        raw_totals.append(raw_total)
        weighted_totals.append(weighted_total)
    return lines, raw_totals, weighted_totals
