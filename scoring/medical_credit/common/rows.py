"""The row shapes that recur in 附件6–10: "查实一次扣N分" events, public credit × N%, 主动配合, and
the table that composes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from scoring.exact import ZERO, exact, exact_sum, percent_of, reported
from scoring.medical_credit.common import params
from scoring.medical_credit.common.facts import CooperationBase
from scoring.medical_credit.common.grading import build_report
from scoring.medical_credit.common.params import (
    CACHE_SIZE,
    DIRECT_EVIDENCE_BONUS,
    INVALID_REPORT_PENALTY,
    Groups,
    clause,
    fmt,
)
from scoring.report import ScoreLine, ScoreReport


@dataclass(frozen=True, slots=True)
class EventRow:
    """A "查实一次扣N分" row: starts at its 分值, N off per verified event, floored at 0."""

    item: int  # 序号 in the table
    indicator: str  # stable id: the group (一级指标), a dot, the row
    field: str  # the Facts field holding the count of verified events
    label: str  # 三级指标
    max_points: float  # 分值
    per_event: float  # N
    repairable: bool | None  # 信用修复: 可 True, 不可 False, -- None
    events: str  # what is counted, for the reason sentence

    @property
    def group(self) -> str:
        return self.indicator.partition(".")[0]


class EventTable:
    """Rows of one table scored from counts; the clean-record line of each row is built once
    (lines are frozen, so every clean report shares it: most subjects have a clean record)."""

    __slots__ = ("deducted", "entries")

    def __init__(self, annex: int, rows: Sequence[EventRow]) -> None:
        # (row index, count) -> the line of a row with verified events, built once per count.
        self.deducted: dict[tuple[int, int], ScoreLine] = {}
        self.entries = tuple(
            (
                row,
                clause(annex, row.item),
                ScoreLine(
                    indicator=row.indicator,
                    group=row.group,
                    label=row.label,
                    points=row.max_points,
                    max_points=row.max_points,
                    reason=f"no verified {row.events}: {fmt(row.max_points)} of "
                    f"{fmt(row.max_points)}",
                    clause=clause(annex, row.item),
                    repairable=row.repairable,
                ),
            )
            for row in rows
        )

    def lines(self, facts: BaseModel) -> list[ScoreLine]:
        lines: list[ScoreLine] = []
        for index, (row, cited, clean) in enumerate(self.entries):
            count: int = getattr(facts, row.field)
            if count == 0:
                lines.append(clean)
                continue
            cached = self.deducted.get((index, count))
            if cached is not None:
                lines.append(cached)
                continue
            # 查实一次扣N分, in exact decimals; 扣完为止 per row: a row never goes below 0.
            deducted = exact(row.per_event) * count
            points = max(ZERO, exact(row.max_points) - deducted)
            reason = f"{count} verified {row.events} × {fmt(row.per_event)} = −{fmt(deducted)}"
            reason += (
                f", floored at 0 (扣完为止): 0 of {fmt(row.max_points)}"
                if deducted > row.max_points
                else f": {fmt(points)} of {fmt(row.max_points)}"
            )
            built = ScoreLine(
                indicator=row.indicator,
                group=row.group,
                label=row.label,
                points=reported(points),
                max_points=row.max_points,
                reason=reason,
                clause=cited,
                repairable=row.repairable,
            )
            if len(self.deducted) < CACHE_SIZE:
                self.deducted[index, count] = built
            lines.append(built)
        return lines


def weighted(score: float, percent: int) -> Decimal:
    """score × percent%, in exact decimals: 853.7 × 10% is 85.37 (not 85.37000000000001)."""
    return percent_of(score, percent)


@lru_cache(maxsize=CACHE_SIZE)
def public_credit_line(
    annex: int,
    item: int,
    indicator: str,
    group: str,
    label: str,
    what: str,
    score: float,
    repairable: bool | None,
) -> ScoreLine:
    """公共信用评价: the public credit score (千分制) × 10%, out of 100."""
    points = weighted(score, 10)
    return ScoreLine(
        indicator=indicator,
        group=group,
        label=label,
        points=reported(points),
        max_points=100.0,
        reason=f"{what} {fmt(score)} (千分制) × 10% = {fmt(points)} of 100",
        clause=clause(annex, item),
        repairable=repairable,
    )


class CooperationRow:
    """主动配合 of one table: the capped bonus line and the invalid-report deduction line."""

    __slots__ = ("bonus_id", "built", "cap", "clause", "clean", "group", "invalid_id")

    def __init__(self, annex: int, item: int, group: str) -> None:
        self.group = group
        self.clause = clause(annex, item)
        self.bonus_id = f"{group}.cooperation"
        self.invalid_id = f"{group}.cooperation_invalid_reports"
        # (cap, direct, indirect points, confession points, invalid) -> the two lines.
        self.built: dict[
            tuple[float | None, int, tuple[float, ...], tuple[float, ...], int],
            tuple[ScoreLine, ScoreLine],
        ] = {}
        self._build_clean()

    def _build_clean(self) -> None:
        # The shared clean-record lines carry the cap; rebuilt if the parameter is changed.
        self.cap = params.CONTRIBUTION_BONUS_CAP
        self.clean = (
            self._bonus_line(ZERO, "no verified report or confession: 0"),
            self._invalid_line(0),
        )

    def _bonus_line(self, bonus: Decimal, reason: str) -> ScoreLine:
        cap = params.CONTRIBUTION_BONUS_CAP
        if cap is not None and bonus > exact(cap):
            reason += f", capped at the row's 分值 {fmt(cap)}"
        reason += f" of {fmt(cap)}" if cap is not None else " (uncapped bonus)"
        return ScoreLine(
            indicator=self.bonus_id,
            group=self.group,
            label="主动配合",
            points=reported(bonus if cap is None else min(bonus, exact(cap))),
            max_points=cap,
            reason=reason,
            clause=self.clause,
            repairable=True,
        )

    def _invalid_line(self, invalid: int) -> ScoreLine:
        penalty = exact(INVALID_REPORT_PENALTY) * invalid
        return ScoreLine(
            indicator=self.invalid_id,
            group=self.group,
            label="主动配合(利用举报打击他人的无效举报)",
            points=reported(-penalty),
            max_points=None,
            reason=(
                f"{invalid} invalid report(s) used to attack others × "
                f"{fmt(INVALID_REPORT_PENALTY)} = −{fmt(penalty)}, not floored at row level"
                if invalid
                else "no invalid report used to attack others: 0"
            ),
            clause=self.clause,
            repairable=True,
        )

    def lines(self, cooperation: CooperationBase) -> tuple[ScoreLine, ScoreLine]:
        direct = cooperation.direct_evidence_reports
        indirect = cooperation.indirect_evidence_report_points
        confessions: list[float] = getattr(cooperation, "confession_points", [])
        invalid = cooperation.invalid_reports
        if self.cap != params.CONTRIBUTION_BONUS_CAP:
            self._build_clean()
        if not (direct or indirect or confessions or invalid):
            return self.clean
        key = (self.cap, direct, tuple(indirect), tuple(confessions), invalid)
        cached = self.built.get(key)
        if cached is not None:
            return cached
        parts: list[str] = []
        bonus = exact(DIRECT_EVIDENCE_BONUS) * direct
        if direct:
            parts.append(f"{direct} direct-evidence report(s) × {fmt(DIRECT_EVIDENCE_BONUS)}")
        if indirect:
            bonus += exact_sum(indirect)
            parts.append(f"indirect-evidence report(s) {' + '.join(fmt(p) for p in indirect)}")
        if confessions:
            bonus += exact_sum(confessions)
            parts.append(f"confession(s) {' + '.join(fmt(p) for p in confessions)}")
        bonus_line = (
            self._bonus_line(bonus, "; ".join(parts) + f" = +{fmt(bonus)}")
            if parts
            else self.clean[0]
        )
        result = bonus_line, self._invalid_line(invalid) if invalid else self.clean[1]
        if len(self.built) < CACHE_SIZE:
            self.built[key] = result
        return result


class Table(EventTable):
    """附件6, 7, 8 or 10 in the order of its items: 第1项 the public credit score × 10%, then the
    "查实一次扣N分" rows (the EventTable) with 主动配合 at its own item among them. (附件9 composes
    other subjects' scores instead, see head.py.)"""

    __slots__ = (
        "annex",
        "before_cooperation",
        "cooperation",
        "groups",
        "public_credit",
        "public_credit_repairable",
    )

    def __init__(
        self,
        annex: int,
        groups: Groups,
        rows: Sequence[EventRow],
        *,
        cooperation: int,
        public_credit: str,
        public_credit_repairable: bool | None = None,
    ) -> None:
        """`cooperation`: the item of 主动配合; `public_credit`: whose score 第1项 weighs, for the
        reason; `public_credit_repairable`: 第1项's 信用修复 column (-- in all but 附件10)."""
        items = [1, *(row.item for row in rows)]
        if items != sorted(set(items)) or cooperation in items:
            raise ValueError(f"附件{annex}: the rows are not in the table's order")
        super().__init__(annex, rows)
        self.annex = annex
        self.groups = groups
        self.public_credit = public_credit
        self.public_credit_repairable = public_credit_repairable
        self.cooperation = CooperationRow(annex, cooperation, "medical_credit")
        self.before_cooperation = sum(1 for row in rows if row.item < cooperation)

    def score(self, facts: Any) -> ScoreReport:
        """The subject's report: a line for every item, each point explained with its clause."""
        events = self.lines(facts)
        lines = [
            public_credit_line(
                self.annex, 1, "public_credit.public_credit", "public_credit", "公共信用评价",
                self.public_credit, facts.public_credit_score, self.public_credit_repairable,
            ),
            *events[: self.before_cooperation],
            *self.cooperation.lines(facts.cooperation),
            *events[self.before_cooperation :],
        ]  # fmt: skip
        return build_report(facts, facts.subject_id, lines, self.groups)
