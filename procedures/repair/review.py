"""The review of an eligible repair application (衢医保发〔2021〕36号 六(三)): 受理信用主体信用修复
申请后10个工作日内作出处理意见, 情况复杂的可以延长最多不超过30个工作日.

Pure functions of the request, the decision and the decision deadline (no Temporal import): the
workflow keeps the running total and the awaits (the deadline is computed on the working-day
calendar by an activity), these say what an extension may be, what it leaves, when a decision
is late and which ground a reviewer's refusal prints on 附件4. tests/test_repair_steps.py reads
them without a server.
"""

from __future__ import annotations

from datetime import datetime

from contracts.case_records import CaseDeadline
from procedures.repair.models import (
    BAR_CLAUSES,
    DECISION_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    PROCEDURE_CLAUSE,
    Bar,
    Extension,
    ExtensionRequest,
    RefusalGround,
    RepairDecision,
    cite,
)


def extension_left(extension_total: int) -> int:
    """最多不超过30个工作日: what remains of the 30 working days once `extension_total` are
    granted (procedures.md §2: the 30 are the extension itself, in steps)."""
    return MAX_EXTENSION_WORKING_DAYS - extension_total


def extension_problem(request: ExtensionRequest, extension_total: int) -> str | None:
    """Why the extension cannot be granted on top of those already granted, or None."""
    remaining = extension_left(extension_total)
    if request.working_days > remaining:
        return (
            f"working_days: {request.working_days} would bring the extension to "
            f"{extension_total + request.working_days} working days; at most "
            f"{MAX_EXTENSION_WORKING_DAYS} in total ({cite(PROCEDURE_CLAUSE)}), "
            f"{remaining} remaining"
        )
    return None


def granted(request: ExtensionRequest, at: datetime, total_after: int) -> Extension:
    """情况复杂的可以延长: the extension as recorded, with its reason and who granted it."""
    return Extension(
        at=at,
        working_days=request.working_days,
        reason=request.reason,
        granted_by=request.granted_by,
        total_after=total_after,
    )


def decision_period(clock_extension: int) -> int:
    """The decision period on the current clock: 10 working days plus what was granted on it."""
    return DECISION_WORKING_DAYS + clock_extension


def extended_receipt(rescheduled: CaseDeadline, extension_total: int) -> str:
    """What the reviewer is told when the new decision deadline is already computed."""
    return (
        f"decision period {rescheduled.deadline.basis}, last day "
        f"{rescheduled.deadline.last_day.isoformat()}; "
        f"{extension_left(extension_total)} working day(s) of extension left"
    )


def extension_recorded_receipt(clock_extension: int, extension_total: int) -> str:
    """What the reviewer is told when the new last day is computed after the reply (a thin
    step: working days need the holiday data, an activity)."""
    return (
        f"decision period {decision_period(clock_extension)} working days; "
        f"the new last day follows in the status; {extension_left(extension_total)} working "
        "day(s) of extension left"
    )


def decided_late(due: CaseDeadline, decided_at: datetime) -> bool:
    """10个工作日内作出处理意见: late when the deadline was already escalated or the decision
    comes at or after the instant the period's last day ends."""
    return due.missed_by(decided_at)


def reviewer_ground(decision: RepairDecision) -> RefusalGround:
    """A reviewer's refusal as 附件4 prints it: the reason with the clause relied on, 六(二)4
    (其他依法依规暂不适宜实施信用修复的) when the reviewer named none."""
    clause = decision.clause or BAR_CLAUSES[Bar.NOT_REPAIRABLE]
    return RefusalGround(bar=Bar.REVIEWER, reason=decision.reason, clause=cite(clause))
