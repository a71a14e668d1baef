"""The credit repair's stages as the workflow goes through them (衢医保发〔2021〕36号 六): each
opens a stage (a deadline, a document, a publication) or waits in it until what ends it. The
workflow (workflow.py) runs them in the procedure's order and keeps the Updates that end each
wait; the case's state and what the Updates record are in base.py.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import CaseDeadline, DeadlineKind
    from contracts.documents import ISSUE_DOCUMENT
    from contracts.service import AWAITING_SERVICE
    from kernel.audit_trail import SYSTEM
    from kernel.service import SERVICE_PATCH
    from periods import SHANGHAI
    from procedures.repair import notices, rescoring, taking_effect
    from procedures.repair.base import DECISION, RepairBase
    from procedures.repair.models import (
        DECISION_WORKING_DAYS,
        NOTICE_WORKING_DAYS,
        PROCEDURE_CLAUSE,
        PUBLICATION_WEBSITE,
        REFUSAL_FORM_CLAUSE,
        REFUSAL_OBJECTION_WORKING_DAYS,
        DecisionOutcome,
        ObjectionKind,
        RefusalGround,
        RepairOutcome,
        RepairResult,
        Rescore,
        Stage,
        cite,
    )
    from procedures.repair.objections import NOTICE, REFUSAL_OBJECTION


class RepairStages(RepairBase):
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

    # -- refusal (附件4) and the objection to it ---------------------------------------------------

    async def _issue_refusal(self, grounds: list[RefusalGround], decided_at: datetime) -> None:
        """附件4, which opens its 5-working-day objection window."""
        self._refusal = grounds
        self._refusals += 1
        step = "repair-refusal" if self._refusals == 1 else f"repair-refusal-{self._refusals}"
        window = await self._objection_window(step, decided_at)
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
            objection_due_at=window.deadline.due_at.isoformat() if window else AWAITING_SERVICE,
        )
        self._stage = Stage.REFUSAL_NOTIFIED
        self._publish()

    async def _objection_window(self, step: str, decided_at: datetime) -> CaseDeadline | None:
        """附件4 "可以自收到本告知书之日起5个工作日内" (衢医保发〔2021〕36号 seed 000 l.1245): the
        window runs from the notice's service, deemed on its electronic delivery at the
        decision instant (the default, as before issue 17) or entered with the `served` step
        (kernel/service.py); None until that step. Computed before the notice is issued, so
        that the document can state its last day."""
        if not self._patched(SERVICE_PATCH):
            return await self._deadlines.schedule(
                REFUSAL_OBJECTION,
                DeadlineKind.PARTY_WINDOW,
                cite(REFUSAL_FORM_CLAUSE),
                start_at=decided_at,
                length=REFUSAL_OBJECTION_WORKING_DAYS,
            )
        notice = self._service.notice(
            step,
            REFUSAL_OBJECTION,
            DeadlineKind.PARTY_WINDOW,
            cite(REFUSAL_FORM_CLAUSE),
            issued_at=workflow.now(),
            length=REFUSAL_OBJECTION_WORKING_DAYS,
        )
        return await self._service.open(notice, decided_at)

    async def _await_refusal_objection(self) -> datetime | None:
        """Returns when the refusal is final (None) or when an objection to it was
        substantiated (the instant of that decision)."""
        # No clock runs until the notice is served (kernel/service.py): wait for `served` and
        # its window, unless the subject objects first (which shows it received the notice:
        # the objection's handler ends the wait for service, and `watch` returns at once).
        await self._until(lambda: not self._service.window_waits(REFUSAL_OBJECTION))
        if self._pending(ObjectionKind.REFUSAL) and self._deadlines.is_open(REFUSAL_OBJECTION):
            self._deadlines.meet(REFUSAL_OBJECTION)  # objected while its window was scheduled
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
