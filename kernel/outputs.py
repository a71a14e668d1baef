"""What a case sends out, one part of the case kernel: notices and messages delivered through
the outbox activities, and the other activities it calls (scoring, registry reads and writes),
all with the same patience (architecture.md "Activities": idempotent, keyed by workflow id +
step, explicit timeouts and retries).

Composed into every case (`CaseWorkflow._outputs`); the activities go through the replay rule's
runner, which notes when the case's own code resumes.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from temporalio import workflow
from temporalio.common import RetryPolicy

from contracts import activities as act
from contracts.case_records import PendingOutput
from contracts.output_kinds import OUTPUT_LABELS
from kernel.audit_trail import SYSTEM, AuditTrail

# A delivery (an outside system) may be down for a while: retried for a day, each attempt
# given 2 minutes.
DELIVERY_ATTEMPT_TIMEOUT = timedelta(minutes=2)
DELIVERY_TIMEOUT = timedelta(days=1)
DELIVERY_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=10))

ActivityRunner = Callable[..., Awaitable[Any]]


class Outputs:
    def __init__(
        self,
        case_id: str,
        trail: AuditTrail,
        run_activity: ActivityRunner,
        deliveries: Iterable[str] = (),
    ) -> None:
        """`deliveries`: where the messages to outside systems went (those a previous run
        handed over first)."""
        self._case_id = case_id
        self._trail = trail
        self._run_activity = run_activity
        self.deliveries: list[str] = list(deliveries)
        # The outputs being sent now (activity, since when): the status says so, and a reader
        # asks the server for their attempts only then (api/routes/supervision.py).
        self._under_way: dict[int, tuple[str, datetime]] = {}
        self._numbers = itertools.count()

    def under_way(self) -> list[PendingOutput]:
        """What the case is sending out now, as the case knows it (the server's describe adds
        the attempts and the last error: service/outputs.py)."""
        return [
            PendingOutput(
                output=OUTPUT_LABELS[name],
                activity=name,
                attempt=1,
                failing=False,
                since=since,
                summary=f"{OUTPUT_LABELS[name]}: under way since {since.isoformat()}",
            )
            for name, since in self._under_way.values()
        ]

    def key(self, step: str) -> str:
        # Side effects are keyed by workflow id + step so that a retried activity is a no-op.
        return f"{workflow.info().workflow_id}/{step}"

    async def notify(
        self, *, step: str, recipient: str, subject: str, body: str, cite: str
    ) -> None:
        """A notice to a person or an office, recorded as `notification_sent`."""
        delivery = await self.deliver(
            act.SEND_NOTIFICATION, self._notification(step, recipient, subject, body)
        )
        self._trail.record(
            SYSTEM,
            "notification_sent",
            cite,
            recipient=recipient,
            subject=subject,
            location=delivery.location,
        )

    async def send(
        self, step: str, recipient: str, subject: str, body: str, action: str, citation: str
    ) -> None:
        """A message to an outside system (publication website, settlement system, another
        department), recorded as `action` with where it was delivered."""
        delivery = await self.deliver(
            act.SEND_NOTIFICATION, self._notification(step, recipient, subject, body)
        )
        self.deliveries.append(delivery.location)
        self._trail.record(
            SYSTEM, action, citation, recipient=recipient, location=delivery.location
        )

    async def deliver(self, activity_name: str, document: BaseModel) -> act.Delivery:
        delivery: act.Delivery = await self.call(activity_name, document, act.Delivery)
        return delivery

    async def call(self, activity_name: str, argument: BaseModel, result_type: type[Any]) -> Any:
        """Any activity of the case's outputs (a delivery, scoring, registry reads and writes):
        retried for a day."""
        if activity_name not in OUTPUT_LABELS:
            return await self._attempt(activity_name, argument, result_type)
        number = next(self._numbers)
        self._under_way[number] = (activity_name, workflow.now())
        try:
            return await self._attempt(activity_name, argument, result_type)
        finally:
            self._under_way.pop(number, None)

    async def _attempt(
        self, activity_name: str, argument: BaseModel, result_type: type[Any]
    ) -> Any:
        return await self._run_activity(
            activity_name,
            argument,
            result_type=result_type,
            start_to_close_timeout=DELIVERY_ATTEMPT_TIMEOUT,
            # A killed worker's attempt is taken up again in seconds, not after 2 minutes.
            heartbeat_timeout=act.HEARTBEAT_TIMEOUT,
            schedule_to_close_timeout=DELIVERY_TIMEOUT,
            retry_policy=DELIVERY_RETRY,
        )

    def _notification(self, step: str, recipient: str, subject: str, body: str) -> act.Notification:
        return act.Notification(
            key=self.key(step),
            workflow_id=workflow.info().workflow_id,
            case_id=self._case_id,
            recipient=recipient,
            subject=subject,
            body=body,
        )
