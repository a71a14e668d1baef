"""The market-regulation objection case's state and its small steps (衢市监规〔2021〕3号 /
〔2021〕2号 四(三)1): the corrected facts re-scored, what supervisors see, the deadline mechanism's
messages and the case's outcome. The workflow (workflow.py) keeps the procedure's awaits and the
decision's Update with its validator; the rules are the pure functions of review.py.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, Reminder
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message
    from procedures.market_objection import review
    from procedures.market_objection.models import (
        REVIEW_CLAUSE,
        MarketObjectionCase,
        MarketObjectionOutcome,
        MarketObjectionStatus,
        ReviewDecision,
        citation,
    )
    from scoring.report import ScoreReport

REVIEW = "review"


class MarketObjectionState(CaseWorkflow):
    _case: MarketObjectionCase
    _corrected_report: ScoreReport | None
    _decision: ReviewDecision | None
    _decided_at: datetime | None
    _documents: list[str]

    # -- the corrected facts re-scored (an activity: the report is kept in history) --------------

    async def _rescored_decision(self) -> None:
        """The corrected facts' report, from the scoring activity (kept in history), and the
        grade it gives. The validator refused a decision the facts contradict; if the activity
        still disagrees (workers on other scoring rules), the case stops for a supervisor
        rather than send a notice with a grade nobody decided."""
        decision = self._require_decision()
        try:
            self._decision = await self._rescore(decision)
        except ApplicationError as err:
            raise RuntimeError(f"the re-score disagrees with the decision: {err.message}") from None
        assert self._corrected_report is not None
        self._trail.record(
            SYSTEM,
            "corrected_facts_rescored",
            self._cite(REVIEW_CLAUSE),
            corrected_grade=self._corrected_report.grade,
            corrected_score=self._corrected_report.total,
        )

    async def _rescore(self, decision: ReviewDecision) -> ReviewDecision:
        """Re-score the corrected facts (an activity: the report is kept in history); the grade
        of the report is the corrected grade. A mismatch refuses the decision, nothing changes."""
        report: ScoreReport = await self._outputs.call(
            act.SCORE_FACTS,
            act.ScoreRequest(kind="market-credit", facts=decision.corrected_facts or {}),
            ScoreReport,
        )
        problem = review.rescore_problem(self._case, decision, report)
        if problem:
            raise ApplicationError(problem, non_retryable=True)
        self._corrected_report = report
        return review.rescored(decision, report)

    # -- what supervisors see, and the deadline mechanism's messages -----------------------------

    @workflow.query
    def status(self) -> MarketObjectionStatus:
        return MarketObjectionStatus(
            case_id=self._case.case_id,
            # What it is sending now: a reader asks the server for the attempts only then.
            pending_outputs=self._outputs.under_way(),
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            overdue=self.overdue,
            deadlines=list(self._deadlines.values()),
            events=self._trail.events,
            case=self._case,
            decision=self._decision,
            decided_at=self._decided_at,
            corrected_report=self._corrected_report,
            documents=self._documents,
        )

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return review.review_reminder(self._case, deadline, reminder)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return review.review_overdue(self._case, deadline)

    # -- helpers ----------------------------------------------------------------------------------

    def _cite(self, clause: str) -> str:
        return citation(self._case.subject, clause)

    def _outcome(self) -> MarketObjectionOutcome:
        decision = self._require_decision()
        return MarketObjectionOutcome(
            case_id=self._case.case_id,
            outcome=decision.outcome,
            final_grade=review.final_grade(self._case, decision),
            decided_at=self._require_decided_at(),
            late=self._decided_late(),
            documents=self._documents,
        )

    def _decided_late(self) -> bool:
        return review.decided_late(self._require_review(), self._require_decided_at())

    def _require_review(self) -> CaseDeadline:
        assert REVIEW in self._deadlines, "the review deadline is set before any decision"
        return self._deadlines[REVIEW]

    def _require_decision(self) -> ReviewDecision:
        assert self._decision is not None
        return self._decision

    def _require_decided_at(self) -> datetime:
        assert self._decided_at is not None
        return self._decided_at
