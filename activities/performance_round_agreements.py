"""A performance round's results sent to the agreements (衢医保发〔2023〕8号 附件1 二(四)): each
assessed institution's `PerformanceResult` taken by its agreement's Update `assess`.

Idempotent: the Update's id is the round's workflow id and the agreement number, so a retried
activity applies each result once. A refusal (no such agreement, a year its terms do not cover,
a result taken already) is a problem the round reports; the rest go on. A newly designated
institution (当年新增, 不予考核) is sent nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

from temporalio import activity
from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contracts import agreements
from contracts.case_records import CASE_BUSY
from contracts.performance_results import ASSESS, PerformanceResult
from contracts.round_activities import OutputProblem, OutputsDelivered, RoundOutputs, SubjectOutput
from contracts.rounds import RoundKind

CONCURRENCY: Final = 25
# Not an engine fault: the agreement is not there (never started, or its history closed).
_ABSENT: Final = (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION)


def performance_result(outputs: RoundOutputs, subject: SubjectOutput) -> PerformanceResult:
    score = subject.score
    annual = outputs.kind is RoundKind.PERFORMANCE_ANNUAL
    return PerformanceResult(
        round_id=outputs.round_id,
        assessment="annual" if annual else "reassessment",
        year=outputs.assessed_year or int(outputs.period[:4]),
        assessed_on=outputs.published_on,
        final_score=float(score.total or 0.0),
        grade=score.grade if annual else None,
        rank=score.rank if annual else None,
        ranked=score.ranked if annual else None,
        settlement_suspended=score.settlement_suspended if annual else False,
        passed=None if annual else bool(score.passed),
        reasons=score.reasons,
        actor=outputs.agency.name,
    )


async def assess_agreements(client: Client, outputs: RoundOutputs) -> OutputsDelivered:
    done = OutputsDelivered()
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(subject: SubjectOutput) -> None:
        if not subject.score.assessed:
            return  # 当年新增的定点医药机构, 不予考核 (附件1 二(四))
        async with gate:
            activity.heartbeat()
            problem = await _assess(client, outputs, subject)
        if problem is None:
            done.agreements_assessed += 1
        else:
            done.problems.append(
                OutputProblem(subject_id=subject.score.subject_id, problem=problem)
            )

    await asyncio.gather(*(one(subject) for subject in outputs.subjects))
    return done


async def _assess(client: Client, outputs: RoundOutputs, subject: SubjectOutput) -> str | None:
    number = str(subject.record["agreement_number"])
    handle = client.get_workflow_handle(agreements.workflow_id(number))
    try:
        await handle.execute_update(
            ASSESS,
            performance_result(outputs, subject),
            id=f"{outputs.round_workflow_id}/{number}",
        )
    except WorkflowUpdateFailedError as err:
        cause = err.cause
        message = getattr(cause, "message", None) or str(cause or err)
        if not isinstance(cause, ApplicationError) or cause.type == CASE_BUSY:
            # The agreement was finishing a step: the activity is retried, and the Update's id
            # makes the result count once.
            raise ApplicationError(f"agreement {number} is busy: {message}") from None
        if f"taken already from round {outputs.round_id}" in message:
            return None  # this round's earlier attempt got through before a hand-over
        return f"agreement {number} refused the result: {message}"
    except RPCError as err:
        if err.status in _ABSENT and not await _running(handle):
            return f"agreement_number: no agreement {number} running to take the result ({err})"
        raise  # handing over to a fresh run: tried again
    return None


async def _running(handle: WorkflowHandle[Any, Any]) -> bool:
    try:
        description = await handle.describe()
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            return False
        raise
    return description.status == WorkflowExecutionStatus.RUNNING
