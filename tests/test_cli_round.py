"""`starter.py round ...` on the dev server: a round opened from its file, a facts file longer
than one step takes sent in parts (each validated before the first is sent), a bad file refused
with nothing sent, and the round's status (衢市监规〔2021〕2号 六(一))."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.round_scoring import score_batch
from contracts.round_activities import BATCH_LIMIT, ScoreBatch
from contracts.rounds import RoundKind
from procedures.round.models import FactsBatch, RoundStatus
from procedures.round.workflow import EvaluationRoundWorkflow
from settings import Settings
from tests.case_helpers import run_cli
from tests.conftest import EXAMPLES, poll_query, running_worker
from tests.test_designation_workflow import fresh_uscc


def test_the_examples_facts_score_but_the_one_record_the_readme_says_is_refused() -> None:
    """README tour step 9: of the IP agencies' three records one is refused (its field named),
    two are scored; the medical example's two subjects are both scored."""
    for name, kind, refused in (
        ("round-ip-agency-facts.json", RoundKind.IP_AGENCY, [3]),
        ("round-medical-credit-facts.json", RoundKind.MEDICAL_CREDIT, []),
    ):
        facts = FactsBatch.model_validate_json((EXAMPLES / name).read_text("utf-8"))
        scored = score_batch(ScoreBatch(round_id="R", kind=kind, batch=1, records=facts.records))
        assert [p.index for p in scored.problems] == refused, scored.problems
        assert len(scored.scores) == len(facts.records) - len(refused)
        assert all("failed_check_items" in p.problem for p in scored.problems)


def agencies(n: int) -> list[dict[str, Any]]:
    base = json.loads((EXAMPLES / "scoring" / "market-credit-ip-agency.json").read_text("utf-8"))
    return [{**base, "subject_id": fresh_uscc(), "name": f"代理机构{i}"} for i in range(n)]


def written(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


async def test_a_long_facts_file_goes_in_parts_and_a_bad_one_sends_nothing(
    dev_env: WorkflowEnvironment,
    cli_installation: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opening = json.loads((EXAMPLES / "round-ip-agency.json").read_text("utf-8"))
    opening["period"] = "2025"  # a round of its own on the shared server
    async with running_worker(dev_env.client, cli_installation):
        code, out, _ = await run_cli(
            capsys, "round", "start", "--file", written(tmp_path / "open.json", opening)
        )
        assert code == 0, out
        assert "Started case IP-2025 (round-IP-2025), stage 'collecting'." in out

        records = agencies(BATCH_LIMIT + 5)
        facts = written(tmp_path / "facts.json", {"records": records, "sent_by": "信用科"})
        code, out, _ = await run_cli(capsys, "round", "facts", "IP-2025", "--file", facts, "--wait")
        assert code == 0, out
        assert out.count("Part ") == 2
        # --wait: until the last part's batch is scored (the round scores them in order).
        assert "What followed the step:\n  batch 2 scored: done" in out
        assert "Part 1 of 2: Received 1000 facts record(s) as batch 1 of round IP-2025" in out
        assert "Part 2 of 2: Received 5 facts record(s) as batch 2 of round IP-2025" in out

        # The second part's envelope is wrong (a record that is no object): nothing is sent.
        bad = written(
            tmp_path / "bad.json", {"records": [*records, "not a record"], "sent_by": "信用科"}
        )
        code, out, err = await run_cli(capsys, "round", "facts", "IP-2025", "--file", bad)
        assert code == 2, out
        assert f"{bad} (records 1001–1006): records.5:" in err

        handle = dev_env.client.get_workflow_handle("round-IP-2025")
        status: RoundStatus = await poll_query(
            handle, EvaluationRoundWorkflow.status, lambda s: s.tally.batches_scored == 2
        )
        assert status.tally.records_received == BATCH_LIMIT + 5  # the bad file added nothing
        assert status.tally.scored == BATCH_LIMIT + 5
        code, out, _ = await run_cli(capsys, "status", "IP-2025")
        assert code == 0, out
        assert "2 batch(es), 2 scored; 1005 subject(s) scored" in out
