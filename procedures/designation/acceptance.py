"""The pre-registration (预登记, 二(三)1), the application and the quarterly acceptance review
(受理申请, 衢医保发〔2023〕8号 二(三)2): the bodies of its steps (their Updates and validators are
listed in workflow.py) and the awaits; the rules are in application.py and checks.py, the
documents in notices.py."""

from __future__ import annotations

from datetime import date, timedelta

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts import activities as act
    from contracts.subject_records import (
        READ_SUBJECT_RECORD,
        SUBJECT_RECORD_IDS,
        ReadSubject,
        RecordIds,
        SubjectFacts,
    )
    from kernel.audit_trail import SYSTEM
    from procedures.designation import application as application_rules
    from procedures.designation import notices
    from procedures.designation.checks import non_acceptance_grounds
    from procedures.designation.clauses import (
        APPLICATION_BAR,
        APPLICATION_CLAUSE,
        NON_ACCEPTANCE_CLAUSE,
        PRE_REGISTRATION_CLAUSE,
        cite,
    )
    from procedures.designation.institution import Person
    from procedures.designation.materials import (
        missing_materials,
    )
    from procedures.designation.models import (
        FINAL_STAGES,
        DesignationCase,
        Outcome,
        PersonView,
        Receipt,
        Stage,
    )
    from procedures.designation.submissions import (
        AcceptanceFacts,
        AcceptanceReview,
        Application,
        FalseMaterials,
    )
    from procedures.designation.supplementation_steps import SupplementationSteps


class AcceptanceSteps(SupplementationSteps):
    """二(三)1 预登记 (the trial run begins) and 二(三)2 受理申请: the application after the trial
    run, the quarterly review with the non-acceptance cases and the materials, and false
    materials found."""

    # -- pre-registration (预登记, 二(三)1) ------------------------------------------------------

    async def _open(self, case: DesignationCase) -> None:
        """The pre-registration: the trial run begins; the people's records are found."""
        self._trail.record(
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
        ids: RecordIds = await self._outputs.call(
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

    # -- application (受理申请) --------------------------------------------------------------------

    async def _on_apply(self, application: Application) -> Receipt:
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
        record: SubjectFacts = await self._outputs.call(
            READ_SUBJECT_RECORD,
            ReadSubject(ref=self._case.institution.ref(), as_of=today),
            SubjectFacts,
        )
        bars = record.restrictions_in_force(APPLICATION_BAR, today)
        if bars:
            # Refused before anything is recorded: the case stays as it was.
            raise ApplicationError(application_rules.barred(bars), non_retryable=True)
        batch: act.AcceptanceBatch = await self._outputs.call(
            act.NEXT_ACCEPTANCE_BATCH, act.BatchRequest(after=today), act.AcceptanceBatch
        )
        self._application = application
        self._applied_at = workflow.now()
        self._handed_in = set(application.materials) | set(application.shared_materials)
        self._batch = batch
        self._stage = Stage.AWAITING_BATCH
        self._trail.record(
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
        return self._receipt(application_rules.received(batch))

    def _check_apply(self, application: Application) -> None:
        self._check_step(application, self._application_problem(application))

    def _application_problem(self, application: Application) -> str | None:
        if self._stage is not Stage.TRIAL_RUN or self._application is not None or self._applying:
            return self._out_of_stage("an application is accepted only once, after the trial run")
        return application_rules.too_early(
            self._case.pre_registered_on, self._today()
        ) or application_rules.unknown_materials(self._kind, application)

    def _on_review_acceptance(self, review: AcceptanceReview) -> Receipt:
        self._review = review
        self._trail.record(
            review.reviewer,
            "acceptance_review_findings_recorded",
            cite(APPLICATION_CLAUSE),
            nonconforming=sorted(review.nonconforming),
            extra_required=review.extra_required,
            facts=review.facts.model_dump(mode="json", exclude_defaults=True),
        )
        assert self._batch is not None
        return self._receipt(f"findings recorded for the review on {self._batch.day.isoformat()}")

    def _check_review_acceptance(self, review: AcceptanceReview) -> None:
        if self._stage is not Stage.AWAITING_BATCH:
            raise ValueError(
                self._out_of_stage(
                    "the acceptance review's findings are accepted only while the application "
                    "awaits the batch"
                )
            )
        self._check_step(
            review, application_rules.unknown_nonconforming(self._kind, review, self._required())
        )

    async def _acceptance_review(self) -> bool:
        """The quarterly review on the batch day; True when the application is accepted as it
        stands (予以受理). Otherwise the case ended (not accepted, cancelled) or the applicant
        was told what is missing (stage 'supplementing')."""
        batch = self._batch
        assert batch is not None
        await self._until_batch(batch)
        if self._halted():
            return await self._cancel()
        review_day = max(batch.day, self._today())
        institution, people = await self._read_records(review_day)
        facts = self._review.facts if self._review else AcceptanceFacts()
        self._grounds = non_acceptance_grounds(self._kind, facts, institution, people, review_day)
        self._missing = missing_materials(
            self._kind, self._case.institution.for_profit, self._handed_in, self._review
        )
        self._trail.record(
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
            await self._open_supplementation("acceptance")
            return False
        return True

    async def _until_batch(self, batch: act.AcceptanceBatch) -> None:
        """Until the batch day's office hours, or false materials found meanwhile; a run that
        is full hands over meanwhile (the next run waits for the same instant)."""
        while (delay := batch.at - workflow.now()) > timedelta(0):
            try:
                await workflow.wait_condition(
                    lambda: self._halted() or self._run_is_full(), timeout=delay
                )
            except TimeoutError:
                self._resumed()  # the review that follows is the case's own doing
                return
            if self._halted():
                return
            await self._hand_over()

    async def _read_records(
        self, day: date
    ) -> tuple[SubjectFacts, list[tuple[Person, SubjectFacts]]]:
        institution: SubjectFacts = await self._outputs.call(
            READ_SUBJECT_RECORD,
            ReadSubject(ref=self._case.institution.ref(), as_of=day),
            SubjectFacts,
        )
        people = []
        for person in self._case.institution.people:
            facts: SubjectFacts = await self._outputs.call(
                READ_SUBJECT_RECORD, ReadSubject(ref=person.ref(), as_of=day), SubjectFacts
            )
            people.append((person, facts))
        return institution, people

    async def _refuse_acceptance(self) -> None:
        clause = cite(NON_ACCEPTANCE_CLAUSE[self._kind.value])
        location = await self._issue(
            notices.non_acceptance_notice,
            "designation-refusal",
            received_on=self._applied_on(),
            grounds=self._grounds,
        )
        self._trail.record(SYSTEM, "non_acceptance_notice_issued", clause, document=location)
        self._close_with(
            Outcome.NOT_ACCEPTED,
            "; ".join(f"({g.case}) {g.reason}" for g in self._grounds),
        )

    # -- false materials (取消本次申请) -----------------------------------------------------------

    def _on_report_false_materials(self, report: FalseMaterials) -> Receipt:
        self._false_materials = report
        self._trail.record(
            report.verified_by,
            "false_materials_verified",
            cite(APPLICATION_CLAUSE),
            materials=report.materials,
            finding=report.finding,
        )
        return self._receipt("the application will be cancelled (取消本次申请)")

    def _check_report_false_materials(self, report: FalseMaterials) -> None:
        # Until the agreement is signed: after it, false materials are a matter for the
        # agreement (附件1 解除), not for this application.
        if (
            self._application is None
            or self._signing is not None
            or self._stage in FINAL_STAGES
            or self._false_materials is not None
        ):
            raise ValueError(
                self._out_of_stage("false materials cancel an application in progress only")
            )
        self._check_step(report)
