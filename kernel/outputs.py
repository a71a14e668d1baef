"""What a case sends out, one part of the case kernel: notices and messages delivered through
the outbox activities, and the other activities it calls (scoring, registry reads and writes),
all with the same patience (architecture.md "Activities": idempotent, keyed by workflow id +
step, explicit timeouts and retries).

Composed into every case (`CaseWorkflow._outputs`); the activities go through the replay rule's
runner, which notes when the case's own code resumes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from temporalio import workflow
from temporalio.common import RetryPolicy

from contracts import activities as act
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
