"""Where a round stands, in a few lines: what the command line prints after a step (pure)."""

from __future__ import annotations

from datetime import datetime

from periods.phrases import shanghai
from procedures.round.models import (
    CloseFacts,
    CloseReceipt,
    FactsBatch,
    FactsReceipt,
    RoundStatus,
)


def case_facts(status: RoundStatus) -> list[str]:
    """The round's own facts in `status`: what it evaluates, and its counts."""
    case = status.case
    return [
        f"Round: {case.kind.value}, period {case.period}, population {case.population}; "
        f"{case.agency.name} ({case.agency.code}); opened {case.opened_by}",
        # The status names the stage already: the counts without it.
        *standing(status, None).removeprefix(f"Stage: {status.stage.value}. ").split("\n"),
    ]


def standing(status: RoundStatus, now: datetime | None) -> str:
    tally = status.tally
    grades = ", ".join(f"{grade} {n}" for grade, n in sorted(tally.by_grade.items())) or "none yet"
    lines = [
        f"Stage: {status.stage.value}. Facts: {tally.records_received} record(s) in "
        f"{tally.batches_received} batch(es), {tally.batches_scored} scored; "
        f"{tally.scored} subject(s) scored ({grades}).",
    ]
    if status.problems_total:
        shown = status.problems[:5]
        lines.append(
            f"{status.problems_total} record(s) with problems, e.g. "
            + "; ".join(
                f"batch {p.batch} record {p.index} ({p.subject_id or '?'}): {p.problem}"
                for p in shown
            )
        )
    if status.published_on is not None:
        lines.append(
            f"Published on {status.published_on.isoformat()}: {tally.delivered} of "
            f"{tally.scored} subject(s) delivered ({tally.records_written} record(s) written, "
            f"{tally.subjects_told} told, {tally.objections_opened} objection case(s) opened, "
            f"{tally.agreements_assessed} agreement(s) took their result)."
        )
    return "\n".join(lines)


def facts_received(batch: FactsBatch, receipt: FactsReceipt) -> str:
    return (
        f"Received {receipt.records} facts record(s) as batch {receipt.batch} of round "
        f"{receipt.round_id}: the round scores them in its loop and reports any record it "
        f"cannot take; see `starter.py status {receipt.round_id}`."
    )


def facts_closed(request: CloseFacts, receipt: CloseReceipt) -> str:
    return (
        f"The facts of round {receipt.round_id} are closed ({receipt.batches} batch(es)) at "
        f"{shanghai(receipt.closed_at)} Asia/Shanghai: the round scores what is left, publishes "
        f"its lists and delivers every result; see `starter.py status {receipt.round_id}`."
    )
