"""实时信用评价有结果变动时, 短信提醒该信用主体 (衢医保发〔2021〕36号 四(三), seed 000 l.1109):
which write of the record changes a subject's medical-credit result, and the SMS that tells it.

Why here: every cause of a change (a new evaluation published by the objection case, the
objection's re-check correcting it, a repair's re-score) writes to this record, and only the
record sees the result as it was before. Deciding here makes "once per change" hold by
construction: a write is applied once (the record's Update ids), each result id is recorded once
and made formal once (writes.refusal), so a change is found once, and its SMS is keyed by the
result id and the write (a retried delivery is a no-op in the outbox).

Pure (no Temporal import): the workflow asks `change_of` before applying a write and sends what
`sms` gives; tests/test_subject_record.py reads them through the record.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from contracts.subject_records import (
    MEDICAL,
    CreditResult,
    MarkResultFormal,
    RecordResult,
    SubjectFacts,
    SubjectRef,
    SubjectWrite,
)

SMS_CITATION = f"{MEDICAL} 四(三)"  # 实时信用评价有结果变动时, 短信提醒该信用主体
# 可在评价结果发布之日起, 10个工作日内 ... 提出异议申诉
# (衢医保发〔2021〕36号 四(三), seed 000 lines 1109–1111).
OBJECTION_WORKING_DAYS = 10
NO_MOBILE = "SMS not sent: no mobile on record"
MEDICAL_CREDIT: Literal["medical-credit"] = "medical-credit"
# The recipient as the SMS gateway takes it; the audit trail shows only the channel.
SMS_CHANNEL = "subject-sms"

Cause = Literal["evaluation", "repair", "objection"]
_CAUSES: dict[Cause, str] = {
    "evaluation": "实时信用评价",
    "repair": f"信用修复后重新评分({MEDICAL} 六)",
    "objection": "异议申诉复查更正",
}


class ResultChange(NamedTuple):
    """One change of a subject's medical-credit result, with the values before and after."""

    step: str  # the outputs' step key: unique per result and write, so sent once
    result_id: str
    cause: Cause
    published_on: date
    old_score: float | None  # None: the subject had no result before
    old_grade: str | None
    new_score: float
    new_grade: str
    # 可在评价结果发布之日起, 10个工作日内提出异议申诉: a result not yet formal can be objected to.
    objectable: bool


def points(score: float) -> float:
    """Scores compared and printed as they come, to 2 decimals (千分制)."""
    return round(float(score), 2)


def change_of(facts: SubjectFacts, write: SubjectWrite) -> ResultChange | None:
    """The change `write` makes to the medical-credit result, `facts` being the record before
    it; None when it changes neither the score nor the grade (or is no medical-credit result)."""
    if isinstance(write, RecordResult):
        return _new_result(facts, write)
    if isinstance(write, MarkResultFormal):
        return _corrected(facts, write)
    return None


def _new_result(facts: SubjectFacts, write: RecordResult) -> ResultChange | None:
    new = write.result
    if new.kind != MEDICAL_CREDIT:
        return None  # market credit: its regulations send no SMS
    before = facts.latest_result(MEDICAL_CREDIT)
    if before is not None and new.published_on < before.published_on:
        return None  # a past result recorded late: the real-time result stays the latest
    if before is not None and _same_values(before, new.score, new.grade):
        return None
    was = (before.score, before.grade) if before else None
    return _change(new, "recorded", write.cause, was, (new.score, new.grade), not new.formal)


def _corrected(facts: SubjectFacts, write: MarkResultFormal) -> ResultChange | None:
    held = facts.result(write.result_id)
    if held is None or held.kind != MEDICAL_CREDIT:
        return None
    score = held.score if write.score is None else write.score
    grade = held.grade if write.grade is None else write.grade
    if _same_values(held, score, grade):
        return None  # made formal as published: nothing changed
    # 完成异议申诉处理的 ... 形成正式的评价结果: the re-check's correction closes the objection.
    return _change(held, "formal", "objection", (held.score, held.grade), (score, grade), False)


def _change(
    result: CreditResult,
    write: str,
    cause: Cause,
    was: tuple[float, str] | None,
    now: tuple[float, str],
    objectable: bool,
) -> ResultChange:
    # The step key: one per result and write (recorded once, made formal once), so one SMS.
    old_score, old_grade = was or (None, None)
    step = f"result-change-{result.result_id}-{write}"
    return ResultChange(
        step, result.result_id, cause, result.published_on, old_score, old_grade, *now, objectable
    )


def _same_values(held: CreditResult, score: float, grade: str) -> bool:
    return points(held.score) == points(score) and held.grade == grade


def sms(ref: SubjectRef, change: ResultChange, objection_until: date | None) -> tuple[str, str]:
    """The SMS's subject and body, in Chinese: the old and new score and grade, the cause, the
    clause and, for a result open to objection, the window's last day."""
    was = (
        f"原{points(change.old_score):g}分、{change.old_grade}"
        if change.old_score is not None
        else "此前无评价结果"
    )
    body = (
        f"{ref.name}: 您的医疗保障信用评价结果(编号{change.result_id}, "
        f"{_day(change.published_on)}发布)因{_CAUSES[change.cause]}发生变动, "
        f"现为{points(change.new_score):g}分、信用等级{change.new_grade}({was})。"
    )
    if objection_until is not None:
        body += (
            f"如有异议, 可在评价结果发布之日起10个工作日内, 即{_day(objection_until)}前(含当日), "
            "通过线上或线下途径向医疗保障部门提出异议申诉(附件1)。"
        )
    return "医保信用评价结果变动提醒", f"{body}依据: {SMS_CITATION}。"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
