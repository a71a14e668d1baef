"""The party-group review and the agreement (党组会审议及签订协议, 衢医保发〔2023〕8号 二(三)4):
pure rules of dates (no engine)."""

from __future__ import annotations

from datetime import date


def agreement_term_end(signed_on: date) -> date:
    """协议期限一般按自然年度签订至当年12月31日."""
    return date(signed_on.year, 12, 31)


def meeting_problem(meeting_on: date, notice_last_day: date, today: date) -> str | None:
    """公示期间无人举报或举报经查不属实的, 报党组会审议: the meeting after the notice ended."""
    if notice_last_day < meeting_on <= today:
        return None
    return (
        f"meeting_on: {meeting_on} must be after the public notice ended "
        f"({notice_last_day.isoformat()}) and not in the future"
    )


def signing_problem(signed_on: date, meeting_on: date, today: date) -> str | None:
    """The agreement follows the party-group approval (审议通过后 … 签订医保协议)."""
    if meeting_on <= signed_on <= today:
        return None
    return (
        f"signed_on: {signed_on} must be on or after the party-group meeting "
        f"({meeting_on.isoformat()}) and not in the future"
    )
