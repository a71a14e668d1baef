"""Service (送达) of the repair's refusal (附件4) on the time-skipping server (issue 17).

附件4 "如不服本决定,可以自收到本告知书之日起5个工作日内" (衢医保发〔2021〕36号 seed 000 l.1245):
with electronic delivery not deemed service, the refusal waits for the `served` step with no
clock running; served late (across a weekend or holiday), the objection window moves by exactly
the working days between issue and service.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from contracts.service import Served, ServiceMethod
from periods import SHANGHAI
from procedures.repair.models import Bar, Objection, RepairOutcome, Stage
from procedures.repair.workflow import CreditRepairWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import deadline, refused, sleep_past
from tests.test_repair import barred, status_when
from tests.test_service_designation import (
    awaits_service,
    case_stage,
    late_service_day,
    moved_by_service,
    not_deemed,
)


def datetime_at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=SHANGHAI)


def served(on: date, notice: str = "repair-refusal") -> Served:
    return Served(notice=notice, served_on=on, method=ServiceMethod.DIRECT, served_by="信用科")


async def test_a_refusal_served_late_moves_its_objection_window(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with barred(time_env, not_deemed(settings), Bar.TOO_RECENT) as (case, _, handle, status):
        issued_on = case.accepted_at.astimezone(SHANGHAI).date()
        # No window yet: the refusal (without a last day) waits for its service.
        assert all(d.name != "refusal_objection" for d in status.deadlines)
        await awaits_service(handle, status.services, "repair-refusal", issued_on)
        text = Path(status.documents[0]).read_text(encoding="utf-8")
        assert "自收到本告知书之日起5个工作日内" in text and "期限截至" not in text
        serve_on = late_service_day(issued_on)
        future = await refused(handle, CreditRepairWorkflow.served, served(serve_on))
        assert future.startswith("served_on:")
        await sleep_past(time_env, datetime_at(serve_on))
        await execute_step(handle, CreditRepairWorkflow.served, served(serve_on))
        running = await status_when(
            handle, lambda s: any(d.name == "refusal_objection" for d in s.deadlines)
        )
        window = deadline(running, "refusal_objection")
        assert await case_stage(handle) == Stage.REFUSAL_NOTIFIED.value
        await sleep_past(time_env, window.deadline.due_at)
        outcome = await handle.result()
    moved_by_service(window.deadline.last_day, issued_on, serve_on)
    assert "from service of the repair-refusal notice (直接送达" in window.citation
    assert outcome.outcome is RepairOutcome.REFUSED


async def test_an_objection_before_service_is_recorded_is_taken(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with barred(time_env, not_deemed(settings), Bar.TOO_RECENT) as (case, _, handle, _):
        await execute_step(
            handle,
            CreditRepairWorkflow.object_to_refusal,
            Objection(objector=case.subject.name, reason="认定日期有误"),
        )
        objected = await status_when(handle, lambda s: s.stage is Stage.REFUSAL_OBJECTION)
        assert objected.services == []  # it received the notice: nothing waits for service
        assert await case_stage(handle) == Stage.REFUSAL_OBJECTION.value
