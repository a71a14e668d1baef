"""Notices, messages and platform updates, delivered through the local outbox.

Each activity renders its document from its argument only (no clock, no lookup), so a retry
renders the very same text and the outbox's create-once write makes it a no-op.
"""

from __future__ import annotations

import json

from temporalio import activity

from activities.documents import market_objection_result, render_document
from activities.outbox import Outbox
from contracts.activities import (
    COPY_TO_CITY_CREDIT_OFFICE,
    ISSUE_RESULT_NOTICE,
    SEND_NOTIFICATION,
    UPDATE_SUPERVISION_PLATFORM,
    Delivery,
    GradeCorrection,
    Notification,
    ResultNotice,
)


def render_result_notice(notice: ResultNotice) -> str:
    """复核结果告知书: the written result the enterprise is entitled to (四(三)1 书面告知), as the
    HTML document `market_objection_result` (activities/templates/)."""
    return render_document(market_objection_result(notice))


class DeliveryActivities:
    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox

    @activity.defn(name=SEND_NOTIFICATION)
    async def send_notification(self, message: Notification) -> Delivery:
        body = json.dumps(message.model_dump(mode="json"), ensure_ascii=False, indent=2)
        return self._deliver(message.key, ".json", body)

    @activity.defn(name=ISSUE_RESULT_NOTICE)
    async def issue_result_notice(self, notice: ResultNotice) -> Delivery:
        return self._deliver(notice.key, ".html", render_result_notice(notice))

    @activity.defn(name=UPDATE_SUPERVISION_PLATFORM)
    async def update_supervision_platform(self, correction: GradeCorrection) -> Delivery:
        return self._deliver_record(correction, "supervision-platform", "supervision_platform")

    @activity.defn(name=COPY_TO_CITY_CREDIT_OFFICE)
    async def copy_to_city_credit_office(self, correction: GradeCorrection) -> Delivery:
        return self._deliver_record(correction, "city-credit-office", "市信用办")

    def _deliver_record(self, correction: GradeCorrection, step: str, recipient: str) -> Delivery:
        record = {"recipient": recipient, **correction.model_dump(mode="json")}
        key = f"{correction.key}-{step}"
        return self._deliver(key, ".json", json.dumps(record, ensure_ascii=False, indent=2))

    def _deliver(self, key: str, suffix: str, content: str) -> Delivery:
        path = self._outbox.deliver(key, suffix, content)
        activity.logger.info("delivered", extra={"key": key, "location": str(path)})
        return Delivery(key=key, location=str(path))
