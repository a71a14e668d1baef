"""Where a designation case stands and what comes next, in a few lines: what the command line
prints after a start or a step (pure: functions of the status and the step's request)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from pydantic import BaseModel

from periods import Deadline
from periods.phrases import PROVISIONAL_NOTE, day_label, due_phrase, shanghai
from procedures.designation import models as dd
from procedures.designation.evaluation_pause import waiting_line

OPEN_STAGES = frozenset(dd.Stage) - dd.FINAL_STAGES
# The stages a step sets the case moving out of, after an activity or two (the result notice of
# an evaluation, the acceptance notice, the agreement's filing and settlement rights, the
# cancellation): the reply waits a few seconds for the stage that follows.
LEAVES: dict[str, frozenset[dd.Stage]] = {
    dd.SUPPLEMENT: frozenset({dd.Stage.SUPPLEMENTING}),
    dd.REPORT_FALSE_MATERIALS: OPEN_STAGES,
    dd.EVALUATE: frozenset({dd.Stage.EVALUATING}),
    dd.REQUEST_REEVALUATION: frozenset({dd.Stage.RECTIFYING}),
    dd.APPROVE: frozenset({dd.Stage.APPROVAL}),
    dd.SIGN: frozenset({dd.Stage.SIGNING}),
}


def started(status: dd.DesignationStatus) -> bool:
    """The trial run is computed (a second or so after the start)."""
    return status.stage in dd.FINAL_STAGES or status.application_possible_from is not None


def leaves(update: str, request: BaseModel) -> Collection[dd.Stage]:
    """The stages the step moves the case out of (the reply waits for the next one)."""
    if isinstance(request, dd.Investigation) and request.substantiated:
        return OPEN_STAGES  # 举报经查属实: the application ends
    return LEAVES.get(update, frozenset())


def standing(status: dd.DesignationStatus, now: datetime) -> str:
    """Where the case stands and what comes next, in a few lines."""
    lines: list[str] = []
    stage = status.stage
    if stage in dd.FINAL_STAGES:
        lines.append(f"Closed: {stage.value}. {status.closing_reason or ''}".rstrip())
        lines += [f"  - ({g.case}) {g.reason} [{g.clause}]" for g in status.non_acceptance]
        if status.agreement is not None:
            agreement = status.agreement
            lines.append(
                f"Agreement {agreement.agreement_number}: {agreement.term_start} – "
                f"{agreement.term_end} ({dd.cite(dd.APPROVAL_CLAUSE)}); settlement rights "
                + (
                    f"opened on {agreement.settlement_opened_on}"
                    if agreement.settlement_opened_on
                    else "being opened"
                )
                + f" ({dd.cite(dd.SETTLEMENT_CLAUSE)})."
            )
        return "\n".join(lines)
    if stage is dd.Stage.TRIAL_RUN and status.application_possible_from is not None:
        trial = (
            f"The trial run (试运行3个月, {dd.cite(dd.PRE_REGISTRATION_CLAUSE)}) ends on "
            f"{day_label(status.trial_run_last_day)}; "
            if status.trial_run_last_day
            else ""
        )
        lines.append(
            f"{trial}the formal application (`designation apply`) is possible from "
            f"{day_label(status.application_possible_from)} ({dd.cite(dd.APPLICATION_CLAUSE)})."
        )
    elif stage is dd.Stage.AWAITING_BATCH and status.batch_day is not None:
        lines.append(
            f"The quarterly acceptance review (集中受理审查, {dd.cite(dd.APPLICATION_CLAUSE)}) "
            f"is on {day_label(status.batch_day)}; `designation review` records the agency's "
            "findings before it."
        )
    elif stage is dd.Stage.SUPPLEMENTING and status.missing:
        lines.append("To supplement, told all at once (一次性告知):")
        lines += [f"  - {item.key}: {item.text} [{item.clause}]" for item in status.missing]
        used = status.evaluation_working_days_used
        if status.evaluation_paused_on is not None and used is not None:
            lines.append(waiting_line(status.evaluation_paused_on, used))
    elif stage is dd.Stage.RECTIFYING and status.reevaluation_possible_from is not None:
        lines.append(
            "Not qualified (below 85): the re-evaluation (`designation reevaluate`) is possible "
            f"from {day_label(status.reevaluation_possible_from)} "
            f"({dd.cite(dd.EVALUATION_CLAUSE)})."
        )
    if status.evaluations and stage in (
        dd.Stage.PUBLIC_NOTICE,
        dd.Stage.APPROVAL,
        dd.Stage.SIGNING,
        dd.Stage.RECTIFYING,
    ):
        last = status.evaluations[-1]
        verdict = "合格" if last.passed else "不合格"
        vetoes = f", vetoes: {', '.join(last.vetoes)}" if last.vetoes else ""
        lines.append(
            f"Evaluation round {last.round}: average {last.average:g} → {verdict}{vetoes}."
        )
    for item in status.deadlines:
        if item.met_at is not None or item.lapsed:
            continue
        deadline: Deadline = item.deadline
        if item.paused_since and status.evaluation_working_days_used is not None:
            continue  # stopped, with no due date while the institution holds the request
        paused = " — paused (补充材料, not counted)" if item.paused_since else ""
        overdue = " — OVERDUE" if item.overdue else ""
        lines.append(
            f"{item.name.replace('_', ' ').capitalize()} due by {due_phrase(deadline)}; "
            f"{item.citation}{paused}{overdue}."
        )
        if deadline.provisional:
            lines.append(PROVISIONAL_NOTE + ".")
    if not lines:
        lines.append(f"Stage: {stage.value}.")
    return "\n".join(lines)


def case_facts(status: dd.DesignationStatus) -> list[str]:
    """The designation case's own facts in `status` (衢医保发〔2023〕8号 二(三)): institution,
    trial run, application, acceptance, evaluations, reports, meeting and agreement."""
    lines = [
        f"Institution: {status.institution_name} ({status.institution_uscc}), "
        f"{status.institution_kind}, agency {status.agency_code}"
    ]
    people = ", ".join(f"{p.role} {p.name} (record {p.record_id})" for p in status.people)
    if people:
        lines.append(f"People: {people}")
    trial = f"Pre-registered {status.pre_registered_on}"
    if status.trial_run_last_day:
        trial += f"; trial run to {status.trial_run_last_day}"
    if status.application_possible_from:
        trial += f"; application possible from {status.application_possible_from}"
    lines.append(trial)
    application = status.application
    if application:
        lines.append(
            f"Application by {application.applicant} at {shanghai(status.applied_at)}: "
            f"{len(application.materials)} material(s) handed in, "
            f"{len(application.shared_materials)} by data sharing"
            + (f"; batch day {status.batch_day}" if status.batch_day else "")
        )
    lines += [f"Not accepted ({g.case}): {g.reason} [{g.clause}]" for g in status.non_acceptance]
    lines += [f"Missing: {item.key}: {item.text} [{item.clause}]" for item in status.missing]
    if status.accepted_at:
        paused = status.evaluation_paused_working_days
        lines.append(
            f"Accepted at {shanghai(status.accepted_at)}"
            + (f"; evaluation clock paused {paused} working day(s)" if paused else "")
        )
    for record in status.evaluations:
        verdict = "合格" if record.passed else "不合格"
        vetoes = f", vetoes: {', '.join(record.vetoes)}" if record.vetoes else ""
        lines.append(
            f"Evaluation round {record.round} by {record.group} at "
            f"{shanghai(record.evaluated_at)}: average {record.average:g} → {verdict}{vetoes}"
        )
    if status.reevaluation_possible_from:
        lines.append(f"Re-evaluation possible from {status.reevaluation_possible_from}")
    for entry in status.reports:
        found = entry.investigation
        verdict = ("substantiated" if found.substantiated else "unfounded") if found else "open"
        lines.append(
            f"Report at {shanghai(entry.received_at)} by {entry.report.reporter}: "
            f"{_short(entry.report.content)} → {verdict}"
        )
    approval = status.approval
    if approval:
        outcome = "approved" if approval.approved else f"not approved: {approval.reason}"
        lines.append(f"Party-group meeting {approval.meeting_on} ({approval.minutes}): {outcome}")
    agreement = status.agreement
    if agreement:
        opened = agreement.settlement_opened_on
        lines.append(
            f"Agreement {agreement.agreement_number} signed {agreement.signed_on} by "
            f"{agreement.signed_by}, term {agreement.term_start} – {agreement.term_end}"
            + (f"; settlement opened {opened}" if opened else "")
        )
    if status.closing_reason:
        outcome_value = status.outcome.value if status.outcome else None
        lines.append(f"Outcome: {outcome_value}: {status.closing_reason}")
    lines += [f"Restriction recorded: {r}" for r in status.restrictions_recorded]
    return lines


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
