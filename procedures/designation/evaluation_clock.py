"""The evaluation's clock (衢医保发〔2023〕8号 二(三)3): 20 working days from acceptance or from the
re-evaluation request, stopped while the applicant supplies the materials the evaluators asked
for (机构补充材料时间不计入评估期限) and moved by that pause when they are in.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case_records import CaseDeadline, DeadlineKind
    from kernel.audit_trail import SYSTEM
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

    async def _resume_evaluation_clock(self) -> None:
        """The materials are in: the evaluation's due date moves by the pause."""
        paused_on = self._paused_on
        assert paused_on is not None
        self._pauses.append((paused_on, self._today()))
        self._paused_on = None
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
