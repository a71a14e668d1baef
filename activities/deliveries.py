"""Notices, messages and platform updates, delivered through the local outbox.

Each activity renders its document from its argument only (no clock, no lookup), so a retry
renders the very same text and the outbox's create-once write makes it a no-op.
"""

from __future__ import annotations

import json
from datetime import datetime

from temporalio import activity

from activities.contracts import (
    COPY_TO_CITY_CREDIT_OFFICE,
    ISSUE_RESULT_NOTICE,
    SEND_NOTIFICATION,
    UPDATE_SUPERVISION_PLATFORM,
    Delivery,
    GradeCorrection,
    Notification,
    ResultNotice,
)
from activities.outbox import Outbox
from periods import SHANGHAI

OUTCOME_TEXT = {"upheld": "维持原评价等级", "corrected": "修正评价等级"}


def shanghai(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M (Asia/Shanghai)")


def render_result_notice(notice: ResultNotice) -> str:
    """复核结果告知书: the written result the enterprise is entitled to (四(三)1 书面告知)."""
    score = "" if notice.corrected_score is None else f"\n修正后得分: {notice.corrected_score:g}"
    late = "\n说明: 本复核超过15个工作日的法定期限完成。" if notice.late else ""
    return (
        "信用评价异议复核结果告知书\n"
        f"\n{notice.enterprise_name} (统一社会信用代码 {notice.enterprise_uscc}):\n"
        f"\n你单位于 {shanghai(notice.received_at)} 提出的对信用评价结果"
        f" ({notice.evaluation_id}, 原评价等级 {notice.original_grade}) 的复核申请, 经复核,"
        f" 决定{OUTCOME_TEXT.get(notice.outcome, notice.outcome)}。\n"
        f"\n复核结论: {notice.outcome}\n最终评价等级: {notice.final_grade}{score}\n"
        f"理由: {notice.reason}\n复核人: {notice.reviewer}\n"
        f"复核完成时间: {shanghai(notice.decided_at)}{late}\n"
        f"\n依据: {notice.regulation_citation}\n"
        f"案件编号: {notice.case_id}\n"
    )


class DeliveryActivities:
    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox

    @activity.defn(name=SEND_NOTIFICATION)
    async def send_notification(self, message: Notification) -> Delivery:
        body = json.dumps(message.model_dump(mode="json"), ensure_ascii=False, indent=2)
        return self._deliver(message.key, ".json", body)

    @activity.defn(name=ISSUE_RESULT_NOTICE)
    async def issue_result_notice(self, notice: ResultNotice) -> Delivery:
        return self._deliver(notice.key, ".txt", render_result_notice(notice))

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
