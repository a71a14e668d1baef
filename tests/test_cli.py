"""The command line against a real engine (`python worker.py`: embedded dev server + worker).

What an agency system and a supervisor rely on: a case starts once, bad input is refused with one
clear line and a non-zero exit with nothing started, and supervisors find cases (also with the
plain `temporal` CLI).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.service import RPCError, RPCStatusCode

from engine import temporal_cli
from periods import SHANGHAI, add_months, add_working_days, default_calendar
from periods.phrases import day_label
from procedures.market_objection.models import workflow_id
from tests.conftest import EXAMPLES, free_port
from tests.door_helpers import assert_already_started, engine_per_module, one_line_error
from tests.processes import Engine, Result, cli

engine = engine_per_module()


def case_file(tmp_path: Path, **changes: Any) -> tuple[str, Path]:
    """The README's example case file with a fresh case id (and any other changes)."""
    data = json.loads((EXAMPLES / "market-objection.json").read_text(encoding="utf-8"))
    data["case_id"] = f"CLI-{tmp_path.name[-12:]}".replace("_", "-")
    data.update(changes)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data["case_id"], path


async def not_started(engine: Engine, case_id: str) -> bool:
    client = await engine.client()
    try:
        await client.get_workflow_handle(workflow_id(case_id)).describe()
    except RPCError as err:
        return err.status == RPCStatusCode.NOT_FOUND
    return False


UPHELD_FLAGS = ("--outcome", "upheld", "--reason", "维持原评价等级", "--reviewer", "王敏")
DECISION_FILE = ("--file", str(EXAMPLES / "market-objection-decision.json"))


def decide(case_id: str, *flags: str, env: dict[str, str]) -> Result:
    return cli("market-objection", "decide", case_id, *flags, env=env)


# -- deadline (no engine needed) -----------------------------------------------------------------


def test_deadline_json_is_one_object_with_the_civil_code_count() -> None:
    result = cli("deadline", "--from", "2026-09-30", "--working-days", "15", "--json", env={})
    assert result.code == 0, result
    data = json.loads(result.out)
    expected = add_working_days(date(2026, 9, 30), 15)
    assert data["start"] == "2026-09-30"
    assert data["last_day"] == expected.last_day.isoformat()
    assert data["due_at"] == f"{(expected.last_day + timedelta(days=1)).isoformat()}T00:00:00+08:00"
    assert data["provisional"] is expected.provisional
    assert data["calendar_version"] == default_calendar().version


def test_deadline_sentence_says_24_00_and_flags_provisional_years() -> None:
    result = cli("deadline", "--from", "2035-12-20", "--months", "1", env={})
    assert result.code == 0, result
    last_day = add_months(date(2035, 12, 20), 1).last_day
    assert "24:00 on" in result.out and last_day.isoformat() in result.out
    assert "PROVISIONAL" in result.out


def test_deadline_honours_the_configured_office_closing_time() -> None:
    result = cli(
        "deadline",
        "--from",
        "2026-09-30",
        "--days",
        "10",
        "--json",
        env={"QZ_OFFICE_CLOSING_TIME": "17:30"},
    )
    assert result.code == 0, result
    assert result.json()["due_at"].endswith("T17:30:00+08:00")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--from", "2026-02-30", "--days", "3"], "expected a date"),
        (["--from", "2026-09-30", "--working-days", "-1"], "cannot be negative"),
        (["--from", "2026-09-30"], "one of the arguments"),
    ],
)
def test_deadline_bad_arguments_exit_non_zero(args: list[str], fragment: str) -> None:
    result = cli("deadline", *args, env={})
    assert result.code == 2 and fragment in result.err


# -- a case's life through the CLI ---------------------------------------------------------------


async def test_start_status_decide_and_refusals(engine: Engine, tmp_path: Path) -> None:
    received = datetime.now(SHANGHAI).replace(microsecond=0)
    case_id, path = case_file(tmp_path, received_at=received.isoformat())

    started = cli("market-objection", "start", "--file", str(path), env=engine.env)
    assert started.code == 0, started
    expected = add_working_days(received.date(), 15)
    due = expected.last_day
    assert "Review due by 24:00 on" in started.out and due.isoformat() in started.out

    again = cli("market-objection", "start", "--file", str(path), env=engine.env)
    assert_already_started(again, case_id)

    status = cli("status", case_id, "--json", env=engine.env)
    assert status.code == 0, status
    data = status.json()
    assert {"case_id", "procedure", "stage", "deadlines", "events"} <= data.keys()
    assert (data["case_id"], data["procedure"], data["stage"]) == (
        case_id,
        "market_credit_objection",
        "under_review",
    )
    assert data["deadlines"][0]["deadline"]["provisional"] is expected.provisional
    human = cli("status", case_id, env=engine.env)
    assert "Asia/Shanghai" in human.out and "review_deadline_set" in human.out
    # Issue 17: the stage in words, and next to the deadline its duty and the working days left
    # from today: the 15 working days after the receipt, and today itself when a working day.
    today = datetime.now(SHANGHAI).date()
    left = 15 + default_calendar().is_working_day(today)
    assert "Stage: 复核中 under review" in human.out
    assert f"复核 review: {day_label(due)}, 剩{left}个工作日 {left} working days left" in human.out
    (review,) = data["supervision"]["dates"]
    assert (review["duty"], review["last_day"]) == ("复核 review", due.isoformat())
    assert (review["working_days_left"], review["working_days_late"]) == (left, None)

    incomplete = decide(
        case_id, "--outcome", "corrected", "--reason", "r", "--reviewer", "x", env=engine.env
    )
    one_line_error(incomplete, 2, "corrected_grade (or corrected_facts) is required")

    decided = decide(case_id, *DECISION_FILE, env=engine.env)
    assert decided.code == 0, decided
    assert "corrected → grade B" in decided.out

    closed = await poll(
        lambda: cli("status", case_id, "--json", env=engine.env).json(),
        lambda s: s["stage"] == "closed",
    )
    assert [d.endswith(".html") or d.endswith(".json") for d in closed["documents"]] == [True] * 3
    assert closed["documents"][0].endswith("/result-notice.html")

    late = decide(case_id, *UPHELD_FLAGS, env=engine.env)
    one_line_error(late, 4, "is closed")


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        (
            {"enterprise": {"uscc": "91330800MA28F3AB2X", "name": "某公司"}},
            ["enterprise.uscc", "check character"],
        ),
        (
            {"evaluation": {"evaluation_id": "E1", "score": 1200, "grade": "C"}},
            ["evaluation.score", "1040"],
        ),
        ({"evaluation": {"evaluation_id": "E1", "score": 700, "grade": "F"}}, ["evaluation.grade"]),
        ({"received_at": "2026-11-20T10:30:00"}, ["received_at", "timezone"]),
        ({"received_at": "2999-01-01T10:30:00+08:00"}, ["received_at", "in the future"]),
        ({"evidence": []}, ["evidence"]),
        ({"subject": "bank"}, ["subject"]),
        ({"surprise": 1}, ["surprise", "not a known field"]),
    ],
)
async def test_a_bad_case_file_is_refused_and_nothing_starts(
    engine: Engine, tmp_path: Path, changes: dict[str, Any], fragments: list[str]
) -> None:
    case_id, path = case_file(tmp_path, **changes)
    result = cli("market-objection", "start", "--file", str(path), env=engine.env)
    one_line_error(result, 2, str(path), *fragments)
    assert await not_started(engine, case_id)


async def test_unreadable_and_invalid_files_are_refused(engine: Engine, tmp_path: Path) -> None:
    missing = cli(
        "market-objection", "start", "--file", str(tmp_path / "nope.json"), env=engine.env
    )
    one_line_error(missing, 2, "cannot read", "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"case_id": "X",\n  "subject": }', encoding="utf-8")
    invalid = cli("market-objection", "start", "--file", str(broken), env=engine.env)
    one_line_error(invalid, 2, "not valid JSON", "line 2")


async def test_decide_with_wait_prints_the_rescore_of_corrected_facts(
    engine: Engine, tmp_path: Path
) -> None:
    """A decision on corrected facts is answered before they are re-scored; `--wait --json`
    gives the receipt and, once the case has re-scored them, the grade they score."""
    received = datetime.now(SHANGHAI).replace(microsecond=0)
    case_id, path = case_file(tmp_path, received_at=received.isoformat())
    assert cli("market-objection", "start", "--file", str(path), env=engine.env).code == 0
    rescored = str(EXAMPLES / "market-objection-decision-rescored.json")
    decided = decide(case_id, "--file", rescored, "--wait", "--json", env=engine.env)
    assert decided.code == 0, decided
    answer = decided.json()
    assert answer["receipt"]["case_id"] == case_id
    closed = await poll(
        lambda: cli("status", case_id, "--json", env=engine.env).json(),
        lambda s: s["stage"] == "closed",
    )
    [scored] = [e for e in closed["events"] if e["action"] == "corrected_facts_rescored"]
    outputs = answer["outputs"]
    if not outputs["closed"]:  # the case may close before the wait reaches it: both are right
        assert [(f["what"], f["state"]) for f in outputs["follow_ups"]] == [
            ("re-scored corrected facts", "done")
        ]
        assert outputs["events"] == [scored]
    assert scored["details"]["corrected_grade"] == closed["decision"]["corrected_grade"]
    assert scored["details"]["corrected_grade"] in "ABCDE"


async def test_unknown_case_and_unreachable_engine(engine: Engine) -> None:
    one_line_error(cli("status", "NO-SUCH-CASE", env=engine.env), 3, "no case NO-SUCH-CASE")
    one_line_error(
        decide("NO-SUCH-CASE", *UPHELD_FLAGS, env=engine.env),
        3,
        "NO-SUCH-CASE",
    )
    nowhere = {**engine.env, "QZ_DEV_SERVER_PORT": str(free_port())}
    one_line_error(cli("status", "X", env=nowhere), 5, "cannot reach Temporal")


# -- supervisors find cases ------------------------------------------------------------------------


async def test_supervisor_finds_overdue_cases_and_temporal_cli_finds_the_procedure(
    engine: Engine, tmp_path: Path
) -> None:
    # Received 40 days ago: the 15-working-day review is long past due when the case arrives.
    received = (datetime.now(SHANGHAI) - timedelta(days=40)).replace(microsecond=0)
    case_id, path = case_file(tmp_path, received_at=received.isoformat())
    assert cli("market-objection", "start", "--file", str(path), env=engine.env).code == 0

    def overdue_ids() -> list[str]:
        listed = cli("list", "--overdue", "--json", env=engine.env)
        assert listed.code == 0, listed
        return [row["case_id"] for row in listed.json()]

    assert case_id in await poll(overdue_ids, lambda ids: case_id in ids)
    table = cli("list", "--overdue", env=engine.env)
    assert case_id in table.out and "OVERDUE" in table.out
    assert case_id in cli("list", "--procedure", "market-objection", env=engine.env).out
    one_line_error(cli("list", "--procedure", "nope", env=engine.env), 2, "--procedure")

    status = cli("status", case_id, "--json", env=engine.env).json()
    assert status["overdue"] is True and status["stage"] == "under_review"
    # Issue 17: how late, in working days after the last day up to today: the last day plus
    # that many working days is today or before it, one more is after it.
    last_day = add_working_days(received.date(), 15).last_day
    (review,) = status["supervision"]["dates"]
    late = review["working_days_late"]
    today = datetime.now(SHANGHAI).date()
    assert review["working_days_left"] is None and late >= 1
    assert add_working_days(last_day, late).last_day <= today
    assert add_working_days(last_day, late + 1).last_day > today
    (row,) = [
        r
        for r in cli("list", "--overdue", "--json", env=engine.env).json()
        if r["case_id"] == case_id
    ]
    assert (row["working_days_late"], row["stage_words"]) == (late, "复核中 under review")
    assert f"逾期{late}个工作日 {late} working day" in table.out
    assert "review_overdue_escalated" in [e["action"] for e in status["events"]]

    listed = subprocess.run(
        [
            temporal_cli(),
            "workflow",
            "list",
            "--address",
            f"127.0.0.1:{engine.port}",
            "--query",
            "ProcedureType='market_credit_objection'",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    ids = [row["execution"]["workflowId"] for row in json.loads(listed.stdout)]
    assert workflow_id(case_id) in ids


async def poll(fetch: Any, done: Any, timeout_s: float = 20.0) -> Any:
    """Visibility is eventually consistent: poll until `done(value)`."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    while True:
        value = fetch()
        if done(value):
            return value
        if loop.time() > end:
            raise AssertionError(f"not reached: {value}")
        await asyncio.sleep(0.3)
