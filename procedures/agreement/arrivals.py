"""What the agreement does when a moment of its life arrives (life.py): the renewal negotiation
opens, the term ends, a 中止期 ends, an institution's agreed request takes effect, a 违约金 is
unpaid, a person's or department's 中止 ends. Also what supervisors filter on: the term's end is
the agreement's next deadline while nothing is sooner.
"""

from __future__ import annotations

from datetime import date

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import DeadlineKind
    from kernel.audit_trail import SYSTEM
    from procedures.agreement import notices
    from procedures.agreement.assessment import SUSPENSION_CLAUSE as SUSPENSION_BY_ASSESSMENT
    from procedures.agreement.case import Stage, Suspension
    from procedures.agreement.ending import (
        AUTOMATIC_CLAUSE,
        EXPIRY_CLAUSE,
        OUTLASTING_CLAUSE,
    )
    from procedures.agreement.ladder import AFTER_SUSPENSION_CLAUSE, cite
    from procedures.agreement.life import Moment, Next, not_renewing
    from procedures.agreement.models import RequestKind
    from procedures.agreement.steps import active_suspension
    from procedures.agreement.term import (
        MAX_SUSPENSION_DAYS,
        RENEWAL_CLAUSE,
        REQUEST_CLAUSE,
        SUSPENSION_CLAUSE,
    )
    from procedures.agreement.termination import Ending


class Arrivals(Ending):
    async def _arrive(self, upcoming: Next) -> None:
        self._revision += 1
        match upcoming.moment:
            case Moment.NEGOTIATION_OPENS:
                await self._open_negotiation()
            case Moment.RENEWAL_REMINDER:
                self._s.renewal_reminded = True
                await self._tell(
                    f"renewal-reminder-t{self._term.number}",
                    notices.renewal_reminder(self._case, self._term.end),
                    cite(RENEWAL_CLAUSE),
                )
            case Moment.TERM_ENDS:
                self._term_ends()
            case Moment.SUSPENSION_ENDS:
                await self._suspension_ends(upcoming.name)
            case Moment.REQUEST_TAKES_EFFECT:
                self._request_takes_effect(int(upcoming.name))
            case Moment.DUTY_EXPIRES:
                await self._deadlines.escalate(upcoming.name)
            case Moment.REASSESSMENT_DUE:
                await self._reassessment_due(int(upcoming.name))
            case Moment.MEASURE_ENDS:
                self._deadlines.meet(upcoming.name)
                self._trail.record(
                    SYSTEM,
                    "measure_ended",
                    self._deadlines[upcoming.name].citation,
                    deadline=upcoming.name,
                )
        self._publish()

    async def _open_negotiation(self) -> None:
        self._s.negotiation_open = True
        if not_renewing(self._s):
            self._trail.record(
                SYSTEM, "renewal_not_negotiated", cite(REQUEST_CLAUSE), term_end=str(self._term.end)
            )
            return
        self._trail.record(
            SYSTEM,
            "renewal_negotiation_opened",
            cite(RENEWAL_CLAUSE),
            term_end=self._term.end.isoformat(),
            lead_months=self._case.renewal_lead_months,
        )
        await self._tell(
            f"renewal-negotiation-t{self._term.number}",
            notices.negotiation_message(self._case, self._term.end),
            cite(RENEWAL_CLAUSE),
        )

    def _term_ends(self) -> None:
        """No renewal by the term's end: the agreement ends (附件1 一(二) 到期后自动解除); a 中止
        running past it ends it for this term (附件1 一(三)1); the institution's 不再续签
        (附件1 一(三)3)."""
        if self._stage in (Stage.SUSPENDED, Stage.AWAITING_CHECK):
            clause, reason = OUTLASTING_CLAUSE, "中止期超过医保协议有效期,本协议期医保协议解除"
        elif not_renewing(self._s):
            clause, reason = REQUEST_CLAUSE, "定点医药机构申请不再续签,医保协议到期终止"
            for pending in self._s.requests:
                if pending.request.kind is RequestKind.NOT_RENEW:
                    pending.done = True
        else:
            clause, reason = EXPIRY_CLAUSE, "续签未达成一致,医保协议到期后自动解除"
        self._stage = Stage.EXPIRED
        self._s.closing_reason = reason
        self._s.closing_clause = clause
        self._trail.record(
            SYSTEM, "term_ended", cite(clause), term_end=self._term.end.isoformat(), reason=reason
        )
        self._after(
            "term_ends",
            "the settlement system told",
            lambda: self._settlement("term-ended", True, reason, cite(clause)),
        )

    async def _suspension_ends(self, name: str) -> None:
        suspension = next(s for s in self._s.suspensions if s.deadline == name)
        self._deadlines.meet(name)
        last_day = self._deadlines[name].deadline.last_day
        if suspension.by_institution:
            # 附件1 一(三)1: 中止超过180日仍未提出继续履行医保协议申请的,原则上医保协议自动解除.
            suspension.ended = True
            self._begin_termination(
                [cite(AUTOMATIC_CLAUSE)],
                None,
                f"中止{MAX_SUSPENSION_DAYS}日内未提出继续履行医保协议申请,医保协议自动解除",
                "suspension_ends",
            )
            return
        self._stage = Stage.AWAITING_CHECK
        self._trail.record(
            SYSTEM, "suspension_ended", cite(AFTER_SUSPENSION_CLAUSE), last_day=str(last_day)
        )
        await self._tell(
            f"check-due-{suspension.number}",
            notices.check_due_message(self._case, last_day),
            cite(AFTER_SUSPENSION_CLAUSE),
        )

    def _request_takes_effect(self, index: int) -> None:
        pending = self._s.requests[index]
        pending.done = True
        request = pending.request
        if request.kind is RequestKind.TERMINATE:
            self._begin_termination(
                [cite("五(三)5(10)")], None, "定点医药机构主动提出解除且经办机构同意", "request"
            )
            return
        number = len(self._s.suspensions) + 1
        suspension = Suspension(
            number=number,
            by_institution=True,
            starts_on=request.takes_effect_on,
            days=request.suspension_days or MAX_SUSPENSION_DAYS,
            deadline=f"suspension-{number}",
        )
        self._s.suspensions.append(suspension)
        self._stage = Stage.SUSPENDED
        self._trail.record(
            SYSTEM,
            "suspension_begun",
            cite(SUSPENSION_CLAUSE),
            by="institution",
            starts_on=str(request.takes_effect_on),
            days=suspension.days,
        )

        async def carry_out() -> None:
            # The resume request may come until the 180th day (附件1 一(三)1): the window
            # the institution acts in, whatever length it asked.
            await self._schedule_days(
                suspension.deadline,
                DeadlineKind.PARTY_WINDOW,
                cite(SUSPENSION_CLAUSE),
                request.takes_effect_on,
                MAX_SUSPENSION_DAYS,
            )
            await self._settlement(
                f"suspension-{number}-settlement", True, "中止医保协议", cite(SUSPENSION_CLAUSE)
            )

        self._after("request", "the 中止's window and the settlement system", carry_out)

    async def _reassessment_due(self, year: int) -> None:
        """附件1 二(四)2(2) 整改3个月后再进行考核: the rectification has run; the agency is told
        the re-assessment is due."""
        result = next(p for p in self._s.performance if p.year == year)
        result.reassessment_due = True
        ends = result.rectification_ends_on
        assert ends is not None
        if self._stage is Stage.SETTLEMENT_SUSPENDED:
            self._stage = Stage.AWAITING_REASSESSMENT
        self._trail.record(
            SYSTEM,
            "reassessment_due",
            cite(SUSPENSION_BY_ASSESSMENT),
            year=year,
            rectification_ended_on=ends.isoformat(),
        )
        await self._tell(
            f"reassessment-due-{year}",
            notices.reassessment_due_message(self._case, year, ends),
            cite(SUSPENSION_BY_ASSESSMENT),
        )

    def _suspension_last_day(self) -> date | None:
        suspension = active_suspension(self._s)
        if suspension is None or suspension.deadline not in self._deadlines:
            return None
        return self._deadlines[suspension.deadline].deadline.last_day

    def _closing_citation(self) -> str:
        return cite(self._s.closing_clause or EXPIRY_CLAUSE)
