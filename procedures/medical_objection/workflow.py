"""Medical-insurance credit objection: 10 working days to object, 10 to re-check (异议申诉).

衢医保发〔2021〕36号 四(三): the subject may object within 10 working days of the result's
publication (a *party window*: when it lapses unused the result becomes formal); the department
re-checks within 10 working days of receiving the objection and its supporting materials (an
*agency duty*: reminders, then overdue and escalated, and the case keeps waiting for the decision)
and feeds back its opinion on form 附件2. Either way the formal result is recorded in the
subject's credit file (the subject record), which tells the subject of any change of score or
grade by SMS.

The rules and the texts are pure step modules (filing.py, review.py, notices.py); the case's
state, its status query and the small steps its Updates share are case_state.py, the steps after
the decision (附件2, the formal result, the SMS) formal_result.py. This module keeps the
procedure's awaits in order and its three Updates with their validators in one visible list.
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts.case_records import CaseDeadline, DeadlineKind
    from contracts.medical_objections import RELEASED_WORKFLOW, WORKFLOW
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from procedures.medical_objection import credit_file, notices, review
    from procedures.medical_objection.case_state import FILING, REVIEW
    from procedures.medical_objection.filing import (
        material_refs,
        objection_refusal,
        publication_instant,
        shanghai_day,
    )
    from procedures.medical_objection.formal_result import FormalResultSteps
    from procedures.medical_objection.models import (
        FILING_WORKING_DAYS,
        GRADING_CITATION,
        OBJECTION_CITATION,
        PROCEDURE_TYPE,
        CaseOutcome,
        CaseRecord,
        DecisionRecord,
        MaterialsReceived,
        MaterialsSubmission,
        ObjectionForm,
        Stage,
    )
    from procedures.medical_objection.status import (
        DecisionReceipt,
        MaterialsReceipt,
        MedicalObjectionCarried,
        MedicalObjectionOutcome,
        ObjectionReceipt,
    )


# From this version the SMS of a changed result is the subject record's (result_change.py there).
RESULT_CHANGE_SMS_PATCH = "result-change-sms"


@workflow.defn(name=WORKFLOW)
class MedicalCreditObjectionWorkflow(FormalResultSteps):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: CaseRecord | MedicalObjectionCarried) -> None:
        self._init_objection(start)

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
            # 实时信用评价有结果变动时, 短信提醒 (四(三)): since the patch the subject record, which
            # sees the corrected result replace the published one, tells the subject of any
            # change of score or grade; only a run from before sends the SMS itself.
            if not self._patched(RESULT_CHANGE_SMS_PATCH) and review.grade_changed(
                self._case.result, self._rescored
            ):
                await self._send_grade_change_sms()

        await self._close_case(Stage.CLOSED, OBJECTION_CITATION, outcome=self._outcome)
        return self._result()

    # -- the steps: each Update with its validator (validators refuse before anything is
    # recorded, so a refusal leaves the case untouched) ------------------------------------------

    @workflow.update(name="object")
    async def file_objection(self, form: ObjectionForm) -> ObjectionReceipt:
        """The objection (附件1), with or without its materials."""
        # Claimed before the first await: a second objection in the same activation is refused.
        self._filing = True
        # An objection sent the moment the case was started (its window's period still being
        # computed) is held until the window is open, then checked against it; on replay the
        # Update can also come before the activity result that opened the window.
        await workflow.wait_condition(lambda: FILING in self._deadlines)
        if not self.released and (refusal := self._objection_refusal(being_filed=False)):
            self._filing = False
            raise ApplicationError(refusal, non_retryable=True)
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
        # The window not yet open (its period still being computed): held by the handler.
        opening = FILING not in self._deadlines and not self.released and not self._filing
        refusal = None if opening else self._objection_refusal(being_filed=self._filing)
        if refusal:
            raise ValueError(refusal)
        check_step(form, self._case, workflow.now())

    def _objection_refusal(self, being_filed: bool) -> str | None:
        return objection_refusal(
            self._case,
            self._objection,
            being_filed=being_filed,
            filing=self._deadlines.get(FILING),
            now=workflow.now(),
        )

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

        async def record_result() -> None:
            await credit_file.write(
                self._outputs,
                self._trail,
                self._case,
                notices.published_result(case, workflow.info().workflow_id, SYSTEM),
                "result_recorded_on_subject_record",
                GRADING_CITATION,
            )

        if self.released:
            await record_result()  # a case of the released type wrote the record first
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
        if not self.released:
            # The window opens as soon as its period is computed, before the record is written:
            # an objection sent the moment the case starts waits only for that. The record
            # write follows in the case's loop, before anything a step queues after it.
            self._follow_up("open", "result recorded on the subject record", record_result)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedMedicalCreditObjection(MedicalCreditObjectionWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: CaseRecord | MedicalObjectionCarried) -> MedicalObjectionOutcome:
        return await super().run(start)
