"""The replay rule behind "a step is answered at once" (issue 15; kernel/replay_rule.py,
ANSWER_AT_ONCE_PATCH, and THIN_STEPS_PATCH for new runs).

A step (an Update) that comes in the same workflow task as an activity result is taken: within
one activation the SDK runs Updates before the code the result resumes, live and on replay
alike, so the history replays. What must never be written is the other order: the acceptance
after commands the case's own code issued in that task (what sdk-core's early application of a
task's events could produce live). Such a history does not replay: the case would be stuck. So
a case refuses a step only in the task that carries what its own code did on resuming (that
task's own activation, or sdk-core's early one for a query: SAME_TASK_SPAN; an early one whose
task is attempted again: EARLY_TASK_SPAN), and never while an activity merely runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import History
from temporalio.client import (
    WorkflowHandle,
    WorkflowHistory,
    WorkflowUpdateFailedError,
    WorkflowUpdateStage,
)
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from contracts.case_records import RECOMPUTE_DEADLINES, RecomputeDeadlines
from contracts.documents import ISSUE_DOCUMENT
from kernel.replay_rule import applies_early, early_uncommitted
from kernel.update_gate import UpdateGate
from periods import default_calendar
from procedures.accountability.models import AccountabilityCase, CaseReport, Review, Stage
from procedures.accountability.workflow import WORKFLOW as ACCOUNTABILITY_TYPE
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow as Accountability
from procedures.registry import WORKFLOWS
from service.steps import await_outputs, is_busy
from settings import Settings
from tests.conftest import EXAMPLES, example_accountability
from tests.door_helpers import start_accountability
from tests.outside_world import Gate
from worker import worker_activities

ACCEPTED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
TASK_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
# Events the server writes on its own, not commands of the task just completed.
NOT_COMMANDS = {
    EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
}


def accountability_case() -> tuple[AccountabilityCase, CaseReport]:
    case = example_accountability("G")
    report = CaseReport.model_validate_json(
        (EXAMPLES / "accountability-report.json").read_text(encoding="utf-8")
    )
    return case, report


def workflow_worker(env: WorkflowEnvironment, settings: Settings) -> Worker:
    # No activities (they go to the test's activity worker); no cache: every task is replayed
    # from the history first, as after a worker restart.
    return Worker(
        env.client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        interceptors=[UpdateGate()],
        max_cached_workflows=0,
    )


@asynccontextmanager
async def case_between_tasks(
    env: WorkflowEnvironment, settings: Settings, case: AccountabilityCase
) -> AsyncIterator[WorkflowHandle[Any, Any]]:
    """The case started and quiet, the worker of its activities running and no workflow worker:
    what the test sends now waits for one and the same workflow task."""
    client = env.client
    activities = worker_activities(client, settings, default_calendar())
    async with Worker(client, task_queue=settings.task_queue, activities=activities):
        async with workflow_worker(env, settings):
            handle = await start_accountability(client, case, settings.task_queue)
            await _quiet(handle)
        yield handle


def replayer(env: WorkflowEnvironment) -> Replayer:
    return Replayer(
        workflows=WORKFLOWS, data_converter=env.client.data_converter, interceptors=[UpdateGate()]
    )


def with_event_moved(
    history: WorkflowHistory, old: int, new: int, count: int = 1
) -> WorkflowHistory:
    """The history with events[old:old + count] moved to start at index `new` (of the events
    left), every event id and every reference to one (`…_event_id`) renumbered: a history the
    server could have written."""
    events = list(history.events)
    moved = events[old : old + count]
    del events[old : old + count]
    events[new:new] = moved
    number = {event.event_id: index + 1 for index, event in enumerate(events)}
    crafted = History()
    for event in events:
        copy = crafted.events.add()
        copy.CopyFrom(event)
        copy.event_id = number[event.event_id]
        attributes = getattr(copy, str(copy.WhichOneof("attributes")))
        for field, value in attributes.ListFields():
            if field.name.endswith("event_id") and isinstance(value, int) and value in number:
                setattr(attributes, field.name, number[value])
    return WorkflowHistory(history.workflow_id, list(crafted.events))


async def test_a_step_that_comes_with_an_activity_result_is_taken_and_the_case_replays(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    client = dev_env.client
    # The report receipt the case issues once the report is in, held by the test.
    issuing = Gate()
    activities = issuing.around(
        worker_activities(client, settings, default_calendar()), ISSUE_DOCUMENT
    )
    case, report = accountability_case()
    review = Review.model_validate_json(
        (EXAMPLES / "accountability-review.json").read_text(encoding="utf-8")
    )
    async with Worker(client, task_queue=settings.task_queue, activities=activities):
        async with workflow_worker(dev_env, settings):
            handle = await start_accountability(client, case, settings.task_queue)
            await handle.execute_update(Accountability.submit_report, report)
            await asyncio.wait_for(issuing.reached.wait(), 30)
        # No workflow worker now: the receipt's result and the review wait for the same task.
        issuing.open()
        await _activity_completed(handle)
        step = asyncio.create_task(
            handle.start_update(
                Accountability.review, review, wait_for_stage=WorkflowUpdateStage.ACCEPTED
            )
        )
        await asyncio.sleep(0.5)  # the Update is with the server before the task is taken
        async with workflow_worker(dev_env, settings):
            taken = await asyncio.wait_for(step, 30)
            receipt = await taken.result()
            # The assessment the review queued, done before the case is ended.
            await await_outputs(handle, "review")
        assert receipt.stage is Stage.AWAITING_DECISION
        await handle.terminate()

    history = await handle.fetch_history()
    events = list(history.events)
    types = [event.event_type for event in events]
    accepted = types.index(ACCEPTED, types.index(ACCEPTED) + 1)  # the review's
    completed = max(
        i for i in range(accepted) if types[i] == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
    )
    # The acceptance is the first thing the task after the activity result wrote (that task may
    # have been scheduled before the result came, while no workflow worker ran).
    between = types[completed + 1 : accepted]
    assert between[-2:] == [EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, TASK_COMPLETED]
    assert set(between[:-2]) <= {EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED}
    # A run of the current type: the thin kernel from its type, with no patch marker.
    started = events[0].workflow_execution_started_event_attributes
    assert started.workflow_type.name == ACCOUNTABILITY_TYPE
    assert EventType.EVENT_TYPE_MARKER_RECORDED not in types
    # ... and that history replays.
    assert (await replayer(dev_env).replay_workflow(history)).replay_failure is None

    # The order the rule forbids: the acceptance after the commands the resumed code issued in
    # that task. None of those histories replays.
    commands_end = next(
        i for i in range(accepted + 1, len(events)) if types[i] in NOT_COMMANDS | {TASK_COMPLETED}
    )
    # A step answered at once is completed in the task that accepted it: the two move together.
    block = (
        2 if types[accepted + 1] == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED else 1
    )
    assert commands_end > accepted + block, "the resumed code issued commands in that task"
    for later in range(accepted + 1, commands_end - block + 1):
        crafted = with_event_moved(history, accepted, later, block)
        result = await replayer(dev_env).replay_workflow(crafted, raise_on_replay_failure=False)
        assert result.replay_failure is not None, f"acceptance moved to event {later + 1}"
        assert "Nondeterminism" in str(result.replay_failure)


async def test_a_step_that_comes_with_a_signal_the_case_acts_on_is_taken_and_replays(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A signal's handler runs before the validator of a step that came after it, live and on
    replay alike: the step is taken in that same task. (Counting the signal as the case's own
    resumption refused such a step for ever on a worker without the run cached: replay merged
    the signal's task, which issued no command, with each new step's.)"""
    calendar = default_calendar()
    case, report = accountability_case()
    async with case_between_tasks(dev_env, settings, case) as handle:
        # The calendar the case already uses: the handler finds nothing to move.
        await handle.signal(
            RECOMPUTE_DEADLINES,
            RecomputeDeadlines(reason="test", calendar_version=calendar.version),
        )
        step = asyncio.create_task(handle.execute_update(Accountability.submit_report, report))
        await asyncio.sleep(0.5)
        async with workflow_worker(dev_env, settings):
            receipt = await asyncio.wait_for(step, 30)
            assert receipt.stage is Stage.UNDER_REVIEW
            # A second report, on a worker that replays the run from its history, is refused
            # for what it is (the report is in), not as a busy case.
            with pytest.raises(WorkflowUpdateFailedError) as wrong_stage:
                await handle.execute_update(Accountability.submit_report, report)
            assert not is_busy(wrong_stage.value)
        await handle.terminate()
    history = await handle.fetch_history()
    types = [e.event_type for e in history.events]
    assert types.count(ACCEPTED) == 1
    signalled = types.index(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
    assert types[signalled + 1 : types.index(ACCEPTED)] == [
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        TASK_COMPLETED,
    ]
    assert (await replayer(dev_env).replay_workflow(history)).replay_failure is None


async def _activity_completed(handle: WorkflowHandle[Any, Any]) -> None:
    for _ in range(300):
        history = await handle.fetch_history()
        if any(
            e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED for e in history.events
        ):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the held activity never completed")


async def _quiet(handle: WorkflowHandle[Any, Any]) -> None:
    """Until the case's last workflow task is completed and no activity runs."""
    for _ in range(300):
        described = await handle.describe()
        raw = described.raw_description
        if not raw.pending_activities and not raw.HasField("pending_workflow_task"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the case never became quiet")


async def test_two_reports_in_one_task_one_is_taken(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Both come in one activation: the first report's handler claims the step before it waits
    for anything, so the second is refused by its validator (it used to be accepted too)."""
    case, report = accountability_case()
    async with case_between_tasks(dev_env, settings, case) as handle:
        first = asyncio.create_task(handle.execute_update(Accountability.submit_report, report))
        second = asyncio.create_task(handle.execute_update(Accountability.submit_report, report))
        await asyncio.sleep(0.5)
        async with workflow_worker(dev_env, settings):
            outcomes = await asyncio.wait_for(
                asyncio.gather(first, second, return_exceptions=True), 30
            )
            status = await handle.query(Accountability.status)
        await handle.terminate()
    receipts = [o for o in outcomes if not isinstance(o, BaseException)]
    refusals = [o for o in outcomes if isinstance(o, WorkflowUpdateFailedError)]
    assert len(receipts) == 1 and receipts[0].stage is Stage.UNDER_REVIEW
    assert len(refusals) == 1 and not is_busy(refusals[0])
    assert "a report" in str(refusals[0].cause)
    assert status.report == report
    history = await handle.fetch_history()
    assert [e.event_type for e in history.events].count(ACCEPTED) == 1


# -- a task applied early and attempted twice (the fault drill, issue 15) -------------------------


def test_a_step_after_an_early_task_and_a_failed_attempt_is_refused_until_it_is_committed() -> None:
    """The numbers of the case the fault drill lost (a repair): its last completed task started
    at event 36; a status query made sdk-core apply the refusal notice's activity result early, at
    the next task's WorkflowTaskScheduled event (41), where the case recorded the notice and
    upserted its stage; that task's first attempt went to a worker that was killed (42 started,
    43 timed out, 44 scheduled) and its second attempt (45) carried the objection. Accepted
    there, the acceptance came after the upsert (events 47, 48) and the history did not
    replay: the case was lost. The rule refuses it, and takes every step that can only come
    after the upsert is in history."""
    started_36 = datetime(2026, 12, 7, 11, 50, 59, tzinfo=UTC)
    # The early activation: the history grew, the time (set when a task starts) did not.
    assert applies_early(36, started_36, 41, started_36)
    # The attempts themselves start tasks: their activations are not early.
    assert not applies_early(41, started_36, 45, started_36 + timedelta(seconds=27))
    assert not applies_early(36, started_36, 36, started_36)  # the same activation again
    assert not applies_early(-1, None, 1, started_36)  # the first activation of a run
    upserts = 1
    for attempt_started in (42, 45):  # the first attempt, and the second after a timeout
        assert early_uncommitted(41, upserts, attempt_started)
    # The first task that can follow the completion: started 42, completed 43, the upsert 44,
    # scheduled 45, started 46.
    assert not early_uncommitted(41, upserts, 46)
    # With no command that always becomes an event, a task may follow an empty completion at
    # 45: nothing of the early activation can be misplaced there, and it is taken.
    assert not early_uncommitted(41, 0, 45)
    assert not early_uncommitted(None, upserts, 42)  # no early activation at all
