"""Nothing is lost: stopping the engine (worker and embedded server) mid-case and starting it
again resumes the case where it was, from the SQLite file under the data directory."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from periods import SHANGHAI
from procedures.designation.models import DesignationStatus
from procedures.designation.models import Stage as DesignationStage
from procedures.market_objection.models import Stage, workflow_id
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from tests.conftest import EXAMPLES, wait_for
from tests.processes import Engine, cli
from tests.test_cli import DECISION_FILE, case_file, decide


async def test_a_restart_in_the_middle_of_a_case_resumes_it(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "engine")
    received = datetime.now(SHANGHAI).replace(microsecond=0)
    case_id, path = case_file(tmp_path, received_at=received.isoformat())

    await engine.start()
    try:
        assert cli("market-objection", "start", "--file", str(path), env=engine.env).code == 0
        client = await engine.client()
        handle = client.get_workflow_handle_for(
            MarketCreditObjectionWorkflow.run, workflow_id(case_id)
        )
        before = await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
    finally:
        # SIGTERM: the worker drains and the embedded server stops; exit code 0.
        assert engine.stop() == 0
    assert (engine.data_dir / "temporal.db").exists()

    await engine.start()
    try:
        client = await engine.client()
        handle = client.get_workflow_handle_for(
            MarketCreditObjectionWorkflow.run, workflow_id(case_id)
        )
        after = await handle.query(MarketCreditObjectionWorkflow.status)
        # The same case, the same deadline (not recomputed), the same audit trail.
        assert after.model_dump(mode="json") == before.model_dump(mode="json")
        decided = decide(case_id, *DECISION_FILE, env=engine.env)
        assert decided.code == 0, decided
        outcome = await handle.result()
        assert outcome.final_grade == "B"
    finally:
        assert engine.stop() == 0


async def test_a_restart_while_a_designation_awaits_its_batch_keeps_the_batch_and_the_trail(
    tmp_path: Path,
) -> None:
    """Weeks before the quarterly review: the engine stops and starts again; the case still
    waits for the same batch day (its timer is in the server's file), with the same trail, and
    takes the agency's review findings."""
    engine = Engine(tmp_path / "engine")
    data = json.loads((EXAMPLES / "designation-medical.json").read_text(encoding="utf-8"))
    case_id = data["case_id"] = f"DD-RS-{tmp_path.name[-8:]}".replace("_", "-")
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    application = str(EXAMPLES / "designation-application-medical.json")

    await engine.start()
    try:
        assert cli("designation", "start", "--file", str(case_path), env=engine.env).code == 0
        applied = cli("designation", "apply", case_id, "--file", application, env=engine.env)
        assert applied.code == 0, applied
        client = await engine.client()
        handle = client.get_workflow_handle(f"designation-{case_id}")
        before = await handle.query("status", result_type=DesignationStatus)
        assert before.stage is DesignationStage.AWAITING_BATCH
    finally:
        assert engine.stop() == 0

    await engine.start()
    try:
        client = await engine.client()
        handle = client.get_workflow_handle(f"designation-{case_id}")
        after = await handle.query("status", result_type=DesignationStatus)
        assert after.model_dump(mode="json") == before.model_dump(mode="json")
        review = str(EXAMPLES / "designation-review.json")
        reviewed = cli("designation", "review", case_id, "--file", review, env=engine.env)
        assert reviewed.code == 0, reviewed
        later = await handle.query("status", result_type=DesignationStatus)
        assert later.batch_day == before.batch_day
        assert later.events[-1].action == "acceptance_review_findings_recorded"
        await handle.terminate("test over")
    finally:
        assert engine.stop() == 0
