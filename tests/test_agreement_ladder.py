"""The agreement handling ladder (procedures/agreement/ladder.py) of 衢医保发〔2023〕8号 五(三)
(seed 001 lines 1737–1857), its expectations read off the text, not off the code:

- 五(三)1 (l.1739): 5 grounds; 约谈, 暂停联网结算 or 暂缓拨付费用.
- 五(三)2 (l.1751): 5 grounds; 约谈, 不予支付或追回已支付的医保费用.
- 五(三)3 (l.1763): 24 grounds; 约谈, 不予支付或追回, 违约金 of 10%—30% of the verified amount;
  情节严重的 中止 of persons, department or agreement, 不低于30日,不超过180日.
- 五(三)4 (l.1815): 3 grounds; 约谈, 中止 (不低于60日,不超过180日), 中止 or 解除 of the agreement.
- 五(三)5 (l.1823): 17 grounds; 约谈, 解除; (1) 累计2次及以上被中止医保协议.
- 五(五) (l.1861): the 违约金 paid 原则上 within 30日. 五(六) (l.1867): after the 中止期, a failed
  check or a refusal to rectify is handled as 解除.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from procedures.agreement.ladder import (
    RUNGS,
    Rectification,
    penalty_amount,
    penalty_due,
    problems,
    termination_clauses,
)
from procedures.agreement.models import HandlingDecision, Measure

DOC = "衢医保发〔2023〕8号"
M = Measure


def decision(**fields: Any) -> HandlingDecision:
    return HandlingDecision.model_validate(fields)


def test_each_rung_lists_the_grounds_the_text_numbers() -> None:
    assert {n: len(r.grounds) for n, r in RUNGS.items()} == {1: 5, 2: 5, 3: 24, 4: 3, 5: 17}


# For every rung, a decision the text allows.
ALLOWED = [
    {"rung": 1, "ground": 4, "measures": ["interview", "suspend_settlement"]},
    {"rung": 1, "ground": 1, "measures": ["defer_payment"]},
    {"rung": 2, "ground": 5, "measures": ["interview", "refuse_or_recover"]},
    {
        "rung": 3,
        "ground": 24,
        "measures": ["interview", "refuse_or_recover", "penalty"],
        "verified_amount": "123456.78",
        "penalty_percent": "25",
    },
    {
        "rung": 3,
        "ground": 2,
        "measures": ["suspend_persons", "suspend_department"],
        "serious": True,
        "suspension_days": 90,
    },
    {"rung": 4, "ground": 1, "measures": ["interview", "suspend_agreement"], "suspension_days": 60},
    {"rung": 4, "ground": 3, "measures": ["terminate"]},
    {"rung": 5, "ground": 17, "measures": ["interview", "terminate"]},
    {"rung": 5, "ground": 1, "measures": ["terminate"], "agreement_suspensions_in_term": 2},
]


@pytest.mark.parametrize("fields", ALLOWED, ids=lambda f: f"{f['rung']}({f['ground']})")
def test_a_decision_the_text_allows_passes(fields: dict[str, Any]) -> None:
    assert problems(decision(**fields)) == []


# A measure the rung does not name: 限期整改 is in no rung, and is not even a measure.
REFUSED = [
    (1, M.REFUSE_OR_RECOVER),
    (1, M.TERMINATE),
    (2, M.SUSPEND_SETTLEMENT),
    (2, M.PENALTY),
    (3, M.TERMINATE),
    (3, M.DEFER_PAYMENT),
    (4, M.PENALTY),
    (4, M.REFUSE_OR_RECOVER),
    (5, M.SUSPEND_AGREEMENT),
    (5, M.PENALTY),
]


@pytest.mark.parametrize(("rung", "measure"), REFUSED, ids=str)
def test_a_measure_the_rung_does_not_allow_is_refused_naming_the_clause(
    rung: int, measure: Measure
) -> None:
    found = problems(
        decision(rung=rung, ground=2, measures=[measure], verified_amount="100", serious=True)
    )
    assert found and found[0].startswith("measures: ")
    assert found[0].endswith(f"({DOC} 五(三){rung})")


def test_rectification_within_a_time_limit_is_no_measure_of_the_ladder() -> None:
    with pytest.raises(ValidationError):
        decision(rung=1, ground=1, measures=["rectify_within_limit"])


def test_a_ground_the_rung_does_not_list_is_refused() -> None:
    (found,) = problems(decision(rung=4, ground=4, measures=["interview"]))
    assert found == f"ground: 五(三)4 lists grounds (1)–(3), not (4) ({DOC} 五(三)4)"


def penalty(percent: str, **more: Any) -> list[str]:
    return problems(
        decision(
            rung=3,
            ground=1,
            measures=["penalty"],
            verified_amount="1000.00",
            penalty_percent=percent,
            **more,
        )
    )


@pytest.mark.parametrize("percent", ["10", "10.00", "30", "29.99", "10.01"])
def test_a_penalty_of_10_to_30_percent_passes(percent: str) -> None:
    assert penalty(percent) == []


ABOVE = f"{DOC} 五(三)3; 五(五) 原则上不超过30%"  # above 30% breaks 五(五) as well


@pytest.mark.parametrize(
    ("percent", "shown", "where"),
    [("9.99", "9.99%", f"{DOC} 五(三)3"), ("30.01", "30.01%", ABOVE)],
)
def test_a_penalty_just_outside_10_to_30_percent_is_refused(
    percent: str, shown: str, where: str
) -> None:
    assert penalty(percent) == [
        f"penalty_percent: {shown} is outside 10%–30% of the verified amount ({where})"
    ]


def test_the_issue_example_35_percent_names_5_5() -> None:
    assert penalty("35") == [
        f"penalty_percent: 35% is outside 10%–30% of the verified amount ({ABOVE})"
    ]


def test_a_penalty_without_the_verified_amount_is_refused() -> None:
    (found,) = problems(decision(rung=3, ground=9, measures=["penalty"], penalty_percent="20"))
    assert found.startswith("verified_amount: ") and found.endswith(f"({DOC} 五(三)3)")


def test_a_penalty_without_its_percentage_is_refused() -> None:
    (found,) = problems(decision(rung=3, ground=9, measures=["penalty"], verified_amount="10"))
    assert found.startswith("penalty_percent: ") and found.endswith(f"({DOC} 五(三)3)")


def suspension(rung: int, days: int, measure: str = "suspend_agreement") -> list[str]:
    return problems(
        decision(rung=rung, ground=1, measures=[measure], suspension_days=days, serious=True)
    )


# 五(三)3: 不低于30日,不超过180日; 五(三)4: 不低于60日,不超过180日.
@pytest.mark.parametrize(
    ("rung", "inside", "outside"),
    [(3, 30, 29), (3, 180, 181), (4, 60, 59), (4, 180, 181)],
)
def test_the_suspension_period_bounds(rung: int, inside: int, outside: int) -> None:
    low = {3: 30, 4: 60}[rung]
    assert suspension(rung, inside) == []
    assert suspension(rung, outside, "suspend_persons") == [
        f"suspension_days: {outside} days is outside the 中止期 of {low}–180 days "
        f"({DOC} 五(三){rung})"
    ]


def test_a_suspension_without_its_period_is_refused() -> None:
    (found,) = problems(decision(rung=4, ground=2, measures=["suspend_department"]))
    assert found.startswith("suspension_days: ") and found.endswith(f"({DOC} 五(三)4)")


def test_under_rung_3_a_suspension_is_for_serious_cases_only() -> None:
    # 五(三)3: 情节严重的予以中止.
    found = problems(decision(rung=3, ground=1, measures=["suspend_agreement"], suspension_days=90))
    assert found == [f"serious: under 五(三)3 a 中止 is for 情节严重 only ({DOC} 五(三)3)"]


def test_rung_5_ground_1_needs_two_suspensions_or_a_failed_rectification() -> None:
    once = decision(rung=5, ground=1, measures=["terminate"], agreement_suspensions_in_term=1)
    (found,) = problems(once)
    assert found.startswith("agreement_suspensions_in_term: ")
    assert found.endswith(f"({DOC} 五(三)5(1))")
    failed = once.model_copy(update={"rectification_failed_during_suspension": True})
    assert problems(failed) == []


def test_the_penalty_amount_is_exact() -> None:
    # 123,456.78 × 25% = 30,864.195 → 30,864.20 (to the 分, half up).
    assert penalty_amount(Decimal("123456.78"), Decimal("25")) == Decimal("30864.20")
    # 1,000.01 × 10% = 100.001 → 100.00.
    assert penalty_amount(Decimal("1000.01"), Decimal("10")) == Decimal("100.00")
    # 333.33 × 30% = 99.999 → 100.00.
    assert penalty_amount(Decimal("333.33"), Decimal("30")) == Decimal("100.00")


def test_the_penalty_is_due_30_days_on_rolled_over_national_day_2026() -> None:
    # Decided Friday 2026-09-04: day 1 is 09-05, day 30 is 10-04 (Sept has 30 days: 26 days to
    # 09-30, then 10-01..10-04), inside 国庆节 10-01..10-07 (国务院办公厅 2026 notice); the first
    # working day after it is Thursday 10-08 (民法典 第二百零三条).
    due = penalty_due(date(2026, 9, 4))
    assert due.last_day == date(2026, 10, 8)
    # Decided 2026-08-20: day 30 is 09-19, a Saturday; the next day, Sunday 09-20, is a working
    # day of the 2026 notice (调休 for 国庆节), so the period ends on it.
    assert penalty_due(date(2026, 8, 20)).last_day == date(2026, 9, 20)


def test_termination_availability() -> None:
    # One 中止 in the term: not yet; the second one makes 解除 available (五(三)5(1)).
    assert termination_clauses(agreement_suspensions_in_term=1) == []
    assert termination_clauses(agreement_suspensions_in_term=2) == [f"{DOC} 五(三)5(1)"]
    assert termination_clauses(
        agreement_suspensions_in_term=1, rectification_failed_during_suspension=True
    ) == [f"{DOC} 五(三)5(1)"]
    # 五(六): after the 中止期, a failed check or a refusal to rectify; a passed one is no ground.
    for outcome in (Rectification.FAILED, Rectification.REFUSED):
        assert termination_clauses(agreement_suspensions_in_term=1, after_suspension=outcome) == [
            f"{DOC} 五(六)"
        ]
    assert (
        termination_clauses(agreement_suspensions_in_term=1, after_suspension=Rectification.PASSED)
        == []
    )
    # A ground of 五(三)4 or 五(三)5 found; a ground of 五(三)3 is no ground for 解除.
    assert termination_clauses(agreement_suspensions_in_term=0, ground=(4, 2)) == [
        f"{DOC} 五(三)4(2)"
    ]
    assert termination_clauses(agreement_suspensions_in_term=0, ground=(5, 7)) == [
        f"{DOC} 五(三)5(7)"
    ]
    assert termination_clauses(agreement_suspensions_in_term=0, ground=(3, 24)) == []
    assert termination_clauses(agreement_suspensions_in_term=0, ground=(5, 1)) == []
