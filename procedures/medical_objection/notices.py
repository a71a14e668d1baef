"""What a medical-insurance credit objection writes and sends (衢医保发〔2021〕36号 四(三)): the
result recorded in the credit file, the feedback form (附件2), the SMS of a changed grade, the
re-check's reminders and overdue notice, and what the case waits for.

Pure functions of the case and its facts (no Temporal import): the workflow hands what they
return to its outputs (kernel/outputs.py), and tests/test_medical_objection_steps.py reads them
without a server. The wording is the agencies' own: it is printed and sent as it stands here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from contracts.case_records import CaseDeadline, Reminder
from contracts.documents import MedicalObjectionFeedback
from contracts.subject_records import CreditResult, MarkResultFormal, RecordResult
from procedures.medical_objection.filing import shanghai_day, window_end
from procedures.medical_objection.models import (
    FEEDBACK_CITATION,
    SCORING_KIND,
    CaseRecord,
    DecisionRecord,
    FiledObjection,
    Stage,
)
from scoring.report import ScoreReport

# recipient, subject, body: what the case's outputs send (kernel.deadlines.Message).
Message = tuple[str, str, str]


def published_result(case: CaseRecord, source_case: str, actor: str) -> RecordResult:
    """The initial result, into the credit file (信用档案) at once, marked not yet formal."""
    result = case.result
    return RecordResult(
        result=CreditResult(
            result_id=result.result_id,
            kind=SCORING_KIND,
            published_on=result.published_on,
            score=result.score,
            grade=result.grade,
            facts=result.facts,
            formal=False,
            source_case=source_case,
        ),
        actor=actor,
        source_case=source_case,
        # The record tells the subject of this new result and of any correction (四(三)).
        mobile=case.mobile,
    )


def formal_result(
    case: CaseRecord,
    source_case: str,
    actor: str,
    *,
    formal_on: date,
    score: float | None = None,
    grade: str | None = None,
    facts: dict[str, Any] | None = None,
) -> MarkResultFormal:
    """形成正式的医疗保障信用评价结果, 并记入信用主体的信用档案: with the corrected score, grade
    and facts when the re-check corrected them (None keeps the published ones)."""
    return MarkResultFormal(
        result_id=case.result.result_id,
        formal_on=formal_on,
        score=score,
        grade=grade,
        facts=facts,
        actor=actor,
        source_case=source_case,
        mobile=case.mobile,
    )


def feedback(
    case: CaseRecord,
    objection: FiledObjection,
    decision: DecisionRecord,
    rescored: ScoreReport | None,
    *,
    key: str,
    decided_at: datetime,
    late: bool,
) -> MedicalObjectionFeedback:
    """附件2 异议信息处理结果反馈单: issued on the day decided, with the published and (when
    corrected) the re-scored result, the reviewer's reason and whether the re-check was late."""
    result = case.result
    return MedicalObjectionFeedback(
        key=key,
        case_id=case.case_id,
        agency_name=case.agency.name,
        agency_code=case.agency.code,
        issued_at=decided_at,
        subject_name=case.subject.name,
        subject_code=case.subject.code,
        citation=FEEDBACK_CITATION,
        objection_received_on=shanghai_day(objection.filed_at),
        result_id=result.result_id,
        objection_summary=objection.form.content,
        outcome=decision.outcome.value,
        original_score=result.score,
        original_grade=result.grade,
        corrected_score=rescored.total if rescored else None,
        corrected_grade=rescored.grade if rescored else None,
        reasons=[decision.reason],
        reviewer=decision.reviewer,
        decided_at=decided_at,
        late=late,
    )


def grade_change_sms(case: CaseRecord, score: float, grade: str) -> Message:
    """实时信用评价有结果变动时, 短信提醒该信用主体: to the subject's mobile, in Chinese. Sent by
    the case only in runs before the `result-change-sms` patch; since then the subject record
    sends the SMS of every change (procedures/subject_record/result_change.py)."""
    result = case.result
    return (
        f"subject-sms:{case.mobile or 'unknown'}",
        "医保信用评价结果变动提醒",
        f"{case.subject.name}: 您的医疗保障信用评价结果(编号{result.result_id})经异议"
        f"复查更正为{score:g}分, 信用等级{grade} (原{result.score:g}分, {result.grade})。"
        f"—— {case.agency.name}",
    )


def review_reminder(case: CaseRecord, deadline: CaseDeadline, reminder: Reminder) -> Message:
    return (
        "reviewer",
        f"异议复查期限提醒: {reminder.working_days_before} working day(s) left",
        f"Case {case.case_id}: the re-check of the objection to credit result "
        f"{case.result.result_id} ({case.subject.name}) is due by "
        f"{window_end(deadline.deadline)} ({deadline.citation}).",
    )


def review_overdue(case: CaseRecord, deadline: CaseDeadline) -> Message:
    """An agency duty missed: the supervisor is told, and the case keeps waiting (四(三))."""
    return (
        "supervisor",
        "异议复查逾期: re-check deadline missed",
        f"Case {case.case_id} ({case.agency.code}): the 10-working-day re-check "
        f"of the objection to credit result {case.result.result_id} was due by "
        f"{window_end(deadline.deadline)} and has no decision ({deadline.citation}). "
        "The case keeps waiting for the decision.",
    )


def waiting_for(stage: str, filing: CaseDeadline | None, review: CaseDeadline | None) -> str | None:
    """What the case waits for, in a sentence, for the status (`stage`: a Stage's value)."""
    if stage == Stage.OBJECTION_WINDOW and filing is not None:
        return (
            "the subject's objection (form 附件1), until "
            f"{window_end(filing.deadline)}; with none the result becomes formal"
        )
    if stage == Stage.AWAITING_MATERIALS:
        return (
            "the objection's supporting materials (证明材料): the 10-working-day re-check "
            "starts only when they are in (no deadline runs meanwhile)"
        )
    if stage == Stage.UNDER_REVIEW and review is not None:
        return f"the department's re-check decision, due by {window_end(review.deadline)}"
    return None
