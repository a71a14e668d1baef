"""The fault drill's quick run, in every `make test` (issue 15): 60 cases of every procedure
(the evaluation round too, issue 19) through their steps on 3 worker processes and the dev
server, a worker killed with SIGKILL every 3 s and the server killed and restarted once.
Nothing may be lost, no notice produced twice, and every history must replay on the workflow
code (the drill's own verdicts, drills/README.md). The 1,000-case run is the closing notes'
figure; this one keeps the kernel honest in CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from procedures.registry import CASES

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_fault_drill_loses_nothing_and_sends_nothing_twice(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QZ_")}
    env["TMPDIR"] = str(tmp_path)  # the drill's directory (its server, outbox, logs)
    done = subprocess.run(
        [sys.executable, str(ROOT / "drills" / "fault_drill.py"), "--quick", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["cases"]["lost"] == 0, report["lost_cases"]
    assert report["cases"]["completed"] == report["cases"]["cases"] == 60
    # Every procedure with cases is driven, the evaluation round too (issue 19): 60 cases in
    # turn over 7 paths give 8 rounds, each through two facts steps and its close.
    assert set(report["by_procedure"]) == {p.name for p in CASES}
    assert report["by_procedure"]["round"] == {"cases": 8, "started": 8, "completed": 8, "lost": 0}
    assert report["duplicates"]["total"] == 0, report["duplicates"]
    assert report["histories_not_replaying"] == 0, report["replay_failures"]
    assert report["chaos"]["workers_killed"] > 0
    assert done.returncode == 0, done.stderr[-3000:]
