"""Designation (医保定点, 衢医保发〔2023〕8号 二(三)) end to end on the time-skipping server.

Every period at its real length: the 3-month trial run, the wait for the quarterly acceptance
review, the 5-working-day supplementation window, the 20-working-day evaluation (with its clock
stopped while the applicant supplements), the public notice, the 3 months before a re-evaluation,
and the bars recorded on the institution's subject record that outlive the case.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from temporalio.client import (
    WorkflowExecutionStatus,
    WorkflowHandle,
)
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from checks.uscc import CHARSET, check_character
from contracts.subject_records import (
    Finding,
    RecordFinding,
    RecordRestriction,
    Restriction,
    SubjectFacts,
)
from periods import SHANGHAI, add_working_days, load_calendar
from periods.months import months_later
from procedures.designation.models import (
    AcceptanceFacts,
    AcceptanceReview,
    Application,
    Approval,
    DesignationCase,
    DesignationStatus,
    Evaluation,
    FalseMaterials,
    Investigation,
    MaterialsRequest,
    Outcome,
    ReevaluationRequest,
    Report,
    Signing,
    Stage,
    Supplement,
)
from procedures.designation.workflow import DesignationWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import (
    CaseWorkflow,
    actions,
    deadline,
    refused,
    seed_record,
    sleep_past,
    today_in,
)
from tests.conftest import (
    EXAMPLES,
    hand_over,
    raw_status,
    running_worker,
)
from tests.test_scoring_designation import _at_90, with_

# The 2027 notice may be added to the data later; the expectations are computed with the same
# calendar the worker uses (the data as shipped).
CALENDAR = load_calendar(None)


def _json(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def fresh_uscc(kind_digit: str = "9") -> str:
    """A valid, unique unified social credit code (subject records are per code)."""
    rng = random.Random(uuid.uuid4().int)
    body = kind_digit + "2" + "330802" + "".join(rng.choice(CHARSET) for _ in range(9))
    return body + check_character(body)


def case_of(kind: str, pre_registered_on: date, uscc: str | None = None) -> DesignationCase:
    raw = _json(f"designation-{kind}.json")
    raw["case_id"] = f"T-{uuid.uuid4().hex[:10]}"
    raw["institution"]["uscc"] = uscc or fresh_uscc()
    raw["pre_registered_on"] = pre_registered_on.isoformat()
    return DesignationCase.model_validate(raw)


def trial_run_over(kind: str, today: date, uscc: str | None = None) -> DesignationCase:
    """A case pre-registered 4 months before `today`: its 3-month trial run is over."""
    return case_of(kind, months_later(today, -4), uscc)


def application_of(kind: str, **drop: bool) -> Application:
    raw = _json(f"designation-application-{kind}.json")
    for code in drop:
        raw["materials"].pop(code)
    return Application.model_validate(raw)


def evaluation_of(case: DesignationCase, today: date, **facts: Any) -> Evaluation:
    kind = "medical" if case.institution.kind.value == "medical_institution" else "pharmacy"
    raw = _json(f"designation-evaluation-{kind}.json")
    raw["facts"]["institution_id"] = case.institution.uscc
    raw["facts"]["institution_name"] = case.institution.name
    raw["facts"]["evaluation_date"] = today.isoformat()
    raw["facts"].update(facts)
    return Evaluation.model_validate(raw)


def judged(
    case: DesignationCase, today: date, missing_fields: int, *sheets: tuple[float, float]
) -> Evaluation:
    """The scoring tests' boundary facts: a medical institution measured at 86 − fields × 0.2,
    one sheet per (rules, environment) judgement (tests/test_scoring_designation.py)."""
    facts = with_(_at_90([]), inventory__missing_purchase_fields=missing_fields)
    facts["institution_id"] = case.institution.uscc
    facts["institution_name"] = case.institution.name
    facts["evaluation_date"] = today.isoformat()
    facts["evaluators"] = [
        {"evaluator_id": f"E{i}", "rules_quality": r, "environment": e}
        for i, (r, e) in enumerate(sheets, 1)
    ]
    return Evaluation(group="评估小组", facts=facts)


def approval(meeting_on: date, minutes: str) -> Approval:
    """The bureau's meeting approves the designation, its minutes the record of it."""
    return Approval(meeting_on=meeting_on, minutes=minutes, approved=True)


def signing(agreement_number: str, signed_on: date) -> Signing:
    """The agreement, signed for the agency by the tests' one signatory."""
    return Signing(agreement_number=agreement_number, signed_on=signed_on, signed_by="郑晓燕")


def start_of(day: date) -> datetime:
    """00:00 of `day` in the agencies' time zone."""
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI)


def workflow_id(case_id: str) -> str:
    return f"designation-{case_id}"


DESIGNATION = CaseWorkflow(DesignationWorkflow.run, DesignationWorkflow.status, workflow_id)
status_when = DESIGNATION.status_when


async def finished(handle: WorkflowHandle[Any, Any], timeout_s: float = 30.0) -> DesignationStatus:
    """The case's status once it has completed. Never `handle.result()`: waiting for a result
    unlocks time skipping, and the server jumps ahead to the next timer it knows of (the 10-year
    run timeout of the subject records, which have no timers of their own)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    while await raw_status(handle) != WorkflowExecutionStatus.COMPLETED:
        if loop.time() > end:
            raise AssertionError(f"{handle.id} did not complete")
        await asyncio.sleep(0.05)
    status: DesignationStatus = await handle.query(DesignationWorkflow.status)
    return status


def in_stage(stage: Stage) -> Callable[[DesignationStatus], bool]:
    return lambda status: status.stage is stage


def pre_registered(status: DesignationStatus) -> bool:
    # The people's record ids come from an activity after the start.
    return status.stage is Stage.TRIAL_RUN and bool(status.people)


STARTED: list[WorkflowHandle[Any, Any]] = []


@pytest_asyncio.fixture(autouse=True, loop_scope="session")
async def end_open_cases() -> AsyncIterator[None]:
    """Time skipping is global to the server: a case a test leaves open would have timers fire
    for a worker that is gone, and the server would wait for it instead of skipping."""
    yield
    while STARTED:
        handle = STARTED.pop()
        try:
            await handle.terminate("test over")
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:
                raise


async def start(
    env: WorkflowEnvironment, settings: Settings, case: DesignationCase
) -> WorkflowHandle[Any, Any]:
    handle = await DESIGNATION.start(env, settings, case)
    STARTED.append(handle)
    return handle


async def record_of(
    env: WorkflowEnvironment, settings: Settings, case: DesignationCase
) -> SubjectFacts:
    handle = env.client.get_workflow_handle(
        case.institution.ref().workflow_id(settings.subject_id_secret)
    )
    facts: SubjectFacts = await handle.query(SubjectRecordWorkflow.facts)
    return facts


async def apply(handle: WorkflowHandle[Any, Any], application: Application) -> DesignationStatus:
    """The institution applies once its trial run is over: the case awaits the quarterly batch."""
    await status_when(handle, pre_registered)
    await execute_step(handle, DesignationWorkflow.apply, application)
    return await status_when(handle, in_stage(Stage.AWAITING_BATCH))


Applied = tuple[DesignationCase, WorkflowHandle[Any, Any], DesignationStatus]


@asynccontextmanager
async def applied(
    env: WorkflowEnvironment,
    settings: Settings,
    kind: str = "medical",
    application: Application | None = None,
    uscc: str | None = None,
) -> AsyncIterator[Applied]:
    """A case pre-registered 4 months ago (trial run over) that has applied: awaiting the batch."""
    case = trial_run_over(kind, await today_in(env), uscc)
    async with running_worker(env.client, settings):
        handle = await start(env, settings, case)
        yield case, handle, await apply(handle, application or application_of(kind))


async def through_batch(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], status: DesignationStatus
) -> DesignationStatus:
    assert status.batch_day is not None
    await sleep_past(env, start_of(status.batch_day) + timedelta(hours=9))
    return await status_when(handle, lambda s: s.stage is not Stage.AWAITING_BATCH)


@asynccontextmanager
async def past_the_batch(
    env: WorkflowEnvironment, settings: Settings, kind: str = "medical", **applying: Any
) -> AsyncIterator[Applied]:
    """A case that has applied (`applying`: its application, its code, as `applied`) and been
    through its quarterly acceptance review: evaluating, or supplementing what was missing."""
    async with applied(env, settings, kind, **applying) as (case, handle, status):
        yield case, handle, await through_batch(env, handle, status)


async def apply_again(
    env: WorkflowEnvironment, settings: Settings, kind: str, uscc: str
) -> tuple[WorkflowHandle[Any, Any], str]:
    """A new case of the same institution, its trial run over, applies: the refusal's message."""
    second = await start(env, settings, trial_run_over(kind, await today_in(env), uscc))
    await status_when(second, pre_registered)
    return second, await refused(second, DesignationWorkflow.apply, application_of(kind))


async def step_after(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], days: int, update: Any, arg: Any
) -> date:
    """`days` later, a step of the evaluation's pause (the evaluators' request for materials,
    the applicant's supplement): the day it was taken, when the clock stops or runs again."""
    await env.sleep(timedelta(days=days))
    taken_on = await today_in(env)
    await execute_step(handle, update, arg)
    return taken_on


async def ask_materials(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], days: int
) -> date:
    """`days` into the evaluation the evaluators ask for an original: the day the clock stops."""
    request = materials_request("执业药师劳动合同原件")
    return await step_after(env, handle, days, DesignationWorkflow.request_materials, request)


def materials_request(item: str) -> MaterialsRequest:
    return MaterialsRequest(requested_by="评估小组", items=[item])


def original(material: str) -> Supplement:
    return Supplement(materials={"extra-1": material})


# -- the application ------------------------------------------------------------------------------


async def test_an_application_during_the_trial_run_is_refused_with_the_day_it_becomes_possible(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    today = await today_in(time_env)
    registered_on = today - timedelta(days=20)
    case = case_of("pharmacy", registered_on)
    async with running_worker(time_env.client, settings):
        handle = await start(time_env, settings, case)
        before = await status_when(handle, pre_registered)
        message = await refused(handle, DesignationWorkflow.apply, application_of("pharmacy"))
        after = await handle.query(DesignationWorkflow.status)
    possible = months_later(registered_on, 3) + timedelta(days=1)
    assert before.application_possible_from == possible
    assert f"possible from {possible.isoformat()}" in message
    assert "试运行满3个月后" in message
    assert after == before and after.application is None


async def test_the_application_waits_for_the_next_quarterly_batch_across_the_quarter_boundary(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with applied(time_env, settings, "pharmacy") as (_, handle, status):
        today = await today_in(time_env)
        # The first working day of the next January, April, July or October, after today.
        month = next((m for m in (4, 7, 10) if date(today.year, m, 1) > today), None)
        first = date(today.year, month, 1) if month else date(today.year + 1, 1, 1)
        expected = CALENDAR.first_working_day_from(first)
        assert status.batch_day == expected
        assert status.batch_day.month != today.month or status.batch_day.year != today.year
        assert "application_received" in actions(status)
        # The day before the review: still waiting; the review is held on its day, not before.
        await sleep_past(
            time_env,
            start_of(expected - timedelta(days=1)),
        )
        waiting = await handle.query(DesignationWorkflow.status)
        assert waiting.stage is Stage.AWAITING_BATCH and waiting.accepted_at is None
        reviewed = await through_batch(time_env, handle, status)
    assert reviewed.stage is Stage.EVALUATING
    assert reviewed.accepted_at is not None
    assert reviewed.accepted_at.astimezone(SHANGHAI).date() == expected
    evaluation = deadline(reviewed, "evaluation")
    assert (
        evaluation.deadline.last_day == add_working_days(expected, 20, calendar=CALENDAR).last_day
    )
    assert any(d.endswith("acceptance.html") for d in reviewed.documents)


async def test_a_non_acceptance_case_refuses_the_application_naming_every_case(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with applied(time_env, settings, "medical") as (_, handle, status):
        review = AcceptanceReview(
            reviewer="医药服务管理科",
            facts=AcceptanceFacts(non_basic_main_scope=True, related_under_investigation=True),
        )
        await execute_step(handle, DesignationWorkflow.review_acceptance, review)
        await through_batch(time_env, handle, status)
        result = await finished(handle)
        closed = await handle.query(DesignationWorkflow.status)
    assert result.outcome is Outcome.NOT_ACCEPTED
    assert closed.stage is Stage.REJECTED
    assert [g.case for g in closed.non_acceptance] == [1, 11]
    assert closed.non_acceptance[0].clause == "衢医保发〔2023〕8号 二(三)2 医疗机构不予受理情形(1)"
    refusal = next(d for d in closed.documents if d.endswith("designation-refusal.html"))
    text = Path(refusal).read_text(encoding="utf-8")
    assert "不予受理情形(1)" in text and "不予受理情形(11)" in text


async def test_the_review_reads_the_institution_and_its_people_from_their_records(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """二(三)2 医疗机构(6): terminated for breach 8 months ago (1 year not full); (8): the legal
    representative is on the list of dishonest persons. Both named, each with its clause."""
    today = await today_in(time_env)
    case = trial_run_over("medical", today)
    breach = Finding(
        finding_id="JC-2026-07",
        found_on=months_later(today, -8),
        indicator="designation.terminated_for_breach",
        label="违反医保协议约定被解除协议",
        repairable=False,
    )
    listed = Restriction(
        text="被列入失信被执行人名单",
        clause="最高人民法院关于公布失信被执行人名单信息的若干规定",
        kind="dishonest_persons_list",
        from_day=months_later(today, -2),
    )
    legal_representative = case.institution.people[0]
    by_the_agency = RecordFinding(finding=breach, actor="衢州市医疗保障局")
    by_the_court = RecordRestriction(restriction=listed, actor="衢州市中级人民法院")
    institution, representative = case.institution.ref(), legal_representative.ref()
    async with running_worker(time_env.client, settings):
        # Ended with the cases: a record left running would hold the server's clock.
        STARTED.append(await seed_record(time_env.client, settings, institution, by_the_agency))
        STARTED.append(await seed_record(time_env.client, settings, representative, by_the_court))
        handle = await start(time_env, settings, case)
        status = await apply(handle, application_of("medical"))
        await through_batch(time_env, handle, status)
        closed = await finished(handle)
    assert closed.outcome is Outcome.NOT_ACCEPTED
    assert [g.case for g in closed.non_acceptance] == [6, 8]
    assert [g.clause for g in closed.non_acceptance] == [
        "衢医保发〔2023〕8号 二(三)2 医疗机构不予受理情形(6)",
        "衢医保发〔2023〕8号 二(三)2 医疗机构不予受理情形(8)",
    ]
    person = closed.non_acceptance[1].reason
    assert legal_representative.name in person
    assert legal_representative.id_number not in closed.model_dump_json()


# -- supplementation -------------------------------------------------------------------------------


async def test_missing_materials_are_told_once_and_supplemented_in_time(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    application = application_of("medical", premises=True, fund_use_forecast=True)
    async with applied(time_env, settings, "medical", application) as (_, handle, status):
        review = AcceptanceReview(
            reviewer="医药服务管理科",
            nonconforming={"internal_rules": "财务制度缺失"},
            extra_required=["消防验收合格证明"],
        )
        await execute_step(handle, DesignationWorkflow.review_acceptance, review)
        notified = await through_batch(time_env, handle, status)
        assert notified.stage is Stage.SUPPLEMENTING
        assert sorted(m.key for m in notified.missing) == [
            "extra-1",
            "fund_use_forecast",
            "internal_rules",
            "premises",
        ]
        window = deadline(notified, "supplement")
        assert window.kind == "party_window"
        assert notified.batch_day is not None
        assert (
            window.deadline.last_day
            == add_working_days(notified.batch_day, 5, calendar=CALENDAR).last_day
        )
        notice = next(d for d in notified.documents if d.endswith("supplementation.html"))
        text = Path(notice).read_text(encoding="utf-8")
        assert "消防验收合格证明" in text and "财务制度缺失" in text
        # Part now, the rest later: still supplementing until everything is in.
        receipt = await execute_step(
            handle,
            DesignationWorkflow.supplement,
            Supplement(materials={"premises": "租赁合同", "fund_use_forecast": "分析报告"}),
        )
        assert "still missing" in receipt.detail
        assert receipt.stage is Stage.SUPPLEMENTING
        message = await refused(
            handle, DesignationWorkflow.supplement, Supplement(materials={"practice_licence": "x"})
        )
        assert "not asked for" in message
        await time_env.sleep(timedelta(days=2))
        complete = await execute_step(
            handle,
            DesignationWorkflow.supplement,
            Supplement(materials={"internal_rules": "财务制度", "extra-1": "消防验收"}),
        )
        # The reply says where the case is going: accepted, into the evaluation (issue 17).
        assert complete.stage is Stage.EVALUATING
        accepted = await status_when(handle, in_stage(Stage.EVALUATING))
    assert accepted.accepted_at is not None
    accepted_on = accepted.accepted_at.astimezone(SHANGHAI).date()
    assert accepted_on > notified.batch_day
    assert (
        deadline(accepted, "evaluation").deadline.last_day
        == add_working_days(accepted_on, 20, calendar=CALENDAR).last_day
    )


async def test_missed_supplementation_abandons_and_bars_a_new_application_for_3_months(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    uscc = fresh_uscc()
    application = application_of("pharmacy", premises=True)
    async with past_the_batch(
        time_env, settings, "pharmacy", application=application, uscc=uscc
    ) as (case, handle, notified):
        window = deadline(notified, "supplement")
        await sleep_past(time_env, window.deadline.due_at)
        result = await finished(handle)
        closed = await handle.query(DesignationWorkflow.status)
        record = await record_of(time_env, settings, case)
        # A new case of the same pharmacy applies within the 3 months: refused, with the day.
        second, message = await apply_again(time_env, settings, "pharmacy", uscc)
        still = await second.query(DesignationWorkflow.status)
    assert result.outcome is Outcome.ABANDONED and closed.stage is Stage.ABANDONED
    last_day = window.deadline.last_day
    until = months_later(last_day, 3)
    [bar] = record.restrictions
    assert bar.kind == "designation_application"
    assert (bar.from_day, bar.until) == (last_day + timedelta(days=1), until)
    assert f"possible from {(until + timedelta(days=1)).isoformat()}" in message
    assert still.stage is Stage.TRIAL_RUN and still.application is None


# -- evaluation ------------------------------------------------------------------------------------


async def test_the_evaluation_clock_stops_while_the_applicant_supplements(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with past_the_batch(time_env, settings, "pharmacy") as (case, handle, evaluating):
        first = deadline(evaluating, "evaluation").deadline
        paused_on = await ask_materials(time_env, handle, 3)
        paused = await status_when(handle, in_stage(Stage.SUPPLEMENTING))
        assert deadline(paused, "evaluation").paused_since is not None
        message = await refused(
            handle, DesignationWorkflow.evaluate, evaluation_of(case, paused_on)
        )
        assert "stage 'supplementing'" in message
        resumed_on = await step_after(
            time_env, handle, 4, DesignationWorkflow.supplement, original("劳动合同原件")
        )
        resumed = await status_when(
            handle, lambda s: s.stage is Stage.EVALUATING and s.evaluation_paused_working_days > 0
        )
    paused_days = CALENDAR.count_working_days(paused_on, resumed_on)
    assert paused_days > 0
    moved = deadline(resumed, "evaluation").deadline
    assert resumed.evaluation_paused_working_days == paused_days
    assert moved.last_day == CALENDAR.nth_working_day_after(first.last_day, paused_days)
    assert "evaluation_clock_paused" in actions(resumed)
    assert "evaluation_clock_resumed" in actions(resumed)


async def test_materials_back_weeks_after_the_evaluators_request_move_the_due_date_only(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """二(三)3 (issue 17): asked a week into the evaluation, handed back three weeks later and
    after the next holiday: nothing abandoned, the due date moved by the days held."""
    async with past_the_batch(time_env, settings, "pharmacy") as (_, handle, evaluating):
        assert evaluating.accepted_at is not None
        accepted_on = evaluating.accepted_at.astimezone(SHANGHAI).date()
        first = deadline(evaluating, "evaluation").deadline
        paused_on = await ask_materials(time_env, handle, 7)
        waiting = await status_when(
            handle, lambda s: s.stage is Stage.SUPPLEMENTING and bool(s.documents[-1:])
        )
        # Three weeks at least, and past the next weekday holiday (the real calendar's).
        holiday = next(
            paused_on + timedelta(days=n)
            for n in range(1, 400)
            if (paused_on + timedelta(days=n)).weekday() < 5
            and CALENDAR.is_rest_day(paused_on + timedelta(days=n))
        )
        back = max(paused_on + timedelta(days=21), holiday + timedelta(days=1))
        resumed_on = await step_after(
            time_env,
            handle,
            (back - paused_on).days,
            DesignationWorkflow.supplement,
            original("劳动合同原件"),
        )
        resumed = await status_when(
            handle, lambda s: s.stage is Stage.EVALUATING and s.evaluation_paused_working_days > 0
        )
    used = CALENDAR.count_working_days(accepted_on, paused_on)
    assert waiting.evaluation_paused_on == paused_on
    assert waiting.evaluation_working_days_used == used
    assert deadline(waiting, "evaluation").paused_since is not None
    # No 5-working-day window at this stage: the only supplement window is none at all.
    assert all(d.name != "supplement" for d in waiting.deadlines)
    notice = Path(waiting.documents[-1]).read_text(encoding="utf-8")
    assert "机构补充材料时间不计入评估期限 (衢医保发〔2023〕8号 二(三)3)" in notice
    assert f"已用{used}个工作日" in notice and f"剩余{20 - used}个工作日" in notice
    assert "个工作日内补正" not in notice and "逾期未补正" not in notice
    [issued] = [e for e in waiting.events if e.action == "supplementation_notice_issued"]
    assert issued.citation == "衢医保发〔2023〕8号 二(三)3"
    held = CALENDAR.count_working_days(paused_on, resumed_on)
    assert resumed_on >= paused_on + timedelta(days=21) and paused_on < holiday < resumed_on
    assert resumed.outcome is None and resumed.restrictions_recorded == []
    assert resumed.evaluation_paused_working_days == held
    assert resumed.evaluation_working_days_used is None
    moved = deadline(resumed, "evaluation").deadline
    assert moved.last_day == CALENDAR.nth_working_day_after(first.last_day, held)


async def test_a_veto_fails_whatever_the_points(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with past_the_batch(time_env, settings, "pharmacy") as (case, handle, _):
        today = await today_in(time_env)
        evaluation = evaluation_of(case, today)
        evaluation.facts["basic"]["credit"] = False
        await execute_step(handle, DesignationWorkflow.evaluate, evaluation)
        failed = await status_when(handle, in_stage(Stage.RECTIFYING))
    [record] = failed.evaluations
    assert record.average >= 85 and record.passed is False
    assert record.vetoes and "基础指标" in record.vetoes[0]
    assert failed.reevaluation_possible_from == months_later(today, 3) + timedelta(days=1)


@pytest.mark.parametrize(
    ("sheets", "passes"),
    [
        # 5 sheets averaging exactly 85: 2 × 84.7 + 3 × 85.2 = 425 / 5 (85分(含)以上 合格).
        (((1.5, 2), (2, 2), (2, 2), (2, 1.5), (2, 2)), True),
        # 2 sheets averaging 84.95: below 85.
        (((2, 2), (1.5, 2)), False),
    ],
    ids=["85.00-passes", "84.95-fails"],
)
async def test_the_pass_mark_is_85_inclusive_on_the_average(
    time_env: WorkflowEnvironment,
    settings: Settings,
    sheets: tuple[tuple[float, float], ...],
    passes: bool,
) -> None:
    async with past_the_batch(time_env, settings, "medical") as (case, handle, _):
        today = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, judged(case, today, 24, *sheets))
        after = await status_when(
            handle, lambda s: s.stage in (Stage.PUBLIC_NOTICE, Stage.RECTIFYING)
        )
    [record] = after.evaluations
    assert record.average == pytest.approx(85.0 if passes else 84.95)
    assert record.passed is passes
    assert after.stage is (Stage.PUBLIC_NOTICE if passes else Stage.RECTIFYING)


async def test_fail_rectify_fail_again_bars_a_new_application_for_a_year(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    uscc = fresh_uscc()
    async with past_the_batch(time_env, settings, "medical", uscc=uscc) as (case, handle, _):
        today = await today_in(time_env)
        low = judged(case, today, 30, (1, 1))
        await execute_step(handle, DesignationWorkflow.evaluate, low)
        failed = await status_when(handle, in_stage(Stage.RECTIFYING))
        possible = failed.reevaluation_possible_from
        assert possible == months_later(today, 3) + timedelta(days=1)
        request = ReevaluationRequest(applicant="王建华", rectification="整改完毕")
        # The day before: refused, with the day it becomes possible.
        await sleep_past(
            time_env,
            start_of(possible - timedelta(days=1)),
        )
        message = await refused(handle, DesignationWorkflow.request_reevaluation, request)
        assert f"from {possible.isoformat()}" in message
        await time_env.sleep(timedelta(days=1))
        await execute_step(handle, DesignationWorkflow.request_reevaluation, request)
        again = await status_when(handle, in_stage(Stage.EVALUATING))
        request_day = await today_in(time_env)
        assert (
            deadline(again, "evaluation").deadline.last_day
            == add_working_days(request_day, 20, calendar=CALENDAR).last_day
        )
        await execute_step(
            handle, DesignationWorkflow.evaluate, judged(case, request_day, 30, (1, 1))
        )
        result = await finished(handle)
        closed = await handle.query(DesignationWorkflow.status)
        record = await record_of(time_env, settings, case)
        # A new application of the same institution within the year is refused.
        _, refusal = await apply_again(time_env, settings, "medical", uscc)
    assert result.outcome is Outcome.FAILED and closed.stage is Stage.REJECTED
    assert [e.round for e in closed.evaluations] == [1, 2]
    until = months_later(request_day, 12)
    [bar] = record.restrictions
    assert (bar.kind, bar.from_day, bar.until) == ("designation_application", request_day, until)
    assert f"possible from {(until + timedelta(days=1)).isoformat()}" in refusal
    assert "1年内不得再次申请" in refusal


# -- public notice, approval, signing --------------------------------------------------------------


async def test_a_substantiated_report_during_the_notice_ends_the_case(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with past_the_batch(time_env, settings, "pharmacy") as (case, handle, _):
        today = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, evaluation_of(case, today))
        await status_when(handle, in_stage(Stage.PUBLIC_NOTICE))
        await execute_step(
            handle,
            DesignationWorkflow.report,
            Report(reporter="匿名", content="药房夜间无药师在岗"),
        )
        await execute_step(
            handle,
            DesignationWorkflow.investigate,
            Investigation(investigator="稽核科", substantiated=True, findings="经查属实"),
        )
        result = await finished(handle)
        closed = await handle.query(DesignationWorkflow.status)
    assert result.outcome is Outcome.REPORT_SUBSTANTIATED
    assert closed.stage is Stage.REJECTED and "经查属实" in (closed.closing_reason or "")
    assert closed.agreement is None


async def test_false_materials_cancel_the_application_and_bar_it_for_3_years(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    async with past_the_batch(time_env, settings, "medical") as (case, handle, _):
        today = await today_in(time_env)
        await execute_step(
            handle,
            DesignationWorkflow.report_false_materials,
            FalseMaterials(verified_by="稽核科", materials=["premises"], finding="租赁合同系伪造"),
        )
        result = await finished(handle)
        record = await record_of(time_env, settings, case)
    assert result.outcome is Outcome.CANCELLED
    [bar] = record.restrictions
    assert bar.kind == "designation_fraudulent_application"
    assert (bar.from_day, bar.until) == (today, months_later(today, 36))


@pytest.mark.parametrize("kind", ["medical", "pharmacy"])
async def test_from_pre_registration_to_a_signed_agreement(
    time_env: WorkflowEnvironment, settings: Settings, kind: str
) -> None:
    async with past_the_batch(time_env, settings, kind) as (case, handle, _):
        await time_env.sleep(timedelta(days=5))
        today = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, evaluation_of(case, today))
        notice = await status_when(handle, in_stage(Stage.PUBLIC_NOTICE))
        window = deadline(notice, "public_notice")
        assert window.deadline.last_day == add_working_days(today, 5, calendar=CALENDAR).last_day
        await execute_step(
            handle, DesignationWorkflow.report, Report(reporter="市民", content="门口停车难")
        )
        await sleep_past(time_env, window.deadline.due_at)
        # The notice is over but a report awaits its investigation: no approval yet.
        waiting = await handle.query(DesignationWorkflow.status)
        assert waiting.stage is Stage.PUBLIC_NOTICE
        await execute_step(
            handle,
            DesignationWorkflow.investigate,
            Investigation(investigator="稽核科", substantiated=False, findings="与定点无关"),
        )
        await status_when(handle, in_stage(Stage.APPROVAL))
        meeting = await today_in(time_env)
        await execute_step(
            handle, DesignationWorkflow.approve, approval(meeting, "党组纪要〔2027〕2号")
        )
        await status_when(handle, in_stage(Stage.SIGNING))
        await execute_step(handle, DesignationWorkflow.sign, signing("QZYB-T-0001", meeting))
        result = await finished(handle)
        closed = await handle.query(DesignationWorkflow.status)
        record = await record_of(time_env, settings, case)
    assert result.outcome is Outcome.DESIGNATED and closed.stage is Stage.DESIGNATED
    assert closed.agreement is not None
    assert closed.agreement.term_end == date(meeting.year, 12, 31)
    [agreement] = record.agreements
    assert (agreement.agreement_number, agreement.term_end) == (
        "QZYB-T-0001",
        date(meeting.year, 12, 31),
    )
    for action in (
        "application_accepted",
        "evaluation_scored",
        "evaluation_result_filed",
        "public_notice_published",
        "party_group_reviewed",
        "agreement_signed",
        "agreement_filed",
        "card_settlement_opened",
        "designation_announced",
    ):
        assert action in actions(closed), action
    names = [Path(d).name for d in closed.documents]
    assert names == [
        "acceptance.html",
        "evaluation-result-1.html",
        "public-notice-1.html",
        "designation-announcement.html",
    ]
    # The people show as keyed record ids, never their identity numbers.
    shown = closed.model_dump_json()
    for person in case.institution.people:
        assert person.id_number not in shown
    assert all(p.record_id.startswith("subject-institution_head-h") for p in closed.people)


async def test_a_restart_of_the_worker_in_the_middle_of_the_evaluation_loses_nothing(
    time_env: WorkflowEnvironment, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = trial_run_over("medical", await today_in(time_env))
    monkeypatch.setattr(settings, "workflow_cache", 0)  # below QZ_WORKFLOW_CACHE's floor
    async with running_worker(time_env.client, settings, keep_open=True):
        handle = await start(time_env, settings, case)
        status = await apply(handle, application_of("medical"))
        before = await through_batch(time_env, handle, status)
    monkeypatch.undo()
    await time_env.sleep(timedelta(days=3))
    async with running_worker(time_env.client, settings):
        during = await status_when(handle, in_stage(Stage.EVALUATING))
        assert during.deadlines == before.deadlines and during.events == before.events
        evaluation = deadline(during, "evaluation").deadline
        await sleep_past(time_env, evaluation.due_at)
        overdue = await status_when(handle, lambda s: s.overdue)
        today = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, evaluation_of(case, today))
        after = await status_when(handle, in_stage(Stage.PUBLIC_NOTICE))
    assert "evaluation_overdue_escalated" in actions(overdue)
    assert after.evaluations[0].passed


async def test_a_designation_handed_over_at_every_wait_ends_designated_the_same(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A case moved onto a fresh run (continue-as-new) at each of its waits, eleven in all:
    the trial run, the batch, the acceptance's supplementation, the evaluation, its paused
    clock, the rectification, the re-evaluation, the notice, the meeting and the signing. Each
    fresh run answers the same status and takes the next step where the last one left off:
    the batch timer and the deadlines keep their instants, the pause and the first failure
    count, and the agreement is signed once."""
    case = trial_run_over("medical", await today_in(time_env))
    runs: list[str] = []
    application = application_of("medical", premises=True)
    async with running_worker(time_env.client, settings):
        handle = await start(time_env, settings, case)

        async def hand_over_unchanged(stage: Stage) -> DesignationStatus:
            before = await status_when(handle, in_stage(stage))
            runs.append(await hand_over(time_env.client, handle, f"handover in {stage}"))
            assert await handle.query(DesignationWorkflow.status) == before
            return before

        first = await status_when(handle, pre_registered)
        await hand_over_unchanged(Stage.TRIAL_RUN)
        await execute_step(handle, DesignationWorkflow.apply, application)
        waiting = await hand_over_unchanged(Stage.AWAITING_BATCH)
        notified = await through_batch(time_env, handle, waiting)
        assert notified.stage is Stage.SUPPLEMENTING
        await hand_over_unchanged(Stage.SUPPLEMENTING)
        await execute_step(
            handle, DesignationWorkflow.supplement, Supplement(materials={"premises": "租赁合同"})
        )
        evaluating = await hand_over_unchanged(Stage.EVALUATING)
        paused_on = await step_after(
            time_env,
            handle,
            3,
            DesignationWorkflow.request_materials,
            materials_request("执业医师劳动合同原件"),
        )
        await hand_over_unchanged(Stage.SUPPLEMENTING)
        resumed_on = await step_after(
            time_env, handle, 4, DesignationWorkflow.supplement, original("原件")
        )
        resumed = await status_when(
            handle, lambda s: s.stage is Stage.EVALUATING and s.evaluation_paused_working_days > 0
        )
        await hand_over_unchanged(Stage.EVALUATING)
        day = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, judged(case, day, 30, (1, 1)))
        failed = await hand_over_unchanged(Stage.RECTIFYING)
        assert failed.reevaluation_possible_from is not None
        await sleep_past(
            time_env,
            start_of(failed.reevaluation_possible_from),
        )
        await execute_step(
            handle,
            DesignationWorkflow.request_reevaluation,
            ReevaluationRequest(applicant="王建华", rectification="整改完毕"),
        )
        await hand_over_unchanged(Stage.EVALUATING)
        day = await today_in(time_env)
        await execute_step(handle, DesignationWorkflow.evaluate, evaluation_of(case, day))
        notice = await hand_over_unchanged(Stage.PUBLIC_NOTICE)
        await sleep_past(time_env, deadline(notice, "public_notice").deadline.due_at)
        await hand_over_unchanged(Stage.APPROVAL)
        meeting = await today_in(time_env)
        await execute_step(
            handle, DesignationWorkflow.approve, approval(meeting, "党组纪要〔2027〕3号")
        )
        await hand_over_unchanged(Stage.SIGNING)
        await execute_step(handle, DesignationWorkflow.sign, signing("QZYB-T-0011", meeting))
        closed = await finished(handle)
        record = await record_of(time_env, settings, case)
    assert len(set(runs)) == 11
    assert closed.stage is Stage.DESIGNATED and closed.events[: len(first.events)] == first.events
    # The batch came when it was due, not when a fresh run was started.
    held = next(e for e in closed.events if e.action == "acceptance_review_held")
    assert held.details["review_day"] == waiting.batch_day.isoformat()
    # The first evaluation's clock stopped for exactly the working days the applicant held
    # the file, and the re-evaluation is scored as the second round.
    paused = CALENDAR.count_working_days(paused_on, resumed_on)
    assert resumed.evaluation_paused_working_days == paused > 0
    moved = deadline(resumed, "evaluation").deadline.last_day
    assert moved == CALENDAR.nth_working_day_after(
        deadline(evaluating, "evaluation").deadline.last_day, paused
    )
    assert [(e.round, e.passed) for e in closed.evaluations] == [(1, False), (2, True)]
    for action in ("application_received", "application_accepted", "agreement_signed"):
        assert actions(closed).count(action) == 1, action
    assert [a.agreement_number for a in record.agreements] == ["QZYB-T-0011"]


# -- what supervisors filter on (the dev server: visibility) ---------------------------------------


async def test_supervisors_find_the_case_by_stage_and_no_personal_data_is_searchable(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    case = trial_run_over("medical", datetime.now(SHANGHAI).date())
    async with running_worker(dev_env.client, settings):
        handle = await dev_env.client.start_workflow(
            DesignationWorkflow.run,
            case,
            id=f"designation-{case.case_id}",
            task_queue=settings.task_queue,
        )
        await status_when(handle, pre_registered)
        await execute_step(handle, DesignationWorkflow.apply, application_of("medical"))
        query = (
            "ProcedureType='designation' AND CaseStage='awaiting_batch' "
            f"AND WorkflowId='designation-{case.case_id}'"
        )
        found: list[Any] = []
        for _ in range(100):
            found = [w async for w in dev_env.client.list_workflows(query)]
            if found:
                break
            await asyncio.sleep(0.1)
        description = await handle.describe()
        await handle.terminate("test over")
    assert [w.id for w in found] == [f"designation-{case.case_id}"]
    attributes = {pair.key.name: pair.value for pair in description.typed_search_attributes}
    assert attributes["AgencyCode"] == case.agency.code
    shown = json.dumps(attributes, default=str, ensure_ascii=False)
    for person in case.institution.people:
        assert person.id_number not in shown and person.name not in shown
