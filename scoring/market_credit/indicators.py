"""The indicators' lines (三, 附件 专用指标 1–5), each citing its own regulation."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from scoring.exact import ZERO, exact, exact_sum, reported
from scoring.market_credit import params
from scoring.market_credit.facts import (
    INSPECTION_HONOUR_POINTS,
    IP_HONOUR_POINTS,
    InspectionHonour,
    IpHonour,
)
from scoring.market_credit.params import (
    COMMITMENT_POINTS,
    COMPLAINT_POINTS,
    DAILY_SUPERVISION_POINTS,
    DEDUCTION_PER_COMPLAINT,
    DEDUCTION_PER_FAILED_CHECK_ITEM,
    DEDUCTION_PER_UNFULFILLED_COMMITMENT,
    DEDUCTION_PER_UNHANDLED_COMPLAINT,
    GENERAL_POINTS,
    HONOUR_CAP,
    INSPECTION,
    IP_AGENCY,
    POINTS_PER_CREDIT_TITLE,
)
from scoring.market_credit.regulations import CACHE_SIZE, GROUP_LABELS, REGULATIONS, fmt
from scoring.report import GroupTotal, ScoreLine


@lru_cache(maxsize=CACHE_SIZE)
def general_line(doc: str, provincial: float, scale: float) -> ScoreLine:
    """通用指标: the provincial public credit score converted proportionally to 500 (三), in
    exact decimals (multiplied first, so that a scale of 1000 halves the score exactly)."""
    quotient = exact(provincial) * exact(GENERAL_POINTS) / exact(scale)
    decimals = params.GENERAL_POINTS_DECIMALS
    exponent = quotient.as_tuple().exponent
    ends = isinstance(exponent, int) and exponent >= -decimals
    points = quotient if ends else quotient.quantize(Decimal(1).scaleb(-decimals))
    return ScoreLine(
        indicator="general.public_credit",
        group="general",
        label="通用指标(浙江省企业公共信用评价折算)",
        points=reported(points),
        max_points=GENERAL_POINTS,
        reason=f"provincial public credit score {fmt(provincial)} of {fmt(scale)}, "
        f"converted proportionally to {fmt(GENERAL_POINTS)}: {fmt(points)}",
        clause=f"{doc} 三",
    )


def _specific_line(
    name: str, label: str, points: Decimal, maximum: float, reason: str, clause: str
) -> ScoreLine:
    """A line of the specific indicators (附件 专用指标 1–4)."""
    return ScoreLine(
        indicator=f"specific.{name}",
        group="specific",
        label=label,
        points=reported(points),
        max_points=maximum,
        reason=reason,
        clause=clause,
    )


def _per_finding_line(
    name: str, label: str, base: float, per: float, findings: str, count: int, clause: str
) -> ScoreLine:
    """`base` points, `per` off for each of `count` findings, 扣完为止 (stops at zero)."""
    points = max(ZERO, exact(base) - exact(per) * count)
    reason = f"{count} {findings} × {fmt(per)}, to zero: {fmt(points)} of {fmt(base)}"
    return _specific_line(name, label, points, base, reason, clause)


@lru_cache(maxsize=CACHE_SIZE)
def daily_supervision_line(variant: str, failed: int) -> ScoreLine:
    """日常监管情况: 300, −10 per failed check item, 扣完为止 (附件 专用指标 1)."""
    regulation = REGULATIONS[variant]
    return _per_finding_line(
        "daily_supervision",
        "日常监管情况",
        DAILY_SUPERVISION_POINTS,
        DEDUCTION_PER_FAILED_CHECK_ITEM,
        f"failed check item(s) under {regulation.guideline}",
        failed,
        f"{regulation.doc} 附件 专用指标 1",
    )


@lru_cache(maxsize=CACHE_SIZE)
def commitments_line(doc: str, unfulfilled: int) -> ScoreLine:
    """承诺履约情况: 100, −20 per verified unfulfilled commitment, 扣完为止 (附件 专用指标 2)."""
    return _per_finding_line(
        "commitments",
        "承诺履约情况",
        COMMITMENT_POINTS,
        DEDUCTION_PER_UNFULFILLED_COMMITMENT,
        "verified unfulfilled commitment(s)",
        unfulfilled,
        f"{doc} 附件 专用指标 2",
    )


@lru_cache(maxsize=CACHE_SIZE)
def complaints_line(doc: str, verified: int, unhandled: int) -> ScoreLine:
    """投诉举报情况: 50, −5 per verified complaint, double (−10) for one not handled in time
    after urging, 扣完为止 (附件 专用指标 3). `unhandled` is part of `verified`."""
    handled = verified - unhandled
    deduction = (
        exact(DEDUCTION_PER_COMPLAINT) * handled
        + exact(DEDUCTION_PER_UNHANDLED_COMPLAINT) * unhandled
    )
    points = max(ZERO, exact(COMPLAINT_POINTS) - deduction)
    return _specific_line(
        "complaints",
        "投诉举报情况",
        points,
        COMPLAINT_POINTS,
        f"{verified} verified complaint(s): {handled} × {fmt(DEDUCTION_PER_COMPLAINT)}, "
        f"{unhandled} not handled in time after urging × "
        f"{fmt(DEDUCTION_PER_UNHANDLED_COMPLAINT)} (double): −{fmt(deduction)}, to zero: "
        f"{fmt(points)} of {fmt(COMPLAINT_POINTS)}",
        f"{doc} 附件 专用指标 3",
    )


def _honours_line(doc: str, points: Decimal, reason: str) -> ScoreLine:
    """荣誉奖励情况 (附件 专用指标 4), capped at HONOUR_CAP."""
    return _specific_line(
        "honours", "荣誉奖励情况", points, HONOUR_CAP, reason, f"{doc} 附件 专用指标 4"
    )


@lru_cache(maxsize=4)
def _no_honours_line(doc: str) -> ScoreLine:
    return _honours_line(doc, ZERO, "no honours or awards in the period: 0")


def inspection_honours_line(honours: list[InspectionHonour]) -> ScoreLine:
    """荣誉奖励情况 of an inspection body (附件 专用指标 4): "加分按当次最高分计,不重复计分,
    加分封顶50分", read as INSPECTION_HONOURS_RULE says."""
    if not honours:
        return _no_honours_line(INSPECTION)
    # One achievement (one title) counts once, at the highest of its rows (不重复计分).
    best: dict[str, tuple[float, str]] = {}
    for honour in honours:
        row = INSPECTION_HONOUR_POINTS[honour.category]
        if honour.title not in best or row[0] > best[honour.title][0]:
            best[honour.title] = row
    if params.INSPECTION_HONOURS_RULE == "highest":
        top_title, (top, top_row) = max(best.items(), key=lambda item: item[1][0])
        points = min(exact(top), exact(HONOUR_CAP))
        how = (
            f"{len(best)} achievement(s), counted by the highest item only "
            f"(按当次最高分计, 不重复计分): {top_row} ({top_title}) {fmt(top)}"
        )
    else:
        raw = exact_sum(row[0] for row in best.values())
        points = min(raw, exact(HONOUR_CAP))
        how = (
            f"{len(best)} achievement(s), each once at its highest row: "
            + ", ".join(f"{row[1]} {fmt(row[0])}" for row in best.values())
            + f" = {fmt(raw)}"
        )
    return _honours_line(INSPECTION, points, f"{how}, capped at {fmt(HONOUR_CAP)}: {fmt(points)}")


def ip_honours_line(honours: list[IpHonour]) -> ScoreLine:
    """荣誉奖励情况 of an IP agency (附件 专用指标 4): +10/15/20 per municipal/provincial/
    national honour, capped at 50."""
    if not honours:
        return _no_honours_line(IP_AGENCY)
    counts = {"municipal": 0, "provincial": 0, "national": 0}
    for honour in honours:
        counts[honour.level] += 1
    return _ip_honours_line(counts["municipal"], counts["provincial"], counts["national"])


@lru_cache(maxsize=CACHE_SIZE)
def _ip_honours_line(municipal: int, provincial: int, national: int) -> ScoreLine:
    raw = (
        exact(IP_HONOUR_POINTS["municipal"][0]) * municipal
        + exact(IP_HONOUR_POINTS["provincial"][0]) * provincial
        + exact(IP_HONOUR_POINTS["national"][0]) * national
    )
    points = min(raw, exact(HONOUR_CAP))
    return _honours_line(
        IP_AGENCY,
        points,
        f"{municipal} municipal × {fmt(IP_HONOUR_POINTS['municipal'][0])}, "
        f"{provincial} provincial × {fmt(IP_HONOUR_POINTS['provincial'][0])}, "
        f"{national} national × {fmt(IP_HONOUR_POINTS['national'][0])} = {fmt(raw)}, "
        f"capped at {fmt(HONOUR_CAP)}: {fmt(points)}",
    )


@lru_cache(maxsize=8)
def value_add_line(doc: str, contract_abiding_aaa: bool, demonstration: bool) -> ScoreLine:
    """信用增值情况: +20 per title, a bonus beyond the 1000 (附件 专用指标 5)."""
    titles = [
        title
        for title, held in (
            ("重合同守信用AAA级单位", contract_abiding_aaa),
            ("浙江省信用管理示范企业", demonstration),
        )
        if held
    ]
    points = exact(POINTS_PER_CREDIT_TITLE) * len(titles)
    held_text = "、".join(titles) if titles else "no credit title"
    return ScoreLine(
        indicator="value_add.credit_titles",
        group="value_add",
        label="信用增值情况",
        points=reported(points),
        max_points=None,
        reason=f"{held_text}: {len(titles)} × {fmt(POINTS_PER_CREDIT_TITLE)} bonus = {fmt(points)}",
        clause=f"{doc} 附件 专用指标 5",
    )


@lru_cache(maxsize=CACHE_SIZE)
def group_total(index: int, points: Decimal) -> GroupTotal:
    group, label, maximum = GROUP_LABELS[index]
    return GroupTotal(group=group, label=label, points=reported(points), max_points=maximum)
