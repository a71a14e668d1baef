"""The pure rules of service (送达): when a served notice's period starts, what its citation says,
and when a `served` step is refused. No Temporal import: tested without a server
(tests/test_service_rules.py); kernel/service.py applies them in the case.

A period "自收到…之日起" (二(三)2 of 衢医保发〔2023〕8号, seed 001 l.1562) or "自…送达之日起"
(its 二(三)3, 衢医保发〔2023〕8号 seed 001 l.1614) starts on the day of service, that day
not counted (民法典 第二百零一条): the period is computed from the served day exactly as it
was from the issue day before (periods.period_end excludes the start day).
"""

from __future__ import annotations

from datetime import date, datetime, time

from contracts.service import NoticeService, Served, ServiceMethod
from periods import SHANGHAI

# The instant a served day stands for in the deadline request: noon, Asia/Shanghai, so that the
# activity's start day (start_at in Shanghai) is the served day whatever the UTC offset.
SERVED_AT = time(12, 0)


def served_at(served_on: date) -> datetime:
    return datetime.combine(served_on, SERVED_AT, tzinfo=SHANGHAI)


def counted_from(citation: str, record: NoticeService) -> str:
    """The period's citation naming its start event, e.g. "衢医保发〔2023〕8号 二(三)2; from
    service of the supplementation notice (邮寄, 2026-01-09)"."""
    assert record.served_on is not None and record.method is not None
    return (
        f"{citation}; from service of the {record.notice} notice "
        f"({record.method.value}, {record.served_on.isoformat()})"
    )


def deemed(record: NoticeService, on: date, by: str) -> NoticeService:
    """An electronic delivery taken as service on the day it was delivered (the default rule)."""
    return record.model_copy(
        update={"served_on": on, "method": ServiceMethod.ELECTRONIC, "served_by": by}
    )


def recorded(record: NoticeService, served: Served) -> NoticeService:
    return record.model_copy(
        update={
            "served_on": served.served_on,
            "method": served.method,
            "served_by": served.served_by,
        }
    )


def receipt_detail(record: NoticeService) -> str:
    assert record.served_on is not None and record.method is not None
    return (
        f"the {record.notice} notice was served on {record.served_on.isoformat()} "
        f"({record.method.value}): its period of {record.length} "
        f"{record.unit.replace('_', ' ')} runs from the next day (民法典 第二百零一条)"
    )


def refusal(records: dict[str, NoticeService], served: Served, today: date) -> str | None:
    """Why a `served` step is refused (the field named first), or None: the notice exists and
    waits for its service, served not before its issue day and not after today."""
    record = records.get(served.notice)
    if record is None or not record.awaiting:
        waiting = sorted(n for n, r in records.items() if r.awaiting)
        known = ", ".join(waiting) if waiting else "none"
        state = "was already served" if record is not None else "is no notice of this case"
        return f"notice: '{served.notice}' {state}; notices awaiting service: {known}"
    if served.served_on < record.issued_on:
        return (
            f"served_on: {served.served_on.isoformat()} is before the notice was issued "
            f"({record.issued_on.isoformat()})"
        )
    if served.served_on > today:
        return f"served_on: {served.served_on.isoformat()} is after today ({today.isoformat()})"
    return None
