"""A start is idempotent whatever the door: the CLI stores the same request digest as the HTTP API,
so the README's tour (a case started with the CLI, then the same file sent over HTTP) answers
"that case" rather than a conflict, and a start with another body is refused at both doors."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from api.serve import LOCAL_KEYS_NOTE
from periods import SHANGHAI
from tests.conftest import EXAMPLES
from tests.door_helpers import engine_per_module, one_line_error
from tests.processes import Engine, Result, cli

engine = engine_per_module()


def agency_key(engine: Engine, agency: str) -> str:
    """The local key `make run` created for the agency (api-keys.local.txt, `name: key` lines)."""
    note = engine.data_dir / LOCAL_KEYS_NOTE
    for line in note.read_text(encoding="utf-8").splitlines():
        name, _, key = line.partition(": ")
        if name == f"agency {agency}":
            return key
    raise AssertionError(f"no local key for {agency} in {note}")


def example_case(tmp_path: Path, case_id: str) -> tuple[dict[str, Any], Path]:
    """The README's example market-objection case under a fresh case id, written as the CLI
    reads it: indented, keys in the file's order (the HTTP body is the same data, compact)."""
    data = json.loads((EXAMPLES / "market-objection.json").read_text(encoding="utf-8"))
    data["case_id"] = case_id
    # Received now: the example's date may lie ahead of this machine's clock.
    data["received_at"] = datetime.now(SHANGHAI).replace(microsecond=0).isoformat()
    path = tmp_path / f"{case_id}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    return data, path


async def start_cli(path: Path, engine: Engine) -> Result:
    return await asyncio.to_thread(
        cli, "market-objection", "start", "--file", str(path), env=engine.env
    )


async def post(engine: Engine, body: dict[str, Any]) -> httpx.Response:
    key = agency_key(engine, body["agency_code"])
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{engine.http_port}", timeout=30
    ) as http:
        return await http.post(
            "/market-objection/cases",
            content=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )


async def test_a_case_file_started_by_the_cli_is_the_same_request_over_http(
    engine: Engine, tmp_path: Path
) -> None:
    data, path = example_case(tmp_path, "IDEM-CLI-HTTP")
    first = await start_cli(path, engine)
    assert first.code == 0, first
    assert "Started case IDEM-CLI-HTTP" in first.out

    again = await post(engine, data)
    assert again.status_code == 200, again.text
    assert again.json()["created"] is False
    assert again.json()["workflow_id"] == "market-objection-IDEM-CLI-HTTP"

    other = await post(engine, {**data, "grounds": data["grounds"] + "（补充）"})
    assert other.status_code == 409, other.text
    assert "another body" in other.json()["detail"]


async def test_the_same_file_twice_by_the_cli_reports_the_case_and_another_body_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    data, path = example_case(tmp_path, "IDEM-CLI-CLI")
    assert (await start_cli(path, engine)).code == 0

    again = await start_cli(path, engine)
    # Documented in `starter.py market-objection start --help`: exit 0, a note on stderr.
    assert again.code == 0, again
    assert "already started" in again.out and "IDEM-CLI-CLI" in again.out
    assert "IDEM-CLI-CLI" in again.out

    changed = tmp_path / "changed.json"
    changed.write_text(
        json.dumps({**data, "grounds": data["grounds"] + "（补充）"}, ensure_ascii=False),
        encoding="utf-8",
    )
    refused = await start_cli(changed, engine)
    one_line_error(refused, 4, "another body", "IDEM-CLI-CLI")


async def test_a_case_started_over_http_is_reported_by_the_cli_for_the_same_file(
    engine: Engine, tmp_path: Path
) -> None:
    data, path = example_case(tmp_path, "IDEM-HTTP-CLI")
    started = await post(engine, data)
    assert started.status_code == 201, started.text

    again = await start_cli(path, engine)
    assert again.code == 0, again
    assert "already started" in again.out


def test_help_documents_the_answer_to_a_repeated_start() -> None:
    shown = cli("market-objection", "start", "--help", env={})
    assert shown.code == 0
    assert "same case file" in shown.out and "another body" in shown.out
