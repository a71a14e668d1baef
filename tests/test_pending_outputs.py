"""A delivery that keeps failing is shown for what it is (issue 15): the case's status, the list
(`--pending-outputs`), the HTTP API and the board say which output is pending, for how long,
on which attempt and with what error, while the case takes its steps."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from contracts.activities import SEND_NOTIFICATION
from kernel.update_gate import UpdateGate
from periods import SHANGHAI, default_calendar
from procedures.market_objection.models import ReviewDecision, Stage
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import WORKFLOWS
from security.keys import ApiKey, KeyRing, Role, digest
from service.listing import CaseFilter, list_cases
from settings import Settings
from tests.conftest import EXAMPLES, example_case
from tests.door_helpers import start_market_objection
from tests.outside_world import Gate
from tests.processes import cli_beside, cli_env
from worker import worker_activities

REFUSAL = "SMS gateway refused the message: 503 Service Unavailable"


async def test_a_failing_delivery_is_shown_with_its_attempts_and_error(
    dev_env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    client = dev_env.client
    agency = f"OUT-{uuid.uuid4().hex[:6]}"
    # The SMS gateway refuses every attempt until the test brings it back.
    gateway = Gate(refusal=REFUSAL)
    activities = gateway.around(
        worker_activities(client, settings, default_calendar()), SEND_NOTIFICATION
    )
    # Received 40 days ago: overdue at once, its reminder goes to the gateway that refuses.
    now = datetime.now(SHANGHAI).replace(microsecond=0)
    failing = example_case(agency_code=agency, received_at=now - timedelta(days=40))
    quiet = example_case(agency_code=agency, received_at=now)
    supervisor = f"sup-{uuid.uuid4().hex}"
    keys = KeyRing(
        [ApiKey(name="test supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor))]
    )
    async with Worker(
        client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=activities,
        interceptors=[UpdateGate()],
    ):
        handles = [
            await start_market_objection(client, case, settings.task_queue)
            for case in (failing, quiet)
        ]
        # Until the server has seen the second attempt fail.
        for _ in range(200):
            pending = (await handles[0].describe()).raw_description.pending_activities
            if pending and pending[0].attempt >= 3:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the delivery was never retried")

        # The command line: status and list.
        shell = cli_env(client, settings, tmp_path)
        shown = await cli_beside("status", failing.case_id, "--json", env=shell)
        assert shown.code == 0, shown
        (output,) = shown.json()["pending_outputs"]
        assert output["output"] == "notification" and output["failing"]
        assert output["attempt"] >= 3 and output["last_error"] == REFUSAL
        since = datetime.fromisoformat(output["since"])
        assert now - timedelta(minutes=1) < since < datetime.now(SHANGHAI)
        text = await cli_beside("status", failing.case_id, env=shell)
        assert "Pending outputs:" in text.out
        assert "notification: delivery failing for" in text.out
        assert f"({REFUSAL}), attempt " in text.out
        assert "Pending outputs:" not in (await cli_beside("status", quiet.case_id, env=shell)).out

        asked = ("list", "--pending-outputs", "--agency", agency)
        listed = await cli_beside(*asked, "--json", env=shell)
        assert listed.code == 0, listed
        rows = listed.json()
        assert [r["case_id"] for r in rows] == [failing.case_id]
        assert rows[0]["flags"][0] == "DELIVERY-FAILING"
        table = await cli_beside(*asked, env=shell)
        assert f"{failing.case_id}: notification: delivery failing" in table.out
        without = await list_cases(client, CaseFilter(agency=agency, pending_outputs=False))
        assert [r.case_id for r in without] == [quiet.case_id]

        # HTTP and the board.
        app = create_app(settings, client, keys, default_calendar)
        headers = {"X-API-Key": supervisor}
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://board"
        ) as http:
            answer = await http.get(f"/market-objection/cases/{failing.case_id}", headers=headers)
            assert answer.status_code == 200, answer.text
            assert answer.json()["pending_outputs"][0]["last_error"] == REFUSAL
            listing = await http.get(
                "/cases", params={"pending_outputs": "true", "agency": agency}, headers=headers
            )
            assert [r["case_id"] for r in listing.json()] == [failing.case_id]
            page = await http.get(f"/board/cases/{handles[0].id}", headers=headers)
            assert page.status_code == 200
            assert "送达失败 DELIVERY FAILING" in page.text
            assert "notification: delivery failing for" in page.text

        # Meanwhile the reviewer's decision is taken at once; once the gateway is back, the
        # case delivers and closes, and nothing is pending any more.
        decision = ReviewDecision.model_validate_json(
            (EXAMPLES / "market-objection-decision.json").read_text(encoding="utf-8")
        )
        receipt = await handles[0].execute_update(MarketCreditObjectionWorkflow.decide, decision)
        assert receipt.stage is Stage.NOTIFYING
        gateway.open()
        await asyncio.wait_for(handles[0].result(), 120)
        await handles[1].terminate("the test is over")
