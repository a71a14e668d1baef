"""Where a round stands, in a few lines: what the command line prints after a step (pure)."""

from __future__ import annotations

from datetime import datetime

from procedures.round.models import RoundStatus


def standing(status: RoundStatus, now: datetime) -> str:
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
