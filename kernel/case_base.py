"""What every procedure workflow stands on: the case's stage and its composed parts, the audit
trail (kernel/audit_trail.py), the named deadlines (kernel/deadlines.py), the outputs
(kernel/outputs.py) and the search attributes supervisors filter on (kernel/visibility.py);
the signal that recomputes deadlines after a holiday notice; and what happens when the case's
own code stops on an error (`needs_attention`, `carried`).

Import this module inside `workflow.unsafe.imports_passed_through()`; its functions run in the
workflow sandbox (no clock, file or network access of their own).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Collection
from typing import Any, Concatenate, ParamSpec, TypeVar

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

from contracts.case_records import (
    RECOMPUTE_DEADLINES,
    CarriedCase,
    CaseDeadline,
    RecomputeDeadlines,
    Reminder,
)
from contracts.service import AWAITING_SERVICE, SERVED, Served
from kernel import service_rules
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.case_faults import ATTENTION_RUNBOOK, failure_reason, unexpected
from kernel.deadlines import CaseDeadlines
from kernel.deadlines import Message as Message  # the procedures' message hooks return it
from kernel.follow_ups import FollowUps
from kernel.long_life import LongLife
from kernel.outputs import Outputs
from kernel.recomputation import recompute_all
from kernel.replay_rule import THIN, ReplayRule
from kernel.service import CaseService
from kernel.visibility import Visibility
from periods import SHANGHAI

# A case whose own code met an error it cannot carry on from (a bug, a value it cannot handle):
# the CaseStage supervisors find it by, the audit action, and the runbook entry that says what
# to do (deploy/README.md "A case needs attention").
NEEDS_ATTENTION = "needs_attention"
NEEDS_ATTENTION_ERROR = "NEEDS_ATTENTION"  # the error type of an Update whose handler failed


class CaseWorkflow(FollowUps, LongLife, ReplayRule):
    """Mixin for procedure workflows. Subclasses set the attributes in `__init__` and implement
    the message hooks; everything else here is procedure-neutral."""

    procedure_type: str
    _case_id: str
    _agency_code: str
    _stage: str
    _trail: AuditTrail
    _deadlines: CaseDeadlines
    _outputs: Outputs
    _service: CaseService
    _recompute_lock: asyncio.Lock
    # Why the case's own code stopped (`carried`), or None.
    _attention: str | None = None
    _visibility: Visibility

    def _init_case(
        self, case_id: str, agency_code: str, stage: str, carried: CarriedCase | None = None
    ) -> None:
        """`carried`: what the previous run of the case handed over (kernel/long_life.py);
        the procedure restores its own part and its stage (a StrEnum of its own)."""
        self._case_id = case_id
        self._agency_code = agency_code
        self._stage = stage
        self._trail = AuditTrail(case_id, on_record=self._note_event)
        self._visibility = Visibility(
            self.procedure_type, agency_code, self._trail, self._count_command
        )
        self._outputs = Outputs(case_id, self._trail, self._activity)
        self._deadlines = CaseDeadlines(self, self._trail, self._outputs)
        self._service = CaseService(self, self._trail, self._deadlines)
        self._recompute_lock = asyncio.Lock()
        if not self.released:
            self._kernel = THIN  # decided by its type: no patch (ReplayRule.released)
        if carried is not None:
            self._take_over(carried)

    # -- refusals -------------------------------------------------------------------------------

    def _out_of_stage(self, rule: str) -> str:
        """Why a step sent in the wrong stage is refused: the stage the case is in, then the rule
        it broke (e.g. "a review decision is accepted only in stage 'under_review'"). Every
        procedure words it the same way so that a caller can tell a stage refusal at a glance."""
        return f"case {self._case_id} is in stage '{self._stage}': {rule}"

    # -- hooks ----------------------------------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        raise NotImplementedError

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        raise NotImplementedError

    # -- recomputation after a holiday-calendar update (kernel/recomputation.py) -----------------

    @workflow.signal(name=RECOMPUTE_DEADLINES)
    async def recompute_deadlines(self, update: RecomputeDeadlines) -> None:
        """A year's holiday notice was added (service/calendar_update.py): compute every open
        deadline again with the request it was scheduled with. Only cases that get this signal
        run these steps; one signal at a time."""
        self._note_signal()
        if self._kernel == THIN:
            # A signal only queues (issue 15): the case's loop recomputes, after whatever the
            # steps before it queued; an unexpected error there stops the case visibly.
            self._follow_up(
                RECOMPUTE_DEADLINES,
                "deadlines recomputed",
                lambda: recompute_all(self._deadlines, update),
            )
            return
        async with self._recompute_lock:
            try:
                await recompute_all(self._deadlines, update)
            except Exception as err:
                # A signal cannot be refused: a fault here would fail the task for ever (#14).
                if not unexpected(err):
                    raise
                await self._needs_attention(err, step=RECOMPUTE_DEADLINES)

    # -- service (送达) of a notice that opens a party's period (kernel/service.py) -------------

    def _service_problem(self, served: Served) -> str | None:
        """The `served` step's validator: the notice waits for its service; served_on between
        its issue and today (Asia/Shanghai)."""
        return self._service.refusal(served, workflow.now().astimezone(SHANGHAI).date())

    def _take_service(self, served: Served) -> str:
        """The `served` step's handler: claimed at once, the window scheduled by the case's
        loop (a step is answered at once), which publishes the stage once it runs. Returns
        the receipt's detail."""
        record = self._service.claim(served)

        async def start() -> None:
            await self._service.schedule(record)
            self._publish()

        self._follow_up(SERVED, "the period scheduled from its service", start)
        return service_rules.receipt_detail(record)

    # -- what supervisors filter on -------------------------------------------------------------

    @property
    def overdue(self) -> bool:
        return self._deadlines.overdue

    def _publish(self) -> None:
        """The search attributes supervisors filter on, at every stage change: upserted at once
        by a run of a released type, at the end of the workflow task's work and only what
        changed by a run of a current one (kernel/visibility.py)."""
        if self.released:
            self._visibility.publish(*self._seen_by_supervisors())
        else:
            self._visibility.request(self._seen_by_supervisors)

    def _seen_by_supervisors(self) -> tuple[str, Collection[CaseDeadline]]:
        # A notice waiting for its service (送达) has no clock running: the case is found by
        # CaseStage `awaiting_service` until it is served (kernel/service.py).
        stage = self._stage
        if self._attention:
            stage = NEEDS_ATTENTION
        elif self._service.awaiting:
            stage = AWAITING_SERVICE
        return stage, self._deadlines.values()

    def _before_run_ends(self) -> None:
        """The run completes or continues as new: what is still to be published goes now."""
        self._visibility.flush()

    # -- the case's end --------------------------------------------------------------------------

    async def _close_case(self, stage: str, citation: str, /, **details: Any) -> None:
        """The case closes: its final stage, the `case_closed` event citing the clause that
        ends it (with the procedure's own facts), the search attributes, and then the wait for
        Update handlers still running: a workflow that returned under them would fail them."""
        self._stage = stage
        self._trail.record(SYSTEM, "case_closed", citation, **details)
        self._publish()
        await workflow.wait_condition(workflow.all_handlers_finished)
        self._before_run_ends()

    # -- what the case's own code cannot carry on from ------------------------------------------

    async def _needs_attention(self, err: Exception, step: str | None = None) -> None:
        """Stop the procedure where it is, visibly: CaseStage `needs_attention`, the reason in the
        audit trail, the supervisor told (as an overdue escalation is). The case keeps answering
        its status query; the runbook says how to set it going again. `step`: the Update or
        signal whose handler failed (None: the case's main loop)."""
        self._attention = failure_reason(err)
        self._trail.record(
            SYSTEM,
            NEEDS_ATTENTION,
            ATTENTION_RUNBOOK,
            reason=self._attention,
            stage=str(self._stage),
            **({"step": step} if step else {}),
        )
        self._publish()
        try:
            await self._outputs.notify(
                step=f"needs-attention-{step or 'run'}-{len(self._trail.events)}",
                recipient="supervisor",
                subject="案件需处理: the case stopped on an error",
                body=(
                    f"Case {self._case_id} ({self._agency_code}) stopped in stage "
                    f"'{self._stage}': {self._attention}. Its deadlines no longer run; "
                    f"see {ATTENTION_RUNBOOK}."
                ),
                cite=ATTENTION_RUNBOOK,
            )
        except ActivityError as failed:
            self._trail.record(
                SYSTEM, "notification_failed", ATTENTION_RUNBOOK, reason=str(failed.cause or failed)
            )

    async def step_failed(self, step: str, err: Exception) -> ApplicationError:
        """An Update's handler met an unexpected error after the Update was accepted (the update
        gate, kernel/update_gate.py, calls this): the case needs attention, and the caller
        gets the reason instead of a workflow task that fails for ever."""
        await self._needs_attention(err, step=step)
        return ApplicationError(
            f"case {self._case_id} could not complete '{step}' and needs attention: "
            f"{self._attention} (a supervisor has been told)",
            type=NEEDS_ATTENTION_ERROR,
            non_retryable=True,
        )


W = TypeVar("W", bound=CaseWorkflow)
P = ParamSpec("P")
R = TypeVar("R")


def carried(
    run: Callable[Concatenate[W, P], Awaitable[R]],
) -> Callable[Concatenate[W, P], Awaitable[R]]:
    """Put under `@workflow.run`: an unexpected exception in the case's own code (a bug, a value
    a step cannot handle) no longer fails the workflow task on every retry, invisibly (issue
    14). The case moves to `needs_attention` (`_needs_attention`) and stays open, answering its
    status query, until a supervisor resets or ends it (deploy/README.md).

    What is caught: `unexpected`. Determinism: an exception caught here used to fail its task,
    so no completed history ever held what follows: no patch is needed."""

    @functools.wraps(run)
    async def guarded(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = await run(self, *args, **kwargs)
            # Nothing a step queued is dropped by a case that closes (no wait, no command,
            # where nothing is queued: runs of earlier kernels replay as they were).
            await self._follow_through()
            return result
        except Exception as err:
            if not unexpected(err):
                raise
            await self._needs_attention(err)
            await workflow.wait_condition(lambda: False)  # until reset, terminated or cancelled
            raise  # unreachable: the wait never ends on its own

    return guarded
