"""Credit repair: the bars of 六(二) (不予修复) as data: the grounds a repair is refused on, with
the clause each relies on, and the eligibility check made from the subject record as of the
acceptance day. The rules that find them are in eligibility.py; models.py re-exports these for
the callers that read the case's models in one place.

Source: 衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号 六(二) (seed 000 lines 1164–1169).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from contracts.subject_records import Finding


class Bar(StrEnum):
    """The four grounds of 六(二) on which repair is refused, and the refusal of a reviewer."""

    TOO_RECENT = "too_recent"  # 六(二)1
    SAME_KIND_AGAIN = "same_kind_again"  # 六(二)2
    FALSE_COMMITMENT = "false_commitment"  # 六(二)3
    NOT_REPAIRABLE = "not_repairable"  # 六(二)4 with 附件6–10 信用修复 不可
    REVIEWER = "reviewer"  # the reviewer's refusal in the decision (its own clause)


BAR_CLAUSES = {
    Bar.TOO_RECENT: "六(二)1",
    Bar.SAME_KIND_AGAIN: "六(二)2",
    Bar.FALSE_COMMITMENT: "六(二)3",
    Bar.NOT_REPAIRABLE: "六(二)4",
}


class RefusalGround(BaseModel):
    """One reason the repair is refused, with the clause relied on (printed on 附件4)."""

    bar: Bar
    reason: str
    clause: str  # full citation, e.g. 衢医保发〔2021〕36号 六(二)1


class Eligibility(BaseModel):
    """The eligibility check of 六(二), made from the subject record as of the acceptance day."""

    checked_on: date  # the acceptance day (Asia/Shanghai)
    finding: Finding
    # The last day of the 6 months counted from the finding (六(二)1); eligible from the next day.
    waiting_period_last_day: date
    later_same_kind: list[str] = Field(default_factory=list)  # finding ids, 六(二)2
    grounds: list[RefusalGround] = Field(default_factory=list)
    eligible: bool
