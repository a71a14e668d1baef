"""The SMS of a changed medical-credit result (衢医保发〔2021〕36号 四(三)), a step of the record
workflow: the objection window's last day computed by the deadline activity (the national
working-day calendar), then the message through the SMS gateway (the notification activity),
keyed by the change so that a retry never sends it twice. What it says is result_change.py's.
"""

from __future__ import annotations

from datetime import datetime, time

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts import activities as act
    from contracts.subject_records import SubjectRef
    from kernel.audit_trail import SYSTEM, AuditTrail
    from kernel.outputs import Outputs
    from periods import SHANGHAI
    from procedures.subject_record.result_change import (
        OBJECTION_WORKING_DAYS,
        SMS_CHANNEL,
        SMS_CITATION,
        ResultChange,
        sms,
    )


async def send(
    outputs: Outputs, trail: AuditTrail, ref: SubjectRef, change: ResultChange, mobile: str
) -> None:
    """Tells the subject of `change` by SMS and records it (without the mobile) on the trail."""
    until = None
    if change.objectable:
        # 自评价结果发布之日起 10个工作日: the publication day itself is not counted (民法典
        # 第二百零一条); the activity counts from the instant's day in Asia/Shanghai.
        window: act.ScheduledDeadline = await outputs.call(
            act.COMPUTE_DEADLINE,
            act.DeadlineRequest(
                start_at=datetime.combine(change.published_on, time(12), tzinfo=SHANGHAI),
                length=OBJECTION_WORKING_DAYS,
                unit="working_days",
            ),
            act.ScheduledDeadline,
        )
        until = window.deadline.last_day
    subject, body = sms(ref, change, until)
    delivery = await outputs.deliver(
        act.SEND_NOTIFICATION,
        act.Notification(
            key=outputs.key(change.step),
            workflow_id=workflow.info().workflow_id,
            case_id=workflow.info().workflow_id,
            recipient=f"{SMS_CHANNEL}:{mobile}",
            subject=subject,
            body=body,
        ),
    )
    trail.record(
        SYSTEM,
        "result_change_sms_sent",
        SMS_CITATION,
        **details(change),
        objection_until=until.isoformat() if until else None,
        recipient=SMS_CHANNEL,
        location=delivery.location,
    )


def details(change: ResultChange) -> dict[str, object]:
    """What the trail says of a change (sent or not): never the mobile."""
    return {
        "result_id": change.result_id,
        "cause": change.cause,
        "old_score": change.old_score,
        "old_grade": change.old_grade,
        "new_score": change.new_score,
        "new_grade": change.new_grade,
    }
