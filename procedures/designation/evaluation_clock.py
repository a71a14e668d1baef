"""The evaluation's clock (衢医保发〔2023〕8号 二(三)3): 20 working days from acceptance or from the
re-evaluation request, stopped while the applicant supplies the materials the evaluators asked
for (机构补充材料时间不计入评估期限) and moved by that pause when they are in. The clause sets the
institution no time and no abandonment (evaluation_pause.py): the case waits for the materials.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.activities import DeadlineRequest
    from contracts.case_records import CaseDeadline, DeadlineKind
    from kernel.audit_trail import SYSTEM
    from periods import SHANGHAI
    from procedures.designation import evaluation_pause, notices, supplementation
    from procedures.designation import evaluation_rules as rules
    from procedures.designation.base import EVALUATION
    from procedures.designation.clauses import (
        EVALUATION_CLAUSE,
        EVALUATION_WORKING_DAYS,
        cite,
    )
    from procedures.designation.models import Receipt, Stage
    from procedures.designation.submissions import MaterialsRequest
    from procedures.designation.supplementation_steps import SupplementationSteps


class EvaluationClock(SupplementationSteps):
    """The evaluation deadline scheduled (again after a pause), the stage it runs in, and the
    evaluators' request for materials that stops it."""

    async def _schedule_evaluation(self) -> CaseDeadline:
        assert self._clock_start is not None
        deadline = await self._deadlines.schedule(
            EVALUATION,
            DeadlineKind.AGENCY_DUTY,
            cite(EVALUATION_CLAUSE),
            start_at=self._clock_start,
            length=EVALUATION_WORKING_DAYS,
            pauses=self._pauses,
        )
        return deadline

    def _open_evaluation(self) -> None:
        self._stage = Stage.EVALUATING
        self._publish()

    async def _hold_evaluation(self) -> None:
        """二(三)3 机构补充材料时间不计入评估期限: the notice of everything the evaluators want,
        with the days the evaluation has used and no window (二(三)2's 5 working days and its
        abandonment are the acceptance stage's rule); the case waits in 'supplementing'."""
        paused_on = self._paused_on
        assert paused_on is not None and self._clock_start is not None
        self._supplement_phase = "evaluation"
        self._supplement_window = False
        start = self._clock_start.astimezone(SHANGHAI).date()
        # The deadline activity counts the working days of (start, end] pairs for us (the
        # workflow reads no calendar): those of the agency's own segments are the days used.
        counted = await self._deadlines.compute(
            DeadlineRequest(
                start_at=self._clock_start,
                length=EVALUATION_WORKING_DAYS,
                unit="working_days",
                pauses=evaluation_pause.counting_segments(start, self._pauses, paused_on),
            )
        )
        used = counted.paused_working_days
        self._evaluation_working_days_used = used
        location = await self._issue(
            notices.evaluation_supplementation_notice,
            supplementation.notice_step(self._trail.count("supplementation_notice_issued")),
            received_on=self._applied_on(),
            missing=self._missing,
            evaluation=self._deadlines[EVALUATION],
            paused_on=paused_on,
            used=used,
        )
        self._trail.record(
            SYSTEM,
            "supplementation_notice_issued",
            cite(EVALUATION_CLAUSE),
            phase="evaluation",
            document=location,
            missing=[m.text for m in self._missing],
            paused_on=paused_on.isoformat(),
            working_days_used=used,
            working_days_left=evaluation_pause.days_left(used),
        )
        self._stage = Stage.SUPPLEMENTING
        self._publish()

    async def _await_evaluation_materials(self) -> bool:
        """True once everything asked for is in; False when false materials ended the case.
        No timer: the clause gives the institution no period, so nothing lapses."""
        await self._until(lambda: not self._missing or self._halted())
        if self._halted():
            return await self._cancel()
        return True

    async def _resume_evaluation_clock(self) -> None:
        """The materials are in: the evaluation's due date moves by the pause."""
        paused_on = self._paused_on
        assert paused_on is not None
        # The day the last material is back is the institution's (第二百零一条: the agency's
        # count goes on the day after): the pause is (request day, day back].
        self._pauses.append((paused_on, self._today()))
        self._paused_on = None
        self._evaluation_working_days_used = None
        deadline = await self._schedule_evaluation()
        before = self._paused_working_days
        self._paused_working_days = deadline.paused_working_days
        self._trail.record(
            SYSTEM,
            "evaluation_clock_resumed",
            cite(EVALUATION_CLAUSE),
            paused_on=paused_on.isoformat(),
            resumed_on=self._today().isoformat(),
            paused_working_days=self._paused_working_days - before,
            due_at=deadline.deadline.due_at.isoformat(),
        )
        self._open_evaluation()

    def _on_request_materials(self, request: MaterialsRequest) -> Receipt:
        self._paused_on = self._today()
        self._deadlines.pause(EVALUATION)
        self._missing = rules.requested_items(request.items)
        self._trail.record(
            request.requested_by,
            "evaluation_clock_paused",
            cite(EVALUATION_CLAUSE),
            items=request.items,
            paused_on=self._paused_on.isoformat(),
        )
        return self._receipt(
            "the evaluation clock is stopped until the applicant supplies: "
            + "; ".join(request.items)
        )

    def _check_request_materials(self, request: MaterialsRequest) -> None:
        if self._stage is not Stage.EVALUATING or self._paused_on is not None:
            raise ValueError(
                self._out_of_stage("materials are requested only during the evaluation")
            )
        if self._pending_evaluation is not None:
            raise ValueError("the evaluation has been submitted: no more materials requested")
        self._check_step(request)
