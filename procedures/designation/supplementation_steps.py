"""The supplementation of materials (一次性告知, 衢医保发〔2023〕8号 二(三)2): one notice of
everything missing at acceptance (补正) opens the applicant's 5 working days; supplied in time,
the case goes on; not, the application is deemed abandoned. The awaits and the step's handler;
the rules are in supplementation.py. During the evaluation (补充材料, 二(三)3) the request only
stops the evaluation's clock (evaluation_clock.py); runs that opened this window there before
EVALUATION_PAUSE_PATCH keep it on replay.
"""

from __future__ import annotations

from datetime import date

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import CaseDeadline, DeadlineKind
    from contracts.service import AWAITING_SERVICE
    from kernel.audit_trail import SYSTEM
    from kernel.service import SERVICE_PATCH
    from procedures.designation import notices, supplementation
    from procedures.designation.base import DesignationBase
    from procedures.designation.clauses import (
        APPLICANT,
        APPLICATION_BAR,
        APPLICATION_CLAUSE,
        EVALUATION_CLAUSE,
        SUPPLEMENT_WORKING_DAYS,
        cite,
    )
    from procedures.designation.models import Outcome, Receipt, Stage
    from procedures.designation.submissions import Supplement

SUPPLEMENT_WINDOW = "supplement"


class SupplementationSteps(DesignationBase):
    """The notice and its window, the supplement received, and the abandonment when the window
    lapses; used by the acceptance review and by the evaluation."""

    async def _open_supplementation(self, phase: str) -> None:
        """One notice of everything missing, which opens its 5-working-day window."""
        self._supplement_phase = phase
        self._supplement_window = True
        step = supplementation.notice_step(self._trail.count("supplementation_notice_issued"))
        window = await self._supplement_window_from(step)
        location = await self._issue(
            notices.supplementation_notice,
            step,
            phase=phase,
            received_on=self._applied_on(),
            missing=self._missing,
            window=window,
        )
        self._trail.record(
            SYSTEM,
            "supplementation_notice_issued",
            cite(APPLICATION_CLAUSE),
            phase=phase,
            document=location,
            missing=[m.text for m in self._missing],
            due_at=window.deadline.due_at.isoformat() if window else AWAITING_SERVICE,
        )
        self._stage = Stage.SUPPLEMENTING
        self._publish()

    async def _supplement_window_from(self, step: str) -> CaseDeadline | None:
        """自收到材料补正通知之日起5个工作日 (衢医保发〔2023〕8号 seed 001 l.1562): the window
        runs from the notice's service, deemed on its electronic delivery (the default) or
        entered with the `served` step (kernel/service.py); None until that step. Scheduled
        before the notice is issued, so that the notice can print its last day."""
        if not self._patched(SERVICE_PATCH):
            # Before issue 17: taken as received when it is issued.
            return await self._deadlines.schedule(
                SUPPLEMENT_WINDOW,
                DeadlineKind.PARTY_WINDOW,
                cite(APPLICATION_CLAUSE),
                start_at=workflow.now(),
                length=SUPPLEMENT_WORKING_DAYS,
            )
        notice = self._service.notice(
            step,
            SUPPLEMENT_WINDOW,
            DeadlineKind.PARTY_WINDOW,
            cite(APPLICATION_CLAUSE),
            issued_at=workflow.now(),
            length=SUPPLEMENT_WORKING_DAYS,
        )
        return await self._service.open(notice, workflow.now())

    async def _await_supplementation(self) -> bool:
        """True when the applicant supplemented everything in time, False when the case ended
        (abandoned, or cancelled meanwhile)."""
        # No clock runs until the notice is served (kernel/service.py): wait for the `served`
        # step, or for the materials if the applicant answers first.
        await self._until(
            lambda: not self._service.window_waits(SUPPLEMENT_WINDOW) or self._halted()
        )
        if self._halted():
            return await self._cancel()
        supplied = await self._deadlines.watch(
            SUPPLEMENT_WINDOW, lambda: not self._missing or self._halted()
        )
        if self._halted():
            return await self._cancel()
        if not supplied:
            # The window as it lapsed (a holiday-calendar update may have moved it).
            await self._abandon(self._deadlines[SUPPLEMENT_WINDOW].deadline.last_day)
            return False
        if SUPPLEMENT_WINDOW in self._deadlines:  # none when supplied before its service
            self._deadlines.meet(SUPPLEMENT_WINDOW)
        return True

    def _on_supplement(self, supplement: Supplement) -> Receipt:
        still, handed = supplementation.after(self._missing, supplement)
        self._handed_in |= set(supplement.materials)
        self._missing = still
        # Everything in before the notice's service was recorded: it was received, and its
        # window never needs to run.
        if not still and self._service.moot(SUPPLEMENT_WINDOW, "all materials supplemented"):
            self._publish()
        self._trail.record(
            APPLICANT,
            "materials_supplemented",
            cite(APPLICATION_CLAUSE if self._supplement_window else EVALUATION_CLAUSE),
            materials=handed,
            still_missing=[m.text for m in still],
        )
        # Everything in: acceptance (二(三)2) or the resumed clock (二(三)3) evaluates next.
        leads_to = None if still else Stage.EVALUATING
        return self._receipt(supplementation.receipt_detail(still), leads_to)

    def _check_supplement(self, supplement: Supplement) -> None:
        if self._stage is not Stage.SUPPLEMENTING or not self._missing:
            raise ValueError(
                self._out_of_stage(
                    "materials are supplemented only when a supplementation notice asked for them"
                )
            )
        # 二(三)3 sets the institution no time for the evaluators' request: only 二(三)2's
        # window can end.
        # A window that waits for its service has not started: it cannot have ended.
        if (
            self._supplement_window
            and not self._service.window_waits(SUPPLEMENT_WINDOW)
            and not self._deadlines.window_open(SUPPLEMENT_WINDOW)
        ):
            raise ValueError(supplementation.WINDOW_ENDED)
        self._check_step(supplement, supplementation.unasked(self._missing, supplement))

    async def _abandon(self, last_day: date) -> None:
        # 逾期不补正的视作放弃申请, 须3个月后方可再次申请 (supplementation.abandonment).
        abandoned = supplementation.abandonment(last_day)
        await self._restrict(
            APPLICATION_BAR,
            "逾期不补正, 视作放弃定点申请; 3个月内不得再次申请",
            cite(APPLICATION_CLAUSE),
            abandoned.from_day,
            abandoned.until,
        )
        self._close_with(Outcome.ABANDONED, abandoned.reason)
