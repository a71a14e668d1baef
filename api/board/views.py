"""What the board's pages share: the badges that flag a case or a deadline, and how times and
case links are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from periods import SHANGHAI


@dataclass(frozen=True)
class Badge:
    text: str
    kind: str  # its CSS class: overdue, provisional, stuck, attention, met, muted
    title: str | None = None  # a tooltip


OVERDUE_BADGE = Badge("逾期 OVERDUE", "overdue")
PROVISIONAL_BADGE = Badge("暂定 PROVISIONAL", "provisional")
# Issue 14: a case whose workflow task keeps failing (the worker cannot carry it on), and one
# whose own code stopped on an error (CaseStage needs_attention).
STUCK_BADGE = Badge("停滞 STUCK", "stuck")
ATTENTION_BADGE = Badge("需处理 NEEDS ATTENTION", "attention")
# Issue 15: an output the case has not yet delivered, whose attempts have failed.
DELIVERY_BADGE = Badge("送达失败 DELIVERY FAILING", "attention")


def shanghai_time(moment: datetime | None, seconds: bool = False) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(SHANGHAI).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


def case_href(workflow_id: str) -> str:
    return f"/board/cases/{quote(workflow_id, safe='')}"
