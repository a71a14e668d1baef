"""Credit repair (信用修复): 衢医保发〔2021〕36号 六, forms 附件3–5.

The subject applies to the department that made the finding (六(一), 附件3 with the commitment
letter and the proof of rectification). From the subject record as of the acceptance day the case
checks the bars of 六(二); a barred application is refused in writing (附件4), which announces a
5-working-day objection window. An eligible application is decided within 10 working days of
acceptance (agency duty; extensions of at most 30 working days in total, each with its reason).
An approved repair is published for 5 working days (公示); an objection during the notice suspends
the repair until it is decided. When the notice ends with no objection standing, the repair takes
effect: it is recorded on the subject record, confirmed in writing (附件5), the dishonest record
stops being published, the repair is reported to the same-level credit management department,
and the subject's medical-credit score is recomputed without the repaired deduction.
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts.service import SERVED, Served
    from contracts.subject_records import (
        READ_SUBJECT_RECORD,
        ReadSubject,
        SubjectFacts,
    )
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from periods import SHANGHAI
    from procedures.repair import review
    from procedures.repair.eligibility import NothingToRepair, finding_to_repair, refusal_grounds
    from procedures.repair.models import (
        APPLICATION_CLAUSE,
        PROCEDURE_CLAUSE,
        PROCEDURE_TYPE,
        ExtensionRequest,
        Objection,
        ObjectionDecision,
        ObjectionKind,
        Receipt,
        RepairCarried,
        RepairCase,
        RepairDecision,
        RepairOutcome,
        RepairResult,
        Stage,
        cite,
    )
    from procedures.repair.stages import RepairStages


# The workflow type new cases start as, and the type of the cases started before issue 20
# (ReplayRule.released): both registered, so that those run on.
WORKFLOW = "CreditRepairV2"
RELEASED_WORKFLOW = "CreditRepair"


@workflow.defn(name=WORKFLOW)
class CreditRepairWorkflow(RepairStages):
    procedure_type = PROCEDURE_TYPE

    # A run hands over to a fresh one before its history grows too large (kernel/long_life.py).
    continues_as_new = True

    @workflow.init
    def __init__(self, start: RepairCase | RepairCarried) -> None:
        self._init_repair(start)

    # -- the procedure ---------------------------------------------------------------------------

    @workflow.run
    @carried
    async def run(self, start: RepairCase | RepairCarried) -> RepairResult:
        if isinstance(start, RepairCase):
            closed = await self._open(start)
            if closed is not None:
                return closed
        else:
            self._rule()  # a run that took over takes its steps as the code now does (THIN)
        return await self._carry_on()

    async def _open(self, case: RepairCase) -> RepairResult | None:
        """Acceptance: the finding and the bars of 六(二) as of the acceptance day. Returns the
        result when there is nothing to repair; otherwise the case is under review or refused."""
        accepted_on = case.accepted_at.astimezone(SHANGHAI).date()
        self._trail.record(
            SYSTEM,
            "application_accepted",
            cite(PROCEDURE_CLAUSE),
            accepted_at=case.accepted_at.isoformat(),
            finding_id=case.finding_id,
            applicant=case.application.applicant,
            commitment_letter=case.application.commitment_letter,
            rectification_proofs=case.application.rectification_proofs,
        )
        self._publish()
        facts: SubjectFacts = await self._outputs.call(
            READ_SUBJECT_RECORD,
            ReadSubject(ref=case.subject, as_of=accepted_on),
            SubjectFacts,
        )
        finding = finding_to_repair(facts, case.finding_id, accepted_on)
        if isinstance(finding, NothingToRepair):
            return await self._close(finding.outcome, cite(APPLICATION_CLAUSE), finding.reason)
        self._finding = finding
        eligibility = refusal_grounds(finding, facts, accepted_on)
        self._eligibility = eligibility
        self._trail.record(
            SYSTEM,
            "eligibility_checked",
            cite("六(二)"),
            eligible=eligibility.eligible,
            grounds=[f"{g.clause}: {g.reason}" for g in eligibility.grounds],
            found_on=finding.found_on.isoformat(),
            waiting_period_last_day=eligibility.waiting_period_last_day.isoformat(),
        )
        if eligibility.eligible:
            await self._open_review()
        else:
            await self._issue_refusal(eligibility.grounds, workflow.now())
        return None

    async def _carry_on(self) -> RepairResult:
        """The case from the stage it is in to its end. Each stage here is a wait (a decision,
        an objection, the notice's end), so a run that took over from a full one (long_life.py)
        resumes at its wait. Under review until approved; a refusal whose objection is
        substantiated comes back to review."""
        while True:
            if self._stage is Stage.UNDER_REVIEW:
                if await self._await_decision():
                    await self._open_notice()
                else:
                    assert self._decision is not None and self._decided_at is not None
                    await self._issue_refusal(
                        [review.reviewer_ground(self._decision)], self._decided_at
                    )
            elif self._stage in (Stage.REFUSAL_NOTIFIED, Stage.REFUSAL_OBJECTION):
                reopened_at = await self._await_refusal_objection()
                if reopened_at is None:
                    return await self._close_refused()
                self._clock_start = reopened_at
                await self._open_review()
            elif self._stage in (Stage.NOTICE, Stage.NOTICE_SUSPENDED):
                if not await self._await_notice():
                    return await self._close(
                        RepairOutcome.NOT_REPAIRED,
                        cite(PROCEDURE_CLAUSE),
                        self._closing_reason
                        or "an objection to the public notice was substantiated",
                    )
                return await self._take_effect()
            else:
                # A bug, not a case that ends: the case stops in needs_attention (@carried).
                raise RuntimeError(f"no wait of a repair is in stage '{self._stage}'")

    # -- review and decision (agency duty: 10 working days, extendable by at most 30) ------------

    @workflow.update
    async def decide(self, decision: RepairDecision) -> Receipt:
        # A decision sent while the case is still reading the record to open its review (the
        # moment it was started) is held until the case leaves 'received'; claimed before the
        # wait, so that a second one sent meanwhile is refused. On replay the Update can also
        # come before the activity result that opened the review.
        self._decision_held = True
        await workflow.wait_condition(
            lambda: self._stage is not Stage.RECEIVED or self._decision is not None
        )
        self._decision_held = False
        async with self._decision_lock:
            # Re-checked under the lock: two decisions validated together must not both apply.
            problem = self._decision_problem()
            if problem:
                raise ApplicationError(problem, non_retryable=True)
            return self._take_decision(decision)

    @decide.validator
    def _validate_decide(self, decision: RepairDecision) -> None:
        problem = self._decision_problem(arriving=True)
        if problem:
            raise ValueError(problem)
        check_step(decision, self._case, workflow.now())

    @workflow.update
    async def extend(self, request: ExtensionRequest) -> Receipt:
        if self._thin():
            return self._take_extension(request)
        async with self._decision_lock:
            problem = self._extension_problem(request)
            if problem:
                raise ApplicationError(problem, non_retryable=True)
            rescheduled = await self._reschedule(self._grant(request))
            assert rescheduled is not None  # no decision can come meanwhile: it takes the lock
            return self._receipt(review.extended_receipt(rescheduled, self._extension_total))

    @extend.validator
    def _validate_extend(self, request: ExtensionRequest) -> None:
        problem = self._extension_problem(request)
        if problem:
            raise ValueError(problem)
        check_step(request, self._case, workflow.now())

    # -- refusal (附件4) and the objection to it ---------------------------------------------------

    @workflow.update
    def object_to_refusal(self, objection: Objection) -> Receipt:
        return self._receive_objection(ObjectionKind.REFUSAL, objection)

    @object_to_refusal.validator
    def _validate_object_to_refusal(self, objection: Objection) -> None:
        self._check_objection(ObjectionKind.REFUSAL, objection)

    @workflow.update
    def decide_refusal_objection(self, decision: ObjectionDecision) -> Receipt:
        return self._decide_objections(ObjectionKind.REFUSAL, decision)

    @decide_refusal_objection.validator
    def _validate_decide_refusal_objection(self, decision: ObjectionDecision) -> None:
        self._check_objection_decision(ObjectionKind.REFUSAL, decision)

    # how and when the refusal (附件4) was served: its objection window starts then (issue 17)
    @workflow.update(name=SERVED)
    def served(self, served: Served) -> Receipt:
        return self._receipt(self._take_service(served))

    @served.validator
    def _validate_served(self, served: Served) -> None:
        if self._outcome is not None:
            raise ValueError(self._out_of_stage("a closed case waits for no service"))
        problem = self._service_problem(served)
        if problem:
            raise ValueError(problem)
        check_step(served, self._case, workflow.now())

    # -- public notice (公示, 5 working days) and objections to it ---------------------------------

    @workflow.update
    def object_to_notice(self, objection: Objection) -> Receipt:
        return self._receive_objection(ObjectionKind.NOTICE, objection)

    @object_to_notice.validator
    def _validate_object_to_notice(self, objection: Objection) -> None:
        self._check_objection(ObjectionKind.NOTICE, objection)

    @workflow.update
    def decide_notice_objection(self, decision: ObjectionDecision) -> Receipt:
        return self._decide_objections(ObjectionKind.NOTICE, decision)

    @decide_notice_objection.validator
    def _validate_decide_notice_objection(self, decision: ObjectionDecision) -> None:
        self._check_objection_decision(ObjectionKind.NOTICE, decision)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedCreditRepair(CreditRepairWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: RepairCase | RepairCarried) -> RepairResult:
        return await super().run(start)
