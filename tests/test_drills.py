"""The fault drill, small enough for every CI run: 60 cases of every procedure on 3 `worker.py`
processes against a file-backed dev server, a worker killed with SIGKILL every 3 s and the
server itself once. Nothing is lost, no notice is produced twice, every history replays.

The full drill (1,000 cases, `drills/README.md`) is the same code with bigger numbers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_fault_drill_loses_nothing_and_delivers_nothing_twice() -> None:
    # The drill's processes get their own settings; none of the test process's QZ_* reach them.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEMPORAL_", "QZ_"))}
    done = subprocess.run(
        [sys.executable, "drills/fault_drill.py", "--quick", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    report = json.loads(done.stdout)
    evidence = f"evidence kept in {report['drill_dir']}: {done.stderr[-2000:]}"

    assert report["cases"] == {"cases": 60, "started": 60, "completed": 60, "lost": 0}, (
        report["lost_cases"],
        evidence,
    )
    assert report["duplicates"]["total"] == 0, (report["duplicates"], evidence)
    assert report["histories_not_replaying"] == 0, (report["replay_failures"], evidence)
    assert set(report["by_procedure"]) == {
        "market-objection",
        "medical-objection",
        "accountability",
        "repair",
        "designation",
    }
    # The chaos happened: workers were killed mid-run, and the server once; the workers
    # survived the server's restart and reconnected without being restarted.
    chaos = report["chaos"]
    assert chaos["workers_killed"] >= 3, chaos
    assert chaos["server_restarts"] == 1, chaos
    assert chaos["workers_reconnected_by_themselves"] is True, chaos
    assert chaos["worker_exits_unprompted"] == 0, chaos
    assert done.returncode == 0
