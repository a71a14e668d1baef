"""The drill's paths through a credit repair, and the subject record they start from."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from temporalio.client import Client

import scoring
from contracts.subject_records import (
    CreditResult,
    Finding,
    RecordFinding,
    RecordResult,
    SubjectFacts,
    SubjectRecordInput,
    SubjectRef,
    SubjectType,
)
from drills.scenario_parts import (
    ACTOR,
    EXAMPLES,
    Scenario,
    Step,
    case_id,
    load_example,
    months_before,
    new_uscc,
    procedure_of,
    shanghai_now,
    stages,
)
from periods import SHANGHAI
from procedures.repair import models as rep
from settings import Settings

# -- credit repair: seed the subject record; start → decide ---------------------------------------
# approve → the 5-working-day public notice (its end cannot pass in real time: the end state is
# stage `notice` with its deadline set); refuse → objection → objection not substantiated →
# refused (final).


def repair(index: int, run: str, rng: random.Random) -> Scenario:
    now = shanghai_now()
    today = now.date()
    code = new_uscc(rng, "52330881MJ")
    ref = SubjectRef(type=SubjectType.MEDICAL_INSTITUTION, code=code, name="江山市康华医院")
    finding_id = "YB-DRILL-1"
    data = load_example("repair.json")
    data["case_id"] = case_id(run, index)
    data["subject"] = ref.model_dump(mode="json")
    data["finding_id"] = finding_id
    data["accepted_at"] = now.isoformat()
    case = rep.RepairCase.model_validate(data)
    approve = index % 2 == 0

    async def seed(client: Client, settings: Settings) -> None:
        await seed_subject(client, settings, ref, finding_id, today)

    if approve:
        steps = [
            Step(
                "decide",
                "decide",
                rep.RepairDecision.model_validate(load_example("repair-decision.json")),
                stages("under_review"),
                stages("notice", "notice_suspended", "taking_effect", "repaired"),
            )
        ]

        def notice_set(status: Any) -> str | None:
            notice = next((d for d in status.deadlines if d.name == "notice"), None)
            if notice is None:
                return "no public-notice deadline"
            if notice.deadline.due_at <= datetime.now(SHANGHAI):
                return f"notice deadline {notice.deadline.due_at} already passed"
            return None

        return Scenario(
            index=index,
            procedure=procedure_of(rep.PROCEDURE),
            variant="approve-notice",
            case=case,
            steps=steps,
            end_stage="notice",
            closes=False,
            expected_files=frozenset({"publication-repair-notice.json"}),
            end_check=notice_set,
            prepare=seed,
        )
    reviewer = "江山市医疗保障局 医保信用管理科 王磊"
    steps = [
        Step(
            "decide",
            "decide",
            rep.RepairDecision(
                outcome=rep.DecisionOutcome.REFUSE,
                reason="整改证明材料不能证明违规费用已全部退回, 失信行为的不良影响尚未消除。",
                reviewer=reviewer,
                clause="六(一)",
            ),
            stages("under_review"),
            stages("refusal_notified", "refusal_objection", "refused"),
        ),
        Step(
            "object-to-refusal",
            "object_to_refusal",
            rep.Objection(
                objector=case.application.applicant, reason="违规费用已于整改期内全部退回。"
            ),
            stages("refusal_notified"),
            stages("refusal_objection", "refused"),
        ),
        Step(
            "decide-refusal-objection",
            "decide_refusal_objection",
            rep.ObjectionDecision(
                substantiated=False, reason="经核查异议不属实。", reviewer=reviewer
            ),
            stages("refusal_objection"),
            stages("refused"),
        ),
    ]
    return Scenario(
        index=index,
        procedure=procedure_of(rep.PROCEDURE),
        variant="refuse-final",
        case=case,
        steps=steps,
        end_stage="refused",
        closes=True,
        expected_files=frozenset({"repair-refusal.html", "refusal-objection-1.json"}),
        prepare=seed,
    )


def result_with_one_record_violation(code: str, published_on: date) -> CreditResult:
    """The medical institution `code`'s latest medical-credit result, formal since its
    publication: the example record's H2 facts with one verified 如实记录 violation (附件8 第4项,
    −40), scored by the rules, so that a repair of that finding gives the 40 points back. The
    drill's repair cases and tests/test_repair.py seed their subjects with it."""
    example = SubjectFacts.model_validate_json(
        (EXAMPLES / "subject-record-facts.json").read_text(encoding="utf-8")
    )
    facts = {**example.results[1].facts, "subject_id": code, "record_violations": 1}
    report = scoring.kind("medical-credit").score_raw(facts)
    assert isinstance(report, scoring.ScoreReport) and report.total is not None
    return CreditResult(
        result_id=f"MC-{code[-8:]}",
        kind="medical-credit",
        published_on=published_on,
        score=report.total,
        grade=report.grade or "",
        facts=facts,
        formal=True,
        formal_on=published_on,
    )


async def seed_subject(
    client: Client, settings: Settings, ref: SubjectRef, finding_id: str, today: date
) -> None:
    """The subject's record, as the procedures that made its finding and its result would have
    written it (tests/test_repair.py): a repairable finding 8 months old and the latest result.
    Safe to repeat after an interruption: the record is started once and each write has its id."""
    from temporalio.common import WorkflowIDConflictPolicy

    from procedures.subject_record.workflow import SubjectRecordWorkflow

    result = result_with_one_record_violation(ref.code, today - timedelta(days=30))
    finding = Finding(
        finding_id=finding_id,
        found_on=months_before(today, 8),
        indicator="medical_credit.records",
        label="如实记录",
        repairable=True,
        false_commitment=False,
    )
    workflow_id = ref.workflow_id(settings.subject_id_secret)
    record = await client.start_workflow(
        SubjectRecordWorkflow.run,
        SubjectRecordInput(ref=ref),
        id=workflow_id,
        task_queue=settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )
    await record.execute_update(
        SubjectRecordWorkflow.record_finding,
        RecordFinding(finding=finding, actor=ACTOR),
        id=f"drill-{workflow_id}-finding",
    )
    await record.execute_update(
        SubjectRecordWorkflow.record_result,
        RecordResult(result=result, actor=ACTOR),
        id=f"drill-{workflow_id}-result",
    )
