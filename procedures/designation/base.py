"""The designation case's state and shared steps (衢医保发〔2023〕8号 二(三)); the procedure is
assembled in procedures/designation/workflow.py, which lists every Update with its validator,
from the step mixins supplementation_steps.py (一次性告知), acceptance.py (受理申请),
evaluation_clock.py, reevaluation.py and evaluation.py (综合评估) and signing.py (公示, 党组会审议,
协议签订, 开通刷卡及公告). The decisions and the texts are pure step modules (application,
supplementation, evaluation_rules, approval, notices, messages): what stays here awaits (the
deadlines, the documents delivered, the subject record written) and keeps the state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts import activities as act
    from contracts.documents import ISSUE_DOCUMENT
    from contracts.subject_records import (
        WRITE_SUBJECT_RECORD,
        RecordRestriction,
        Restriction,
        SubjectFacts,
        SubjectWrite,
        WriteSubject,
    )
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import CaseWorkflow
    from kernel.long_life import split_start
    from periods import SHANGHAI
    from procedures.designation import notices
    from procedures.designation.application import (
        application_possible_from,
        cancellation_reason,
        false_materials_bar_until,
        trial_run_last_day,
    )
    from procedures.designation.clauses import (
        APPLICATION_CLAUSE,
        APPROVAL_CLAUSE,
        FRAUDULENT_APPLICATION,
        NON_ACCEPTANCE_CLAUSE,
        cite,
    )
    from procedures.designation.materials import (
        MissingItem,
        required_materials,
    )
    from procedures.designation.models import (
        PROCEDURE_TYPE,
        AgreementView,
        DesignationCarried,
        DesignationCase,
        DesignationResult,
        EvaluationRecord,
        NonAcceptanceGround,
        Outcome,
        PersonView,
        Receipt,
        ReportRecord,
        Stage,
    )
    from procedures.designation.submissions import (
        AcceptanceReview,
        Application,
        Approval,
        Evaluation,
        FalseMaterials,
        Investigation,
        ReevaluationRequest,
        Signing,
    )

EVALUATION = "evaluation"
PUBLIC_NOTICE = "public_notice"


class DesignationBase(CaseWorkflow):
    """The case's state and what every step uses: the supplementation notice and its window
    (at acceptance and during the evaluation), cancellation for false materials, the bars on
    the subject record, deliveries and the small helpers."""

    procedure_type = PROCEDURE_TYPE

    def _init_designation(self, start: DesignationCase | DesignationCarried) -> None:
        case: DesignationCase
        case, carried = split_start(start, DesignationCarried)
        self._case = case
        self._kind = case.institution.kind
        self._init_case(
            case.case_id, case.agency.code, Stage.TRIAL_RUN, carried.case if carried else None
        )
        before = carried or DesignationCarried(started_with=case, case=self._carried_case())
        self._stage = Stage(before.case.stage)
        # 试运行3个月, the application from the next day (application.py).
        self._trial_last_day = trial_run_last_day(case.pre_registered_on)
        self._outcome: Outcome | None = None
        self._closing_reason: str | None = None
        self._application: Application | None = before.application
        self._applied_at: datetime | None = before.applied_at
        self._applying = False
        self._batch: act.AcceptanceBatch | None = before.batch
        self._review: AcceptanceReview | None = before.review
        self._grounds: list[NonAcceptanceGround] = list(before.grounds)
        self._handed_in: set[str] = set(before.handed_in)
        self._missing: list[MissingItem] = list(before.missing)
        self._supplement_phase = before.supplement_phase
        self._supplement_window = before.supplement_window
        self._accepted_at: datetime | None = before.accepted_at
        # The evaluation clock: its start (acceptance, or the re-evaluation request) and the
        # completed pauses (paused on, resumed on) while the applicant held the file.
        self._clock_start: datetime | None = before.clock_start
        self._pauses: list[tuple[date, date]] = list(before.pauses)
        self._paused_on: date | None = before.paused_on
        self._paused_working_days = before.paused_working_days
        self._evaluation_working_days_used: int | None = before.evaluation_working_days_used
        self._pending_evaluation: Evaluation | None = None
        self._evaluations: list[EvaluationRecord] = list(before.evaluations)
        self._failures = before.failures
        self._reevaluation_from: date | None = before.reevaluation_from
        self._reevaluation: ReevaluationRequest | None = before.reevaluation
        self._reports: list[ReportRecord] = list(before.reports)
        self._substantiated: Investigation | None = before.substantiated
        self._approval: Approval | None = before.approval
        self._signing: Signing | None = before.signing
        self._agreement: AgreementView | None = None
        self._false_materials: FalseMaterials | None = before.false_materials
        self._restrictions: list[str] = list(before.restrictions)
        self._documents: list[str] = list(before.documents)
        self._notice_working_days = before.notice_working_days
        self._ban_until: date | None = before.ban_until
        self._people: list[PersonView] = list(before.people)
        # The apply handler reads the record and the batch day (activities) before it accepts:
        # a second application must not slip in meanwhile.
        self._apply_lock = asyncio.Lock()

    def _continuation(self) -> list[Any]:
        return [self._carry(DesignationCarried, handed_in=sorted(self._handed_in))]

    # -- cancellation for false materials (取消本次申请) -------------------------------------------

    def _halted(self) -> bool:
        return self._false_materials is not None

    async def _cancel(self) -> bool:
        report = self._false_materials
        assert report is not None
        found_on = self._today()
        until = false_materials_bar_until(found_on)
        clause = cite(f"{NON_ACCEPTANCE_CLAUSE[self._kind.value]}")
        await self._restrict(
            FRAUDULENT_APPLICATION,
            "以弄虚作假等不正当手段申请定点 (提供虚假材料): 自发现之日起3年内不予受理定点申请",
            clause,
            found_on,
            until,
        )
        location = await self._issue(
            notices.cancellation_notice,
            "designation-cancellation",
            received_on=self._applied_on(),
            report=report,
            until=until,
        )
        self._trail.record(
            SYSTEM,
            "cancellation_notice_issued",
            cite(APPLICATION_CLAUSE),
            document=location,
        )
        self._close_with(Outcome.CANCELLED, cancellation_reason(report, until))
        return False

    # -- helpers ----------------------------------------------------------------------------------

    async def _issue(
        self, document: Callable[..., BaseModel], step: str, /, *args: Any, **facts: Any
    ) -> str:
        """Issues `document(case, *args, key=…, issued_at=now, **facts)` (notices.py) under the
        step's key, keeps where it is among the case's documents and returns that place."""
        delivery = await self._outputs.deliver(
            ISSUE_DOCUMENT,
            document(
                self._case, *args, key=self._outputs.key(step), issued_at=workflow.now(), **facts
            ),
        )
        self._documents.append(delivery.location)
        return delivery.location

    def _close_with(self, outcome: Outcome, reason: str | None) -> None:
        self._outcome = outcome
        self._closing_reason = reason
        self._stage = outcome.stage
        self._trail.record(
            SYSTEM,
            "case_closed",
            cite(APPROVAL_CLAUSE if outcome is Outcome.DESIGNATED else APPLICATION_CLAUSE),
            outcome=outcome.value,
            reason=reason,
        )
        self._publish()

    async def _finish(self) -> DesignationResult:
        assert self._outcome is not None
        await workflow.wait_condition(workflow.all_handlers_finished)
        return DesignationResult(
            case_id=self._case.case_id,
            outcome=self._outcome,
            closing_reason=self._closing_reason,
            agreement=self._agreement,
            documents=self._documents,
        )

    async def _restrict(
        self, kind: str, text: str, clause: str, from_day: date, until: date
    ) -> None:
        restriction = Restriction(
            text=f"{text} (案件 {self._case.case_id})",
            clause=clause,
            kind=kind,
            from_day=from_day,
            until=until,
        )
        await self._write_subject_record(
            RecordRestriction(
                restriction=restriction,
                actor=self._case.agency.name,
                source_case=workflow.info().workflow_id,
            )
        )
        summary = f"{kind}: {from_day.isoformat()} – {until.isoformat()}"
        self._restrictions.append(summary)
        self._trail.record(
            SYSTEM,
            "restriction_recorded_on_subject_record",
            clause,
            kind=kind,
            from_day=from_day.isoformat(),
            until=until.isoformat(),
        )

    async def _write_subject_record(self, write: SubjectWrite) -> None:
        """One write to the institution's subject record (a restriction, the agreement)."""
        await self._outputs.call(
            WRITE_SUBJECT_RECORD,
            WriteSubject(ref=self._case.institution.ref(), op=write),
            SubjectFacts,
        )

    def _check_step(self, step: BaseModel, problem: str | None = None) -> None:
        """The end of every step's validator: refuses the step for `problem` (the procedure's
        rule for it, worded), else for an implausible input (checks/plausible.py)."""
        if problem:
            raise ValueError(problem)
        check_step(step, self._case, workflow.now())

    def _required(self) -> set[str]:
        return set(required_materials(self._kind, self._case.institution.for_profit))

    def _receipt(self, detail: str, leads_to: Stage | None = None) -> Receipt:
        """`leads_to`: the stage the step moves the case into once its loop carries on (the
        reply says where the case is going, not the stage it is leaving)."""
        stage = leads_to or Stage(self._stage)
        return Receipt(case_id=self._case.case_id, stage=stage, at=workflow.now(), detail=detail)

    def _today(self) -> date:
        return workflow.now().astimezone(SHANGHAI).date()

    def _applied_on(self) -> date:
        assert self._applied_at is not None
        return self._applied_at.astimezone(SHANGHAI).date()

    def _application_from(self) -> date:
        return application_possible_from(self._trial_last_day)
