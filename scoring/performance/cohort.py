"""Final score, rank and grade of each institution in its cohort (附件1 二(三), 二(四)).

Each institution's report has one line per item of each sheet, carrying the weighted points
(half-year lines × 30%, annual lines × 70%), so the total is the sum of the lines and equals
半年拟评 × 30% + 年度总评 × 70%. The grade needs the score band and the competition rank among the
cohort's assessed institutions; the rank conditions and the suspension (暂停联网结算) of outpatient
institutions and pharmacies are adjustments with no points, each with its clause.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from scoring.performance import params, sheets
from scoring.performance.facts import (
    ComprehensiveCohort,
    ComprehensiveInstitution,
    Facts,
    OutpatientCohort,
    OutpatientInstitution,
    OutpatientSheet,
    PharmacyCohort,
    PharmacyInstitution,
    PharmacySheet,
)
from scoring.performance.sheets import Ranks, Scored, _n
from scoring.report import CohortReport

KIND: Final = "performance"

_DOC: Final = "衢医保发〔2023〕8号 附件1"
_WEIGHTING: Final = f"{_DOC} 二(三)"
_RESULTS: Final = f"{_DOC} 二(四)"
_TERMINATION_STEPS: Final = f"{_DOC} 一(四)"
_SUSPENSION: Final = f"{_DOC} 二(四)2(2)"
# 附件1 二(四)1 (综合类) and 2 (门诊类和零售药店): (1) A, (2) D, (3) B, (4) C.
_GRADE_CLAUSE: Final = {
    "comprehensive": {g: f"{_DOC} 二(四)1({k})" for g, k in zip("ADBC", "1234", strict=True)},
    "outpatient": {g: f"{_DOC} 二(四)2({k})" for g, k in zip("ADBC", "1234", strict=True)},
    "pharmacy": {g: f"{_DOC} 二(四)2({k})" for g, k in zip("ADBC", "1234", strict=True)},
}
_A_MEASURES: Final = (
    "fewer routine inspections, more fund pre-allocation, publicly commended "
    "(减少日常监督检查频次、增加基金预拨、张榜公布树立正面典型)"
)
_MEASURES: Final = {
    "comprehensive": {
        "A": _A_MEASURES,
        "B": "more routine inspections, less fund pre-allocation, circulated "
        "(加大日常监督检查频次、减少基金预拨、同时予以通报公布)",
        "C": "more routine inspections, at least 2 a year, less fund pre-allocation, circulated "
        "(加大日常监督检查频次,至少每年检查2次及以上,减少基金预拨、同时予以通报公布)",
        "D": "more routine inspections, at least 3 a year, less fund pre-allocation, circulated "
        "(加大日常监督检查频次,至少每年检查三次及以上,减少基金预拨、同时予以通报公布)",
    },
    "outpatient": {
        "A": _A_MEASURES,
        "B": "more routine inspections, at least 2 a year, less fund pre-allocation, circulated "
        "(加大日常监督检查频次,至少每年检查2次及以上,减少基金预拨,同时予以通报公布)",
        "C": "more routine inspections, at least 3 a year, less fund pre-allocation, circulated "
        "(加大日常监督检查频次,至少每年检查3次及以上,减少基金预拨,同时予以通报公布)",
        "D": "graded D under the survival-of-the-fittest dynamic management "
        "(根据优胜劣汰、动态管理原则)",
    },
}
_MEASURES["pharmacy"] = _MEASURES["outpatient"]
_TYPE_LABEL: Final = {
    "comprehensive": "综合类定点医疗机构",
    "outpatient": "门诊类定点医疗机构",
    "pharmacy": "定点零售药店",
}
_SUSPENSION_NEXT: Final = (
    "re-assessed after 3 months of rectification; failing again terminates the agreement and "
    "ends the designation (整改3个月后再进行考核,考核仍不合格的,予以解除医保协议,退出医保定点管理)"
)
_NO_REAPPLY: Final = (
    "may not apply for designation again within one year "
    "(对年度考核被解除医保协议的定点医药机构,一年内不得再次申请医保定点)"
)
_TERMINATION_PROCEDURE: Final = (
    "termination procedure: stop networked settlement, issue the handling opinion, finish the "
    "routine settlement, terminate (暂停联网结算 → 下达处理意见 → 完成日常费用结算)"
)

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


def _coverage_ranks(sheets_: Sequence[OutpatientSheet | PharmacySheet]) -> list[Ranks]:
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


def _sheet_scores(
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
            halves, _coverage_ranks(halves), years, _coverage_ranks(years), strict=True
        )
    ]


# Stable ids and weighted maxima of every line, built once per table.
_PERIODS: Final = (
    ("half_year", "半年拟评", params.HALF_YEAR_WEIGHT),
    ("annual", "年度总评", params.ANNUAL_WEIGHT),
)
_LINE_HEADS: Final = {
    kind: [
        [
            (f"{group}.{row_id}", group, label, maximum * weight, clause)
            for row_id, label, maximum, clause in table
        ]
        for group, _label, weight in _PERIODS
    ]
    for kind, table in sheets.TABLES.items()
}


def _lines(
    kind: str, scored: tuple[list[Scored], list[Scored]]
) -> tuple[list[dict[str, Any]], list[float], list[float]]:
    """Lines with weighted points; the raw and weighted total of each sheet."""
    lines: list[dict[str, Any]] = []
    raw_totals: list[float] = []
    weighted_totals: list[float] = []
    for heads, results, (_group, _label, weight) in zip(
        _LINE_HEADS[kind], scored, _PERIODS, strict=True
    ):
        pct = f"; × {_n(weight * 100)}%"  # the line's points are the result
        raw_total = 0.0
        weighted_total = 0.0
        for (indicator, group, label, maximum, clause), (points, reason) in zip(
            heads, results, strict=True
        ):
            weighted = points * weight
            raw_total += points
            weighted_total += weighted
            lines.append(
                {
                    "indicator": indicator,
                    "group": group,
                    "label": label,
                    "points": weighted,
                    "max_points": maximum,
                    "reason": reason + pct,
                    "clause": clause,
                }
            )
        raw_totals.append(raw_total)
        weighted_totals.append(weighted_total)
    return lines, raw_totals, weighted_totals


def _in_bottom(places: int, at_or_below: int, below: int, ties: params.TieRule) -> bool:
    """In the bottom `places`: see params.BOTTOM_EDGE_TIES for what a tie at the edge does."""
    if ties == "spared":
        return at_or_below <= places
    return below + 1 <= places


def grade_for(
    final: float, rank: int, at_or_below: int, below: int, n: int, kind: str
) -> tuple[str, dict[str, Any] | None]:
    """附件1 二(四): the grade, and the rank condition that kept a band's grade from it, if any.

    `final` is the noise-free final score; `rank` its competition rank among the n assessed
    institutions (1 + those scoring more); `at_or_below` and `below` count the institutions
    (itself included in the first) scoring at most and strictly less.
    """
    top_places = n * params.TOP_PERCENT[kind] // 100
    bottom_places = n * params.BOTTOM_PERCENT[kind] // 100
    clauses = _GRADE_CLAUSE[kind]
    if final >= params.GRADE_A_MIN:
        if rank <= top_places:
            return "A", None
        return "B", {
            "kind": "rank_condition",
            "effect": "A → B",
            "reason": (
                f"final {_n(final)} ≥ {_n(params.GRADE_A_MIN)} but rank {rank} of {n} is outside "
                f"the top {params.TOP_PERCENT[kind]}% ({top_places} place(s))"
            ),
            "clause": clauses["A"],
        }
    if final <= params.GRADE_D_MAX:
        if _in_bottom(bottom_places, at_or_below, below, params.BOTTOM_EDGE_TIES):
            return "D", None
        return "C", {
            "kind": "rank_condition",
            "effect": "D → C",
            "reason": (
                f"final {_n(final)} ≤ {_n(params.GRADE_D_MAX)} but not in the bottom "
                f"{params.BOTTOM_PERCENT[kind]}% ({bottom_places} place(s); {at_or_below} of {n} "
                "score at or below it)"
            ),
            "clause": clauses["D"],
        }
    return ("B" if final >= params.GRADE_B_MIN else "C"), None


def score(facts: Facts) -> CohortReport:
    """Score every institution of the cohort, rank the assessed ones and grade them."""
    cohort = facts.root
    kind = cohort.cohort_type
    members: Sequence[ComprehensiveInstitution | OutpatientInstitution | PharmacyInstitution]
    members = cohort.institutions
    # Sheets, lines and final of each assessed institution, in input order.
    built = []
    for sheet_scores in _sheet_scores(cohort):
        lines, raw, weighted = _lines(kind, sheet_scores)
        final = round(weighted[0] + weighted[1], params.NOISE_DECIMALS)
        built.append((lines, raw, weighted, final))
    assessed = [i for i in members if not i.newly_designated]
    # Ranks and grades among the institutions of the regular assessment (re-assessed ones are
    # judged on their own score, 附件1 二(四)2(2)).
    ascending = sorted(b[3] for i, b in zip(assessed, built, strict=True) if not _reassessment(i))
    n = len(ascending)
    top_places = n * params.TOP_PERCENT[kind] // 100
    bottom_places = n * params.BOTTOM_PERCENT[kind] // 100
    where = f"{cohort.pooling_region} {cohort.year} {_TYPE_LABEL[kind]}"
    suspendable = kind != "comprehensive"
    next_built = iter(built)

    reports: list[dict[str, Any]] = []
    for inst in members:
        head: dict[str, Any] = {
            "kind": KIND,
            "variant": kind,
            "subject_id": inst.institution_id,
            "max_total": 100.0,
        }
        if inst.newly_designated:
            reports.append(_not_assessed(head, inst.name, where))
            continue
        lines, raw, weighted, final = next(next_built)
        head["total"] = final
        head["lines"] = lines
        head["groups"] = [
            {
                "group": group,
                "label": f"{label} × {_n(weight * 100)}%",
                "points": points,
                "max_points": round(100 * weight, params.NOISE_DECIMALS),
            }
            for (group, label, weight), points in zip(_PERIODS, weighted, strict=True)
        ]
        weighting = (
            f"{inst.name}: 半年拟评 {_n(raw[0])} × {_n(params.HALF_YEAR_WEIGHT * 100)}% + "
            f"年度总评 {_n(raw[1])} × {_n(params.ANNUAL_WEIGHT * 100)}% = {_n(final)} "
            f"({_WEIGHTING})"
        )
        if _reassessment(inst):
            reports.append(_reassessed(head, weighting, final))
            continue
        below = bisect_left(ascending, final)
        at_or_below = bisect_right(ascending, final)
        rank = n - at_or_below + 1
        grade, condition = grade_for(final, rank, at_or_below, below, n, kind)
        adjustments = [condition] if condition else []
        consequences = [
            {
                "text": f"grade {grade}: {_MEASURES[kind][grade]}",
                "clause": _GRADE_CLAUSE[kind][grade],
            }
        ]
        recommendation = f"grade {grade}, rank {rank} of {n}"
        if suspendable:
            last_two = _in_bottom(
                params.BOTTOM_PLACES_SUSPENDED, at_or_below, below, params.BOTTOM_TWO_TIES
            )
            if params.BOTTOM_TWO_ONLY_IF_GRADE_D and grade != "D":
                last_two = False
            under = final < params.SUSPENSION_BELOW
            if last_two or under:
                why = []
                if last_two:
                    why.append(
                        f"rank {rank} of {n} is among the last {params.BOTTOM_PLACES_SUSPENDED}"
                    )
                if under:
                    why.append(f"final {_n(final)} < {_n(params.SUSPENSION_BELOW)}")
                adjustments.append(
                    {
                        "kind": "suspension",
                        "effect": "暂停联网结算 (networked settlement suspended)",
                        "reason": " and ".join(why),
                        "clause": _SUSPENSION,
                    }
                )
                consequences.append({"text": _SUSPENSION_NEXT, "clause": _SUSPENSION})
                recommendation += (
                    "; settlement suspended, re-assess after 3 months of rectification"
                )
        head.update(
            grade=grade,
            recommendation=recommendation,
            adjustments=adjustments,
            consequences=consequences,
            notes=[weighting, f"rank {rank} of {n} assessed in {where} (competition ranking)"],
        )
        reports.append(head)

    notes = [
        f"{where}: {len(members)} institutions, {n} ranked; "
        f"{len(members) - len(assessed)} newly designated (not assessed), "
        f"{len(assessed) - n} re-assessed (not ranked)",
        f"top {params.TOP_PERCENT[kind]}% = {top_places} place(s), bottom "
        f"{params.BOTTOM_PERCENT[kind]}% = {bottom_places} place(s) (rank ≤ floor(n × p))",
    ]
    notes.append(
        "results feed the intensity of audits, the monthly fund pre-allocation and the renewal "
        "of the agreement (附件1: 绩效考核结果与稽核检查力度、基金月度预拨比例、协议续签等挂钩)"
    )
    if top_places == 0:
        notes.append(
            f"floor({n} × {params.TOP_PERCENT[kind]}%) = 0: no institution can be graded A"
        )
    if bottom_places == 0:
        notes.append(
            f"floor({n} × {params.BOTTOM_PERCENT[kind]}%) = 0: no institution can be graded D"
        )
    return CohortReport.model_validate(
        {"kind": KIND, "variant": kind, "reports": reports, "notes": notes}
    )


def _reassessment(
    inst: ComprehensiveInstitution | OutpatientInstitution | PharmacyInstitution,
) -> bool:
    return not isinstance(inst, ComprehensiveInstitution) and inst.reassessment


def _not_assessed(head: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    """对于当年新增的定点医药机构, 不予考核."""
    head.update(
        total=None,
        # One line without points, so that the report still says why it has no score.
        lines=[
            {
                "indicator": "not_assessed",
                "group": "not_assessed",
                "label": "当年新增的定点医药机构",
                "points": None,
                "reason": f"{name} was designated during the assessed year: 不予考核",
                "clause": _RESULTS,
            }
        ],
        adjustments=[
            {
                "kind": "not_graded",
                "effect": "not assessed",
                "reason": f"{name} was designated during the assessed year (当年新增)",
                "clause": _RESULTS,
            }
        ],
        notes=[f"not ranked in {where}"],
    )
    return head


def _reassessed(head: dict[str, Any], weighting: str, final: float) -> dict[str, Any]:
    """整改3个月后再进行考核, 考核仍不合格的, 予以解除医保协议 (params.REASSESSMENT_PASS_MARK)."""
    mark = params.REASSESSMENT_PASS_MARK
    passed = final >= mark
    notes = [weighting, "re-assessment after rectification: not ranked, no grade"]
    if passed:
        head.update(
            passed=True,
            recommendation="re-assessment passed: the suspension ends",
            consequences=[
                {
                    "text": f"re-assessment {_n(final)} ≥ {_n(mark)}: settlement resumes",
                    "clause": _SUSPENSION,
                }
            ],
            notes=notes,
        )
        return head
    head.update(
        passed=False,
        recommendation="re-assessment failed: terminate the agreement",
        adjustments=[
            {
                "kind": "termination",
                "effect": "解除医保协议 (agreement terminated, designation ends)",
                "reason": f"re-assessment after rectification {_n(final)} < {_n(mark)}",
                "clause": _SUSPENSION,
            }
        ],
        consequences=[
            {"text": _NO_REAPPLY, "clause": _RESULTS},
            {"text": _TERMINATION_PROCEDURE, "clause": _TERMINATION_STEPS},
        ],
        notes=notes,
    )
    return head
