"""The drill's cases: one path per procedure (and variant) through its human steps, with the end
state each path reaches without waiting for real time, and the outbox files it leaves.

Every case gets its own ids (case id, subject codes, persons), so that cases never share a
subject record and a file in `<outbox>/<workflow id>/` belongs to exactly one case.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client

import scoring
from checks.uscc import CHARSET, check_character
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
from periods import SHANGHAI
from periods.months import months_later
from procedures.accountability import models as acc
from procedures.designation import models as dsg
from procedures.market_objection import models as mkt
from procedures.medical_objection import models as med
from procedures.registry import Procedure, find
from procedures.repair import models as rep
from settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ACTOR = "演练 drill"


@dataclass(frozen=True)
class Step:
    """One human act: the Update `update` with `argument`, sent when the case is in one of the
    `ready` stages (and `extra_ready(status)` holds); it has taken effect once the case is in one
    of the `done` stages."""

    name: str
    update: str
    argument: BaseModel
    ready: frozenset[str]
    done: frozenset[str]
    extra_ready: Callable[[Any], bool] | None = None

    def can_send(self, status: Any) -> bool:
        return str(status.stage) in self.ready and (
            self.extra_ready is None or self.extra_ready(status)
        )

    def took_effect(self, status: Any) -> bool:
        return str(status.stage) in self.done


@dataclass
class Scenario:
    index: int
    procedure: Procedure
    variant: str
    case: BaseModel
    steps: list[Step]
    # The end state reachable without waiting for real time.
    end_stage: str
    closes: bool  # the workflow completes at its end state (else it keeps running: a timer)
    expected_files: frozenset[str]
    end_check: Callable[[Any], str | None] = lambda status: None
    prepare: Callable[[Client, Settings], Awaitable[None]] | None = None

    @property
    def case_id(self) -> str:
        return str(self.case.case_id)  # type: ignore[attr-defined]

    @property
    def workflow_id(self) -> str:
        return self.procedure.workflow_id(self.case_id)

    @property
    def agency_code(self) -> str:
        """The case's agency as its procedure's declaration reads it (what a start records)."""
        return self.procedure.agency(self.case)

    @property
    def label(self) -> str:
        return f"{self.procedure.name}/{self.variant}"


@dataclass
class Plan:
    run_id: str
    scenarios: list[Scenario] = field(default_factory=list)


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _stages(*names: str) -> frozenset[str]:
    return frozenset(names)


def new_uscc(rng: random.Random, prefix: str = "91330802MA") -> str:
    body = prefix + "".join(rng.choice(CHARSET) for _ in range(17 - len(prefix)))
    return body + check_character(body)


def _now() -> datetime:
    return datetime.now(SHANGHAI).replace(microsecond=0)


def months_before(day: date, months: int) -> date:
    return months_later(day, -months)


def _has_deadline(name: str) -> Callable[[Any], bool]:
    return lambda status: any(d.name == name for d in status.deadlines)


def _procedure(name: str) -> Procedure:
    procedure = find(name)
    assert procedure is not None, name
    return procedure


# -- market-regulation credit objection: start → decide → closed ---------------------------------


def market(index: int, run: str, rng: random.Random) -> Scenario:
    data = _load("market-objection.json")
    data["case_id"] = f"DR-{run}-{index:05d}"
    data["received_at"] = (_now() - timedelta(minutes=5)).isoformat()
    case = mkt.MarketObjectionCase.model_validate(data)
    corrected = index % 2 == 0
    decision = mkt.ReviewDecision.model_validate(
        _load("market-objection-decision.json")
        if corrected
        else {
            "outcome": "upheld",
            "reason": "经核查, 投诉举报扣分有据, 维持原评价等级。",
            "reviewer": "衢州市市场监管局 信用监管科 王敏",
        }
    )
    files = {"result-notice.html"}
    if corrected:
        files |= {
            "grade-correction-supervision-platform.json",
            "grade-correction-city-credit-office.json",
        }
    return Scenario(
        index=index,
        procedure=_procedure(mkt.PROCEDURE),
        variant="corrected" if corrected else "upheld",
        case=case,
        steps=[
            Step(
                "decide",
                "decide",
                decision,
                _stages("under_review"),
                _stages("notifying", "closed"),
            )
        ],
        end_stage="closed",
        closes=True,
        expected_files=frozenset(files),
    )


# -- medical-insurance credit objection: start → object → materials → decide → closed -----------


def medical(index: int, run: str, rng: random.Random) -> Scenario:
    data = _load("medical-objection.json")
    code = new_uscc(rng)
    data["case_id"] = f"DR-{run}-{index:05d}"
    data["subject"]["code"] = code
    data["result"]["facts"]["subject_id"] = code
    data["result"]["result_id"] = f"YBXY-DR-{run}-{index:05d}"
    data["result"]["published_on"] = _now().date().isoformat()
    case = med.MedicalObjectionCase.model_validate(data)
    objection = _load("medical-objection-objection.json")
    materials = objection.pop("materials")
    objection["materials"] = []  # filed without them: the materials follow as their own step
    corrected = index % 2 == 0
    if corrected:
        decision_data = _load("medical-objection-decision.json")
        decision_data["corrected_facts"]["subject_id"] = code
    else:
        decision_data = {
            "outcome": "upheld",
            "reason": "经复查, 结算管理扣分有据, 维持原评价结果。",
            "reviewer": "衢州市医疗保障局 基金监管科 陈峰",
        }
    later = ("under_review", "notifying", "closed")
    return Scenario(
        index=index,
        procedure=_procedure(med.PROCEDURE),
        variant="corrected" if corrected else "upheld",
        case=case,
        steps=[
            Step(
                "object",
                "object",
                med.ObjectionForm.model_validate(objection),
                _stages("objection_window"),
                _stages("awaiting_materials", *later),
            ),
            Step(
                "materials",
                "submit_materials",
                med.MaterialsSubmission(refs=materials, submitted_by=objection["applicant"]),
                _stages("awaiting_materials"),
                _stages(*later),
            ),
            Step(
                "decide",
                "decide",
                med.ReviewDecision.model_validate(decision_data),
                _stages("under_review"),
                _stages("notifying", "closed"),
            ),
        ],
        end_stage="closed",
        closes=True,
        expected_files=frozenset(
            {"feedback.html", "grade-change-sms.json"} if corrected else {"feedback.html"}
        ),
    )


# -- lost-lawsuit accountability: start → report → review → decide → feedback → closed ----------


def accountability(index: int, run: str, rng: random.Random) -> Scenario:
    data = _load("accountability.json")
    now = _now()
    data["case_id"] = f"DR-{run}-{index:05d}"
    data["lost_case"]["effective_date"] = (now.date() - timedelta(days=3)).isoformat()
    data["lost_case"]["received_at"] = (now - timedelta(days=2)).isoformat()
    # Persons of their own: no two cases write findings on one person's record.
    ids = [f"dr{run}-{index:05d}-{n}" for n in range(len(data["persons"]))]
    for person, person_id in zip(data["persons"], ids, strict=True):
        person["id"] = person_id
    case = acc.AccountabilityCase.model_validate(data)
    decision = _load("accountability-decision.json")
    decision["persons"][0]["person_id"] = ids[0]
    return Scenario(
        index=index,
        procedure=_procedure(acc.PROCEDURE),
        variant="accountability",
        case=case,
        steps=[
            Step(
                "report",
                "submit_report",
                acc.CaseReport.model_validate(_load("accountability-report.json")),
                _stages("awaiting_report"),
                _stages("under_review", "awaiting_decision", "awaiting_feedback", "closed"),
                # The report's deadline is computed first (an activity); the report meets it.
                extra_ready=_has_deadline("report"),
            ),
            Step(
                "review",
                "review",
                acc.Review.model_validate(_load("accountability-review.json")),
                _stages("under_review"),
                _stages("awaiting_decision", "awaiting_feedback", "closed"),
            ),
            Step(
                "decide",
                "record_decision",
                acc.Decision.model_validate(decision),
                _stages("awaiting_decision"),
                _stages("awaiting_feedback", "closed"),
            ),
            Step(
                "feedback",
                "record_feedback",
                acc.Feedback.model_validate(_load("accountability-feedback.json")),
                _stages("awaiting_feedback"),
                _stages("closed"),
                extra_ready=_has_deadline("feedback"),
            ),
        ],
        end_stage="closed",
        closes=True,
        expected_files=frozenset(
            {"report-receipt.html", "feedback-record.html", "feedback-copy.json"}
        ),
    )


# -- credit repair: seed the subject record; start → decide ---------------------------------------
# approve → the 5-working-day public notice (its end cannot pass in real time: the end state is
# stage `notice` with its deadline set); refuse → objection → objection not substantiated →
# refused (final).


def repair(index: int, run: str, rng: random.Random) -> Scenario:
    now = _now()
    today = now.date()
    code = new_uscc(rng, "52330881MJ")
    ref = SubjectRef(type=SubjectType.MEDICAL_INSTITUTION, code=code, name="江山市康华医院")
    finding_id = "YB-DRILL-1"
    data = _load("repair.json")
    data["case_id"] = f"DR-{run}-{index:05d}"
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
                rep.RepairDecision.model_validate(_load("repair-decision.json")),
                _stages("under_review"),
                _stages("notice", "notice_suspended", "taking_effect", "repaired"),
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
            procedure=_procedure(rep.PROCEDURE),
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
            _stages("under_review"),
            _stages("refusal_notified", "refusal_objection", "refused"),
        ),
        Step(
            "object-to-refusal",
            "object_to_refusal",
            rep.Objection(
                objector=case.application.applicant, reason="违规费用已于整改期内全部退回。"
            ),
            _stages("refusal_notified"),
            _stages("refusal_objection", "refused"),
        ),
        Step(
            "decide-refusal-objection",
            "decide_refusal_objection",
            rep.ObjectionDecision(
                substantiated=False, reason="经核查异议不属实。", reviewer=reviewer
            ),
            _stages("refusal_objection"),
            _stages("refused"),
        ),
    ]
    return Scenario(
        index=index,
        procedure=_procedure(rep.PROCEDURE),
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


# -- designation: start → apply → awaiting_batch (the quarterly review is weeks away) ------------


def designation(index: int, run: str, rng: random.Random) -> Scenario:
    pharmacy = index % 2 == 1
    data = _load("designation-pharmacy.json" if pharmacy else "designation-medical.json")
    data["case_id"] = f"DR-{run}-{index:05d}"
    data["institution"]["uscc"] = new_uscc(rng, "91330803MA" if pharmacy else "92330802MA")
    # Pre-registered four months ago: the 3-month trial run is over, the application is possible.
    data["pre_registered_on"] = months_before(_now().date(), 4).isoformat()
    case = dsg.DesignationCase.model_validate(data)
    application = _load(
        "designation-application-pharmacy.json"
        if pharmacy
        else "designation-application-medical.json"
    )
    return Scenario(
        index=index,
        procedure=_procedure(dsg.PROCEDURE),
        variant="pharmacy" if pharmacy else "medical",
        case=case,
        steps=[
            Step(
                "apply",
                dsg.APPLY,
                dsg.Application.model_validate(application),
                _stages("trial_run"),
                _stages(*(s.value for s in dsg.Stage if s is not dsg.Stage.TRIAL_RUN)),
            )
        ],
        end_stage="awaiting_batch",
        closes=False,
        expected_files=frozenset(),
        end_check=lambda status: None if status.batch_day else "no batch day",
    )


BUILDERS: tuple[Callable[[int, str, random.Random], Scenario], ...] = (
    market,
    medical,
    accountability,
    repair,
    designation,
)


def plan(cases: int, seed: int | None = None) -> Plan:
    """`cases` cases, the procedures in turn (so every procedure gets cases/5, ± 1)."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    result = Plan(run_id=run)
    for index in range(cases):
        builder = BUILDERS[index % len(BUILDERS)]
        result.scenarios.append(builder(index // len(BUILDERS), run, rng))
    return result
