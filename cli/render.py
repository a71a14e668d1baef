"""Human output: sentences and tables, with every time in Asia/Shanghai."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from contracts.case_records import OutputsReport
from periods import SHANGHAI, Deadline
from periods.phrases import PROVISIONAL_NOTE, WEEKDAYS, due_phrase, shanghai
from service.duty_dates import Supervision


def deadline_sentence(deadline: Deadline) -> str:
    start = deadline.start
    sentence = (
        f"{deadline.basis} from {WEEKDAYS[start.weekday()]} {start.isoformat()} "
        f"(the start day is not counted): the period ends at {due_phrase(deadline)}."
    )
    if deadline.provisional:
        sentence += f"\n{PROVISIONAL_NOTE}."
    return sentence + f"\nHoliday calendar {deadline.calendar_version}."


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [_line(headers, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in rows]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def status_text(
    status: dict[str, Any], facts: Sequence[str] = (), supervision: Supervision | None = None
) -> str:
    """`status` in words; `facts`: the procedure's own lines (its declaration's case_facts);
    `supervision`: the stage in words and, under each deadline, its duty and the working days
    left or late (service/duty_dates.py)."""
    case = status.get("case", {})
    flags = []
    if status.get("overdue"):
        flags.append("OVERDUE")
    head = f"Case {status['case_id']} · {status['procedure']} · stage {status['stage']}" + (
        f" · {' '.join(flags)}" if flags else ""
    )
    lines = [head]
    if supervision is not None:
        lines.append(f"Stage: {supervision.stage_words} (as of {supervision.today}, Asia/Shanghai)")
    lines.append(f"Workflow: {status['workflow_id']}")
    counted = {d.name: d for d in supervision.dates} if supervision else {}
    attention = [e for e in status.get("events", []) if e.get("action") == "needs_attention"]
    if attention:
        # Issue 14: the case's own code stopped on an error; the runbook says what to do.
        reason = (attention[-1].get("details") or {}).get("reason", "")
        lines.append(
            f"NEEDS ATTENTION: stopped in stage {status['stage']} on an error: {reason} "
            "(deploy/README.md, 'A case needs attention')"
        )
    outputs = status.get("pending_outputs") or []
    if outputs:
        # Issue 15: what the case is still sending out, with its attempts and last error.
        lines.append("Pending outputs:")
        lines += [f"  {output['summary']}" for output in outputs]
    enterprise = case.get("enterprise")
    if enterprise:
        lines.append(f"Enterprise: {enterprise['name']} ({enterprise['uscc']})")
    lines += facts
    evaluation = case.get("evaluation")
    if evaluation:
        lines.append(
            f"Disputed evaluation: {evaluation['evaluation_id']}, score {evaluation['score']:g}, "
            f"grade {evaluation['grade']}"
        )
    lines.append("Deadlines:")
    for item in status.get("deadlines", []):
        deadline = Deadline.model_validate(item["deadline"])
        state = "met " + shanghai(_dt(item["met_at"])) if item.get("met_at") else "open"
        if item.get("overdue"):
            state += ", OVERDUE"
        if item.get("paused_since"):
            state += ", paused since " + shanghai(_dt(item["paused_since"]))
        if item.get("lapsed"):
            state += ", lapsed"
        if item.get("recomputed_from"):
            state += f", recomputed (was due {shanghai(_dt(item['recomputed_from']))})"
        provisional = " [PROVISIONAL]" if deadline.provisional else ""
        lines.append(
            f"  {item['name']} ({item['kind'].replace('_', ' ')}, {deadline.basis}, "
            f"{item['citation']}): due {due_phrase(deadline)}{provisional}; {state}"
        )
        if item["name"] in counted:
            lines.append(f"    {counted[item['name']].words}")
    named = {item["name"] for item in status.get("deadlines", [])}
    for other in (d for d in counted.values() if d.name not in named):
        # A date that is not a deadline (the designation's quarterly acceptance review).
        lines.append(f"  {other.name} ({other.citation}): {other.words}")
    if not status.get("deadlines") and not counted:
        lines.append(
            "  (none)" if status.get("stage") not in ("received", None) else "  (being computed)"
        )
    decision = status.get("decision")
    if decision:
        grade = f" → grade {decision['corrected_grade']}" if decision.get("corrected_grade") else ""
        lines.append(
            f"Decision: {decision['outcome']}{grade} by {decision['reviewer']} at "
            f"{shanghai(_dt(status.get('decided_at')))}: {decision['reason']}"
        )
    for document in status.get("documents", []):
        lines.append(f"Document: {document}")
    lines.append("Events (Asia/Shanghai):")
    for event in status.get("events", []):
        citation = f"  [{event['citation']}]" if event.get("citation") else ""
        lines.append(f"  {shanghai(_dt(event['at']))}  {event['action']}{citation}")
        lines.append(f"      by {event['actor']}{_details(event.get('details') or {})}")
    return "\n".join(lines)


def _details(details: dict[str, Any]) -> str:
    shown = [
        f"{key}={_short(value)}"
        for key, value in details.items()
        if value not in (None, [], "") and key not in ("reason",)
    ]
    return ("; " + ", ".join(shown)) if shown else ""


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def due_instant(moment: datetime | None) -> str:
    """A due instant as the law writes it: midnight is 24:00 of the day before."""
    if moment is None:
        return "-"
    local = moment.astimezone(SHANGHAI)
    if local.hour == 0 and local.minute == 0:
        return f"{(local.date() - timedelta(days=1)).isoformat()} 24:00"
    return local.strftime("%Y-%m-%d %H:%M")


def _dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def step_json(receipt: BaseModel, outputs: OutputsReport | None) -> str:
    """A step's receipt as one JSON object; with `--wait`, `{"receipt": …, "outputs": …}`."""
    if outputs is None:
        return receipt.model_dump_json()
    both = {"receipt": receipt.model_dump(mode="json"), "outputs": outputs.model_dump(mode="json")}
    return json.dumps(both, ensure_ascii=False)


def outputs_lines(report: OutputsReport) -> list[str]:
    """What a step set going, once done (`--wait`): each follow-up with its state, and what it
    recorded (where a document went, the deadline set)."""
    if report.timed_out:
        return [
            "What the step set going is still under way (an outside system may be slow or "
            f"down): `starter.py status {report.case_id}` shows what is pending."
        ]
    if report.closed:
        return [
            "The case has closed: everything its steps set going was done before it closed "
            f"(`starter.py status {report.case_id}` has the audit trail)."
        ]
    if not report.follow_ups:
        return ["Nothing followed the step: it was complete when answered."]
    lines = ["What followed the step:"]
    events = iter(report.events)  # in the order of the follow-ups, as many as each recorded
    for follow_up in report.follow_ups:
        when = f" at {shanghai(follow_up.finished_at)}" if follow_up.finished_at else ""
        error = f": {follow_up.error}" if follow_up.error else ""
        lines.append(f"  {follow_up.what}: {follow_up.state.value}{when}{error}")
        for _ in follow_up.event_indexes:
            event = next(events)
            lines.append(f"    {event.action}{_details(event.details)}")
    if report.attention:
        lines.append(f"The case stopped and needs attention: {report.attention}")
    return lines
