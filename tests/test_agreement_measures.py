"""The agreement's other steps (衢医保发〔2023〕8号 五(三)1, 五(三)3, 附件1 一(一)), on the
time-skipping server at their real lengths: card settlement suspended and restored, a 中止 of
responsible persons on their own subject records, and the institution's changes (a major change
filed within 30 working days of its approval, a move that waits for the agency's permission).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.subject_records import SubjectFacts, SubjectRef, SubjectType
from periods import add_days, add_working_days
from procedures.agreement.case import (
    Change,
    ChangeKind,
    Decision,
    MoveDecision,
    NamedPerson,
    PersonRole,
    SettlementRestored,
    Stage,
)
from procedures.agreement.models import Measure
from procedures.agreement.workflow import MedicalAgreementWorkflow as Flow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import actions, deadline, refused, sleep_past, today_in
from tests.conftest import running_worker
from tests.test_agreement_workflow import (
    AGENCY,
    AGREEMENT,
    SETTLEMENT_SYSTEM,
    has,
    in_force,
    long_term,
    signed,
    status_of,
    told,
)

DOCTOR = NamedPerson(role=PersonRole.DOCTOR, name="周明", id_number="330802198203154413")


async def test_card_settlement_suspended_then_restored(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):
        # 五(三)1(1): 未按规定安装、使用监控设备 → 暂停联网结算.
        decision = Decision(
            rung=1,
            ground=1,
            measures=[Measure.INTERVIEW, Measure.SUSPEND_SETTLEMENT],
            decided_on=today,
            decided_by=AGENCY,
            reason="未按规定安装监控设备",
        )
        before = await status_of(handle, lambda s: s.stage is Stage.IN_FORCE)
        early = SettlementRestored(restored_on=today, restored_by=AGENCY, reason="已整改")
        message = await refused(handle, Flow.restore_settlement, early)
        assert "settlement_suspended" in message
        assert (await status_of(handle, lambda s: True)).events == before.events
        receipt = await execute_step(handle, Flow.decide, decision)
        assert receipt.stage is Stage.SETTLEMENT_SUSPENDED
        status = await status_of(handle, has("card_settlement_stopped"))
        assert told(status, SETTLEMENT_SYSTEM, "card_settlement_stopped")
        assert "衢医保发〔2023〕8号 五(三)1(1)" in [
            e.citation for e in status.events if e.action == "card_settlement_stopped"
        ]
        receipt = await execute_step(handle, Flow.restore_settlement, early)
        assert receipt.stage is Stage.IN_FORCE
        status = await status_of(handle, has("card_settlement_restored"))
        assert told(status, SETTLEMENT_SYSTEM, "card_settlement_restored")


async def test_a_suspension_of_persons_goes_on_their_own_records_and_ends_on_its_day(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with in_force(time_env, settings) as (handle, today):
        # 五(三)3(1) 冒用或出借医保医师账号, 情节严重: 中止 the doctor for 60 days (30–180).
        decision = Decision(
            rung=3,
            ground=1,
            measures=[Measure.INTERVIEW, Measure.SUSPEND_PERSONS],
            suspension_days=60,
            serious=True,
            persons=[DOCTOR],
            decided_on=today,
            decided_by=AGENCY,
            reason="出借医保医师账号",
        )
        nameless = decision.model_copy(update={"persons": []})
        assert "persons:" in await refused(handle, Flow.decide, nameless)
        receipt = await execute_step(handle, Flow.decide, decision)
        assert receipt.stage is Stage.IN_FORCE  # the agreement itself runs on
        status = await status_of(handle, has("handling_decision_issued"))
        measure = deadline(status, "measure-1")
        # 60 days from the day after the decision (民法典 第二百零一条).
        assert measure.deadline.last_day == add_days(today, 60).last_day
        status = await status_of(
            handle,
            lambda s: [e.details.get("subject") for e in s.events].count("doctor") == 1,
        )
        ref = SubjectRef(type=SubjectType.DOCTOR, code=DOCTOR.id_number, name=DOCTOR.name)
        record = time_env.client.get_workflow_handle(ref.workflow_id(settings.subject_id_secret))
        facts: SubjectFacts = await record.query(SubjectRecordWorkflow.facts)
        (finding,) = facts.findings
        assert finding.indicator == "agreement.person_suspended"
        assert finding.found_on == today and "五(三)3(1)" in finding.label
        # The trail names the person by position only: no identity number, no name.
        assert DOCTOR.id_number not in str(status.events) and DOCTOR.name not in str(
            [e.details for e in status.events]
        )
        await sleep_past(time_env, measure.deadline.due_at)
        status = await status_of(handle, has("measure_ended"))
        assert deadline(status, "measure-1").met_at is not None
        assert status.stage is Stage.IN_FORCE


async def test_changes_a_major_one_filed_late_and_a_move_that_waits_for_permission(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    async with running_worker(time_env.client, settings):
        # Signed 100 days ago: the department approved the change after the signing.
        case = signed(today - timedelta(days=100), term_end=long_term(today))
        handle = await AGREEMENT.start(time_env, settings, case)
        await status_of(handle, lambda s: s.stage is Stage.IN_FORCE and bool(s.events))
        approved = today - timedelta(days=70)
        # 附件1 一(一): within 30 working days of the department's approval.
        last_day = add_working_days(approved, 30).last_day
        assert last_day < today
        late = Change(
            kind=ChangeKind.MAJOR,
            what="法定代表人",
            details="法定代表人由王建华变更为李华",
            filed_on=today,
            approved_by_department_on=approved,
        )
        undated = late.model_copy(update={"approved_by_department_on": None})
        assert "approved_by_department_on" in await refused(handle, Flow.change, undated)
        await execute_step(handle, Flow.change, late)
        status = await status_of(handle, has("change_filed_late"))
        event = next(e for e in status.events if e.action == "change_filed_late")
        assert event.details["last_day"] == last_day.isoformat()
        assert status.state.changes[0].late is True

        unasked = MoveDecision(permitted=True, decided_on=today, decided_by=AGENCY, reason="-")
        assert "no move awaits" in await refused(handle, Flow.permit_move, unasked)
        move = Change(
            kind=ChangeKind.MOVE,
            what="注册地址",
            details="由柯城区荷花街道移至衢江区樟潭街道(跨社区)",
            filed_on=today,
        )
        receipt = await execute_step(handle, Flow.change, move)
        assert "permission" in receipt.detail
        assert "already awaiting" in await refused(handle, Flow.change, move)
        permit = MoveDecision(
            permitted=True, decided_on=today, decided_by=AGENCY, reason="新址符合条件"
        )
        await execute_step(handle, Flow.permit_move, permit)
        status = await status_of(handle, has("move_reply_issued"))
        assert "move_permitted" in actions(status)
        assert any(d.endswith("move-2-reply.html") for d in status.documents)
        assert status.state.changes[1].permission == permit
