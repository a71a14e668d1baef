"""Nothing is lost: stopping the engine (worker and embedded server) mid-case and starting it
again resumes the case where it was, from the SQLite file under the data directory."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from periods import SHANGHAI
from tests.conftest import wait_for
from tests.processes import Engine, cli
from tests.test_cli import DECISION_FILE, case_file, decide
from workflows.market_objection import MarketCreditObjectionWorkflow
from workflows.market_objection_models import Stage, workflow_id


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
