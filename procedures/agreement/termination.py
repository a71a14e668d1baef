"""A 解除 (衢医保发〔2023〕8号 附件1 一(四)): it begins (on a decision, a failed check, an
institution's own request or a 中止 not resumed), the agency takes its three steps in order
(stop card settlement, issue the handling opinion, settle the accounts), each recorded and
documented, and its end leaves the finding of 二(三)2 on the institution's record.
"""

from __future__ import annotations

from datetime import date

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.subject_records import Finding
    from kernel.audit_trail import SYSTEM
    from procedures.agreement import notices
    from procedures.agreement.case import (
        Receipt,
        Stage,
        Termination,
        TerminationStep,
        TerminationStepName,
    )
    from procedures.agreement.ending import FINDING_LABELS, OTHER_REGIONS_CLAUSE, PROCEDURE_CLAUSE
    from procedures.agreement.ladder import cite
    from procedures.agreement.records import Records


class Ending(Records):
    def _begin_termination(
        self, clauses: list[str], finding: str | None, why: str, step: str
    ) -> None:
        """The 解除 begins: its three steps are the agency's, in order (附件1 一(四))."""
        self._s.termination = Termination(
            clauses=clauses, finding=finding, started_at=workflow.now()
        )
        self._stage = Stage.TERMINATING
        self._trail.record(
            SYSTEM,
            "termination_begun",
            cite(PROCEDURE_CLAUSE),
            grounds=clauses,
            finding=finding,
            reason=why,
        )
        self._publish()
        message = (
            notices.AGENCY,
            f"解除医保协议: {self._case.institution.name}",
            f"Agreement {self._case.case_id}: 解除 on {'; '.join(clauses)} ({why}). Take the "
            "three steps of 附件1 一(四) in order: stop_settlement, handling_opinion, "
            "settle_accounts.",
        )
        self._after(
            step,
            "the agency told of the 解除",
            lambda: self._tell("termination-begun", message, cite(PROCEDURE_CLAUSE)),
        )

    async def _termination_finding(self, done_on: date) -> None:
        termination = self._s.termination
        assert termination is not None
        if termination.finding is None:
            return
        finding = Finding(
            finding_id=f"{self._case.case_id}-termination",
            found_on=done_on,
            indicator=termination.finding,
            label=f"{FINDING_LABELS[termination.finding]} ({'; '.join(termination.clauses)})",
            repairable=False,
        )
        await self._write_finding(
            self._institution_ref(), finding, self._case.agency.name, cite(PROCEDURE_CLAUSE)
        )

    # -- the three steps of a 解除 (附件1 一(四)) ----

    def _take_termination_step(self, step: TerminationStep) -> Receipt:
        termination = self._s.termination
        assert termination is not None
        termination.steps.append(step)
        self._trail.record(
            step.done_by,
            f"termination_{step.step.value}",
            cite(PROCEDURE_CLAUSE),
            done_on=step.done_on.isoformat(),
            note=step.note,
        )
        number = len(termination.steps)
        if step.step is TerminationStepName.STOP_SETTLEMENT:
            self._after(
                "terminate_step",
                "the settlement system told",
                lambda: self._settlement(
                    "termination-settlement", True, "解除医保协议", cite(PROCEDURE_CLAUSE)
                ),
            )
            return self._receipt("card settlement stopped (1 of 3)")
        kind = (
            "termination_opinion"
            if step.step is TerminationStepName.HANDLING_OPINION
            else "termination_notice"
        )
        paragraphs = notices.termination_paragraphs(termination, step)

        async def carry_out() -> None:
            await self._issue(
                self._notice(kind, f"termination-{number}", cite(PROCEDURE_CLAUSE), paragraphs),
                f"{kind}_issued",
            )
            if step.step is TerminationStepName.SETTLE_ACCOUNTS:
                await self._termination_finding(step.done_on)
                await self._tell(
                    "termination-other-regions",
                    (
                        "other-pooling-regions",
                        f"解除医保协议: {self._case.institution.name}",
                        f"Agreement {self._case.case_id} of {self._case.institution.name} "
                        f"({self._case.institution.uscc}) was 解除 on {step.done_on}: its "
                        "agreements in other pooling regions end too (附件1 一(三)3).",
                    ),
                    cite(OTHER_REGIONS_CLAUSE),
                )

        self._after("terminate_step", f"the {kind}", carry_out)
        if step.step is TerminationStepName.SETTLE_ACCOUNTS:
            self._stage = Stage.TERMINATED
            self._s.closing_reason = "; ".join(termination.clauses)
            self._s.closing_clause = PROCEDURE_CLAUSE
            return self._receipt("解除 done (3 of 3)")
        return self._receipt("handling opinion issued (2 of 3)")
