"""Tests never read or write the repository's `.data/` (issue 14): `make run` writes it, and
the suite once failed because a test read the holiday year an operator had added there."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import REPO_ROOT, Settings, SettingsError
from tests.conftest import REPO_DATA, REPO_DATA_TOUCHED
from tests.processes import cli


def test_every_test_has_its_own_data_directory(own_data_dir: Path) -> None:
    assert not own_data_dir.resolve().is_relative_to(REPO_ROOT)
    assert Settings.from_env().data_dir == own_data_dir
    assert Settings.from_env().api_keys_path == own_data_dir / "api-keys.json"


def test_a_cli_with_a_hand_built_environment_uses_the_tests_directory(own_data_dir: Path) -> None:
    shown = cli("calendar", "show", "--json", env={})
    assert shown.code == 0, shown.err
    assert Path(shown.json()["store"]) == own_data_dir / "holidays"


def test_the_guard_stops_a_test_that_touches_the_repository_data() -> None:
    already = len(REPO_DATA_TOUCHED)
    try:
        with pytest.raises(PermissionError, match=r"repository's \.data/"):
            (REPO_DATA / "holidays" / "2027.json").read_text(encoding="utf-8")
        assert REPO_DATA_TOUCHED[already:] == [f"open {REPO_DATA / 'holidays' / '2027.json'}"]
        # The product wraps the refusal in its own error; the touch is recorded all the same.
        with pytest.raises(SettingsError, match=r"repository's \.data/"):
            _ = Settings(data_dir=REPO_DATA).subject_id_secret  # would create its key file
        assert len(REPO_DATA_TOUCHED) > already + 1
    finally:
        # Recorded touches fail the test that made them; these two were on purpose.
        del REPO_DATA_TOUCHED[already:]
