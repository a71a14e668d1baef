"""Lost-lawsuit accountability (行政败诉责任追究): 衢政办发〔2023〕5号 第十三条.

The agency reports within 2 months of receiving the effective judgment (agency duty, Civil-Code
month rule with rest-day rollover); the judicial administration reviews it: no accountability on a
第九条 ground, or a proposal referred to the appointing authority or discipline inspection with the
accountability assessment (scoring.accountability) attached; the handling decision is recorded and
fed back within 3 working days (agency duty); the feedback closes the case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.documents import (
        ISSUE_DOCUMENT,
        AccountabilityFeedbackRecord,
        AccountabilityReportReceipt,
        DocumentRequest,
        PersonHandling,
    )
    from contracts.subject_records import (
        CLOSED,
        READ_SUBJECT_RECORD,
        REFUSED,
        WRITE_SUBJECT_RECORD,
        ReadSubject,
        RecordFinding,
        SubjectFacts,
        WriteSubject,
    )
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message, carried
    from kernel.long_life import split_start
    from kernel.replay_rule import THIN
    from procedures.accountability.models import (
        DISCIPLINE_INSPECTION,
        FEEDBACK_CLAUSE,
        FEEDBACK_WORKING_DAYS,
        PROCEDURE_TYPE,
        REPORT_CLAUSE,
        REPORT_MONTHS,
        REVIEW_CLAUSE,
        AccountabilityCarried,
        AccountabilityCase,
        AccountabilityResult,
        AccountabilityStatus,
        CaseReport,
        Decision,
        Feedback,
        Receipt,
        Review,
        ReviewOutcome,
        Stage,
        assessment_facts,
        case_findings,
        cite,
        decision_problem,
        judicial_administration,
        person_ref,
        recorded_earlier,
        report_problem,
        review_problem,
    )
    from scoring import accountability as rules
    from scoring.report import ScoreReport

REPORT = "report"
FEEDBACK = "feedback"


@workflow.defn(name="LostLawsuitAccountability")
class LostLawsuitAccountabilityWorkflow(CaseWorkflow):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: AccountabilityCase | AccountabilityCarried) -> None:
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
            return await self._close(Stage.NO_ACCOUNTABILITY, self._review_reason())
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

    # -- 案件分析整改报告 (2 months) ------------------------------------------------------------

    @workflow.update
    async def submit_report(self, report: CaseReport) -> Receipt:
        self._report_claimed = True
        # On replay the Update can come before the activity result that set the report period.
        await workflow.wait_condition(lambda: REPORT in self._deadlines)
        self._report = report
        self._deadlines.meet(REPORT)
        due = self._deadlines[REPORT]
        late = due.overdue or workflow.now() >= due.deadline.due_at
        self._stage = Stage.UNDER_REVIEW
        self._trail.record(
            report.submitted_by,
            "report_submitted",
            cite(REPORT_CLAUSE),
            causes=report.causes,
            rectification_measures=report.rectification_measures,
            accountability_proposals=report.accountability_proposals,
            receiving_body=self._receiving_body,
            late=late,
        )
        self._publish()
        document = AccountabilityReportReceipt(
            **self._shared("report-receipt", cite(REPORT_CLAUSE), workflow.now()),
            lost_case_body=self._case.lost_case.body_name,
            lost_case_number=self._case.lost_case.document_number,
            receiving_body=self._receiving_body,
            received_at=workflow.now(),
            due_at=due.deadline.due_at,
            late=late,
            causes=report.causes,
            rectification_measures=report.rectification_measures,
            accountability_proposals=report.accountability_proposals,
        )
        await self._after_step("submit_report", "report receipt", lambda: self._document(document))
        return self._receipt("reported after the deadline" if late else "")

    @submit_report.validator
    def _validate_report(self, report: CaseReport) -> None:
        if self._stage is not Stage.AWAITING_REPORT or self._report_claimed:
            raise ValueError(self._wrong_stage("a report", Stage.AWAITING_REPORT))
        problem = report_problem(report)
        if problem:
            raise ValueError(problem)
        check_step(report, self._case, workflow.now())

    # -- review by the judicial administration ---------------------------------------------------

    @workflow.update
    async def review(self, review: Review) -> Receipt:
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

    async def _assess(self, review: Review) -> ScoreReport:
        """第七条: the accountability assessment of the persons, with their earlier findings."""
        recorded = await self._read_earlier_findings()
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
        return report

    @review.validator
    def _validate_review(self, review: Review) -> None:
        if self._stage is not Stage.UNDER_REVIEW or self._review is not None:
            raise ValueError(self._wrong_stage("a review", Stage.UNDER_REVIEW))
        problem = review_problem(review)
        if problem:
            raise ValueError(problem)
        if review.outcome is ReviewOutcome.ACCOUNTABILITY:
            try:
                assessment_facts(self._case, review)
            except ValueError as err:
                raise ValueError(" ".join(str(err).split())) from None
        check_step(review, self._case, workflow.now())

    # -- the handling decision and its feedback (3 working days) ---------------------------------

    @workflow.update
    async def record_decision(self, decision: Decision) -> Receipt:
        self._decision = decision
        self._decided_at = workflow.now()
        self._trail.record(
            decision.decided_by,
            "decision_recorded",
            cite("第十一条、第十二条、第十四条"),
            agency_sanctions=decision.agency_sanctions,
            persons={
                p.person_id: {
                    "sanctions": p.sanctions,
                    "referrals": [r.value for r in p.referrals],
                }
                for p in decision.persons
            },
            reason=decision.reason,
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
            return self._receipt(
                f"feedback due within {FEEDBACK_WORKING_DAYS} working days; the due date "
                "follows in the status"
            )
        feedback = await self._schedule_feedback()
        self._stage = Stage.AWAITING_FEEDBACK
        self._publish()
        await self._write_findings(decision)
        return self._receipt(f"feedback due by {feedback.deadline.due_at.isoformat()}")

    async def _schedule_feedback(self) -> CaseDeadline:
        assert self._decided_at is not None
        feedback = await self._deadlines.schedule(
            FEEDBACK,
            DeadlineKind.AGENCY_DUTY,
            cite(FEEDBACK_CLAUSE),
            start_at=self._decided_at,
            length=FEEDBACK_WORKING_DAYS,
        )
        if self._fed_back_at is not None:
            # The feedback came while the period was being computed: met when it came.
            feedback.met_at = self._fed_back_at
        return feedback

    @record_decision.validator
    def _validate_decision(self, decision: Decision) -> None:
        if self._stage is not Stage.AWAITING_DECISION or self._decision is not None:
            raise ValueError(self._wrong_stage("a handling decision", Stage.AWAITING_DECISION))
        problem = decision_problem(self._case, decision)
        if problem:
            raise ValueError(problem)
        check_step(decision, self._case, workflow.now())

    @workflow.update
    async def record_feedback(self, feedback: Feedback) -> Receipt:
        self._feedback_claimed = True
        if self._thin():
            return self._take_feedback(feedback)
        # (Runs before THIN_STEPS_PATCH.) On replay the Update can come before the activity
        # result that set the feedback period; the handler then awaits the record and the copy.
        await workflow.wait_condition(lambda: FEEDBACK in self._deadlines)
        late = self._note_feedback(feedback)
        await self._feedback_record(late)
        await self._copy_feedback(late)
        return self._receipt("fed back after the deadline" if late else "")

    def _take_feedback(self, feedback: Feedback) -> Receipt:
        """The thin step: recorded now; its record and the copy to 纪检监察 follow."""
        late = self._note_feedback(feedback)
        self._follow_up("record_feedback", "feedback record", lambda: self._feedback_record(late))
        self._follow_up(
            "record_feedback", f"copy to {DISCIPLINE_INSPECTION}", lambda: self._copy_feedback(late)
        )
        return self._receipt("fed back after the deadline" if late else "")

    def _note_feedback(self, feedback: Feedback) -> bool:
        """Record the feedback; whether it came after its deadline."""
        self._feedback = feedback
        self._fed_back_at = now = workflow.now()
        due = self._deadlines.get(FEEDBACK)
        # A feedback that comes while its period is still being computed (a thin step) came
        # within seconds of the decision's recording, from which the 3 working days run: on time.
        late = bool(due and (due.overdue or now >= due.deadline.due_at))
        if due is not None:
            self._deadlines.meet(FEEDBACK)
        self._trail.record(
            feedback.submitted_by,
            "feedback_recorded",
            cite(FEEDBACK_CLAUSE),
            summary=feedback.summary,
            receiving_body=self._receiving_body,
            copied_to=DISCIPLINE_INSPECTION,
            late=late,
        )
        return late

    async def _feedback_record(self, late: bool) -> None:
        assert self._feedback and self._decision and self._decided_at and self._fed_back_at
        await self._document(
            AccountabilityFeedbackRecord(
                **self._shared("feedback-record", cite(FEEDBACK_CLAUSE), self._fed_back_at),
                receiving_body=self._receiving_body,
                summary=self._feedback.summary,
                agency_sanctions=self._decision.agency_sanctions,
                persons=[
                    PersonHandling(
                        person_id=p.person_id,
                        sanctions=p.sanctions,
                        referrals=[r.value for r in p.referrals],
                    )
                    for p in self._decision.persons
                ],
                decided_at=self._decided_at,
                received_at=self._fed_back_at,
                # The feedback period is set by now: it was queued before this.
                due_at=self._deadlines[FEEDBACK].deadline.due_at,
                late=late,
                copied_to=DISCIPLINE_INSPECTION,
            )
        )

    async def _copy_feedback(self, late: bool) -> None:
        assert self._feedback is not None
        await self._outputs.notify(
            step="feedback-copy",
            recipient=DISCIPLINE_INSPECTION,
            subject=f"追责处理结果抄送: {self._case.case_id}",
            body=(
                f"{self._case.agency.name} fed back the handling decision on case "
                f"{self._case.case_id}{' (late)' if late else ''}: {self._feedback.summary} "
                f"({cite(FEEDBACK_CLAUSE)})."
            ),
            cite=cite(FEEDBACK_CLAUSE),
        )

    @record_feedback.validator
    def _validate_feedback(self, feedback: Feedback) -> None:
        # On a run of an earlier kernel the handler waits for the feedback period; a thin one
        # records the feedback at once and the period's follow-up meets it.
        if (
            self._stage is not Stage.AWAITING_FEEDBACK
            or self._feedback_claimed
            or (FEEDBACK not in self._deadlines and self._kernel != THIN)
        ):
            raise ValueError(self._wrong_stage("feedback", Stage.AWAITING_FEEDBACK))
        check_step(feedback, self._case, workflow.now())

    # -- what supervisors see ----------------------------------------------------------------------

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

    # -- hooks of the deadline mechanism -----------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        what = "案件分析整改报告" if deadline.name == REPORT else "追责处理结果反馈"
        return (
            f"agency:{self._case.agency.code}",
            f"{what}期限提醒: {reminder.working_days_before} working day(s) left",
            f"Case {self._case.case_id}: the {deadline.name} to {self._receiving_body} is due by "
            f"{deadline.deadline.due_at.isoformat()} ({deadline.citation}).",
        )

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        what = "案件分析整改报告" if deadline.name == REPORT else "追责处理结果反馈"
        return (
            self._receiving_body,
            f"{what}逾期: {self._case.agency.name}",
            f"Case {self._case.case_id} ({self._case.agency.code}): the {deadline.name} was due "
            f"by {deadline.deadline.due_at.isoformat()} and has not been made "
            f"({deadline.citation}). The case keeps waiting for it.",
        )

    # -- the persons' subject records (第七条(一)) -------------------------------------------------

    async def _read_earlier_findings(self) -> dict[str, list[rules.EarlierFinding]]:
        """Each person's earlier accountability findings from their subject record (a person
        without a record reads as empty facts)."""
        recorded: dict[str, list[rules.EarlierFinding]] = {}
        for person in self._case.persons:
            facts: SubjectFacts = await self._outputs.call(
                READ_SUBJECT_RECORD,
                ReadSubject(ref=person_ref(person), as_of=None),
                SubjectFacts,
            )
            recorded[person.id] = recorded_earlier(self._case, facts)
        self._trail.record(
            SYSTEM,
            "earlier_findings_read",
            rules.REPEAT_CLAUSE,
            counts={person_id: len(found) for person_id, found in recorded.items()},
        )
        return recorded

    async def _write_findings(self, decision: Decision) -> None:
        """The case's findings on each sanctioned person's subject record. A refusal (e.g. the
        finding is already there, or the record is closed) is recorded and does not stop the
        case."""
        assert self._review is not None
        persons = {p.id: p for p in self._case.persons}
        for sanction in decision.persons:
            if not sanction.sanctions:
                continue
            person = persons[sanction.person_id]
            for finding in case_findings(
                self._case, self._review, person, workflow.info().workflow_id
            ):
                try:
                    await self._outputs.call(
                        WRITE_SUBJECT_RECORD,
                        WriteSubject(
                            ref=person_ref(person),
                            op=RecordFinding(
                                finding=finding,
                                actor=decision.decided_by,
                                source_case=workflow.info().workflow_id,
                            ),
                        ),
                        SubjectFacts,
                    )
                except ActivityError as err:
                    cause = err.cause
                    if isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED):
                        self._trail.record(
                            SYSTEM,
                            "finding_refused_by_subject_record",
                            cite("第十二条"),
                            person_id=person.id,
                            finding_id=finding.finding_id,
                            reason=cause.message,
                        )
                        continue
                    raise
                self._trail.record(
                    SYSTEM,
                    "finding_recorded_on_subject_record",
                    cite("第十二条"),
                    person_id=person.id,
                    finding_id=finding.finding_id,
                    indicator=finding.indicator,
                )

    # -- helpers ---------------------------------------------------------------------------------

    def _shared(self, step: str, citation: str, issued_at: datetime) -> dict[str, Any]:
        """The fields every accountability document carries; the agency is the subject."""
        agency = self._case.agency
        return {
            "key": self._outputs.key(step),
            "case_id": self._case.case_id,
            "agency_name": agency.name,
            "agency_code": agency.code,
            "issued_at": issued_at,
            "subject_name": agency.name,
            "subject_code": agency.code,
            "citation": citation,
        }

    async def _document(self, request: DocumentRequest) -> None:
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, request)
        self._documents.append(delivery.location)
        step = request.key.rsplit("/", 1)[1]
        self._trail.record(
            SYSTEM, f"{step.replace('-', '_')}_issued", request.citation, location=delivery.location
        )

    def _review_reason(self) -> str:
        assert self._review is not None
        grounds = [e.item.value for e in self._review.circumstances.exempt] + [
            m.item.value for m in self._review.circumstances.may_exempt
        ]
        return f"no accountability ({', '.join(grounds)}): {self._review.reason}"

    async def _close(self, stage: Stage, reason: str) -> AccountabilityResult:
        await self._follow_through()
        self._stage = stage
        self._closing_reason = reason
        self._trail.record(
            SYSTEM, "case_closed", cite("第十三条"), stage=stage.value, reason=reason
        )
        self._publish()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return AccountabilityResult(case_id=self._case.case_id, stage=stage, closing_reason=reason)

    def _wrong_stage(self, what: str, expected: Stage) -> str:
        return self._out_of_stage(f"{what} is accepted only in stage '{expected}'")

    def _receipt(self, detail: str) -> Receipt:
        return Receipt(
            case_id=self._case.case_id, stage=Stage(self._stage), at=workflow.now(), detail=detail
        )
