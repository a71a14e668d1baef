"""One case's timeline page: its status (whatever the procedure's status model) turned into
what timeline.html shows: flags, facts, deadlines, audit events and documents."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.board.outbox import (
    DocumentLink,
    delivered,
    document_links,
    document_names,
    outbox_name,
)
from api.board.reading import CaseView
from api.board.views import (
    ATTENTION_BADGE,
    DELIVERY_BADGE,
    OVERDUE_BADGE,
    PROVISIONAL_BADGE,
    STUCK_BADGE,
    Badge,
    shanghai_time,
)
from cli.render import due_instant
from contracts.case_records import AuditEvent, CaseDeadline, DeadlineKind
from contracts.subject_records.subjects import PERSONAL_TYPES
from kernel.case_base import NEEDS_ATTENTION
from service.duty_dates import DutyDate, supervision
from service.listing import TaskHealth
from service.working_days import DayCounter

KIND_LABELS = {
    DeadlineKind.AGENCY_DUTY: "机关义务 agency duty",
    DeadlineKind.PARTY_WINDOW: "当事人期间 party window",
    DeadlineKind.PARTY_DUTY: "当事人义务 party duty",
    DeadlineKind.FIXED_TERM: "协议期限 fixed term",
}


def outcome_facts(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The outcome as each procedure records it: `outcome`, a decision's or review's outcome and
    reason, the final grade, the closing reason."""
    facts = []
    outcome = data.get("outcome")
    for holder in ("decision", "review", "handling_decision"):
        record = data.get(holder)
        if isinstance(record, Mapping):
            outcome = outcome or record.get("outcome")
            if record.get("reason"):
                by = record.get("reviewer") or record.get("decided_by")
                facts.append(("理由 Reason", f"{record['reason']}" + (f" ({by})" if by else "")))
    if isinstance(outcome, Mapping):
        outcome = outcome.get("outcome") or json.dumps(outcome, ensure_ascii=False)
    if outcome:
        facts.insert(0, ("结果 Outcome", str(outcome)))
    if data.get("final_grade"):
        facts.append(("最终等级 Final grade", str(data["final_grade"])))
    if data.get("closing_reason"):
        facts.append(("结案原因 Closing reason", str(data["closing_reason"])))
    return facts


def subject_of(data: Mapping[str, Any]) -> str | None:
    """Whom the case is about: the enterprise of a market objection, the credit subject of a
    repair or a medical objection (`case.subject`, the institution or person whose credit it
    is, never the agency handling it), the institution applying for designation or party to an
    agreement; an accountability case is about the agency that lost the lawsuit (its persons
    are in the case's facts)."""
    case = data.get("case")
    if isinstance(case, Mapping):
        enterprise = case.get("enterprise")
        if isinstance(enterprise, Mapping) and enterprise.get("name"):
            return f"{enterprise['name']} ({enterprise.get('uscc', '')})"
        subject = case.get("subject")
        if isinstance(subject, Mapping) and subject.get("name"):
            # A person's identity number is personal information: the name and kind only.
            if subject.get("type") in PERSONAL_TYPES:
                return f"{subject['name']} ({subject['type']})"
            return f"{subject['name']} ({subject.get('code', '')})"
        institution = case.get("institution")
        if isinstance(institution, Mapping) and institution.get("name"):
            return f"{institution['name']} ({institution.get('uscc', '')})"
        agency = case.get("agency")
        if isinstance(agency, Mapping) and agency.get("name"):
            return str(agency["name"])
    if data.get("institution_name"):
        return f"{data['institution_name']} ({data.get('institution_uscc', '')})"
    return None


@dataclass(frozen=True)
class DeadlineLine:
    """One named deadline of the case as a row of its timeline."""

    name: str
    kind: str
    basis: str
    revision: int  # 0: as first computed; shown as "(rev. n)" once extended or recomputed
    citation: str
    start: str
    last_day: str
    due: str
    duty: str  # the duty it times in words (复核 review)
    working_days: str  # left or late from today, or its state ("-" once met or lapsed)
    states: tuple[Badge, ...]
    reminders: tuple[str, ...]
    overdue: bool


def deadline_line(item: CaseDeadline, dated: DutyDate) -> DeadlineLine:
    deadline = item.deadline
    states = []
    if item.overdue:
        states.append(OVERDUE_BADGE)
    if deadline.provisional:
        states.append(PROVISIONAL_BADGE)
    if item.met_at is not None:
        states.append(Badge(f"已履行 met {shanghai_time(item.met_at)}", "met"))
    if item.lapsed:
        states.append(Badge("已届满 lapsed", "muted"))
    if item.paused_since is not None:
        states.append(Badge(f"暂停 paused since {shanghai_time(item.paused_since)}", "muted"))
    if not states:
        states.append(Badge("进行中 open", "muted"))
    return DeadlineLine(
        name=item.name,
        kind=KIND_LABELS.get(item.kind, item.kind),
        basis=deadline.basis,
        revision=item.revision,
        citation=item.citation,
        start=deadline.start.isoformat(),
        last_day=deadline.last_day.isoformat(),
        due=due_instant(deadline.due_at),
        duty=dated.duty,
        working_days=dated.count_words or "-",
        states=tuple(states),
        reminders=tuple(
            f"{r.working_days_before} wd before: {shanghai_time(r.at)}"
            + (" ✓ sent" if r.sent else "")
            for r in item.reminders
        ),
        overdue=item.overdue,
    )


def detail_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class EventLine:
    """One audit event as a row of the timeline."""

    at: str
    actor: str
    action: str
    citation: str
    details: tuple[tuple[str, str], ...]  # the non-empty details; outbox files by their name
    escalation: bool  # an overdue deadline escalated: highlighted like the deadline


def event_line(event: AuditEvent, outbox: Path) -> EventLine:
    details = tuple(
        (key, detail_value(outbox_name(value, outbox) if delivered(key, value) else value))
        for key, value in event.details.items()
        if value not in (None, "", [], {})
    )
    return EventLine(
        at=shanghai_time(event.at, seconds=True),
        actor=event.actor,
        action=event.action,
        citation=event.citation,
        details=details,
        escalation=event.action.endswith("_overdue_escalated"),
    )


@dataclass(frozen=True)
class Timeline:
    """One case's page: its flags, facts, deadlines, audit events and documents."""

    case_id: str
    badges: tuple[Badge, ...]
    facts: tuple[tuple[str, str], ...]  # (label, value), in the order shown
    deadlines: tuple[DeadlineLine, ...]
    events: tuple[EventLine, ...]  # oldest first
    documents: tuple[DocumentLink, ...]


def timeline(
    view: CaseView, workflow_id: str, health: TaskHealth, outbox: Path, counter: DayCounter
) -> Timeline:
    """The case's page from its status query, and from `health` (the server's describe) what
    the case cannot know of itself: that its workflow task is stuck, what it has not delivered;
    each date with its duty and the working days left or late as of `counter`'s today."""
    status = view.status
    watched = supervision(view.procedure, status, counter)
    dated = {d.name: d for d in watched.dates}
    data = status.model_dump(mode="json")
    deadlines: list[CaseDeadline] = list(getattr(status, "deadlines", []))
    events: list[AuditEvent] = sorted(getattr(status, "events", []), key=lambda e: e.at)
    badges = []
    if health.stuck:
        badges.append(STUCK_BADGE)
    if any(o.failing for o in health.outputs):
        badges.append(DELIVERY_BADGE)
    if any(e.action == NEEDS_ATTENTION for e in events):
        badges.append(ATTENTION_BADGE)
    if data.get("overdue"):
        badges.append(OVERDUE_BADGE)
    if any(d.deadline.provisional and d.met_at is None for d in deadlines):
        badges.append(PROVISIONAL_BADGE)
    facts: list[tuple[str, str]] = [
        ("程序 Procedure", view.procedure.title),
        ("阶段 Stage", watched.stage_words),
        *outcome_facts(data),
        ("机关 Agency", view.agency or "-"),
    ]
    subject = subject_of(data)
    if subject:
        facts.append(("对象 Subject", subject))
    named = {d.name for d in deadlines}
    # A date that is not a deadline (the designation's quarterly acceptance review day).
    facts += [("下一日期 Next date", d.words) for d in watched.dates if d.name not in named]
    facts.append(("工作流 Workflow", workflow_id))
    facts += [("待送达 Pending output", output.summary) for output in health.outputs]
    return Timeline(
        case_id=str(data.get("case_id") or workflow_id),
        badges=tuple(badges),
        facts=tuple(facts),
        deadlines=tuple(deadline_line(d, dated[d.name]) for d in deadlines),
        events=tuple(event_line(e, outbox) for e in events),
        documents=tuple(document_links(workflow_id, document_names(status), outbox)),
    )
