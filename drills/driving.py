"""Driving one case of the drill through its human steps with a Temporal client, as a clerk
would, through whatever the chaos does meanwhile: transient failures are retried (the same
Update id again, where the first may have been accepted), a case the server forgets or whose
trail shrinks is lost."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import timedelta
from typing import Any

from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import (
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from contracts import search_attributes as sa
from drills.cluster import Cluster
from drills.runs import CaseLost, CaseRun, Stats
from drills.scenario_parts import Scenario, Step
from service.steps import is_busy

QUERY_TIMEOUT = timedelta(seconds=5)
UPDATE_TIMEOUT = timedelta(seconds=30)
TRANSIENT = {
    RPCStatusCode.UNAVAILABLE,
    RPCStatusCode.DEADLINE_EXCEEDED,
    RPCStatusCode.CANCELLED,
    RPCStatusCode.UNKNOWN,
    RPCStatusCode.INTERNAL,
    RPCStatusCode.RESOURCE_EXHAUSTED,
    RPCStatusCode.ABORTED,
}


class CaseDriver:
    """Drives the cases, one `drive` each; counts those it is done with (`finished`)."""

    def __init__(
        self,
        client: Client,
        cluster: Cluster,
        stats: Stats,
        rng: random.Random,
        case_timeout: float,
    ) -> None:
        self.client = client
        self.cluster = cluster
        self.stats = stats
        self.rng = rng
        self.case_timeout = case_timeout
        self.finished = 0

    def transient(self, err: BaseException, what: str) -> None:
        name = type(err).__name__
        if isinstance(err, RPCError):
            name = f"RPCError.{err.status.name if err.status else 'none'}"
        self.stats.transient_errors[f"{what}: {name}"] += 1

    def handle(self, scenario: Scenario) -> WorkflowHandle[Any, Any]:
        return self.client.get_workflow_handle(scenario.workflow_id)

    async def status(self, run: CaseRun) -> Any | None:
        """The case's status, None on a transient failure; CaseLost when the server does not
        know a case it acknowledged, or a step it acknowledged is undone."""
        scenario = run.scenario
        try:
            status = await self.handle(scenario).query(
                "status", result_type=scenario.procedure.status_model, rpc_timeout=QUERY_TIMEOUT
            )
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND and run.started:
                raise CaseLost(
                    f"not found after its start was acknowledged: {err.message}"
                ) from None
            self.transient(err, "query")
            run.last_error = f"RPCError {err.status.name if err.status else ''}: {err.message}"
            return None
        except WorkflowQueryFailedError as err:
            self.transient(err, "query")
            run.last_error = f"query failed: {err.message}"
            return None
        except RuntimeError as err:  # the connection itself (server down)
            self.transient(err, "query")
            run.last_error = str(err)
            return None
        # The audit trail only grows: a shorter one means the server lost acknowledged work.
        if len(status.events) < run.trail_length:
            raise CaseLost(
                f"its audit trail shrank from {run.trail_length} to {len(status.events)} events "
                f"(stage '{status.stage}')"
            )
        run.trail_length = len(status.events)
        return status

    async def pause(self, attempt: int) -> None:
        # Queries are workflow tasks on the workers: a case held up by a timeout (a task a killed
        # worker had taken) is asked again only every few seconds.
        await asyncio.sleep(min(0.1 * (1.6**attempt), 5.0) * (0.5 + self.rng.random()))

    # -- one case

    async def drive(self, run: CaseRun, limit: asyncio.Semaphore) -> None:
        scenario = run.scenario
        async with limit:
            run.began_at = time.monotonic()
            deadline = run.began_at + self.case_timeout
            try:
                prepare, client = scenario.prepare, self.client
                if prepare is not None:
                    settings = self.cluster.settings
                    await self._retrying(lambda: prepare(client, settings), deadline, "seed")
                await self._start(run, deadline)
                for step in scenario.steps:
                    await self._step(run, step, deadline)
                await self._reach_end(run, deadline)
            except CaseLost as lost:
                run.problem = str(lost)
            finally:
                self.finished += 1

    async def _retrying(self, action: Any, deadline: float, what: str) -> None:
        attempt = 0
        while True:
            try:
                await action()
                return
            except (RPCError, WorkflowUpdateRPCTimeoutOrCancelledError, RuntimeError) as err:
                # FAILED_PRECONDITION: the record's workflow task failed and waits for its next
                # attempt (one that crossed new events); the same write is sent again.
                if isinstance(err, RPCError) and err.status not in (
                    *TRANSIENT,
                    RPCStatusCode.FAILED_PRECONDITION,
                ):
                    raise CaseLost(f"{what}: {err.message}") from None
                self.transient(err, what)
            if time.monotonic() > deadline:
                raise CaseLost(f"{what}: out of time")
            attempt += 1
            await self.pause(attempt)

    async def _start(self, run: CaseRun, deadline: float) -> None:
        scenario = run.scenario
        attempt = 0
        while True:
            try:
                await self.client.start_workflow(
                    scenario.procedure.workflow.run,  # type: ignore[attr-defined]
                    scenario.case,
                    id=scenario.workflow_id,
                    task_queue=self.cluster.settings.task_queue,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                    search_attributes=sa.at_start(
                        scenario.procedure.procedure_type, scenario.agency_code
                    ),
                    rpc_timeout=timedelta(seconds=10),
                )
            except WorkflowAlreadyStartedError:
                # The ids are this run's own: an earlier attempt (ours, or the client's own retry
                # inside one call) got through but its answer was lost. That is the case.
                self.stats.transient_errors["start: already started by an earlier attempt"] += 1
            except (RPCError, RuntimeError) as err:
                if isinstance(err, RPCError) and err.status not in TRANSIENT:
                    raise CaseLost(f"start: {err.message}") from None
                self.transient(err, "start")
                if time.monotonic() > deadline:
                    raise CaseLost("start: out of time") from None
                attempt += 1
                await self.pause(attempt)
                continue
            run.started = True
            self.stats.mark("start")
            return

    async def _step(self, run: CaseRun, step: Step, deadline: float) -> None:
        handle = self.handle(run.scenario)
        # One id per attempt that may have been accepted: a transient failure sends the same id
        # again (the server answers an accepted Update once); after a refusal (nothing was
        # accepted) the next attempt gets a new one.
        attempts_refused = 0
        update_id = f"drill-{run.scenario.workflow_id}-{step.name}"
        attempt = 0
        while True:
            if time.monotonic() > deadline:
                raise CaseLost(
                    f"step {step.name}: out of time"
                    + (f" (refused: {run.refusals[-1]})" if run.refusals else "")
                )
            status = await self.status(run)
            if status is not None and step.took_effect(status):
                if step.name not in run.acked:
                    run.acked.append(step.name)
                return
            if status is not None and step.can_send(status):
                try:
                    # An accepted Update whose handler never finishes (a case whose workflow
                    # tasks keep failing) would keep the client waiting for ever: bounded.
                    await asyncio.wait_for(
                        handle.execute_update(
                            step.update, step.argument, id=update_id, rpc_timeout=UPDATE_TIMEOUT
                        ),
                        timeout=max(
                            1.0, min(UPDATE_TIMEOUT.total_seconds(), deadline - time.monotonic())
                        ),
                    )
                    run.acked.append(step.name)
                    self.stats.mark("step")
                    return
                except WorkflowUpdateFailedError as err:
                    attempts_refused += 1
                    update_id = f"drill-{run.scenario.workflow_id}-{step.name}-{attempts_refused}"
                    if is_busy(err):
                        # Finishing its previous step: nothing changed, send it again.
                        self.transient(err, "update: case busy")
                        run.update_retries += 1
                        attempt += 1
                        await self.pause(attempt)
                        continue
                    cause = err.cause
                    message = getattr(cause, "message", None) or str(cause or err)
                    run.refusals.append(f"{step.name}: {message}")
                    if len(run.refusals) > 20:
                        raise CaseLost(f"step {step.name} refused: {message}") from None
                except (
                    RPCError,
                    WorkflowUpdateRPCTimeoutOrCancelledError,
                    RuntimeError,
                    TimeoutError,
                ) as err:
                    # FAILED_PRECONDITION: a workflow task of the case failed and waits for its
                    # next attempt. A case that stays so (a history that does not replay) runs
                    # out of time and fails the replay check.
                    if isinstance(err, RPCError) and err.status not in (
                        *TRANSIENT,
                        RPCStatusCode.NOT_FOUND,
                        RPCStatusCode.FAILED_PRECONDITION,
                    ):
                        raise CaseLost(f"step {step.name}: {err.message}") from None
                    self.transient(err, "update")
                    run.update_retries += 1
            attempt += 1
            await self.pause(attempt)

    async def _reach_end(self, run: CaseRun, deadline: float) -> None:
        attempt = 0
        while True:
            status = await self.status(run)
            if (
                status is not None
                and str(status.stage) == run.scenario.end_stage
                and await self._closed_as_its_path_says(run)
            ):
                run.reached_end_at = time.monotonic()
                self.stats.mark("end")
                return
            if time.monotonic() > deadline:
                stage = status.stage if status is not None else f"unknown: {run.last_error[:300]}"
                raise CaseLost(f"end stage {run.scenario.end_stage} not reached (stage {stage})")
            attempt += 1
            await self.pause(attempt)

    async def _closed_as_its_path_says(self, run: CaseRun) -> bool:
        """A closing stage is set before the case waits for its last handlers (a subject-record
        write, a notice): the case is done when its workflow has completed, not before."""
        if not run.scenario.closes:
            return True
        try:
            description = await self.handle(run.scenario).describe(rpc_timeout=QUERY_TIMEOUT)
        except (RPCError, RuntimeError) as err:
            self.transient(err, "describe")
            return False
        return description.status == WorkflowExecutionStatus.COMPLETED
