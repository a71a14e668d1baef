"""A designated institution's agreement (医保服务协议), from signing to its end: 衢医保发〔2023〕8号
二(三)4, 五(三)–(六) and 附件1 一 (seed 001 lines 1616–1618, 1737–1867, 1895–1944).

One workflow per agreement (`agreement-<agreement number>`), started by the designation at
signing or from an agreement file. Its term runs to 31 December of the signing year, then a year
per renewal; its loop sleeps until the next moment of its life (life.py: the renewal negotiation,
the term's end, a 中止期's end, an institution's request taking effect, a 违约金 unpaid) and acts
on it; the agency's and the institution's steps are the Updates below, each with its validator.
Every step is answered at once: its documents, messages, record writes and deadlines follow in
the loop (kernel/follow_ups.py). The agreement lives for years and continues as new before its
history grows too large (kernel/long_life.py).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.agreements import RELEASED_WORKFLOW, WORKFLOW
    from contracts.performance_results import ASSESS, PerformanceResult
    from kernel.case_base import carried
    from procedures.agreement import assessment, notices, steps
    from procedures.agreement.carrying_out import CarryingOut
    from procedures.agreement.case import (
        PROCEDURE_TYPE,
        AgreementCarried,
        AgreementCase,
        AgreementResult,
        Change,
        ChangeKind,
        ChangeRecord,
        Consent,
        Decision,
        MoveDecision,
        PenaltyPaid,
        PendingRequest,
        Receipt,
        RectificationCheck,
        Renewal,
        Request,
        Resume,
        SettlementRestored,
        Stage,
        TerminationStep,
    )
    from procedures.agreement.ladder import cite
    from procedures.agreement.life import moments
    from procedures.agreement.models import RequestKind
    from procedures.agreement.term import REQUEST_CLAUSE, SUSPENSION_CLAUSE, WORDS


@workflow.defn(name=WORKFLOW)
class MedicalAgreementWorkflow(CarryingOut):
    procedure_type = PROCEDURE_TYPE
    continues_as_new = True

    @workflow.init
    def __init__(self, start: AgreementCase | AgreementCarried) -> None:
        self._init_agreement(start)

    @workflow.run
    @carried
    async def run(self, start: AgreementCase | AgreementCarried) -> AgreementResult:
        if isinstance(start, AgreementCase):
            self._open()
        # An ended agreement stays open while a 违约金 is unpaid: the duty outlives the agreement
        # (附件1 一(四): the accounts are settled and cleared after a 解除).
        while self._s.closing_reason is None or self._unpaid():
            if self._run_is_full():
                await self._hand_over()
            upcoming = moments(
                self._s, Stage(self._stage), self._deadlines.by_name, self._case.renewal_lead_months
            )
            seen = self._revision

            def woken() -> bool:
                return (
                    self._revision != seen  # noqa: B023
                    or (self._s.closing_reason is not None and not self._unpaid())
                    or self._run_is_full()
                )

            if not upcoming:
                await workflow.wait_condition(woken)
                continue
            delay = upcoming[0].at - workflow.now()
            if delay > timedelta(0):
                try:
                    await workflow.wait_condition(woken, timeout=delay)
                    continue
                except TimeoutError:
                    self._resumed()
            await self._arrive(upcoming[0])
        return await self._close()

    # -- the steps: every Update with its validator ----------------------------------------------
    #
    #   decide              the agency       a handling decision of 五(三)1–5
    #   pay_penalty         the agency       the 违约金 paid (五(五), 30 days)
    #   restore_settlement  the agency       暂停联网结算 lifted (五(三)1)
    #   check               the agency       整改验收 after a 中止期 (五(六))
    #   renew               the agency       续签 with the performance grade (附件1 一(二))
    #   request             the institution  中止 / 解除 / 不再续签, 3 months ahead (附件1 一(三)3)
    #   consent             the agency       经办机构同意 to a 中止 or 解除 (附件1 一(三)1)
    #   resume              the institution  继续履行 after its own 中止 (附件1 一(三)1)
    #   change              the institution  a change filed (附件1 一(一))
    #   permit_move         the agency       a move permitted or not (附件1 一(一))
    #   terminate_step      the agency       the three steps of a 解除 (附件1 一(四))
    #   assess              the round        a performance assessment's result (附件1 二(四))

    @workflow.update
    def decide(self, decision: Decision) -> Receipt:
        """A handling decision (协议处理) of 五(三)."""
        return self._take_decision(decision)

    @decide.validator
    def _validate_decide(self, decision: Decision) -> None:
        self._refuse(steps.decision_problem(decision, self._s, Stage(self._stage)), decision)

    @workflow.update
    def pay_penalty(self, paid: PenaltyPaid) -> Receipt:
        """The 违约金 paid (五(五))."""
        return self._take_payment(paid)

    @pay_penalty.validator
    def _validate_pay_penalty(self, paid: PenaltyPaid) -> None:
        self._refuse(steps.penalty_paid_problem(paid, self._s), paid)

    @workflow.update
    def restore_settlement(self, restored: SettlementRestored) -> Receipt:
        """暂停联网结算 lifted (五(三)1)."""
        self._stage = Stage.IN_FORCE
        self._trail.record(
            restored.restored_by,
            "settlement_restored",
            cite("五(三)1"),
            restored_on=restored.restored_on.isoformat(),
            reason=restored.reason,
        )
        self._publish()
        self._after(
            "restore_settlement",
            "the settlement system told",
            lambda: self._settlement(
                f"settlement-restored-{len(self._trail.events)}",
                False,
                restored.reason,
                cite("五(三)1"),
            ),
        )
        return self._receipt("card settlement restored")

    @restore_settlement.validator
    def _validate_restore(self, restored: SettlementRestored) -> None:
        self._refuse(steps.restore_problem(Stage(self._stage), self._s), restored)

    @workflow.update
    def check(self, check: RectificationCheck) -> Receipt:
        """整改验收 at the end of a 中止期 (五(六))."""
        return self._take_check(check)

    @check.validator
    def _validate_check(self, check: RectificationCheck) -> None:
        self._refuse(
            steps.check_problem(check, self._s, Stage(self._stage), self._suspension_last_day()),
            check,
        )

    @workflow.update
    def renew(self, renewal: Renewal) -> Receipt:
        """续签 after the negotiation (附件1 一(二))."""
        return self._take_renewal(renewal)

    @renew.validator
    def _validate_renew(self, renewal: Renewal) -> None:
        self._refuse(steps.renewal_problem(renewal, self._s, Stage(self._stage)), renewal)

    @workflow.update
    def request(self, request: Request) -> Receipt:
        """The institution's own 中止, 解除 or 不再续签 (附件1 一(三)3)."""
        self._s.requests.append(PendingRequest(request=request))
        word = WORDS[request.kind]
        self._trail.record(
            "institution",
            "institution_request_received",
            cite(REQUEST_CLAUSE),
            kind=request.kind.value,
            requested_on=request.requested_on.isoformat(),
            takes_effect_on=request.takes_effect_on.isoformat(),
            suspension_days=request.suspension_days,
            reason=request.reason,
        )
        if request.kind is RequestKind.NOT_RENEW:
            return self._receipt(f"不再续签: the agreement ends with its term ({self._term.end})")
        message = (
            notices.AGENCY,
            f"定点医药机构申请{word}医保协议: {self._case.institution.name}",
            f"Agreement {self._case.case_id}: the institution asks to {word} from "
            f"{request.takes_effect_on.isoformat()}; record `consent` (经办机构同意 or not).",
        )
        self._after(
            "request",
            "the agency told",
            lambda: self._tell(
                f"request-{len(self._s.requests)}", message, cite(SUSPENSION_CLAUSE)
            ),
        )
        return self._receipt(f"{word} request received; it awaits the agency's consent")

    @request.validator
    def _validate_request(self, request: Request) -> None:
        self._refuse(
            steps.request_problem(request, self._case, self._s, Stage(self._stage)), request
        )

    @workflow.update
    def consent(self, consent: Consent) -> Receipt:
        """经办机构同意 (or not) to the institution's 中止 or 解除 (附件1 一(三)1)."""
        return self._take_consent(consent)

    @consent.validator
    def _validate_consent(self, consent: Consent) -> None:
        self._refuse(steps.consent_problem(consent, self._s, Stage(self._stage)), consent)

    @workflow.update
    def resume(self, resume: Resume) -> Receipt:
        """继续履行医保协议申请 during the institution's own 中止 (附件1 一(三)1)."""
        return self._take_resume(resume)

    @resume.validator
    def _validate_resume(self, resume: Resume) -> None:
        self._refuse(steps.resume_problem(resume, self._s, Stage(self._stage)), resume)

    @workflow.update
    def change(self, change: Change) -> Receipt:
        """A change filed by the institution (附件1 一(一))."""
        self._s.changes.append(ChangeRecord(change=change))
        self._trail.record(
            "institution",
            "change_filed",
            cite("附件1 一(一)"),
            kind=change.kind.value,
            what=change.what,
            filed_on=change.filed_on.isoformat(),
        )
        if change.kind is ChangeKind.MAJOR:
            index = len(self._s.changes) - 1
            self._after("change", "filed in time?", lambda: self._judge_change(index))
            return self._receipt("major change filed; whether in time follows in the status")
        if change.kind is ChangeKind.MOVE:
            return self._receipt(
                "move filed; it awaits the agency's permission (获得许可后方可移址)"
            )
        return self._receipt("change filed (书面告知)")

    @change.validator
    def _validate_change(self, change: Change) -> None:
        self._refuse(steps.change_problem(change, self._s, Stage(self._stage)), change)

    @workflow.update
    def permit_move(self, decision: MoveDecision) -> Receipt:
        """The agency's permission for a move filed in advance (附件1 一(一))."""
        return self._take_move(decision)

    @permit_move.validator
    def _validate_permit_move(self, decision: MoveDecision) -> None:
        problem = None if steps.pending_move(self._s) is not None else "no move awaits permission"
        self._refuse(problem, decision)

    @workflow.update
    def terminate_step(self, step: TerminationStep) -> Receipt:
        """One of the three steps of a 解除, in order (附件1 一(四))."""
        return self._take_termination_step(step)

    @terminate_step.validator
    def _validate_terminate_step(self, step: TerminationStep) -> None:
        self._refuse(steps.termination_step_problem(step, self._s, Stage(self._stage)), step)

    @workflow.update(name=ASSESS)
    def assess(self, result: PerformanceResult) -> Receipt:
        """A performance assessment's result: the annual grade, or the re-assessment after a
        suspension of settlement (附件1 二(四))."""
        return self._take_assessment(result)

    @assess.validator
    def _validate_assess(self, result: PerformanceResult) -> None:
        self._refuse(assessment.problem(result, self._case, self._s, Stage(self._stage)), result)

    # -- the case's start and end ------------------------------------------------------------------

    def _open(self) -> None:
        self._trail.record(
            self._case.signed_by,
            "agreement_in_force",
            self._term_citation(),
            signed_on=self._case.signed_on.isoformat(),
            term_start=self._term.start.isoformat(),
            term_end=self._term.end.isoformat(),
            designation_case=self._case.designation_case,
        )
        self._publish()

    def _unpaid(self) -> bool:
        return any(p.paid_on is None for p in self._s.penalties)

    async def _close(self) -> AgreementResult:
        await self._follow_through()
        stage = Stage(self._stage)
        reason = self._s.closing_reason or ""
        await self._close_case(stage, self._closing_citation(), stage=stage.value, reason=reason)
        return AgreementResult(case_id=self._case.case_id, stage=stage, closing_reason=reason)


@workflow.defn(name=RELEASED_WORKFLOW)
class ReleasedMedicalAgreement(MedicalAgreementWorkflow):
    """The type of the cases started before issue 20: they replay, and run on, with the patches
    they took (ReplayRule.released). No new case starts as it."""

    released = True

    @workflow.run
    async def run(self, start: AgreementCase | AgreementCarried) -> AgreementResult:
        return await super().run(start)
