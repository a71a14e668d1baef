"""附件1 二(四): the grade from the score band and the rank, and what the results mean (measures,
suspension, the re-assessment after rectification, 当年新增 not assessed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from scoring.performance import params
from scoring.performance.rows import fmt

_DOC: Final = "衢医保发〔2023〕8号 附件1"
WEIGHTING: Final = f"{_DOC} 二(三)"
_RESULTS: Final = f"{_DOC} 二(四)"
_TERMINATION_STEPS: Final = f"{_DOC} 一(四)"
SUSPENSION: Final = f"{_DOC} 二(四)2(2)"
# 附件1 二(四)1 (综合类) and 2 (门诊类和零售药店): (1) A, (2) D, (3) B, (4) C.
GRADE_CLAUSE: Final = {
    "comprehensive": {g: f"{_DOC} 二(四)1({k})" for g, k in zip("ADBC", "1234", strict=True)},
    "outpatient": {g: f"{_DOC} 二(四)2({k})" for g, k in zip("ADBC", "1234", strict=True)},
    "pharmacy": {g: f"{_DOC} 二(四)2({k})" for g, k in zip("ADBC", "1234", strict=True)},
}
_A_MEASURES: Final = (
    "fewer routine inspections, more fund pre-allocation, publicly commended "
    "(减少日常监督检查频次、增加基金预拨、张榜公布树立正面典型)"
)
MEASURES: Final = {
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
MEASURES["pharmacy"] = MEASURES["outpatient"]
TYPE_LABEL: Final = {
    "comprehensive": "综合类定点医疗机构",
    "outpatient": "门诊类定点医疗机构",
    "pharmacy": "定点零售药店",
}
SUSPENSION_NEXT: Final = (
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


def in_bottom(places: int, at_or_below: int, below: int, ties: params.TieRule) -> bool:
    """In the bottom `places`: see params.BOTTOM_EDGE_TIES for what a tie at the edge does."""
    if ties == "spared":
        return at_or_below <= places
    return below + 1 <= places


def grade_for(
    final: Decimal, rank: int, at_or_below: int, below: int, n: int, kind: str
) -> tuple[str, dict[str, Any] | None]:
    """附件1 二(四): the grade, and the rank condition that kept a band's grade from it, if any.

    `final` is the exact final score; `rank` its competition rank among the n assessed
    institutions (1 + those scoring more); `at_or_below` and `below` count the institutions
    (itself included in the first) scoring at most and strictly less.
    """
    top_places = n * params.TOP_PERCENT[kind] // 100
    bottom_places = n * params.BOTTOM_PERCENT[kind] // 100
    clauses = GRADE_CLAUSE[kind]
    if final >= params.GRADE_A_MIN:
        if rank <= top_places:
            return "A", None
        return "B", {
            "kind": "rank_condition",
            "effect": "A → B",
            "reason": (
                f"final {fmt(final)} ≥ {fmt(params.GRADE_A_MIN)} but rank {rank} of {n} is outside "
                f"the top {params.TOP_PERCENT[kind]}% ({top_places} place(s))"
            ),
            "clause": clauses["A"],
        }
    if final <= params.GRADE_D_MAX:
        if in_bottom(bottom_places, at_or_below, below, params.BOTTOM_EDGE_TIES):
            return "D", None
        return "C", {
            "kind": "rank_condition",
            "effect": "D → C",
            "reason": (
                f"final {fmt(final)} ≤ {fmt(params.GRADE_D_MAX)} but not in the bottom "
                f"{params.BOTTOM_PERCENT[kind]}% ({bottom_places} place(s); {at_or_below} of {n} "
                "score at or below it)"
            ),
            "clause": clauses["D"],
        }
    return ("B" if final >= params.GRADE_B_MIN else "C"), None


def not_assessed(head: dict[str, Any], name: str, where: str) -> dict[str, Any]:
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


def reassessed(head: dict[str, Any], weighting: str, final: Decimal) -> dict[str, Any]:
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
                    "text": f"re-assessment {fmt(final)} ≥ {fmt(mark)}: settlement resumes",
                    "clause": SUSPENSION,
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
                "reason": f"re-assessment after rectification {fmt(final)} < {fmt(mark)}",
                "clause": SUSPENSION,
            }
        ],
        consequences=[
            {"text": _NO_REAPPLY, "clause": _RESULTS},
            {"text": _TERMINATION_PROCEDURE, "clause": _TERMINATION_STEPS},
        ],
        notes=notes,
    )
    return head
