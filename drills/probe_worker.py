"""`worker.py`, run as is, with one probe: every outbox delivery attempt is appended to a JSON-lines
log (DRILL_OUTBOX_PROBE), so that the drill can tell a retried delivery that the create-once
outbox absorbed (same key, same content) from a second, different notice (same key, other
content) — which the create-once rule would hide.

    DRILL_OUTBOX_PROBE=/tmp/probe.jsonl python drills/probe_worker.py

Nothing else changes: the worker's own `main()` runs with the worker's own settings.
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from activities.outbox import Outbox  # noqa: E402

_deliver = Outbox.deliver


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _probed_deliver(self: Outbox, key: str, suffix: str, content: str) -> Path:
    target = self.path_for(key, suffix)
    existed = target.exists()
    path = _deliver(self, key, suffix, content)
    try:
        on_disk = _digest(path.read_text(encoding="utf-8"))
    except OSError:
        on_disk = None
    line = json.dumps(
        {
            "at": time.time(),
            "pid": os.getpid(),
            "key": key,
            "file": str(path),
            "existed": existed,
            "content": _digest(content),
            "on_disk": on_disk,
        }
    )
    # One write with O_APPEND: lines of concurrent workers do not interleave.
    fd = os.open(os.environ["DRILL_OUTBOX_PROBE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
    finally:
        os.close(fd)
    return path


if __name__ == "__main__":
    if os.environ.get("DRILL_OUTBOX_PROBE"):
        Outbox.deliver = _probed_deliver  # type: ignore[method-assign]
    os.chdir(ROOT)
    sys.argv = [str(ROOT / "worker.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "worker.py"), run_name="__main__")
