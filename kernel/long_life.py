"""Long lives (issue 15): a case carries on in a fresh run before its history grows too large.

A Temporal run's history is bounded: the server warns at 10,240 events or 10 MiB and ends a run
at 51,200 events or 50 MiB. A case that lives for years (an agreement, an evaluation round, a
case that waits on many holiday-calendar updates) continues as new before it passes
HISTORY_EVENTS_LIMIT events or HISTORY_BYTES_LIMIT bytes, or when the server suggests it, or
when an operator asks (the `continue_as_new` Update). It does so only where it waits (a deadline
watched, a step awaited), once every step's handler and every follow-up it queued is done, and
hands the next run everything it is (`CarriedCase` and the procedure's own part): the audit
trail, the deadlines with their instants (the next run sets its timers from them), the steps
taken. The workflow id, the search attributes and the memo stay; the status is the same.

A procedure opts in with `continues_as_new = True`, a run whose one argument is either the case
file (a first run) or what the previous run carried (its `...Carried` model), waits that are
conditions on its state (`_watch`, `_until`), and `_continuation()`; runs of kernels before
THIN_STEPS_PATCH never continue (their histories replay as they were). Import inside
`workflow.unsafe.imports_passed_through()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, Protocol, TypeVar

from pydantic import BaseModel
from temporalio import workflow

from contracts.case_records import (
    CONTINUE_AS_NEW,
    CarriedCase,
    ContinueReceipt,
    ContinueRequest,
)
from kernel.audit_trail import AuditTrail
from kernel.deadlines import CaseDeadlines
from kernel.outputs import Outputs
from kernel.replay_rule import THIN
from kernel.service import CaseService
from kernel.visibility import Visibility

HISTORY_EVENTS_LIMIT = 10_000
HISTORY_BYTES_LIMIT = 10 * 1024 * 1024


class Carried(Protocol):
    """A procedure's `...Carried` model: it keeps the case file it started with."""

    @property
    def started_with(self) -> Any: ...


C = TypeVar("C", bound=Carried)
M = TypeVar("M", bound=BaseModel)


def split_start(start: Any, carried_type: type[C]) -> tuple[Any, C | None]:
    """A run's one argument, parted: the case file, and what a previous run carried (None for
    a first run, whose argument is the case file itself; a carried model keeps the case file
    as `started_with`)."""
    if isinstance(start, carried_type):
        return start.started_with, start
    return start, None


class LongLife:
    """The part of a case that knows when its run is full and how to hand over."""

    continues_as_new: ClassVar[bool] = False
    _case_id: str
    _stage: str
    _trail: AuditTrail
    _deadlines: CaseDeadlines
    _outputs: Outputs
    _visibility: Visibility
    _service: CaseService
    _kernel: str | None
    _runs_before = 0
    _handover: ContinueRequest | None = None

    if TYPE_CHECKING:  # what the case provides (CaseWorkflow, FollowUps)

        def _follow_ups_done(self) -> bool: ...

        def _before_run_ends(self) -> None: ...

    # -- what a procedure provides ----------------------------------------------------------------

    def _continuation(self) -> Sequence[Any]:
        """The arguments of the next run: the case as started, and what it has become (usually
        `[self._carry(TheProcedureCarried)]`)."""
        raise NotImplementedError

    def _carry(self, model: type[M], **given: Any) -> M:
        """The procedure's `...Carried` model filled in: the case file it started with, the
        kernel's part, and each other field from the attribute of the same name with a leading
        underscore, unless `given`. The model is the one list of what a case carries to its next
        run; an attribute it names that the case lacks fails the handover's tests at once."""
        # `started_with` is the case file, `_case` in every procedure.
        attribute = {name: f"_{name}" for name in model.model_fields} | {"started_with": "_case"}
        own = {
            name: getattr(self, attribute[name])
            for name in sorted(set(model.model_fields) - {"case"} - set(given))
        }
        return model(case=self._carried_case(), **own, **given)

    # -- the procedure-neutral part carried ------------------------------------------------------

    def _carried_case(self) -> CarriedCase:
        return CarriedCase(
            stage=str(self._stage),
            events=self._trail.events,
            deadlines=self._deadlines.by_name,
            deadline_revision=self._deadlines.revision,
            deliveries=self._outputs.deliveries,
            uncarried=sorted(self._visibility.uncarried),
            runs_before=self._runs_before + 1,
            services=self._service.records,
        )

    def _take_over(self, carried: CarriedCase) -> None:
        """In the next run's `__init__`: the case as the previous run left it."""
        self._trail.events = list(carried.events)
        self._deadlines.take_over(carried.deadlines, carried.deadline_revision)
        self._outputs.deliveries = list(carried.deliveries)
        self._visibility.uncarried = set(carried.uncarried)
        self._runs_before = carried.runs_before
        self._service.take_over(carried.services)

    # -- when and how ------------------------------------------------------------------------------

    def _run_is_full(self) -> bool:
        if not self.continues_as_new or self._kernel != THIN:
            return False
        if self._handover is not None:
            return True
        info = workflow.info()
        return (
            info.is_continue_as_new_suggested()
            or info.get_current_history_length() >= HISTORY_EVENTS_LIMIT
            or info.get_current_history_size() >= HISTORY_BYTES_LIMIT
        )

    async def _until(self, condition: Callable[[], bool], *, as_released: bool = False) -> None:
        """`workflow.wait_condition(condition)` for the waits of a case's life (a step awaited
        for weeks): the case hands over to a fresh run meanwhile if its run is full.

        `as_released`: for a wait that released code wrote as `workflow.wait_condition`, which
        yields once even when the condition holds (the case's other tasks, such as a v2 run's
        settle timer, then issue their commands first): runs of that code replay in the same
        order."""
        if as_released:
            await workflow.wait_condition(lambda: condition() or self._run_is_full())
        while not condition():
            await workflow.wait_condition(lambda: condition() or self._run_is_full())
            if not condition():
                await self._hand_over()

    async def _hand_over(self) -> NoReturn:
        """Continue as new once no step's handler and no follow-up is under way."""
        await workflow.wait_condition(
            lambda: workflow.all_handlers_finished() and self._follow_ups_done()
        )
        info = workflow.info()
        workflow.logger.info(
            "continuing as new",
            extra={
                "case_id": self._case_id,
                "history_events": info.get_current_history_length(),
                "history_bytes": info.get_current_history_size(),
                "asked_by": self._handover.requested_by if self._handover else None,
            },
        )
        self._before_run_ends()
        workflow.continue_as_new(args=list(self._continuation()))

    # -- an operator's request ---------------------------------------------------------------------

    @workflow.update(name=CONTINUE_AS_NEW)
    def continue_as_new_now(self, request: ContinueRequest) -> ContinueReceipt:
        self._handover = request
        return ContinueReceipt(case_id=self._case_id, run_id=workflow.info().run_id)

    @continue_as_new_now.validator
    def _validate_continue_as_new(self, request: ContinueRequest) -> None:
        if not self.continues_as_new:
            raise ValueError(
                f"case {self._case_id}: this procedure does not continue as new (its history "
                "stays within one run)"
            )
        if self._kernel != THIN:
            raise ValueError(
                f"case {self._case_id} runs on an earlier kernel: it keeps its one run to its end"
            )
        if self._handover is not None:
            raise ValueError(f"case {self._case_id} is already handing over to a fresh run")
