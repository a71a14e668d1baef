"""The statistics page's view data: the table's lines and a small bar chart of the cases opened,
closed on time and closed late per month, laid out here as plain numbers the template draws as
inline SVG (no script, nothing from the network)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from procedures import registry
from service.statistics_table import StatisticsRow, StatisticsTable

CHART_HEIGHT = 120  # the tallest bar, in SVG units
BAR_WIDTH = 12
GROUP_GAP = 14
TOP = 16  # room for the numbers above the bars
# What each bar counts, its colour (an SVG attribute: the page's policy allows no style but
# the inline stylesheet) and its legend.
SERIES = (
    ("opened", "#4a6fa5", "受理 opened"),
    ("closed_on_time", "#2e7d32", "按期办结 closed on time"),
    ("closed_late", "#b42318", "逾期办结 closed late"),
)


@dataclass(frozen=True)
class Line:
    """A line of the table: a row, or a procedure's total, with the procedure's title."""

    title: str
    row: StatisticsRow
    total: bool


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    value: int
    fill: str
    label: str


@dataclass(frozen=True)
class MonthBars:
    month: str
    x: int  # the label's centre
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    months: tuple[MonthBars, ...]
    legend: tuple[tuple[str, str], ...]


def chart(table: StatisticsTable) -> Chart:
    """Per month of opening, the three counts summed over the rows shown."""
    sums: dict[str, dict[str, int]] = {}
    for row in table.rows:
        counts = sums.setdefault(row.month or "", {name: 0 for name, _, _ in SERIES})
        for name, _, _ in SERIES:
            counts[name] += getattr(row, name)
    tallest = max((v for m in sums.values() for v in m.values()), default=0) or 1
    group = len(SERIES) * BAR_WIDTH + GROUP_GAP
    months = []
    for index, month in enumerate(sorted(sums)):
        left = GROUP_GAP + index * group
        bars = []
        for offset, (name, fill, label) in enumerate(SERIES):
            value = sums[month][name]
            height = round(value * CHART_HEIGHT / tallest)
            bars.append(
                Bar(
                    x=left + offset * BAR_WIDTH,
                    y=TOP + CHART_HEIGHT - height,
                    height=height,
                    value=value,
                    fill=fill,
                    label=label,
                )
            )
        months.append(MonthBars(month, left + len(SERIES) * BAR_WIDTH // 2, tuple(bars)))
    return Chart(
        width=GROUP_GAP + max(len(months), 1) * group,
        height=TOP + CHART_HEIGHT + 20,
        baseline=TOP + CHART_HEIGHT,
        months=tuple(months),
        legend=tuple((fill, label) for _, fill, label in SERIES),
    )


def lines(table: StatisticsTable) -> list[Line]:
    titles = {p.name: p.title for p in registry.CASES}
    return [
        *(Line(titles.get(r.procedure, r.procedure), r, False) for r in table.rows),
        *(Line(titles.get(r.procedure, r.procedure), r, True) for r in table.totals),
    ]


def query_string(params: Mapping[str, str | None]) -> str:
    """The filters again, for the download links (empty ones left out)."""
    kept = {k: v for k, v in params.items() if v}
    return "?" + urlencode(kept) if kept else ""
