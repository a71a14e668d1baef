"""The duties of 衢政办发〔2023〕5号 第十三条: who receives the report, what the report and the
review must hold, and when a step that had a period came late.

Pure functions (no Temporal import): the Update validators refuse with what these return, the
command line checks the same before sending (procedures/accountability/declaration.py), and
tests/test_accountability_steps.py reads them without a server.
"""

from __future__ import annotations

from datetime import datetime

from contracts.case_records import CaseDeadline
from procedures.accountability.models import (
    CITY_JUDICIAL_ADMINISTRATION,
    EXEMPT_CLAUSE,
    REPORT_CLAUSE,
    REPORT_PARTS,
    REVIEW_CLAUSE,
    Agency,
    CaseReport,
    Review,
    ReviewOutcome,
    cite,
)
from scoring import accountability as rules


def judicial_administration(agency: Agency) -> str:
    """第十三条: 同级司法行政机关; 乡镇街道 report to the county level."""
    if agency.level is rules.AgencyLevel.CITY:
        return CITY_JUDICIAL_ADMINISTRATION
    return f"{agency.county}司法局"


def report_problem(report: CaseReport) -> str | None:
    """第十三条第一款: the report holds the causes, the rectification measures and the
    accountability proposals, each at least one item that says something."""
    for field in REPORT_PARTS:
        items: list[str] = getattr(report, field)
        if not items or any(not item.strip() for item in items):
            return f"{field}: required, at least one non-empty item ({cite(REPORT_CLAUSE)})"
    return None


def review_problem(review: Review) -> str | None:
    """No accountability rests on a 第九条 ground; accountability names whom it is referred to
    (第十三条第二款) and at least one 第六条 ground."""
    if review.outcome is ReviewOutcome.NO_ACCOUNTABILITY:
        if not review.circumstances.exempt and not review.circumstances.may_exempt:
            return (
                "circumstances.exempt: a 第九条 ground is required for no accountability "
                f"({cite(EXEMPT_CLAUSE)})"
            )
        return None
    if review.refer_to is None:
        return f"refer_to: required for accountability ({cite(REVIEW_CLAUSE)})"
    if not review.grounds:
        return "grounds: at least one 第六条 ground is required for accountability"
    return None


def late(due: CaseDeadline | None, at: datetime) -> bool:
    """Whether a step taken `at` came after its period (the report's 2 months, the feedback's 3
    working days). A step whose period is still being computed (no `due` yet: a thin step) came
    within seconds of the event the period runs from: on time."""
    return due is not None and due.missed_by(at)
