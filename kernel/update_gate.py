"""The update gate: the replay rule, in front of every Update's own validator.

Installed on the worker (`worker.build_worker`), it refuses an Update with the error type
`CASE_BUSY` when the case says so (`CaseWorkflow.busy_reason`): a new run only in the
workflow task that carries what its own code did on resuming (see ANSWER_AT_ONCE_PATCH in
kernel/replay_rule.py for why); a run of the settling kernel (v2) while an activity runs and
until its settle timer has fired. A refusal leaves no trace in the history and changes nothing;
clients send the Update again a moment later (`service.steps`). Workflows without `busy_reason`
(the subject records) pass through. The SDK calls this hook only for an Update that has a
validator, so every step of a case has one (tests/test_update_gate.py checks).

It also guards each accepted Update's handler (issue 14): an unexpected error there would fail
the workflow task on every retry; the case instead moves to `needs_attention`
(`CaseWorkflow.step_failed`) and the caller gets the reason as the Update's failure.
"""

from __future__ import annotations

from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError
from temporalio.worker import (
    HandleUpdateInput,
    Interceptor,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
)

from contracts.case_records import CASE_BUSY
from kernel.case_faults import unexpected


class UpdateGate(Interceptor):
    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor] | None:
        return _GatedInbound


class _GatedInbound(WorkflowInboundInterceptor):
    def handle_update_validator(self, input: HandleUpdateInput) -> None:
        busy: Any = getattr(workflow.instance(), "busy_reason", None)
        reason = busy() if callable(busy) else None
        if reason:
            raise ApplicationError(reason, type=CASE_BUSY, non_retryable=True)
        super().handle_update_validator(input)

    async def handle_update_handler(self, input: HandleUpdateInput) -> Any:
        try:
            return await super().handle_update_handler(input)
        except Exception as err:
            failed: Any = getattr(workflow.instance(), "step_failed", None)
            if not callable(failed) or not unexpected(err):
                raise
            raise await failed(input.update, err) from None
