"""A repair's re-score reaches the subject by SMS (issue 17, item 4): 实时信用评价有结果变动时,
短信提醒该信用主体 (衢医保发〔2021〕36号 四(三), seed 000 l.1109). The repair's case file carries
the subject's mobile (optional); the re-scored result is written to the subject record with it,
and the record tells the subject of the change once, with the old and new score and grade and
the cause 信用修复. The number is in the SMS only: never in a trail, a workflow id or a search
attribute. A case file with an invalid mobile is refused at start, naming the field.

On the time-skipping server, at the real legal lengths (the 5-working-day public notice), as
tests/test_repair.py runs the repair.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from contracts.subject_records import SubjectRecordStatus
from procedures.repair.models import RepairOutcome, RepairStatus, Stage, workflow_id
from procedures.repair.workflow import CreditRepairWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import deadline, now_in_shanghai, run_cli, sleep_past
from tests.conftest import running_worker
from tests.test_repair import (
    APPROVE,
    EXAMPLE_RECORD,
    in_stage,
    repair_case,
    seed_eligible,
    start,
    status_when,
)
from tests.test_result_change_sms import SENT, sms_events, told

MOBILE = "13800000001"  # fictitious


def dumped(events: list[Any]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in events], ensure_ascii=False)


async def test_a_repair_taking_effect_tells_the_subject_its_new_score_by_sms(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    accepted_at = await now_in_shanghai(time_env)
    async with running_worker(time_env.client, settings):
        subject = await seed_eligible(time_env.client, settings, accepted_at)
        case = repair_case(subject.ref, "YB-OK-1", accepted_at).model_copy(
            update={"mobile": MOBILE}
        )
        handle = await start(time_env, settings, case)
        await status_when(handle, in_stage(Stage.UNDER_REVIEW))
        await execute_step(handle, CreditRepairWorkflow.decide, APPROVE)
        notice = await status_when(handle, in_stage(Stage.NOTICE))
        # Described while it waits (a closed case's cleared deadline attribute reads as null).
        described = await handle.describe()
        await sleep_past(time_env, deadline(notice, "notice").deadline.due_at)
        outcome = await handle.result()
        final: RepairStatus = await handle.query(CreditRepairWorkflow.status)
        # The seeding's result (no mobile then: not told), then the repair's re-score.
        record: SubjectRecordStatus = await told(subject.record, 2)

    assert outcome.outcome is RepairOutcome.REPAIRED
    rescore = final.rescore
    assert rescore is not None and rescore.new_result_id is not None
    assert rescore.old_score == subject.result.score and rescore.old_grade is not None
    assert rescore.new_score is not None and rescore.new_grade is not None
    assert rescore.new_score - rescore.old_score == 40  # 附件8 第4项 如实记录: −40 per event

    # Exactly one SMS, from the subject record, for the repaired result.
    outbox = settings.outbox / subject.record.id
    assert [p.name for p in outbox.glob("*.json")] == [
        f"result-change-{rescore.new_result_id}-recorded.json"
    ]
    sms = json.loads(next(outbox.glob("*.json")).read_text(encoding="utf-8"))
    assert sms["recipient"] == f"subject-sms:{MOBILE}"
    assert sms["subject"] == "医保信用评价结果变动提醒"
    body = sms["body"]
    assert "因信用修复后重新评分(衢医保发〔2021〕36号 六)发生变动" in body
    assert (
        f"现为{rescore.new_score:g}分、信用等级{rescore.new_grade}"
        f"(原{rescore.old_score:g}分、{rescore.old_grade})" in body
    )
    assert "提出异议申诉" not in body  # a formal result: no objection window to tell
    assert body.endswith("依据: 衢医保发〔2021〕36号 四(三)。")
    # The repair's outbox holds its own deliveries only: the SMS is the record's.
    assert not list((settings.outbox / workflow_id(case.case_id)).glob("result-change-*"))

    sent = [e for e in sms_events(record) if e.action == SENT]
    assert [(e.details["result_id"], e.details["cause"]) for e in sent] == [
        (rescore.new_result_id, "repair")
    ]
    assert (sent[0].details["old_score"], sent[0].details["new_score"]) == (
        rescore.old_score,
        rescore.new_score,
    )
    # The number is in the SMS only: not in either trail, a workflow id or a search attribute.
    assert MOBILE not in dumped(record.events) and MOBILE not in dumped(final.events)
    assert MOBILE not in handle.id and MOBILE not in subject.record.id
    assert MOBILE not in repr(described.typed_search_attributes)
    # The status shows the case file as it came, as the medical objection's status shows its own.
    assert final.case.mobile == MOBILE


async def test_a_repair_case_file_with_an_invalid_mobile_is_refused_at_start(
    time_env: WorkflowEnvironment,
    settings: Settings,
    tmp_path: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The in-process command line, pointed at this module's server and the test's installation.
    monkeypatch.setenv("TEMPORAL_ADDRESS", time_env.client.service_client.config.target_host)
    monkeypatch.setenv("TEMPORAL_NAMESPACE", time_env.client.namespace)
    monkeypatch.setenv("QZ_TASK_QUEUE", settings.task_queue)
    monkeypatch.setenv("QZ_DATA_DIR", str(settings.data_dir))
    accepted_at = await now_in_shanghai(time_env)
    case = repair_case(EXAMPLE_RECORD.ref, "YB-OK-1", accepted_at)
    data = case.model_dump(mode="json")
    data["mobile"] = "1380000000"  # one digit short
    path = tmp_path / "repair.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    code, out, err = await run_cli(capsys, "repair", "start", "--file", str(path))

    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "mobile" in err and "1380000000" not in err
    with pytest.raises(RPCError) as missing:
        await time_env.client.get_workflow_handle(workflow_id(case.case_id)).describe()
    assert missing.value.status == RPCStatusCode.NOT_FOUND
