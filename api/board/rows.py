"""The board's rows: the open cases as the listing gives them (service.listing, from search
attributes), turned into what board.html shows: groups by procedure, one line per case, the
counts in the summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from api.board.views import (
    ATTENTION_BADGE,
    OVERDUE_BADGE,
    PROVISIONAL_BADGE,
    STUCK_BADGE,
    Badge,
    case_href,
)
from cli.render import due_instant
from kernel.case_base import NEEDS_ATTENTION
from procedures import registry
from service.listing import CaseRow, by_deadline


@dataclass(frozen=True)
class CaseLine:
    """One open case as a row of the board."""

    case_id: str
    workflow_id: str
    href: str
    stage: str  # in words (复核中 under review)
    stage_id: str  # the CaseStage, for the filter and for scripts reading the page
    agency: str
    next_deadline: str  # as the law writes it (24:00 of the last day)
    # Its duty when known and the working days left or late, counted from today
    # (service/duty_dates.py); a date that is not a deadline (the designation's acceptance
    # review day) stands in `next_deadline` as its day.
    working_days: str
    next_deadline_iso: str  # for scripts reading the page; "" when there is none
    badges: tuple[Badge, ...]
    alarm: bool  # stuck or needing attention: the strongest highlight, above overdue
    overdue: bool


@dataclass(frozen=True)
class CaseGroup:
    procedure: str  # the procedure's name, e.g. market-objection
    title: str
    lines: tuple[CaseLine, ...]


@dataclass(frozen=True)
class BoardCounts:
    open: int
    overdue: int
    provisional: int
    stuck: int
    attention: int


def case_line(row: CaseRow) -> CaseLine:
    badges = []
    if row.stuck:
        badges.append(
            Badge(
                STUCK_BADGE.text,
                STUCK_BADGE.kind,
                title=f"workflow task attempt {row.task_attempts}: see deploy/README.md",
            )
        )
    if row.stage == NEEDS_ATTENTION:
        badges.append(ATTENTION_BADGE)
    if row.overdue:
        badges.append(OVERDUE_BADGE)
    if row.provisional:
        badges.append(PROVISIONAL_BADGE)
    if not row.running:
        badges.append(Badge(row.status, "muted"))
    return CaseLine(
        case_id=row.case_id,
        workflow_id=row.workflow_id,
        href=case_href(row.workflow_id),
        stage=row.stage_words,
        stage_id=row.stage or "",
        agency=row.agency_code or "-",
        next_deadline=(
            due_instant(row.next_deadline)
            if row.next_deadline or row.next_last_day is None
            else row.next_last_day.isoformat()
        ),
        working_days=row.next_deadline_words or "-",
        next_deadline_iso=row.next_deadline.isoformat() if row.next_deadline else "",
        badges=tuple(badges),
        alarm=row.stuck or row.stage == NEEDS_ATTENTION,
        overdue=row.overdue,
    )


def case_groups(rows: Sequence[CaseRow]) -> list[CaseGroup]:
    """The rows by procedure, in the registry's order, each group by next deadline (none
    last); a procedure with no rows has no group."""
    groups = []
    for procedure in registry.PROCEDURES:
        members = sorted(
            (r for r in rows if r.procedure == procedure.procedure_type), key=by_deadline
        )
        if members:
            groups.append(
                CaseGroup(procedure.name, procedure.title, tuple(case_line(r) for r in members))
            )
    return groups


def board_counts(rows: Sequence[CaseRow]) -> BoardCounts:
    return BoardCounts(
        open=len(rows),
        overdue=sum(r.overdue for r in rows),
        provisional=sum(r.provisional for r in rows),
        stuck=sum(r.stuck for r in rows),
        attention=sum(r.stage == NEEDS_ATTENTION for r in rows),
    )
