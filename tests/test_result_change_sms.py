"""实时信用评价有结果变动时, 短信提醒该信用主体 (衢医保发〔2021〕36号 四(三), seed 000 l.1109):
the subject record tells the subject of every change of its medical-credit result, whatever
the cause, once, with the old and new score and grade, the cause, the clause and, for a result
open to objection, the last day of the 10-working-day window (national holiday calendar).

Written the way procedures write (the WRITE_SUBJECT_RECORD activity, by name), read back from
the SMS gateway's local outbox and the record's audit trail.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts.subject_records import MarkResultFormal, RecordResult, SubjectRecordStatus
from periods import add_working_days, default_calendar
from procedures.subject_record.workflow import SubjectRecordWorkflow
from settings import Settings
from tests.record_entries import make_result
from tests.test_subject_record import ACTOR, EXAMPLE, engine, fresh, record_handle, write

MOBILE = "13857012345"
SENT = "result_change_sms_sent"


async def told(handle: WorkflowHandle[Any, Any], count: int) -> SubjectRecordStatus:
    """The record's status once it has recorded `count` SMS events (sent or not)."""
    for _ in range(200):
        status: SubjectRecordStatus = await handle.query(SubjectRecordWorkflow.status)
        if sum(e.action.startswith("result_change_sms") for e in status.events) >= count:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError("the record recorded no SMS")


def sms_events(status: SubjectRecordStatus) -> list[Any]:
    return [e for e in status.events if e.action.startswith("result_change_sms")]


async def test_each_change_of_score_or_grade_is_told_once_with_old_and_new_values(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(EXAMPLE.ref)
    # Published the last working day before the 2026 National Day holiday (10月1日–7日).
    published = date(2026, 9, 30)
    first = make_result("YBXY-2026-H2", 792.5, "中等", published_on=published)
    # The same score and grade again: no change, no SMS.
    same = make_result("YBXY-2026-H2b", 792.5, "中等", published_on=date(2026, 10, 9))
    async with engine(time_env, settings) as call:
        handle = record_handle(time_env.client, settings, ref)
        publish = write(ref, RecordResult(result=first, actor=ACTOR, mobile=MOBILE))
        # The same result written again by another call: refused, nothing changed, not told.
        outcomes = await call(publish, publish)
        assert outcomes[0].error is None
        assert (outcomes[1].error or "").startswith("result.result_id: result YBXY-2026-H2 is")
        await told(handle, 1)
        [unchanged] = await call(write(ref, RecordResult(result=same, actor=ACTOR)))
        assert unchanged.error is None
        # The re-check corrects the score only (the grade stays 中等): still a change.
        correction = MarkResultFormal(
            actor=ACTOR, result_id="YBXY-2026-H2b", formal_on=date(2026, 10, 20), score=798.25
        )
        [corrected] = await call(write(ref, correction))
        assert corrected.error is None
        status = await told(handle, 2)

    outbox = settings.outbox / ref.workflow_id(settings.subject_id_secret)
    assert sorted(p.name for p in outbox.glob("*.json")) == [
        "result-change-YBXY-2026-H2-recorded.json",
        "result-change-YBXY-2026-H2b-formal.json",
    ]
    published_sms = json.loads(
        (outbox / "result-change-YBXY-2026-H2-recorded.json").read_text(encoding="utf-8")
    )
    # 自评价结果发布之日起10个工作日, the holiday and its make-up working days as published.
    last_day = add_working_days(published, 10, calendar=default_calendar()).last_day
    assert last_day > date(2026, 10, 14)  # the holiday week counts no working day
    assert published_sms["recipient"] == f"subject-sms:{MOBILE}"
    assert published_sms["subject"] == "医保信用评价结果变动提醒"
    body = published_sms["body"]
    assert "现为792.5分、信用等级中等(此前无评价结果)" in body
    assert "因实时信用评价发生变动" in body
    assert f"即{last_day.year}年{last_day.month}月{last_day.day}日前(含当日)" in body
    assert "提出异议申诉(附件1)" in body and body.endswith("依据: 衢医保发〔2021〕36号 四(三)。")

    corrected_sms = json.loads(
        (outbox / "result-change-YBXY-2026-H2b-formal.json").read_text(encoding="utf-8")
    )["body"]
    assert (
        "因异议申诉复查更正发生变动, 现为798.25分、信用等级中等(原792.5分、中等)" in corrected_sms
    )
    assert "提出异议申诉" not in corrected_sms  # the objection is what corrected it

    events = sms_events(status)
    assert [(e.action, e.citation, e.details["result_id"]) for e in events] == [
        (SENT, "衢医保发〔2021〕36号 四(三)", "YBXY-2026-H2"),
        (SENT, "衢医保发〔2021〕36号 四(三)", "YBXY-2026-H2b"),
    ]
    assert events[0].details["objection_until"] == last_day.isoformat()
    assert (events[1].details["old_score"], events[1].details["new_score"]) == (792.5, 798.25)
    # The mobile is in the message only: not in the trail, the workflow id or the attributes.
    assert MOBILE not in json.dumps([e.model_dump(mode="json") for e in status.events])
    assert MOBILE not in status.workflow_id


async def test_a_subject_without_a_mobile_is_recorded_as_not_told(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    ref = fresh(EXAMPLE.ref)
    result = make_result("YBXY-2026-N1", 845.0, "良好", published_on=date(2026, 3, 31))
    better = make_result(
        "YBXY-2026-N2",
        861.0,
        "优秀",
        published_on=date(2026, 9, 30),
        formal=True,
        formal_on=date(2026, 9, 30),
    )
    async with engine(time_env, settings) as call:
        outcomes = await call(
            write(ref, RecordResult(result=result, actor=ACTOR)),
            write(ref, RecordResult(result=better, actor=ACTOR, cause="repair")),
        )
        assert [o.error for o in outcomes] == [None, None]
        status = await told(record_handle(time_env.client, settings, ref), 2)

    assert not (settings.outbox / ref.workflow_id(settings.subject_id_secret)).exists()
    events = sms_events(status)
    assert [e.action for e in events] == ["result_change_sms_not_sent"] * 2
    assert {e.details["reason"] for e in events} == {"SMS not sent: no mobile on record"}
    assert events[1].details == {
        "reason": "SMS not sent: no mobile on record",
        "result_id": "YBXY-2026-N2",
        "cause": "repair",
        "old_score": 845.0,
        "old_grade": "良好",
        "new_score": 861.0,
        "new_grade": "优秀",
    }
