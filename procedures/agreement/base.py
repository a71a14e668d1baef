"""The agreement's state, what supervisors see of it, and the outputs its steps leave for its
loop: documents, messages to the settlement system and the agency, day-counted deadlines
(衢医保发〔2023〕8号 二(三)4, 五(三)–(六), 附件1 一). On it: the subject-record findings
(records.py), a 解除 and its three steps (termination.py), the moments of its life
(arrivals.py) and the steps' bodies (handling.py, institution.py, carrying_out.py). The workflow
(workflow.py) keeps its Updates with their validators in one list and its loop; the rules are
the pure modules beside it (ladder.py, term.py, steps.py, life.py, ending.py, notices.py).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from checks.plausible import SHANGHAI_OFFSET, check_step
    from contracts.agreement_documents import AgreementNotice
    from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
    from contracts.documents import ISSUE_DOCUMENT
    from kernel.audit_trail import SYSTEM
    from kernel.case_base import NEEDS_ATTENTION, CaseWorkflow, Message
    from kernel.long_life import split_start
    from kernel.replay_rule import THIN
    from periods import Deadline
    from procedures.agreement import notices
    from procedures.agreement.case import (
        RUNNING,
        AgreementCarried,
        AgreementCase,
        AgreementState,
        AgreementStatus,
        Receipt,
        Stage,
        Term,
    )
    from procedures.agreement.ladder import cite
    from procedures.agreement.life import day_begins
    from procedures.agreement.term import TERM_CLAUSE, first_term_end, negotiation_opens

TERM = "term"  # the term's end, shown as a deadline (二(三)4)


class AgreementBase(CaseWorkflow):
    def _init_agreement(self, start: AgreementCase | AgreementCarried) -> None:
        case: AgreementCase
        case, carried = split_start(start, AgreementCarried)
        self._case = case
        self._init_case(
            case.case_id, case.agency.code, Stage.IN_FORCE, carried.case if carried else None
        )
        # A new workflow type: its runs take their steps thin from the first (no patch marker).
        self._kernel = THIN
        if carried is not None:
            self._s = carried.state
        else:
            end = case.term_end or first_term_end(case.signed_on)
            self._s = AgreementState(
                terms=[Term(number=1, start=case.signed_on, end=end)],
                suspensions_in_term=case.suspensions_in_term,
            )
        self._stage = Stage(self._stage)
        # Bumped by every step and every follow-up: the loop looks at its moments again.
        self._revision = 0

    def _continuation(self) -> list[Any]:
        return [AgreementCarried(started_with=self._case, case=self._carried_case(), state=self._s)]

    # -- refusals, in one order: the stage or the step's own rule, then its dates ----

    def _refuse(self, problem: str | None, step: Any) -> None:
        if problem:
            raise ValueError(self._out_of_stage(problem) if "accepted only" in problem else problem)
        check_step(step, self._case, workflow.now())

    # -- what supervisors see ----

    @property
    def _term(self) -> Term:
        return self._s.terms[-1]

    @workflow.query
    def status(self) -> AgreementStatus:
        return AgreementStatus(
            case_id=self._case.case_id,
            # What it is sending now: a reader asks the server for the attempts only then.
            pending_outputs=self._outputs.under_way(),
            workflow_id=workflow.info().workflow_id,
            stage=Stage(self._stage),
            overdue=self.overdue,
            term=self._term,
            negotiation_opens_on=negotiation_opens(self._term.end, self._case.renewal_lead_months),
            deadlines=self._shown_deadlines(),
            events=self._trail.events,
            case=self._case,
            state=self._s,
            documents=self._s.documents,
            performance=self._s.performance,
        )

    def _term_deadline(self) -> CaseDeadline:
        """The term's end as a deadline (fixed by 二(三)4, not counted: never recomputed)."""
        end = self._term.end
        return CaseDeadline(
            name=TERM,
            kind=DeadlineKind.FIXED_TERM,
            citation=self._term_citation(),
            deadline=Deadline(
                start=self._term.start,
                last_day=end,
                due_at=day_begins(end + timedelta(days=1)),
                provisional=False,
                calendar_version="fixed",
                basis="协议期限至12月31日",
            ),
        )

    def _shown_deadlines(self) -> list[CaseDeadline]:
        """The named deadlines, and the term's end while the agreement runs."""
        shown = self._deadlines.values()
        if self._stage in RUNNING:
            shown = [self._term_deadline(), *shown]
        return shown

    def _seen_by_supervisors(self) -> tuple[str, Collection[CaseDeadline]]:
        """The kernel's search attributes, with the term's end among the deadlines (published
        by the kernel's `_publish`: once per workflow task for a run of the current type)."""
        stage = NEEDS_ATTENTION if self._attention else self._stage
        return stage, self._shown_deadlines()

    def _reminder_message(self, deadline: CaseDeadline, reminder: Reminder) -> Message:
        return notices.reminder_message(self._case, deadline, reminder.working_days_before)

    def _overdue_message(self, deadline: CaseDeadline) -> Message:
        return notices.overdue_message(self._case, deadline)

    def _receipt(self, detail: str = "") -> Receipt:
        self._revision += 1
        return Receipt(
            case_id=self._case.case_id, stage=Stage(self._stage), at=workflow.now(), detail=detail
        )

    def _today(self) -> date:
        return workflow.now().astimezone(SHANGHAI_OFFSET).date()

    def _after(self, step: str, what: str, job: Any) -> None:
        """Queue work for the loop; when it is done the loop looks at its moments again."""

        async def then() -> None:
            await job()
            self._revision += 1

        self._follow_up(step, what, then)

    # -- outputs ----

    async def _issue(self, document: AgreementNotice, action: str, **details: Any) -> None:
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, document)
        self._s.documents.append(delivery.location)
        self._trail.record(SYSTEM, action, document.citation, location=delivery.location, **details)

    def _notice(
        self, kind: Any, step: str, citation: str, paragraphs: list[str]
    ) -> AgreementNotice:
        return notices.notice(
            self._case,
            kind,
            key=self._outputs.key(step),
            issued_at=workflow.now(),
            citation=citation,
            paragraphs=paragraphs,
        )

    async def _settlement(self, step: str, stop: bool, why: str, citation: str) -> None:
        recipient, subject, body = notices.settlement_message(self._case, stop, why, citation)
        action = "card_settlement_stopped" if stop else "card_settlement_restored"
        await self._outputs.send(step, recipient, subject, body, action, citation)

    async def _tell(self, step: str, message: notices.Message, citation: str) -> None:
        recipient, subject, body = message
        await self._outputs.notify(
            step=step, recipient=recipient, subject=subject, body=body, cite=citation
        )

    # -- deadlines ----

    async def _schedule_days(
        self, name: str, kind: DeadlineKind, citation: str, start: date, days: int
    ) -> CaseDeadline:
        """A period of `days` days from `start` (that day not counted, 民法典 第二百零一条; a
        last day on a rest day moves to the next working day, 第二百零三条)."""
        return await self._deadlines.schedule(
            name,
            kind,
            citation,
            start_at=datetime.combine(start, datetime.min.time(), tzinfo=SHANGHAI_OFFSET),
            length=days,
            unit="days",
        )

    def _term_citation(self) -> str:
        return cite(TERM_CLAUSE)
