"""The bodies of the agreement's steps (listed with their validators in workflow.py): each
claims and records the step, queues what follows for the loop, and returns its receipt.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import SHANGHAI_OFFSET
    from contracts import activities as act
    from contracts.case_records import DeadlineKind
    from contracts.subject_records import Finding
    from kernel.audit_trail import SYSTEM
    from procedures.agreement import notices
    from procedures.agreement.arrivals import Arrivals
    from procedures.agreement.base import HANDLING_FINDING
    from procedures.agreement.case import (
        Consent,
        Decision,
        DecisionRecord,
        MoveDecision,
        Penalty,
        PenaltyPaid,
        Receipt,
        RectificationCheck,
        Renewal,
        Resume,
        Stage,
        Suspension,
        Term,
        TerminationStep,
        TerminationStepName,
    )
    from procedures.agreement.ending import (
        OTHER_REGIONS_CLAUSE,
        PROCEDURE_CLAUSE,
        finding_after_check,
        finding_for_ground,
    )
    from procedures.agreement.ladder import (
        AFTER_SUSPENSION_CLAUSE,
        PENALTY_CLAUSE,
        PENALTY_PAYMENT_DAYS,
        WORDS,
        Rectification,
        cite,
        penalty_amount,
    )
    from procedures.agreement.life import MEASURE_PREFIX
    from procedures.agreement.models import SUSPENSIONS, Measure
    from procedures.agreement.steps import (
        active_suspension,
        awaiting_consent,
        pending_move,
        suspended_for,
    )
    from procedures.agreement.term import RENEWAL_CLAUSE, SUSPENSION_CLAUSE, renewed_term_end

CHANGE_CLAUSE = "附件1 一(一)"
CHANGE_WORKING_DAYS = 30  # 自有关部门批准之日起30个工作日内 … 提出变更申请


class CarryingOut(Arrivals):
    # -- a handling decision (五(三)) ----

    def _take_decision(self, decision: Decision) -> Receipt:
        number = len(self._s.decisions) + 1
        clause = f"五(三){decision.rung}({decision.ground})"
        measures = set(decision.measures)
        amount = None
        if Measure.PENALTY in measures:
            assert decision.verified_amount is not None and decision.penalty_percent is not None
            amount = penalty_amount(decision.verified_amount, decision.penalty_percent)
        record = DecisionRecord(
            number=number,
            decision=decision,
            recorded_at=workflow.now(),
            clause=clause,
            penalty_amount=amount,
        )
        self._s.decisions.append(record)
        self._trail.record(
            decision.decided_by,
            "handling_decided",
            cite(clause),
            decision=number,
            measures=[WORDS[m] for m in decision.measures],
            decided_on=decision.decided_on.isoformat(),
            penalty_amount=str(amount) if amount is not None else None,
            suspension_days=decision.suspension_days,
            persons=len(decision.persons),
            department=decision.department,
        )
        details: list[str] = [f"decision {number} ({clause})"]
        if Measure.SUSPEND_SETTLEMENT in measures and self._stage is Stage.IN_FORCE:
            self._stage = Stage.SETTLEMENT_SUSPENDED
        suspension = None
        if Measure.SUSPEND_AGREEMENT in measures:
            assert decision.suspension_days is not None
            self._s.suspensions_in_term += 1
            suspension = Suspension(
                number=len(self._s.suspensions) + 1,
                by_institution=False,
                starts_on=decision.decided_on,
                days=decision.suspension_days,
                deadline=f"suspension-{len(self._s.suspensions) + 1}",
            )
            self._s.suspensions.append(suspension)
            self._stage = Stage.SUSPENDED
            details.append(f"中止 {decision.suspension_days} days")
        penalty = None
        if amount is not None:
            penalty = Penalty(
                number=len(self._s.penalties) + 1,
                decision=number,
                amount=amount,
                deadline=f"penalty-{len(self._s.penalties) + 1}",
            )
            self._s.penalties.append(penalty)
            details.append(f"违约金 {notices.yuan(amount)} due in {PENALTY_PAYMENT_DAYS} days")
        if Measure.TERMINATE in measures:
            self._begin_termination(
                [cite(clause)],
                finding_for_ground(decision.rung, decision.ground),
                decision.reason,
                "decide",
            )
            details.append("解除 begun: three steps (附件1 一(四))")
        self._publish()
        self._after(
            "decide",
            "the decision's deadlines, notice and findings",
            lambda: self._carry_out(record, suspension, penalty),
        )
        return self._receipt("; ".join(details))

    async def _carry_out(
        self, record: DecisionRecord, suspension: Suspension | None, penalty: Penalty | None
    ) -> None:
        decision = record.decision
        measures = set(decision.measures)
        due = None
        if penalty is not None:
            # 五(五): 原则上应在30日内完成缴款 — the institution's duty, escalated when unpaid.
            scheduled = await self._schedule_days(
                penalty.deadline,
                DeadlineKind.PARTY_DUTY,
                cite(PENALTY_CLAUSE),
                decision.decided_on,
                PENALTY_PAYMENT_DAYS,
            )
            if penalty.paid_on is not None:  # paid while the period was being computed
                scheduled.met_at = workflow.now()
            due = scheduled.deadline.last_day
        span = None
        if suspension is not None:
            scheduled = await self._schedule_days(
                suspension.deadline,
                DeadlineKind.PARTY_WINDOW,
                cite(record.clause),
                suspension.starts_on,
                suspension.days,
            )
            span = (suspension.starts_on, scheduled.deadline.last_day)
        if measures & {Measure.SUSPEND_PERSONS, Measure.SUSPEND_DEPARTMENT}:
            assert decision.suspension_days is not None
            await self._schedule_days(
                f"{MEASURE_PREFIX}{record.number}",
                DeadlineKind.PARTY_WINDOW,
                cite(f"{record.clause}; 附件1 一(三)3"),
                decision.decided_on,
                decision.suspension_days,
            )
        if measures & {Measure.SUSPEND_SETTLEMENT, Measure.SUSPEND_AGREEMENT}:
            await self._settlement(
                f"decision-{record.number}-settlement",
                True,
                "、".join(
                    WORDS[m]
                    for m in decision.measures
                    if m in SUSPENSIONS or m is Measure.SUSPEND_SETTLEMENT
                ),
                cite(record.clause),
            )
        await self._issue(
            self._notice(
                "handling_decision",
                f"decision-{record.number}",
                cite(record.clause),
                notices.decision_paragraphs(record, due, span),
            ),
            "handling_decision_issued",
            decision=record.number,
        )
        finding = Finding(
            finding_id=f"{self._case.case_id}-d{record.number}",
            found_on=decision.decided_on,
            indicator=HANDLING_FINDING,
            kind=f"agreement.rung{decision.rung}",
            label=f"医保协议处理 {record.clause}: {'、'.join(WORDS[m] for m in decision.measures)}",
            repairable=False,
        )
        await self._write_finding(
            self._institution_ref(), finding, decision.decided_by, cite(record.clause)
        )
        if decision.persons:
            await self._person_findings(
                decision.persons,
                record.number,
                decision.decided_on,
                record.clause,
                decision.decided_by,
            )

    def _take_payment(self, paid: PenaltyPaid) -> Receipt:
        penalty = next(p for p in self._s.penalties if p.number == paid.penalty)
        penalty.paid_on = paid.paid_on
        deadline = self._deadlines.get(penalty.deadline)
        late = bool(
            deadline
            and deadline.missed_by(
                datetime.combine(paid.paid_on, datetime.min.time(), tzinfo=SHANGHAI_OFFSET)
            )
        )
        if deadline is not None:
            self._deadlines.meet(penalty.deadline)
        self._trail.record(
            paid.recorded_by,
            "penalty_paid",
            cite(PENALTY_CLAUSE),
            penalty=penalty.number,
            amount=str(penalty.amount),
            paid_on=paid.paid_on.isoformat(),
            late=late,
        )
        self._publish()
        return self._receipt("paid after its last day" if late else "paid")

    # -- the rectification check (五(六)) ----

    def _take_check(self, check: RectificationCheck) -> Receipt:
        suspension = active_suspension(self._s)
        assert suspension is not None
        suspension.check = check
        suspension.ended = True
        self._trail.record(
            check.checked_by,
            "rectification_checked",
            cite(AFTER_SUSPENSION_CLAUSE),
            outcome=check.outcome.value,
            checked_on=check.checked_on.isoformat(),
            findings=check.findings,
        )
        passed = check.outcome is Rectification.PASSED
        if passed:
            self._stage = Stage.IN_FORCE
            self._publish()
        else:
            self._s.rectification_failed = True
            self._begin_termination(
                [cite(AFTER_SUSPENSION_CLAUSE)],
                finding_after_check(suspended_for(self._s)),
                notices.CHECK_WORDS[check.outcome],
                "check",
            )

        async def carry_out() -> None:
            if passed:
                await self._settlement(
                    f"check-{suspension.number}-settlement",
                    False,
                    "整改验收合格,医保协议继续履行",
                    cite(AFTER_SUSPENSION_CLAUSE),
                )
            await self._issue(
                self._notice(
                    "rectification_result",
                    f"check-{suspension.number}",
                    cite(AFTER_SUSPENSION_CLAUSE),
                    notices.check_paragraphs(check),
                ),
                "rectification_result_issued",
            )

        self._after("check", "the check's notice", carry_out)
        return self._receipt("back in force" if passed else "解除 begun (五(六))")

    # -- renewal (附件1 一(二)) ----

    def _take_renewal(self, renewal: Renewal) -> Receipt:
        ending = self._term
        term = Term(
            number=ending.number + 1,
            start=ending.end + timedelta(days=1),
            end=renewed_term_end(ending.end),
            performance_grade=renewal.performance_grade,
        )
        self._s.terms.append(term)
        self._s.negotiation_open = False
        self._s.renewal_reminded = False
        # 五(三)5(1) counts the 中止 within one term (有效期内).
        self._s.suspensions_in_term = 0
        self._s.rectification_failed = False
        self._trail.record(
            renewal.renewed_by,
            "agreement_renewed",
            cite(RENEWAL_CLAUSE),
            renewed_on=renewal.renewed_on.isoformat(),
            performance_grade=renewal.performance_grade,
            term_start=term.start.isoformat(),
            term_end=term.end.isoformat(),
        )
        self._publish()
        self._after(
            "renew",
            "the renewal notice",
            lambda: self._issue(
                self._notice(
                    "renewal_notice",
                    f"renewal-t{term.number}",
                    cite(RENEWAL_CLAUSE),
                    notices.renewal_paragraphs(term),
                ),
                "renewal_notice_issued",
            ),
        )
        return self._receipt(f"term {term.number}: {term.start} to {term.end}")

    # -- the institution's requests (附件1 一(三)) ----

    def _take_consent(self, consent: Consent) -> Receipt:
        index = awaiting_consent(self._s)
        assert index is not None
        pending = self._s.requests[index]
        pending.consent = consent
        if not consent.agreed:
            pending.done = True
        self._trail.record(
            consent.decided_by,
            "institution_request_decided",
            cite(SUSPENSION_CLAUSE),
            kind=pending.request.kind.value,
            agreed=consent.agreed,
            takes_effect_on=pending.request.takes_effect_on.isoformat(),
            reason=consent.reason,
        )
        self._after(
            "consent",
            "the reply to the institution",
            lambda: self._issue(
                self._notice(
                    "request_reply",
                    f"request-{index + 1}-reply",
                    cite(SUSPENSION_CLAUSE),
                    notices.request_reply(pending.request, consent),
                ),
                "request_reply_issued",
            ),
        )
        when = pending.request.takes_effect_on.isoformat()
        return self._receipt(f"agreed: takes effect on {when}" if consent.agreed else "refused")

    def _take_resume(self, resume: Resume) -> Receipt:
        suspension = active_suspension(self._s)
        assert suspension is not None
        suspension.resume = resume
        suspension.ended = True
        if suspension.deadline in self._deadlines:
            self._deadlines.meet(suspension.deadline)
        self._stage = Stage.IN_FORCE
        self._trail.record(
            "institution",
            "agreement_resumed",
            cite(SUSPENSION_CLAUSE),
            requested_on=resume.requested_on.isoformat(),
            resumes_on=resume.resumes_on.isoformat(),
        )
        self._publish()
        self._after(
            "resume",
            "the settlement system told",
            lambda: self._settlement(
                f"suspension-{suspension.number}-resumed",
                False,
                "继续履行医保协议",
                cite(SUSPENSION_CLAUSE),
            ),
        )
        return self._receipt("in force again")

    # -- changes (附件1 一(一)) ----

    async def _judge_change(self, index: int) -> None:
        """A major change is filed within 30 working days of the department's approval."""
        record = self._s.changes[index]
        approved = record.change.approved_by_department_on
        assert approved is not None
        scheduled = await self._deadlines.compute(
            act.DeadlineRequest(
                start_at=datetime.combine(approved, datetime.min.time(), tzinfo=SHANGHAI_OFFSET),
                length=CHANGE_WORKING_DAYS,
                unit="working_days",
            )
        )
        last_day = scheduled.deadline.last_day
        record.late = record.change.filed_on > last_day
        self._trail.record(
            SYSTEM,
            "change_filed_late" if record.late else "change_filed_in_time",
            cite(CHANGE_CLAUSE),
            last_day=last_day.isoformat(),
            filed_on=record.change.filed_on.isoformat(),
        )

    def _take_move(self, decision: MoveDecision) -> Receipt:
        index = pending_move(self._s)
        assert index is not None
        record = self._s.changes[index]
        record.permission = decision
        self._trail.record(
            decision.decided_by,
            "move_permitted" if decision.permitted else "move_refused",
            cite(CHANGE_CLAUSE),
            decided_on=decision.decided_on.isoformat(),
            reason=decision.reason,
        )
        answer = "同意" if decision.permitted else "不同意"
        paragraphs = [
            f"你单位于{record.change.filed_on.isoformat()}报备移址({record.change.details})。",
            f"经办机构{answer}。{decision.reason}",
        ]
        self._after(
            "permit_move",
            "the reply to the institution",
            lambda: self._issue(
                self._notice(
                    "request_reply", f"move-{index + 1}-reply", cite(CHANGE_CLAUSE), paragraphs
                ),
                "move_reply_issued",
            ),
        )
        return self._receipt("move permitted" if decision.permitted else "move refused")

    # -- the three steps of a 解除 (附件1 一(四)) ----

    def _take_termination_step(self, step: TerminationStep) -> Receipt:
        termination = self._s.termination
        assert termination is not None
        termination.steps.append(step)
        self._trail.record(
            step.done_by,
            f"termination_{step.step.value}",
            cite(PROCEDURE_CLAUSE),
            done_on=step.done_on.isoformat(),
            note=step.note,
        )
        number = len(termination.steps)
        if step.step is TerminationStepName.STOP_SETTLEMENT:
            self._after(
                "terminate_step",
                "the settlement system told",
                lambda: self._settlement(
                    "termination-settlement", True, "解除医保协议", cite(PROCEDURE_CLAUSE)
                ),
            )
            return self._receipt("card settlement stopped (1 of 3)")
        kind = (
            "termination_opinion"
            if step.step is TerminationStepName.HANDLING_OPINION
            else "termination_notice"
        )
        paragraphs = notices.termination_paragraphs(termination, step)

        async def carry_out() -> None:
            await self._issue(
                self._notice(kind, f"termination-{number}", cite(PROCEDURE_CLAUSE), paragraphs),
                f"{kind}_issued",
            )
            if step.step is TerminationStepName.SETTLE_ACCOUNTS:
                await self._termination_finding(step.done_on)
                await self._tell(
                    "termination-other-regions",
                    (
                        "other-pooling-regions",
                        f"解除医保协议: {self._case.institution.name}",
                        f"Agreement {self._case.case_id} of {self._case.institution.name} "
                        f"({self._case.institution.uscc}) was 解除 on {step.done_on}: its "
                        "agreements in other pooling regions end too (附件1 一(三)3).",
                    ),
                    cite(OTHER_REGIONS_CLAUSE),
                )

        self._after("terminate_step", f"the {kind}", carry_out)
        if step.step is TerminationStepName.SETTLE_ACCOUNTS:
            self._stage = Stage.TERMINATED
            self._s.closing_reason = "; ".join(termination.clauses)
            self._s.closing_clause = PROCEDURE_CLAUSE
            return self._receipt("解除 done (3 of 3)")
        return self._receipt("handling opinion issued (2 of 3)")
