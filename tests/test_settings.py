"""Settings read from the environment: a value that cannot be used stops the start, naming the
variable and why, before anything runs."""

from __future__ import annotations

import pytest

import worker
from settings import WORKFLOW_CACHE_DEFAULT, Settings, SettingsError


def test_workflow_cache_is_read_from_qz_workflow_cache() -> None:
    assert Settings.from_env({}).workflow_cache == WORKFLOW_CACHE_DEFAULT
    assert Settings.from_env({"QZ_WORKFLOW_CACHE": "4000"}).workflow_cache == 4000


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("lots", "valid integer"),
        ("2.5", "valid integer"),
        ("0", "greater than or equal to 1"),
        ("-100", "greater than or equal to 1"),
    ],
)
def test_a_bad_workflow_cache_is_refused_naming_the_variable(value: str, why: str) -> None:
    with pytest.raises(SettingsError, match=f"^QZ_WORKFLOW_CACHE='{value}': .*{why}"):
        Settings.from_env({"QZ_WORKFLOW_CACHE": value})


def test_the_worker_refuses_to_start_with_a_bad_workflow_cache(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QZ_WORKFLOW_CACHE", "0")
    assert worker.main([]) == 2
    assert capsys.readouterr().err.startswith("error: QZ_WORKFLOW_CACHE='0': ")
