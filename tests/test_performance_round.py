"""The performance assessment's rounds end to end on the time-skipping server at their real
lengths (衢医保发〔2023〕8号 附件1 二(三) (seed 001 l.1960–1966) and 二(四) (l.1972–1994)):
the 半年拟评 published to the institutions and sent to no agreement; the annual round's final
= 30% of that published half-year score + 70% of the annual sheet's, taken by each agreement;
a D suspended, its failing re-assessment 3 months later ending the agreement; a bad record
reported while the rest go on; a half-year round still open after 31 August overdue.

The module's server keeps one clock: the tests run in file order, each from the day the one
before left (the annual 2026 round in Q1 2027, then the half-year 2027 round in August 2027
and its annual round in Q1 2028, then the half-year 2028 round). Expected scores are built
into the facts (sheets of a known raw total, tests/test_scoring_performance.sheet_with_raw),
expected days written by hand.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.round_scoring import score_batch
from contracts.agreements import Institution, InstitutionKind
from contracts.round_activities import ScoreBatch
from contracts.rounds import RoundAgency, RoundKind, RoundOpening
from contracts.subject_records import TERMINATED_BY_ASSESSMENT, SubjectRef, SubjectType
from procedures.agreement.case import (
    AgreementCase,
    AgreementStatus,
    Stage,
    TerminationStep,
    TerminationStepName,
)
from procedures.agreement.workflow import MedicalAgreementWorkflow
from procedures.round.models import CloseFacts, FactsBatch, RoundStatus
from procedures.round.models import Stage as RoundStage
from procedures.round.workflow import EvaluationRoundWorkflow
from service.steps import execute_step
from settings import Settings
from tests.case_helpers import (
    SHANGHAI,
    midnight_after,
    refused,
    reminder_instants,
    sleep_past,
    today_in,
)
from tests.conftest import EXAMPLES, poll_query, running_worker
from tests.test_agreement_assessment import months_on
from tests.test_designation_agreement import AGREEMENT, EXAMPLE, record_when
from tests.test_designation_workflow import fresh_uscc
from tests.test_round_workflow import open_round, round_status
from tests.test_scoring_performance import comp_sheet, sheet_with_raw

AGENCY = RoundAgency(code="QZ-YBZX", name="衢州市医疗保障服务中心")
ROUND_CLAUSE = "衢医保发〔2023〕8号 附件1 二(三)"
SUSPENSION = "衢医保发〔2023〕8号 附件1 二(四)2(2)"
Handle = WorkflowHandle[Any, Any]


def pharmacy_agreement(today: date, uscc: str, name: str, term_end: date) -> AgreementCase:
    """A pharmacy's agreement signed today, under a number of its own."""
    return EXAMPLE.model_copy(
        update={
            "case_id": f"T-{uuid.uuid4().hex[:10]}",
            "signed_on": today,
            "institution": Institution(uscc=uscc, name=name, kind=InstitutionKind.PHARMACY),
            "term_end": term_end,
        }
    )


def record(
    number: str, code: str, name: str, half: float | None, annual: float | None, **extra: Any
) -> dict[str, Any]:
    """One pharmacy's facts: its sheets built to the raw totals given (None: no such sheet)."""
    institution: dict[str, Any] = {"institution_id": code, "name": name, **extra}
    if half is not None:
        institution["half_year"] = sheet_with_raw("pharmacy", half, 2)
    if annual is not None:
        institution["annual"] = sheet_with_raw("pharmacy", annual, 4)
    return {"agreement_number": number, "institution": institution}


def opening(kind: RoundKind, period: str, population: str = "pharmacy") -> RoundOpening:
    return RoundOpening(
        kind=kind, period=period, population=population, agency=AGENCY, opened_by="绩效考核科"
    )


async def run_round(
    env: WorkflowEnvironment, settings: Settings, opened: RoundOpening, records: list[Any]
) -> RoundStatus:
    handle = await open_round(env, settings, opened)
    await execute_step(
        handle, EvaluationRoundWorkflow.facts, FactsBatch(records=records, sent_by="绩效考核科")
    )
    await execute_step(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="绩效考核科"))
    return await round_status(handle, RoundStage.CLOSED)


def published(status: RoundStatus) -> dict[str, Any]:
    return {Path(d).stem: json.loads(Path(d).read_text(encoding="utf-8")) for d in status.documents}


async def agreement_when(handle: Handle, predicate: Any) -> AgreementStatus:
    status: AgreementStatus = await AGREEMENT.status_when(handle, predicate)
    return status


async def at(env: WorkflowEnvironment, day: date) -> None:
    """Let the clock run to 09:00 of `day` (Asia/Shanghai)."""
    await sleep_past(env, datetime.combine(day, time(9), tzinfo=SHANGHAI))


async def half_year_to_come(env: WorkflowEnvironment) -> int:
    """The year of the next 半年拟评 still to be done by its 31 August."""
    today = await today_in(env)
    return today.year if today.month < 8 else today.year + 1


def exact(value: float) -> Decimal:
    return Decimal(repr(value))


async def test_a_bad_record_is_reported_and_the_rest_go_on(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    year = await half_year_to_come(time_env)
    good = [record(f"QZYB-T-{k}", f"P3308{k:07d}", f"衢州第{k}药店", 90 - k, None) for k in (1, 2)]
    comprehensive = {
        "agreement_number": "QZYB-T-3",
        "institution": {
            "institution_id": "H330800000003",
            "name": "衢州某医院",
            "ownership": "public",
            "half_year": comp_sheet(),
        },
    }
    no_sheet = record("QZYB-T-4", "P33080000004", "衢州第4药店", None, None)
    no_number = {"institution": good[0]["institution"] | {"institution_id": "P33080000005"}}
    async with running_worker(time_env.client, settings):
        status = await run_round(
            time_env,
            settings,
            opening(RoundKind.PERFORMANCE_HALF_YEAR, f"{year}-H1"),
            [good[0], comprehensive, no_sheet, good[1], no_number],
        )
        # A round of a year before 衢医保发〔2023〕8号 took effect takes no facts.
        early = await open_round(
            time_env, settings, opening(RoundKind.PERFORMANCE_ANNUAL, "2022", "outpatient")
        )
        message = await refused(
            early, EvaluationRoundWorkflow.facts, FactsBatch(records=good, sent_by="绩效考核科")
        )
        assert message.startswith("period: round PA-2022-outpatient would assess 2022")
    # Each bad record with its place and the field; the two good pharmacies scored and listed.
    where = [(p.batch, p.index, p.subject_id) for p in status.problems]
    assert where == [(1, 2, "H330800000003"), (1, 3, "P33080000004"), (1, 5, "P33080000005")]
    wrong_type, without_sheet, without_number = (p.problem for p in status.problems)
    assert "institution.ownership: is not a known field" in wrong_type
    assert without_sheet == "institution.half_year is required for an institution that is assessed"
    assert without_number.startswith("agreement_number: the institution's agreement number")
    results = published(status)["list-results"]
    assert [(e["subject_id"], e["total"]) for e in results["entries"]] == [
        ("P33080000001", 89.0),
        ("P33080000002", 88.0),
    ]


async def test_a_d_suspends_settlement_and_a_failed_reassessment_ends_the_agreement(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    today = await today_in(env)
    year = today.year  # the annual round of this year, in the first quarter of the next
    lowest, other = (fresh_uscc(), "衢州末位大药房"), (fresh_uscc(), "衢州良好大药房")
    async with running_worker(env.client, settings):
        handles = {}
        for uscc, name in (lowest, other):
            case = pharmacy_agreement(today, uscc, name, date(year + 1, 12, 31))
            handles[uscc] = (case.case_id, await AGREEMENT.start(env, settings, case))
        for _, handle in handles.values():
            await agreement_when(handle, lambda s: s.stage is Stage.IN_FORCE and bool(s.events))
        # 20 pharmacies (5% of 20 is one D place); two have agreements here, 18 none.
        facts = [
            record(f"QZYB-NONE-{k:02d}", f"P3308{k:07d}", f"衢州第{k}药店", 80 + k / 2, 78 + k / 2)
            for k in range(18)
        ]
        facts.append(record(handles[other[0]][0], other[0], other[1], 86.0, 84.0))
        facts.append(record(handles[lowest[0]][0], lowest[0], lowest[1], 50.0, 55.0))
        await at(env, date(year + 1, 1, 11))
        status = await run_round(
            env, settings, opening(RoundKind.PERFORMANCE_ANNUAL, str(year)), facts
        )
        published_on = status.published_on
        assert published_on == date(year + 1, 1, 11)
        # The 18 without an agreement are reported; the two with one took their results.
        assert status.tally.agreements_assessed == 2
        assert status.problems_total == 18
        assert all("no agreement QZYB-NONE-" in p.problem for p in status.problems)
        # The lowest: 50 × 30% + 55 × 70% = 53.5, a D, last of 20 and under 60: suspended.
        suspended = await agreement_when(
            handles[lowest[0]][1], lambda s: s.stage is Stage.SETTLEMENT_SUSPENDED
        )
        [result] = suspended.performance
        assert (result.year, result.grade, result.score) == (year, "D", 53.5)
        assert (result.rank, result.ranked, result.round_id) == (20, 20, f"PA-{year}-pharmacy")
        ends = months_on(published_on, 3)
        assert result.rectification_ends_on == ends
        good = await agreement_when(handles[other[0]][1], lambda s: bool(s.performance))
        assert good.stage is Stage.IN_FORCE
        assert exact(good.performance[0].score) == 86 * Decimal("0.3") + 84 * Decimal("0.7")
        # The circulated list names the B/C pharmacies; the D is suspended, not circulated.
        lists = published(status)
        circulated = lists["list-circulated"]
        assert circulated["citation"] == "衢医保发〔2023〕8号 附件1 二(四)"
        assert other[0] in {e["subject_id"] for e in circulated["entries"]}
        assert lowest[0] not in {e["subject_id"] for e in circulated["entries"]}
        [last] = [e for e in lists["list-results"]["entries"] if e["subject_id"] == lowest[0]]
        assert (last["grade"], last["rank"], last["settlement_suspended"]) == ("D", 20, True)
        assert lists["list-commended"]["entries"] == []  # floor(20 × 5%) = 1, but none ≥ 90

        # 整改3个月后再进行考核: the re-assessment round the day after the rectification ends.
        await sleep_past(env, midnight_after(ends))
        day = await today_in(env)
        again = record(handles[lowest[0]][0], lowest[0], lowest[1], 50.0, 52.0, reassessment=True)
        redo = opening(RoundKind.PERFORMANCE_REASSESSMENT, f"{day.year}-{day.month:02d}")
        reassessed = await run_round(env, settings, redo, [again])
        assert reassessed.tally.agreements_assessed == 1 and reassessed.problems_total == 0
        # 50 × 30% + 52 × 70% = 51.4 < 60: 考核仍不合格, 解除医保协议.
        handle = handles[lowest[0]][1]
        ending = await agreement_when(handle, lambda s: s.stage is Stage.TERMINATING)
        assert ending.performance[0].passed is False
        assert ending.performance[0].reassessment_score == 51.4
        for name in TerminationStepName:
            step = TerminationStep(step=name, done_on=day, done_by=AGENCY.name, note="解除程序")
            await execute_step(handle, MedicalAgreementWorkflow.terminate_step, step)
        ended = await agreement_when(handle, lambda s: s.stage is Stage.TERMINATED)
        assert next(e for e in ended.events if e.action == "termination_begun").details[
            "grounds"
        ] == [SUSPENSION]
        ref = SubjectRef(type=SubjectType.PHARMACY, code=lowest[0], name=lowest[1])
        subject = await record_when(env, settings, ref, TERMINATED_BY_ASSESSMENT)
    [finding] = [f for f in subject.findings if f.indicator == TERMINATED_BY_ASSESSMENT]
    assert finding.found_on == day


async def test_the_published_half_year_score_counts_30_percent_of_the_annual_final(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    today = await today_in(env)
    year = await half_year_to_come(env)
    halves = [92.5, 88.0, 81.25, 75.5, 66.0]
    annuals = [90.0, 85.5, 79.0, 72.3, 64.5]
    async with running_worker(env.client, settings):
        pharmacies = []
        for k in range(5):
            uscc, name = fresh_uscc(), f"衢州第{k + 1}连锁药房"
            case = pharmacy_agreement(today, uscc, name, date(year + 1, 12, 31))
            handle = await AGREEMENT.start(env, settings, case)
            pharmacies.append((case.case_id, uscc, name, handle))
        for *_, handle in pharmacies:
            await agreement_when(handle, lambda s: s.stage is Stage.IN_FORCE and bool(s.events))

        # 半年拟评, in August: published to the institutions, sent to no agreement.
        await at(env, date(year, 8, 2))
        half_facts = [
            record(number, uscc, name, half, None)
            for (number, uscc, name, _), half in zip(pharmacies, halves, strict=True)
        ]
        half = await run_round(
            env, settings, opening(RoundKind.PERFORMANCE_HALF_YEAR, f"{year}-H1"), half_facts
        )
        results = published(half)["list-results"]
        assert results["recipient"] == "各定点医药机构"
        assert results["citation"] == ROUND_CLAUSE
        shown = {e["subject_id"]: e["total"] for e in results["entries"]}
        assert list(shown.values()) == halves
        assert half.tally.agreements_assessed == 0
        [duty] = half.deadlines
        assert (duty.name, duty.deadline.last_day, duty.citation) == (
            "assessment",
            date(year, 8, 31),
            ROUND_CLAUSE,
        )
        assert duty.met_at is not None and not half.overdue

        # 年度总评, in the next year's first quarter: each agreement takes its final.
        await at(env, date(year + 1, 1, 11))
        annual_facts = [
            record(number, uscc, name, h, a)
            for (number, uscc, name, _), h, a in zip(pharmacies, halves, annuals, strict=True)
        ]
        annual = await run_round(
            env, settings, opening(RoundKind.PERFORMANCE_ANNUAL, str(year)), annual_facts
        )
        assert annual.tally.agreements_assessed == 5 and annual.problems_total == 0
        assert annual.deadlines[0].deadline.last_day == date(year + 1, 3, 31)
        for (_, uscc, _, handle), a in zip(pharmacies, annuals, strict=True):
            status = await agreement_when(handle, lambda s: bool(s.performance))
            [result] = status.performance
            expected = exact(shown[uscc]) * Decimal("0.3") + exact(a) * Decimal("0.7")
            assert exact(result.score) == expected
            assert (result.year, result.round_id) == (year, f"PA-{year}-pharmacy")
            assert result.assessed_on == date(year + 1, 1, 11)


async def test_a_half_year_round_open_after_31_august_is_overdue(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_env
    year = await half_year_to_come(env)
    due = date(year, 8, 31)
    async with running_worker(env.client, settings):
        handle = await open_round(
            env, settings, opening(RoundKind.PERFORMANCE_HALF_YEAR, f"{year}-H1", "outpatient")
        )
        await sleep_past(env, midnight_after(due))
        status: RoundStatus = await poll_query(
            handle, EvaluationRoundWorkflow.status, lambda s: s.overdue, timeout_s=60
        )
        assert status.stage is RoundStage.COLLECTING
    [duty] = status.deadlines
    assert (duty.deadline.last_day, duty.citation, duty.overdue) == (due, ROUND_CLAUSE, True)
    events = {e.action: e for e in status.events}
    # Reminded on the 3rd and the 1st working day before, escalated at 24:00 of 31 August.
    assert [r.at for r in duty.reminders] == reminder_instants(due)
    assert all(r.sent for r in duty.reminders)
    escalated = events["assessment_overdue_escalated"]
    assert escalated.citation == ROUND_CLAUSE
    assert escalated.at >= midnight_after(due)
    told = [
        e
        for e in status.events
        if e.action == "notification_sent" and e.details.get("recipient") == "supervisor"
    ]
    assert told[0].details["subject"] == f"逾期: round PH-{year}-outpatient not complete"
    body = Path(told[0].details["location"]).read_text(encoding="utf-8")
    assert f"was due by {due.isoformat()} and its facts are not closed" in body


def test_the_examples_open_an_annual_round_whose_facts_all_pass() -> None:
    """examples/round-performance-annual.json and -facts.json (`starter.py round start|facts`):
    the example agreement QZYB-XY-2026-0031 is a 门诊部 (a medical institution), so the round is
    the outpatient cohort's, and every record passes the round's check."""
    opened = RoundOpening.model_validate_json(
        (EXAMPLES / "round-performance-annual.json").read_text(encoding="utf-8")
    )
    assert (opened.round_id, opened.population) == ("PA-2026-outpatient", "outpatient")
    batch = FactsBatch.model_validate_json(
        (EXAMPLES / "round-performance-facts.json").read_text(encoding="utf-8")
    )
    checked = score_batch(
        ScoreBatch(
            round_id=opened.round_id,
            kind=opened.kind,
            batch=1,
            records=batch.records,
            population=opened.population,
        )
    )
    assert checked.problems == [] and len(checked.scores) == len(batch.records)
    [own] = [r for r in batch.records if r["agreement_number"] == EXAMPLE.case_id]
    assert EXAMPLE.institution.kind is InstitutionKind.MEDICAL_INSTITUTION
    assert own["institution"]["name"] == EXAMPLE.institution.name
