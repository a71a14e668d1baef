"""Lost-lawsuit accountability (行政败诉责任追究): 衢政办发〔2023〕5号 第十三条.

The agency reports within 2 months of receiving the effective judgment (agency duty, Civil-Code
month rule with rest-day rollover); the judicial administration reviews it: no accountability on a
第九条 ground or for want of a 第六条 ground, or a proposal (处理建议, a document) referred to the
appointing authority or discipline inspection with the accountability assessment
(scoring.accountability) attached; the handling decision is recorded with the day it was made, its
第十四条 transfers issued as letters, and fed back within 3 working days of that day (agency duty);
the feedback closes the case.

This module keeps what awaits: the run and the four Updates each with its validator (one list,
under "the steps"). The case's state, its status, what the review and the decision set going
(the assessment, the feedback period, the findings written), the feedback's record and copy, and
the case's end are in base.py. What the steps must hold, who
receives them, what they print and send are pure functions in the step modules beside it
(duties.py, sanctions.py, findings.py, assessment.py, notices.py; person_records.py does the
records' reads and writes).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import DeadlineKind
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from kernel.replay_rule import THIN
    from procedures.accountability import notices
    from procedures.accountability.assessment import assessment_problem
    from procedures.accountability.base import AccountabilityBase
    from procedures.accountability.duties import (
        decided_on_problem,
        late,
        no_accountability_clause,
        report_problem,
        review_problem,
    )
    from procedures.accountability.models import (
        FEEDBACK,
        FEEDBACK_WORKING_DAYS,
        GROUND_CLAUSE,
        PROCEDURE_TYPE,
        REPORT,
        REPORT_CLAUSE,
        REPORT_MONTHS,
        REPORT_PARTS,
        REVIEW_CLAUSE,
        AccountabilityCarried,
        AccountabilityCase,
        AccountabilityResult,
        CaseReport,
        Decision,
        Feedback,
        Receipt,
        Review,
        ReviewOutcome,
        Stage,
        cite,
    )
    from procedures.accountability.sanctions import decision_problem, handled_persons


# The workflow type new cases start as, and the type of the cases started before issue 20
# (ReplayRule.released): both registered, so that those run on.
WORKFLOW = "LostLawsuitAccountabilityV2"
RELEASED_WORKFLOW = "LostLawsuitAccountability"


@workflow.defn(name=WORKFLOW)
class LostLawsuitAccountabilityWorkflow(AccountabilityBase):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: AccountabilityCase | AccountabilityCarried) -> None:
        self._init_accountability(start)

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, start: AccountabilityCase | AccountabilityCarried) -> AccountabilityResult:
        if isinstance(start, AccountabilityCase):
            await self._open(start)
        else:
            self._rule()  # a run that took over takes its steps as the code now does (THIN)
        # Each wait below is a condition on the case's state: a run that took over from a full
        # one (long_life.py) passes the waits already satisfied and watches on from there.
        await self._deadlines.watch(REPORT, lambda: self._report is not None)
        # The review itself, not a stage: a run that takes steps thin may already be past
        # 'awaiting_decision' when this resumes. (No command either way: old runs replay.)
        await self._until(lambda: self._review is not None)
        assert self._review is not None
        if self._review.outcome is ReviewOutcome.NO_ACCOUNTABILITY:
            return await self._close(
                Stage.NO_ACCOUNTABILITY,
                notices.no_accountability_reason(self._review),
                no_accountability_clause(self._review),
            )
        await self._until(lambda: FEEDBACK in self._deadlines)
        await self._deadlines.watch(FEEDBACK, lambda: self._feedback is not None)
        return await self._close(Stage.CLOSED, "handling decision fed back")

    async def _open(self, case: AccountabilityCase) -> None:
        """The judgment received: the 2-month report period."""
        self._trail.record(
            SYSTEM,
            "judgment_received",
            cite(REPORT_CLAUSE),
            document_number=case.lost_case.document_number,
            body_name=case.lost_case.body_name,
            outcomes=[o.item.value for o in case.lost_case.outcomes],
            received_at=case.lost_case.received_at.isoformat(),
            agency_level=case.agency.level.value,
            receiving_body=self._receiving_body,
        )
        self._publish()
        await self._deadlines.schedule(
            REPORT,
            DeadlineKind.AGENCY_DUTY,
            cite(REPORT_CLAUSE),
            start_at=case.lost_case.received_at,
            length=REPORT_MONTHS,
            unit="months",
        )
        self._publish()

    # -- the steps: every Update with its validator ----------------------------------------------
    #
    #   submit_report    _validate_report    the agency, 2 months          第十三条第一款
    #   review           _validate_review    the judicial administration   第十三条第二款
    #   record_decision  _validate_decision  the handling body             第十一/十二/十四条
    #   record_feedback  _validate_feedback  the handling body, 3 wd       第十三条第三款
    #
    # The validators refuse through base.py's `_in_stage` and `_sound`, in the same order; the
    # feedback's own record and copy (`_take_feedback`, `_note_feedback`) are there too.

    @workflow.update
    async def submit_report(self, report: CaseReport) -> Receipt:
        """案件分析整改报告 (2 months, 第十三条第一款)."""
        self._report_claimed = True
        # On replay the Update can come before the activity result that set the report period.
        await workflow.wait_condition(lambda: REPORT in self._deadlines)
        self._report = report
        self._deadlines.meet(REPORT)
        due = self._deadlines[REPORT]
        is_late = late(due, workflow.now())
        self._stage = Stage.UNDER_REVIEW
        self._trail.record(
            report.submitted_by,
            "report_submitted",
            cite(REPORT_CLAUSE),
            **report.model_dump(include=set(REPORT_PARTS)),
            receiving_body=self._receiving_body,
            late=is_late,
        )
        self._publish()
        document = notices.report_receipt(
            self._case,
            report,
            key=self._outputs.key("report-receipt"),
            received_at=workflow.now(),
            receiving_body=self._receiving_body,
            due=due,
            late=is_late,
        )
        await self._after_step("submit_report", "report receipt", lambda: self._document(document))
        return self._receipt("reported after the deadline" if is_late else "")

    @submit_report.validator
    def _validate_report(self, report: CaseReport) -> None:
        accepted = self._stage is Stage.AWAITING_REPORT and not self._report_claimed
        self._in_stage(accepted, "a report", Stage.AWAITING_REPORT)
        self._sound(report, report_problem(report))

    @workflow.update
    async def review(self, review: Review) -> Receipt:
        """The judicial administration's review (第十三条第二款)."""
        self._review = review
        self._trail.record(
            review.reviewer,
            "report_reviewed",
            cite(REVIEW_CLAUSE),
            outcome=review.outcome.value,
            refer_to=review.refer_to.value if review.refer_to else None,
            reason=review.reason,
            exempt=[e.item.value for e in review.circumstances.exempt],
            may_exempt=[m.item.value for m in review.circumstances.may_exempt],
            # 第六条 without a ground of it, 第九条 with an exemption; 第六条 with accountability.
            basis=no_accountability_clause(review)
            if review.outcome is ReviewOutcome.NO_ACCOUNTABILITY
            else cite(GROUND_CLAUSE),
        )
        if review.outcome is ReviewOutcome.NO_ACCOUNTABILITY:
            self._stage = Stage.NO_ACCOUNTABILITY
            return self._receipt("no accountability")
        if self._thin():
            # The decision may be recorded at once; the assessment follows (the status shows
            # it once attached) and is attached before anything the decision sets going.
            self._stage = Stage.AWAITING_DECISION
            self._publish()
            self._follow_up("review", "accountability assessment", lambda: self._assess(review))
            return self._receipt("the accountability assessment follows")
        report = await self._assess(review)
        self._stage = Stage.AWAITING_DECISION
        self._publish()
        return self._receipt(f"assessment: {report.grade}")

    @review.validator
    def _validate_review(self, review: Review) -> None:
        self._in_stage(
            self._stage is Stage.UNDER_REVIEW and self._review is None,
            "a review",
            Stage.UNDER_REVIEW,
        )
        # The scorer's refusal only once the review itself holds what it must.
        self._sound(review, review_problem(review) or assessment_problem(self._case, review))

    @workflow.update
    async def record_decision(self, decision: Decision) -> Receipt:
        """The handling decision (第十一/十二/十四条); its feedback is due in 3 working days."""
        self._decision = decision
        self._decided_at = workflow.now()
        self._trail.record(
            decision.decided_by,
            "decision_recorded",
            cite("第十一条、第十二条、第十四条"),
            agency_sanctions=decision.agency_sanctions,
            persons=handled_persons(decision),
            reason=decision.reason,
            # 第十三条第三款: the feedback period runs from this day (decisions entered before
            # it was asked carry none).
            **({"decided_on": decision.decided_on.isoformat()} if decision.decided_on else {}),
        )
        if self._thin():
            self._stage = Stage.AWAITING_FEEDBACK
            self._publish()
            self._follow_up("record_decision", "feedback deadline", self._schedule_feedback)
            self._follow_up(
                "record_decision",
                "findings on subject records",
                lambda: self._write_findings(decision),
            )
            if any(p.referrals for p in decision.persons):
                self._follow_up(
                    "record_decision", "transfers (第十四条)", lambda: self._transfer(decision)
                )
            return self._receipt(
                f"feedback due within {FEEDBACK_WORKING_DAYS} working days; the due date "
                "follows in the status"
            )
        feedback = await self._schedule_feedback()
        self._stage = Stage.AWAITING_FEEDBACK
        self._publish()
        await self._write_findings(decision)
        await self._transfer(decision)
        return self._receipt(f"feedback due by {feedback.deadline.due_at.isoformat()}")

    @record_decision.validator
    def _validate_decision(self, decision: Decision) -> None:
        accepted = self._stage is Stage.AWAITING_DECISION and self._decision is None
        self._in_stage(accepted, "a handling decision", Stage.AWAITING_DECISION)
        self._sound(
            decision,
            decision_problem(self._case, decision)
            or decided_on_problem(decision, self._reviewed_on()),
        )

    @workflow.update
    async def record_feedback(self, feedback: Feedback) -> Receipt:
        """The feedback to the judicial administration (第十三条第三款); it closes the case."""
        self._feedback_claimed = True
        if self._thin():
            return self._take_feedback(feedback)
        # (Runs before THIN_STEPS_PATCH.) On replay the Update can come before the activity
        # result that set the feedback period; the handler then awaits the record and the copy.
        await workflow.wait_condition(lambda: FEEDBACK in self._deadlines)
        is_late = self._note_feedback(feedback)
        await self._feedback_record(is_late)
        await self._copy_feedback(is_late)
        return self._receipt("fed back after the deadline" if is_late else "")

    @record_feedback.validator
    def _validate_feedback(self, feedback: Feedback) -> None:
        # On a run of an earlier kernel the handler waits for the feedback period; a thin one
        # records the feedback at once and the period's follow-up meets it.
        accepted = (
            self._stage is Stage.AWAITING_FEEDBACK
            and not self._feedback_claimed
            and (FEEDBACK in self._deadlines or self._kernel == THIN)
        )
        self._in_stage(accepted, "feedback", Stage.AWAITING_FEEDBACK)
        self._sound(feedback)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedLostLawsuitAccountability(LostLawsuitAccountabilityWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: AccountabilityCase | AccountabilityCarried) -> AccountabilityResult:
        return await super().run(start)
