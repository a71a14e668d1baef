"""A JSON log line is written even when a value refuses to be shown (inside the workflow
sandbox the SDK's "Failed activation" warning carries such values), and no line carries a
person's name or number: who acted is a role and a keyed hash (tests/test_logs_privacy.py runs
every procedure through a real worker)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logs
from settings import Settings


class Refuses:
    def __str__(self) -> str:
        raise RuntimeError("restricted")

    __repr__ = __str__


def test_a_value_that_refuses_str_is_logged_by_its_type(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        logs.configure_logging(Settings.from_env({"QZ_LOG_FORMAT": "json"}))
        logging.getLogger("drill").warning("Failed activation", extra={"error": Refuses()})
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["event"] == "Failed activation" and line["error"] == "<Refuses>"


def logged_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, secret: str, write: Callable[[], None]
) -> list[dict[str, Any]]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    env = {"QZ_LOG_FORMAT": "json", "QZ_DATA_DIR": str(tmp_path), "QZ_SUBJECT_ID_SECRET": secret}
    try:
        logs.configure_logging(Settings.from_env(env))
        write()
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    return [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]


SECRET_A = "a1" * 32
SECRET_B = "b2" * 32


def test_who_acted_is_logged_as_a_role_and_a_keyed_hash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def write() -> None:
        workflow_log = logging.getLogger("temporalio.workflow")
        workflow_log.info(
            "application_received", extra={"actor": "仁和中医门诊部 法定代表人 王建华"}
        )
        workflow_log.info(
            "application_received", extra={"actor": "仁和中医门诊部 法定代表人 王建华"}
        )
        workflow_log.info("case_closed", extra={"actor": "system"})
        workflow_log.info("sent", extra={"reviewer": "信用监管科 王敏", "mobile": "13857012345"})

    named, again, system, fields = logged_lines(capsys, tmp_path, SECRET_A, write)
    [other_key, *_] = logged_lines(capsys, tmp_path, SECRET_B, write)
    assert "王建华" not in json.dumps(named, ensure_ascii=False)
    assert named["actor_role"] == "person" and len(named["actor_hash"]) == 16
    # The same person, the same hash (lines can be followed); another installation, another hash.
    assert again["actor_hash"] == named["actor_hash"] != other_key["actor_hash"]
    assert system["actor_role"] == "system" and "actor_hash" not in system
    assert "reviewer" not in fields and "mobile" not in fields
    assert fields["reviewer_hash"] and fields["mobile_hash"]


def test_numbers_of_people_are_masked_in_messages_and_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def write() -> None:
        try:
            raise ValueError("mobile 13857012345 or 0570-4021188 of 330802197501010018 refused")
        except ValueError:
            logging.getLogger("temporalio.activity").warning(
                "Completing activity as failed (330803197001010034)", exc_info=True
            )
        logging.getLogger("worker").info("kept: uscc 91330800MA28F3AB2M at 2026-12-03T18:00:00")

    failed, kept = logged_lines(capsys, tmp_path, SECRET_A, write)
    text = json.dumps(failed, ensure_ascii=False)
    for number in ("13857012345", "0570-4021188", "330802197501010018", "330803197001010034"):
        assert number not in text
    assert "ValueError" in failed["exception"] and "<redacted>" in failed["event"]
    assert kept["event"] == "kept: uscc 91330800MA28F3AB2M at 2026-12-03T18:00:00"


def test_a_process_that_logs_nobody_reads_no_secret(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        logs.configure_logging(
            Settings.from_env({"QZ_LOG_FORMAT": "json", "QZ_DATA_DIR": str(tmp_path)})
        )
        logging.getLogger("worker").info("worker running")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    assert "worker running" in capsys.readouterr().err
    assert not (tmp_path / "subject-id.key").exists()
