"""The department's re-check (复查) of 衢医保发〔2021〕36号 四(三) and the result it makes formal.

医疗保障部门自收到异议申诉及证明材料之日起, 在10个工作日内 ... 完成复查: an agency duty counted
from when the objection AND its materials are in. The decision upholds the published result or
corrects its facts, which are re-scored (四(二)); 无异议或完成异议申诉处理的, 评价机构应形成正式的
医疗保障信用评价结果. Pure functions of the published result, the decision and the report of the
corrected facts (no Temporal import); tests/test_medical_objection_steps.py reads them without a
server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.case_records import CaseDeadline
from procedures.medical_objection.models import (
    DecisionRecord,
    ResultRecord,
    ReviewOutcome,
)
from procedures.medical_objection.scores import normalized_facts, same_score, score_facts
from scoring.report import ScoreReport


def correction_problem(result: ResultRecord, corrected_facts: dict[str, Any]) -> str | None:
    """Why corrected facts cannot correct `result` (naming the field), or None."""
    for field in ("subject_type", "subject_id"):
        if corrected_facts.get(field) != result.facts.get(field):
            return (
                f"corrected_facts.{field}: {corrected_facts.get(field)} is not the published "
                f"result's {result.facts.get(field)}"
            )
    report = score_facts(corrected_facts)
    total = report.total if report.total is not None else 0.0
    if same_score(total, result.score) and report.grade == result.grade:
        return (
            f"corrected_facts: they score {total:.2f} ({report.grade}), the published result "
            "itself; use outcome 'upheld' to keep it"
        )
    return None


def decision_refusal(result: ResultRecord, decision: DecisionRecord) -> str | None:
    """Why the decide validator refuses the decision's corrected facts, or None: validators do
    not run on replay, so the scoring module's rules checked here never change an old case."""
    if decision.corrected_facts is None:
        return None
    try:
        facts = normalized_facts(decision.corrected_facts)
    except ValueError as err:
        return f"corrected_facts: {err}"
    return correction_problem(result, facts)


def decision_complete(decision: DecisionRecord | None, rescored: ScoreReport | None) -> bool:
    """Decided, and for a correction re-scored: what the feedback (附件2) needs to be issued."""
    if decision is None:
        return False
    return decision.outcome is ReviewOutcome.UPHELD or rescored is not None


def final_values(result: ResultRecord, rescored: ScoreReport | None) -> tuple[float, str]:
    """The score and grade that stand: the corrected facts' when re-scored, else the published."""
    if rescored is not None and rescored.total is not None:
        return rescored.total, rescored.grade or result.grade
    return result.score, result.grade


def grade_changed(result: ResultRecord, rescored: ScoreReport | None) -> bool:
    """实时信用评价有结果变动时, 短信提醒该信用主体: a changed grade is what the SMS is for."""
    return final_values(result, rescored)[1] != result.grade


def decided_late(review: CaseDeadline | None, decided_at: datetime) -> bool:
    """After the 10-working-day re-check: its deadline passed (or was marked overdue) before the
    decision. A decision made before the deadline was computed is on time."""
    return review is not None and review.missed_by(decided_at)
