"""The agreement's term and the institution's requests (procedures/agreement/term.py), read off
衢医保发〔2023〕8号, not off the code:

- 二(三)4 (l.1618): 协议期限一般按自然年度签订至当年12月31日.
- 附件1 一(二) (lines 1908–1910): 协议有效期原则上为1年; 未达成一致的,医保协议到期后自动解除.
- 附件1 一(三)1 (l.1918): an institution's 中止 原则上不得超过180日; 中止超过180日仍未提出继续履行
  医保协议申请的,原则上医保协议自动解除.
- 附件1 一(三)3 (l.1926): 中止、解除 or 不再续签 asked 提前3个月; 公立医疗机构不得主动提出中止或
  解除医保协议.

Days are counted by hand per 民法典 第二百零一条 (the start day is not counted), 第二百零二条
(months end on the corresponding day, or the month's last day) and 第二百零三条 (a last day on a
rest day moves to the next working day).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from procedures.agreement.models import InstitutionRequest
from procedures.agreement.term import (
    automatic_termination,
    earliest_effect,
    first_term_end,
    negotiation_opens,
    problems,
    renewed_term_end,
    suspension_end,
    suspension_outlasts_term,
)

DOC = "衢医保发〔2023〕8号"


def request(**fields: Any) -> InstitutionRequest:
    return InstitutionRequest.model_validate(fields)


def test_the_first_term_ends_on_31_december_of_the_signing_year() -> None:
    assert first_term_end(date(2026, 7, 15)) == date(2026, 12, 31)
    # Signed in December: the text is silent; the term still ends that 31 December.
    assert first_term_end(date(2026, 12, 20)) == date(2026, 12, 31)


def test_a_renewal_adds_one_year_to_31_december_of_the_next_year() -> None:
    assert renewed_term_end(date(2026, 12, 31)) == date(2027, 12, 31)
    # 2028-12-31 is a Sunday: a term to be in force is not moved to a working day.
    assert renewed_term_end(date(2027, 12, 31)) == date(2028, 12, 31)


def test_the_renewal_negotiation_opens_3_months_before_the_term_ends() -> None:
    # A notice given on 2026-09-30 counts from 10-01; 3 months end on the corresponding day
    # 12-30 (a Wednesday, a working day), so a non-renewal asked then takes effect by 12-31.
    # Given on 10-01, they would end on 2027-01-01 (a holiday, moved on): past the term's end.
    assert negotiation_opens(date(2026, 12, 31)) == date(2026, 9, 30)
    # A lead time of 1 month: from 11-30 the month ends 12-30; from 12-01 on 2027-01-01.
    assert negotiation_opens(date(2026, 12, 31), lead_months=1) == date(2026, 11, 30)


def test_an_institution_step_takes_effect_after_3_months_notice() -> None:
    # Asked 2026-09-01: counted from 09-02, 3 months end on 12-01 (a Tuesday); effect 12-02.
    assert earliest_effect(date(2026, 9, 1)) == date(2026, 12, 2)


def test_a_180_day_suspension_its_last_day_and_the_automatic_termination() -> None:
    # Asked 2026-09-01, the 中止 takes effect on 2026-12-02 at the earliest. 180 days from the
    # next day: 29 days to 12-31, +31 (Jan) = 60, +28 (Feb) = 88, +31 (Mar) = 119, +30 (Apr)
    # = 149, +31 (May) = 180: 2027-05-31, a Monday. No resume request by then: 解除 on 06-01.
    assert suspension_end(date(2026, 12, 2), 180).last_day == date(2027, 5, 31)
    assert automatic_termination(date(2026, 12, 2), 180) == date(2027, 6, 1)
    # It lasts beyond the term ending 2026-12-31: the agreement ends for that term.
    assert suspension_outlasts_term(date(2027, 5, 31), date(2026, 12, 31))
    assert not suspension_outlasts_term(date(2026, 12, 31), date(2026, 12, 31))


def suspend(**fields: Any) -> InstitutionRequest:
    return request(
        **{
            "kind": "suspend",
            "public_medical_institution": False,
            "requested_on": "2026-09-01",
            "takes_effect_on": "2026-12-02",
            "suspension_days": 180,
        }
        | fields
    )


def terminate(public: bool) -> InstitutionRequest:
    return request(
        kind="terminate",
        public_medical_institution=public,
        requested_on="2026-09-01",
        takes_effect_on="2026-12-02",
    )


def test_a_private_institution_may_ask_to_terminate_or_suspend() -> None:
    assert problems(terminate(public=False)) == []
    assert problems(suspend()) == []


def test_a_public_hospital_may_not_ask_to_terminate_naming_the_clause() -> None:
    found = problems(terminate(public=True))
    assert len(found) == 1
    assert found[0].startswith("kind: 公立医疗机构不得主动提出中止或解除医保协议")
    assert found[0].endswith(f"({DOC} 附件1 一(三)3)")


def test_a_public_hospital_may_not_ask_to_suspend() -> None:
    found = problems(suspend(public_medical_institution=True))
    assert [p.split(":")[0] for p in found] == ["kind"]


def test_a_public_hospital_may_decline_to_renew() -> None:
    # 附件1 一(三)3 forbids a public hospital to ask to 中止 or 解除, not to decline a renewal.
    declined = request(
        kind="not_renew",
        public_medical_institution=True,
        requested_on="2026-09-30",
        takes_effect_on="2027-01-01",
    )
    assert problems(declined, term_end=date(2026, 12, 31)) == []


def test_a_non_renewal_asked_less_than_3_months_ahead_is_refused() -> None:
    late = request(
        kind="not_renew",
        public_medical_institution=False,
        requested_on="2026-10-01",
        takes_effect_on="2027-01-01",
    )
    found = problems(late, term_end=date(2026, 12, 31))
    assert len(found) == 1
    assert found[0].startswith("takes_effect_on:")
    # 3 months end on the corresponding day 2027-01-01, a holiday: a notice is a lead time,
    # not a period to act in, so its end is not moved (第二百零三条); effect from 01-02.
    assert "2027-01-02" in found[0]
    assert found[0].endswith(f"({DOC} 附件1 一(三)3)")


def test_a_suspension_of_181_days_is_refused() -> None:
    found = problems(suspend(suspension_days=181))
    assert found == [
        f"suspension_days: 181 days is more than the 180 days a 中止 may last ({DOC} 附件1 一(三)1)"
    ]


def test_a_suspension_needs_its_length_and_only_a_suspension_has_one() -> None:
    assert [p.split(":")[0] for p in problems(suspend(suspension_days=None))] == ["suspension_days"]
    bad = request(
        kind="terminate",
        public_medical_institution=False,
        requested_on="2026-09-01",
        takes_effect_on="2026-12-02",
        suspension_days=30,
    )
    assert [p.split(":")[0] for p in problems(bad)] == ["suspension_days"]


def test_a_request_is_strict() -> None:
    with pytest.raises(ValidationError):
        suspend(public_medical_institution="yes")
    with pytest.raises(ValidationError):
        suspend(requested_on=20260901)
    with pytest.raises(ValidationError):
        suspend(kind="pause")
