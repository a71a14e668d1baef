"""Where a designation case stands and what comes next, in a few lines: what the command line
prints after a start or a step (pure: functions of the status and the step's request)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from pydantic import BaseModel

from periods import Deadline
from periods.phrases import PROVISIONAL_NOTE, day_label, due_phrase
from procedures.designation import models as dd

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
