"""A designated institution's agreement (衢医保发〔2023〕8号 二(三)4, 五(三)–(六), 附件1 一), end to
end on the time-skipping server at the real lengths of its periods."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from temporalio.testing import WorkflowEnvironment

from periods import add_days
from procedures.agreement.case import (
    AgreementCase,
    Decision,
    PenaltyPaid,
    Stage,
)
from procedures.agreement.models import Measure
from procedures.agreement.workflow import MedicalAgreementWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import CaseWorkflow, actions, deadline, refused, sleep_past, today_in
from tests.conftest import EXAMPLES, running_worker

EXAMPLE = AgreementCase.model_validate_json(
    (EXAMPLES / "agreement.json").read_text(encoding="utf-8")
)
AGREEMENT = CaseWorkflow(
    MedicalAgreementWorkflow.run, MedicalAgreementWorkflow.status, lambda n: f"agreement-{n}"
)


def signed(on: date, **changes: Any) -> AgreementCase:
    return EXAMPLE.model_copy(
        update={"case_id": f"T-{uuid.uuid4().hex[:10]}", "signed_on": on, **changes}
    )


def rung3(decided_on: date, percent: str = "25") -> Decision:
    return Decision(
        rung=3,
        ground=7,
        measures=[Measure.INTERVIEW, Measure.PENALTY],
        verified_amount=Decimal("12345.67"),
        penalty_percent=Decimal(percent),
        decided_on=decided_on,
        decided_by="衢州市医疗保障事务中心",
        reason="处方管理不规范",
    )


async def test_penalty_overdue_is_escalated(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        handle = await AGREEMENT.start(time_env, settings, signed(today))
        status = await AGREEMENT.status_when(handle, lambda s: bool(s.events))
        assert status.stage is Stage.IN_FORCE
        assert status.term.end == date(today.year, 12, 31)
        message = await refused(handle, MedicalAgreementWorkflow.decide, rung3(today, "35"))
        assert "五(三)3" in message and "35%" in message
        receipt = await execute_step(handle, MedicalAgreementWorkflow.decide, rung3(today))
        assert receipt.stage is Stage.IN_FORCE
        status = await AGREEMENT.status_when(
            handle, lambda s: any(d.name == "penalty-1" for d in s.deadlines)
        )
        due = deadline(status, "penalty-1")
        assert due.deadline.last_day == add_days(today, 30).last_day
        assert status.state.penalties[0].amount == Decimal("3086.42")
        await sleep_past(time_env, due.deadline.due_at)
        status = await AGREEMENT.status_when(handle, lambda s: deadline(s, "penalty-1").overdue)
        assert "penalty-1_overdue_escalated" in actions(status)
        receipt = await execute_step(
            handle,
            MedicalAgreementWorkflow.pay_penalty,
            PenaltyPaid(penalty=1, paid_on=await today_in(time_env), recorded_by="财务科"),
        )
        assert "after its last day" in receipt.detail
