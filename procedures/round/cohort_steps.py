"""A performance round's own steps (衢医保发〔2023〕8号 附件1 二(三)–(四)), for the round's
workflow: the duty to be complete by its day, and the cohort scored once at `close` (ranks and
grades are among all of it). The rules are performance.py's; the workflow is workflow.py.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.round_activities import (
        SCORE_PERFORMANCE_COHORT,
        CohortMember,
        ScoreCohort,
        ScoredCohort,
        SubjectScore,
    )
    from contracts.rounds import RoundOpening
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow
    from periods import SHANGHAI
    from procedures.round import clauses, performance
    from procedures.round.models import CloseFacts, Stage, Tally
    from procedures.round.performance import DUTY


class CohortSteps(CaseWorkflow):
    _case: RoundOpening
    _stage: Stage
    _tally: Tally
    _closing: CloseFacts | None
    _scores: dict[str, SubjectScore]
    _records: dict[tuple[int, int], dict[str, Any]]

    def _count(self, score: SubjectScore, sign: int) -> None:
        tally = self._tally
        tally.scored += sign
        grade = score.grade or "not graded"
        tally.by_grade[grade] = tally.by_grade.get(grade, 0) + sign
        if not tally.by_grade[grade]:
            del tally.by_grade[grade]
        tally.red_list += sign if score.red_list else 0

    # -- the duty: 半年拟评在八月底前完成, 年度总评 … 次年一季度完成 -----------------------

    async def _schedule_duty(self) -> None:
        due = performance.due_on(self._case)
        if due is None:
            return
        start, days = performance.counted_from(workflow.now().astimezone(SHANGHAI).date(), due)
        await self._deadlines.schedule(
            DUTY,
            DeadlineKind.AGENCY_DUTY,
            clauses.PERFORMANCE_ROUND_CLAUSE,
            start_at=datetime.combine(start, time(0), tzinfo=SHANGHAI),
            length=days,
            unit="days",
        )
        self._publish()

    async def _closed(self) -> None:
        """Until the facts are closed: with the duty's reminders and, past its day, overdue and
        escalated (the round keeps waiting)."""
        closed = lambda: self._closing is not None  # noqa: E731
        if DUTY not in self._deadlines:
            await self._until(closed)  # a medical round hands over between batches
            return
        await self._deadlines.watch(DUTY, closed)
        self._deadlines.meet(DUTY)

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> performance.Message:
        return performance.reminder_message(self._case, deadline, reminder.working_days_before)

    def _overdue_message(self, deadline: CaseDeadline) -> performance.Message:
        return performance.overdue_message(self._case, deadline)

    # -- the cohort ------------------------------------------------------------------------------

    def _assessed_year(self) -> int | None:
        is_performance = clauses.is_performance(self._case.kind)
        return performance.assessed_year(self._case) if is_performance else None

    async def _score_cohort(self) -> None:
        """The cohort scored once, over all of it (附件1 二(四): ranks and grades are among the
        cohort), in one activity: each record was checked as it came."""
        ordered = sorted(self._scores.values(), key=lambda s: (s.batch, s.index))
        if not ordered:
            return
        case = self._case
        year = performance.assessed_year(case)
        scored: ScoredCohort = await self._outputs.call(
            SCORE_PERFORMANCE_COHORT,
            ScoreCohort(
                round_id=self._case_id,
                kind=case.kind,
                period=case.period,
                population=case.population,
                pooling_region=case.agency.name[:100],
                year=year,
                members=[
                    CohortMember(
                        batch=s.batch, index=s.index, record=self._records[(s.batch, s.index)]
                    )
                    for s in ordered
                ],
            ),
            ScoredCohort,
        )
        by_place = {(s.batch, s.index): s for s in ordered}
        for score in scored.scores:
            earlier = by_place.get((score.batch, score.index))
            if earlier is None:
                continue
            self._count(earlier, -1)
            score = score.model_copy(update={"subject_id": earlier.subject_id})
            self._scores[earlier.subject_id] = score
            self._count(score, 1)
        self._trail.record(
            SYSTEM,
            "cohort_scored",
            clauses.round_clause(case.kind),
            cohort=case.population,
            year=year,
            scored=len(scored.scores),
            by_grade=dict(self._tally.by_grade),
            suspended=sum(s.settlement_suspended for s in scored.scores),
        )
