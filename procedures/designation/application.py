"""The application and the acceptance review (受理申请, 衢医保发〔2023〕8号 二(三)1–2): the trial
run's end, the materials an application may name, the bars on the subject record that refuse it,
and the false materials that cancel it.

Pure functions (no Temporal import; `today` is an argument).
"""

from __future__ import annotations

from datetime import date, timedelta

from contracts.activities import AcceptanceBatch
from contracts.subject_records import Restriction
from periods.months import months_later
from procedures.designation.clauses import (
    APPLICATION_CLAUSE,
    FALSE_MATERIALS_BAR_MONTHS,
    TRIAL_RUN_MONTHS,
    cite,
)
from procedures.designation.institution import InstitutionKind
from procedures.designation.materials import MATERIALS
from procedures.designation.submissions import AcceptanceReview, Application, FalseMaterials


def trial_run_last_day(pre_registered_on: date) -> date:
    """二(三)1 试运行3个月: full at the end of the corresponding day (a waiting time, not a
    period for an act: a last day on a rest day is not moved)."""
    return months_later(pre_registered_on, TRIAL_RUN_MONTHS)


def application_possible_from(trial_last_day: date) -> date:
    """二(三)2 试运行满3个月后: the day after the trial run's last day."""
    return trial_last_day + timedelta(days=1)


def too_early(pre_registered_on: date, today: date) -> str | None:
    """An application on or before the trial run's last day is refused with the first day."""
    last = trial_run_last_day(pre_registered_on)
    if today > last:
        return None
    return (
        f"application: the 3-month trial run from the pre-registration on "
        f"{pre_registered_on.isoformat()} ends on "
        f"{last.isoformat()}; an application is possible from "
        f"{application_possible_from(last).isoformat()} "
        f"({cite(APPLICATION_CLAUSE)} 试运行满3个月后)"
    )


def unknown_materials(kind: InstitutionKind, application: Application) -> str | None:
    """Material codes unknown to the kind's list (二(一)3 / 二(二)2, or the business licence)."""
    known = MATERIALS[kind]
    unknown = sorted(
        code
        for code in [*application.materials, *application.shared_materials]
        if code not in known and code != "business_licence"
    )
    if not unknown:
        return None
    return (
        f"materials: unknown material code(s) {', '.join(unknown)} for a "
        f"{kind.label}; known: {', '.join(known)}"
    )


def barred(bars: list[Restriction]) -> str:
    """The refusal of an application while a bar on the record is in force, with the day a new
    application is possible (the day after each bar's last day)."""
    return "application: " + "; ".join(
        f"{r.text} ({r.clause}); a new application is possible from "
        f"{(r.until + timedelta(days=1)).isoformat() if r.until else 'its lifting'}"
        for r in bars
    )


def received(batch: AcceptanceBatch) -> str:
    """The applicant learns the day of the quarterly review (原则上每季度应开展1次集中受理审查)."""
    return (
        f"application received; the quarterly acceptance review is on {batch.day.isoformat()}"
        + (
            " (provisional: that year's holiday notice is not yet loaded)"
            if batch.provisional
            else ""
        )
    )


def unknown_nonconforming(
    kind: InstitutionKind, review: AcceptanceReview, required: set[str]
) -> str | None:
    unknown = sorted(c for c in review.nonconforming if c not in required)
    if not unknown:
        return None
    return f"nonconforming: unknown material code(s) {', '.join(unknown)} for a {kind.label}"


def false_materials_bar_until(found_on: date) -> date:
    """以弄虚作假等不正当手段申请定点, 自发现之日起未满3年: not accepted; the bar's last day."""
    return months_later(found_on, FALSE_MATERIALS_BAR_MONTHS)


def cancellation_reason(report: FalseMaterials, until: date) -> str:
    return (
        f"false materials verified by {report.verified_by}: {report.finding}; no "
        f"application accepted until {until.isoformat()}"
    )
