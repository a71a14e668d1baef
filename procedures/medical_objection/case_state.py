"""The objection case's state and the small steps its Updates share (衢医保发〔2021〕36号 四(三)).

What the Updates of workflow.py record (the objection, its materials, the start of the re-check
and the re-scoring of corrected facts), what supervisors see (the status query), the deadline
mechanism's messages, and the case's result. The workflow keeps the procedure's awaits and its
Updates with their validators in one list; the rules and the texts are the pure functions of
filing.py, review.py and notices.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts import activities as act
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow, Message
    from kernel.long_life import split_start
    from procedures.medical_objection import notices, review
    from procedures.medical_objection.filing import material_refs
    from procedures.medical_objection.models import (
        GRADING_CITATION,
        OBJECTION_CITATION,
        OBJECTION_FORM_CITATION,
        REVIEW_WORKING_DAYS,
        SCORING_KIND,
        CaseOutcome,
        CaseRecord,
        DecisionRecord,
        FiledObjection,
        MaterialsReceived,
        ObjectionForm,
        Stage,
    )
    from procedures.medical_objection.status import (
        MedicalObjectionCarried,
        MedicalObjectionOutcome,
        MedicalObjectionStatus,
        ObjectionReceipt,
    )
    from scoring.report import ScoreReport

FILING = "filing"  # the subject's objection window (party window)
REVIEW = "review"  # the department's re-check (agency duty)

T = TypeVar("T")


class ObjectionCaseState(CaseWorkflow):
    def _init_objection(self, start: CaseRecord | MedicalObjectionCarried) -> None:
        """The case's state: from the published result, or as a run that took over carried it."""
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

    # -- the objection and the start of the re-check ---------------------------------------------

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

    # -- what supervisors see, and the deadline mechanism's messages -----------------------------

    @workflow.query
    def status(self) -> MedicalObjectionStatus:
        return MedicalObjectionStatus(
            case_id=self._case.case_id,
            # What it is sending now: a reader asks the server for the attempts only then.
            pending_outputs=self._outputs.under_way(),
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
            filed_at=known(self._objection).filed_at,
            materials=material_refs(self._materials),
            review=deadline.deadline if deadline else None,
        )

    def _decided_late(self) -> bool:
        return review.decided_late(self._deadlines.get(REVIEW), known(self._decided_at))

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


def known(value: T | None) -> T:
    """What the case's stage guarantees is there (the objection, the decision, the report):
    its absence is a bug, which fails the workflow task rather than the case."""
    assert value is not None
    return value
