"""The local delivery channel: documents and messages written into an outbox folder.

It stands in for the agency's document system, SMS gateway and the credit platforms; tests read
it back. Every write is keyed (workflow id + step) and create-once, so a retried activity never
delivers twice.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Outbox:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, key: str, suffix: str) -> Path:
        workflow_id, _, step = key.partition("/")
        return self.root / _safe(workflow_id) / f"{_safe(step or 'message')}{suffix}"

    def deliver(self, key: str, suffix: str, content: str) -> Path:
        """Write `content` under `key` once; a second delivery of the same key is a no-op.

        The file appears atomically (hard link of a complete temporary file), so a crash midway
        never leaves half a notice behind, and concurrent retries cannot both win.
        """
        target = self.path_for(key, suffix)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, target)
            except FileExistsError:
                pass  # another attempt delivered first: that delivery stands
        finally:
            os.unlink(tmp)
        return target


def _safe(part: str) -> str:
    return _UNSAFE.sub("_", part) or "_"
