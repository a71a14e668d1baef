"""Designation of a medical institution or retail pharmacy (医保定点): 衢医保发〔2023〕8号 二(三).

From the pre-registration (预登记) the institution runs a 3-month trial run without card settlement;
then it applies. Applications wait for the quarterly acceptance review (集中受理审查), which checks
the non-acceptance cases against the institution's and its people's subject records and the
agency's findings, and the materials: whatever is missing is told once, all at once (一次性告知),
and the applicant has 5 working days from receipt to supplement, or the application is deemed
abandoned (no new application for 3 months). Accepted, it is evaluated within 20 working days; the
evaluation clock stops while the applicant supplements materials (机构补充材料时间不计入评估期限).
An average of 85 or more without a veto passes: public notice, reports investigated, the
party-group meeting, the agreement to 31 December, filing, card settlement and its announcement.
Below 85: reasons and rectification advice, re-evaluation 3 months after delivery on request,
and a second failure bars a new application for 1 year. False materials cancel the application
at any stage (and the 3-year non-acceptance case (4)/(2) is recorded).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities import contracts as act
    from workflows.case_base import SYSTEM, Message, carried
    from workflows.case_records import CaseDeadline, Reminder
    from workflows.designation_acceptance import AcceptanceSteps
    from workflows.designation_evaluation import EvaluationSteps
    from workflows.designation_models import (
        EVALUATION_GROUP,
        PRE_REGISTRATION_CLAUSE,
        SUPERVISOR,
        DesignationCase,
        DesignationResult,
        DesignationStatus,
        PersonView,
        Stage,
        cite,
    )
    from workflows.designation_signing import SigningSteps
    from workflows.subject_record_models import (
        SUBJECT_RECORD_IDS,
        RecordIds,
    )


@workflow.defn(name="Designation")
class DesignationWorkflow(AcceptanceSteps, EvaluationSteps, SigningSteps):
    @workflow.init
    def __init__(self, case: DesignationCase) -> None:
        self._init_designation(case)

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, case: DesignationCase) -> DesignationResult:
        self._record(
            SYSTEM,
            "pre_registered",
            cite(PRE_REGISTRATION_CLAUSE),
            institution=case.institution.name,
            kind=self._kind.value,
            pre_registered_on=case.pre_registered_on.isoformat(),
            trial_run_last_day=self._trial_last_day.isoformat(),
            application_possible_from=self._application_from().isoformat(),
        )
        self._publish()
        ids: RecordIds = await self._call(
            SUBJECT_RECORD_IDS,
            RecordIds(refs=[p.ref() for p in case.institution.people]),
            RecordIds,
        )
        self._people = [
            PersonView(role=p.role, name=p.name, record_id=record_id)
            for p, record_id in zip(case.institution.people, ids.ids, strict=True)
        ]
        policy: act.DesignationPolicy = await self._activity(
            act.DESIGNATION_POLICY,
            result_type=act.DesignationPolicy,
            start_to_close_timeout=timedelta(seconds=30),
            heartbeat_timeout=act.HEARTBEAT_TIMEOUT,
        )
        self._notice_working_days = policy.notice_working_days
        await workflow.wait_condition(lambda: self._application is not None)
        if not await self._acceptance():
            return await self._finish()
        await self._issue_acceptance()
        while True:
            if not await self._evaluation():
                return await self._finish()
            record = self._evaluations[-1]
            if record.passed:
                break
            self._failures += 1
            if self._failures >= 2:
                await self._bar_after_second_failure()
                return await self._finish()
            if not await self._rectification():
                return await self._finish()
        if not await self._public_notice():
            return await self._finish()
        if not await self._approval_and_signing():
            return await self._finish()
        await self._designate()
        return await self._finish()

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> DesignationStatus:
        return DesignationStatus(
            case_id=self._case.case_id,
            workflow_id=workflow.info().workflow_id,
            stage=Stage(self._stage),
            outcome=self._outcome,
            closing_reason=self._closing_reason,
            overdue=self.overdue,
            institution_name=self._case.institution.name,
            institution_uscc=self._case.institution.uscc,
            institution_kind=self._kind,
            agency_code=self._case.agency.code,
            people=self._people,
            pre_registered_on=self._case.pre_registered_on,
            trial_run_last_day=self._trial_last_day,
            application_possible_from=self._application_from(),
            application=self._application,
            applied_at=self._applied_at,
            batch_day=self._batch.day if self._batch else None,
            non_acceptance=self._grounds,
            missing=self._missing,
            accepted_at=self._accepted_at,
            evaluation_paused_working_days=self._paused_working_days,
            evaluations=self._evaluations,
            reevaluation_possible_from=self._reevaluation_from,
            reports=self._reports,
            approval=self._approval,
            agreement=self._agreement,
            restrictions_recorded=self._restrictions,
            deadlines=list(self._deadlines.values()),
            events=self._events,
            documents=self._documents,
            deliveries=self._deliveries,
        )

    # -- hooks of the deadline mechanism ----------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return (
            EVALUATION_GROUP,
            f"定点评估期限提醒: {reminder.working_days_before} working day(s) left",
            f"Case {self._case.case_id}: the evaluation of {self._case.institution.name} is due "
            f"by {deadline.deadline.due_at.isoformat()} ({deadline.citation}).",
        )

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return (
            SUPERVISOR,
            "定点评估逾期: evaluation deadline missed",
            f"Case {self._case.case_id} ({self._case.agency.code}): the evaluation of "
            f"{self._case.institution.name} was due by {deadline.deadline.due_at.isoformat()} "
            f"({deadline.citation}). The case keeps waiting for the evaluation.",
        )
