"""The rules of the evaluation (综合评估, 衢医保发〔2023〕8号 二(三)3): whether an evaluation's
facts can be taken, whether it passes, why it failed and what to rectify, and the days that
follow a failure (the re-evaluation 3 months on, the second failure's 1-year bar).

Pure functions (no Temporal import; `today` is an argument): the workflow calls them inside its
sandbox, and tests/test_designation_steps.py without a server.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from checks.plausible import order_problem
from checks.validation import describe
from contracts.designation_documents import ClauseItem
from periods.months import months_later
from procedures.designation.clauses import (
    EVALUATION_CLAUSE,
    PASS_MARK,
    REEVALUATION_AFTER_MONTHS,
    SECOND_FAILURE_BAR_MONTHS,
    cite,
)
from procedures.designation.institution import InstitutionKind
from procedures.designation.materials import MissingItem
from procedures.designation.models import DesignationCase, EvaluationRecord
from procedures.designation.submissions import Evaluation
from scoring import designation as designation_scoring
from scoring.report import Adjustment, ScoreLine, ScoreReport

# The scoring kind of the evaluation sheets (scoring/designation, 附件4).
EVALUATION_KIND = "designation-eval"
TABLES = {
    InstitutionKind.MEDICAL_INSTITUTION: "附件4 表1",
    InstitutionKind.PHARMACY: "附件4 表2",
}


def facts_problem(evaluation: Evaluation, case: DesignationCase, today: date) -> str | None:
    """Why the evaluation's facts cannot be scored for this applicant: not a designation-eval
    sheet, the other table (表1 医疗机构 / 表2 零售药店), another institution's code, an
    evaluation dated in the future or before the pre-registration. None when they can."""
    try:
        facts = designation_scoring.Facts.model_validate(evaluation.facts).root
    except ValidationError as err:
        return f"facts: {describe(err)}"
    kind = case.institution.kind
    if facts.variant != kind.value:
        return (
            f"facts.variant: '{facts.variant}' but the applicant is a {kind.value} ({TABLES[kind]})"
        )
    if facts.institution_id != case.institution.uscc:
        return (
            f"facts.institution_id: '{facts.institution_id}' is not the applicant's code "
            f"{case.institution.uscc}"
        )
    if facts.evaluation_date > today:
        return f"facts.evaluation_date: {facts.evaluation_date} is in the future"
    # The evaluation follows the application, itself after the pre-registration.
    return order_problem(
        "facts.evaluation_date",
        facts.evaluation_date,
        "pre_registered_on",
        case.pre_registered_on,
    )


def for_round(evaluation: Evaluation, failures: int) -> Evaluation:
    """The evaluation as it is scored: the round is the case's, not the sheet's (a
    re-evaluation is scored as one)."""
    facts = dict(evaluation.facts)
    facts["previous_failures"] = failures
    return evaluation.model_copy(update={"facts": facts})


def single_sheets(facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each member's sheet alone with the shared facts: the notice prints each member's total
    beside the average."""
    return [
        (str(sheet["evaluator_id"]), {**facts, "evaluators": [sheet]})
        for sheet in facts.get("evaluators", [])
    ]


def vetoes(report: ScoreReport) -> list[Adjustment]:
    """The basic indicators failed (基础指标): each one makes the evaluation not qualified."""
    return [a for a in report.adjustments if a.kind == "veto"]


def passes(report: ScoreReport) -> bool:
    """85分(含)以上的为合格, and a failed basic indicator is not qualified whatever the score."""
    assert report.total is not None
    return bool(report.passed) and report.total >= PASS_MARK and not vetoes(report)


def veto_items(report: ScoreReport) -> list[ClauseItem]:
    return [ClauseItem(text=a.reason, clause=a.clause) for a in vetoes(report)]


def lost_lines(report: ScoreReport) -> list[ScoreLine]:
    """The indicators that lost points: the reasons of a failure and what to rectify."""
    return [
        line
        for line in report.lines
        if line.points is not None and line.max_points is not None and line.points < line.max_points
    ]


def failure_reasons(record: EvaluationRecord) -> list[ClauseItem]:
    """85分以下的为不合格 … 告知原因: the vetoes, the average below 85, each lost indicator."""
    if record.passed:
        return []
    reasons = veto_items(record.report)
    if record.average < PASS_MARK:
        reasons.append(
            ClauseItem(
                text=f"评估平均分 {record.average:g} 分, 低于85分",
                clause=cite(EVALUATION_CLAUSE),
            )
        )
    return reasons + [
        ClauseItem(
            text=f"{line.label}: {line.points:g}/{line.max_points:g} — {line.reason}",
            clause=line.clause,
        )
        for line in lost_lines(record.report)
    ]


def rectification_advice(record: EvaluationRecord) -> list[str]:
    """整改建议: each lost indicator, then each failed basic indicator (none after a pass)."""
    if record.passed:
        return []
    return [f"整改{line.label}: {line.reason}" for line in lost_lines(record.report)] + [
        f"整改基础指标: {v.text}" for v in veto_items(record.report)
    ]


def reevaluation_possible_from(delivered_on: date) -> date:
    """自结果告知送达之日起, 整改3个月后可再次组织评估: delivered on `delivered_on`, the 3 months
    are full at the end of the corresponding day; a re-evaluation from the next day."""
    return months_later(delivered_on, REEVALUATION_AFTER_MONTHS) + timedelta(days=1)


def second_failure_bar_until(failed_on: date) -> date:
    """评估仍不合格的, 1年内不得再次申请: the bar's last day."""
    return months_later(failed_on, SECOND_FAILURE_BAR_MONTHS)


RESULT_NOT_SERVED = (
    f"request: the evaluation result has not been served yet; the 3 months before a "
    f"re-evaluation run from its service ({cite(EVALUATION_CLAUSE)} 自结果告知送达之日起): "
    "record it with `served` first"
)


def result_notice_step(round_: int) -> str:
    """The output step (and the notice's name for `served`) of a round's result notice."""
    return f"evaluation-result-{round_}"


def reevaluation_problem(today: date, possible_from: date) -> str | None:
    if today >= possible_from:
        return None
    return (
        f"request: a re-evaluation is possible 3 months after the result was delivered, "
        f"from {possible_from.isoformat()} ({cite(EVALUATION_CLAUSE)} "
        "整改3个月后可再次组织评估)"
    )


def requested_items(items: list[str]) -> list[MissingItem]:
    """Materials the evaluators ask for (机构补充材料时间不计入评估期限): numbered extra-N."""
    return [
        MissingItem(key=f"extra-{n}", text=item, clause=cite(EVALUATION_CLAUSE))
        for n, item in enumerate(items, start=1)
    ]
