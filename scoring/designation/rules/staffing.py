"""The staff rows: 医师配备情况 (表1 评估指标 7) and 药师配备情况 (表2 评估指标 7), both "按规定配备
得2分" for the required place and increments for each qualified person beyond it (5 points)."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.designation.facts import MedicalInstitutionFacts, PharmacyFacts
from scoring.designation.params import REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION
from scoring.designation.rules.scored import Scored, fmt, to_tenths


def _staffing(
    counts: Sequence[tuple[int, int, str]],
    rehired: tuple[int, int, str],
    base: int,
    max_tenths: int,
) -> Scored:
    """按规定配备 `base`, then increments per person beyond the required one.

    `counts` are (people, increment tenths, title) from the lowest to the highest qualification;
    the required place is taken from the lowest (or highest, by
    REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION) qualification present.
    """
    if sum(people for people, _, _ in counts) == 0:
        return Scored(0, f"no qualifying staff for the required place: 0 of {fmt(max_tenths)}")
    remaining = [people for people, _, _ in counts]
    order = (
        range(len(counts))
        if REQUIRED_PLACE_FROM_LOWEST_QUALIFICATION
        else range(len(counts) - 1, -1, -1)
    )
    place = next(i for i in order if remaining[i] > 0)
    remaining[place] -= 1
    texts = [f"required place ({counts[place][2]}) {fmt(base)}"]
    points = base
    for extra, (_, per, title) in zip(remaining, counts, strict=True):
        if extra and per:
            points += extra * per
            texts.append(f"+{extra} {title} × {fmt(per)}")
    people, per, title = rehired
    if people:
        points += people * per
        texts.append(f"+{people} {title} × {fmt(per)}")
    if points > max_tenths:
        return Scored(
            max_tenths,
            f"{', '.join(texts)} = {fmt(points)}, capped at {fmt(max_tenths)} (最多得"
            f"{fmt(max_tenths)}分)",
        )
    return Scored(points, f"{', '.join(texts)}: {fmt(points)} of {fmt(max_tenths)}")


# 表1 评估指标 7: "按规定配备医师得2分;每增加一名中级职称医师加1分,每增加1名副高及以上职称医师加
# 2分;… 每增加1名中级及以上职称退休返聘医师加0.5分。最多得5分。"
PHYSICIAN_BASE = to_tenths(2)
PHYSICIAN_INTERMEDIATE = to_tenths(1)
PHYSICIAN_SENIOR = to_tenths(2)
PHYSICIAN_REHIRED = to_tenths(0.5)
STAFFING_MAX = to_tenths(5)


def physicians(facts: MedicalInstitutionFacts) -> Scored:
    """表1 评估指标 7 医师配备情况 (5)."""
    staff = facts.measured.physicians
    return _staffing(
        [
            (staff.junior_physicians, 0, "junior physician"),
            (staff.intermediate_physicians, PHYSICIAN_INTERMEDIATE, "intermediate"),
            (staff.senior_physicians, PHYSICIAN_SENIOR, "deputy-senior+"),
        ],
        (staff.rehired_retired_physicians, PHYSICIAN_REHIRED, "rehired retired"),
        PHYSICIAN_BASE,
        STAFFING_MAX,
    )


# 表2 评估指标 7: "按规定配备药师得2分,每增加一名执业药师加2分 … 每增加1名退休返聘药师加1分"
# (row maximum 5).
PHARMACIST_BASE = to_tenths(2)
PHARMACIST_LICENSED = to_tenths(2)
PHARMACIST_REHIRED = to_tenths(1)


def pharmacists(facts: PharmacyFacts) -> Scored:
    """表2 评估指标 7 药师配备情况 (5)."""
    staff = facts.measured.pharmacists
    return _staffing(
        [
            (staff.other_pharmacists, 0, "titled pharmacist"),
            (staff.licensed_pharmacists, PHARMACIST_LICENSED, "licensed pharmacist"),
        ],
        (staff.rehired_retired_pharmacists, PHARMACIST_REHIRED, "rehired retired"),
        PHARMACIST_BASE,
        STAFFING_MAX,
    )
