"""The files a case delivered into the outbox: which ones it names, how the board shows them
(relative to the outbox, never a server path), and which one a document link may serve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel

from api.board.views import case_href

# Audit-event details that name a delivered file in the outbox.
DELIVERY_KEYS = ("document", "location")


def delivered(key: str, value: object) -> bool:
    """An audit-event detail that names a file the case delivered into the outbox."""
    return key in DELIVERY_KEYS and isinstance(value, str)


def document_names(status: BaseModel) -> list[str]:
    """The outbox paths a case reports: its documents, its other deliveries, then what its audit
    trail records as delivered (notifications: `location`, notices: `document`)."""
    paths: list[str] = []
    for field in ("documents", "deliveries"):
        value = getattr(status, field, None)
        if isinstance(value, list):
            paths += [str(p) for p in value if str(p) not in paths]
    for event in getattr(status, "events", []):
        for key in DELIVERY_KEYS:
            value = event.details.get(key)
            if isinstance(value, str) and value and value not in paths:
                paths.append(value)
    return paths


def outbox_name(path: str, outbox: Path) -> str:
    """An outbox path as the board shows it: relative to the outbox (no server paths)."""
    candidate = Path(path)
    for inside, root in ((candidate, outbox), (candidate.resolve(), outbox.resolve())):
        if inside.is_relative_to(root):
            return str(inside.relative_to(root))
    return candidate.name


def plain_file_name(name: str) -> bool:
    """A file's bare name: no folder in it (no path traversal), not hidden, no backslash."""
    return bool(name) and name == Path(name).name and not name.startswith(".") and "\\" not in name


def outbox_file(listed: Sequence[str], name: str, outbox: Path) -> Path | None:
    """The file `name` among the paths a case lists, if it is one under the outbox folder (no
    symlink out of it); None otherwise."""
    if not plain_file_name(name):
        return None
    root = outbox.resolve()
    for path in map(Path, listed):
        if path.name != name:
            continue
        path = (path if path.is_absolute() else root / path).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@dataclass(frozen=True)
class DocumentLink:
    name: str  # the file's name, as the document route takes it
    href: str
    path: str  # relative to the outbox (no server paths)


def document_links(workflow_id: str, paths: Sequence[str], outbox: Path) -> list[DocumentLink]:
    return [
        DocumentLink(
            name=Path(path).name,
            href=f"{case_href(workflow_id)}/documents/{quote(Path(path).name, safe='')}",
            path=outbox_name(path, outbox),
        )
        for path in paths
    ]
