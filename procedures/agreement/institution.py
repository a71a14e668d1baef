"""What the agreement deals with the institution on: the renewal with its performance
grade (衢医保发〔2023〕8号 附件1 一(二)), the agency's consent to the institution's own 中止 or
解除 and its resume request (附件1 一(三)1), and its changes and moves (附件1 一(一)).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import SHANGHAI_OFFSET
    from contracts import activities as act
    from kernel.audit_trail import SYSTEM
    from procedures.agreement import notices
    from procedures.agreement.arrivals import Arrivals
    from procedures.agreement.assessment import latest_grade
    from procedures.agreement.case import (
        Consent,
        MoveDecision,
        Receipt,
        Renewal,
        Resume,
        Stage,
        Term,
    )
    from procedures.agreement.ladder import (
        cite,
    )
    from procedures.agreement.steps import (
        active_suspension,
        awaiting_consent,
        pending_move,
    )
    from procedures.agreement.term import RENEWAL_CLAUSE, SUSPENSION_CLAUSE, renewed_term_end


CHANGE_CLAUSE = "附件1 一(一)"
CHANGE_WORKING_DAYS = 30  # 自有关部门批准之日起30个工作日内 … 提出变更申请


class Dealings(Arrivals):
    # -- renewal (附件1 一(二)) ----

    def _take_renewal(self, renewal: Renewal) -> Receipt:
        ending = self._term
        # Given, or the latest annual grade taken (附件1 二(四)); the validator refuses neither.
        grade = renewal.performance_grade or latest_grade(self._s)
        term = Term(
            number=ending.number + 1,
            start=ending.end + timedelta(days=1),
            end=renewed_term_end(ending.end),
            performance_grade=grade,
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
            performance_grade=grade,
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
