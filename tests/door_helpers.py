"""The doors the tests come in by, written once: an engine run as a user runs it (for the command
line), the one-line refusal every command gives, the API and board served on a free port, and a
case started straight through a Temporal client (the door an agency system's start ends at).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import pytest_asyncio
import uvicorn
from fastapi import FastAPI
from temporalio.client import Client, WorkflowHandle

from procedures.accountability.models import AccountabilityCase, AccountabilityResult
from procedures.accountability.models import workflow_id as accountability_workflow_id
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow
from procedures.market_objection.models import MarketObjectionCase, MarketObjectionOutcome
from procedures.market_objection.models import workflow_id as market_workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from tests.conftest import free_port
from tests.processes import Engine, Result

# -- the command line ------------------------------------------------------------------------------


async def _running_engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    running = Engine(tmp_path_factory.mktemp("engine"))
    await running.start()
    yield running
    assert running.stop() == 0


def engine_per_module() -> Callable[..., Any]:
    """The `engine` fixture: `python worker.py` (embedded dev server and worker) with its own
    data directory and ports, one per test module that assigns it (`engine =
    engine_per_module()`), stopped cleanly at the module's end. Assigned rather than imported:
    an imported fixture is an unused import that each test's `engine` argument redefines."""
    return pytest_asyncio.fixture(
        _running_engine, scope="module", loop_scope="session", name="engine"
    )


def one_line_error(result: Result, code: int, *fragments: str) -> None:
    """A refused command: exit `code`, nothing on stdout, and one line on stderr, `error: ...`,
    that names every fragment (the field, the file, the case)."""
    assert result.code == code, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def assert_already_started(again: Result, case_id: str) -> None:
    """The very same case file started again is the same request: the case already started
    (exit 0), and nothing is started anew."""
    assert (
        again.code == 0
        and "already started" in again.out
        and case_id in again.out
        and "Started case" not in again.out
    )


# -- HTTP ------------------------------------------------------------------------------------------


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """The app served by uvicorn on a free local port, for a real browser; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            # Leave the test process's logging alone (uvicorn's own config would replace it).
            log_config=None,
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started or task.done():
                break
            await asyncio.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


# -- a Temporal client -----------------------------------------------------------------------------


async def start_market_objection(
    client: Client,
    case: MarketObjectionCase,
    task_queue: str,
    workflow: type[MarketCreditObjectionWorkflow] = MarketCreditObjectionWorkflow,
    **options: Any,
) -> WorkflowHandle[Any, MarketObjectionOutcome]:
    """The case started under its own workflow id, nothing validated or recorded on the way;
    `workflow` may be a variant of the procedure (tests/faulty_workflows.py), `options` what
    else the start takes (an id reuse policy)."""
    return await client.start_workflow(
        workflow.run,
        case,
        id=market_workflow_id(case.case_id),
        task_queue=task_queue,
        **options,
    )


async def start_accountability(
    client: Client, case: AccountabilityCase, task_queue: str, **options: Any
) -> WorkflowHandle[Any, AccountabilityResult]:
    """The lost-lawsuit accountability case started under its own workflow id."""
    return await client.start_workflow(
        LostLawsuitAccountabilityWorkflow.run,
        case,
        id=accountability_workflow_id(case.case_id),
        task_queue=task_queue,
        **options,
    )
