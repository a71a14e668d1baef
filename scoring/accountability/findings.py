"""How a finding becomes a report line: these Measures give findings, not points."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Protocol, TypeVar

from scoring.report import ScoreLine

E = TypeVar("E", bound=StrEnum)
E_co = TypeVar("E_co", bound=StrEnum, covariant=True)


def finding_line(indicator: str, label: str, reason: str, clause: str) -> ScoreLine:
    """A line of the assessment: these Measures give findings, not points; the group is the
    indicator's first part ("exempt.case.force_majeure" is in "exempt")."""
    return ScoreLine(
        indicator=indicator,
        group=indicator.partition(".")[0],
        label=label,
        points=None,
        reason=reason,
        clause=clause,
    )


class _Itemised(Protocol[E_co]):
    """A finding of one numbered item of an article, with the facts that establish it."""

    @property
    def item(self) -> E_co: ...

    @property
    def details(self) -> str: ...


def item_lines(
    prefix: str,
    findings: Iterable[_Itemised[E]],
    table: Mapping[E, tuple[str, str]],
    consequence: str,
) -> list[ScoreLine]:
    """A line per finding, citing its item's clause: its facts (or, without them, the item's
    own words) and what follows from it."""
    lines: list[ScoreLine] = []
    for finding in findings:
        label, clause = table[finding.item]
        reason = f"{finding.details or label}: {consequence}."
        lines.append(finding_line(f"{prefix}.{finding.item.value}", label, reason, clause))
    return lines
