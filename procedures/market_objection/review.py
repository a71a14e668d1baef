"""The review of a market-regulation credit objection (衢市监规〔2021〕3号 / 2号 四(三)1): the
department completes it within 15 working days of receiving the application, tells the enterprise
the result in writing, and sends a corrected grade on to the supervision platform and 市信用办.

Pure functions of the case, the decision and the review deadline (no Temporal import): the
workflow keeps the state and the awaits, these say what the decision means and what the written
result and the grade correction hold; tests/test_market_objection_steps.py reads them without a
server.
"""

from __future__ import annotations

from datetime import datetime

from contracts import activities as act
from contracts.case_records import CaseDeadline, Reminder
from procedures.market_objection.models import (
    REVIEW_CLAUSE,
    Grade,
    MarketObjectionCase,
    ReviewDecision,
    ReviewOutcome,
    citation,
)
from scoring.report import ScoreReport


def cite_review(case: MarketObjectionCase) -> str:
    """四(三)1 of the regulation the evaluation was made under (检验检测机构 or 知识产权
    代理机构)."""
    return citation(case.subject, REVIEW_CLAUSE)


def decided_late(review: CaseDeadline, decided_at: datetime) -> bool:
    """15个工作日内完成复核: the review is late when its deadline was already escalated or the
    decision comes at or after the instant the 15th working day ends."""
    return review.missed_by(decided_at)


def final_grade(case: MarketObjectionCase, decision: ReviewDecision) -> Grade:
    """The grade the enterprise keeps: the corrected one, or the disputed one upheld."""
    return decision.corrected_grade or case.evaluation.grade


def corrected_grade_problem(case: MarketObjectionCase, decision: ReviewDecision) -> str | None:
    """A correction to the very grade in dispute is no correction: the reviewer upholds it."""
    if (
        decision.outcome is ReviewOutcome.CORRECTED
        and decision.corrected_grade == case.evaluation.grade
    ):
        return (
            f"corrected_grade: {decision.corrected_grade} is the disputed grade itself; "
            "use outcome 'upheld' to keep it"
        )
    return None


def rescore_problem(
    case: MarketObjectionCase, decision: ReviewDecision, report: ScoreReport
) -> str | None:
    """Why the re-scored corrected facts do not carry the decision, or None: they must grade,
    agree with a grade the reviewer named, and differ from the disputed grade."""
    if report.grade is None:
        return (
            "corrected_facts: the re-scored evaluation has no grade "
            f"({'; '.join(a.reason for a in report.adjustments) or 'not graded'})"
        )
    if decision.corrected_grade is not None and decision.corrected_grade != report.grade:
        return (
            f"corrected_grade: {decision.corrected_grade} differs from the grade of the "
            f"re-scored facts ({report.grade}, total {report.total:g})"
        )
    if report.grade == case.evaluation.grade:
        return (
            f"corrected_facts: they re-score to {report.total:g}, grade {report.grade}, the "
            "disputed grade itself; use outcome 'upheld' to keep it"
        )
    return None


def rescored(decision: ReviewDecision, report: ScoreReport) -> ReviewDecision:
    """The decision with the grade and total of the re-scored facts (the report decides)."""
    return decision.model_copy(
        update={"corrected_grade": report.grade, "corrected_score": report.total}
    )


def about_evaluation(
    case: MarketObjectionCase, *, key: str, workflow_id: str
) -> act.EvaluationMessage:
    """What both messages about the evaluation carry: the enterprise and the evaluation disputed,
    keyed by the case's workflow id and step (a retried delivery is the same message)."""
    return act.EvaluationMessage(
        key=key,
        workflow_id=workflow_id,
        case_id=case.case_id,
        enterprise_name=case.enterprise.name,
        enterprise_uscc=case.enterprise.uscc,
        evaluation_id=case.evaluation.evaluation_id,
    )


def result_notice(
    case: MarketObjectionCase,
    decision: ReviewDecision,
    *,
    key: str,
    workflow_id: str,
    decided_at: datetime,
    late: bool,
) -> act.ResultNotice:
    """并将复核结果书面告知企业: the written result, signed by the deciding department."""
    return act.ResultNotice(
        **dict(about_evaluation(case, key=key, workflow_id=workflow_id)),
        regulation_citation=cite_review(case),
        outcome=decision.outcome.value,
        original_grade=case.evaluation.grade,
        final_grade=final_grade(case, decision),
        corrected_score=decision.corrected_score,
        reason=decision.reason,
        reviewer=decision.reviewer,
        received_at=case.received_at,
        decided_at=decided_at,
        late=late,
        agency_code=case.agency_code,
        agency_name=case.agency_name,
    )


def grade_correction(
    case: MarketObjectionCase,
    decision: ReviewDecision,
    *,
    key: str,
    workflow_id: str,
    decided_at: datetime,
) -> act.GradeCorrection | None:
    """经复核需修正评价等级的, 应同步更新相关监管平台数据, 并抄送市信用办: the corrected grade
    sent on; None when the grade was upheld (nothing to correct)."""
    if decision.outcome is not ReviewOutcome.CORRECTED:
        return None
    return act.GradeCorrection(
        **dict(about_evaluation(case, key=key, workflow_id=workflow_id)),
        original_grade=case.evaluation.grade,
        corrected_grade=final_grade(case, decision),
        corrected_score=decision.corrected_score,
        decided_at=decided_at,
        citation=cite_review(case),
    )


# The deadline mechanism's messages (kernel/deadlines.py): recipient, subject, body.
DeadlineMessage = tuple[str, str, str]


def review_reminder(
    case: MarketObjectionCase, deadline: CaseDeadline, reminder: Reminder
) -> DeadlineMessage:
    """To the reviewer, before the 15 working days end."""
    return (
        "reviewer",
        f"复核期限提醒: {reminder.working_days_before} working day(s) left",
        f"Case {case.case_id}: the review of evaluation "
        f"{case.evaluation.evaluation_id} is due by "
        f"{deadline.deadline.due_at.isoformat()} ({deadline.citation}).",
    )


def review_overdue(case: MarketObjectionCase, deadline: CaseDeadline) -> DeadlineMessage:
    """To the supervisor, when the review is overdue (an agency duty: the case keeps waiting)."""
    return (
        "supervisor",
        "复核逾期: review deadline missed",
        f"Case {case.case_id} ({case.agency_code}): the 15-working-day review "
        f"was due by {deadline.deadline.due_at.isoformat()} and has no decision "
        f"({deadline.citation}). The case keeps waiting for the decision.",
    )
