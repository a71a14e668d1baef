"""What the five medical-insurance credit tables share: grades, rows, 主动配合, consequences.

衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号: 千分制 (四(二)), the use of results (五) and
the row shapes that recur in 附件6–10 (public credit × 10%, "查实一次扣N分", 主动配合).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from checks import uscc
from checks.plausible import StrictFloat, StrictInt
from scoring.report import (
    Adjustment,
    Consequence,
    GroupTotal,
    ScoreLine,
    ScoreReport,
)

KIND = "medical-credit"
DOC = "衢医保发〔2021〕36号"

SubjectType = Literal[
    "pharmacy", "insurance_doctor", "medical_institution", "institution_head", "insured_person"
]
Grade = Literal["优秀", "良好", "中等", "较差", "差"]

# 四(二): "信用评价采用'千分制'评分".
MAX_TOTAL = 1000.0

# 四(二): 优秀 A ≥ 850; 良好 800 ≤ A < 850; 中等 750 ≤ A < 800; 较差 700 ≤ A < 750; 差 A < 700.
# Lower bounds, best grade first; each band includes its lower bound.
GRADE_BANDS: tuple[tuple[float, Grade], ...] = (
    (850.0, "优秀"),
    (800.0, "良好"),
    (750.0, "中等"),
    (700.0, "较差"),
)
LOWEST_GRADE: Grade = "差"
GRADE_ORDER: tuple[Grade, ...] = ("优秀", "良好", "中等", "较差", "差")

# Totals are sums of products like 853.7 × 10%, which binary floating point cannot hold exactly:
# a total the regulation makes exactly 850 may come out as 849.9999999999999. The bands compare
# with this tolerance so such an artefact does not cost a grade; it is far below any real
# difference (scores carry at most a few decimals), so 849.99 is still 良好. Not a rounding.
BAND_TOLERANCE = 1e-9

# 附件6–10, 主动配合 (分值 30): verified reports add +30 (direct evidence) or 5–15 (indirect),
# confessions 5–30, and an invalid report used to attack others costs 30. The tables do not say
# where the row starts. We read 分值 30 as the row's share of the 1000 points, like every other
# row, so the row starts at 0 (nothing contributed yet), the bonuses fill it up to 30 and no
# further, and the total stays on the 千分制 (≤ 1000). A subject with no verified report therefore
# scores at most 970. None lifts the cap (bonuses uncapped; the total may then exceed 1000).
CONTRIBUTION_BONUS_CAP: float | None = 30.0
DIRECT_EVIDENCE_BONUS = 30.0
# "利用举报打击他人的无效举报扣30分": a row that starts at 0 and is floored at 0 would make this
# penalty void for anyone without a bonus, so it is a separate deduction line that is not floored
# at row level (only the total is, see TOTAL_FLOOR); it is taken after the bonus cap.
INVALID_REPORT_PENALTY = 30.0

# The invalid-report deduction is the only uncapped deduction, so a total could go below 0 in
# theory; a 千分制 score does not, so the total is floored here (an explicit "floor" adjustment).
TOTAL_FLOOR: float | None = 0.0

# 五(六) "信用等级保持优秀3年以上的信用主体确定为'医疗保障守信(红)名单'": 以上 includes 3.
# Read with the formal annual grades of the preceding years (Facts.previous_grades, most recent
# first): the current grade and the RED_LIST_YEARS − 1 most recent previous grades are all 优秀.
# The evaluation is dynamic (四(二) 动态考评); a year's formal grade stands for the whole year.
RED_LIST_YEARS = 3

# A table's groups (一级指标): id, label and 分值, in the table's order.
Groups = tuple[tuple[str, str, float | None], ...]

INSTITUTION_SUBJECTS: frozenset[str] = frozenset({"pharmacy", "medical_institution"})

# Lines, group totals and consequences are frozen models, so the ones that depend only on a few
# small values (a count, a public credit score, a group sub-total) are built once and shared
# between reports (bounded caches below), which keeps validation + scoring near the team's target
# of 20,000 subjects/s per core. No point changes: every cache key holds everything the model
# depends on (the 主动配合 cache includes CONTRIBUTION_BONUS_CAP).
CACHE_SIZE = 4096


def clause(annex: int, item: int) -> str:
    return f"{DOC} 附件{annex} 第{item}项"


def fmt(value: float) -> str:
    """A number for a reason sentence: no trailing zeros, no binary noise (display only)."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


# --- Facts shared by every table --------------------------------------------------------------

# 三(一): institutions are identified by their unified social credit code (18 characters,
# GB 32100-2015 character set and check character), persons by their resident identity card
# number (GB 11643).
Uscc = Annotated[
    uscc.Uscc,
    Field(description="统一社会信用代码: 18 characters with a GB 32100-2015 check character"),
]
IdNumber = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{17}[0-9X]$",
        description="居民身份证号码: 17 digits and a check digit or X",
    ),
]
# A score on the 1000-point scale: a public credit score, a medical-insurance credit score, or an
# average of staff credit scores.
Score1000 = Annotated[StrictFloat, Field(ge=0, le=MAX_TOTAL)]
# A count of verified events or reports; the Facts fields give it the default 0.
Count = Annotated[StrictInt, Field(ge=0)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class CooperationBase(BaseModel):
    """主动配合: verified reports of others' violations, and invalid reports (附件6–10)."""

    model_config = ConfigDict(extra="forbid")

    direct_evidence_reports: Count = Field(
        0, description="Verified reports backed by direct evidence (查实的举报直接证据): +30 each"
    )
    indirect_evidence_report_points: list[Annotated[StrictFloat, Field(ge=5, le=15)]] = Field(
        default_factory=list,
        max_length=1000,
        description=(
            "One entry per verified report backed by indirect evidence (间接证据): the points the "
            "department awarded it, 5–15"
        ),
    )
    invalid_reports: Count = Field(
        0,
        description="Invalid reports used to attack others (利用举报打击他人的无效举报): −30 each",
    )


class Cooperation(CooperationBase):
    """主动配合 of 附件6–9: reports, and confessions of violations the department did not know."""

    confession_points: list[Annotated[StrictFloat, Field(ge=5, le=30)]] = Field(
        default_factory=list,
        max_length=1000,
        description=(
            "One entry per voluntary confession of a violation the department had not found "
            "(主动交代未掌握的医保违规情况): the points awarded for its nature and amount, 5–30"
        ),
    )


class SubjectBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(description="Legal name of the subject")
    previous_grades: list[Grade] = Field(
        default_factory=list,
        max_length=100,
        description=(
            "Formal medical-insurance credit grades of the preceding evaluation years, most recent "
            "first (优秀/良好/中等/较差/差); used for the red list (五(六))"
        ),
    )


# --- Rows ---------------------------------------------------------------------------------------


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
            deducted = row.per_event * count
            # 扣完为止 per row: a row never goes below 0.
            points = max(0.0, row.max_points - deducted)
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
                points=points,
                max_points=row.max_points,
                reason=reason,
                clause=cited,
                repairable=row.repairable,
            )
            if len(self.deducted) < CACHE_SIZE:
                self.deducted[index, count] = built
            lines.append(built)
        return lines


def weighted(score: float, percent: int) -> float:
    """score × percent%, computed as score × percent / 100 so that 855 × 10% is exactly 85.5."""
    return score * percent / 100


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
        points=points,
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
        self.cap = CONTRIBUTION_BONUS_CAP
        self.clean = (
            self._bonus_line(0.0, "no verified report or confession: 0"),
            self._invalid_line(0),
        )

    def _bonus_line(self, bonus: float, reason: str) -> ScoreLine:
        cap = CONTRIBUTION_BONUS_CAP
        if cap is not None and bonus > cap:
            reason += f", capped at the row's 分值 {fmt(cap)}"
        reason += f" of {fmt(cap)}" if cap is not None else " (uncapped bonus)"
        return ScoreLine(
            indicator=self.bonus_id,
            group=self.group,
            label="主动配合",
            points=bonus if cap is None else min(bonus, cap),
            max_points=cap,
            reason=reason,
            clause=self.clause,
            repairable=True,
        )

    def _invalid_line(self, invalid: int) -> ScoreLine:
        penalty = INVALID_REPORT_PENALTY * invalid
        return ScoreLine(
            indicator=self.invalid_id,
            group=self.group,
            label="主动配合(利用举报打击他人的无效举报)",
            points=-penalty if invalid else 0.0,
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
        if self.cap != CONTRIBUTION_BONUS_CAP:
            self._build_clean()
        if not (direct or indirect or confessions or invalid):
            return self.clean
        key = (self.cap, direct, tuple(indirect), tuple(confessions), invalid)
        cached = self.built.get(key)
        if cached is not None:
            return cached
        parts: list[str] = []
        bonus = DIRECT_EVIDENCE_BONUS * direct
        if direct:
            parts.append(f"{direct} direct-evidence report(s) × {fmt(DIRECT_EVIDENCE_BONUS)}")
        if indirect:
            bonus += math.fsum(indirect)
            parts.append(f"indirect-evidence report(s) {' + '.join(fmt(p) for p in indirect)}")
        if confessions:
            bonus += math.fsum(confessions)
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


# --- Grade, consequences, report ----------------------------------------------------------------


def grade_of(total: float) -> Grade:
    """四(二): the band of the unrounded total (BAND_TOLERANCE absorbs float artefacts only)."""
    for lower, grade in GRADE_BANDS:
        if total >= lower - BAND_TOLERANCE:
            return grade
    return LOWEST_GRADE


_BOUNDS = {
    "优秀": "A ≥ 850",
    "良好": "800 ≤ A < 850",
    "中等": "750 ≤ A < 800",
    "较差": "700 ≤ A < 750",
    "差": "A < 700",
}


@lru_cache(maxsize=CACHE_SIZE)
def band_note(total: float, grade: Grade) -> str:
    return f"Grade {grade}: {_BOUNDS[grade]} with A = {fmt(total)} ({DOC} 四(二))."


_INSPECTION = {
    "优秀": "in principle at most 30% of the normal sampling ratio (原则上不高于原抽查比例的30%)",
    "良好": "in principle 50% of the normal sampling ratio (原则上为原抽查比例的50%)",
    "中等": "the normal sampling ratio, unchanged (抽查比例保持不变)",
    "较差": "120% of the normal sampling ratio (原抽查比例的120%)",
    "差": "full-coverage inspection (全覆盖检查)",
}


# 五(二), 五(三): the incentives of 优秀 and 良好; 五(四), 五(五): the sanctions of 较差 and 差
# (without the full stop). For institutions (True) and for individuals (False), as (clause, text).
_INCENTIVES: dict[bool, tuple[str, str]] = {
    True: (
        "五(二)",
        "Incentives available: publicity on the medical-security departments' official websites; "
        "fewer routine and random inspections; a higher advance allocation of medical-insurance "
        "funds (预拨付额度).",
    ),
    False: (
        "五(三)",
        "Incentives available: credit-based medical care (信用就医) and acceptance with "
        "non-essential materials pending (容缺受理).",
    ),
}
_SANCTIONS: dict[bool, tuple[str, str]] = {
    True: (
        "五(四)",
        "Sanctions available: warning interview with a deadline to rectify; key target of "
        "monitoring and inspection, checked more often; risk information shown to purchasers on "
        "the centralised procurement platform",
    ),
    False: ("五(五)", "Sanctions available: warning interview with a deadline to rectify"),
}
# 五(五)'s further sanctions for a doctor and for an insured person.
_FURTHER_SANCTIONS = {
    "insurance_doctor": "; as a practitioner, key supervision target, the medical services "
    "provided checked more often",
    "insured_person": "; no notification-and-commitment (告知承诺制) or 容缺受理 for medical-"
    "insurance matters; where the conduct caused improper fund payments, besides recovering the "
    "benefits, the employer is notified and the person becomes a key supervision target",
}


def _standing_consequences(subject_type: str, grade: Grade) -> tuple[Consequence, ...]:
    """五(一)–(五) and 四(四): what follows from the subject type and the grade alone."""
    institution = subject_type in INSTITUTION_SUBJECTS
    cited = [("五(一)", f"Random inspections (双随机、一公开): {_INSPECTION[grade]}.")]
    if grade in ("优秀", "良好"):
        cited.append(_INCENTIVES[institution])
    elif grade in ("较差", "差"):
        ref, text = _SANCTIONS[institution]
        cited.append((ref, text + _FURTHER_SANCTIONS.get(subject_type, "") + "."))
    if institution:
        cited.append(
            ("四(四)1", "The result is published by the city medical security department.")
        )
    if grade == "差":
        cited.append(("四(四)2", "Included in the published list of credit subjects graded 差."))
    return tuple(Consequence(text=text, clause=f"{DOC} {ref}") for ref, text in cited)


# Built once: the consequences are frozen models, shared by every report with the same grade.
_STANDING: dict[tuple[str, str], tuple[Consequence, ...]] = {
    (subject_type, grade): _standing_consequences(subject_type, grade)
    for subject_type in get_args(SubjectType)
    for grade in GRADE_ORDER
}


def red_list(grade: Grade, previous_grades: Sequence[Grade]) -> Consequence | str | None:
    """五(六): the red-list consequence, or a note on the years still missing, or None."""
    if grade != "优秀":
        return None
    run = 0
    for previous in previous_grades:
        if previous != "优秀":
            break
        run += 1
    return _red_list(run, RED_LIST_YEARS)


@lru_cache(maxsize=256)
def _red_list(run: int, years: int) -> Consequence | str:
    if run >= years - 1:
        return Consequence(
            text=(
                f"优秀 for {run + 1} consecutive years (this year and {run} before): entered on "
                "the 医疗保障守信(红)名单, pushed to the public credit platform for joint "
                "incentives."
            ),
            clause=f"{DOC} 五(六)",
        )
    return (
        f"Red list (五(六)) needs 优秀 for {years} consecutive years; this year and "
        f"{run} previous year(s) so far."
    )


@lru_cache(maxsize=CACHE_SIZE)
def _group_total(group: str, label: str, points: float, maximum: float | None) -> GroupTotal:
    return GroupTotal(group=group, label=label, points=points, max_points=maximum)


def build_report(
    facts: Any,
    subject_id: str,
    lines: list[ScoreLine],
    groups: Groups,
) -> ScoreReport:
    raw = math.fsum([line.points or 0.0 for line in lines])
    total = raw
    adjustments: list[Adjustment] = []
    if TOTAL_FLOOR is not None and raw < TOTAL_FLOOR:
        total = TOTAL_FLOOR
        adjustments.append(
            Adjustment(
                kind="floor",
                effect=f"total {fmt(raw)} → {fmt(TOTAL_FLOOR)}",
                reason="the invalid-report deductions took the sum below the 千分制 floor of 0",
                clause=f"{DOC} 四(二)",
                points=TOTAL_FLOOR - raw,
            )
        )
    grade = grade_of(total)
    found = list(_STANDING[facts.subject_type, grade])
    notes = [band_note(total, grade)]
    red = red_list(grade, facts.previous_grades)
    if isinstance(red, Consequence):
        found.append(red)
    elif red is not None:
        notes.append(red)
    sums: dict[str, list[float]] = {group: [] for group, _, _ in groups}
    for line in lines:
        sums[line.group].append(line.points or 0.0)
    return ScoreReport(
        kind=KIND,
        variant=facts.subject_type,
        subject_id=subject_id,
        total=total,
        max_total=MAX_TOTAL,
        grade=grade,
        groups=[
            _group_total(group, label, math.fsum(sums[group]), maximum)
            for group, label, maximum in groups
        ],
        lines=lines,
        adjustments=adjustments,
        consequences=found,
        notes=notes,
    )
