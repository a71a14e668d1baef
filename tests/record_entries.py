"""Entries of a subject's credit record (信用档案) as the tests write them: a finding and a credit
result, with what most tests leave as it is filled in (a repairable 如实记录 finding, a
medical-credit result published at the end of the first half of 2026) and the rest overridden by
keyword, so that a test spells out only what it is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.subject_records import CreditResult, Finding

# The publication day of the first half of 2026's results, which most of the tests' results are.
H1_2026_PUBLISHED = date(2026, 6, 30)


def make_finding(
    finding_id: str,
    found_on: date,
    *,
    indicator: str = "medical_credit.records",
    label: str = "如实记录",
    repairable: bool = True,
    **more: Any,
) -> Finding:
    """A finding against the subject; `more`: any other field of Finding (false_commitment, kind,
    source_case)."""
    return Finding(
        finding_id=finding_id,
        found_on=found_on,
        indicator=indicator,
        label=label,
        repairable=repairable,
        **more,
    )


def make_result(
    result_id: str,
    score: float,
    grade: str,
    *,
    kind: str = "medical-credit",
    published_on: date = H1_2026_PUBLISHED,
    facts: dict[str, Any] | None = None,
    **more: Any,
) -> CreditResult:
    """A published credit result; `more`: any other field of CreditResult (formal, formal_on,
    source_case). Built as the model validates it: a contradictory one raises."""
    return CreditResult(
        result_id=result_id,
        kind=kind,
        published_on=published_on,
        score=score,
        grade=grade,
        facts=facts if facts is not None else {},
        **more,
    )
