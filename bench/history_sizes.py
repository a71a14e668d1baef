"""What a completed case costs the server, per procedure: events, workflow tasks and timers of
its history, for each kernel recorded in tests/histories/ (v1: first kernel; v2: settling
before every step; v3: a step answered at once) and for the code as it is now, recorded afresh
on the time-skipping server along the recorder's paths (tests/histories/record.py).

    .venv/bin/python bench/history_sizes.py

Target (issue 15): the current code at or below v1 for every procedure.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

# The repository instead of bench/ itself, whose http.py would hide the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import WorkflowHistory  # noqa: E402

from tests.histories import record  # noqa: E402

NOW = "now"
NAME = re.compile(r"^(?P<procedure>.+?)_(?P<version>v\d+|now)_(?P<path>.+)$")


def measure(path: Path) -> tuple[int, int, int]:
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    types = [event.event_type for event in history.events]
    return (
        len(types),
        types.count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
        types.count(EventType.EVENT_TYPE_TIMER_STARTED),
    )


def main() -> None:
    fresh = Path(tempfile.mkdtemp(prefix="bench-histories-"))
    record.recording = record.Recording(fresh, NOW)
    asyncio.run(record.record())
    sizes: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for path in [*sorted(record.HERE.glob("*.json")), *sorted(fresh.glob("*.json"))]:
        match = NAME.match(path.stem)
        if match:
            sizes[match["procedure"]][match["version"]] = measure(path)
    versions = [*sorted({v for by in sizes.values() for v in by if v != NOW}), NOW]
    print("events / workflow tasks / timers of one completed case")
    print(f"{'procedure':<20}" + "".join(f"{v:>16}" for v in versions) + f"{'now ÷ v1':>12}")
    for procedure, by in sorted(sizes.items()):
        cells = "".join(f"{'/'.join(map(str, by[v])) if v in by else '-':>16}" for v in versions)
        first, now = by.get("v1"), by.get(NOW)
        ratio = f"{now[0] / first[0]:.2f}" if first and now else "-"
        print(f"{procedure:<20}{cells}{ratio:>12}")


if __name__ == "__main__":
    main()
    # The SDK's runtime threads can abort the interpreter's finalization ("PyGILState_Release"):
    # the figures are printed, leave without it.
    sys.stdout.flush()
    os._exit(0)
