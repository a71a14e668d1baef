"""Record the histories the replay test checks: run `python -m tests.histories.record`.

Run it once per released version of a workflow and commit the new files (existing ones are
kept): a later change of the workflow's steps that is not behind `workflow.patched` then fails
tests/test_replay.py.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from engine import ensure_search_attributes
from periods import SHANGHAI
from procedures.market_objection.models import ReviewDecision, ReviewOutcome, Stage
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from service.steps import execute_step
from settings import Settings
from tests.conftest import BIN, example_case, make_settings, running_worker, wait_for
from tests.door_helpers import start_market_objection

HERE = Path(__file__).resolve().parent
# The version recorded by this code: v8 = the current workflow types (issue 20: every case
# procedure and the subject record start as a new type, …V2, that calls no `workflow.patched`
# and upserts its search attributes once per task, only what changed; the v1–v7 files replay
# on the released types). v7 = the agreement (issue 18: the designation starts it at
# signing, "designation-starts-agreement"; the MedicalAgreement workflow, new, with no patch).
# v6 = service (送达) starts a party's period
# ("service-starts-periods": the delivery deemed service by the worker's setting, recorded by
# the service_rule activity). v5 = to the letter (issue 17: the evaluation's
# supplementation only pauses its clock, "designation-evaluation-supplement-pauses-only"; the
# accountability feedback runs from decided_on, its 处理建议 and 第十四条 transfers are issued,
# "accountability-feedback-from-decided-on", "-referral-proposal", "-transfers"; the subject
# record tells every medical-credit result change by SMS, "result-change-sms"). v4 = thin
# steps (workflow.patched("thin-steps"), issue 15: a step's documents, deliveries, deadlines
# and record writes follow in the case's loop); v3 = a step is answered at once
# (workflow.patched("answer-at-once")), its handler still awaiting them; v2 files are the
# cases that settle before an Update (workflow.patched("settle-before-updates")); v1 files
# are the cases started before it.
VERSION = "v8"


@dataclass(frozen=True)
class Recording:
    """Where the histories go and the version in their names (bench/history_sizes.py records
    the current code's into a directory of its own)."""

    directory: Path
    version: str


recording = Recording(HERE, VERSION)


@asynccontextmanager
async def time_skipping() -> AsyncIterator[tuple[WorkflowEnvironment, Settings]]:
    """What a recording runs on: a time-skipping server of its own (with the SDK's pydantic
    converter and the engine's search attributes) and fresh settings."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    await ensure_search_attributes(env.client, env.client.namespace)
    async with env:
        yield env, make_settings(Path(tempfile.mkdtemp()))


async def record() -> None:
    async with time_skipping() as (env, settings):
        now = (await env.get_current_time()).astimezone(SHANGHAI).replace(microsecond=0)
        case = example_case(case_id="HISTORY-1", received_at=now)
        async with running_worker(env.client, settings):
            handle = await start_market_objection(env.client, case, settings.task_queue)
            status = await wait_for(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
            due = status.deadlines[0].deadline.due_at
            await env.sleep(due - await env.get_current_time() + timedelta(hours=1))
            await wait_for(lambda s: s.overdue, handle)
            decision = ReviewDecision(
                outcome=ReviewOutcome.CORRECTED,
                corrected_grade="B",
                reason="复核修正",
                reviewer="recorder",
            )
            await execute_step(handle, MarketCreditObjectionWorkflow.decide, decision)
            await handle.result()
            history = await handle.fetch_history()
    write(f"market_objection_{recording.version}_overdue_corrected", history)
    await record_medical_and_repair()
    async with time_skipping() as (env, settings):  # its own clock: its term runs out
        await record_agreement(env, settings)


def write(name: str, history: WorkflowHistory) -> None:
    """Never overwrite: a committed history is what running cases of that version look like."""
    target = recording.directory / f"{name}.json"
    if target.exists():
        print(f"kept {target} (delete it first to record it anew)")
        return
    target.write_text(history.to_json(), encoding="utf-8")
    print(f"wrote {target}")


async def record_medical_and_repair() -> None:
    """A medical objection whose window lapses, and a repair that takes effect (with the
    subject record it reads and writes, still running)."""
    from tests import test_medical_objection as medical
    from tests import test_repair as repair

    async with time_skipping() as (env, settings):
        case = medical.example_case(await medical.today_in(env))
        async with running_worker(env.client, settings):
            handle = await medical.start(env, settings, case)
            await medical.poll(handle, medical.in_window)
            await handle.result()
            lapsed = await handle.fetch_history()
            write(f"medical_objection_{recording.version}_window_lapsed", lapsed)

        async with repair.repair_started(
            env, settings, repair.eligible_finding, repair.Stage.UNDER_REVIEW
        ) as (_, subject, handle, _):
            await execute_step(handle, repair.CreditRepairWorkflow.decide, repair.APPROVE)
            status = await repair.status_when(handle, repair.in_stage(repair.Stage.NOTICE))
            await repair.sleep_past(env, repair.deadline(status, "notice").deadline.due_at)
            await handle.result()
            write(f"credit_repair_{recording.version}_repaired", await handle.fetch_history())
            facts = await subject.record.fetch_history()
            write(f"subject_record_{recording.version}_repaired", facts)

        await record_objected_paths(env, settings)
        await record_accountability(env, settings)
        await record_designation(env, settings)


async def record_objected_paths(env: WorkflowEnvironment, settings: Settings) -> None:
    """The paths where a party objects: a medical objection decided with corrected facts
    (re-scored, the grade change sent by SMS), and a repair refused (附件4), objected to and
    reopened, extended, approved, objected to during its notice and repaired all the same."""
    from tests import test_medical_objection as medical
    from tests import test_repair as repair

    async with medical.window_open(env, settings) as (case, handle, _):
        await medical.file_objection(handle, medical.example_objection())
        decision = medical.corrected_decision(case)
        await execute_step(handle, medical.MedicalCreditObjectionWorkflow.decide, decision)
        await handle.result()
        write(f"medical_objection_{recording.version}_corrected", await handle.fetch_history())

    too_recent = repair.BARRED[repair.Bar.TOO_RECENT]
    async with repair.repair_started(env, settings, too_recent, repair.Stage.REFUSAL_NOTIFIED) as (
        case,
        _,
        handle,
        _,
    ):
        await env.sleep(timedelta(days=2))
        objection = repair.Objection(objector=case.subject.name, reason="认定日期有误, 已满6个月。")
        await execute_step(handle, repair.CreditRepairWorkflow.object_to_refusal, objection)
        substantiated = repair.SUBSTANTIATED
        await execute_step(
            handle, repair.CreditRepairWorkflow.decide_refusal_objection, substantiated
        )
        await repair.status_when(handle, repair.in_stage(repair.Stage.UNDER_REVIEW))
        await execute_step(handle, repair.CreditRepairWorkflow.extend, repair.FIVE_DAYS_MORE)
        await execute_step(handle, repair.CreditRepairWorkflow.decide, repair.APPROVE)
        status = await repair.status_when(handle, repair.in_stage(repair.Stage.NOTICE))
        notice_objection = repair.NOTICE_OBJECTION
        await execute_step(handle, repair.CreditRepairWorkflow.object_to_notice, notice_objection)
        unsubstantiated = repair.UNSUBSTANTIATED
        await execute_step(
            handle, repair.CreditRepairWorkflow.decide_notice_objection, unsubstantiated
        )
        await repair.sleep_past(env, repair.deadline(status, "notice").deadline.due_at)
        await handle.result()
        name = f"credit_repair_{recording.version}_refused_objected_repaired"
        write(name, await handle.fetch_history())


async def record_accountability(env: WorkflowEnvironment, settings: Settings) -> None:
    """A lost lawsuit from the judgment to the feedback, all in time."""
    from tests import test_accountability_workflow as acc

    flow = acc.LostLawsuitAccountabilityWorkflow
    received = await acc.now_in_shanghai(env)
    case = acc.case_at(received, level="city", county=None, name="衢州市市场监督管理局")
    async with running_worker(env.client, settings):
        handle = await acc.start(env, settings, case)
        await acc.status_when(handle, acc.has_deadline("report"))
        await execute_step(handle, flow.submit_report, acc.REPORT)
        await execute_step(handle, flow.review, acc.REVIEW)
        await acc.status_when(handle, lambda s: s.assessment is not None)
        await execute_step(handle, flow.record_decision, await acc.decided_today(env))
        await acc.status_when(handle, acc.has_deadline("feedback"))
        await execute_step(handle, flow.record_feedback, acc.FEEDBACK)
        await handle.result()
        write(f"accountability_{recording.version}_closed", await handle.fetch_history())


async def record_designation(env: WorkflowEnvironment, settings: Settings) -> None:
    """A pharmacy from pre-registration to the agreement: the batch, a supplementation notice,
    the evaluation clock paused and resumed, a report investigated, approval and signing."""
    from tests import test_designation_workflow as dsg

    flow = dsg.DesignationWorkflow
    application = dsg.application_of("pharmacy", premises=True)
    async with dsg.applied(env, settings, "pharmacy", application) as (case, handle, status):
        await dsg.through_batch(env, handle, status)
        await execute_step(
            handle, flow.supplement, dsg.Supplement(materials={"premises": "租赁合同"})
        )
        await dsg.status_when(handle, dsg.in_stage(dsg.Stage.EVALUATING))
        await execute_step(
            handle,
            flow.request_materials,
            dsg.MaterialsRequest(requested_by="评估小组", items=["执业药师劳动合同原件"]),
        )
        # 5 days: the pause takes at least one working day out, whatever the weekday (2 days
        # from a Friday took none, and the recording waited for one in vain).
        await env.sleep(timedelta(days=5))
        await execute_step(
            handle, flow.supplement, dsg.Supplement(materials={"extra-1": "劳动合同原件"})
        )
        await dsg.status_when(
            handle, lambda s: s.stage is dsg.Stage.EVALUATING and s.evaluation_paused_working_days
        )
        today = await dsg.today_in(env)
        await execute_step(handle, flow.evaluate, dsg.evaluation_of(case, today))
        noticed = await dsg.status_when(handle, dsg.in_stage(dsg.Stage.PUBLIC_NOTICE))
        await execute_step(handle, flow.report, dsg.Report(reporter="匿名", content="无药师"))
        await execute_step(
            handle,
            flow.investigate,
            dsg.Investigation(investigator="稽核科", substantiated=False, findings="不属实"),
        )
        await dsg.sleep_past(env, dsg.deadline(noticed, "public_notice").deadline.due_at)
        await dsg.status_when(handle, dsg.in_stage(dsg.Stage.APPROVAL))
        meeting = (await env.get_current_time()).astimezone(SHANGHAI).date()
        await execute_step(
            handle, flow.approve, dsg.Approval(meeting_on=meeting, minutes="纪要", approved=True)
        )
        await dsg.status_when(handle, dsg.in_stage(dsg.Stage.SIGNING))
        await execute_step(
            handle,
            flow.sign,
            dsg.Signing(agreement_number="QZYB-H-1", signed_on=meeting, signed_by="recorder"),
        )
        await dsg.finished(handle)
        write(f"designation_{recording.version}_designated", await handle.fetch_history())


async def record_agreement(env: WorkflowEnvironment, settings: Settings) -> None:
    """Agreements (issue 18): a 违约金 decided and paid, then the term's end without a renewal
    (expired); and a 中止 whose rectification check failed, ended by a 解除 in its three steps."""
    from tests import test_agreement_workflow as agr
    from tests.case_helpers import midnight_after, sleep_past

    # Never `handle.result()`: it unlocks time skipping, and the server jumps to the next timer
    # it knows of (the subject records' 10-year run timeout).
    flow = agr.MedicalAgreementWorkflow
    today = await agr.today_in(env)
    async with running_worker(env.client, settings):
        handle = await agr.AGREEMENT.start(env, settings, agr.signed(today))
        await execute_step(handle, flow.decide, agr.rung3(today))
        await agr.status_of(handle, lambda s: any(d.name == "penalty-1" for d in s.deadlines))
        paid = agr.PenaltyPaid(penalty=1, paid_on=today, recorded_by="recorder")
        await execute_step(handle, flow.pay_penalty, paid)
        status = await agr.status_of(handle, lambda s: bool(s.events))
        await sleep_past(env, midnight_after(status.term.end))
        await agr.status_of(handle, agr.has("case_closed"))
        write(f"agreement_{recording.version}_expired", await handle.fetch_history())

        handle = await agr.opened(env, settings, today)
        day = await agr.suspended_until_check(env, handle, today)
        await execute_step(handle, flow.check, agr.check(day, agr.Rectification.FAILED))
        for name in agr.TerminationStepName:
            await execute_step(handle, flow.terminate_step, agr.step(name, day))
        await agr.status_of(handle, agr.has("case_closed"))
        write(f"agreement_{recording.version}_terminated", await handle.fetch_history())


if __name__ == "__main__":
    asyncio.run(record())
