"""Lost-lawsuit accountability (衢政办发〔2023〕5号 第十三条), end to end on the time-skipping
server, at the real legal lengths: the 2-month report and the 3-working-day feedback."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from contracts.case_records import (
    FollowUpState,
)
from contracts.subject_records import (
    Finding,
    RecordFinding,
    SubjectFacts,
    SubjectType,
)
from periods import SHANGHAI, add_months, add_working_days
from procedures.accountability.findings import person_ref
from procedures.accountability.models import (
    AccountabilityCase,
    AccountabilityStatus,
    CaseReport,
    Decision,
    Feedback,
    PersonSanction,
    ReferTo,
    Review,
    ReviewOutcome,
    Stage,
    workflow_id,
)
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from scoring import accountability as rules
from service.steps import await_outputs, execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    cli_environment,
    deadline,
    now_in_shanghai,
    refused,
    seed_record,
    sleep_past,
    today_in,
)
from tests.conftest import EXAMPLES, hand_over, running_worker
from tests.processes import cli

EXAMPLE = AccountabilityCase.model_validate_json(
    (EXAMPLES / "accountability.json").read_text(encoding="utf-8")
)
REPORT = CaseReport(
    submitted_by="柯城区综合行政执法局 法制科",
    causes=["未查明当事人实际经营面积即作出处罚, 主要事实不清"],
    rectification_measures=["重大处罚决定一律经法制审核", "开展执法案卷评查"],
    accountability_proposals=["对直接责任人员张明批评教育"],
)
GROUND = rules.GroundFinding(item=rules.Ground.FACTS_UNCLEAR, details="经营面积未核实")
REVIEW = Review(
    reviewer="柯城区司法局 行政复议与应诉科",
    outcome=ReviewOutcome.ACCOUNTABILITY,
    reason="主要事实不清、证据不足导致败诉",
    refer_to=ReferTo.APPOINTING_AUTHORITY,
    grounds=[GROUND],
)
EXEMPTION = Review(
    reviewer="柯城区司法局 行政复议与应诉科",
    outcome=ReviewOutcome.NO_ACCOUNTABILITY,
    reason="当事人提交虚假经营资料",
    circumstances=rules.Circumstances(
        exempt=[rules.ExemptFinding(item=rules.Exempt.COUNTERPART_FALSIFIED)]
    ),
)
DECISION = Decision(
    decided_by="柯城区人民政府",
    agency_sanctions=["written_self_examination"],
    persons=[PersonSanction(person_id="h-3f9a1c27e4b0", sanctions=["criticism_education"])],
    reason="依第十二条(二)批评教育",
)
FEEDBACK = Feedback(submitted_by="柯城区综合行政执法局", summary="已对张明批评教育并书面检查")


async def decided_today(env: WorkflowEnvironment, decision: Decision = DECISION) -> Decision:
    """The decision as made today on the server's clock (the day of the review)."""
    return decision.model_copy(update={"decided_on": await today_in(env)})


def case_at(received_at: datetime, **agency: Any) -> AccountabilityCase:
    data = EXAMPLE.model_dump(mode="json")
    data["case_id"] = f"T-{uuid.uuid4().hex[:10]}"
    data["lost_case"]["received_at"] = received_at.isoformat()
    data["lost_case"]["effective_date"] = (received_at.date() - timedelta(days=2)).isoformat()
    data["act"]["act_date"] = (received_at.date() - timedelta(days=200)).isoformat()
    data["agency"].update(agency)
    return AccountabilityCase.model_validate(data)


def with_first_person(case: AccountabilityCase, **changes: Any) -> AccountabilityCase:
    """The case with its first person at fault changed (the one the tests follow)."""
    first = case.persons[0].model_copy(update=changes)
    return case.model_copy(update={"persons": [first, *case.persons[1:]]})


ACCOUNTABILITY = CaseWorkflow(
    LostLawsuitAccountabilityWorkflow.run, LostLawsuitAccountabilityWorkflow.status, workflow_id
)
start, status_when = ACCOUNTABILITY.start, ACCOUNTABILITY.status_when


def has_deadline(name: str) -> Callable[[AccountabilityStatus], bool]:
    return lambda status: any(d.name == name for d in status.deadlines)


def recipients(status: AccountabilityStatus, action: str = "notification_sent") -> list[str]:
    return [e.details["recipient"] for e in status.events if e.action == action]


@asynccontextmanager
async def awaiting_report(
    env: WorkflowEnvironment, settings: Settings, case: AccountabilityCase | None = None
) -> AsyncIterator[tuple[WorkflowHandle[Any, Any], AccountabilityStatus]]:
    """The case of a lawsuit lost (received now, unless `case` is given) started with a worker:
    its 2-month report deadline set."""
    case = case or case_at(await now_in_shanghai(env))
    async with running_worker(env.client, settings):
        handle = await start(env, settings, case)
        yield handle, await status_when(handle, has_deadline("report"))


async def report_and_review(handle: WorkflowHandle[Any, Any]) -> None:
    """The agency reports in full; the judicial administration finds it accountable (REVIEW)."""
    await execute_step(handle, LostLawsuitAccountabilityWorkflow.submit_report, REPORT)
    await execute_step(handle, LostLawsuitAccountabilityWorkflow.review, REVIEW)


# -- month arithmetic ------------------------------------------------------------------------------


def test_two_months_roll_over_the_national_day_holiday() -> None:
    # 民法典 第二百零二/二百零三条: 2026-08-01 + 2 months corresponds to 2026-10-01, inside the
    # National Day holiday (10-01..10-07): the period ends on the next working day, 10-08.
    assert add_months(date(2026, 8, 1), 2).last_day == date(2026, 10, 8)
    # Month end: 2025-12-31 + 2 months has no 02-31, so 02-28 (an adjusted working Saturday).
    assert add_months(date(2025, 12, 31), 2).last_day == date(2026, 2, 28)


async def test_report_due_counts_months_with_rest_day_rollover(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    received = datetime(2026, 8, 1, 10, 30, tzinfo=SHANGHAI)
    async with awaiting_report(time_env, settings, case_at(received)) as (_, status):
        report = deadline(status, "report")
        assert report.deadline.last_day == date(2026, 10, 8)
        assert report.deadline.due_at == datetime(2026, 10, 9, tzinfo=SHANGHAI)
        assert report.citation == "衢政办发〔2023〕5号 第十三条第一款"


# -- the procedure ---------------------------------------------------------------------------------


async def test_report_review_decision_feedback_in_time(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    received = await now_in_shanghai(time_env)
    case = case_at(received, level="city", county=None, name="衢州市市场监督管理局")
    async with awaiting_report(time_env, settings, case) as (handle, status):
        assert status.stage is Stage.AWAITING_REPORT
        assert status.receiving_body == "衢州市司法局"
        receipt = await execute_step(
            handle, LostLawsuitAccountabilityWorkflow.submit_report, REPORT
        )
        assert receipt.stage is Stage.UNDER_REVIEW and receipt.detail == ""
        receipt = await execute_step(handle, LostLawsuitAccountabilityWorkflow.review, REVIEW)
        assert receipt.stage is Stage.AWAITING_DECISION
        status = await status_when(handle, lambda s: s.assessment is not None)
        assert status.assessment is not None and status.assessment.kind == "accountability"
        decision = await decided_today(time_env)
        assert decision.decided_on is not None
        receipt = await execute_step(
            handle, LostLawsuitAccountabilityWorkflow.record_decision, decision
        )
        assert receipt.stage is Stage.AWAITING_FEEDBACK
        status = await status_when(handle, has_deadline("feedback"))
        feedback_due = deadline(status, "feedback")
        assert feedback_due.citation == "衢政办发〔2023〕5号 第十三条第三款"
        # 3 working days after the day the decision was made (处理决定作出后3个工作日内).
        assert feedback_due.deadline.last_day == add_working_days(decision.decided_on, 3).last_day
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.record_feedback, FEEDBACK)
        result = await handle.result()
        assert result.stage is Stage.CLOSED
        # Waiting for the last step's outputs once the case has closed: they were all done.
        closed = await await_outputs(handle, "record_feedback")
        assert closed.closed and closed.case_id == case.case_id and closed.follow_ups == []
        status = await status_when(handle, lambda s: s.stage is Stage.CLOSED)
        assert not status.overdue
        # The report receipt, the judicial administration's 处理建议 (第十三条第二款, new in
        # issue 17) and the feedback record.
        assert len(status.documents) == 3
        receipt_file, proposal_file, feedback_file = (Path(loc) for loc in status.documents)
        assert (receipt_file.name, proposal_file.name, feedback_file.name) == (
            "report-receipt.html",
            "referral-proposal.html",
            "feedback-record.html",
        )
        proposal_page = proposal_file.read_text(encoding="utf-8")
        assert "<title>行政败诉责任追究处理建议</title>" in proposal_page
        assert '<p class="addressee">任免机关：</p>' in proposal_page
        assert "衢州市司法局已审核衢州市市场监督管理局就" in proposal_page
        assert "经营面积未核实" in proposal_page
        assert "依据：衢政办发〔2023〕5号 第十三条第二款" in proposal_page
        made = decision.decided_on
        assert f"处理决定作出时间：{made.year}年{made.month}月{made.day}日" in (
            feedback_file.read_text(encoding="utf-8")
        )
        receipt_page = receipt_file.read_text(encoding="utf-8")
        assert "<title>行政败诉案件分析整改报告收件回执</title>" in receipt_page
        assert f"编号：{status.case_id}" in receipt_page
        assert status.case.lost_case.document_number in receipt_page
        assert '<li class="value">开展执法案卷评查</li>' in receipt_page
        assert "依据：衢政办发〔2023〕5号 第十三条第一款" in receipt_page
        assert "超过2个月" not in receipt_page
        feedback_page = feedback_file.read_text(encoding="utf-8")
        assert "处理结果：已对张明批评教育并书面检查" in feedback_page
        assert "h-3f9a1c27e4b0：处分 criticism_education；移送 无" in feedback_page
        assert "抄送：同级纪检监察机关" in feedback_page
        assert "依据：衢政办发〔2023〕5号 第十三条第三款" in feedback_page
        assert "同级纪检监察机关" in recipients(status)
        assert all(event.citation.startswith("衢政办发〔2023〕5号") for event in status.events)
        assert "report_overdue_escalated" not in actions(status)


async def test_incomplete_report_and_wrong_stage_are_refused_and_change_nothing(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with awaiting_report(time_env, settings) as (handle, before):
        incomplete = REPORT.model_copy(update={"rectification_measures": []})
        message = await refused(handle, LostLawsuitAccountabilityWorkflow.submit_report, incomplete)
        assert message.startswith("rectification_measures: required")
        blank = REPORT.model_copy(update={"causes": ["  "]})
        message = await refused(handle, LostLawsuitAccountabilityWorkflow.submit_report, blank)
        assert message.startswith("causes: required")
        message = await refused(handle, LostLawsuitAccountabilityWorkflow.review, REVIEW)
        assert "accepted only in stage 'under_review'" in message
        after = await status_when(handle, lambda s: True)
        assert after.stage is Stage.AWAITING_REPORT and after.report is None
        assert len(after.events) == len(before.events)


async def test_exemption_closes_without_accountability(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with awaiting_report(time_env, settings) as (handle, _):
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.submit_report, REPORT)
        # A 第六条 ground found and no 第九条 exemption: no accountability is refused.
        unexempted = EXEMPTION.model_copy(
            update={"circumstances": rules.Circumstances(), "grounds": [GROUND]}
        )
        message = await refused(handle, LostLawsuitAccountabilityWorkflow.review, unexempted)
        assert message.startswith("circumstances.exempt:") and "第九条" in message
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.review, EXEMPTION)
        result = await handle.result()
        assert result.stage is Stage.NO_ACCOUNTABILITY
        assert result.closing_reason and "counterpart_falsified" in result.closing_reason
        status = await status_when(handle, lambda s: s.stage is Stage.NO_ACCOUNTABILITY)
        assert status.assessment is None and status.handling_decision is None
        closed = next(e for e in status.events if e.action == "case_closed")
        assert closed.citation == "衢政办发〔2023〕5号 第九条"


async def test_a_review_finding_no_ground_of_article_six_closes_citing_it(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """第六条: accountability follows a ground of it; a review that finds none closes the case
    without accountability, with no 第九条 exemption needed (issue 17)."""
    no_ground = Review(
        reviewer="柯城区司法局 行政复议与应诉科",
        outcome=ReviewOutcome.NO_ACCOUNTABILITY,
        reason="败诉系对法律适用的理解分歧, 行政行为无第六条所列过错",
    )
    async with awaiting_report(time_env, settings) as (handle, _):
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.submit_report, REPORT)
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.review, no_ground)
        result = await handle.result()
        assert result.stage is Stage.NO_ACCOUNTABILITY
        assert result.closing_reason == (
            "no accountability (no ground of 衢政办发〔2023〕5号 第六条): " + no_ground.reason
        )
        status = await status_when(handle, lambda s: s.stage is Stage.NO_ACCOUNTABILITY)
        reviewed = next(e for e in status.events if e.action == "report_reviewed")
        assert reviewed.details["basis"] == "衢政办发〔2023〕5号 第六条"
        closed = next(e for e in status.events if e.action == "case_closed")
        assert closed.citation == "衢政办发〔2023〕5号 第六条"
        # No proposal is made (第十三条第二款 proposes only where accountability is needed).
        assert status.assessment is None
        assert [Path(d).name for d in status.documents] == ["report-receipt.html"]


async def test_repeat_fault_within_a_year_aggravates_the_assessment(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    case = case_at(await now_in_shanghai(time_env))
    earlier = rules.EarlierFinding(
        case_id="ZR-2025-0003",
        act_date=case.act.act_date - timedelta(days=100),
        ground=rules.Ground.FACTS_UNCLEAR,
        details="未核实经营场所即处罚",
    )
    case = with_first_person(case, earlier_findings=[earlier])
    async with awaiting_report(time_env, settings, case) as (handle, _):
        await report_and_review(handle)
        status = await status_when(handle, lambda s: s.assessment is not None)
        assert status.assessment is not None
        assert any(line.clause == rules.REPEAT_CLAUSE for line in status.assessment.lines)
        found = next(e for e in status.events if e.action == "assessment_attached")
        assert any(rules.REPEAT_CLAUSE in f for f in found.details["findings"])


async def test_repeat_fault_is_read_from_and_written_to_the_subject_record(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    case = with_first_person(
        case_at(await now_in_shanghai(time_env)), id=f"h-{uuid.uuid4().hex[:12]}"
    )
    person = case.persons[0]
    assert not any(p.earlier_findings for p in case.persons)
    ref = person_ref(person)
    assert ref.type is SubjectType.CIVIL_SERVANT and ref.personal
    earlier = Finding(
        finding_id=f"ZR-2025-0003-{person.id}-facts_unclear",
        found_on=case.act.act_date - timedelta(days=100),
        indicator="accountability.facts_unclear",
        label=rules.GROUNDS[rules.Ground.FACTS_UNCLEAR][0],
        kind="facts_unclear",
        repairable=False,
        source_case="accountability-ZR-2025-0003",
    )
    decision = DECISION.model_copy(
        update={
            "persons": [PersonSanction(person_id=person.id, sanctions=["criticism_education"])],
            "decided_on": await today_in(time_env),
        }
    )
    async with running_worker(time_env.client, settings):
        record = await seed_record(
            time_env.client, settings, ref, RecordFinding(finding=earlier, actor="柯城区人民政府")
        )
        handle = await start(time_env, settings, case)
        await status_when(handle, has_deadline("report"))
        await report_and_review(handle)
        status = await status_when(handle, lambda s: s.assessment is not None)
        assert status.assessment is not None
        assert any(line.clause == rules.REPEAT_CLAUSE for line in status.assessment.lines)
        read = next(e for e in status.events if e.action == "earlier_findings_read")
        assert read.details["counts"] == {person.id: 1, case.persons[1].id: 0}
        await execute_step(handle, LostLawsuitAccountabilityWorkflow.record_decision, decision)
        # The receipt comes at once; the findings are written by the decision's follow-ups,
        # which the agency can wait for.
        outputs = await await_outputs(handle, "record_decision")
        assert [(f.what, f.state) for f in outputs.follow_ups] == [
            ("feedback deadline", FollowUpState.DONE),
            ("findings on subject records", FollowUpState.DONE),
        ]
        written_event = next(
            e for e in outputs.events if e.action == "finding_recorded_on_subject_record"
        )
        assert written_event.details["person_id"] == person.id
        facts: SubjectFacts = await record.query(SubjectRecordWorkflow.facts)
        new_id = f"{case.case_id}-{person.id}-facts_unclear"
        written = next(f for f in facts.findings if f.finding_id == new_id)
        assert written.indicator == "accountability.facts_unclear"
        assert written.kind == "facts_unclear" and not written.repairable
        assert written.found_on == case.act.act_date
        assert written.source_case == workflow_id(case.case_id)
        status = await status_when(handle, has_deadline("feedback"))
        assert "finding_recorded_on_subject_record" in actions(status)


async def test_a_case_handed_over_five_times_answers_the_same_status_and_goes_on(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Long lives: a run hands the case over to a fresh run (continue-as-new, here asked by an
    operator; by itself before the history passes its documented size). After five handovers
    the case answers the same status (trail, deadlines with their instants, steps taken) and
    takes its remaining steps; its report deadline is not computed again."""
    received = await now_in_shanghai(time_env)
    case = case_at(received, level="city", county=None, name="衢州市市场监督管理局")
    flow = LostLawsuitAccountabilityWorkflow
    async with awaiting_report(time_env, settings, case) as (handle, _):
        await report_and_review(handle)
        await await_outputs(handle)
        before = await handle.query(flow.status)
        assert before.stage is Stage.AWAITING_DECISION and before.assessment is not None
        runs = []
        for cycle in range(5):
            runs.append(await hand_over(time_env.client, handle, f"handover {cycle + 1}"))
            assert (await handle.query(flow.status)) == before
        assert len(set(runs)) == 5
        computed = [e for e in before.events if e.action == "report_deadline_set"]
        assert len(computed) == 1  # the 2-month period was computed once, in the first run

        await execute_step(handle, flow.record_decision, await decided_today(time_env))
        await execute_step(handle, flow.record_feedback, FEEDBACK)
        result = await handle.result()
        assert result.stage is Stage.CLOSED
        after = await handle.query(flow.status)
        assert after.events[: len(before.events)] == before.events
        assert [e.action for e in after.events].count("report_deadline_set") == 1
        # The report receipt and the 处理建议 (first run), the feedback record.
        assert len(after.documents) == 3


async def test_late_feedback_is_escalated_and_still_accepted(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with awaiting_report(time_env, settings) as (handle, _):
        await report_and_review(handle)
        await execute_step(
            handle, LostLawsuitAccountabilityWorkflow.record_decision, await decided_today(time_env)
        )
        status = await status_when(handle, has_deadline("feedback"))
        await sleep_past(time_env, deadline(status, "feedback").deadline.due_at)
        # The overdue notice is delivered just after the escalation is recorded: wait for it.
        status = await status_when(handle, lambda s: "柯城区司法局" in recipients(s))
        assert "feedback_overdue_escalated" in actions(status)
        assert "柯城区司法局" in recipients(status)
        receipt = await execute_step(
            handle, LostLawsuitAccountabilityWorkflow.record_feedback, FEEDBACK
        )
        assert receipt.detail == "fed back after the deadline"
        assert (await handle.result()).stage is Stage.CLOSED


async def test_township_reports_late_to_the_county_judicial_administration(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    received = await now_in_shanghai(time_env)
    case = case_at(received, level="township", county="江山市", name="江山市贺村镇人民政府")
    async with awaiting_report(time_env, settings, case) as (handle, status):
        assert status.receiving_body == "江山市司法局"
        due = deadline(status, "report").deadline.due_at
        await sleep_past(time_env, due)
        status = await status_when(handle, lambda s: s.overdue)
        assert "report_deadline_reminder" in actions(status)
        escalated = [e for e in status.events if e.action == "notification_sent"][-1]
        assert escalated.details["recipient"] == "江山市司法局"
        receipt = await execute_step(
            handle, LostLawsuitAccountabilityWorkflow.submit_report, REPORT
        )
        assert receipt.detail == "reported after the deadline"
        # The report receipt document follows the step's answer.
        outputs = await await_outputs(handle, "submit_report")
        issued = next(e for e in outputs.events if e.action == "report_receipt_issued")
        status = await status_when(handle, lambda s: s.stage is Stage.UNDER_REVIEW)
        assert status.documents == [issued.details["location"]] and status.overdue


async def test_feedback_runs_from_the_day_the_decision_was_made_not_when_it_was_entered(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """衢政办发〔2023〕5号 第十三条第三款 处理决定作出后3个工作日内 (seed 001 l.978): a decision
    made on the day of the review and entered 10 days later is already past its feedback
    period: shown overdue and escalated at once. Its 第十四条 transfers are letters to
    纪检监察机关 and 组织人事部门."""
    flow = LostLawsuitAccountabilityWorkflow
    async with awaiting_report(time_env, settings) as (handle, _):
        await report_and_review(handle)
        reviewed_on = await today_in(time_env)
        await time_env.sleep(timedelta(days=10))
        today = await today_in(time_env)
        before = await status_when(handle, lambda s: s.assessment is not None)
        undated = DECISION.model_copy(update={"decided_on": None})
        message = await refused(handle, flow.record_decision, undated)
        assert message.startswith("decided_on: required")
        assert "衢政办发〔2023〕5号 第十三条第三款" in message
        early = DECISION.model_copy(update={"decided_on": reviewed_on - timedelta(days=1)})
        message = await refused(handle, flow.record_decision, early)
        assert message == (
            f"decided_on: {early.decided_on} is before the review of {reviewed_on} that referred "
            "the case (衢政办发〔2023〕5号 第十三条第二款)"
        )
        future = DECISION.model_copy(update={"decided_on": today + timedelta(days=1)})
        message = await refused(handle, flow.record_decision, future)
        assert message == f"decided_on: {future.decided_on} is in the future"
        unchanged = await handle.query(flow.status)
        assert unchanged.stage is Stage.AWAITING_DECISION and unchanged.handling_decision is None
        assert unchanged.events == before.events

        zhang, li = (p.id for p in before.case.persons)
        decision = DECISION.model_copy(
            update={
                "decided_on": reviewed_on,
                "persons": [
                    PersonSanction(
                        person_id=zhang,
                        sanctions=["criticism_education"],
                        referrals=[rules.Referral.DISCIPLINE, rules.Referral.ORGANISATIONAL],
                    ),
                    PersonSanction(person_id=li, referrals=[rules.Referral.CRIME]),
                ],
            }
        )
        await execute_step(handle, flow.record_decision, decision)
        # Escalated at once: the overdue notice goes to the judicial administration.
        status = await status_when(handle, lambda s: "柯城区司法局" in recipients(s))
        assert status.overdue
        feedback_due = deadline(status, "feedback")
        assert feedback_due.deadline.last_day == add_working_days(reviewed_on, 3).last_day
        assert feedback_due.deadline.last_day < today
        assert "feedback_overdue_escalated" in actions(status)

        outputs = await await_outputs(handle, "record_decision")
        assert [(f.what, f.state) for f in outputs.follow_ups] == [
            ("feedback deadline", FollowUpState.DONE),
            ("findings on subject records", FollowUpState.DONE),
            ("transfers (第十四条)", FollowUpState.DONE),
        ]
        status = await handle.query(flow.status)
        sent = [e for e in status.events if e.action == "transfer_issued"]
        # 涉嫌犯罪 (依法处理) names no body to transfer to: two letters, not three.
        assert [e.details["transferred_to"] for e in sent] == ["同级纪检监察机关", "组织人事部门"]
        assert all(e.citation == "衢政办发〔2023〕5号 第十四条" for e in sent)
        discipline, organisational = (
            Path(e.details["location"]).read_text(encoding="utf-8") for e in sent
        )
        person = before.case.persons[0]
        assert '<p class="addressee">同级纪检监察机关：</p>' in discipline
        assert f"责任人员{person.name}（{person.post}）涉嫌违纪违法需给予党纪政务处分" in discipline
        made = f"{reviewed_on.year}年{reviewed_on.month}月{reviewed_on.day}日"
        assert f"柯城区人民政府于{made}" in discipline
        assert '<p class="addressee">组织人事部门：</p>' in organisational
        assert "涉及组织处理，现移送你机关处理" in organisational

        receipt = await execute_step(handle, flow.record_feedback, FEEDBACK)
        assert receipt.detail == "fed back after the deadline"
        assert (await handle.result()).stage is Stage.CLOSED


# -- the command line (dev server) -------------------------------------------------------------


async def test_the_cli_runs_an_accountability_case(
    dev_env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(minutes=1)
    env = cli_environment(dev_env.client, settings, tmp_path / "cli-data")
    case = case_at(received)
    files = {
        "case": case.model_dump_json(),
        "incomplete": REPORT.model_copy(update={"accountability_proposals": []}).model_dump_json(),
        "report": REPORT.model_dump_json(),
        "review": REVIEW.model_dump_json(),
        "decide": DECISION.model_copy(
            update={"decided_on": datetime.now(SHANGHAI).date()}
        ).model_dump_json(),
        "feedback": FEEDBACK.model_dump_json(),
    }
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text, encoding="utf-8")

    def run(*args: str) -> Any:
        return asyncio.to_thread(cli, "accountability", *args, env=env)

    async with running_worker(dev_env.client, settings):
        started = await run("start", "--file", str(tmp_path / "case.json"))
        assert started.code == 0, started
        assert (
            f"Started case {case.case_id} (accountability-{case.case_id}), "
            "stage 'awaiting_report'." in started.out
        )
        assert "Report to 柯城区司法局 due by 24:00 on" in started.out
        again = await run("start", "--file", str(tmp_path / "case.json"))
        assert (
            again.code == 0 and "already started" in again.out and "Started case" not in again.out
        )
        incomplete = await run("report", case.case_id, "--file", str(tmp_path / "incomplete.json"))
        assert incomplete.code == 2 and "accountability_proposals" in incomplete.err
        for step in ("report", "review"):
            done = await run(step, case.case_id, "--file", str(tmp_path / f"{step}.json"))
            assert done.code == 0, done
        # --wait: the receipt, then what the decision set going, once done.
        decided = await run(
            "decide", case.case_id, "--file", str(tmp_path / "decide.json"), "--wait"
        )
        assert decided.code == 0, decided
        assert "The case is now 'awaiting_feedback'" in decided.out
        assert "What followed the step:" in decided.out
        assert "  feedback deadline: done at " in decided.out
        assert "    feedback_deadline_set; basis=3 working days" in decided.out
        assert "  findings on subject records: done at " in decided.out
        waited = await run(
            "feedback", case.case_id, "--file", str(tmp_path / "feedback.json"), "--wait", "--json"
        )
        assert waited.code == 0, waited
        both = waited.json()
        assert both["receipt"]["case_id"] == case.case_id
        # The feedback was the last step: its follow-ups came back, or the case had closed.
        outputs = both["outputs"]
        assert outputs["closed"] or [f["state"] for f in outputs["follow_ups"]] == ["done", "done"]
        handle = dev_env.client.get_workflow_handle(workflow_id(case.case_id))
        assert (await handle.result())["stage"] == "closed"
        shown = await asyncio.to_thread(cli, "status", case.case_id, env=env)
        assert shown.code == 0, shown
        assert f"Case {case.case_id} · accountability · stage closed" in shown.out
