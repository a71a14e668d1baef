"""What the rows of 表3–表5 share: the shapes of a row and of its result, an institution's places
in the cohort, and the arithmetic of deductions, steps, ranks and averages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Final

from scoring.exact import ZERO, Number, exact, reported, shown
from scoring.performance import params
from scoring.performance.sheet_facts import _Sheet

Row = tuple[str, str, float, str]  # indicator id, label (表 wording), maximum, clause
# Points of the sheet (the float of an exact decimal, see scoring/exact.py), reason.
Scored = tuple[float, str]


@dataclass(slots=True)
class Ranks:
    """One institution's places in the cohort for one sheet (表4/表5 第8, 9, 12项); 1 = best."""

    n: int  # institutions ranked
    persons: list[int]  # 结算人数, quarter by quarter
    head_visit_ratio: list[int]  # 人头人次比, quarter by quarter
    pooled_cost_share: int  # 纳入医保统筹费用与总费用比 (表4 only)


# Every multiple of 0.01 in [-100, 100], formatted once: most numbers in reasons are among them.
_NUMBERS: Final = {k / 100: f"{k / 100:g}" for k in range(-10_000, 10_001)}


def fmt(x: float | Decimal) -> str:
    """A number for a reason: the exact decimal (a fact or a table value as written)."""
    if isinstance(x, Decimal):
        return shown(x)
    text = _NUMBERS.get(x)
    return text if text is not None else shown(x)


def steps_in(excess: Number, step: Number) -> Decimal:
    """Steps of `step` in `excess` for a row that does not say how a partial step counts, in
    exact decimals (0.9 pp in steps of 0.3 is 3 steps, not 3.0000000000000004)."""
    over = exact(excess)
    if over <= 0:
        return ZERO
    steps = over / exact(step)
    if params.WHOLE_STEPS_ONLY:
        return steps.to_integral_value(rounding=ROUND_FLOOR)
    return steps


def _started_steps(excess: Number, step: Number) -> int:
    """不足…按照…计: a started step counts as a whole step."""
    over = exact(excess)
    if over <= 0:
        return 0
    return int((over / exact(step)).to_integral_value(rounding=ROUND_CEILING))


# "of 10" and "no deduction, 10 of 10" for every whole maximum, so the common path formats nothing.
_OF: Final = {float(m): f"of {m}" for m in range(101)}
_FULL: Final = {float(m): f": no deduction, {m} of {m}" for m in range(101)}
_ALL: Final = {float(m): f"{m} of {m}" for m in range(101)}


def _of(maximum: float) -> str:
    text = _OF.get(maximum)
    return text if text is not None else f"of {fmt(maximum)}"


def _all(maximum: float) -> str:
    text = _ALL.get(maximum)
    return text if text is not None else f"{fmt(maximum)} {_of(maximum)}"


def deduct(maximum: float, deduction: Number, fact: str) -> Scored:
    """Deductions stop at zero for the item (扣完为止); the points are the exact decimal
    maximum − deduction (10 − 6.4 is 3.6, not 3.5999999999999996)."""
    taken = exact(deduction)
    if taken <= 0:
        full = _FULL.get(maximum)
        return maximum, fact + (full if full is not None else f": no deduction, {_of(maximum)}")
    if taken > exact(maximum):
        return 0.0, f"{fact}: −{fmt(taken)}, 扣完为止 → 0 {_of(maximum)}"
    points = exact(maximum) - taken
    return reported(points), f"{fact}: −{fmt(taken)} → {fmt(points)} {_of(maximum)}"


def pp_short(
    what: str, value: float, target: float, rule: str, per: Number, maximum: float
) -> Scored:
    """ "不低于X%, 每降低1个百分点扣N分": `per` off for each pp below `target`, as `rule` says."""
    short = exact(target) - exact(value)
    if short <= 0:
        return maximum, f"{what} {fmt(value)}% reaches {fmt(target)}%: {_all(maximum)}"
    return deduct(
        maximum,
        steps_in(short, 1) * exact(per),
        f"{what} {fmt(value)}% is {fmt(short)} pp below {fmt(target)}%, {rule}",
    )


def per_count(what: str, count: int, per: float, maximum: float) -> Scored:
    """`what` names the event and the rule, e.g. "administrative penalties × 1"."""
    return deduct(maximum, count * exact(per), f"{count} {what}")


def integrity(s: _Sheet, maximum: float) -> Scored:
    """日常违规扣分: 以当年度诚信记分分值计入考核 — the integrity deductions come off the 12."""
    d = s.integrity_points_deducted
    return deduct(maximum, d, f"integrity points deducted this year {fmt(d)}")


def inventory(s: _Sheet, maximum: float) -> Scored:
    """药械进销存管理: −1 per non-conforming variety, and −0.2 more per pp of stock discrepancy."""
    items = s.inventory_nonconforming_items
    pct = s.inventory_discrepancy_pct
    deduction = items * 1 + steps_in(pct, 1) * Decimal("0.2")
    return deduct(
        maximum,
        deduction,
        f"{items} non-conforming varieties × 1, discrepancy {fmt(pct)}% × 0.2 per pp",
    )


def e_voucher(s: _Sheet) -> Scored:
    """医保电子凭证结算率: 达到考核要求得10分, 每差1个百分点扣1分."""
    return pp_short(
        "e-voucher settlement rate",
        s.e_voucher_rate_pct,
        s.e_voucher_required_pct,
        "−1 per pp",
        1,
        10,
    )


def non_standard(s: _Sheet) -> Scored:
    """非标率: 达到考核要求得5分, 未达到不得分."""
    if s.non_standard_rate_met:
        return 5.0, "non-standard rate meets the requirement: 5 of 5"
    return 0.0, "non-standard rate misses the requirement: 0 of 5"


def key_work(points: float, maximum: float) -> Scored:
    """其他重点工作: 按相关规定扣分 — the assessor's points, validated against the maximum."""
    return points, f"assessor's points for key work: {fmt(points)} {_of(maximum)}"


def satisfaction(s: _Sheet, maximum: float) -> Scored:
    """参保人员满意度: 查实的每项扣1分, 扣完为止, 如情节严重直接扣完."""
    if s.serious_complaint:
        return 0.0, f"a verified case with serious circumstances (情节严重): 0 {_of(maximum)}"
    return per_count("verified petitions/complaints/reports × 1", s.verified_complaints, 1, maximum)


def binary(met: bool, fact: str, maximum: float) -> Scored:
    if met:
        return maximum, f"{fact}: {_all(maximum)}"
    return 0.0, f"not {fact}: 0 {_of(maximum)}"


_CHANGE_POINTS: Final = {"increased": 2.0, "unchanged": 1.0, "decreased": 0.0}


def change_points(what: str, change: str) -> Scored:
    """与上期相比, 增加得2分, 无变化得1分, 减少不得分."""
    points = _CHANGE_POINTS[change]
    return points, f"{what} {change} on the previous period: {fmt(points)} of 2"


def _rank_steps(rank: int, n: int) -> int:
    """排名后50%, 每下降10%(不足10%的按照10%计)扣1分.

    An institution's place is the share of the others ranked ahead of it, (rank − 1)/(n − 1):
    0% for the first, 100% for the last, 0% for a cohort of one. It is in the bottom half past
    50% (the same members as "bottom-rank ≤ floor(n × 50%)"), and loses 1 point for each
    started 10% past it. In tenths, (10·(rank − 1) − 5·(n − 1))/(n − 1); integers, so no float
    at the edges.
    """
    if n <= 1:
        return 0
    excess = 10 * (rank - 1) - 5 * (n - 1)
    return -(-excess // (n - 1)) if excess > 0 else 0


def ranked(what: str, ranks: list[int], n: int, maximum: float) -> Scored:
    steps = [_rank_steps(r, n) for r in ranks]
    if len(ranks) == 1:
        fact = f"{what} rank {ranks[0]} of {n} (−{steps[0]})"
    else:
        fact = ", ".join(
            f"Q{q} {what} rank {r} of {n} (−{d})"
            for q, (r, d) in enumerate(zip(ranks, steps, strict=True), 1)
        )
    return deduct(maximum, sum(steps), f"{fact}, −1 per started 10% in the bottom half")


def above_average(what: str, pct: float, rule: str, step: float, maximum: float) -> Scored:
    """每超(平均)X个百分点(不足X个按照X个计)扣1分 (`rule` says so)."""
    if pct <= 0:
        side = "below" if pct < 0 else "at"
        return maximum, f"{what} {fmt(-pct)}% {side} the average: {_all(maximum)}"
    return deduct(
        maximum, _started_steps(pct, step), f"{what} {fmt(pct)}% above the average, {rule}"
    )
