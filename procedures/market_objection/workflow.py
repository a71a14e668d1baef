"""Market-regulation credit objection: review within 15 working days (异议复核).

衢市监规〔2021〕3号 / 衢市监规〔2021〕2号 四(三)1: the department that made the evaluation completes
the review within 15 working days of receiving the application and tells the enterprise the result
in writing; a corrected grade is pushed to the supervision platform and copied to 市信用办.

The review deadline is an *agency duty*: when it passes the case is marked overdue and escalated,
and it keeps waiting for the decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts import activities as act
    from contracts.case_records import DeadlineKind
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from kernel.long_life import split_start
    from kernel.replay_rule import THIN
    from procedures.market_objection import review
    from procedures.market_objection.case_state import REVIEW, MarketObjectionState
    from procedures.market_objection.models import (
        PROCEDURE_TYPE,
        REVIEW_CLAUSE,
        REVIEW_WORKING_DAYS,
        DecisionReceipt,
        MarketObjectionCarried,
        MarketObjectionCase,
        MarketObjectionOutcome,
        ReviewDecision,
        Stage,
    )
    from scoring import market_credit
    from scoring.report import ScoreReport

# Added after the first release: decisions with corrected facts are re-scored by an activity.
RESCORE_PATCH = "market-objection-rescore-corrected-facts"


# The workflow type new cases start as, and the type of the cases started before issue 20
# (ReplayRule.released): both registered, so that those run on.
WORKFLOW = "MarketCreditObjectionV2"
RELEASED_WORKFLOW = "MarketCreditObjection"


@workflow.defn(name=WORKFLOW)
class MarketCreditObjectionWorkflow(MarketObjectionState):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: MarketObjectionCase | MarketObjectionCarried) -> None:
        case: MarketObjectionCase
        case, carried = split_start(start, MarketObjectionCarried)
        self._case = case
        self._init_case(
            case.case_id, case.agency_code, Stage.RECEIVED, carried.case if carried else None
        )
        self._deciding = False
        self._corrected_report: ScoreReport | None = carried.corrected_report if carried else None
        self._decision: ReviewDecision | None = carried.decision if carried else None
        self._decided_at: datetime | None = carried.decided_at if carried else None
        self._documents: list[str] = list(carried.documents) if carried else []
        if carried:
            self._stage = Stage(carried.case.stage)

    def _continuation(self) -> list[Any]:
        return [self._carry(MarketObjectionCarried)]

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(
        self, start: MarketObjectionCase | MarketObjectionCarried
    ) -> MarketObjectionOutcome:
        if isinstance(start, MarketObjectionCase):
            await self._open(start)
        else:
            self._rule()  # a run that took over takes its steps as the code now does (THIN)
        # A condition on the case's state: a run that took over watches on from there.
        await self._deadlines.watch(REVIEW, lambda: self._decision is not None)
        await self._follow_through()  # a corrected grade re-scored first (thin steps)
        await self._notify_result()
        await self._close_case(Stage.CLOSED, self._cite(REVIEW_CLAUSE))
        return self._outcome()

    async def _open(self, case: MarketObjectionCase) -> None:
        """The review application received: the 15-working-day review period."""
        self._trail.record(
            SYSTEM,
            "review_application_received",
            self._cite(REVIEW_CLAUSE),
            received_at=case.received_at.isoformat(),
            evaluation_id=case.evaluation.evaluation_id,
            disputed_grade=case.evaluation.grade,
        )
        await self._deadlines.schedule(
            REVIEW,
            DeadlineKind.AGENCY_DUTY,
            self._cite(REVIEW_CLAUSE),
            start_at=case.received_at,
            length=REVIEW_WORKING_DAYS,
        )
        self._stage = Stage.UNDER_REVIEW
        self._publish()

    async def _notify_result(self) -> None:
        decision = self._require_decision()
        decided_at = self._require_decided_at()
        workflow_id = workflow.info().workflow_id
        notice = await self._outputs.deliver(
            act.ISSUE_RESULT_NOTICE,
            review.result_notice(
                self._case,
                decision,
                key=self._outputs.key("result-notice"),
                workflow_id=workflow_id,
                decided_at=decided_at,
                late=self._decided_late(),
            ),
        )
        self._documents.append(notice.location)
        self._trail.record(
            SYSTEM,
            "result_notice_issued",
            self._cite(REVIEW_CLAUSE),
            document=notice.location,
            final_grade=review.final_grade(self._case, decision),
        )
        correction = review.grade_correction(
            self._case,
            decision,
            key=self._outputs.key("grade-correction"),
            workflow_id=workflow_id,
            decided_at=decided_at,
        )
        if correction is None:
            return
        # 经复核需修正评价等级的, 应同步更新相关监管平台数据, 并抄送市信用办.
        for activity_name, action in (
            (act.UPDATE_SUPERVISION_PLATFORM, "supervision_platform_updated"),
            (act.COPY_TO_CITY_CREDIT_OFFICE, "city_credit_office_copied"),
        ):
            delivery = await self._outputs.deliver(activity_name, correction)
            self._documents.append(delivery.location)
            self._trail.record(
                SYSTEM, action, self._cite(REVIEW_CLAUSE), location=delivery.location
            )

    # -- the reviewer's decision (an Update with a validator) ------------------------------------

    @workflow.update
    async def decide(self, decision: ReviewDecision) -> DecisionReceipt:
        # Taken before the first await: the validator refuses a second, concurrent decision.
        self._deciding = True
        # A decision sent the moment the case was started (an agency system that files and
        # decides at once) is held until the review period is set, then taken as any other;
        # on replay an Update can also be applied before the activity result that opened the
        # review (both in one workflow task).
        await workflow.wait_condition(lambda: self._stage is not Stage.RECEIVED)
        # New runs (THIN): the validator re-scored the corrected facts (a mismatch is refused
        # there); the report itself comes from the scoring activity, after the receipt.
        rescore_follows = self._thin() and decision.corrected_facts is not None
        if (
            not self._thin()
            and decision.corrected_facts is not None
            and self._patched(RESCORE_PATCH)
        ):
            try:
                decision = await self._rescore(decision)
            finally:
                self._deciding = False
        self._decision = decision
        self._decided_at = workflow.now()
        self._deadlines.meet(REVIEW)
        self._stage = Stage.NOTIFYING
        self._trail.record(
            decision.reviewer,
            "review_decided",
            self._cite(REVIEW_CLAUSE),
            outcome=decision.outcome.value,
            corrected_grade=decision.corrected_grade,
            corrected_score=decision.corrected_score,
            reason=decision.reason,
            late=self._decided_late(),
            **({"rescore_follows": True} if rescore_follows else {}),
        )
        self._publish()
        if rescore_follows:
            self._follow_up("decide", "re-scored corrected facts", self._rescored_decision)
        return DecisionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            decided_at=self._decided_at,
            late=self._decided_late(),
        )

    @decide.validator
    def _validate_decision(self, decision: ReviewDecision) -> None:
        # Refusals here leave the case untouched: validators run before anything is recorded.
        if self._deciding:
            raise ValueError(f"case {self._case.case_id} is already taking a decision")
        # Received: the review period is being set; the decision is held until it is.
        if self._stage not in (Stage.RECEIVED, Stage.UNDER_REVIEW):
            raise ValueError(
                self._out_of_stage("a review decision is accepted only in stage 'under_review'")
            )
        problem = review.corrected_grade_problem(self._case, decision)
        if problem:
            raise ValueError(problem)
        check_step(decision, self._case, workflow.now())
        if decision.corrected_facts is not None and self._kernel == THIN:
            # The pure scoring rules, so that a decision the facts contradict is refused before
            # anything changes (validators never run on replay: a later change of the rules
            # cannot touch a recorded case; the report kept is the activity's).
            report = market_credit.score(
                market_credit.Facts.model_validate(decision.corrected_facts)
            )
            problem = review.rescore_problem(self._case, decision, report)
            if problem:
                raise ValueError(problem)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedMarketCreditObjection(MarketCreditObjectionWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(
        self, start: MarketObjectionCase | MarketObjectionCarried
    ) -> MarketObjectionOutcome:
        return await super().run(start)
