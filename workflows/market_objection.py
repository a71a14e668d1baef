"""Market-regulation credit objection: review within 15 working days (异议复核).

衢市监规〔2021〕3号 / 衢市监规〔2021〕2号 四(三)1: the department that made the evaluation completes
the review within 15 working days of receiving the application and tells the enterprise the result
in writing; a corrected grade is pushed to the supervision platform and copied to 市信用办.

The review deadline is an *agency duty*: when it passes the case is marked overdue and escalated,
and it keeps waiting for the decision.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeUpdate

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from activities import contracts as act
    from workflows import search_attributes as sa
    from workflows.case_records import AuditEvent, CaseDeadline, DeadlineKind, Reminder
    from workflows.market_objection_models import (
        PROCEDURE_TYPE,
        REVIEW_CLAUSE,
        REVIEW_WORKING_DAYS,
        DecisionReceipt,
        MarketObjectionCase,
        MarketObjectionOutcome,
        MarketObjectionStatus,
        ReviewDecision,
        ReviewOutcome,
        Stage,
        citation,
    )

SYSTEM = "system"
# Deadline arithmetic reads holiday data only: quick, local, and safe to retry.
DEADLINE_TIMEOUT = timedelta(seconds=30)
DEADLINE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1))
# Documents and messages may wait on outside systems: keep retrying for a day, never twice
# delivered (the activities are keyed by workflow id + step).
DELIVERY_ATTEMPT_TIMEOUT = timedelta(minutes=2)
DELIVERY_TIMEOUT = timedelta(days=1)
DELIVERY_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=10))


@workflow.defn(name="MarketCreditObjection")
class MarketCreditObjectionWorkflow:
    @workflow.init
    def __init__(self, case: MarketObjectionCase) -> None:
        self._case = case
        self._stage = Stage.RECEIVED
        self._events: list[AuditEvent] = []
        self._review: CaseDeadline | None = None
        self._decision: ReviewDecision | None = None
        self._decided_at: datetime | None = None
        self._documents: list[str] = []

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    async def run(self, case: MarketObjectionCase) -> MarketObjectionOutcome:
        self._record(
            SYSTEM,
            "review_application_received",
            self._cite(REVIEW_CLAUSE),
            received_at=case.received_at.isoformat(),
            evaluation_id=case.evaluation.evaluation_id,
            disputed_grade=case.evaluation.grade,
        )
        self._review = await self._schedule_review()
        self._stage = Stage.UNDER_REVIEW
        self._publish()
        await self._await_decision()
        await self._notify_result()
        self._stage = Stage.CLOSED
        self._record(SYSTEM, "case_closed", self._cite(REVIEW_CLAUSE))
        self._publish()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._outcome()

    async def _schedule_review(self) -> CaseDeadline:
        # A regular activity, not a local one: after a local activity workflow.now() differs
        # between the first run and a replay, and the audit trail must read the same after a
        # worker restart (tests/test_restart.py).
        scheduled = await workflow.execute_activity(
            act.COMPUTE_DEADLINE,
            act.DeadlineRequest(
                start_at=self._case.received_at,
                length=REVIEW_WORKING_DAYS,
                unit="working_days",
                remind=True,
            ),
            result_type=act.ScheduledDeadline,
            start_to_close_timeout=DEADLINE_TIMEOUT,
            retry_policy=DEADLINE_RETRY,
        )
        now = workflow.now()
        # A case entered late (after a reminder's moment) gets no belated reminders; the due
        # instant itself is still enforced below.
        reminders = [
            Reminder(at=r.at, working_days_before=r.working_days_before)
            for r in scheduled.reminders
            if r.at > now
        ]
        review = CaseDeadline(
            name="review",
            kind=DeadlineKind.AGENCY_DUTY,
            citation=self._cite(REVIEW_CLAUSE),
            deadline=scheduled.deadline,
            reminders=reminders,
        )
        self._record(
            SYSTEM,
            "review_deadline_set",
            review.citation,
            basis=scheduled.deadline.basis,
            last_day=scheduled.deadline.last_day.isoformat(),
            due_at=scheduled.deadline.due_at.isoformat(),
            provisional=scheduled.deadline.provisional,
            calendar_version=scheduled.deadline.calendar_version,
            reminders=[r.at.isoformat() for r in reminders],
        )
        return review

    async def _await_decision(self) -> None:
        """Sleep until the next reminder or the due instant, whichever comes first, or a decision.

        The instants come from history (the deadline activity), never from a clock read here.
        """
        review = self._require_review()
        while self._decision is None:
            moment, reminder = self._next_moment(review)
            if moment is None:
                await workflow.wait_condition(lambda: self._decision is not None)
                break
            delay = moment - workflow.now()
            if delay > timedelta(0):
                try:
                    await workflow.wait_condition(lambda: self._decision is not None, timeout=delay)
                    break
                except TimeoutError:
                    pass
            if reminder is not None:
                await self._send_reminder(review, reminder)
            else:
                await self._escalate(review)

    def _next_moment(self, review: CaseDeadline) -> tuple[datetime | None, Reminder | None]:
        if review.overdue:
            return None, None
        pending = [r for r in review.reminders if not r.sent]
        if pending:
            first = min(pending, key=lambda r: r.at)
            if first.at < review.deadline.due_at:
                return first.at, first
        return review.deadline.due_at, None

    async def _send_reminder(self, review: CaseDeadline, reminder: Reminder) -> None:
        reminder.sent = True
        self._record(
            SYSTEM,
            "review_deadline_reminder",
            review.citation,
            working_days_left=reminder.working_days_before,
            due_at=review.deadline.due_at.isoformat(),
        )
        await self._notify(
            step=f"reminder-{reminder.working_days_before}wd",
            recipient="reviewer",
            subject=f"复核期限提醒: {reminder.working_days_before} working day(s) left",
            body=(
                f"Case {self._case.case_id}: the review of evaluation "
                f"{self._case.evaluation.evaluation_id} is due by "
                f"{review.deadline.due_at.isoformat()} ({review.citation})."
            ),
        )

    async def _escalate(self, review: CaseDeadline) -> None:
        review.overdue = True
        self._record(
            SYSTEM,
            "review_overdue_escalated",
            review.citation,
            due_at=review.deadline.due_at.isoformat(),
        )
        self._publish()
        await self._notify(
            step="overdue-escalation",
            recipient="supervisor",
            subject="复核逾期: review deadline missed",
            body=(
                f"Case {self._case.case_id} ({self._case.agency_code}): the 15-working-day review "
                f"was due by {review.deadline.due_at.isoformat()} and has no decision "
                f"({review.citation}). The case keeps waiting for the decision."
            ),
        )

    async def _notify_result(self) -> None:
        decision = self._require_decision()
        decided_at = self._require_decided_at()
        evaluation = self._case.evaluation
        final_grade = decision.corrected_grade or evaluation.grade
        notice = await self._deliver(
            act.ISSUE_RESULT_NOTICE,
            act.ResultNotice(
                key=self._key("result-notice"),
                workflow_id=workflow.info().workflow_id,
                case_id=self._case.case_id,
                enterprise_name=self._case.enterprise.name,
                enterprise_uscc=self._case.enterprise.uscc,
                evaluation_id=evaluation.evaluation_id,
                regulation_citation=self._cite(REVIEW_CLAUSE),
                outcome=decision.outcome.value,
                original_grade=evaluation.grade,
                final_grade=final_grade,
                corrected_score=decision.corrected_score,
                reason=decision.reason,
                reviewer=decision.reviewer,
                received_at=self._case.received_at,
                decided_at=decided_at,
                late=self._decided_late(),
            ),
        )
        self._documents.append(notice.location)
        self._record(
            SYSTEM,
            "result_notice_issued",
            self._cite(REVIEW_CLAUSE),
            document=notice.location,
            final_grade=final_grade,
        )
        if decision.outcome is not ReviewOutcome.CORRECTED:
            return
        correction = act.GradeCorrection(
            key=self._key("grade-correction"),
            workflow_id=workflow.info().workflow_id,
            case_id=self._case.case_id,
            enterprise_name=self._case.enterprise.name,
            enterprise_uscc=self._case.enterprise.uscc,
            evaluation_id=evaluation.evaluation_id,
            original_grade=evaluation.grade,
            corrected_grade=final_grade,
            corrected_score=decision.corrected_score,
            decided_at=decided_at,
            citation=self._cite(REVIEW_CLAUSE),
        )
        # 经复核需修正评价等级的, 应同步更新相关监管平台数据, 并抄送市信用办.
        for activity_name, action in (
            (act.UPDATE_SUPERVISION_PLATFORM, "supervision_platform_updated"),
            (act.COPY_TO_CITY_CREDIT_OFFICE, "city_credit_office_copied"),
        ):
            delivery = await self._deliver(activity_name, correction)
            self._documents.append(delivery.location)
            self._record(SYSTEM, action, self._cite(REVIEW_CLAUSE), location=delivery.location)

    async def _notify(self, *, step: str, recipient: str, subject: str, body: str) -> None:
        delivery = await self._deliver(
            act.SEND_NOTIFICATION,
            act.Notification(
                key=self._key(step),
                workflow_id=workflow.info().workflow_id,
                case_id=self._case.case_id,
                recipient=recipient,
                subject=subject,
                body=body,
            ),
        )
        self._record(
            SYSTEM,
            "notification_sent",
            self._cite(REVIEW_CLAUSE),
            recipient=recipient,
            subject=subject,
            location=delivery.location,
        )

    async def _deliver(self, activity_name: str, document: BaseModel) -> act.Delivery:
        delivery: act.Delivery = await workflow.execute_activity(
            activity_name,
            document,
            result_type=act.Delivery,
            start_to_close_timeout=DELIVERY_ATTEMPT_TIMEOUT,
            schedule_to_close_timeout=DELIVERY_TIMEOUT,
            retry_policy=DELIVERY_RETRY,
        )
        return delivery

    # -- the reviewer's decision (an Update with a validator) ------------------------------------

    @workflow.update
    def decide(self, decision: ReviewDecision) -> DecisionReceipt:
        review = self._require_review()
        self._decision = decision
        self._decided_at = workflow.now()
        review.met_at = self._decided_at
        self._stage = Stage.NOTIFYING
        self._record(
            decision.reviewer,
            "review_decided",
            self._cite(REVIEW_CLAUSE),
            outcome=decision.outcome.value,
            corrected_grade=decision.corrected_grade,
            corrected_score=decision.corrected_score,
            reason=decision.reason,
            late=self._decided_late(),
        )
        self._publish()
        return DecisionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            decided_at=self._decided_at,
            late=self._decided_late(),
        )

    @decide.validator
    def _validate_decision(self, decision: ReviewDecision) -> None:
        # Refusals here leave the case untouched: validators run before anything is recorded.
        if self._stage is not Stage.UNDER_REVIEW:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage.value}': a review "
                "decision is accepted only in stage 'under_review'"
            )
        if (
            decision.outcome is ReviewOutcome.CORRECTED
            and decision.corrected_grade == self._case.evaluation.grade
        ):
            raise ValueError(
                f"corrected_grade: {decision.corrected_grade} is the disputed grade itself; "
                "use outcome 'upheld' to keep it"
            )

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> MarketObjectionStatus:
        return MarketObjectionStatus(
            case_id=self._case.case_id,
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            overdue=bool(self._review and self._review.overdue),
            deadlines=[self._review] if self._review else [],
            events=self._events,
            case=self._case,
            decision=self._decision,
            decided_at=self._decided_at,
            documents=self._documents,
        )

    # -- helpers ----------------------------------------------------------------------------------

    def _publish(self) -> None:
        """Upsert the search attributes supervisors filter on, at every stage change."""
        review = self._review
        updates: list[SearchAttributeUpdate[Any]] = [
            sa.PROCEDURE_TYPE.value_set(PROCEDURE_TYPE),
            sa.CASE_STAGE.value_set(self._stage.value),
            sa.AGENCY_CODE.value_set(self._case.agency_code),
            sa.OVERDUE.value_set(bool(review and review.overdue)),
        ]
        if review is not None:
            updates.append(sa.DEADLINE_PROVISIONAL.value_set(review.deadline.provisional))
            if self._decision is None:
                updates.append(sa.NEXT_DEADLINE.value_set(review.deadline.due_at))
            else:
                updates.append(sa.NEXT_DEADLINE.value_unset())
        workflow.upsert_search_attributes(updates)

    def _record(self, actor: str, action: str, cite: str, **details: Any) -> None:
        event = AuditEvent(
            at=workflow.now(), actor=actor, action=action, citation=cite, details=details
        )
        self._events.append(event)
        workflow.logger.info(
            action,
            extra={"case_id": self._case.case_id, "actor": actor, "citation": cite},
        )

    def _cite(self, clause: str) -> str:
        return citation(self._case.subject, clause)

    def _key(self, step: str) -> str:
        # Side effects are keyed by workflow id + step so that a retried activity is a no-op.
        return f"{workflow.info().workflow_id}/{step}"

    def _outcome(self) -> MarketObjectionOutcome:
        decision = self._require_decision()
        return MarketObjectionOutcome(
            case_id=self._case.case_id,
            outcome=decision.outcome,
            final_grade=decision.corrected_grade or self._case.evaluation.grade,
            decided_at=self._require_decided_at(),
            late=self._decided_late(),
            documents=self._documents,
        )

    def _decided_late(self) -> bool:
        review = self._require_review()
        decided_at = self._require_decided_at()
        return review.overdue or decided_at >= review.deadline.due_at

    def _require_review(self) -> CaseDeadline:
        assert self._review is not None, "the review deadline is set before any decision"
        return self._review

    def _require_decision(self) -> ReviewDecision:
        assert self._decision is not None
        return self._decision

    def _require_decided_at(self) -> datetime:
        assert self._decided_at is not None
        return self._decided_at
