"""The agency's handling decisions (衢医保发〔2023〕8号 五(三)): what a decision takes at once
(the stage, its 中止, its 违约金, a 解除 begun) and what follows in the loop (the deadlines, the
settlement system told, the decision's notice, the findings); the 违约金 paid (五(五)); the
rectification check at the end of a 中止期 (五(六)).
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import SHANGHAI_OFFSET
    from contracts.case_records import DeadlineKind
    from contracts.subject_records import Finding
    from procedures.agreement import notices
    from procedures.agreement.arrivals import Arrivals
    from procedures.agreement.case import (
        Decision,
        DecisionRecord,
        Penalty,
        PenaltyPaid,
        Receipt,
        RectificationCheck,
        Stage,
        Suspension,
    )
    from procedures.agreement.ending import (
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
    from procedures.agreement.records import HANDLING_FINDING
    from procedures.agreement.steps import (
        active_suspension,
        suspended_for,
    )


class Handling(Arrivals):
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
