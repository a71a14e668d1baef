"""What a completed case costs the server, per procedure: events, workflow tasks and timers of
its history, for each kernel recorded in tests/histories/ (v1: first kernel; v2: settling
before every step; v3: a step answered at once; v4: thin steps; v5: to the letter, issue 17;
v6: service) and for the code as it is now, recorded afresh on the time-skipping server along the
recorder's paths (tests/histories/record.py). A second table counts the tasks the server
gave a second time.

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


def retried_tasks(path: Path) -> int:
    """Workflow tasks on a second attempt: the time-skipping server gave the task again though
    the worker logged no failure (the recorder polls the status between steps). Each adds 3
    events; the count varies between runs of one code (the old code's accountability case: 0 to
    2), so compare the tables together."""
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    return sum(
        1
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
        and event.workflow_task_scheduled_event_attributes.attempt > 1
    )


def main() -> None:
    fresh = Path(tempfile.mkdtemp(prefix="bench-histories-"))
    record.recording = record.Recording(fresh, NOW)
    asyncio.run(record.record())
    sizes: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    retried: dict[str, dict[str, int]] = defaultdict(dict)
    for path in [*sorted(record.HERE.glob("*.json")), *sorted(fresh.glob("*.json"))]:
        match = NAME.match(path.stem)
        if match:
            sizes[match["procedure"]][match["version"]] = measure(path)
            retried[match["procedure"]][match["version"]] = retried_tasks(path)
    versions = [*sorted({v for by in sizes.values() for v in by if v != NOW}), NOW]
    print("events / workflow tasks / timers of one completed case")
    print(f"{'procedure':<20}" + "".join(f"{v:>16}" for v in versions) + f"{'now ÷ v1':>12}")
    for procedure, by in sorted(sizes.items()):
        cells = "".join(f"{'/'.join(map(str, by[v])) if v in by else '-':>16}" for v in versions)
        first, now = by.get("v1"), by.get(NOW)
        ratio = f"{now[0] / first[0]:.2f}" if first and now else "-"
        print(f"{procedure:<20}{cells}{ratio:>12}")
    print("\nworkflow tasks on a second attempt (3 events each; they vary between runs)")
    print(f"{'procedure':<20}" + "".join(f"{v:>16}" for v in versions))
    for procedure, by in sorted(retried.items()):
        print(f"{procedure:<20}" + "".join(f"{by.get(v, '-'):>16}" for v in versions))


if __name__ == "__main__":
    main()
    # The SDK's runtime threads can abort the interpreter's finalization ("PyGILState_Release"):
    # the figures are printed, leave without it.
    sys.stdout.flush()
    os._exit(0)
