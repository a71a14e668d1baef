"""What the agreement takes from the performance assessment (绩效考核): 衢医保发〔2023〕8号 附件1
二(四) (seed 001 lines 1972–1994). Pure functions, no Temporal import; the workflow's step is
`assess` (assessing.py), its request contracts/performance_results.PerformanceResult.

What the text says, where it differs from the summary or leaves a choice:

- The assessment is 附件1 (衢州市定点医药机构动态管理及绩效考核准则) part 二, not 附件2 (附件2 is
  the 行为规范): the clauses are cited as 附件1 二(四).
- 衢医保发〔2023〕8号 附件1 二(四) (seed 001 lines 1972–1974): 对于当年新增的定点医药机构,不予
  考核 — no result is taken for the year an agreement a designation signed (designation_case)
  began in; an agreement entered from a file may be a renewal, so its signing year is not taken
  as the institution's first. A result is taken for a year the agreement's terms cover; the
  text has the 年度总评 completed in the next year's first quarter (附件1 二(三)), but a result
  published earlier is not refused (the round decides when it publishes).
- 衢医保发〔2023〕8号 附件1 二(四)2(2) (seed 001 l.1990): suspension of settlement
  (排名末两位的或考核得分低于60分的予以暂停联网结算) is written for 门诊类定点医药机构 and 定点零售
  药店 only, not for 综合类 (附件1 二(四)1). The agreement's case file tells a pharmacy from a
  medical institution but not a 综合类 from a 门诊类 medical institution: a suspension is
  accepted for any medical institution (and then cited under 附件1 二(四)2), and a grade without
  one is cited under both.
- 整改3个月后再进行考核: the 3 months count from the day the result was published (assessed_on),
  to the corresponding day (民法典 第二百零二条); a time to rectify, not a period to act in, so
  not moved off a rest day. The re-assessment comes after it: from the next day.
- 考核仍不合格的,予以解除医保协议: 合格 is the contract's passed (final score ≥ 60, the line under
  which the text suspends).
"""

from __future__ import annotations

from datetime import date, timedelta

from contracts.performance_results import RECTIFICATION_MONTHS, PerformanceResult
from periods.months import months_later
from procedures.agreement.case import (
    RUNNING,
    AgreementCase,
    AgreementState,
    InstitutionKind,
    Performance,
    Stage,
)
from procedures.agreement.ladder import cite

RESULTS_CLAUSE = "附件1 二(四)"  # 四个等级; 当年新增的不予考核; 年度考核被解除 … 一年内不得再次申请
COMPREHENSIVE_CLAUSE = "附件1 二(四)1"  # 综合类定点医疗机构
OUTPATIENT_CLAUSE = "附件1 二(四)2"  # 门诊类定点医药机构和定点零售药店
SUSPENSION_CLAUSE = "附件1 二(四)2(2)"  # 暂停联网结算, 整改3个月后再进行考核, 仍不合格的解除
PASS_SCORE = 60.0  # 考核得分低于60分的予以暂停联网结算

# The item of 二(四)1 and 2 each grade is: A (1), D (2), B (3), C (4).
ITEM = {"A": 1, "D": 2, "B": 3, "C": 4}
# Their measures (措施), as the text lists them.
MEASURES = {
    (1, "A"): "减少日常监督检查频次、增加基金预拨、张榜公布树立正面典型",
    (1, "D"): "加大日常监督检查频次,至少每年检查三次及以上,减少基金预拨、同时予以通报公布",
    (1, "B"): "加大日常监督检查频次、减少基金预拨、同时予以通报公布",
    (1, "C"): "加大日常监督检查频次,至少每年检查2次及以上,减少基金预拨、同时予以通报公布",
    (2, "A"): "减少日常监督检查频次、增加基金预拨、张榜公布树立正面典型",
    (2, "D"): "排名末两位的或考核得分低于60分的予以暂停联网结算,整改3个月后再进行考核,"
    "考核仍不合格的,予以解除医保协议,退出医保定点管理",
    (2, "B"): "加大日常监督检查频次,至少每年检查2次及以上,减少基金预拨,同时予以通报公布",
    (2, "C"): "加大日常监督检查频次,至少每年检查3次及以上,减少基金预拨,同时予以通报公布",
}


def lists_for(kind: InstitutionKind, suspended: bool) -> tuple[int, ...]:
    """Which of 二(四)1 (综合类) and 2 (门诊类, 药店) the institution's result falls under: a
    pharmacy's is 2; a medical institution's 2 when its settlement is suspended (only 2 allows
    it), else 1 or 2 (the case file does not say which class it is)."""
    if kind is InstitutionKind.PHARMACY or suspended:
        return (2,)
    return (1, 2)


def grade_clause(kind: InstitutionKind, grade: str, suspended: bool) -> str:
    """The clause the grade is cited under: 附件1 二(四)2(2) for a D suspended; for a medical
    institution's B, "附件1 二(四)1(3) 或 2(3)"."""
    items = [f"{n}({ITEM[grade]})" for n in lists_for(kind, suspended)]
    return f"{RESULTS_CLAUSE}{' 或 '.join(items)}"


def measures(kind: InstitutionKind, grade: str, suspended: bool) -> list[str]:
    return [MEASURES[(n, grade)] for n in lists_for(kind, suspended)]


def rectification_ends(assessed_on: date) -> date:
    """整改3个月 (附件1 二(四)2(2)): the last day of the rectification, 3 months from the day
    the result was published, to the corresponding day (the month's last day where it has
    none)."""
    return months_later(assessed_on, RECTIFICATION_MONTHS)


def reassessment_from(assessed_on: date) -> date:
    """整改3个月后再进行考核: the first day of the re-assessment."""
    return rectification_ends(assessed_on) + timedelta(days=1)


def rectifying(state: AgreementState) -> Performance | None:
    """The result whose suspension of settlement awaits its re-assessment, if any."""
    return next((p for p in state.performance if p.settlement_suspended and p.passed is None), None)


def latest_grade(state: AgreementState) -> str | None:
    """The grade of the latest year assessed (what a renewal relies on when it names none)."""
    latest = max(state.performance, key=lambda p: p.year, default=None)
    return latest.grade if latest is not None else None


def problem(
    result: PerformanceResult, case: AgreementCase, state: AgreementState, stage: Stage
) -> str | None:
    """What is wrong with taking the result now, naming the field and the clause; None if
    nothing."""
    if result.assessment == "reassessment":
        return _reassessment_problem(result, state, stage)
    return _annual_problem(result, case, state, stage)


def _annual_problem(
    result: PerformanceResult, case: AgreementCase, state: AgreementState, stage: Stage
) -> str | None:
    where = cite(RESULTS_CLAUSE)
    if stage not in RUNNING:
        return f"an annual assessment is accepted only while the agreement runs (now {stage})"
    first, last = state.terms[0].start.year, state.terms[-1].end.year
    if not first <= result.year <= last:
        return (
            f"year: the agreement covers {first}–{last}; no result for {result.year} is its "
            f"to take ({where})"
        )
    if case.designation_case is not None and result.year == case.signed_on.year:
        return (
            f"year: the institution was designated in {result.year}; 当年新增的定点医药机构,"
            f"不予考核 ({where})"
        )
    taken = next((p for p in state.performance if p.year == result.year), None)
    if taken is not None:
        return (
            f"year: the annual result for {result.year} was taken already from round "
            f"{taken.round_id} (grade {taken.grade}, {taken.assessed_on.isoformat()})"
        )
    if result.settlement_suspended:
        return _suspension_problem(result, state, stage)
    return None


def _suspension_problem(
    result: PerformanceResult, state: AgreementState, stage: Stage
) -> str | None:
    where = cite(SUSPENSION_CLAUSE)
    last_two = (
        result.rank is not None and result.ranked is not None and result.rank >= result.ranked - 1
    )
    if not last_two and result.final_score >= PASS_SCORE:
        ranked = f"rank {result.rank} of {result.ranked}" if result.rank else "no rank"
        return (
            f"settlement_suspended: the text suspends the last two ranked or a score under "
            f"{PASS_SCORE:g}; this result has {ranked} and {result.final_score:g} ({where})"
        )
    if stage not in (Stage.IN_FORCE, Stage.SETTLEMENT_SUSPENDED):
        return f"settlement_suspended: the agreement is {stage}; its settlement runs no more"
    running = rectifying(state)
    if running is not None:
        return (
            f"settlement_suspended: the suspension by the assessment of {running.year} awaits "
            f"its re-assessment ({where})"
        )
    return None


def _reassessment_problem(
    result: PerformanceResult, state: AgreementState, stage: Stage
) -> str | None:
    where = cite(SUSPENSION_CLAUSE)
    running = rectifying(state)
    if running is None or stage not in (Stage.SETTLEMENT_SUSPENDED, Stage.AWAITING_REASSESSMENT):
        return (
            "assessment: no suspension of settlement by the performance assessment awaits a "
            f"re-assessment ({where})"
        )
    if result.year != running.year:
        return f"year: the re-assessment awaited is of {running.year}'s result ({where})"
    ends = running.rectification_ends_on
    assert ends is not None
    if result.assessed_on <= ends:
        return (
            f"assessed_on: the rectification (整改3个月) runs to {ends.isoformat()}; the "
            f"re-assessment comes after it, from {(ends + timedelta(days=1)).isoformat()} "
            f"({where})"
        )
    if result.passed != (result.final_score >= PASS_SCORE):
        return (
            f"passed: a re-assessment of {result.final_score:g} is "
            f"{'合格' if result.final_score >= PASS_SCORE else '不合格'} (≥ {PASS_SCORE:g})"
        )
    return None
