"""Medical-insurance credit objection: 10 working days to object, 10 to re-check (异议申诉).

衢医保发〔2021〕36号 四(三): the subject may object within 10 working days of the result's
publication (a *party window*: when it lapses unused the result becomes formal); the department
re-checks within 10 working days of receiving the objection and its supporting materials (an
*agency duty*: reminders, then overdue and escalated, and the case keeps waiting for the decision)
and feeds back its opinion on form 附件2. Either way the formal result is recorded in the
subject's credit file (the subject record), and a change of grade is sent to the subject by SMS.

The rules and the texts are pure step modules (filing.py, review.py, notices.py); this module
keeps the case's state, its three Updates with their validators, and the awaiting code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.documents import ISSUE_DOCUMENT
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message, carried
    from kernel.long_life import split_start
    from procedures.medical_objection import credit_file, notices, review
    from procedures.medical_objection.filing import (
        material_refs,
        objection_refusal,
        publication_instant,
        shanghai_day,
    )
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
        DecisionRecord,
        FiledObjection,
        MaterialsReceived,
        MaterialsSubmission,
        ObjectionForm,
        ReviewOutcome,
        Stage,
    )
    from procedures.medical_objection.status import (
        DecisionReceipt,
        MaterialsReceipt,
        MedicalObjectionCarried,
        MedicalObjectionOutcome,
        MedicalObjectionStatus,
        ObjectionReceipt,
    )
    from scoring.report import ScoreReport

FILING = "filing"  # the subject's objection window (party window)
REVIEW = "review"  # the department's re-check (agency duty)

T = TypeVar("T")


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
                CaseOutcome.FORMAL_WITHOUT_OBJECTION, formal_on=shanghai_day(closed_at)
            )
        else:
            # No clock while the materials are awaited: the re-check starts when they are in.
            await self._until(lambda: REVIEW in self._deadlines)
            await self._deadlines.watch(REVIEW, lambda: self._decision is not None)
            await workflow.wait_condition(
                lambda: review.decision_complete(self._decision, self._rescored)
            )
            await self._issue_feedback()
            await self._make_formal_after_review()
            if review.grade_changed(self._case.result, self._rescored):
                await self._send_grade_change_sms()

        self._stage = Stage.CLOSED
        self._trail.record(SYSTEM, "case_closed", OBJECTION_CITATION, outcome=self._outcome)
        self._publish()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._result()

    # -- the steps: each Update with its validator (validators refuse before anything is
    # recorded, so a refusal leaves the case untouched) ------------------------------------------

    @workflow.update(name="object")
    async def file_objection(self, form: ObjectionForm) -> ObjectionReceipt:
        """The objection (附件1), with or without its materials."""
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

    @file_objection.validator
    def _validate_objection(self, form: ObjectionForm) -> None:
        refusal = objection_refusal(
            self._case,
            self._objection,
            being_filed=self._filing,
            filing=self._deadlines.get(FILING),
            now=workflow.now(),
        )
        if refusal:
            raise ValueError(refusal)
        check_step(form, self._case, workflow.now())

    @workflow.update
    async def submit_materials(self, submission: MaterialsSubmission) -> MaterialsReceipt:
        """The supporting materials of an objection filed without them: the re-check starts."""
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
        deadline: CaseDeadline | None = None
        if self._thin():
            # The re-check starts now; its deadline follows (the receipt's `review` is None).
            self._begin_review("submit_materials", received_at)
        else:
            deadline = await self._start_review(received_at)
        return MaterialsReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            received_at=received_at,
            materials=material_refs(self._materials),
            review=deadline.deadline if deadline else None,
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

    @workflow.update
    async def decide(self, decision: DecisionRecord) -> DecisionReceipt:
        """The re-check's decision: upheld, or corrected facts to re-score (四(二))."""
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
        score, grade = review.final_values(self._case.result, self._rescored)
        return DecisionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            decided_at=self._decided_at,
            late=self._decided_late(),
            outcome=decision.outcome,
            final_score=None if pending else score,
            final_grade=None if pending else grade,
            grade_changed=None
            if pending
            else review.grade_changed(self._case.result, self._rescored),
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
        refusal = review.decision_refusal(self._case.result, decision)
        if refusal:
            raise ValueError(refusal)

    # -- the result published, the objection and the re-check ------------------------------------

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
        await credit_file.write(
            self._outputs,
            self._trail,
            self._case,
            notices.published_result(case, workflow.info().workflow_id, SYSTEM),
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

    def _begin_review(self, step: str, materials_in_at: datetime) -> None:
        self._review_from = materials_in_at
        self._stage = Stage.UNDER_REVIEW
        self._publish()
        self._follow_up(step, "re-check deadline", lambda: self._schedule_review(materials_in_at))

    async def _schedule_review(self, materials_in_at: datetime) -> CaseDeadline:
        deadline = await self._review_deadline(materials_in_at)
        if self._decided_at is not None:
            # Decided while the period was being computed: met when decided.
            deadline.met_at = self._decided_at
        self._publish()
        return deadline

    async def _start_review(self, materials_in_at: datetime) -> CaseDeadline:
        """(Runs before THIN_STEPS_PATCH.) The re-check's deadline, awaited in the step."""
        self._review_from = materials_in_at
        deadline = await self._review_deadline(materials_in_at)
        self._stage = Stage.UNDER_REVIEW
        self._publish()
        return deadline

    async def _review_deadline(self, materials_in_at: datetime) -> CaseDeadline:
        # 自收到异议申诉及证明材料之日起, 10个工作日内完成复查: their day of arrival not counted.
        return await self._deadlines.schedule(
            REVIEW,
            DeadlineKind.AGENCY_DUTY,
            OBJECTION_CITATION,
            start_at=materials_in_at,
            length=REVIEW_WORKING_DAYS,
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

    # -- after the decision: feedback (附件2), the credit file, the SMS --------------------------

    async def _issue_feedback(self) -> None:
        decision = _known(self._decision)
        feedback = notices.feedback(
            self._case,
            _known(self._objection),
            decision,
            self._rescored,
            key=self._outputs.key("feedback"),
            decided_at=_known(self._decided_at),
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
        decision = _known(self._decision)
        # 完成异议申诉处理的, 评价机构应形成正式的医疗保障信用评价结果: formal on the day decided.
        formal_on = shanghai_day(_known(self._decided_at))
        if decision.outcome is ReviewOutcome.UPHELD:
            await self._make_formal(CaseOutcome.UPHELD, formal_on=formal_on)
            return
        await self._make_formal(
            CaseOutcome.CORRECTED,
            formal_on=formal_on,
            corrected=(_known(self._rescored), decision.corrected_facts),
        )

    async def _make_formal(
        self,
        outcome: CaseOutcome,
        *,
        formal_on: date,
        corrected: tuple[ScoreReport, dict[str, Any] | None] | None = None,
    ) -> None:
        """无异议或完成异议申诉处理的 ... 形成正式的 ... 评价结果, 并记入信用主体的信用档案: the
        published result, or the re-scored one with its corrected facts."""
        report, facts = corrected or (None, None)
        score = report.total if report is not None else None
        grade = report.grade if report is not None else None
        result = self._case.result
        self._outcome = outcome
        self._final_score = result.score if score is None else score
        self._final_grade = result.grade if grade is None else grade
        self._formal_on = formal_on
        await credit_file.write(
            self._outputs,
            self._trail,
            self._case,
            notices.formal_result(
                self._case,
                workflow.info().workflow_id,
                SYSTEM,
                formal_on=formal_on,
                score=score,
                grade=grade,
                facts=facts,
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
        recipient, subject, body = notices.grade_change_sms(
            self._case, *review.final_values(self._case.result, self._rescored)
        )
        await self._outputs.notify(
            step="grade-change-sms",
            recipient=recipient,
            subject=subject,
            body=body,
            cite=SMS_CITATION,
        )

    # -- what supervisors see, and the deadline mechanism's messages -----------------------------

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
            waiting_for=notices.waiting_for(
                self._stage, self._deadlines.get(FILING), self._deadlines.get(REVIEW)
            ),
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

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return notices.review_reminder(self._case, deadline, reminder)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return notices.review_overdue(self._case, deadline)

    # -- helpers ----------------------------------------------------------------------------------

    def _objection_receipt(self) -> ObjectionReceipt:
        deadline = self._deadlines.get(REVIEW)
        return ObjectionReceipt(
            case_id=self._case.case_id,
            stage=self._stage,
            filed_at=_known(self._objection).filed_at,
            materials=material_refs(self._materials),
            review=deadline.deadline if deadline else None,
        )

    def _decided_late(self) -> bool:
        return review.decided_late(self._deadlines.get(REVIEW), _known(self._decided_at))

    def _result(self) -> MedicalObjectionOutcome:
        assert self._outcome is not None and self._formal_on is not None
        score, grade = review.final_values(self._case.result, self._rescored)
        return MedicalObjectionOutcome(
            case_id=self._case.case_id,
            outcome=self._outcome,
            final_score=score,
            final_grade=grade,
            formal_on=self._formal_on,
            late=self._decided_at is not None and self._decided_late(),
            documents=self._documents,
        )


def _known(value: T | None) -> T:
    """What the case's stage guarantees is there (the objection, the decision, the report):
    its absence is a bug, which fails the workflow task rather than the case."""
    assert value is not None
    return value
