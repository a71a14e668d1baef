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

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import CaseDeadline, Reminder
    from contracts.service import Served
    from kernel.case_base import Message, carried
    from procedures.designation import messages
    from procedures.designation.acceptance import AcceptanceSteps
    from procedures.designation.evaluation import EvaluationSteps
    from procedures.designation.models import (
        APPLY,
        APPROVE,
        EVALUATE,
        INVESTIGATE,
        REPORT,
        REPORT_FALSE_MATERIALS,
        REQUEST_MATERIALS,
        REQUEST_REEVALUATION,
        REVIEW_ACCEPTANCE,
        SERVED,
        SIGN,
        SUPPLEMENT,
        DesignationCarried,
        DesignationCase,
        DesignationResult,
        DesignationStatus,
        Receipt,
        Stage,
    )
    from procedures.designation.service_steps import ServiceSteps
    from procedures.designation.signing import SigningSteps
    from procedures.designation.submissions import (
        AcceptanceReview,
        Application,
        Approval,
        Evaluation,
        FalseMaterials,
        Investigation,
        MaterialsRequest,
        ReevaluationRequest,
        Report,
        Signing,
        Supplement,
    )


# The workflow type new cases start as, and the type of the cases started before issue 20
# (ReplayRule.released): both registered, so that those run on.
WORKFLOW = "DesignationV2"
RELEASED_WORKFLOW = "Designation"


@workflow.defn(name=WORKFLOW)
class DesignationWorkflow(AcceptanceSteps, EvaluationSteps, SigningSteps, ServiceSteps):
    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: DesignationCase | DesignationCarried) -> None:
        self._init_designation(start)

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, start: DesignationCase | DesignationCarried) -> DesignationResult:
        if isinstance(start, DesignationCase):
            await self._open(start)
        else:
            self._rule()  # a run that took over takes its steps as the code now does (THIN)
        await self._carry_on()
        return await self._finish()

    async def _carry_on(self) -> None:
        """From the stage the case is in to its outcome. Each stage is a wait (the application,
        the batch day, the materials, the evaluation, the re-evaluation request, the notice,
        the meeting, the agreement); what follows it leaves the case in the next stage. A run
        that took over from a full one (long_life.py) resumes at the wait of its stage."""
        while self._outcome is None:
            stage = self._stage
            if stage is Stage.TRIAL_RUN:
                await self._until(lambda: self._application is not None, as_released=True)
            elif stage is Stage.AWAITING_BATCH:
                if await self._acceptance_review():
                    await self._accept()
            elif stage is Stage.SUPPLEMENTING and not self._supplement_window:
                # The evaluators' request (二(三)3): the clock stands until the materials are in.
                if await self._await_evaluation_materials():
                    await self._resume_evaluation_clock()
            elif stage is Stage.SUPPLEMENTING:
                if await self._await_supplementation():
                    if self._supplement_phase == "acceptance":
                        await self._accept()
                    else:
                        await self._resume_evaluation_clock()
            elif stage is Stage.EVALUATING:
                await self._await_evaluation()
            elif stage is Stage.RECTIFYING:
                await self._await_reevaluation()
            elif stage is Stage.PUBLIC_NOTICE:
                await self._await_notice()
            elif stage is Stage.APPROVAL:
                await self._await_approval()
            elif stage is Stage.SIGNING:
                await self._await_signing()
            else:
                # A bug, not a case that ends: the case stops in needs_attention (@carried).
                raise RuntimeError(f"no wait of a designation is in stage '{stage}'")

    # -- the steps: every Update with its validator, in the procedure's order ------------------
    # The bodies are the step modules' (acceptance.py, supplementation_steps.py, evaluation.py,
    # evaluation_clock.py, reevaluation.py, signing.py), which call the pure rules
    # (application.py, supplementation.py, evaluation_rules.py, approval.py).

    # the formal application after the trial run (二(三)2)
    @workflow.update(name=APPLY)
    async def apply(self, application: Application) -> Receipt:
        return await self._on_apply(application)

    @apply.validator
    def _validate_apply(self, application: Application) -> None:
        self._check_apply(application)

    # the quarterly acceptance review's findings (集中受理审查, 二(三)2)
    @workflow.update(name=REVIEW_ACCEPTANCE)
    def review_acceptance(self, review: AcceptanceReview) -> Receipt:
        return self._on_review_acceptance(review)

    @review_acceptance.validator
    def _validate_review(self, review: AcceptanceReview) -> None:
        self._check_review_acceptance(review)

    # how and when a notice opening the applicant's period was served (送达, issue 17)
    @workflow.update(name=SERVED)
    def served(self, served: Served) -> Receipt:
        return self._on_served(served)

    @served.validator
    def _validate_served(self, served: Served) -> None:
        self._check_served(served)

    # the materials asked for: 补正 (二(三)2) or 补充材料 during the evaluation (二(三)3)
    @workflow.update(name=SUPPLEMENT)
    def supplement(self, supplement: Supplement) -> Receipt:
        return self._on_supplement(supplement)

    @supplement.validator
    def _validate_supplement(self, supplement: Supplement) -> None:
        self._check_supplement(supplement)

    # the evaluators ask for materials; the 20-working-day clock stops (二(三)3)
    @workflow.update(name=REQUEST_MATERIALS)
    def request_materials(self, request: MaterialsRequest) -> Receipt:
        return self._on_request_materials(request)

    @request_materials.validator
    def _validate_request_materials(self, request: MaterialsRequest) -> None:
        self._check_request_materials(request)

    # the evaluation group's result, ≥85 passes (二(三)3)
    @workflow.update(name=EVALUATE)
    def evaluate(self, evaluation: Evaluation) -> Receipt:
        return self._on_evaluate(evaluation)

    @evaluate.validator
    def _validate_evaluate(self, evaluation: Evaluation) -> None:
        self._check_evaluate(evaluation)

    # re-evaluation after rectification (整改3个月后, 二(三)3)
    @workflow.update(name=REQUEST_REEVALUATION)
    def request_reevaluation(self, request: ReevaluationRequest) -> Receipt:
        return self._on_request_reevaluation(request)

    @request_reevaluation.validator
    def _validate_reevaluation(self, request: ReevaluationRequest) -> None:
        self._check_request_reevaluation(request)

    # a report received during the public notice (举报, 二(三)4)
    @workflow.update(name=REPORT)
    def report(self, report: Report) -> Receipt:
        return self._on_report(report)

    @report.validator
    def _validate_report(self, report: Report) -> None:
        self._check_report(report)

    # the investigation of the reports (二(三)4)
    @workflow.update(name=INVESTIGATE)
    def investigate(self, investigation: Investigation) -> Receipt:
        return self._on_investigate(investigation)

    @investigate.validator
    def _validate_investigate(self, investigation: Investigation) -> None:
        self._check_investigate(investigation)

    # the party-group meeting's review (党组会审议, 二(三)4)
    @workflow.update(name=APPROVE)
    def approve(self, approval: Approval) -> Receipt:
        return self._on_approve(approval)

    @approve.validator
    def _validate_approve(self, approval: Approval) -> None:
        self._check_approve(approval)

    # the signed service agreement (医保协议, 二(三)4)
    @workflow.update(name=SIGN)
    def sign(self, signing: Signing) -> Receipt:
        return self._on_sign(signing)

    @sign.validator
    def _validate_sign(self, signing: Signing) -> None:
        self._check_sign(signing)

    # verified false materials cancel the application (二(三)2)
    @workflow.update(name=REPORT_FALSE_MATERIALS)
    def report_false_materials(self, report: FalseMaterials) -> Receipt:
        return self._on_report_false_materials(report)

    @report_false_materials.validator
    def _validate_false_materials(self, report: FalseMaterials) -> None:
        self._check_report_false_materials(report)

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> DesignationStatus:
        return DesignationStatus(
            case_id=self._case.case_id,
            # What it is sending now: a reader asks the server for the attempts only then.
            pending_outputs=self._outputs.under_way(),
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
            evaluation_paused_on=self._paused_on,
            evaluation_working_days_used=self._evaluation_working_days_used,
            evaluations=self._evaluations,
            reevaluation_possible_from=self._reevaluation_from,
            reports=self._reports,
            approval=self._approval,
            agreement=self._agreement,
            restrictions_recorded=self._restrictions,
            deadlines=list(self._deadlines.values()),
            services=list(self._service.records.values()),
            events=self._trail.events,
            documents=self._documents,
            deliveries=self._outputs.deliveries,
        )

    # -- hooks of the deadline mechanism ----------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return messages.evaluation_reminder(self._case, deadline, reminder.working_days_before)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return messages.evaluation_overdue(self._case, deadline)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedDesignation(DesignationWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: DesignationCase | DesignationCarried) -> DesignationResult:
        return await super().run(start)
