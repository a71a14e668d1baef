"""The layering of the code (issue 16; architecture.md, "Contracts in one place"): the contracts
in pyproject.toml's [tool.importlinter] hold, so that CI (which runs `make test`) fails on a
wrong arrow as `make lint` does. A newcomer relies on them to find where a thing may live."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from settings import REPO_ROOT


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
