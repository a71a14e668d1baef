"""The text of the documents an agency sends: the addressing, dates as a notice writes them
(民法典 第二百零三条: a period ends at 24:00 of its last day) and scores, all plain text that the
templates escape (activities/document_templates.py). Shared by the renderers of
activities/documents.py and activities/designation_documents.py."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from contracts.documents import DocumentRequest
from periods import SHANGHAI


def addressing(doc: DocumentRequest) -> dict[str, str]:
    """The addressee, the signing agency and the date the notice bears."""
    return {
        "subject_name": doc.subject_name,
        "subject_code": doc.subject_code,
        "agency_name": doc.agency_name,
        "issued_on": cn_date(doc.issued_at.astimezone(SHANGHAI).date()),
    }


# --- formatting ----------------------------------------------------------------------------------


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return f"{cn_date(local.date())} {local:%H:%M}"


def period_end(last_day: date, due_at: datetime) -> str:
    """A period ends at 24:00 of its last day (民法典 第二百零三条): say so when `due_at` is that
    instant, otherwise name the last day and the instant as given."""
    local = due_at.astimezone(SHANGHAI)
    if local.time() == time(0) and local.date() == last_day + timedelta(days=1):
        return f"{cn_date(last_day)}24时"
    return f"{cn_date(last_day)}（截止时间：{cn_datetime(due_at)}）"


def number(value: float) -> str:
    """A score as written: 752.5, 800 (no float artefacts rounded away, no exponent)."""
    text = format(Decimal(repr(value + 0.0)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
