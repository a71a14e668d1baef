"""A JSON log line is written even when a value refuses to be shown (inside the workflow
sandbox the SDK's "Failed activation" warning carries such values)."""

from __future__ import annotations

import json
import logging

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
