"""第七条(二)–(五), 第八条 and 第九条 for one scope (the whole case, or one person): the lines found
and the clauses that make the conclusion heavier, lighter or exempt."""

from __future__ import annotations

from datetime import date

from scoring.accountability.circumstance_facts import Circumstances
from scoring.accountability.findings import finding_line, item_lines
from scoring.accountability.tables import (
    AGGRAVATING,
    EXEMPT,
    MAY_EXEMPT,
    MAY_EXEMPT_CLAUSE,
    MINOR_FAULT_CLAUSE,
    MINOR_FAULT_LABEL,
    SELF_CORRECTION_CLAUSE,
    SELF_CORRECTION_LABEL,
)
from scoring.report import ScoreLine

# 第八条第一款 "在相关法律文书生效前及时纠正": the facts carry dates, not times, so a correction
# made on the day the document took effect cannot be shown to precede it; it does not count.
SELF_CORRECTION_ON_EFFECTIVE_DAY_COUNTS = False


class Found:
    """What the circumstances of one scope (the case, or one person) amount to."""

    __slots__ = ("aggravating", "exempt", "lines", "may_exempt", "mitigating")

    def __init__(self) -> None:
        self.lines: list[ScoreLine] = []
        self.exempt: list[str] = []  # clauses
        self.may_exempt = False
        self.aggravating: list[str] = []
        self.mitigating: list[str] = []


def circumstance_lines(
    circumstances: Circumstances, scope: str, who: str, effective: date, notes: list[str]
) -> Found:
    """第七条(二)–(五), 第八条, 第九条 for one scope ("case" or "person.<id>")."""
    found = Found()
    found.exempt = [EXEMPT[e.item][1] for e in circumstances.exempt]
    found.lines += item_lines(
        f"exempt.{scope}", circumstances.exempt, EXEMPT, f"not pursued (不予追究) for {who}"
    )
    found.may_exempt = bool(circumstances.may_exempt)
    found.lines += item_lines(
        f"exempt.{scope}",
        circumstances.may_exempt,
        {item: (label, MAY_EXEMPT_CLAUSE) for item, label in MAY_EXEMPT.items()},
        f"{who} may be exempt (可以不予或者免于追究); the authority decides",
    )
    found.aggravating = [AGGRAVATING[a.item][1] for a in circumstances.aggravating]
    found.lines += item_lines(
        f"aggravating.{scope}",
        circumstances.aggravating,
        AGGRAVATING,
        f"heavier accountability (应当从重) for {who}",
    )
    correction = circumstances.self_correction
    if correction is not None:
        in_time = correction.corrected_on < effective or (
            SELF_CORRECTION_ON_EFFECTIVE_DAY_COUNTS and correction.corrected_on == effective
        )
        missing = [
            text
            for ok, text in (
                (correction.discovered_by_self, "it was not found on own initiative"),
                (
                    in_time,
                    f"the correction on {correction.corrected_on.isoformat()} did not "
                    f"precede the document's effect on {effective.isoformat()}",
                ),
                (correction.loss_avoided, "it did not avoid the loss or recover the impact"),
            )
            if not ok
        ]
        if missing:
            notes.append(
                f"Self-correction of {who} is not within 第八条第一款: " + "; ".join(missing) + "."
            )
        else:
            found.mitigating.append(SELF_CORRECTION_CLAUSE)
            found.lines.append(
                finding_line(
                    f"mitigating.{scope}.self_correction",
                    SELF_CORRECTION_LABEL,
                    f"Found by itself and corrected on {correction.corrected_on.isoformat()}"
                    f", before the effect on {effective.isoformat()}, avoiding loss: "
                    f"应当从轻或者减轻 for {who}.",
                    SELF_CORRECTION_CLAUSE,
                )
            )
    if circumstances.minor_fault is not None:
        found.mitigating.append(MINOR_FAULT_CLAUSE)
        found.lines.append(
            finding_line(
                f"mitigating.{scope}.minor_fault",
                MINOR_FAULT_LABEL,
                f"{circumstances.minor_fault.details}: 可以从轻或者减轻 for {who}.",
                MINOR_FAULT_CLAUSE,
            )
        )
    return found
