"""Public notice, approval, signing and card settlement (衢医保发〔2023〕8号 二(三)3–5): the
bodies of its steps (listed as Updates in workflow.py) and the awaits; the rules of dates are in
approval.py, the texts in notices.py."""

from __future__ import annotations

from temporalio import workflow
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from contracts.agreements import RELEASED_WORKFLOW as RELEASED_AGREEMENT
    from contracts.agreements import WORKFLOW as AGREEMENT_WORKFLOW
    from contracts.agreements import workflow_id as agreement_workflow_id
    from contracts.subject_records import (
        Agreement,
        RecordAgreement,
    )
    from kernel.audit_trail import SYSTEM
    from procedures.designation import messages, notices
    from procedures.designation.approval import agreement_term_end, meeting_problem, signing_problem
    from procedures.designation.base import (
        PUBLIC_NOTICE,
        DesignationBase,
    )
    from procedures.designation.clauses import (
        ADMINISTRATIVE_DEPARTMENT,
        APPROVAL_CLAUSE,
        PUBLICATION_WEBSITE,
        SETTLEMENT_CLAUSE,
        SETTLEMENT_SYSTEM,
        cite,
    )
    from procedures.designation.handover import (
        STARTS_AGREEMENT_PATCH,
        agreement_case,
        agreement_number_problem,
    )
    from procedures.designation.models import (
        AgreementView,
        Outcome,
        Receipt,
        ReportRecord,
        Stage,
    )
    from procedures.designation.submissions import (
        Approval,
        Investigation,
        Report,
        Signing,
    )


class SigningSteps(DesignationBase):
    """二(三)3–5: the public notice and the reports made during it, the party-group meeting, the
    agreement to 31 December, its filing, card settlement and the announcement."""

    # -- public notice (公示) and reports ---------------------------------------------------------

    def _open_notice(self) -> None:
        """The notice itself was scheduled and published with the result (`_result_notice`)."""
        self._stage = Stage.PUBLIC_NOTICE
        self._publish()

    async def _await_notice(self) -> None:
        """Until the notice has ended and every report made during it is investigated; then
        the party-group meeting, unless a report was substantiated or false materials found."""
        await self._deadlines.watch(
            PUBLIC_NOTICE, lambda: self._substantiated is not None or self._halted()
        )
        # Reports made during the notice are investigated before the case moves on.
        await self._until(
            lambda: (
                self._substantiated is not None
                or self._halted()
                or all(r.investigation is not None for r in self._reports)
            ),
            as_released=True,
        )
        if self._halted():
            await self._cancel()
        elif self._substantiated is not None:
            self._close_with(
                Outcome.REPORT_SUBSTANTIATED,
                f"a report during the public notice was substantiated: "
                f"{self._substantiated.findings}",
            )
        else:
            self._stage = Stage.APPROVAL
            self._publish()

    def _on_report(self, report: Report) -> Receipt:
        self._reports.append(ReportRecord(received_at=workflow.now(), report=report))
        self._trail.record(
            report.reporter, "report_received", cite(APPROVAL_CLAUSE), content=report.content
        )
        return self._receipt("report received; it will be investigated (举报经查)")

    def _check_report(self, report: Report) -> None:
        if self._stage is not Stage.PUBLIC_NOTICE or not self._deadlines.window_open(PUBLIC_NOTICE):
            raise ValueError(
                self._out_of_stage("reports are received during the public notice only")
            )
        self._check_step(report)

    def _on_investigate(self, investigation: Investigation) -> Receipt:
        now = workflow.now()
        for record in self._reports:
            if record.investigation is None:
                record.investigation = investigation
                record.investigated_at = now
        if investigation.substantiated:
            self._substantiated = investigation
        self._trail.record(
            investigation.investigator,
            "report_investigated",
            cite(APPROVAL_CLAUSE),
            substantiated=investigation.substantiated,
            findings=investigation.findings,
        )
        return self._receipt(
            "report substantiated: the designation is refused"
            if investigation.substantiated
            else "report not substantiated (举报经查不属实)"
        )

    def _check_investigate(self, investigation: Investigation) -> None:
        if self._stage is not Stage.PUBLIC_NOTICE or all(
            r.investigation is not None for r in self._reports
        ):
            raise ValueError(self._out_of_stage("no report awaits an investigation"))
        self._check_step(investigation)

    # -- party-group approval and signing ----------------------------------------------------------

    async def _await_approval(self) -> None:
        await self._until(lambda: self._approval is not None or self._halted(), as_released=True)
        if self._halted():
            await self._cancel()
            return
        assert self._approval is not None
        if not self._approval.approved:
            self._close_with(Outcome.NOT_APPROVED, self._approval.reason)
            return
        self._stage = Stage.SIGNING
        self._publish()

    async def _await_signing(self) -> None:
        await self._until(lambda: self._signing is not None or self._halted(), as_released=True)
        if self._halted():
            await self._cancel()
        else:
            await self._designate()

    def _on_approve(self, approval: Approval) -> Receipt:
        self._approval = approval
        self._trail.record(
            "party-group",
            "party_group_reviewed",
            cite(APPROVAL_CLAUSE),
            meeting_on=approval.meeting_on.isoformat(),
            minutes=approval.minutes,
            approved=approval.approved,
            reason=approval.reason,
        )
        return self._receipt(
            "approved: designated, the agreement is to be signed"
            if approval.approved
            else "not approved"
        )

    def _check_approve(self, approval: Approval) -> None:
        if self._stage is not Stage.APPROVAL or self._approval is not None:
            raise ValueError(
                self._out_of_stage("the party-group review is recorded only in stage 'approval'")
            )
        notice = self._deadlines[PUBLIC_NOTICE].deadline
        self._check_step(
            approval, meeting_problem(approval.meeting_on, notice.last_day, self._today())
        )

    def _on_sign(self, signing: Signing) -> Receipt:
        self._signing = signing
        self._trail.record(
            signing.signed_by,
            "agreement_signed",
            cite(APPROVAL_CLAUSE),
            agreement_number=signing.agreement_number,
            signed_on=signing.signed_on.isoformat(),
            term_end=agreement_term_end(signing.signed_on).isoformat(),
        )
        return self._receipt(
            f"agreement {signing.agreement_number} signed, in force through "
            f"{agreement_term_end(signing.signed_on).isoformat()}"
        )

    def _check_sign(self, signing: Signing) -> None:
        if self._stage is not Stage.SIGNING or self._signing is not None:
            raise ValueError(self._out_of_stage("the agreement is signed only in stage 'signing'"))
        assert self._approval is not None
        self._check_step(
            signing,
            signing_problem(signing.signed_on, self._approval.meeting_on, self._today())
            or agreement_number_problem(signing.agreement_number),
        )

    async def _designate(self) -> None:
        signing = self._signing
        assert signing is not None
        term_end = agreement_term_end(signing.signed_on)
        agreement = Agreement(
            agreement_number=signing.agreement_number,
            signed_on=signing.signed_on,
            term_start=signing.signed_on,
            term_end=term_end,
            source_case=workflow.info().workflow_id,
        )
        await self._write_subject_record(
            RecordAgreement(
                agreement=agreement,
                actor=self._case.agency.name,
                source_case=workflow.info().workflow_id,
            )
        )
        self._trail.record(
            SYSTEM,
            "designation_recorded_on_subject_record",
            cite(APPROVAL_CLAUSE),
            agreement_number=agreement.agreement_number,
            term_end=term_end.isoformat(),
        )
        # 签订医保协议并向同级医疗保障行政部门备案.
        await self._outputs.send(
            "agreement-filing",
            ADMINISTRATIVE_DEPARTMENT,
            *messages.agreement_filing(self._case, agreement),
            "agreement_filed",
            cite(APPROVAL_CLAUSE),
        )
        if self._patched(STARTS_AGREEMENT_PATCH):
            await self._start_agreement(signing)
        opened_on = self._today()  # the day the filing is done (a new workflow task)
        view = AgreementView(
            agreement_number=agreement.agreement_number,
            signed_on=signing.signed_on,
            signed_by=signing.signed_by,
            term_start=agreement.term_start,
            term_end=term_end,
            settlement_opened_on=opened_on,
        )
        # 开通相应的刷卡权限并向社会公告.
        await self._outputs.send(
            "settlement-opening",
            SETTLEMENT_SYSTEM,
            *messages.settlement_opening(self._case, view, opened_on),
            "card_settlement_opened",
            cite(SETTLEMENT_CLAUSE),
        )
        self._agreement = view
        await self._issue(notices.designation_announcement, "designation-announcement", view)
        await self._outputs.send(
            "publication-designation",
            PUBLICATION_WEBSITE,
            *messages.designation_publication(self._case, view, opened_on),
            "designation_announced",
            cite(SETTLEMENT_CLAUSE),
        )
        self._close_with(Outcome.DESIGNATED, None)

    async def _start_agreement(self, signing: Signing) -> None:
        """二(三)4: the agreement signed runs on as its own case (procedures/agreement) for years;
        the designation closes right after, so the agreement is abandoned by it, not ended with
        it. An agreement of that number already started (from its file, before the engine ran
        the designation) is the agreement: the designation goes on and says so."""
        agreement_id = agreement_workflow_id(signing.agreement_number)
        # A signing accepted before `_check_sign` checked its number: no agreement case can
        # carry it, and the designation still ends designated.
        if problem := agreement_number_problem(signing.agreement_number):
            self._trail.record(
                SYSTEM, "agreement_not_started", cite(APPROVAL_CLAUSE), reason=problem
            )
            return
        try:
            await workflow.start_child_workflow(
                # A designation of the released type started the released agreement type.
                RELEASED_AGREEMENT if self.released else AGREEMENT_WORKFLOW,
                agreement_case(self._case, signing, workflow.info().workflow_id),
                id=agreement_id,
                task_queue=workflow.info().task_queue,
                parent_close_policy=workflow.ParentClosePolicy.ABANDON,
                # An agreement of that number, running or ended, is never started a second time.
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            self._trail.record(
                SYSTEM,
                "agreement_already_started",
                cite(APPROVAL_CLAUSE),
                workflow_id=agreement_id,
                reason="an agreement case of this number exists already (started from its file)",
            )
            return
        self._trail.record(
            SYSTEM,
            "agreement_started",
            cite(APPROVAL_CLAUSE),
            workflow_id=agreement_id,
            term_end=agreement_term_end(signing.signed_on).isoformat(),
        )
