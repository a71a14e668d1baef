"""The outside world as a test needs it to behave: one of the product's activities (a deadline
computation, a notice delivery) put behind a gate the test opens, so that it hangs, or refuses,
until the test says otherwise. The product's own activity still does the work once the gate is
open: nothing of ours is replaced, only its timing.

    held = Gate()
    worker = Worker(..., activities=held.around(worker_activities(...), SEND_NOTIFICATION))
    await held.reached.wait()   # the case is delivering; the gateway hangs
    held.open()                 # the gateway is back: the real delivery runs
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from temporalio import activity
from temporalio.common import RawValue
from temporalio.exceptions import ApplicationError


def definition_name(fn: object) -> str:
    return str(getattr(fn, "__temporal_activity_definition").name)


class Gate:
    """Calls of one activity wait (`refusal` None: the outside system hangs) or fail with
    `refusal` as a retryable error (the system refuses) until `open()`."""

    def __init__(self, refusal: str | None = None) -> None:
        self.refusal = refusal
        self.reached = asyncio.Event()  # a call came to the gate
        self.opened = asyncio.Event()
        self.callers: set[str] = set()  # the workflow ids whose call came

    def open(self) -> None:
        self.opened.set()

    def around(self, activities: Sequence[Callable[..., Any]], name: str) -> list[Any]:
        """`activities` with the one named `name` behind this gate."""
        real = next(a for a in activities if definition_name(a) == name)
        arg_types = getattr(real, "__temporal_activity_definition").arg_types or []

        # Dynamic, so that the arguments arrive raw and are decoded into the real activity's
        # own types (one gate serves any activity).
        @activity.defn(dynamic=True)
        async def gated(args: Sequence[RawValue]) -> Any:
            called = activity.info().activity_type
            if called != name:
                raise ApplicationError(f"no activity {called} on this worker", non_retryable=True)
            self.callers.add(activity.info().workflow_id or "")
            self.reached.set()
            if self.refusal is not None and not self.opened.is_set():
                raise ApplicationError(self.refusal)  # retryable: the case tries again
            await self.opened.wait()
            converter = activity.payload_converter()
            values = [
                converter.from_payload(raw.payload, kind)
                for raw, kind in zip(args, arg_types, strict=True)
            ]
            return await real(*values)

        return [gated, *(a for a in activities if definition_name(a) != name)]
