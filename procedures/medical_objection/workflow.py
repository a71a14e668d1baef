"""Medical-insurance credit objection: 10 working days to object, 10 to re-check (异议申诉).

衢医保发〔2021〕36号 四(三): the subject may object within 10 working days of the result's
publication (a *party window*: when it lapses unused the result becomes formal); the department
re-checks within 10 working days of receiving the objection and its supporting materials (an
*agency duty*: reminders, then overdue and escalated, and the case keeps waiting for the decision)
and feeds back its opinion on form 附件2. Either way the formal result is recorded in the
subject's credit file (the subject record), and a change of grade is sent to the subject by SMS.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.documents import ISSUE_DOCUMENT, MedicalObjectionFeedback
    from contracts.subject_records import (
        CLOSED,
        REFUSED,
        WRITE_SUBJECT_RECORD,
        CreditResult,
        MarkResultFormal,
        RecordResult,
        SubjectFacts,
        SubjectWrite,
        WriteSubject,
    )
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message, carried
    from kernel.long_life import split_start
    from periods import SHANGHAI
    from procedures.medical_objection.models import (
        FEEDBACK_CITATION,
        FILING_WORKING_DAYS,
        GRADING_CITATION,
        OBJECTION_CITATION,
        OBJECTION_FORM_CITATION,
        PROCEDURE_TYPE,
        REVIEW_WORKING_DAYS,
        SCORING_KIND,
        SMS_CITATION,
        CaseOutcome,
        CaseRecord,
        DecisionReceipt,
        DecisionRecord,
        FiledObjection,
        MaterialsReceipt,
        MaterialsReceived,
        MaterialsSubmission,
        MedicalObjectionCarried,
        MedicalObjectionOutcome,
        MedicalObjectionStatus,
        ObjectionForm,
        ObjectionReceipt,
        ReviewOutcome,
        Stage,
        correction_problem,
        normalized_facts,
        publication_instant,
        window_end,
    )
    from scoring.report import ScoreReport

FILING = "filing"  # the subject's objection window (party window)
REVIEW = "review"  # the department's re-check (agency duty)


@workflow.defn(name="MedicalCreditObjection")
class MedicalCreditObjectionWorkflow(CaseWorkflow):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: CaseRecord | MedicalObjectionCarried) -> None:
        case: CaseRecord
        case, carried = split_start(start, MedicalObjectionCarried)
        self._case = case
        self._init_case(
            case.case_id, case.agency.code, Stage.RECEIVED, carried.case if carried else None
        )
        before = carried or MedicalObjectionCarried(started_with=case, case=self._carried_case())
        self._stage = Stage(before.case.stage)
        self._objection: FiledObjection | None = before.objection
        self._materials: list[MaterialsReceived] = list(before.materials)
        # When the objection AND its materials were in: the re-check counts from this day.
        self._review_from: datetime | None = before.review_from
        self._decision: DecisionRecord | None = before.decision
        self._decided_at: datetime | None = before.decided_at
        self._rescored: ScoreReport | None = before.rescored
        self._outcome: CaseOutcome | None = before.outcome
        self._final_score: float | None = before.final_score
        self._final_grade: str | None = before.final_grade
        self._formal_on: date | None = before.formal_on
        self._documents: list[str] = list(before.documents)
        # Claimed by the objection's handler before its first await (issue 15).
        self._filing = before.objection is not None

    def _continuation(self) -> list[Any]:
        return [self._carry(MedicalObjectionCarried)]

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, start: CaseRecord | MedicalObjectionCarried) -> MedicalObjectionOutcome:
        if isinstance(start, CaseRecord):
            await self._open(start)
        else:
            self._rule()  # a run that took over takes its steps as the code now does (THIN)
        # Each wait below is a condition on the case's state: a run that took over from a full
        # one (long_life.py) passes the waits already satisfied and watches on from there.
        if not await self._deadlines.watch(FILING, lambda: self._objection is not None):
            # 信用主体 ... 无异议: the result is formal from the instant the window closes.
            closed_at = self._deadlines[FILING].deadline.due_at
            await self._make_formal(
                CaseOutcome.FORMAL_WITHOUT_OBJECTION,
                formal_on=closed_at.astimezone(SHANGHAI).date(),
                actor=SYSTEM,
            )
        else:
            # No clock while the materials are awaited: the re-check starts when they are in.
            await self._until(lambda: REVIEW in self._deadlines)
            await self._deadlines.watch(REVIEW, lambda: self._decision is not None)
            await workflow.wait_condition(self._decision_complete)
            await self._issue_feedback()
            await self._make_formal_after_review()
            if self._grade_changed():
                await self._send_grade_change_sms()

        self._stage = Stage.CLOSED
        self._trail.record(SYSTEM, "case_closed", OBJECTION_CITATION, outcome=self._outcome)
        self._publish()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._result()

    async def _open(self, case: CaseRecord) -> None:
        """The result published: into the credit file, and the 10-working-day window."""
        result = case.result
        self._trail.record(
            SYSTEM,
            "result_published",
            GRADING_CITATION,
            result_id=result.result_id,
            published_on=result.published_on.isoformat(),
            score=result.score,
            grade=result.grade,
        )
        # The initial result goes into the credit file at once, marked not yet formal.
        await self._write_subject_record(
            RecordResult(
                result=CreditResult(
                    result_id=result.result_id,
                    kind="medical-credit",
                    published_on=result.published_on,
                    score=result.score,
                    grade=result.grade,
                    facts=result.facts,
                    formal=False,
                    source_case=workflow.info().workflow_id,
                ),
                actor=SYSTEM,
                source_case=workflow.info().workflow_id,
            ),
            "result_recorded_on_subject_record",
            GRADING_CITATION,
        )
        # 可在评价结果发布之日起, 10个工作日内 ... 提出异议申诉: from the publication day, which
        # itself is not counted.
        await self._deadlines.schedule(
            FILING,
            DeadlineKind.PARTY_WINDOW,
            OBJECTION_CITATION,
            start_at=publication_instant(result.published_on),
            length=FILING_WORKING_DAYS,
        )
        self._stage = Stage.OBJECTION_WINDOW
        self._publish()

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return (
            "reviewer",
            f"异议复查期限提醒: {reminder.working_days_before} working day(s) left",
            f"Case {self._case.case_id}: the re-check of the objection to credit result "
            f"{self._case.result.result_id} ({self._case.subject.name}) is due by "
            f"{window_end(deadline.deadline)} ({deadline.citation}).",
        )

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return (
            "supervisor",
            "异议复查逾期: re-check deadline missed",
            f"Case {self._case.case_id} ({self._case.agency.code}): the 10-working-day re-check "
            f"of the objection to credit result {self._case.result.result_id} was due by "
            f"{window_end(deadline.deadline)} and has no decision ({deadline.citation}). "
            "The case keeps waiting for the decision.",
        )

    # -- the objection (附件1): an Update with a validator ---------------------------------------

    @workflow.update(name="object")
    async def file_objection(self, form: ObjectionForm) -> ObjectionReceipt:
        # Claimed before the first await: a second objection in the same activation is refused.
        self._filing = True
        # On replay the Update can come before the activity result that opened the window.
        await workflow.wait_condition(lambda: FILING in self._deadlines)
        filed_at = self._note_objection(form)
        if not form.materials:
            return self._objection_receipt()
        if self._thin():
            # The re-check starts now; its deadline is computed by the case's loop (the
            # receipt's `review` is None then).
            self._begin_review("object", filed_at)
        else:
            await self._start_review(filed_at)
        return self._objection_receipt()

    def _note_objection(self, form: ObjectionForm) -> datetime:
        """The objection recorded (with its materials, if any); when it was filed."""
        filed_at = workflow.now()
        self._objection = FiledObjection(form=form, filed_at=filed_at)
        self._deadlines.meet(FILING)
        self._trail.record(
            form.applicant,
            "objection_filed",
            OBJECTION_FORM_CITATION,
            contact=form.contact,
            content=form.content,
            materials=form.materials,
        )
        if not form.materials:
            self._stage = Stage.AWAITING_MATERIALS
            self._trail.record(SYSTEM, "materials_awaited", OBJECTION_CITATION)
            self._publish()
            return filed_at
        self._materials.append(
            MaterialsReceived(
                refs=form.materials, received_at=filed_at, submitted_by=form.applicant
            )
        )
        return filed_at

    @file_objection.validator
    def _validate_objection(self, form: ObjectionForm) -> None:
        # Refusals leave the case untouched: validators run before anything is recorded.
        if self._objection is not None:
            raise ValueError(
                f"case {self._case.case_id}: an objection was already filed at "
                f"{_local(self._objection.filed_at)} (Asia/Shanghai); one objection per result"
            )
        if self._filing:
            raise ValueError(
                f"case {self._case.case_id}: an objection is being filed at this moment; one "
                "objection per result"
            )
        filing = self._deadlines.get(FILING)
        if filing is None:
            raise ValueError(
                f"case {self._case.case_id} is still opening its objection window; "
                "try again in a moment"
            )
        if filing.lapsed or workflow.now() >= filing.deadline.due_at:
            raise ValueError(
                f"filed_at: the objection window closed at {window_end(filing.deadline)}: "
                f"{FILING_WORKING_DAYS} working days from the result's publication on "
                f"{self._case.result.published_on.isoformat()} ({OBJECTION_CITATION}); "
                "the result becomes formal"
            )
        check_step(form, self._case, workflow.now())

    @workflow.update
    async def submit_materials(self, submission: MaterialsSubmission) -> MaterialsReceipt:
        received_at = workflow.now()
        self._materials.append(
            MaterialsReceived(
                refs=submission.refs,
                received_at=received_at,
                submitted_by=submission.submitted_by,
            )
        )
        self._trail.record(
            submission.submitted_by or "subject",
            "materials_received",
            OBJECTION_CITATION,
            refs=submission.refs,
        )
        review: CaseDeadline | None = None
        if self._thin():
            # The re-check starts now; its deadline follows (the receipt's `review` is None).
            self._begin_review("submit_materials", received_at)
        else:
            review = await self._start_review(received_at)
        return MaterialsReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            received_at=received_at,
            materials=self._material_refs(),
            review=review.deadline if review else None,
        )

    @submit_materials.validator
    def _validate_materials(self, submission: MaterialsSubmission) -> None:
        if self._stage is not Stage.AWAITING_MATERIALS or self._review_from is not None:
            raise ValueError(
                self._out_of_stage(
                    "materials are accepted only in stage 'awaiting_materials' "
                    "(an objection filed without them)"
                )
            )
        check_step(submission, self._case, workflow.now())

    def _begin_review(self, step: str, materials_in_at: datetime) -> None:
        self._review_from = materials_in_at
        self._stage = Stage.UNDER_REVIEW
        self._publish()
        self._follow_up(step, "re-check deadline", lambda: self._schedule_review(materials_in_at))

    async def _schedule_review(self, materials_in_at: datetime) -> CaseDeadline:
        # 自收到异议申诉及证明材料之日起, 10个工作日内完成复查: their day of arrival not counted.
        review = await self._deadlines.schedule(
            REVIEW,
            DeadlineKind.AGENCY_DUTY,
            OBJECTION_CITATION,
            start_at=materials_in_at,
            length=REVIEW_WORKING_DAYS,
        )
        if self._decided_at is not None:
            # Decided while the period was being computed: met when decided.
            review.met_at = self._decided_at
        self._publish()
        return review

    async def _start_review(self, materials_in_at: datetime) -> CaseDeadline:
        """(Runs before THIN_STEPS_PATCH.) The re-check's deadline, awaited in the step."""
        self._review_from = materials_in_at
        review = await self._deadlines.schedule(
            REVIEW,
            DeadlineKind.AGENCY_DUTY,
            OBJECTION_CITATION,
            start_at=materials_in_at,
            length=REVIEW_WORKING_DAYS,
        )
        self._stage = Stage.UNDER_REVIEW
        self._publish()
        return review

    # -- the re-check's decision: an Update with a validator -------------------------------------

    @workflow.update
    async def decide(self, decision: DecisionRecord) -> DecisionReceipt:
        thin = self._thin()
        if not thin:
            # On replay the Update can come before the activity result that started the review.
            await workflow.wait_condition(lambda: REVIEW in self._deadlines)
        self._decision = decision
        self._decided_at = workflow.now()
        if REVIEW in self._deadlines:  # a thin step may come before it is computed
            self._deadlines.meet(REVIEW)
        self._stage = Stage.NOTIFYING
        self._trail.record(
            decision.reviewer,
            "review_decided",
            OBJECTION_CITATION,
            outcome=decision.outcome.value,
            reason=decision.reason,
            # 10 working days from the materials: a decision before they are computed is on time.
            late=self._decided_late(),
        )
        self._publish()
        rescore = decision.corrected_facts is not None
        if rescore and thin:
            # Re-scored by the scoring activity after the receipt (the validator has checked
            # the facts): the receipt's final values are None then.
            self._follow_up("decide", "re-scored corrected facts", lambda: self._rescore(decision))
        elif rescore:
            await self._rescore(decision)
        pending = rescore and thin
        score, grade = self._final_values()
        return DecisionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            decided_at=self._decided_at,
            late=self._decided_late(),
            outcome=decision.outcome,
            final_score=None if pending else score,
            final_grade=None if pending else grade,
            grade_changed=None if pending else self._grade_changed(),
        )

    async def _rescore(self, decision: DecisionRecord) -> None:
        # Re-scored by the activity, so the report is in history: a later change of the
        # scoring rules never alters this decision on replay.
        report: ScoreReport = await self._outputs.call(
            act.SCORE_FACTS,
            act.ScoreRequest(kind=SCORING_KIND, facts=decision.corrected_facts or {}),
            ScoreReport,
        )
        self._rescored = report
        self._trail.record(
            SYSTEM,
            "result_rescored",
            GRADING_CITATION,
            score=report.total,
            grade=report.grade,
            published_score=self._case.result.score,
            published_grade=self._case.result.grade,
        )

    @decide.validator
    def _validate_decision(self, decision: DecisionRecord) -> None:
        if self._stage is not Stage.UNDER_REVIEW:
            raise ValueError(
                self._out_of_stage(
                    "a review decision is accepted only in stage 'under_review' "
                    "(objection and materials in)"
                )
            )
        check_step(decision, self._case, workflow.now())
        if decision.corrected_facts is None:
            return
        try:
            facts = normalized_facts(decision.corrected_facts)
        except ValueError as err:
            raise ValueError(f"corrected_facts: {err}") from None
        problem = correction_problem(self._case.result, facts)
        if problem:
            raise ValueError(problem)

    def _decision_complete(self) -> bool:
        decision = self._decision
        if decision is None:
            return False
        return decision.outcome is ReviewOutcome.UPHELD or self._rescored is not None

    # -- after the decision: feedback (附件2), the credit file, the SMS --------------------------

    async def _issue_feedback(self) -> None:
        decision = self._require_decision()
        decided_at = self._require_decided_at()
        objection = self._require_objection()
        result = self._case.result
        corrected = self._rescored
        feedback = MedicalObjectionFeedback(
            key=self._outputs.key("feedback"),
            case_id=self._case.case_id,
            agency_name=self._case.agency.name,
            agency_code=self._case.agency.code,
            issued_at=decided_at,
            subject_name=self._case.subject.name,
            subject_code=self._case.subject.code,
            citation=FEEDBACK_CITATION,
            objection_received_on=objection.filed_at.astimezone(SHANGHAI).date(),
            result_id=result.result_id,
            objection_summary=objection.form.content,
            outcome=decision.outcome.value,
            original_score=result.score,
            original_grade=result.grade,
            corrected_score=corrected.total if corrected else None,
            corrected_grade=corrected.grade if corrected else None,
            reasons=[decision.reason],
            reviewer=decision.reviewer,
            decided_at=decided_at,
            late=self._decided_late(),
        )
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, feedback)
        self._documents.append(delivery.location)
        self._trail.record(
            SYSTEM,
            "feedback_issued",
            FEEDBACK_CITATION,
            document=delivery.location,
            outcome=decision.outcome.value,
        )

    async def _make_formal_after_review(self) -> None:
        decision = self._require_decision()
        # 完成异议申诉处理的, 评价机构应形成正式的医疗保障信用评价结果: formal on the day decided.
        formal_on = self._require_decided_at().astimezone(SHANGHAI).date()
        if decision.outcome is ReviewOutcome.UPHELD:
            await self._make_formal(CaseOutcome.UPHELD, formal_on=formal_on, actor=SYSTEM)
            return
        report = self._require_rescored()
        await self._make_formal(
            CaseOutcome.CORRECTED,
            formal_on=formal_on,
            actor=SYSTEM,
            score=report.total,
            grade=report.grade,
            facts=decision.corrected_facts,
        )

    async def _make_formal(
        self,
        outcome: CaseOutcome,
        *,
        formal_on: date,
        actor: str,
        score: float | None = None,
        grade: str | None = None,
        facts: dict[str, object] | None = None,
    ) -> None:
        result = self._case.result
        self._outcome = outcome
        self._final_score = result.score if score is None else score
        self._final_grade = result.grade if grade is None else grade
        self._formal_on = formal_on
        await self._write_subject_record(
            MarkResultFormal(
                result_id=result.result_id,
                formal_on=formal_on,
                score=score,
                grade=grade,
                facts=facts,
                actor=actor,
                source_case=workflow.info().workflow_id,
            ),
            "result_formal",
            OBJECTION_CITATION,
            outcome=outcome.value,
            formal_on=formal_on.isoformat(),
            score=self._final_score,
            grade=self._final_grade,
        )

    async def _send_grade_change_sms(self) -> None:
        # 实时信用评价有结果变动时, 短信提醒该信用主体: the SMS gateway is the notification
        # activity (its local implementation writes the message to the outbox).
        result = self._case.result
        score, grade = self._final_values()
        await self._outputs.notify(
            step="grade-change-sms",
            recipient=f"subject-sms:{self._case.mobile or 'unknown'}",
            subject="医保信用评价结果变动提醒",
            body=(
                f"{self._case.subject.name}: 您的医疗保障信用评价结果(编号{result.result_id})经异议"
                f"复查更正为{score:g}分, 信用等级{grade} (原{result.score:g}分, {result.grade})。"
                f"—— {self._case.agency.name}"
            ),
            cite=SMS_CITATION,
        )

    async def _write_subject_record(
        self, op: SubjectWrite, action: str, cite: str, **details: object
    ) -> None:
        """Write to the subject's credit file (信用档案). A write the record refuses (the result
        is already there, or already formal, or the record was closed) does not stop the case:
        it is recorded with the record's reason for the agency to reconcile."""
        try:
            facts: SubjectFacts = await self._outputs.call(
                WRITE_SUBJECT_RECORD, WriteSubject(ref=self._case.subject, op=op), SubjectFacts
            )
        except ActivityError as err:
            cause = err.cause
            if isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED):
                self._trail.record(
                    SYSTEM, "subject_record_refused", cite, op=op.op, reason=cause.message
                )
                return
            raise
        held = facts.result(self._case.result.result_id)
        self._trail.record(
            SYSTEM,
            action,
            cite,
            formal=held.formal if held else None,
            **details,
        )

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> MedicalObjectionStatus:
        return MedicalObjectionStatus(
            case_id=self._case.case_id,
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            overdue=self.overdue,
            deadlines=list(self._deadlines.values()),
            events=self._trail.events,
            case=self._case,
            waiting_for=self._waiting_for(),
            objection=self._objection,
            materials=self._materials,
            review_started_at=self._review_from,
            decision=self._decision,
            decided_at=self._decided_at,
            rescored=self._rescored,
            outcome=self._outcome,
            final_score=self._final_score,
            final_grade=self._final_grade,
            formal_on=self._formal_on,
            documents=self._documents,
        )

    def _waiting_for(self) -> str | None:
        if self._stage is Stage.OBJECTION_WINDOW and FILING in self._deadlines:
            return (
                "the subject's objection (form 附件1), until "
                f"{window_end(self._deadlines[FILING].deadline)}; with none the result becomes "
                "formal"
            )
        if self._stage is Stage.AWAITING_MATERIALS:
            return (
                "the objection's supporting materials (证明材料): the 10-working-day re-check "
                "starts only when they are in (no deadline runs meanwhile)"
            )
        if self._stage is Stage.UNDER_REVIEW and REVIEW in self._deadlines:
            return (
                "the department's re-check decision, due by "
                f"{window_end(self._deadlines[REVIEW].deadline)}"
            )
        return None

    # -- helpers ----------------------------------------------------------------------------------

    def _objection_receipt(self) -> ObjectionReceipt:
        objection = self._require_objection()
        review = self._deadlines.get(REVIEW)
        return ObjectionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            filed_at=objection.filed_at,
            materials=self._material_refs(),
            review=review.deadline if review else None,
        )

    def _material_refs(self) -> list[str]:
        return [ref for received in self._materials for ref in received.refs]

    def _final_values(self) -> tuple[float, str]:
        if self._rescored is not None and self._rescored.total is not None:
            return self._rescored.total, self._rescored.grade or self._case.result.grade
        return self._case.result.score, self._case.result.grade

    def _grade_changed(self) -> bool:
        return self._final_values()[1] != self._case.result.grade

    def _decided_late(self) -> bool:
        review = self._deadlines.get(REVIEW)
        decided_at = self._require_decided_at()
        return bool(review) and (review.overdue or decided_at >= review.deadline.due_at)  # type: ignore[union-attr]

    def _result(self) -> MedicalObjectionOutcome:
        assert self._outcome is not None and self._formal_on is not None
        score, grade = self._final_values()
        return MedicalObjectionOutcome(
            case_id=self._case.case_id,
            outcome=self._outcome,
            final_score=score,
            final_grade=grade,
            formal_on=self._formal_on,
            late=self._decided_at is not None and self._decided_late(),
            documents=self._documents,
        )

    def _require_objection(self) -> FiledObjection:
        assert self._objection is not None
        return self._objection

    def _require_decision(self) -> DecisionRecord:
        assert self._decision is not None
        return self._decision

    def _require_decided_at(self) -> datetime:
        assert self._decided_at is not None
        return self._decided_at

    def _require_rescored(self) -> ScoreReport:
        assert self._rescored is not None
        return self._rescored


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
