"""An evaluation round end to end on the time-skipping server (issue 19): 50 subjects' facts sent
in batches, one record the scoring schema refuses, the facts closed; every subject scored,
the lists published, the results written or the objection cases opened, the subjects told.

衢市监规〔2021〕2号 六(一)–(二) (seed 000 l.929–931) for the IP agencies' yearly round;
衢医保发〔2021〕36号 四(二)–(四), 五(六) (l.1105–1120, l.1154) for the medical-credit round.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

import scoring
from contracts import medical_objections as med
from contracts.rounds import RoundAgency, RoundKind, RoundOpening, workflow_id
from contracts.subject_records import FACTS_QUERY, SubjectFacts, SubjectRef, SubjectType
from periods import SHANGHAI, add_working_days, default_calendar
from procedures.market_objection.models import MarketObjectionCase
from procedures.medical_objection.workflow import MedicalCreditObjectionWorkflow
from procedures.round.models import CloseFacts, FactsBatch, RoundStatus, Stage
from procedures.round.workflow import EvaluationRoundWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import refused
from tests.conftest import EXAMPLES, hand_over, make_settings, poll_query, running_worker
from tests.test_designation_workflow import fresh_uscc

SCORING = EXAMPLES / "scoring"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCORING / name).read_text(encoding="utf-8"))
    return data


def ip_agencies(n: int) -> list[dict[str, Any]]:
    """`n` IP agencies of their own (fresh codes), with a spread of failed checks and complaints
    so that the round has more than one grade."""
    base = _example("market-credit-ip-agency.json")
    return [
        {
            **base,
            "subject_id": fresh_uscc(),
            "name": f"衢州第{i + 1}知识产权代理有限公司",
            "failed_check_items": (i * 7) % 31,
            "verified_complaints": i % 4,
            "complaints_not_handled_after_urging": min(1, i % 4),
            "serious_dishonesty_list": i == 13,
            # Founded less than 12 months before the evaluation: not graded (2号 四(一)).
            **({"founded_on": "2025-06-01"} if i == 21 else {}),
        }
        for i in range(n)
    ]


async def open_round(
    env: WorkflowEnvironment, settings: Settings, opening: RoundOpening
) -> WorkflowHandle[Any, Any]:
    return await env.client.start_workflow(
        EvaluationRoundWorkflow.run,
        opening,
        id=workflow_id(opening.round_id),
        task_queue=settings.task_queue,
    )


async def round_status(handle: WorkflowHandle[Any, Any], stage: Stage) -> RoundStatus:
    status: RoundStatus = await poll_query(
        handle, EvaluationRoundWorkflow.status, lambda s: s.stage is stage, timeout_s=60
    )
    return status


async def test_an_ip_agency_round_scores_publishes_records_and_tells_every_subject(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    subjects = ip_agencies(50)
    bad = {**subjects[0], "subject_id": fresh_uscc(), "failed_check_items": -3}
    opening = RoundOpening(
        kind=RoundKind.IP_AGENCY,
        period="2026",
        agency=RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局知识产权分局"),
    )
    async with running_worker(env.client, settings):
        handle = await open_round(env, settings, opening)
        first = await execute_step(
            handle,
            EvaluationRoundWorkflow.facts,
            FactsBatch(records=subjects[:25], sent_by="知识产权分局 信用科"),
        )
        assert first.batch == 1 and first.records == 25
        await execute_step(
            handle,
            "facts",
            FactsBatch(records=[*subjects[25:40], bad, *subjects[40:]], sent_by="信用科"),
        )
        await execute_step(
            handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="知识产权分局 信用科")
        )
        status = await round_status(handle, Stage.CLOSED)
        tenth = subjects[9]
        ref = SubjectRef(type=SubjectType.ENTERPRISE, code=tenth["subject_id"], name=tenth["name"])
        record = await env.client.get_workflow_handle(
            ref.workflow_id(settings.subject_id_secret)
        ).query(FACTS_QUERY, None, result_type=SubjectFacts)

    # Every subject scored, with the grades the scoring module gives their facts.
    market = scoring.kind("market-credit")
    expected = Counter(market.score_raw(s).grade or "not graded" for s in subjects)
    assert status.tally.scored == 50
    assert status.tally.by_grade == dict(expected)
    assert len(expected) > 1 and expected["E"] >= 1  # the seriously dishonest one is E
    # The bad record is reported with its place and field; the rest went on.
    assert status.problems_total == 1
    problem = status.problems[0]
    assert (problem.batch, problem.index, problem.subject_id) == (2, 16, bad["subject_id"])
    assert "failed_check_items" in problem.problem

    # Published (公示, 六(二)) and copied to 市信用办 (六(一)), each list once, all 50 subjects.
    published = {
        Path(d).name: json.loads(Path(d).read_text(encoding="utf-8")) for d in status.documents
    }
    results = published["list-results.json"]
    assert results["recipient"].startswith("政务公开网")
    assert results["citation"] == "衢市监规〔2021〕2号 六(二)"
    assert [e["subject_id"] for e in results["entries"]] == [s["subject_id"] for s in subjects]
    copy = published["list-credit_office.json"]
    assert copy["recipient"] == "市信用办" and len(copy["entries"]) == 50
    today = status.published_on
    assert today is not None and results["published_on"] == today.isoformat()

    # Each enterprise's result is in its subject record, with its facts.
    # Each graded enterprise's result is recorded; the one not graded is told so, not recorded.
    assert expected["not graded"] == 1
    assert status.tally.records_written == 49 and status.tally.subjects_told == 50
    (result,) = record.results
    assert result.result_id == "IP-2026-00010" and result.kind == "market-credit"
    assert result.grade == market.score_raw(tenth).grade and result.published_on == today
    assert result.source_case == handle.id

    # ... and it is told its grade, what the grade means (五) and how to apply for review.
    notice_path = Path(settings.outbox) / handle.id / "result-notice-00010.json"
    notice = json.loads(notice_path.read_text(encoding="utf-8"))
    assert notice["grade"] == result.grade and notice["subject_id"] == tenth["subject_id"]
    assert "15个工作日内完成复核" in notice["review"]
    assert notice["citation"] == "衢市监规〔2021〕2号 四(三)1, 五"
    # Applying for review: the notice's block is the objection's case file but for the
    # application itself (MarketObjectionCase validates it so completed).
    application = MarketObjectionCase.model_validate(
        notice["review_application"]
        | {
            "case_id": "MO-2026-R10",
            "received_at": "2026-12-01T10:00:00+08:00",
            "grounds": "投诉举报扣分有误",
            "evidence": [{"ref": "QZ-1", "title": "核查结论"}],
        }
    )
    assert application.evaluation.evaluation_id == "IP-2026-00010"
    assert application.evaluation.grade == result.grade
    assert notice["measures"] and all(m["clause"] for m in notice["explanation"])
    done = [e.action for e in status.events]
    assert done[0] == "round_opened" and "notification_sent" in done  # the agency is told
    assert done[-2:] == ["results_delivered", "case_closed"]


def medical_subjects() -> list[dict[str, Any]]:
    """47 pharmacies (one graded 差, one 优秀 for the third year) and 3 insurance doctors (the
    first graded 差)."""
    pharmacy = _example("medical-credit-pharmacy.json")
    doctor = _example("medical-credit-insurance_doctor.json")
    pharmacies = [
        {
            **pharmacy,
            "subject_id": fresh_uscc(),
            "name": f"衢州仁和大药房第{i + 1}店",
            "prescription_violations": i % 3,
            "mobile": f"1385701{i:04d}",
        }
        for i in range(47)
    ]
    pharmacies[5] |= {"settlement_violations": 3, "fraud_violations": 1}  # 差
    pharmacies[7] |= {"prescription_violations": 0, "previous_grades": ["优秀", "优秀"]}
    doctors = [
        {**doctor, "subject_id": f"33080219780314{100 + i:03d}X", "name": f"医师{i}"}
        for i in range(3)
    ]
    doctors[0] |= {"fraud_violations": 1}  # 差
    return pharmacies + doctors


async def test_a_medical_credit_round_publishes_each_batch_and_hands_over_between_batches(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    subjects = medical_subjects()
    opening = RoundOpening(
        kind=RoundKind.MEDICAL_CREDIT,
        period="2026-11",
        agency=RoundAgency(code="QZ-YB", name="衢州市医疗保障局"),
    )
    medical = scoring.kind("medical-credit")
    grades = {
        s["subject_id"]: medical.score_raw({k: v for k, v in s.items() if k != "mobile"}).grade
        for s in subjects
    }
    assert grades[subjects[5]["subject_id"]] == "差"
    async with running_worker(env.client, settings):
        first_run = await open_round(env, settings, opening)
        await execute_step(
            first_run,
            EvaluationRoundWorkflow.facts,
            FactsBatch(records=subjects[:30], sent_by="基金监管科"),
        )
        # 实时信用评价: the first batch's results are published (their cases opened) at once,
        # before the facts are closed.
        released = await poll_query(
            first_run, EvaluationRoundWorkflow.status, lambda s: s.tally.batches_scored == 1
        )
        assert released.tally.objections_opened == 30 and released.stage is Stage.COLLECTING
        # A large population: the round hands over to a fresh run between batches, carrying
        # counts and what its lists will name, never facts.
        await hand_over(env.client, first_run, "the round's history is full")
        handle = env.client.get_workflow_handle(first_run.id)
        await execute_step(
            handle,
            EvaluationRoundWorkflow.facts,
            FactsBatch(records=subjects[30:], sent_by="基金监管科"),
        )
        await execute_step(
            handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="基金监管科")
        )
        status = await round_status(handle, Stage.CLOSED)
        assert (await handle.describe()).run_id != first_run.run_id
        published_on = status.published_on
        assert published_on is not None
        # Every result opened its case: 10 working days from publication (四(三)).
        case = await poll_query(
            env.client.get_workflow_handle(med.workflow_id("MC-2026-11-00006")),
            MedicalCreditObjectionWorkflow.status,
            lambda s: any(d.name == "filing" for d in s.deadlines),
        )
    assert status.problems_total == 0 and status.tally.objections_opened == 50
    assert status.tally.by_grade == dict(Counter(grades.values()))
    assert case.case.subject.code == subjects[5]["subject_id"] and case.case.result.grade == "差"
    assert case.case.mobile == subjects[5]["mobile"]
    (filing,) = [d for d in case.deadlines if d.name == "filing"]
    assert (
        filing.deadline.last_day
        == add_working_days(
            published_on, med.FILING_WORKING_DAYS, calendar=default_calendar()
        ).last_day
    )

    published = {
        Path(d).name: json.loads(Path(d).read_text(encoding="utf-8")) for d in status.documents
    }
    # 四(四)1: the results of institution subjects only; persons are told, never listed.
    assert len(published["list-results.json"]["entries"]) == 47
    # 四(四)2: the 差 list; 五(六): the red list, to the public credit platform.
    # A person on the 差 list is shown by the region and the last 4 of the identity number.
    doctor = subjects[47]["subject_id"]
    poor = [e["subject_id"] for e in published["list-poor.json"]["entries"]]
    assert poor == [subjects[5]["subject_id"], doctor[:6] + "*" * 8 + doctor[-4:]]
    assert [s for s, g in grades.items() if g == "差"] == [subjects[5]["subject_id"], doctor]
    assert not any(doctor in json.dumps(p, ensure_ascii=False) for p in published.values())
    red = published["list-red.json"]
    assert (
        red["recipient"] == "同级公共信用平台" and red["citation"] == "衢医保发〔2021〕36号 五(六)"
    )
    assert subjects[7]["subject_id"] in [e["subject_id"] for e in red["entries"]]
    assert status.tally.red_list == len(red["entries"])
    assert published_on == (await env.get_current_time()).astimezone(SHANGHAI).date()


async def test_a_round_refuses_to_close_without_facts_and_a_second_close(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    opening = RoundOpening(
        kind=RoundKind.INSPECTION_BODY,
        period="2027",
        agency=RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局"),
    )
    async with running_worker(env.client, settings):
        handle = await open_round(env, settings, opening)
        message = await refused(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="评处"))
        assert message == "round IB-2027 has no facts yet: send them with `facts`"
        ip = ip_agencies(1)  # an IP agency's facts in an inspection bodies' round
        await execute_step(
            handle, EvaluationRoundWorkflow.facts, FactsBatch(records=ip, sent_by="评处")
        )
        await execute_step(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="评处"))
        message = await refused(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="评处"))
        assert "only while it collects its facts" in message
        status = await round_status(handle, Stage.CLOSED)
    assert status.tally.scored == 0 and status.problems_total == 1
    assert status.problems[0].problem.startswith(
        "variant: this round (inspection_body) scores 'inspection_body' facts"
    )
