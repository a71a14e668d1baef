"""Each assessed institution's two sheets scored: 表3 on its own, 表4/表5 with the institution's
places among the cohort's sheets of the same period (第8, 9, 12项)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from scoring.performance import params, sheets
from scoring.performance.facts import ComprehensiveCohort, OutpatientCohort, PharmacyCohort
from scoring.performance.rows import Ranks, Scored
from scoring.performance.sheet_facts import OutpatientSheet, PharmacySheet

T = TypeVar("T")
_RankedSheet = TypeVar("_RankedSheet", OutpatientSheet, PharmacySheet)  # 表4, 表5


def _present(sheet: T | None) -> T:
    # The institution validators require both sheets of every assessed institution.
    if sheet is None:
        raise ValueError("an assessed institution lacks a sheet")
    return sheet


def _competition_ranks(values: Sequence[float]) -> list[int]:
    """Rank 1 = largest; ties share the better rank (1, 2, 2, 4)."""
    first: dict[float, int] = {}
    for place, value in enumerate(sorted(values, reverse=True), 1):
        first.setdefault(value, place)
    return [first[value] for value in values]


def coverage_ranks(sheets_: Sequence[OutpatientSheet | PharmacySheet]) -> list[Ranks]:
    """表4/表5 第8, 9, 12项: places in the cohort, quarter by quarter where the row says 每季度."""
    n = len(sheets_)
    if n == 0:
        return []
    quarters = len(sheets_[0].quarters)
    sign = 1.0 if params.HEAD_VISIT_RATIO_HIGHER_IS_BETTER else -1.0
    persons = [
        _competition_ranks([s.quarters[q].settled_persons for s in sheets_])
        for q in range(quarters)
    ]
    ratios = [
        _competition_ranks(
            [
                sign * s.quarters[q].settled_persons / s.quarters[q].settled_visits
                if s.quarters[q].settled_visits
                else 0.0
                for s in sheets_
            ]
        )
        for q in range(quarters)
    ]
    pooled = _competition_ranks(
        [s.pooled_cost_share_pct if isinstance(s, OutpatientSheet) else 0.0 for s in sheets_]
    )
    return [
        Ranks(
            n,
            [persons[q][k] for q in range(quarters)],
            [ratios[q][k] for q in range(quarters)],
            pooled[k],
        )
        for k in range(n)
    ]


def scored_sheets(
    cohort: ComprehensiveCohort | OutpatientCohort | PharmacyCohort,
) -> list[tuple[list[Scored], list[Scored]]]:
    """(half-year, annual) points and reasons of each assessed institution, in input order."""
    if isinstance(cohort, ComprehensiveCohort):
        return [
            (
                sheets.comprehensive(_present(i.half_year), i.ownership),
                sheets.comprehensive(_present(i.annual), i.ownership),
            )
            for i in cohort.institutions
            if not i.newly_designated
        ]
    if isinstance(cohort, OutpatientCohort):
        outpatients = [i for i in cohort.institutions if not i.newly_designated]
        return _ranked_sheet_scores(
            [_present(i.half_year) for i in outpatients],
            [_present(i.annual) for i in outpatients],
            sheets.outpatient,
        )
    pharmacies = [i for i in cohort.institutions if not i.newly_designated]
    return _ranked_sheet_scores(
        [_present(i.half_year) for i in pharmacies],
        [_present(i.annual) for i in pharmacies],
        sheets.pharmacy,
    )


def _ranked_sheet_scores(
    halves: Sequence[_RankedSheet],
    years: Sequence[_RankedSheet],
    score_sheet: Callable[[_RankedSheet, Ranks], list[Scored]],
) -> list[tuple[list[Scored], list[Scored]]]:
    """表4/表5: each sheet is scored with its places among the cohort's sheets of the period."""
    return [
        (score_sheet(h, hr), score_sheet(a, ar))
        for h, hr, a, ar in zip(
            halves, coverage_ranks(halves), years, coverage_ranks(years), strict=True
        )
    ]
