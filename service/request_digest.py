"""What makes a start idempotent, whatever the door (the CLI or the HTTP API): the digest of the
validated case, stored in the case's memo when it is started.

The same case id with the same body is the same request (a retry, or the same case file sent once
by the CLI and once over HTTP); with another body it is a conflict. The digest is taken of the
validated model's canonical JSON, not of the bytes received: a file read by the CLI and a body
parsed by the API become the same model, so they agree however the JSON was spaced or ordered.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel
from temporalio.client import WorkflowHandle

# The memo entry (its name is stored in cases started since the HTTP API first stored it).
BODY_DIGEST = "request_sha256"


def body_digest(case: BaseModel) -> str:
    canonical = json.dumps(case.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def stored_digest(handle: WorkflowHandle[Any, Any]) -> str | None:
    """The digest the case was started with; None for a case started before the CLI stored one
    (such a case can only be told apart as "another body")."""
    description = await handle.describe()
    value = await description.memo_value(BODY_DIGEST, None)
    return str(value) if value is not None else None
