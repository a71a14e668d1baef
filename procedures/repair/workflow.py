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

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts.case_records import DeadlineKind
    from contracts.documents import ISSUE_DOCUMENT
    from contracts.subject_records import (
        READ_SUBJECT_RECORD,
        ReadSubject,
        SubjectFacts,
    )
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import carried
    from periods import SHANGHAI
    from procedures.repair import notices, rescoring, review, taking_effect
    from procedures.repair.base import DECISION, RepairBase
    from procedures.repair.eligibility import NothingToRepair, finding_to_repair, refusal_grounds
    from procedures.repair.models import (
        APPLICATION_CLAUSE,
        DECISION_WORKING_DAYS,
        NOTICE_WORKING_DAYS,
        PROCEDURE_CLAUSE,
        PROCEDURE_TYPE,
        PUBLICATION_WEBSITE,
        REFUSAL_FORM_CLAUSE,
        REFUSAL_OBJECTION_WORKING_DAYS,
        DecisionOutcome,
        ExtensionRequest,
        Objection,
        ObjectionDecision,
        ObjectionKind,
        Receipt,
        RefusalGround,
        RepairCarried,
        RepairCase,
        RepairDecision,
        RepairOutcome,
        RepairResult,
        Rescore,
        Stage,
        cite,
    )
    from procedures.repair.objections import NOTICE, REFUSAL_OBJECTION


@workflow.defn(name="CreditRepair")
class CreditRepairWorkflow(RepairBase):
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

    async def _open_review(self) -> None:
        """Under review: the decision is due 10 working days from the clock's start."""
        self._decision = None
        self._decided_at = None
        self._clock_extension = 0
        await self._deadlines.schedule(
            DECISION,
            DeadlineKind.AGENCY_DUTY,
            cite(PROCEDURE_CLAUSE),
            start_at=self._clock_start,
            length=DECISION_WORKING_DAYS,
        )
        self._stage = Stage.UNDER_REVIEW
        self._publish()

    async def _await_decision(self) -> bool:
        """Until the decision; True when the repair is approved."""
        await self._deadlines.watch(DECISION, lambda: self._decision is not None)
        assert self._decision is not None
        return self._decision.outcome is DecisionOutcome.APPROVE

    @workflow.update
    async def decide(self, decision: RepairDecision) -> Receipt:
        # On replay the Update can come before the activity result that opened the review.
        await workflow.wait_condition(
            lambda: self._stage is Stage.UNDER_REVIEW or self._decision is not None
        )
        async with self._decision_lock:
            # Re-checked under the lock: two decisions validated together must not both apply.
            problem = self._decision_problem()
            if problem:
                raise ApplicationError(problem, non_retryable=True)
            return self._take_decision(decision)

    @decide.validator
    def _validate_decide(self, decision: RepairDecision) -> None:
        problem = self._decision_problem()
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

    async def _issue_refusal(self, grounds: list[RefusalGround], decided_at: datetime) -> None:
        """附件4, which opens its 5-working-day objection window."""
        self._refusal = grounds
        self._refusals += 1
        step = "repair-refusal" if self._refusals == 1 else f"repair-refusal-{self._refusals}"
        # The notice is taken as received when it is issued (the decision instant); the window
        # it announces is computed first so that the document can state its last day.
        window = await self._deadlines.schedule(
            REFUSAL_OBJECTION,
            DeadlineKind.PARTY_WINDOW,
            cite(REFUSAL_FORM_CLAUSE),
            start_at=decided_at,
            length=REFUSAL_OBJECTION_WORKING_DAYS,
        )
        refusal = notices.refusal_notice(
            self._case,
            self._require_finding(),
            grounds,
            key=self._outputs.key(step),
            issued_at=workflow.now(),
            window=window,
        )
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, refusal)
        self._documents.append(delivery.location)
        self._trail.record(
            SYSTEM,
            "refusal_notice_issued",
            cite(REFUSAL_FORM_CLAUSE),
            document=delivery.location,
            grounds=[f"{g.clause}: {g.reason}" for g in grounds],
            objection_due_at=window.deadline.due_at.isoformat(),
        )
        self._stage = Stage.REFUSAL_NOTIFIED
        self._publish()

    async def _await_refusal_objection(self) -> datetime | None:
        """Returns when the refusal is final (None) or when an objection to it was
        substantiated (the instant of that decision)."""
        if not await self._deadlines.watch(
            REFUSAL_OBJECTION, lambda: self._pending(ObjectionKind.REFUSAL)
        ):
            return None
        await self._until(lambda: not self._pending(ObjectionKind.REFUSAL), as_released=True)
        last = self._objections[-1]
        assert last.decision is not None and last.decided_at is not None
        await self._notify_party(
            f"refusal-objection-{self._refusals}",
            "不予信用修复异议处理结果",
            notices.refusal_objection_answer(self._case.case_id, last.decision),
            cite(REFUSAL_FORM_CLAUSE),
        )
        return last.decided_at if last.decision.substantiated else None

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

    # -- public notice (公示, 5 working days) and objections to it ---------------------------------

    async def _open_notice(self) -> None:
        """Publish the repair for 5 working days."""
        published_at = workflow.now()
        notice = await self._deadlines.schedule(
            NOTICE,
            DeadlineKind.PARTY_WINDOW,
            cite(PROCEDURE_CLAUSE),
            start_at=published_at,
            length=NOTICE_WORKING_DAYS,
        )
        await self._outputs.send(
            "publication-repair-notice",
            PUBLICATION_WEBSITE,
            "信用修复公示",
            notices.public_notice(self._case, self._require_finding(), notice.deadline.last_day),
            "repair_notice_published",
            cite(PROCEDURE_CLAUSE),
        )
        self._stage = Stage.NOTICE
        self._publish()

    async def _await_notice(self) -> bool:
        """Until the notice ends; False when an objection to it was substantiated."""
        while await self._deadlines.watch(NOTICE, lambda: self._pending(ObjectionKind.NOTICE)):
            # 公示期内有异议: the repair waits for the decision on the objection(s). The notice
            # period itself keeps running (the publication is not withdrawn meanwhile).
            await self._until(lambda: not self._pending(ObjectionKind.NOTICE), as_released=True)
            last = self._objections[-1]
            assert last.decision is not None
            if last.decision.substantiated:
                self._closing_reason = (
                    f"an objection to the public notice was substantiated: {last.decision.reason}"
                )
                await self._notify_party(
                    "notice-objection-substantiated",
                    "信用修复公示异议成立, 不予修复",
                    notices.notice_objection_upheld(self._case.case_id, last.decision),
                    cite(PROCEDURE_CLAUSE),
                )
                return False
            # Not substantiated: the notice goes on to its end (at once if it has ended).
            self._stage = Stage.NOTICE
            self._publish()
        return True

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

    # -- the repair takes effect -----------------------------------------------------------------

    async def _take_effect(self) -> RepairResult:
        self._stage = Stage.TAKING_EFFECT
        self._publish()
        finding = self._require_finding()
        notice = self._deadlines[NOTICE]
        today = workflow.now().astimezone(SHANGHAI).date()
        effective_on = notices.effective_on(today, notice.deadline.last_day)
        self._effective_on = effective_on
        # The credit file first: should it refuse (e.g. another case repaired the finding in the
        # meantime), nothing has been confirmed or unpublished.
        facts = await taking_effect.record_repair(
            self._case, finding, effective_on, outputs=self._outputs, trail=self._trail
        )
        if isinstance(facts, str):
            self._effective_on = None
            return await self._close(
                RepairOutcome.NOT_REPAIRED,
                cite(PROCEDURE_CLAUSE),
                f"the subject record refused the repair: {facts}",
            )
        self._documents.append(
            await taking_effect.confirm(
                self._case, finding, notice, effective_on, outputs=self._outputs, trail=self._trail
            )
        )
        await taking_effect.stop_publishing_and_report(
            self._case, finding, effective_on, outputs=self._outputs
        )
        self._rescore = Rescore()
        await rescoring.rescore_without(
            self._rescore,
            self._case,
            finding,
            facts,
            effective_on,
            outputs=self._outputs,
            trail=self._trail,
        )
        return await self._close(RepairOutcome.REPAIRED, cite(PROCEDURE_CLAUSE), None)
