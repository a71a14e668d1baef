"""Rectification and re-evaluation (整改, 再次组织评估; 衢医保发〔2023〕8号 二(三)3): after a first
failure the applicant may ask for a re-evaluation 3 months after the result's delivery, which runs
20 working days on a fresh clock; a second failure bars a new application for 1 year.
"""

from __future__ import annotations

from datetime import date

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import DeadlineKind
    from kernel.service import SERVICE_PATCH
    from procedures.designation import evaluation_rules as rules
    from procedures.designation.clauses import (
        APPLICATION_BAR,
        EVALUATION_CLAUSE,
        REEVALUATION_AFTER_MONTHS,
        cite,
    )
    from procedures.designation.evaluation_clock import EvaluationClock
    from procedures.designation.evaluation_rules import result_notice_step
    from procedures.designation.models import Outcome, Receipt, Stage
    from procedures.designation.submissions import ReevaluationRequest


class ReevaluationSteps(EvaluationClock):
    """The rectification stage, the re-evaluation request and the second failure's bar."""

    async def _reevaluation_after(self, round_: int, today: date) -> date | None:
        """自结果告知送达之日起, 整改3个月后可再次组织评估 (衢医保发〔2023〕8号 seed 001 l.1614):
        the first day a re-evaluation may be asked, counted from the result's service (deemed
        on its electronic delivery today, or the `served` step: then None until it comes)."""
        if not self._patched(SERVICE_PATCH):
            return rules.reevaluation_possible_from(today)  # before issue 17: delivered today
        notice = self._service.notice(
            result_notice_step(round_),
            "",  # no deadline of the kernel's: the 3 months are a date the case keeps
            DeadlineKind.PARTY_WINDOW,
            cite(EVALUATION_CLAUSE),
            issued_at=workflow.now(),
            length=REEVALUATION_AFTER_MONTHS,
            unit="months",
        )
        served_on = await self._service.served_day(notice)
        return rules.reevaluation_possible_from(served_on) if served_on else None

    def _result_served(self, notice: str, served_on: date) -> None:
        """The `served` step on the failed result: the 3 months run from that day."""
        if self._stage is Stage.RECTIFYING and notice == result_notice_step(self._failures):
            self._reevaluation_from = rules.reevaluation_possible_from(served_on)

    def _open_rectification(self) -> None:
        self._stage = Stage.RECTIFYING
        self._reevaluation = None
        self._publish()

    async def _await_reevaluation(self) -> None:
        await self._until(
            lambda: self._reevaluation is not None or self._halted(), as_released=True
        )
        if self._halted():
            await self._cancel()
            return
        # The re-evaluation's 20 working days run from the request, with a fresh clock.
        self._clock_start = workflow.now()
        self._pauses = []
        self._paused_working_days = 0
        await self._schedule_evaluation()
        self._open_evaluation()

    def _on_request_reevaluation(self, request: ReevaluationRequest) -> Receipt:
        self._reevaluation = request
        self._trail.record(
            request.applicant,
            "reevaluation_requested",
            cite(EVALUATION_CLAUSE),
            rectification=request.rectification,
        )
        return self._receipt("re-evaluation requested: 20 working days from today")

    def _check_request_reevaluation(self, request: ReevaluationRequest) -> None:
        if self._stage is not Stage.RECTIFYING or self._reevaluation is not None:
            raise ValueError(
                self._out_of_stage("a re-evaluation is requested only after a failed evaluation")
            )
        if self._reevaluation_from is None:
            raise ValueError(rules.RESULT_NOT_SERVED)
        self._check_step(
            request, rules.reevaluation_problem(self._today(), self._reevaluation_from)
        )

    async def _bar_after_second_failure(self) -> None:
        until = self._ban_until
        assert until is not None
        today = self._today()
        await self._restrict(
            APPLICATION_BAR,
            "定点评估整改后仍不合格: 1年内不得再次申请定点",
            cite(EVALUATION_CLAUSE),
            today,
            until,
        )
        self._close_with(
            Outcome.FAILED,
            f"failed the re-evaluation (average {self._evaluations[-1].average:g}); no new "
            f"application until {until.isoformat()}",
        )
