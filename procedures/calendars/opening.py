"""The workflow every round's Schedule starts (ScheduledRoundOpening): it names the period from
the scheduled time and opens the round under the round's own id.

The round's id is the whole idempotence: a trigger, a backfill or a retried task for a period
already open finds the id taken and opens nothing (REJECT_DUPLICATE: a closed round is never
opened again). The scheduled time, not the time the task runs, names the period, so a round
missed while the cluster was down, or backfilled, opens for the period it was due in.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ValidationError
from temporalio import workflow
from temporalio.common import SearchAttributeKey, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from contracts.fields import StrictModel
    from contracts.rounds import (
        RELEASED_WORKFLOW,
        SCHEDULED_OPENING_WORKFLOW,
        WORKFLOW,
        RoundOpening,
        ScheduledRound,
        scheduled_period,
        workflow_id,
    )
    from periods import SHANGHAI

# Set by the server on every workflow a Schedule starts: the action's nominal time.
SCHEDULED_START = SearchAttributeKey.for_datetime("TemporalScheduledStartTime")


class OpeningResult(BaseModel):
    model_config = StrictModel
    round_id: str
    opened: bool


# The round's current workflow type (issue 20) opened by an opening that runs from now on.
ROUND_TYPE_PATCH = "opens-round-v2"


@workflow.defn(name=SCHEDULED_OPENING_WORKFLOW)
class ScheduledRoundOpening:
    @workflow.run
    async def run(self, scheduled: ScheduledRound) -> OpeningResult:
        due = self._scheduled_time()
        try:
            opening = RoundOpening(
                kind=scheduled.kind,
                period=scheduled_period(scheduled.kind, due.astimezone(SHANGHAI).date()),
                population=scheduled.population,
                agency=scheduled.agency,
                opened_by=scheduled.schedule_id,
            )
        except ValidationError as err:
            # A Schedule written by hand with a population its kind has not: this opening
            # fails, saying why, instead of a workflow task failing for ever.
            raise ApplicationError(
                f"{scheduled.schedule_id}: {err.errors()[0]['msg']}", non_retryable=True
            ) from None
        try:
            await workflow.start_child_workflow(
                # An opening started before issue 20 opened the released type (its history
                # says so); a later one opens the current type.
                WORKFLOW if workflow.patched(ROUND_TYPE_PATCH) else RELEASED_WORKFLOW,
                opening,
                id=workflow_id(opening.round_id),
                task_queue=workflow.info().task_queue,
                # The round outlives this small workflow: it runs for weeks.
                parent_close_policy=workflow.ParentClosePolicy.ABANDON,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            workflow.logger.info(
                "round %s is already open (or was): nothing opened", opening.round_id
            )
            return OpeningResult(round_id=opening.round_id, opened=False)
        workflow.logger.info("round %s opened by %s", opening.round_id, scheduled.schedule_id)
        return OpeningResult(round_id=opening.round_id, opened=True)

    @staticmethod
    def _scheduled_time() -> datetime:
        """The time the Schedule meant (a backfill's is in the past); started by hand: now."""
        due = workflow.info().typed_search_attributes.get(SCHEDULED_START)
        return due if due is not None else workflow.now()
