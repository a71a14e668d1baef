"""The credit repair case's state and its small steps (衢医保发〔2021〕36号 六): what the Updates of
procedures/repair/workflow.py check and record (the decision period and its extensions, the two
kinds of objection), the deadline mechanism's messages and the case's end. The workflow keeps the
procedure's order and its Updates with their validators in one list, stages.py the stages it
goes through; the rules themselves are the pure functions of review.py, objections.py,
eligibility.py and notices.py.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import check_step
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.subject_records import Finding
    from kernel.case_base import CaseWorkflow, Message
    from kernel.long_life import split_start
    from procedures.repair import notices, objections, review
    from procedures.repair.models import (
        FINAL_STAGES,
        PROCEDURE_CLAUSE,
        REFUSAL_FORM_CLAUSE,
        SUBJECT,
        Eligibility,
        Extension,
        ExtensionRequest,
        Objection,
        ObjectionDecision,
        ObjectionKind,
        ObjectionRecord,
        Receipt,
        RefusalGround,
        RepairCarried,
        RepairCase,
        RepairDecision,
        RepairOutcome,
        RepairResult,
        RepairStatus,
        Rescore,
        Stage,
        cite,
    )

# The decision deadline (10 working days plus the extensions granted on its clock: 六(三)).
DECISION = "decision"


class RepairBase(CaseWorkflow):
    def _init_repair(self, start: RepairCase | RepairCarried) -> None:
        """The case's state: from the application, or as a run that took over carried it."""
        case: RepairCase
        case, carried = split_start(start, RepairCarried)
        self._case = case
        self._init_case(
            case.case_id, case.agency.code, Stage.RECEIVED, carried.case if carried else None
        )
        before = carried or RepairCarried(
            started_with=case, case=self._carried_case(), clock_start=case.accepted_at
        )
        self._stage = Stage(before.case.stage)
        self._outcome: RepairOutcome | None = None
        self._closing_reason: str | None = None
        self._finding: Finding | None = before.finding
        self._eligibility: Eligibility | None = before.eligibility
        self._decision: RepairDecision | None = before.decision
        self._decided_at: datetime | None = before.decided_at
        self._refusal: list[RefusalGround] = list(before.refusal)
        self._refusals = before.refusals  # 附件4 notices issued (a reopened review can refuse)
        self._extensions: list[Extension] = list(before.extensions)
        self._extension_total = before.extension_total
        # The decision clock: from acceptance, or from a substantiated objection to a refusal;
        # its length is 10 working days plus the extensions granted on it.
        self._clock_start = before.clock_start
        self._clock_extension = before.clock_extension
        self._objections: list[ObjectionRecord] = list(before.objections)
        self._documents: list[str] = list(before.documents)
        self._effective_on: date | None = None
        self._rescore: Rescore | None = None
        # Extensions and decisions are serialized: an extension reschedules the deadline (an
        # activity), and a decision must not be overtaken by a reschedule that reopens it.
        self._decision_lock = asyncio.Lock()
        # A decision sent while the case was still opening, waiting for the review to open.
        self._decision_held = False

    def _continuation(self) -> list[Any]:
        return [self._carry(RepairCarried)]

    # -- the decision and its period (10 working days, extended by at most 30: review.py) ------

    def _take_decision(self, decision: RepairDecision) -> Receipt:
        """The reviewer's decision (处理意见, 六(三)), recorded with whether it came late."""
        self._decision = decision
        self._decided_at = workflow.now()
        self._deadlines.meet(DECISION)
        late = review.decided_late(self._deadlines[DECISION], self._decided_at)
        self._trail.record(
            decision.reviewer,
            "repair_decided",
            cite(PROCEDURE_CLAUSE),
            outcome=decision.outcome.value,
            reason=decision.reason,
            clause=cite(decision.clause) if decision.clause else None,
            late=late,
        )
        self._publish()
        return self._receipt("decided after the decision deadline" if late else "")

    def _decision_problem(self, arriving: bool = False) -> str | None:
        """Why a decision is refused now, or None. `arriving`: asked by the validator, which
        lets a decision sent while the case is still opening be held (the handler waits for the
        review, and refuses it then if the application was refused or had nothing to repair);
        a run of the released type refused it."""
        if arriving and self._stage is Stage.RECEIVED and not self.released:
            if self._decision_held:
                return f"case {self._case_id} is already holding a decision"
            return None
        if self._stage is not Stage.UNDER_REVIEW or self._decision is not None:
            return self._out_of_stage("a repair decision is accepted only in stage 'under_review'")
        return None

    def _take_extension(self, request: ExtensionRequest) -> Receipt:
        """The thin step: the extension is recorded now; the decision period is computed again
        (working days, holiday data: an activity) by the case's main loop."""
        extension = self._grant(request)
        self._follow_up("extend", "decision deadline", lambda: self._reschedule(extension))
        return self._receipt(
            review.extension_recorded_receipt(self._clock_extension, self._extension_total)
        )

    def _grant(self, request: ExtensionRequest) -> Extension:
        self._extension_total += request.working_days
        self._clock_extension += request.working_days
        # 情况复杂的可以延长: recorded with its reason before the deadline moves.
        self._trail.record(
            request.granted_by,
            "decision_extended",
            cite(PROCEDURE_CLAUSE),
            working_days=request.working_days,
            reason=request.reason,
            extension_total=self._extension_total,
            remaining=review.extension_left(self._extension_total),
        )
        extension = review.granted(request, workflow.now(), self._extension_total)
        self._extensions.append(extension)
        return extension

    async def _reschedule(self, extension: Extension) -> CaseDeadline | None:
        if self._decision is not None:
            return None  # decided before the longer period was computed: nothing to move
        # The same name again: the deadline is replaced and `_watch` follows it.
        rescheduled = await self._deadlines.schedule(
            DECISION,
            DeadlineKind.AGENCY_DUTY,
            cite(PROCEDURE_CLAUSE),
            start_at=self._clock_start,
            length=review.decision_period(self._clock_extension),
        )
        extension.decision_due_at = rescheduled.deadline.due_at
        self._publish()
        return rescheduled

    def _extension_problem(self, request: ExtensionRequest) -> str | None:
        if self._stage is not Stage.UNDER_REVIEW or self._decision is not None:
            return self._out_of_stage(
                "the decision period can be extended only in stage 'under_review'"
            )
        return review.extension_problem(request, self._extension_total)

    # -- objections of either kind (the rules of each: objections.RULES) ------------------------

    def _receive_objection(self, kind: ObjectionKind, objection: Objection) -> Receipt:
        rules = objections.RULES[kind]
        self._objections.append(objections.received(kind, objection, workflow.now()))
        # Objecting shows the refusal was received: a service not yet recorded needs none.
        if rules.closes_window and not self._service.moot(rules.window, "the subject objected"):
            if rules.window in self._deadlines:  # none while served, its window being scheduled
                self._deadlines.meet(rules.window)
        self._stage = rules.pending_stage
        self._trail.record(
            objection.objector,
            f"{kind.value}_objection_received",
            cite(rules.clause),
            reason=objection.reason,
        )
        self._publish()
        return self._receipt(rules.received)

    def _check_objection(self, kind: ObjectionKind, objection: Objection) -> None:
        rules = objections.RULES[kind]
        if self._stage not in rules.objected_in:
            raise ValueError(self._out_of_stage(rules.objected_rule))
        # A window waiting for its notice's service (送达) has not started: it cannot be over.
        waits = self._service.window_waits(rules.window)
        if not waits and not self._deadlines.window_open(rules.window):
            due = self._deadlines[rules.window].deadline.due_at
            raise ValueError(objections.window_closed(kind, due))
        check_step(objection, self._case, workflow.now())

    def _decide_objections(self, kind: ObjectionKind, decision: ObjectionDecision) -> Receipt:
        rules = objections.RULES[kind]
        objections.decide(self._objections, kind, decision, workflow.now())
        self._trail.record(
            decision.reviewer,
            f"{kind.value}_objection_decided",
            cite(rules.clause),
            substantiated=decision.substantiated,
            reason=decision.reason,
        )
        if rules.resumes is not None and not decision.substantiated:
            # The suspension ends with the decision; the notice runs on (or ends at once).
            self._stage = rules.resumes
            self._publish()
        return self._receipt(objections.decided_receipt(kind, decision))

    def _check_objection_decision(self, kind: ObjectionKind, decision: ObjectionDecision) -> None:
        rules = objections.RULES[kind]
        if self._stage is not rules.pending_stage or not self._pending(kind):
            raise ValueError(self._out_of_stage(rules.nothing_pending))
        check_step(decision, self._case, workflow.now())

    # -- what supervisors see ---------------------------------------------------------------------

    @workflow.query
    def status(self) -> RepairStatus:
        return RepairStatus(
            case_id=self._case.case_id,
            # What it is sending now: a reader asks the server for the attempts only then.
            pending_outputs=self._outputs.under_way(),
            workflow_id=workflow.info().workflow_id,
            stage=self._stage,
            outcome=self._outcome,
            overdue=self.overdue,
            deadlines=list(self._deadlines.values()),
            services=list(self._service.records.values()),
            events=self._trail.events,
            case=self._case,
            eligibility=self._eligibility,
            decision=self._decision,
            decided_at=self._decided_at,
            refusal_grounds=self._refusal,
            extensions=self._extensions,
            extension_total=self._extension_total,
            objections=self._objections,
            documents=self._documents,
            deliveries=self._outputs.deliveries,
            effective_on=self._effective_on,
            rescore=self._rescore,
            closing_reason=self._closing_reason,
        )

    # -- hooks of the deadline mechanism ----------------------------------------------------------

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return notices.decision_reminder(self._case, deadline, reminder)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return notices.decision_overdue(self._case, deadline)

    # -- helpers ----------------------------------------------------------------------------------

    async def _close(
        self, outcome: RepairOutcome, citation: str, reason: str | None
    ) -> RepairResult:
        self._outcome = outcome
        self._closing_reason = reason
        stage = Stage(outcome.value)
        assert stage in FINAL_STAGES
        await self._close_case(stage, citation, outcome=outcome.value, reason=reason)
        return RepairResult(
            case_id=self._case.case_id,
            outcome=outcome,
            closing_reason=reason,
            effective_on=self._effective_on,
            documents=self._documents,
            rescore=self._rescore,
        )

    async def _close_refused(self) -> RepairResult:
        grounds = "; ".join(f"{g.clause}: {g.reason}" for g in self._refusal)
        return await self._close(RepairOutcome.REFUSED, cite(REFUSAL_FORM_CLAUSE), grounds)

    def _pending(self, kind: ObjectionKind) -> bool:
        return objections.pending(self._objections, kind)

    async def _notify_party(self, step: str, subject: str, body: str, citation: str) -> None:
        await self._outputs.notify(
            step=step, recipient=SUBJECT, subject=subject, body=body, cite=citation
        )

    def _receipt(self, detail: str) -> Receipt:
        return Receipt(
            case_id=self._case.case_id, stage=self._stage, at=workflow.now(), detail=detail
        )

    def _require_finding(self) -> Finding:
        assert self._finding is not None, "the finding is read before any decision"
        return self._finding
