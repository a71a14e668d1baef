"""Record the histories the replay test checks: run `python -m tests.histories.record`.

Run it once per released version of a workflow and commit the files: a later change of the
workflow's steps that is not behind `workflow.patched` then fails tests/test_replay.py.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from engine import ensure_search_attributes
from periods import SHANGHAI
from tests.conftest import BIN, example_case, make_settings, running_worker, wait_for
from workflows.market_objection import MarketCreditObjectionWorkflow
from workflows.market_objection_models import ReviewDecision, ReviewOutcome, Stage, workflow_id

HERE = Path(__file__).resolve().parent


async def record() -> None:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    await ensure_search_attributes(env.client, env.client.namespace)
    async with env:
        settings = make_settings(Path(tempfile.mkdtemp()))
        now = (await env.get_current_time()).astimezone(SHANGHAI).replace(microsecond=0)
        case = example_case(case_id="HISTORY-1", received_at=now)
        async with running_worker(env.client, settings):
            handle = await env.client.start_workflow(
                MarketCreditObjectionWorkflow.run,
                case,
                id=workflow_id(case.case_id),
                task_queue=settings.task_queue,
            )
            status = await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
            due = status.deadlines[0].deadline.due_at
            await env.sleep(due - await env.get_current_time() + timedelta(hours=1))
            await wait_for(lambda s: s.overdue, handle)
            decision = ReviewDecision(
                outcome=ReviewOutcome.CORRECTED,
                corrected_grade="B",
                reason="复核修正",
                reviewer="recorder",
            )
            await handle.execute_update(MarketCreditObjectionWorkflow.decide, decision)
            await handle.result()
            history = await handle.fetch_history()
    target = HERE / "market_objection_v1_overdue_corrected.json"
    target.write_text(history.to_json(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    asyncio.run(record())
