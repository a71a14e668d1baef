"""The party-group review and the agreement (党组会审议及签订协议, 衢医保发〔2023〕8号 二(三)4):
pure rules of dates (no engine)."""

from __future__ import annotations

from datetime import date


def agreement_term_end(signed_on: date) -> date:
    """协议期限一般按自然年度签订至当年12月31日."""
    return date(signed_on.year, 12, 31)
