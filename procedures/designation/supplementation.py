"""Supplementation (补正, 衢医保发〔2023〕8号 二(三)2): 材料不齐或不符合条件的, 应一次性告知;
自收到材料补正通知之日起5个工作日内补正, 逾期不补正的视作放弃申请, 须3个月后方可再次申请.
The same window serves the materials the evaluators ask for during the evaluation (二(三)3).

Pure functions of the missing items and what the applicant hands in (no Temporal import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from periods.months import months_later
from procedures.designation.clauses import APPLICATION_CLAUSE, REAPPLICATION_AFTER_MONTHS, cite
from procedures.designation.materials import MissingItem
from procedures.designation.submissions import Supplement

WINDOW_ENDED = (
    f"materials: the 5-working-day supplementation window has ended ({cite(APPLICATION_CLAUSE)})"
)


def notice_step(issued_before: int) -> str:
    """The output step of the next notice: the first is 'supplementation', then numbered."""
    return "supplementation" if issued_before == 0 else f"supplementation-{issued_before + 1}"


def unasked(missing: list[MissingItem], supplement: Supplement) -> str | None:
    """Materials handed in that the notice did not ask for (the applicant is told what was)."""
    wanted = {m.key for m in missing}
    unknown = sorted(set(supplement.materials) - wanted)
    if not unknown:
        return None
    return (
        f"materials: {', '.join(unknown)} not asked for; the notice asks for "
        f"{', '.join(sorted(wanted))}"
    )


def after(
    missing: list[MissingItem], supplement: Supplement
) -> tuple[list[MissingItem], list[str]]:
    """What is still missing after the supplement, and the codes it handed in (sorted)."""
    still = [m for m in missing if m.key not in supplement.materials]
    handed = sorted(m.key for m in missing if m.key in supplement.materials)
    return still, handed


def receipt_detail(still: list[MissingItem]) -> str:
    if not still:
        return "all requested materials received"
    return "still missing: " + "; ".join(m.text for m in still)


@dataclass(frozen=True)
class Abandonment:
    """逾期不补正的视作放弃申请: the bar recorded and the reason the case closes with."""

    from_day: date
    until: date
    reason: str


def abandonment(last_day: date) -> Abandonment:
    """The 3 months run from the window's last day (the day the application was deemed
    abandoned at its end): barred from the next day, a new application possible the day after
    the 3 months are full."""
    until = months_later(last_day, REAPPLICATION_AFTER_MONTHS)
    return Abandonment(
        from_day=last_day + timedelta(days=1),
        until=until,
        reason=(
            f"materials not supplemented within 5 working days (window ended "
            f"{last_day.isoformat()}); a new application is possible from "
            f"{(until + timedelta(days=1)).isoformat()}"
        ),
    )
