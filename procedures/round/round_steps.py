"""A round's work in its loop (procedures/round/workflow.py keeps the awaits in order and the
agency's steps): each batch scored (market), or scored and published at once (medical,
实时信用评价), the lists published at close, and each subject's outputs delivered in chunks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.round_activities import (
        DELIVER_ROUND_OUTPUTS,
        OUTPUT_CHUNK,
        PUBLISH_ROUND_LIST,
        RELEASE_MEDICAL_BATCH,
        SCORE_ROUND_BATCH,
        OutputsDelivered,
        RecordProblem,
        ReleaseBatch,
        ReleasedBatch,
        RoundListDelivered,
        RoundOutputs,
        ScoreBatch,
        ScoredBatch,
        SubjectOutput,
    )
    from contracts.rounds import RoundKind
    from kernel.audit_trail import SYSTEM
    from periods import SHANGHAI
    from procedures.round import clauses
    from procedures.round.cohort_steps import CohortSteps
    from procedures.round.lists import listed, round_lists
    from procedures.round.models import PROBLEMS_SHOWN, Stage


class RoundSteps(CohortSteps):
    _batches: dict[int, list[dict[str, Any]]]
    _problems: list[RecordProblem]
    _problems_total: int
    _published_on: date | None
    _documents: list[str]

    async def _score(self, batch: int) -> None:
        if self._streams():
            await self._release(batch)
            return
        records = self._batches.pop(batch)
        scored: ScoredBatch = await self._outputs.call(
            SCORE_ROUND_BATCH,
            ScoreBatch(
                round_id=self._case_id,
                kind=self._case.kind,
                batch=batch,
                records=records,
                population=self._case.population,
            ),
            ScoredBatch,
        )
        tally = self._tally
        for score in scored.scores:
            earlier = self._scores.get(score.subject_id)
            if earlier is not None:
                tally.replaced += 1
                self._count(earlier, -1)
                self._records.pop((earlier.batch, earlier.index), None)
            self._scores[score.subject_id] = score
            self._records[(score.batch, score.index)] = records[score.index - 1]
            self._count(score, 1)
        self._note_problems(scored.problems)
        tally.batches_scored += 1
        self._trail.record(
            SYSTEM,
            "facts_scored",
            clauses.round_clause(self._case.kind),
            batch=batch,
            scored=len(scored.scores),
            problems=len(scored.problems),
        )

    def _publication(self, published_on: date) -> dict[str, Any]:
        """The fields of a RoundPublication: what every output of the round names."""
        return {
            "round_id": self._case_id,
            "round_workflow_id": workflow.info().workflow_id,
            "kind": self._case.kind,
            "period": self._case.period,
            "agency": self._case.agency,
            "published_on": published_on,
        }

    def _run_is_full(self) -> bool:
        # Never hand over while facts are held (the duty's watch asks): a market or
        # performance round holds them until it delivers; a medical round between batches only.
        holds_facts = self._stage is Stage.COLLECTING and not (
            self._streams() and not self._batches
        )
        return not holds_facts and super()._run_is_full()

    def _streams(self) -> bool:
        """Medical credit is evaluated in real time (实时信用评价, 动态考评, 36号 四(二)–(三)):
        each batch's results are published as they are scored, so the round holds no facts."""
        return self._case.kind is RoundKind.MEDICAL_CREDIT

    async def _release(self, batch: int) -> None:
        """A medical batch scored and every result published at once: its objection case opened
        (10 working days from today, 四(三)); the round keeps what its lists name only."""
        records = self._batches.pop(batch)
        released: ReleasedBatch = await self._outputs.call(
            RELEASE_MEDICAL_BATCH,
            ReleaseBatch(
                **self._publication(workflow.now().astimezone(SHANGHAI).date()),
                batch=batch,
                records=records,
                first_ordinal=self._tally.scored + 1,
            ),
            ReleasedBatch,
        )
        tally = self._tally
        for score in released.scores:
            self._count(score, 1)  # a medical round counts results: each record is one
            if listed(score):
                self._scores[score.subject_id] = score
        tally.objections_opened += released.objections_opened
        tally.delivered += len(released.scores)
        self._note_problems(released.problems)
        tally.batches_scored += 1
        self._trail.record(
            SYSTEM,
            "results_released",
            f"{clauses.MEDICAL} 四(三)",
            batch=batch,
            scored=len(released.scores),
            objections_opened=released.objections_opened,
            problems=len(released.problems),
        )

    def _note_problems(self, problems: list[RecordProblem]) -> None:
        self._problems_total += len(problems)
        room = PROBLEMS_SHOWN - len(self._problems)
        self._problems.extend(problems[: max(room, 0)])

    async def _publish_lists(self) -> None:
        self._stage = Stage.PUBLISHING
        self._published_on = workflow.now().astimezone(SHANGHAI).date()
        self._publish()
        wid = workflow.info().workflow_id
        for made in round_lists(self._case, self._scores.values(), self._published_on, wid):
            delivered: RoundListDelivered = await self._outputs.call(
                PUBLISH_ROUND_LIST, made, RoundListDelivered
            )
            self._documents.append(delivered.location)
            self._trail.record(
                SYSTEM,
                f"list_published_{made.list_kind}",
                made.citation,
                recipient=made.recipient,
                entries=delivered.entries,
                location=delivered.location,
            )
        self._stage = Stage.DELIVERING
        self._publish()

    async def _deliver(self) -> None:
        assert self._published_on is not None
        ordered = sorted(self._scores.values(), key=lambda s: (s.batch, s.index))
        if self._case.kind is RoundKind.PERFORMANCE_HALF_YEAR or self._streams():
            # 半年拟评: published to the institutions (二(三)); provisional, nothing is sent to
            # the agreements (the annual final takes it at 30%). A medical round published
            # each result as it was scored (`_release`).
            ordered = []
        for start in range(self._tally.delivered, len(ordered), OUTPUT_CHUNK):
            chunk = ordered[start : start + OUTPUT_CHUNK]
            done: OutputsDelivered = await self._outputs.call(
                DELIVER_ROUND_OUTPUTS,
                RoundOutputs(
                    **self._publication(self._published_on),
                    assessed_year=self._assessed_year(),
                    subjects=[
                        SubjectOutput(
                            ordinal=start + n + 1,
                            score=score,
                            record=self._records.pop((score.batch, score.index)),
                        )
                        for n, score in enumerate(chunk)
                    ],
                ),
                OutputsDelivered,
            )
            tally = self._tally
            tally.records_written += done.records_written
            tally.subjects_told += done.subjects_told
            tally.objections_opened += done.objections_opened
            tally.agreements_assessed += done.agreements_assessed
            tally.delivered += len(chunk)
            for problem in done.problems:
                self._problems_total += 1
                if len(self._problems) < PROBLEMS_SHOWN:
                    self._problems.append(
                        RecordProblem(
                            batch=0, index=0, subject_id=problem.subject_id, problem=problem.problem
                        )
                    )
        self._trail.record(
            SYSTEM,
            "results_delivered",
            clauses.round_clause(self._case.kind),
            records_written=self._tally.records_written,
            subjects_told=self._tally.subjects_told,
            objections_opened=self._tally.objections_opened,
            agreements_assessed=self._tally.agreements_assessed,
        )
