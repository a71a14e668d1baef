"""The lost-lawsuit accountability case's state and its small steps (衢政办发〔2023〕5号 第十三条):
what the Updates of procedures/accountability/workflow.py check and record, what the review and
the decision set going, the feedback (第十三条第三款) with the record and the copy it sets going,
the deadline mechanism's messages and the case's end. The workflow keeps the procedure's order
and its Updates with their validators in one list; the rules themselves are the pure functions
of duties.py, sanctions.py, assessment.py and notices.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import SHANGHAI_OFFSET, check_step
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.documents import ISSUE_DOCUMENT, DocumentRequest
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message
    from kernel.long_life import split_start
    from procedures.accountability import notices
    from procedures.accountability.assessment import assessment_facts
    from procedures.accountability.duties import feedback_start, judicial_administration, late
    from procedures.accountability.models import (
        DISCIPLINE_INSPECTION,
        FEEDBACK,
        FEEDBACK_CLAUSE,
        FEEDBACK_FROM_DECIDED_ON_PATCH,
        FEEDBACK_WORKING_DAYS,
        REFERRAL_PROPOSAL_PATCH,
        REVIEW_CLAUSE,
        TRANSFERS_PATCH,
        AccountabilityCarried,
        AccountabilityCase,
        AccountabilityResult,
        AccountabilityStatus,
        CaseReport,
        Decision,
        Feedback,
        Receipt,
        Review,
        Stage,
        cite,
    )
    from procedures.accountability.person_records import read_earlier_findings, write_findings
    from procedures.accountability.transfers import transfers
    from scoring.report import ScoreReport


class AccountabilityBase(CaseWorkflow):
    def _init_accountability(self, start: AccountabilityCase | AccountabilityCarried) -> None:
        """The case's state: from the judgment received, or as a run that took over carried it."""
        case: AccountabilityCase
        case, carried = split_start(start, AccountabilityCarried)
        self._case = case
        self._init_case(
            case.case_id, case.agency.code, Stage.AWAITING_REPORT, carried.case if carried else None
        )
        self._receiving_body = judicial_administration(case.agency)
        before = carried or AccountabilityCarried(started_with=case, case=self._carried_case())
        self._stage = Stage(before.case.stage)
        self._report: CaseReport | None = before.report
        self._review: Review | None = before.review
        self._assessment: ScoreReport | None = before.assessment
        self._decision: Decision | None = before.decision
        self._decided_at: datetime | None = before.decided_at
        self._feedback: Feedback | None = before.feedback
        self._documents: list[str] = list(before.documents)
        self._closing_reason: str | None = before.closing_reason
        # Claimed by the step's handler before its first await, so that a second report or
        # feedback sent in the same activation is refused by the validator (issue 15).
        self._report_claimed = before.report_claimed
        self._feedback_claimed = before.feedback_claimed
        # When the feedback was recorded (a thin step records it before its period is set).
        self._fed_back_at: datetime | None = before.fed_back_at

    def _continuation(self) -> list[Any]:
        return [self._carry(AccountabilityCarried)]

    # Every validator refuses in this order: the wrong stage (or the step already taken), then
    # what the step itself lacks, then its dates (checks.plausible).

    def _in_stage(self, accepted: bool, what: str, stage: Stage) -> None:
        if not accepted:
            raise ValueError(self._out_of_stage(f"{what} is accepted only in stage '{stage}'"))

    def _sound(self, step: BaseModel, problem: str | None = None) -> None:
        if problem:
            raise ValueError(problem)
        check_step(step, self._case, workflow.now())

    # -- the feedback (第十三条第三款): its record and the copy to 纪检监察 -----------------------

    def _take_feedback(self, feedback: Feedback) -> Receipt:
        """The thin step: recorded now; its record and the copy to 纪检监察 follow."""
        is_late = self._note_feedback(feedback)
        self._follow_up(
            "record_feedback", "feedback record", lambda: self._feedback_record(is_late)
        )
        self._follow_up(
            "record_feedback",
            f"copy to {DISCIPLINE_INSPECTION}",
            lambda: self._copy_feedback(is_late),
        )
        return self._receipt("fed back after the deadline" if is_late else "")

    def _note_feedback(self, feedback: Feedback) -> bool:
        """Record the feedback; whether it came after its deadline."""
        self._feedback = feedback
        self._fed_back_at = now = workflow.now()
        due = self._deadlines.get(FEEDBACK)
        # A feedback that comes while its period is still being computed (a thin step) came
        # within seconds of the decision's recording, from which the 3 working days run: on time.
        is_late = late(due, now)
        if due is not None:
            self._deadlines.meet(FEEDBACK)
        self._trail.record(
            feedback.submitted_by,
            "feedback_recorded",
            cite(FEEDBACK_CLAUSE),
            summary=feedback.summary,
            receiving_body=self._receiving_body,
            copied_to=DISCIPLINE_INSPECTION,
            late=is_late,
        )
        return is_late

    async def _feedback_record(self, is_late: bool) -> None:
        assert self._feedback and self._decision and self._decided_at and self._fed_back_at
        # A feedback taken while its period was computed is late if the decision was made long
        # before it was entered (第十三条第三款 counts from 处理决定作出): the period now says.
        is_late = is_late or late(self._deadlines.get(FEEDBACK), self._fed_back_at)
        await self._document(
            notices.feedback_record(
                self._case,
                self._decision,
                self._feedback,
                key=self._outputs.key("feedback-record"),
                decided_at=self._decided_at,
                fed_back_at=self._fed_back_at,
                receiving_body=self._receiving_body,
                # The feedback period is set by now: it was queued before this.
                due=self._deadlines[FEEDBACK],
                late=is_late,
            )
        )

    async def _copy_feedback(self, is_late: bool) -> None:
        assert self._feedback is not None and self._fed_back_at is not None
        is_late = is_late or late(self._deadlines.get(FEEDBACK), self._fed_back_at)
        subject, body = notices.feedback_copy(self._case, self._feedback, is_late)
        await self._outputs.notify(
            step="feedback-copy",
            recipient=DISCIPLINE_INSPECTION,
            subject=subject,
            body=body,
            cite=cite(FEEDBACK_CLAUSE),
        )

    # -- what the review and the decision set going -----------------------------------------------

    async def _assess(self, review: Review) -> ScoreReport:
        """第七条: the accountability assessment of the persons, with their earlier findings."""
        recorded = await read_earlier_findings(
            self._outputs, self._trail, self._case, together=not self.released
        )
        report: ScoreReport = await self._outputs.call(
            act.SCORE_FACTS,
            act.ScoreRequest(
                kind="accountability", facts=assessment_facts(self._case, review, recorded)
            ),
            ScoreReport,
        )
        self._assessment = report
        self._trail.record(
            SYSTEM,
            "assessment_attached",
            cite(REVIEW_CLAUSE),
            conclusion=report.grade,
            findings=[f"{line.clause}: {line.label}" for line in report.lines],
        )
        if review.refer_to is not None and self._patched(REFERRAL_PROPOSAL_PATCH):
            # 衢政办发〔2023〕5号 第十三条第二款 (seed 001 l.976): 提出处理建议,
            # 提交任免机关或者纪检监察机关.
            await self._document(
                notices.referral_proposal(
                    self._case,
                    review,
                    report,
                    key=self._outputs.key("referral-proposal"),
                    issued_at=workflow.now(),
                    proposing_body=self._receiving_body,
                )
            )
        return report

    async def _schedule_feedback(self) -> CaseDeadline:
        assert self._decided_at is not None and self._decision is not None
        # 衢政办发〔2023〕5号 第十三条第三款 处理决定作出后3个工作日内 (seed 001 l.978):
        # from the day the decision was made. Decisions entered before that day was asked ran
        # from their entry.
        start = self._decided_at
        decided_on = self._decision.decided_on
        if decided_on is not None and self._patched(FEEDBACK_FROM_DECIDED_ON_PATCH):
            start = feedback_start(decided_on)
        feedback = await self._deadlines.schedule(
            FEEDBACK,
            DeadlineKind.AGENCY_DUTY,
            cite(FEEDBACK_CLAUSE),
            start_at=start,
            length=FEEDBACK_WORKING_DAYS,
        )
        if self._fed_back_at is not None:
            # The feedback came while the period was being computed: met when it came, and
            # late if the decision was made long before (the trail says so: its record does).
            feedback.met_at = self._fed_back_at
            if late(feedback, self._fed_back_at):
                self._trail.record(SYSTEM, "feedback_found_late", feedback.citation)
        return feedback

    async def _transfer(self, decision: Decision) -> None:
        """衢政办发〔2023〕5号 第十四条 (seed 001 l.980): each person's 移送函 to 纪检监察机关
        or 组织人事部门."""
        if decision.decided_on is None or not self._patched(TRANSFERS_PATCH):
            return
        letters = transfers(
            self._case, decision, workflow_id=workflow.info().workflow_id, issued_at=workflow.now()
        )
        for letter in letters:
            await self._document(letter, "transfer_issued", transferred_to=letter.transferred_to)

    def _reviewed_on(self) -> date | None:
        """The day (Asia/Shanghai) the review was recorded: no decision is made before it."""
        for event in self._trail.events:
            if event.action == "report_reviewed":
                return event.at.astimezone(SHANGHAI_OFFSET).date()
        return None

    async def _write_findings(self, decision: Decision) -> None:
        assert self._review is not None
        await write_findings(
            self._outputs,
            self._trail,
            self._case,
            self._review,
            decision,
            workflow.info().workflow_id,
        )

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> AccountabilityStatus:
        return AccountabilityStatus(
            case_id=self._case.case_id,
            workflow_id=workflow.info().workflow_id,
            stage=Stage(self._stage),
            overdue=self.overdue,
            receiving_body=self._receiving_body,
            deadlines=list(self._deadlines.values()),
            events=self._trail.events,
            case=self._case,
            report=self._report,
            review=self._review,
            assessment=self._assessment,
            handling_decision=self._decision,
            decided_at=self._decided_at,
            feedback=self._feedback,
            documents=self._documents,
            closing_reason=self._closing_reason,
        )

    # -- hooks of the deadline mechanism ----------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return notices.reminder_message(self._case, self._receiving_body, deadline, reminder)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return notices.overdue_message(self._case, self._receiving_body, deadline)

    # -- helpers ----------------------------------------------------------------------------------

    async def _document(
        self, request: DocumentRequest, action: str | None = None, **details: Any
    ) -> None:
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, request)
        self._documents.append(delivery.location)
        step = request.key.rsplit("/", 1)[1]
        action = action or f"{step.replace('-', '_')}_issued"
        self._trail.record(SYSTEM, action, request.citation, location=delivery.location, **details)

    async def _close(
        self, stage: Stage, reason: str, citation: str = cite("第十三条")
    ) -> AccountabilityResult:
        await self._follow_through()
        self._closing_reason = reason
        await self._close_case(stage, citation, stage=stage.value, reason=reason)
        return AccountabilityResult(case_id=self._case.case_id, stage=stage, closing_reason=reason)

    def _receipt(self, detail: str) -> Receipt:
        return Receipt(
            case_id=self._case.case_id, stage=Stage(self._stage), at=workflow.now(), detail=detail
        )
