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

import asyncio
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities import contracts as act
    from activities.designation_document_contracts import (
        ClauseItem,
        DesignationAcceptance,
        DesignationAnnouncement,
        DesignationRefusal,
        EvaluationResultNotice,
        EvaluatorTotal,
        Period,
        SupplementationNotice,
    )
    from activities.document_contracts import ISSUE_DOCUMENT
    from activities.validation import describe
    from periods import SHANGHAI
    from scoring import designation as designation_scoring
    from scoring.report import ScoreReport
    from workflows.case_base import SYSTEM, CaseWorkflow, Message
    from workflows.case_records import CaseDeadline, DeadlineKind, Reminder
    from workflows.designation_checks import non_acceptance_grounds
    from workflows.designation_models import (
        ADMINISTRATIVE_DEPARTMENT,
        APPLICANT,
        APPLICATION_BAR,
        APPLICATION_CLAUSE,
        APPLY,
        APPROVAL_CLAUSE,
        APPROVE,
        EVALUATE,
        EVALUATION_CLAUSE,
        EVALUATION_GROUP,
        EVALUATION_WORKING_DAYS,
        FALSE_MATERIALS_BAR_MONTHS,
        FINAL_STAGES,
        FRAUDULENT_APPLICATION,
        INVESTIGATE,
        MATERIALS,
        NON_ACCEPTANCE_CLAUSE,
        PASS_MARK,
        PRE_REGISTRATION_CLAUSE,
        PROCEDURE_TYPE,
        PUBLICATION_WEBSITE,
        REAPPLICATION_AFTER_MONTHS,
        REEVALUATION_AFTER_MONTHS,
        REPORT,
        REPORT_FALSE_MATERIALS,
        REQUEST_MATERIALS,
        REQUEST_REEVALUATION,
        REVIEW_ACCEPTANCE,
        SECOND_FAILURE_BAR_MONTHS,
        SETTLEMENT_CLAUSE,
        SETTLEMENT_SYSTEM,
        SIGN,
        SUPERVISOR,
        SUPPLEMENT,
        SUPPLEMENT_WORKING_DAYS,
        TRIAL_RUN_MONTHS,
        AcceptanceFacts,
        AcceptanceReview,
        AgreementView,
        Application,
        Approval,
        DesignationCase,
        DesignationResult,
        DesignationStatus,
        Evaluation,
        EvaluationRecord,
        FalseMaterials,
        InstitutionKind,
        Investigation,
        MaterialsRequest,
        MissingItem,
        NonAcceptanceGround,
        Outcome,
        Person,
        PersonView,
        Receipt,
        ReevaluationRequest,
        Report,
        ReportRecord,
        Signing,
        Stage,
        Supplement,
        agreement_term_end,
        cite,
        missing_materials,
        required_materials,
    )
    from workflows.repair_models import months_later
    from workflows.subject_record_models import (
        READ_SUBJECT_RECORD,
        SUBJECT_RECORD_IDS,
        WRITE_SUBJECT_RECORD,
        Agreement,
        ReadSubject,
        RecordAgreement,
        RecordIds,
        RecordRestriction,
        Restriction,
        SubjectFacts,
        WriteSubject,
    )

SUPPLEMENT_WINDOW = "supplement"
EVALUATION = "evaluation"
PUBLIC_NOTICE = "public_notice"
EVALUATION_KIND = "designation-eval"
TABLES = {
    InstitutionKind.MEDICAL_INSTITUTION: "附件4 表1",
    InstitutionKind.PHARMACY: "附件4 表2",
}


@workflow.defn(name="Designation")
class DesignationWorkflow(CaseWorkflow):
    procedure_type = PROCEDURE_TYPE

    @workflow.init
    def __init__(self, case: DesignationCase) -> None:
        self._case = case
        self._kind = case.institution.kind
        self._init_case(case.case_id, case.agency.code, Stage.TRIAL_RUN)
        # 试运行3个月: full at the end of the corresponding day (a waiting time, not a period
        # for an act: a last day on a rest day is not moved); the application from the next day.
        self._trial_last_day = months_later(case.pre_registered_on, TRIAL_RUN_MONTHS)
        self._outcome: Outcome | None = None
        self._closing_reason: str | None = None
        self._application: Application | None = None
        self._applied_at: datetime | None = None
        self._applying = False
        self._batch: act.AcceptanceBatch | None = None
        self._review: AcceptanceReview | None = None
        self._grounds: list[NonAcceptanceGround] = []
        self._handed_in: set[str] = set()
        self._missing: list[MissingItem] = []
        self._supplement_phase = "acceptance"
        self._accepted_at: datetime | None = None
        # The evaluation clock: its start (acceptance, or the re-evaluation request) and the
        # completed pauses (paused on, resumed on) while the applicant held the file.
        self._clock_start: datetime | None = None
        self._pauses: list[tuple[date, date]] = []
        self._paused_on: date | None = None
        self._paused_working_days = 0
        self._pending_evaluation: Evaluation | None = None
        self._evaluations: list[EvaluationRecord] = []
        self._failures = 0
        self._reevaluation_from: date | None = None
        self._reevaluation: ReevaluationRequest | None = None
        self._reports: list[ReportRecord] = []
        self._substantiated: Investigation | None = None
        self._approval: Approval | None = None
        self._signing: Signing | None = None
        self._agreement: AgreementView | None = None
        self._false_materials: FalseMaterials | None = None
        self._restrictions: list[str] = []
        self._documents: list[str] = []
        self._deliveries: list[str] = []
        self._notice_working_days = 0
        self._ban_until: date | None = None
        self._people: list[PersonView] = []
        # The apply handler reads the record and the batch day (activities) before it accepts:
        # a second application must not slip in meanwhile.
        self._apply_lock = asyncio.Lock()

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
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
        policy: act.DesignationPolicy = await workflow.execute_activity(
            act.DESIGNATION_POLICY,
            result_type=act.DesignationPolicy,
            start_to_close_timeout=timedelta(seconds=30),
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

    # -- application (受理申请) --------------------------------------------------------------------

    @workflow.update(name=APPLY)
    async def apply(self, application: Application) -> Receipt:
        async with self._apply_lock:
            # Re-checked under the lock: two applications validated together must not both run.
            problem = self._application_problem(application)
            if problem:
                raise ApplicationError(problem, non_retryable=True)
            self._applying = True
            try:
                return await self._accept_application(application)
            finally:
                self._applying = False

    async def _accept_application(self, application: Application) -> Receipt:
        today = self._today()
        record: SubjectFacts = await self._call(
            READ_SUBJECT_RECORD,
            ReadSubject(ref=self._case.institution.ref(), as_of=today),
            SubjectFacts,
        )
        bars = record.restrictions_in_force(APPLICATION_BAR, today)
        if bars:
            # Refused before anything is recorded: the case stays as it was.
            raise ApplicationError(
                "application: "
                + "; ".join(
                    f"{r.text} ({r.clause}); a new application is possible from "
                    f"{(r.until + timedelta(days=1)).isoformat() if r.until else 'its lifting'}"
                    for r in bars
                ),
                non_retryable=True,
            )
        batch: act.AcceptanceBatch = await self._call(
            act.NEXT_ACCEPTANCE_BATCH, act.BatchRequest(after=today), act.AcceptanceBatch
        )
        self._application = application
        self._applied_at = workflow.now()
        self._handed_in = set(application.materials) | set(application.shared_materials)
        self._batch = batch
        self._stage = Stage.AWAITING_BATCH
        self._record(
            application.applicant,
            "application_received",
            cite(APPLICATION_CLAUSE),
            materials=sorted(application.materials),
            shared_materials=sorted(application.shared_materials),
            batch_day=batch.day.isoformat(),
            batch_rule=batch.rule,
            batch_provisional=batch.provisional,
        )
        self._publish()
        return self._receipt(
            f"application received; the quarterly acceptance review is on {batch.day.isoformat()}"
            + (
                " (provisional: that year's holiday notice is not yet loaded)"
                if batch.provisional
                else ""
            )
        )

    @apply.validator
    def _validate_apply(self, application: Application) -> None:
        problem = self._application_problem(application)
        if problem:
            raise ValueError(problem)

    def _application_problem(self, application: Application) -> str | None:
        if self._stage is not Stage.TRIAL_RUN or self._application is not None or self._applying:
            return (
                f"case {self._case.case_id} is in stage '{self._stage}': an application is "
                "accepted only once, after the trial run"
            )
        if self._today() <= self._trial_last_day:
            return (
                f"application: the 3-month trial run from the pre-registration on "
                f"{self._case.pre_registered_on.isoformat()} ends on "
                f"{self._trial_last_day.isoformat()}; an application is possible from "
                f"{self._application_from().isoformat()} "
                f"({cite(APPLICATION_CLAUSE)} 试运行满3个月后)"
            )
        known = MATERIALS[self._kind]
        unknown = sorted(
            code
            for code in [*application.materials, *application.shared_materials]
            if code not in known and code != "business_licence"
        )
        if unknown:
            return (
                f"materials: unknown material code(s) {', '.join(unknown)} for a "
                f"{self._kind.label}; known: {', '.join(known)}"
            )
        return None

    @workflow.update(name=REVIEW_ACCEPTANCE)
    def review_acceptance(self, review: AcceptanceReview) -> Receipt:
        self._review = review
        self._record(
            review.reviewer,
            "acceptance_review_findings_recorded",
            cite(APPLICATION_CLAUSE),
            nonconforming=sorted(review.nonconforming),
            extra_required=review.extra_required,
            facts=review.facts.model_dump(mode="json", exclude_defaults=True),
        )
        assert self._batch is not None
        return self._receipt(f"findings recorded for the review on {self._batch.day.isoformat()}")

    @review_acceptance.validator
    def _validate_review(self, review: AcceptanceReview) -> None:
        if self._stage is not Stage.AWAITING_BATCH:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': the acceptance "
                "review's findings are accepted only while the application awaits the batch"
            )
        unknown = sorted(c for c in review.nonconforming if c not in self._required())
        if unknown:
            raise ValueError(
                f"nonconforming: unknown material code(s) {', '.join(unknown)} for a "
                f"{self._kind.label}"
            )

    async def _acceptance(self) -> bool:
        """The quarterly review; True when the application is accepted (予以受理)."""
        batch = self._batch
        assert batch is not None
        delay = batch.at - workflow.now()
        if delay > timedelta(0):
            try:
                await workflow.wait_condition(self._halted, timeout=delay)
            except TimeoutError:
                pass
        if self._halted():
            return await self._cancel()
        review_day = max(batch.day, self._today())
        institution, people = await self._read_records(review_day)
        facts = self._review.facts if self._review else AcceptanceFacts()
        self._grounds = non_acceptance_grounds(self._kind, facts, institution, people, review_day)
        self._missing = missing_materials(
            self._kind, self._case.institution.for_profit, self._handed_in, self._review
        )
        self._record(
            SYSTEM,
            "acceptance_review_held",
            cite(APPLICATION_CLAUSE),
            review_day=review_day.isoformat(),
            non_acceptance=[f"({g.case}) {g.clause}: {g.reason}" for g in self._grounds],
            missing=[f"{m.text} [{m.clause}]" for m in self._missing],
        )
        if self._grounds:
            await self._refuse_acceptance()
            return False
        if self._missing:
            if not await self._supplementation("acceptance"):
                return False
        self._accepted_at = workflow.now()
        return True

    async def _read_records(
        self, day: date
    ) -> tuple[SubjectFacts, list[tuple[Person, SubjectFacts]]]:
        institution: SubjectFacts = await self._call(
            READ_SUBJECT_RECORD,
            ReadSubject(ref=self._case.institution.ref(), as_of=day),
            SubjectFacts,
        )
        people = []
        for person in self._case.institution.people:
            facts: SubjectFacts = await self._call(
                READ_SUBJECT_RECORD, ReadSubject(ref=person.ref(), as_of=day), SubjectFacts
            )
            people.append((person, facts))
        return institution, people

    async def _refuse_acceptance(self) -> None:
        clause = cite(NON_ACCEPTANCE_CLAUSE[self._kind.value])
        delivery = await self._deliver(
            ISSUE_DOCUMENT,
            DesignationRefusal(
                **self._addressing("designation-refusal", clause),
                decision="not_accepted",
                application_received_on=self._applied_on(),
                reasons=[ClauseItem(text=g.reason, clause=g.clause) for g in self._grounds],
            ),
        )
        self._documents.append(delivery.location)
        self._record(SYSTEM, "non_acceptance_notice_issued", clause, document=delivery.location)
        self._close_with(
            Outcome.NOT_ACCEPTED,
            "; ".join(f"({g.case}) {g.reason}" for g in self._grounds),
        )

    # -- supplementation (一次性告知, 5 working days) ---------------------------------------------

    async def _supplementation(self, phase: str) -> bool:
        """One notice of everything missing; True when the applicant supplemented it all in
        time, False when the case ended (abandoned, or cancelled meanwhile)."""
        self._supplement_phase = phase
        count = sum(1 for e in self._events if e.action == "supplementation_notice_issued")
        step = "supplementation" if count == 0 else f"supplementation-{count + 1}"
        # The notice is delivered electronically and taken as received when it is issued.
        window = await self._schedule(
            SUPPLEMENT_WINDOW,
            DeadlineKind.PARTY_WINDOW,
            cite(APPLICATION_CLAUSE),
            start_at=workflow.now(),
            length=SUPPLEMENT_WORKING_DAYS,
        )
        delivery = await self._deliver(
            ISSUE_DOCUMENT,
            SupplementationNotice(
                **self._addressing(step, cite(APPLICATION_CLAUSE)),
                phase="acceptance" if phase == "acceptance" else "evaluation",
                application_received_on=self._applied_on(),
                missing=[ClauseItem(text=m.text, clause=m.clause) for m in self._missing],
                window=_period(window, SUPPLEMENT_WORKING_DAYS),
                consequence=(
                    f"逾期不补正的视作放弃申请, 须3个月后方可再次申请 ({cite(APPLICATION_CLAUSE)})"
                ),
            ),
        )
        self._documents.append(delivery.location)
        self._record(
            SYSTEM,
            "supplementation_notice_issued",
            cite(APPLICATION_CLAUSE),
            phase=phase,
            document=delivery.location,
            missing=[m.text for m in self._missing],
            due_at=window.deadline.due_at.isoformat(),
        )
        self._stage = Stage.SUPPLEMENTING
        self._publish()
        supplied = await self._watch(SUPPLEMENT_WINDOW, lambda: not self._missing or self._halted())
        if self._halted():
            return await self._cancel()
        if not supplied:
            await self._abandon(window.deadline.last_day)
            return False
        self._meet(SUPPLEMENT_WINDOW)
        return True

    @workflow.update(name=SUPPLEMENT)
    def supplement(self, supplement: Supplement) -> Receipt:
        still = [m for m in self._missing if m.key not in supplement.materials]
        handed = sorted(m.key for m in self._missing if m.key in supplement.materials)
        self._handed_in |= set(supplement.materials)
        self._missing = still
        self._record(
            APPLICANT,
            "materials_supplemented",
            cite(APPLICATION_CLAUSE),
            materials=handed,
            still_missing=[m.text for m in still],
        )
        return self._receipt(
            "all requested materials received"
            if not still
            else "still missing: " + "; ".join(m.text for m in still)
        )

    @supplement.validator
    def _validate_supplement(self, supplement: Supplement) -> None:
        if self._stage is not Stage.SUPPLEMENTING or not self._missing:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': materials are "
                "supplemented only when a supplementation notice asked for them"
            )
        if not self._window_open(SUPPLEMENT_WINDOW):
            raise ValueError(
                "materials: the 5-working-day supplementation window has ended "
                f"({cite(APPLICATION_CLAUSE)})"
            )
        wanted = {m.key for m in self._missing}
        unknown = sorted(set(supplement.materials) - wanted)
        if unknown:
            raise ValueError(
                f"materials: {', '.join(unknown)} not asked for; the notice asks for "
                f"{', '.join(sorted(wanted))}"
            )

    async def _abandon(self, last_day: date) -> None:
        # 逾期不补正的视作放弃申请, 须3个月后方可再次申请: the 3 months run from the window's
        # last day (the day the application was deemed abandoned at its end).
        until = months_later(last_day, REAPPLICATION_AFTER_MONTHS)
        await self._restrict(
            APPLICATION_BAR,
            "逾期不补正, 视作放弃定点申请; 3个月内不得再次申请",
            cite(APPLICATION_CLAUSE),
            last_day + timedelta(days=1),
            until,
        )
        self._close_with(
            Outcome.ABANDONED,
            f"materials not supplemented within 5 working days (window ended "
            f"{last_day.isoformat()}); a new application is possible from "
            f"{(until + timedelta(days=1)).isoformat()}",
        )

    # -- false materials (取消本次申请) -----------------------------------------------------------

    @workflow.update(name=REPORT_FALSE_MATERIALS)
    def report_false_materials(self, report: FalseMaterials) -> Receipt:
        self._false_materials = report
        self._record(
            report.verified_by,
            "false_materials_verified",
            cite(APPLICATION_CLAUSE),
            materials=report.materials,
            finding=report.finding,
        )
        return self._receipt("the application will be cancelled (取消本次申请)")

    @report_false_materials.validator
    def _validate_false_materials(self, report: FalseMaterials) -> None:
        # Until the agreement is signed: after it, false materials are a matter for the
        # agreement (附件1 解除), not for this application.
        if (
            self._application is None
            or self._signing is not None
            or self._stage in FINAL_STAGES
            or self._false_materials is not None
        ):
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': false materials "
                "cancel an application in progress only"
            )

    def _halted(self) -> bool:
        return self._false_materials is not None

    async def _cancel(self) -> bool:
        report = self._false_materials
        assert report is not None
        found_on = self._today()
        until = months_later(found_on, FALSE_MATERIALS_BAR_MONTHS)
        clause = cite(f"{NON_ACCEPTANCE_CLAUSE[self._kind.value]}")
        await self._restrict(
            FRAUDULENT_APPLICATION,
            "以弄虚作假等不正当手段申请定点 (提供虚假材料): 自发现之日起3年内不予受理定点申请",
            clause,
            found_on,
            until,
        )
        delivery = await self._deliver(
            ISSUE_DOCUMENT,
            DesignationRefusal(
                **self._addressing("designation-cancellation", cite(APPLICATION_CLAUSE)),
                decision="cancelled",
                application_received_on=self._applied_on(),
                reasons=[
                    ClauseItem(
                        text=f"提供虚假材料 ({'、'.join(report.materials)}): {report.finding}",
                        clause=cite(APPLICATION_CLAUSE),
                    )
                ],
                restriction_until=until,
            ),
        )
        self._documents.append(delivery.location)
        self._record(
            SYSTEM,
            "cancellation_notice_issued",
            cite(APPLICATION_CLAUSE),
            document=delivery.location,
        )
        self._close_with(
            Outcome.CANCELLED,
            f"false materials verified by {report.verified_by}: {report.finding}; no "
            f"application accepted until {until.isoformat()}",
        )
        return False

    # -- evaluation (20 working days, the applicant's time excluded) -------------------------------

    async def _issue_acceptance(self) -> None:
        assert self._accepted_at is not None and self._batch is not None
        self._clock_start = self._accepted_at
        deadline = await self._schedule_evaluation()
        delivery = await self._deliver(
            ISSUE_DOCUMENT,
            DesignationAcceptance(
                **self._addressing("acceptance", cite(APPLICATION_CLAUSE)),
                application_received_on=self._applied_on(),
                batch_day=self._batch.day,
                accepted_on=self._accepted_at.astimezone(SHANGHAI).date(),
                evaluation=_period(deadline, EVALUATION_WORKING_DAYS),
            ),
        )
        self._documents.append(delivery.location)
        self._record(
            SYSTEM,
            "application_accepted",
            cite(APPLICATION_CLAUSE),
            document=delivery.location,
            evaluation_due_at=deadline.deadline.due_at.isoformat(),
        )

    async def _schedule_evaluation(self) -> CaseDeadline:
        assert self._clock_start is not None
        deadline = await self._schedule(
            EVALUATION,
            DeadlineKind.AGENCY_DUTY,
            cite(EVALUATION_CLAUSE),
            start_at=self._clock_start,
            length=EVALUATION_WORKING_DAYS,
            pauses=self._pauses,
        )
        return deadline

    async def _evaluation(self) -> bool:
        """Until an evaluation is submitted and scored; False when the case ended meanwhile."""
        while True:
            self._stage = Stage.EVALUATING
            self._publish()
            await self._watch(
                EVALUATION,
                lambda: (
                    self._pending_evaluation is not None
                    or self._paused_on is not None
                    or self._halted()
                ),
            )
            if self._halted():
                return await self._cancel()
            if self._pending_evaluation is not None:
                break
            # Materials requested: the clock stopped in the handler; the applicant holds the file.
            if not await self._supplementation("evaluation"):
                return False
            paused_on = self._paused_on
            assert paused_on is not None
            self._pauses.append((paused_on, self._today()))
            self._paused_on = None
            deadline = await self._schedule_evaluation()
            before = self._paused_working_days
            self._paused_working_days = deadline.paused_working_days
            self._record(
                SYSTEM,
                "evaluation_clock_resumed",
                cite(EVALUATION_CLAUSE),
                paused_on=paused_on.isoformat(),
                resumed_on=self._today().isoformat(),
                paused_working_days=self._paused_working_days - before,
                due_at=deadline.deadline.due_at.isoformat(),
            )
        evaluation = self._pending_evaluation
        self._pending_evaluation = None
        self._meet(EVALUATION)
        await self._score(evaluation)
        return True

    @workflow.update(name=REQUEST_MATERIALS)
    def request_materials(self, request: MaterialsRequest) -> Receipt:
        self._paused_on = self._today()
        self._pause(EVALUATION)
        self._missing = [
            MissingItem(key=f"extra-{n}", text=item, clause=cite(EVALUATION_CLAUSE))
            for n, item in enumerate(request.items, start=1)
        ]
        self._record(
            request.requested_by,
            "evaluation_clock_paused",
            cite(EVALUATION_CLAUSE),
            items=request.items,
            paused_on=self._paused_on.isoformat(),
        )
        return self._receipt(
            "the evaluation clock is stopped until the applicant supplies: "
            + "; ".join(request.items)
        )

    @request_materials.validator
    def _validate_request_materials(self, request: MaterialsRequest) -> None:
        if self._stage is not Stage.EVALUATING or self._paused_on is not None:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': materials are "
                "requested only during the evaluation"
            )
        if self._pending_evaluation is not None:
            raise ValueError("the evaluation has been submitted: no more materials requested")

    @workflow.update(name=EVALUATE)
    def evaluate(self, evaluation: Evaluation) -> Receipt:
        facts = dict(evaluation.facts)
        # The round is the case's, not the sheet's: a re-evaluation is scored as one.
        facts["previous_failures"] = self._failures
        self._pending_evaluation = evaluation.model_copy(update={"facts": facts})
        self._record(
            evaluation.group,
            "evaluation_submitted",
            cite(EVALUATION_CLAUSE),
            round=self._failures + 1,
            evaluators=[s.get("evaluator_id") for s in facts.get("evaluators", [])],
        )
        return self._receipt("evaluation received; the result follows")

    @evaluate.validator
    def _validate_evaluate(self, evaluation: Evaluation) -> None:
        if self._stage is not Stage.EVALUATING or self._pending_evaluation is not None:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': an evaluation is "
                "accepted only in stage 'evaluating'"
            )
        if self._paused_on is not None:
            raise ValueError("the evaluation waits for the materials requested from the applicant")
        try:
            facts = designation_scoring.Facts.model_validate(evaluation.facts).root
        except ValidationError as err:
            raise ValueError(f"facts: {describe(err)}") from None
        if facts.variant != self._kind.value:
            raise ValueError(
                f"facts.variant: '{facts.variant}' but the applicant is a "
                f"{self._kind.value} ({TABLES[self._kind]})"
            )
        if facts.institution_id != self._case.institution.uscc:
            raise ValueError(
                f"facts.institution_id: '{facts.institution_id}' is not the applicant's code "
                f"{self._case.institution.uscc}"
            )
        if facts.evaluation_date > self._today():
            raise ValueError(f"facts.evaluation_date: {facts.evaluation_date} is in the future")

    async def _score(self, evaluation: Evaluation) -> None:
        report: ScoreReport = await self._call(
            act.SCORE_FACTS,
            act.ScoreRequest(kind=EVALUATION_KIND, facts=evaluation.facts),
            ScoreReport,
        )
        assert report.total is not None
        vetoes = [a for a in report.adjustments if a.kind == "veto"]
        # 85分(含)以上的为合格, and a failed basic indicator is not qualified whatever the score.
        passed = bool(report.passed) and report.total >= PASS_MARK and not vetoes
        record = EvaluationRecord(
            round=self._failures + 1,
            group=evaluation.group,
            evaluated_at=workflow.now(),
            average=report.total,
            passed=passed,
            vetoes=[f"{a.reason} [{a.clause}]" for a in vetoes],
            report=report,
        )
        self._evaluations.append(record)
        self._record(
            evaluation.group,
            "evaluation_scored",
            cite(EVALUATION_CLAUSE),
            round=record.round,
            average=report.total,
            passed=passed,
            vetoes=record.vetoes,
        )
        totals = await self._evaluator_totals(evaluation)
        # 评估结果报同级医疗保障行政部门备案.
        await self._send(
            f"evaluation-filing-{record.round}",
            ADMINISTRATIVE_DEPARTMENT,
            "定点评估结果备案",
            f"{self._case.agency.name}: {self._case.institution.name} "
            f"({self._case.institution.uscc}) 定点评估第{record.round}次, 平均分 "
            f"{report.total:g}, {'合格' if passed else '不合格'} (案件 {self._case.case_id}).",
            "evaluation_result_filed",
            cite(EVALUATION_CLAUSE),
        )
        await self._result_notice(record, totals)

    async def _evaluator_totals(self, evaluation: Evaluation) -> list[EvaluatorTotal]:
        """Each member's total (the notice shows them beside the average): the same facts
        scored with that member's sheet alone."""
        totals = []
        for sheet in evaluation.facts.get("evaluators", []):
            single = {**evaluation.facts, "evaluators": [sheet]}
            report: ScoreReport = await self._call(
                act.SCORE_FACTS,
                act.ScoreRequest(kind=EVALUATION_KIND, facts=single),
                ScoreReport,
            )
            totals.append(
                EvaluatorTotal(evaluator_id=str(sheet["evaluator_id"]), total=report.total or 0)
            )
        return totals

    async def _result_notice(self, record: EvaluationRecord, totals: list[EvaluatorTotal]) -> None:
        report = record.report
        notice: Period | None = None
        reevaluation_from: date | None = None
        no_application_until: date | None = None
        today = self._today()
        if record.passed:
            window = await self._schedule(
                PUBLIC_NOTICE,
                DeadlineKind.PARTY_WINDOW,
                cite(EVALUATION_CLAUSE),
                start_at=workflow.now(),
                length=self._notice_working_days,
            )
            notice = _period(window, self._notice_working_days)
        elif self._failures == 0:
            # 自结果告知送达之日起, 整改3个月后可再次组织评估: delivered today, the 3 months are
            # full at the end of the corresponding day; a re-evaluation from the next day.
            reevaluation_from = months_later(today, REEVALUATION_AFTER_MONTHS) + timedelta(days=1)
            self._reevaluation_from = reevaluation_from
        else:
            no_application_until = months_later(today, SECOND_FAILURE_BAR_MONTHS)
        vetoes = [
            ClauseItem(text=a.reason, clause=a.clause)
            for a in report.adjustments
            if a.kind == "veto"
        ]
        lost = [
            line
            for line in report.lines
            if line.points is not None
            and line.max_points is not None
            and line.points < line.max_points
        ]
        reasons: list[ClauseItem] = []
        if not record.passed:
            reasons = [*vetoes]
            if record.average < PASS_MARK:
                reasons.append(
                    ClauseItem(
                        text=f"评估平均分 {record.average:g} 分, 低于85分",
                        clause=cite(EVALUATION_CLAUSE),
                    )
                )
            reasons += [
                ClauseItem(
                    text=f"{line.label}: {line.points:g}/{line.max_points:g} — {line.reason}",
                    clause=line.clause,
                )
                for line in lost
            ]
        advice = (
            []
            if record.passed
            else [f"整改{line.label}: {line.reason}" for line in lost]
            + [f"整改基础指标: {v.text}" for v in vetoes]
        )
        step = f"evaluation-result-{record.round}"
        delivery = await self._deliver(
            ISSUE_DOCUMENT,
            EvaluationResultNotice(
                **self._addressing(step, cite(EVALUATION_CLAUSE)),
                evaluation_round=record.round,
                average=record.average,
                passed=record.passed,
                evaluators=totals,
                vetoes=vetoes,
                reasons=reasons,
                rectification_advice=advice or ["按评估标准逐项整改"],
                public_notice=notice,
                reevaluation_possible_from=reevaluation_from,
                no_application_until=no_application_until,
            ),
        )
        self._documents.append(delivery.location)
        self._record(
            SYSTEM,
            "evaluation_result_delivered",
            cite(EVALUATION_CLAUSE),
            document=delivery.location,
            passed=record.passed,
            reevaluation_possible_from=reevaluation_from.isoformat() if reevaluation_from else None,
            no_application_until=(
                no_application_until.isoformat() if no_application_until else None
            ),
        )
        if record.passed and notice is not None:
            announcement = await self._deliver(
                ISSUE_DOCUMENT,
                DesignationAnnouncement(
                    **self._addressing(f"public-notice-{record.round}", cite(EVALUATION_CLAUSE)),
                    kind="public_notice",
                    address=self._case.institution.address,
                    average=record.average,
                    public_notice=notice,
                    report_to=self._case.agency.name,
                ),
            )
            self._documents.append(announcement.location)
            await self._send(
                f"publication-public-notice-{record.round}",
                PUBLICATION_WEBSITE,
                "定点评估结果公示",
                f"{self._case.institution.name} 定点评估合格 (平均分 {record.average:g}), 公示期至 "
                f"{notice.last_day.isoformat()}; 举报请向 {self._case.agency.name} 提出.",
                "public_notice_published",
                cite(EVALUATION_CLAUSE),
            )
        if no_application_until is not None:
            self._ban_until = no_application_until

    async def _bar_after_second_failure(self) -> None:
        until = self._ban_until
        assert until is not None
        today = self._today()
        await self._restrict(
            APPLICATION_BAR,
            "定点评估整改后仍不合格: 1年内不得再次申请定点",
            cite(EVALUATION_CLAUSE),
            today,
            until,
        )
        self._close_with(
            Outcome.FAILED,
            f"failed the re-evaluation (average {self._evaluations[-1].average:g}); no new "
            f"application until {until.isoformat()}",
        )

    # -- rectification and re-evaluation ----------------------------------------------------------

    async def _rectification(self) -> bool:
        self._stage = Stage.RECTIFYING
        self._reevaluation = None
        self._publish()
        await workflow.wait_condition(lambda: self._reevaluation is not None or self._halted())
        if self._halted():
            return await self._cancel()
        # The re-evaluation's 20 working days run from the request, with a fresh clock.
        self._clock_start = workflow.now()
        self._pauses = []
        self._paused_working_days = 0
        await self._schedule_evaluation()
        return True

    @workflow.update(name=REQUEST_REEVALUATION)
    def request_reevaluation(self, request: ReevaluationRequest) -> Receipt:
        self._reevaluation = request
        self._record(
            request.applicant,
            "reevaluation_requested",
            cite(EVALUATION_CLAUSE),
            rectification=request.rectification,
        )
        return self._receipt("re-evaluation requested: 20 working days from today")

    @request_reevaluation.validator
    def _validate_reevaluation(self, request: ReevaluationRequest) -> None:
        if self._stage is not Stage.RECTIFYING or self._reevaluation is not None:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': a re-evaluation is "
                "requested only after a failed evaluation"
            )
        assert self._reevaluation_from is not None
        if self._today() < self._reevaluation_from:
            raise ValueError(
                f"request: a re-evaluation is possible 3 months after the result was delivered, "
                f"from {self._reevaluation_from.isoformat()} ({cite(EVALUATION_CLAUSE)} "
                "整改3个月后可再次组织评估)"
            )

    # -- public notice (公示) and reports ---------------------------------------------------------

    async def _public_notice(self) -> bool:
        self._stage = Stage.PUBLIC_NOTICE
        self._publish()
        await self._watch(PUBLIC_NOTICE, lambda: self._substantiated is not None or self._halted())
        # Reports made during the notice are investigated before the case moves on.
        await workflow.wait_condition(
            lambda: (
                self._substantiated is not None
                or self._halted()
                or all(r.investigation is not None for r in self._reports)
            )
        )
        if self._halted():
            return await self._cancel()
        if self._substantiated is not None:
            self._close_with(
                Outcome.REPORT_SUBSTANTIATED,
                f"a report during the public notice was substantiated: "
                f"{self._substantiated.findings}",
            )
            return False
        return True

    @workflow.update(name=REPORT)
    def report(self, report: Report) -> Receipt:
        self._reports.append(ReportRecord(received_at=workflow.now(), report=report))
        self._record(
            report.reporter, "report_received", cite(APPROVAL_CLAUSE), content=report.content
        )
        return self._receipt("report received; it will be investigated (举报经查)")

    @report.validator
    def _validate_report(self, report: Report) -> None:
        if self._stage is not Stage.PUBLIC_NOTICE or not self._window_open(PUBLIC_NOTICE):
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': reports are received "
                "during the public notice only"
            )

    @workflow.update(name=INVESTIGATE)
    def investigate(self, investigation: Investigation) -> Receipt:
        now = workflow.now()
        for record in self._reports:
            if record.investigation is None:
                record.investigation = investigation
                record.investigated_at = now
        if investigation.substantiated:
            self._substantiated = investigation
        self._record(
            investigation.investigator,
            "report_investigated",
            cite(APPROVAL_CLAUSE),
            substantiated=investigation.substantiated,
            findings=investigation.findings,
        )
        return self._receipt(
            "report substantiated: the designation is refused"
            if investigation.substantiated
            else "report not substantiated (举报经查不属实)"
        )

    @investigate.validator
    def _validate_investigate(self, investigation: Investigation) -> None:
        if self._stage is not Stage.PUBLIC_NOTICE or all(
            r.investigation is not None for r in self._reports
        ):
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': no report awaits an "
                "investigation"
            )

    # -- party-group approval and signing ----------------------------------------------------------

    async def _approval_and_signing(self) -> bool:
        self._stage = Stage.APPROVAL
        self._publish()
        await workflow.wait_condition(lambda: self._approval is not None or self._halted())
        if self._halted():
            return await self._cancel()
        assert self._approval is not None
        if not self._approval.approved:
            self._close_with(Outcome.NOT_APPROVED, self._approval.reason)
            return False
        self._stage = Stage.SIGNING
        self._publish()
        await workflow.wait_condition(lambda: self._signing is not None or self._halted())
        if self._halted():
            return await self._cancel()
        return True

    @workflow.update(name=APPROVE)
    def approve(self, approval: Approval) -> Receipt:
        self._approval = approval
        self._record(
            "party-group",
            "party_group_reviewed",
            cite(APPROVAL_CLAUSE),
            meeting_on=approval.meeting_on.isoformat(),
            minutes=approval.minutes,
            approved=approval.approved,
            reason=approval.reason,
        )
        return self._receipt(
            "approved: designated, the agreement is to be signed"
            if approval.approved
            else "not approved"
        )

    @approve.validator
    def _validate_approve(self, approval: Approval) -> None:
        if self._stage is not Stage.APPROVAL or self._approval is not None:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': the party-group "
                "review is recorded only in stage 'approval'"
            )
        notice = self._deadlines[PUBLIC_NOTICE].deadline
        if approval.meeting_on <= notice.last_day or approval.meeting_on > self._today():
            raise ValueError(
                f"meeting_on: {approval.meeting_on} must be after the public notice ended "
                f"({notice.last_day.isoformat()}) and not in the future"
            )

    @workflow.update(name=SIGN)
    def sign(self, signing: Signing) -> Receipt:
        self._signing = signing
        self._record(
            signing.signed_by,
            "agreement_signed",
            cite(APPROVAL_CLAUSE),
            agreement_number=signing.agreement_number,
            signed_on=signing.signed_on.isoformat(),
            term_end=agreement_term_end(signing.signed_on).isoformat(),
        )
        return self._receipt(
            f"agreement {signing.agreement_number} signed, in force through "
            f"{agreement_term_end(signing.signed_on).isoformat()}"
        )

    @sign.validator
    def _validate_sign(self, signing: Signing) -> None:
        if self._stage is not Stage.SIGNING or self._signing is not None:
            raise ValueError(
                f"case {self._case.case_id} is in stage '{self._stage}': the agreement is "
                "signed only in stage 'signing'"
            )
        assert self._approval is not None
        if signing.signed_on < self._approval.meeting_on or signing.signed_on > self._today():
            raise ValueError(
                f"signed_on: {signing.signed_on} must be on or after the party-group meeting "
                f"({self._approval.meeting_on.isoformat()}) and not in the future"
            )

    async def _designate(self) -> None:
        signing = self._signing
        assert signing is not None
        term_end = agreement_term_end(signing.signed_on)
        agreement = Agreement(
            agreement_number=signing.agreement_number,
            signed_on=signing.signed_on,
            term_start=signing.signed_on,
            term_end=term_end,
            source_case=workflow.info().workflow_id,
        )
        await self._call(
            WRITE_SUBJECT_RECORD,
            WriteSubject(
                ref=self._case.institution.ref(),
                op=RecordAgreement(
                    agreement=agreement,
                    actor=self._case.agency.name,
                    source_case=workflow.info().workflow_id,
                ),
            ),
            SubjectFacts,
        )
        self._record(
            SYSTEM,
            "designation_recorded_on_subject_record",
            cite(APPROVAL_CLAUSE),
            agreement_number=agreement.agreement_number,
            term_end=term_end.isoformat(),
        )
        # 签订医保协议并向同级医疗保障行政部门备案.
        await self._send(
            "agreement-filing",
            ADMINISTRATIVE_DEPARTMENT,
            "医保协议备案",
            f"{self._case.agency.name} 与 {self._case.institution.name} "
            f"({self._case.institution.uscc}) 签订医保协议 {agreement.agreement_number}, "
            f"期限 {agreement.term_start.isoformat()} 至 {term_end.isoformat()}.",
            "agreement_filed",
            cite(APPROVAL_CLAUSE),
        )
        opened_on = self._today()
        # 开通相应的刷卡权限并向社会公告.
        await self._send(
            "settlement-opening",
            SETTLEMENT_SYSTEM,
            "开通医保刷卡权限",
            f"开通 {self._case.institution.name} ({self._case.institution.uscc}, "
            f"{self._kind.label}) 的医保刷卡结算权限, 自 {opened_on.isoformat()} 起, 协议 "
            f"{agreement.agreement_number} 至 {term_end.isoformat()}.",
            "card_settlement_opened",
            cite(SETTLEMENT_CLAUSE),
        )
        self._agreement = AgreementView(
            agreement_number=agreement.agreement_number,
            signed_on=signing.signed_on,
            signed_by=signing.signed_by,
            term_start=agreement.term_start,
            term_end=term_end,
            settlement_opened_on=opened_on,
        )
        announcement = await self._deliver(
            ISSUE_DOCUMENT,
            DesignationAnnouncement(
                **self._addressing("designation-announcement", cite(SETTLEMENT_CLAUSE)),
                kind="designation",
                address=self._case.institution.address,
                agreement_number=agreement.agreement_number,
                agreement_term_start=agreement.term_start,
                agreement_term_end=term_end,
                settlement_opened_on=opened_on,
            ),
        )
        self._documents.append(announcement.location)
        await self._send(
            "publication-designation",
            PUBLICATION_WEBSITE,
            "定点医药机构公告",
            f"{self._case.institution.name} ({self._case.institution.address}) 确定为医保定点"
            f"{self._kind.label}, 协议 {agreement.agreement_number} 至 {term_end.isoformat()}, "
            f"自 {opened_on.isoformat()} 起开通医保刷卡结算.",
            "designation_announced",
            cite(SETTLEMENT_CLAUSE),
        )
        self._close_with(Outcome.DESIGNATED, None)

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

    # -- helpers ----------------------------------------------------------------------------------

    def _close_with(self, outcome: Outcome, reason: str | None) -> None:
        self._outcome = outcome
        self._closing_reason = reason
        self._stage = outcome.stage
        self._record(
            SYSTEM,
            "case_closed",
            cite(APPROVAL_CLAUSE if outcome is Outcome.DESIGNATED else APPLICATION_CLAUSE),
            outcome=outcome.value,
            reason=reason,
        )
        self._publish()

    async def _finish(self) -> DesignationResult:
        assert self._outcome is not None
        await workflow.wait_condition(workflow.all_handlers_finished)
        return DesignationResult(
            case_id=self._case.case_id,
            outcome=self._outcome,
            closing_reason=self._closing_reason,
            agreement=self._agreement,
            documents=self._documents,
        )

    async def _restrict(
        self, kind: str, text: str, clause: str, from_day: date, until: date
    ) -> None:
        restriction = Restriction(
            text=f"{text} (案件 {self._case.case_id})",
            clause=clause,
            kind=kind,
            from_day=from_day,
            until=until,
        )
        await self._call(
            WRITE_SUBJECT_RECORD,
            WriteSubject(
                ref=self._case.institution.ref(),
                op=RecordRestriction(
                    restriction=restriction,
                    actor=self._case.agency.name,
                    source_case=workflow.info().workflow_id,
                ),
            ),
            SubjectFacts,
        )
        summary = f"{kind}: {from_day.isoformat()} – {until.isoformat()}"
        self._restrictions.append(summary)
        self._record(
            SYSTEM,
            "restriction_recorded_on_subject_record",
            clause,
            kind=kind,
            from_day=from_day.isoformat(),
            until=until.isoformat(),
        )

    async def _send(
        self, step: str, recipient: str, subject: str, body: str, action: str, citation: str
    ) -> None:
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
        self._deliveries.append(delivery.location)
        self._record(SYSTEM, action, citation, recipient=recipient, location=delivery.location)

    def _addressing(self, step: str, citation: str) -> dict[str, Any]:
        return {
            "key": self._key(step),
            "case_id": self._case.case_id,
            "agency_name": self._case.agency.name,
            "agency_code": self._case.agency.code,
            "issued_at": workflow.now(),
            "subject_name": self._case.institution.name,
            "subject_code": self._case.institution.uscc,
            "citation": citation,
            "institution_kind": self._kind.value,
        }

    def _required(self) -> set[str]:
        return set(required_materials(self._kind, self._case.institution.for_profit))

    def _receipt(self, detail: str) -> Receipt:
        return Receipt(
            case_id=self._case.case_id, stage=Stage(self._stage), at=workflow.now(), detail=detail
        )

    def _window_open(self, name: str) -> bool:
        return self._is_open(name) and workflow.now() < self._deadlines[name].deadline.due_at

    def _today(self) -> date:
        return workflow.now().astimezone(SHANGHAI).date()

    def _applied_on(self) -> date:
        assert self._applied_at is not None
        return self._applied_at.astimezone(SHANGHAI).date()

    def _application_from(self) -> date:
        return self._trial_last_day + timedelta(days=1)


def _period(deadline: CaseDeadline, working_days: int) -> Period:
    return Period(
        working_days=working_days,
        last_day=deadline.deadline.last_day,
        due_at=deadline.deadline.due_at,
    )
