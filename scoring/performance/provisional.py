"""半年拟评: the provisional half-year assessment of a cohort (衢医保发〔2023〕8号 附件1 二(三),
seed 001 l.1964: 每年1月1日至6月30日为半年拟评 … 半年进行一次评价打分, 并将评分结果公布给各定点
医药机构, 半年拟评在八月底前完成).

Each assessed institution's half-year sheet alone, scored as `ranking` scores a period: 表3 on
its own, 表4/表5 with the institution's places among the cohort's half-year sheets (第8, 9, 12
项). The total is the sheet's own (out of 100), not weighted: the 30% is applied when the annual
assessment combines it (`cohort.score`, whose half-year part is this total). No grade, no rank:
those need the final score (附件1 二(四)).

A half-year record carries its half-year sheet only (the annual one does not exist yet in July):
the `HalfYear…` institutions below are the cohort's institutions with that one sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Self

from pydantic import BaseModel, model_validator

from scoring.exact import exact_sum, reported
from scoring.performance import sheets
from scoring.performance.facts import (
    ComprehensiveInstitution,
    OutpatientInstitution,
    PharmacyInstitution,
)
from scoring.performance.grading import TYPE_LABEL, not_assessed
from scoring.performance.ranking import coverage_ranks
from scoring.performance.rows import Scored, fmt
from scoring.report import CohortReport

KIND: Final = "performance"
HALF_YEAR_CLAUSE: Final = "衢医保发〔2023〕8号 附件1 二(三)"
GROUP: Final = ("half_year", "半年拟评")
Institution = ComprehensiveInstitution | OutpatientInstitution | PharmacyInstitution


def _half_year_only(inst: Institution) -> None:
    if inst.annual is not None:
        raise ValueError(
            "annual: a half-year provisional assessment (半年拟评, 1 Jan–30 Jun) takes the "
            "half-year sheet only"
        )
    if not inst.newly_designated and inst.half_year is None:
        raise ValueError("half_year is required for an institution that is assessed")


# Each overrides the institution's own `_sheets_present` (which requires both sheets).
class HalfYearComprehensive(ComprehensiveInstitution):
    @model_validator(mode="after")
    def _sheets_present(self) -> Self:
        _half_year_only(self)
        return self


class HalfYearOutpatient(OutpatientInstitution):
    @model_validator(mode="after")
    def _sheets_present(self) -> Self:
        _half_year_only(self)
        return self


class HalfYearPharmacy(PharmacyInstitution):
    @model_validator(mode="after")
    def _sheets_present(self) -> Self:
        _half_year_only(self)
        return self


HALF_YEAR_INSTITUTION: Final[dict[str, type[BaseModel]]] = {
    "comprehensive": HalfYearComprehensive,
    "outpatient": HalfYearOutpatient,
    "pharmacy": HalfYearPharmacy,
}


def _sheet_scores(kind: str, assessed: Sequence[Institution]) -> list[list[Scored]]:
    if kind == "comprehensive":
        return [
            sheets.comprehensive(i.half_year, i.ownership)  # type: ignore[arg-type, union-attr]
            for i in assessed
        ]
    halves: list[Any] = [i.half_year for i in assessed]
    score_sheet: Any = sheets.outpatient if kind == "outpatient" else sheets.pharmacy
    return [score_sheet(h, r) for h, r in zip(halves, coverage_ranks(halves), strict=True)]


def _head(kind: str, inst: Institution) -> dict[str, Any]:
    return {"kind": KIND, "variant": kind, "subject_id": inst.institution_id, "max_total": 100.0}


def score_half_year(
    kind: str, pooling_region: str, year: int, institutions: Sequence[Institution]
) -> CohortReport:
    """The 半年拟评 of every institution of the cohort, in input order: each assessed one's
    half-year total with one line per item of its sheet; a newly designated one not assessed."""
    if kind not in sheets.TABLES:
        raise ValueError(f"cohort_type: {kind!r} is not one of {', '.join(sheets.TABLES)}")
    assessed = [i for i in institutions if not i.newly_designated]
    scored = iter(_sheet_scores(kind, assessed))
    where = f"{pooling_region} {year} {TYPE_LABEL[kind]}"
    group, label = GROUP
    reports: list[dict[str, Any]] = []
    for inst in institutions:
        head = _head(kind, inst)
        if inst.newly_designated:  # 当年新增的定点医药机构, 不予考核 (附件1 二(四))
            reports.append(not_assessed(head, inst.name, where))
            continue
        rows = next(scored)
        lines = [
            {
                "indicator": f"{group}.{row_id}",
                "group": group,
                "label": row_label,
                "points": reported(points),
                "max_points": maximum,
                "reason": reason,
                "clause": clause,
            }
            for (row_id, row_label, maximum, clause), (points, reason) in zip(
                sheets.TABLES[kind], rows, strict=True
            )
        ]
        total = exact_sum(points for points, _reason in rows)
        head.update(
            total=reported(total),
            lines=lines,
            groups=[{"group": group, "label": label, "points": reported(total), "max_points": 100}],
            recommendation="provisional (半年拟评): no grade until the annual assessment",
            notes=[
                f"{inst.name}: 半年拟评 {fmt(total)} of 100, published to the institution "
                f"({HALF_YEAR_CLAUSE}); it counts 30% of the annual final"
            ],
        )
        reports.append(head)
    notes = [
        f"{where}: 半年拟评 of {len(assessed)} institution(s) (1 Jan–30 Jun), "
        f"{len(institutions) - len(assessed)} newly designated (not assessed)"
    ]
    return CohortReport.model_validate(
        {"kind": KIND, "variant": kind, "reports": reports, "notes": notes}
    )
