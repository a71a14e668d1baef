"""The duties of 衢政办发〔2023〕5号 第十三条: who receives the report, what the report and the
review must hold, and when a step that had a period came late.

Pure functions (no Temporal import): the Update validators refuse with what these return, the
command line checks the same before sending (procedures/accountability/declaration.py), and
tests/test_accountability_steps.py reads them without a server.
"""

from __future__ import annotations

from datetime import date, datetime, time

from contracts.case_records import CaseDeadline
from periods import SHANGHAI
from procedures.accountability.models import (
    CITY_JUDICIAL_ADMINISTRATION,
    EXEMPT_CLAUSE,
    FEEDBACK_CLAUSE,
    FEEDBACK_WORKING_DAYS,
    GROUND_CLAUSE,
    REPORT_CLAUSE,
    REPORT_PARTS,
    REVIEW_CLAUSE,
    Agency,
    CaseReport,
    Decision,
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
    """No accountability rests on a 第九条 ground, or on finding no 第六条 ground at all (第六条
    makes accountability depend on one); accountability names whom it is referred to
    (第十三条第二款) and at least one 第六条 ground."""
    if review.outcome is ReviewOutcome.NO_ACCOUNTABILITY:
        if review.grounds and not exempted(review):
            return (
                "circumstances.exempt: a 第六条 ground is found (grounds), so no accountability "
                f"needs a 第九条 ground ({cite(GROUND_CLAUSE)}、{EXEMPT_CLAUSE})"
            )
        return None
    if review.refer_to is None:
        return f"refer_to: required for accountability ({cite(REVIEW_CLAUSE)})"
    if not review.grounds:
        return (
            "grounds: at least one 第六条 ground is required for accountability "
            f"({cite(GROUND_CLAUSE)})"
        )
    return None


def exempted(review: Review) -> bool:
    """Whether the review names a 第九条 ground (第一款 不予追究 or 第二款 可以不予或者免于)."""
    return bool(review.circumstances.exempt or review.circumstances.may_exempt)


def no_accountability_clause(review: Review) -> str:
    """The clause a review of no accountability rests on: 第九条 when it names an exemption,
    else 第六条 (no ground of it caused the loss)."""
    return cite(EXEMPT_CLAUSE if exempted(review) else GROUND_CLAUSE)


def decided_on_problem(decision: Decision, reviewed_on: date | None) -> str | None:
    """衢政办发〔2023〕5号 第十三条第三款 处理决定作出后3个工作日内 (seed 001 l.978): the
    decision names the day it was made, from which its feedback period runs, and it was not
    made before the review that referred it (第十三条第二款). (Not after today:
    checks.plausible, the validator's next check.)"""
    if decision.decided_on is None:
        return (
            "decided_on: required, the day the handling decision was made: the "
            f"{FEEDBACK_WORKING_DAYS} working days of feedback run from it "
            f"({cite(FEEDBACK_CLAUSE)} 处理决定作出后3个工作日内)"
        )
    if reviewed_on is not None and decision.decided_on < reviewed_on:
        return (
            f"decided_on: {decision.decided_on.isoformat()} is before the review of "
            f"{reviewed_on.isoformat()} that referred the case ({cite(REVIEW_CLAUSE)})"
        )
    return None


def feedback_start(decided_on: date) -> datetime:
    """The decision's day as an instant for the deadline activity, which counts from its date in
    Asia/Shanghai: the day itself is not counted (民法典 第二百零一条); the 3 working days
    follow."""
    return datetime.combine(decided_on, time(12), tzinfo=SHANGHAI)


def late(due: CaseDeadline | None, at: datetime) -> bool:
    """Whether a step taken `at` came after its period (the report's 2 months, the feedback's 3
    working days). A step whose period is still being computed (no `due` yet: a thin step) came
    within seconds of the event the period runs from: on time."""
    return due is not None and due.missed_by(at)
