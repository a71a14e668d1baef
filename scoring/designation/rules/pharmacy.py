"""Rows of 表2 only (retail pharmacies)."""

from __future__ import annotations

from scoring.designation.facts import PharmacyFacts
from scoring.designation.params import (
    PHARMACY_LAYOUT_LIMIT,
    VARIETIES_EXACTLY_200_POINTS,
    VARIETY_BANDS,
)
from scoring.designation.rules.capacity import disclosure_rule
from scoring.designation.rules.scored import Scored, deduct, each, to_tenths, when


def pharmacy_disclosure(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 3 信息公开制度 (4), a verified price complaint −4."""
    return disclosure_rule(facts.measured.disclosure, 4.0, 4.0)


def business_mode(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 6 经营模式 (5): "零售(连锁)的,得5分;经营模式为零售的,得3分。" """
    if facts.measured.chain:
        return Scored(to_tenths(5), "retail chain (零售(连锁)): 5 of 5")
    return Scored(to_tenths(3), "single retail (零售): 3 of 5")


DISPLAY_MAX = to_tenths(5)
DISPLAY_PER_ITEM = to_tenths(1)  # "营业面积、专区、专柜设置一项不符合扣1分"
DISPLAY_NO_POSITIVE_LIST = to_tenths(2)  # "其他用品未严格执行正面清单制,扣2分。扣完为止"


def display(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 11 分区摆放 (5)."""
    areas = facts.measured.display
    return deduct(
        DISPLAY_MAX,
        [
            each(areas.nonconforming_items, DISPLAY_PER_ITEM, "area/zone/counter settings off"),
            when(not areas.positive_list_enforced, DISPLAY_NO_POSITIVE_LIST, "no positive list"),
        ],
        "area, insurance zone and counter conforming, positive list enforced",
    )


LABELS_MAX = to_tenths(2)
LABELS_PER_INACCURATE = to_tenths(1)


def insurance_labels(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 12 设立医保用药标识 (2): "未设立医保用药标识的,不得分。医保用药标识不准确的,
    每1例扣1分。"
    """
    labels = facts.measured.insurance_labels
    if not labels.labels_set:
        return Scored(0, "no insurance-drug labels set up: 0 of 2")
    return deduct(
        LABELS_MAX,
        [each(labels.inaccurate_labels, LABELS_PER_INACCURATE, "inaccurate labels")],
        "labels set up and accurate",
    )


def varieties(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 14 药品品种 (5): "超过600的得5分 … 超过200的得1分,低于200的不得分" (超过
    excludes the number)."""
    count = facts.measured.catalogue_varieties
    for above, points in VARIETY_BANDS:
        if count > above:
            return Scored(
                to_tenths(points),
                f"{count} catalogue varieties (> {above}): {points:g} of 5",
            )
    if count == 200:
        points = VARIETIES_EXACTLY_200_POINTS
        return Scored(
            to_tenths(points),
            f"200 catalogue varieties (not 超过200, not 低于200): {points:g} of 5",
        )
    return Scored(0, f"{count} catalogue varieties (< 200): 0 of 5")


def pharmacy_layout(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 15 场所布局 (10): "社区内已有定点零售药店少于3家 … 得10分,否则不得分"."""
    existing = facts.measured.designated_pharmacies_in_community
    if existing < PHARMACY_LAYOUT_LIMIT:
        return Scored(
            to_tenths(10),
            f"{existing} designated pharmacies in the community (<3): 10 of 10",
        )
    return Scored(0, f"{existing} designated pharmacies in the community (≥3): 0 of 10")
