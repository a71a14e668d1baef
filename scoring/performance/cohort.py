"""Final score, rank and grade of each institution in its cohort (附件1 二(三), 二(四)).

Each institution's report has one line per item of each sheet, carrying the weighted points
(half-year lines × 30%, annual lines × 70%), so the total is the sum of the lines and equals
半年拟评 × 30% + 年度总评 × 70%. The grade needs the score band and the competition rank among the
cohort's assessed institutions; the rank conditions and the suspension (暂停联网结算) of outpatient
institutions and pharmacies are adjustments with no points, each with its clause.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any, Final

from scoring.exact import exact, reported
from scoring.performance import params
from scoring.performance.facts import (
    ComprehensiveInstitution,
    Facts,
    OutpatientInstitution,
    PharmacyInstitution,
)
from scoring.performance.grading import (
    GRADE_CLAUSE,
    MEASURES,
    SUSPENSION,
    SUSPENSION_NEXT,
    TYPE_LABEL,
    WEIGHTING,
    grade_for,
    in_bottom,
    not_assessed,
    reassessed,
)
from scoring.performance.ranking import scored_sheets
from scoring.performance.rows import fmt
from scoring.performance.weighting import PERIODS, weighted_lines
from scoring.report import CohortReport

KIND: Final = "performance"


def score(facts: Facts) -> CohortReport:
    """Score every institution of the cohort, rank the assessed ones and grade them."""
    cohort = facts.root
    kind = cohort.cohort_type
    members: Sequence[ComprehensiveInstitution | OutpatientInstitution | PharmacyInstitution]
    members = cohort.institutions
    # Sheets, lines and final of each assessed institution, in input order.
    built = []
    for sheet_scores in scored_sheets(cohort):
        lines, raw, weighted = weighted_lines(kind, sheet_scores)
        # 附件1 二(三): 半年拟评 × 30% + 年度总评 × 70%, exact (the sum of the weighted lines).
        final = weighted[0] + weighted[1]
        built.append((lines, raw, weighted, final))
    assessed = [i for i in members if not i.newly_designated]
    # Ranks and grades among the institutions of the regular assessment (re-assessed ones are
    # judged on their own score, 附件1 二(四)2(2)).
    ascending = sorted(b[3] for i, b in zip(assessed, built, strict=True) if not _reassessment(i))
    n = len(ascending)
    top_places = n * params.TOP_PERCENT[kind] // 100
    bottom_places = n * params.BOTTOM_PERCENT[kind] // 100
    where = f"{cohort.pooling_region} {cohort.year} {TYPE_LABEL[kind]}"
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
            reports.append(not_assessed(head, inst.name, where))
            continue
        lines, raw, weighted, final = next(next_built)
        head["total"] = reported(final)
        head["lines"] = lines
        head["groups"] = [
            {
                "group": group,
                "label": f"{label} × {fmt(exact(weight) * 100)}%",
                "points": reported(points),
                "max_points": reported(100 * exact(weight)),
            }
            for (group, label, weight), points in zip(PERIODS, weighted, strict=True)
        ]
        weighting = (
            f"{inst.name}: 半年拟评 {fmt(raw[0])} × {fmt(exact(params.HALF_YEAR_WEIGHT) * 100)}% + "
            f"年度总评 {fmt(raw[1])} × {fmt(exact(params.ANNUAL_WEIGHT) * 100)}% = {fmt(final)} "
            f"({WEIGHTING})"
        )
        if _reassessment(inst):
            reports.append(reassessed(head, weighting, final))
            continue
        below = bisect_left(ascending, final)
        at_or_below = bisect_right(ascending, final)
        rank = n - at_or_below + 1
        grade, condition = grade_for(final, rank, at_or_below, below, n, kind)
        adjustments = [condition] if condition else []
        consequences = [
            {
                "text": f"grade {grade}: {MEASURES[kind][grade]}",
                "clause": GRADE_CLAUSE[kind][grade],
            }
        ]
        recommendation = f"grade {grade}, rank {rank} of {n}"
        if suspendable:
            last_two = in_bottom(
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
                    why.append(f"final {fmt(final)} < {fmt(params.SUSPENSION_BELOW)}")
                adjustments.append(
                    {
                        "kind": "suspension",
                        "effect": "暂停联网结算 (networked settlement suspended)",
                        "reason": " and ".join(why),
                        "clause": SUSPENSION,
                    }
                )
                consequences.append({"text": SUSPENSION_NEXT, "clause": SUSPENSION})
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
