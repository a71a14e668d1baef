"""The OpenAPI document is the contract: schemathesis generates requests from it (valid and
invalid ones) for every operation, sends them to the real server (uvicorn, a worker, the dev
server) with an agency key and with the supervisor key, and checks that every answer is one the
document announces: no server error, a documented status, content type, headers and body.

Bounded so the suite stays short: a few examples per operation and key, derandomized (the
same requests on every run), no example database. The cases the fuzzer manages to start go to
this test's own task queue on the throwaway dev server.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.serve import start, stop
from periods import default_calendar
from tests.conftest import free_port, make_settings, running_worker
from tests.test_http_api import AGENCY_KEYS, SUPERVISOR, key_ring

EXAMPLES_PER_OPERATION = 8
TIME_BUDGET_S = 90  # the whole run, both keys; it takes a fraction of this
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The medical-insurance service centre runs three procedures: its key reaches the most code
# (starts and steps that get past the procedure check); the supervisor key reaches the rest.
KEYS = {"agency QZ-YBZX": AGENCY_KEYS["QZ-YBZX"], "supervisor": SUPERVISOR}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def base_url(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    config = make_settings(tmp_path_factory.mktemp("contract"))
    app = create_app(config, dev_env.client, key_ring(), default_calendar)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, access_log=False, log_level="error", lifespan="off"
        )
    )
    async with running_worker(dev_env.client, config):
        task = await start(server)
        try:
            yield f"http://127.0.0.1:{port}", app.openapi()
        finally:
            await stop(server, task)


def fuzz(base: str, document: dict[str, Any], key: str) -> list[str]:
    """Every operation with EXAMPLES_PER_OPERATION generated requests; the failures found."""
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    deadline = time.monotonic() + TIME_BUDGET_S
    headers = {"Authorization": f"Bearer {key}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() > deadline:
            failures.append(f"out of time before {operation.label}")
            break

        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case: Any) -> None:
            case.call_and_validate(base_url=base, headers=headers, checks=CHECKS, timeout=30)

        try:
            check()
        except Exception as err:  # a check's failure: collect them all, then report
            failures.append(f"{operation.label}: {err}")
    return failures


async def test_every_answer_is_one_the_document_announces(
    base_url: tuple[str, dict[str, Any]],
) -> None:
    base, document = base_url
    for name, key in KEYS.items():
        failures = await asyncio.to_thread(fuzz, base, document, key)
        assert not failures, f"{name}:\n" + "\n\n".join(failures)
