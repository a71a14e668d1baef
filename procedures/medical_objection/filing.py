"""The objection window of 衢医保发〔2021〕36号 四(三) and the objection filed in it (附件1).

可在评价结果发布之日起, 10个工作日内 ... 提出异议申诉: a party window counted from the day after
the publication; one objection per result. Pure functions of the case, its deadlines and the
moment asked about (no Temporal import): the workflow's validator refuses with what
`objection_refusal` says, and tests/test_medical_objection_steps.py reads it without a server.
"""

from __future__ import annotations

from datetime import date, datetime, time

from contracts.case_records import CaseDeadline
from periods import SHANGHAI, Deadline
from procedures.medical_objection.models import (
    FILING_WORKING_DAYS,
    OBJECTION_CITATION,
    CaseRecord,
    FiledObjection,
    MaterialsReceived,
)


def publication_instant(published_on: date) -> datetime:
    """The publication day as an instant for the deadline activity, which counts from its date in
    Asia/Shanghai (the publication day itself is not counted, 民法典 第二百零一条)."""
    return datetime.combine(published_on, time(12), tzinfo=SHANGHAI)


def window_end(deadline: Deadline) -> str:
    """'24:00 on 2026-12-11 (Asia/Shanghai)', or the office's closing time where one is set."""
    due = deadline.due_at.astimezone(SHANGHAI)
    if due.time() == time(0) and due.date() > deadline.last_day:
        return f"24:00 on {deadline.last_day.isoformat()} (Asia/Shanghai)"
    return f"{due.strftime('%H:%M')} on {deadline.last_day.isoformat()} (Asia/Shanghai)"


def shanghai_day(moment: datetime) -> date:
    """The agencies' calendar day of an instant: the day a window closed, an objection was
    received or a decision made, as the credit file and the feedback form print it."""
    return moment.astimezone(SHANGHAI).date()


def shanghai_minute(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def objection_refusal(
    case: CaseRecord,
    filed: FiledObjection | None,
    *,
    being_filed: bool,
    filing: CaseDeadline | None,
    now: datetime,
) -> str | None:
    """Why an objection sent `now` is refused, or None: one objection per result (another one
    filed, or being filed in this very activation), and only while the window is open."""
    if filed is not None:
        return (
            f"case {case.case_id}: an objection was already filed at "
            f"{shanghai_minute(filed.filed_at)} (Asia/Shanghai); one objection per result"
        )
    if being_filed:
        return (
            f"case {case.case_id}: an objection is being filed at this moment; one "
            "objection per result"
        )
    if filing is None:
        return f"case {case.case_id} is still opening its objection window; try again in a moment"
    # 四(三): once the window has closed the result becomes formal (无异议).
    if filing.lapsed or now >= filing.deadline.due_at:
        return (
            f"filed_at: the objection window closed at {window_end(filing.deadline)}: "
            f"{FILING_WORKING_DAYS} working days from the result's publication on "
            f"{case.result.published_on.isoformat()} ({OBJECTION_CITATION}); "
            "the result becomes formal"
        )
    return None


def material_refs(materials: list[MaterialsReceived]) -> list[str]:
    """Every supporting material (证明材料) in, with the objection or after it, in order."""
    return [ref for received in materials for ref in received.refs]
