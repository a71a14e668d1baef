"""After the re-check's decision, or the window lapsed unused: the result made formal
(衢医保发〔2021〕36号 四(三)). The department feeds back its opinion on form 附件2; 无异议或完成
异议申诉处理的, 评价机构应形成正式的医疗保障信用评价结果 and records it in the subject's credit
file, which tells the subject of a changed score or grade by SMS (runs before the
`result-change-sms` patch sent a changed grade's SMS from here).

Steps of the workflow (they deliver and write through the case's outputs, so they run only inside
MedicalCreditObjectionWorkflow); what they send is built by the pure functions of notices.py and
review.py. The workflow keeps their order: the feedback, the formal result, then the SMS.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.documents import ISSUE_DOCUMENT
    from kernel.audit_trail import SYSTEM
    from procedures.medical_objection import credit_file, notices, review
    from procedures.medical_objection.case_state import ObjectionCaseState, known
    from procedures.medical_objection.filing import shanghai_day
    from procedures.medical_objection.models import (
        FEEDBACK_CITATION,
        OBJECTION_CITATION,
        SMS_CITATION,
        CaseOutcome,
        ReviewOutcome,
    )
    from scoring.report import ScoreReport


class FormalResultSteps(ObjectionCaseState):
    async def _issue_feedback(self) -> None:
        """The re-check's opinion fed back to the subject on form 附件2."""
        decision = known(self._decision)
        feedback = notices.feedback(
            self._case,
            known(self._objection),
            decision,
            self._rescored,
            key=self._outputs.key("feedback"),
            decided_at=known(self._decided_at),
            late=self._decided_late(),
        )
        delivery = await self._outputs.deliver(ISSUE_DOCUMENT, feedback)
        self._documents.append(delivery.location)
        self._trail.record(
            SYSTEM,
            "feedback_issued",
            FEEDBACK_CITATION,
            document=delivery.location,
            outcome=decision.outcome.value,
        )

    async def _make_formal_after_review(self) -> None:
        decision = known(self._decision)
        # 完成异议申诉处理的, 评价机构应形成正式的医疗保障信用评价结果: formal on the day decided.
        formal_on = shanghai_day(known(self._decided_at))
        if decision.outcome is ReviewOutcome.UPHELD:
            await self._make_formal(CaseOutcome.UPHELD, formal_on=formal_on)
            return
        await self._make_formal(
            CaseOutcome.CORRECTED,
            formal_on=formal_on,
            corrected=(known(self._rescored), decision.corrected_facts),
        )

    async def _make_formal(
        self,
        outcome: CaseOutcome,
        *,
        formal_on: date,
        corrected: tuple[ScoreReport, dict[str, Any] | None] | None = None,
    ) -> None:
        """无异议或完成异议申诉处理的 ... 形成正式的 ... 评价结果, 并记入信用主体的信用档案: the
        published result, or the re-scored one with its corrected facts."""
        report, facts = corrected or (None, None)
        score = report.total if report is not None else None
        grade = report.grade if report is not None else None
        result = self._case.result
        self._outcome = outcome
        self._final_score = result.score if score is None else score
        self._final_grade = result.grade if grade is None else grade
        self._formal_on = formal_on
        await credit_file.write(
            self._outputs,
            self._trail,
            self._case,
            notices.formal_result(
                self._case,
                workflow.info().workflow_id,
                SYSTEM,
                formal_on=formal_on,
                score=score,
                grade=grade,
                facts=facts,
            ),
            "result_formal",
            OBJECTION_CITATION,
            outcome=outcome.value,
            formal_on=formal_on.isoformat(),
            score=self._final_score,
            grade=self._final_grade,
        )

    async def _send_grade_change_sms(self) -> None:
        # 实时信用评价有结果变动时, 短信提醒该信用主体: the SMS gateway is the notification
        # activity (its local implementation writes the message to the outbox).
        recipient, subject, body = notices.grade_change_sms(
            self._case, *review.final_values(self._case.result, self._rescored)
        )
        await self._outputs.notify(
            step="grade-change-sms",
            recipient=recipient,
            subject=subject,
            body=body,
            cite=SMS_CITATION,
        )
