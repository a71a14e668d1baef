"""An evaluation round: one population's facts scored, published and delivered (issue 19).

The round opens (by its Schedule or by hand, contracts/rounds.py) and collects facts: each
`facts` step takes up to 1,000 records and is answered at once; the case's loop scores each batch
in one activity (the scoring module's throughput, not one workflow task per subject), and a
record the scoring schema refuses is reported in the status while the rest go on. `close` says
the facts are complete: the round publishes its lists (the results; for medical credit the 差
list and the red list; for market credit the copy to 市信用办) and then delivers each subject's
outputs in chunks: market credit writes the result to the subject's record and tells the
enterprise its grade, what it means (五) and how to apply for review (四(三)1); a performance
round sends each result to its agreement. Medical credit is evaluated in real time: each batch's
results are published as it is scored, each opening its objection case (10 working days from
publication, 四(三)), which writes the record and sends the SMS of a changed result; the round
holds no facts between batches and hands over to a fresh run there when its history is full.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.round_activities import (
        RecordProblem,
        SubjectScore,
    )
    from contracts.rounds import PROCEDURE_TYPE, RELEASED_WORKFLOW, WORKFLOW, RoundOpening
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from kernel.long_life import split_start
    from kernel.replay_rule import THIN
    from procedures.round import clauses, performance
    from procedures.round.models import (
        MAX_COHORT,
        MAX_SUBJECTS,
        CloseFacts,
        CloseReceipt,
        FactsBatch,
        FactsReceipt,
        RoundCarried,
        RoundOutcome,
        RoundStatus,
        Stage,
        Tally,
    )
    from procedures.round.round_steps import RoundSteps


@workflow.defn(name=WORKFLOW)
class EvaluationRoundWorkflow(RoundSteps):
    procedure_type = PROCEDURE_TYPE
    continues_as_new = True

    @workflow.init
    def __init__(self, start: RoundOpening | RoundCarried) -> None:
        case: RoundOpening
        case, carried = split_start(start, RoundCarried)
        self._case = case
        self._init_case(
            case.round_id, case.agency.code, Stage.COLLECTING, carried.case if carried else None
        )
        # A new workflow type: its runs take their steps thin from the first (no patch marker).
        self._kernel = THIN
        self._stage = Stage(self._stage)
        self._tally = carried.tally if carried else Tally()
        self._problems: list[RecordProblem] = list(carried.problems) if carried else []
        self._problems_total = carried.problems_total if carried else 0
        self._published_on: date | None = carried.published_on if carried else None
        self._documents: list[str] = list(carried.documents) if carried else []
        # Each subject's latest score and the facts record it came from, kept until the
        # subject's outputs are delivered (a round hands over to a new run only after that).
        self._scores: dict[str, SubjectScore] = (
            {s.subject_id: s for s in carried.scores} if carried else {}
        )
        self._records: dict[tuple[int, int], dict[str, Any]] = {}
        self._batches: dict[int, list[dict[str, Any]]] = {}
        self._closing: CloseFacts | None = None

    def _continuation(self) -> list[Any]:
        return [
            RoundCarried(
                started_with=self._case,
                case=self._carried_case(),
                tally=self._tally,
                problems=self._problems,
                problems_total=self._problems_total,
                published_on=self._published_on,
                documents=self._documents,
                scores=list(self._scores.values()),
            )
        ]

    # -- the round ---------------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, start: RoundOpening | RoundCarried) -> RoundOutcome:
        if isinstance(start, RoundOpening):
            await self._open()
        if self._stage is Stage.COLLECTING:
            # No hand-over while facts are held: the next run would have to carry them all.
            await self._closed()
            await self._follow_through()  # every batch sent before `close` is scored
            if clauses.is_performance(self._case.kind):
                await self._score_cohort()
            await self._publish_lists()
        if self._stage is Stage.DELIVERING:
            await self._deliver()
        await self._close_case(
            Stage.CLOSED,
            clauses.round_clause(self._case.kind),
            scored=self._tally.scored,
            problems=self._problems_total,
        )
        return RoundOutcome(
            round_id=self._case_id,
            tally=self._tally,
            problems_total=self._problems_total,
            published_on=self._published_on,
            documents=self._documents,
        )

    async def _open(self) -> None:
        case = self._case
        self._trail.record(
            SYSTEM,
            "round_opened",
            clauses.round_clause(case.kind),
            kind=case.kind.value,
            period=case.period,
            population=case.population,
            opened_by=case.opened_by,
        )
        self._publish()
        await self._outputs.notify(
            step="round-opened",
            recipient=case.agency.name,
            subject=f"评价工作开始: round {case.round_id} is open for its facts",
            body=(
                f"The {case.kind.value} round {case.round_id} ({case.period}) is open. Send the "
                f"facts of every subject (`starter.py round facts {case.round_id} --file "
                f"FACTS.json`, or POST /round/cases/{case.round_id}/facts), then close them "
                f"(`starter.py round close {case.round_id}`)."
            ),
            cite=clauses.round_clause(case.kind),
        )
        await self._schedule_duty()  # a performance round's (附件1 二(三))

    # -- the agency's steps (Updates with validators) ---------------------------------------------

    @workflow.update
    async def facts(self, batch: FactsBatch) -> FactsReceipt:
        tally = self._tally
        tally.batches_received += 1
        tally.records_received += len(batch.records)
        number = tally.batches_received
        self._batches[number] = batch.records
        self._trail.record(
            batch.sent_by,
            "facts_received",
            clauses.round_clause(self._case.kind),
            batch=number,
            records=len(batch.records),
        )
        # Scored in the case's loop, after every batch before it (a step is answered at once).
        self._follow_up("facts", f"batch {number} scored", lambda: self._score(number))
        return FactsReceipt(
            round_id=self._case_id,
            batch=number,
            records=len(batch.records),
            stage=self._stage,
            received_at=workflow.now(),
        )

    @facts.validator
    def _validate_facts(self, batch: FactsBatch) -> None:
        self._refuse_unless_collecting("facts are taken")
        problem = performance.year_problem(self._case)
        if problem:
            raise ValueError(problem)
        if (
            clauses.is_performance(self._case.kind)
            and self._tally.records_received + len(batch.records) > MAX_COHORT
        ):
            raise ValueError(
                f"records: a performance round takes at most {MAX_COHORT} records, its cohort "
                f"scored in one call at close ({self._tally.records_received} received)"
            )
        if not self._streams() and self._tally.records_received + len(batch.records) > MAX_SUBJECTS:
            raise ValueError(
                f"records: round {self._case_id} takes at most {MAX_SUBJECTS} facts records "
                f"({self._tally.records_received} received); evaluate a larger population in "
                "rounds of its parts"
            )

    @workflow.update
    async def close(self, request: CloseFacts) -> CloseReceipt:
        self._closing = request
        self._trail.record(
            request.closed_by,
            "facts_closed",
            clauses.round_clause(self._case.kind),
            batches=self._tally.batches_received,
            records=self._tally.records_received,
        )
        return CloseReceipt(
            round_id=self._case_id,
            stage=self._stage,
            closed_at=workflow.now(),
            batches=self._tally.batches_received,
        )

    @close.validator
    def _validate_close(self, request: CloseFacts) -> None:
        self._refuse_unless_collecting("the facts are closed")
        if self._tally.batches_received == 0:
            raise ValueError(f"round {self._case_id} has no facts yet: send them with `facts`")

    def _refuse_unless_collecting(self, what: str) -> None:
        if self._stage is not Stage.COLLECTING or self._closing is not None:
            stage = "closing" if self._stage is Stage.COLLECTING else str(self._stage)
            raise ValueError(
                f"round {self._case_id} is in stage '{stage}': {what} only while it collects "
                "its facts"
            )

    # -- what supervisors see ----------------------------------------------------------------------

    @workflow.query
    def status(self) -> RoundStatus:
        return RoundStatus(
            case_id=self._case_id,
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            overdue=self.overdue,
            deadlines=list(self._deadlines.values()),
            events=self._trail.events,
            case=self._case,
            tally=self._tally,
            problems=self._problems,
            problems_total=self._problems_total,
            published_on=self._published_on,
            documents=self._documents,
        )


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedEvaluationRound(EvaluationRoundWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: RoundOpening | RoundCarried) -> RoundOutcome:
        return await super().run(start)
