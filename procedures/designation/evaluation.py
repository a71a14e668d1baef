"""The evaluation (综合评估, 衢医保发〔2023〕8号 二(三)3): the bodies of its steps (listed as
Updates in workflow.py) and the awaits; its clock is in evaluation_clock.py, the re-evaluation
after a failure in reevaluation.py, the rules in evaluation_rules.py, the documents in notices.py
and the messages in messages.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts import activities as act
    from contracts.case_records import DeadlineKind
    from contracts.designation_documents import (
        EvaluatorTotal,
        Period,
    )
    from kernel.audit_trail import SYSTEM
    from periods import SHANGHAI
    from procedures.designation import evaluation_rules as rules
    from procedures.designation import messages, notices
    from procedures.designation.base import EVALUATION, PUBLIC_NOTICE
    from procedures.designation.clauses import (
        ADMINISTRATIVE_DEPARTMENT,
        APPLICATION_CLAUSE,
        EVALUATION_CLAUSE,
        PUBLICATION_WEBSITE,
        cite,
    )
    from procedures.designation.evaluation_pause import EVALUATION_PAUSE_PATCH
    from procedures.designation.evaluation_rules import EVALUATION_KIND
    from procedures.designation.models import (
        EvaluationRecord,
        Receipt,
        Stage,
    )
    from procedures.designation.reevaluation import ReevaluationSteps
    from procedures.designation.submissions import (
        Evaluation,
    )
    from scoring.report import ScoreReport


class EvaluationSteps(ReevaluationSteps):
    """二(三)3 综合评估: 20 working days from acceptance (the applicant's time excluded), the
    average of the evaluators' sheets, pass at 85 without a veto, the result notice; after a
    failure the re-evaluation 3 months on, and a second failure's 1-year bar."""

    if TYPE_CHECKING:  # a pass opens the public notice (designation_signing)

        def _open_notice(self) -> None: ...

    # -- evaluation (20 working days, the applicant's time excluded) -------------------------------

    async def _issue_acceptance(self) -> None:
        assert self._accepted_at is not None and self._batch is not None
        self._clock_start = self._accepted_at
        deadline = await self._schedule_evaluation()
        location = await self._issue(
            notices.acceptance_notice,
            "acceptance",
            received_on=self._applied_on(),
            batch_day=self._batch.day,
            accepted_on=self._accepted_at.astimezone(SHANGHAI).date(),
            evaluation=deadline,
        )
        self._trail.record(
            SYSTEM,
            "application_accepted",
            cite(APPLICATION_CLAUSE),
            document=location,
            evaluation_due_at=deadline.deadline.due_at.isoformat(),
        )

    async def _accept(self) -> None:
        """予以受理: the acceptance notice, and the evaluation's 20 working days begin."""
        self._accepted_at = workflow.now()
        await self._issue_acceptance()
        self._open_evaluation()

    async def _await_evaluation(self) -> None:
        """Until an evaluation is submitted (then scored: the public notice follows a pass, a
        rectification or the second failure's bar a failure), materials are requested (the
        applicant is told), or false materials end the case."""
        await self._deadlines.watch(
            EVALUATION,
            lambda: (
                self._pending_evaluation is not None
                or self._paused_on is not None
                or self._halted()
            ),
        )
        if self._halted():
            await self._cancel()
            return
        evaluation = self._pending_evaluation
        if evaluation is None:
            # Materials requested: the clock stopped in the handler; the applicant holds the file.
            if self._patched(EVALUATION_PAUSE_PATCH):
                await self._hold_evaluation()  # 二(三)3: no window, no abandonment
            else:
                await self._open_supplementation("evaluation")  # before issue 17: 二(三)2's
            return
        self._pending_evaluation = None
        self._deadlines.meet(EVALUATION)
        await self._score(evaluation)
        if self._evaluations[-1].passed:
            self._open_notice()
            return
        self._failures += 1
        if self._failures >= 2:
            await self._bar_after_second_failure()
        else:
            self._open_rectification()

    def _on_evaluate(self, evaluation: Evaluation) -> Receipt:
        # The round is the case's, not the sheet's: a re-evaluation is scored as one.
        self._pending_evaluation = rules.for_round(evaluation, self._failures)
        facts = self._pending_evaluation.facts
        self._trail.record(
            evaluation.group,
            "evaluation_submitted",
            cite(EVALUATION_CLAUSE),
            round=self._failures + 1,
            evaluators=[s.get("evaluator_id") for s in facts.get("evaluators", [])],
        )
        return self._receipt("evaluation received; the result follows")

    def _check_evaluate(self, evaluation: Evaluation) -> None:
        if self._stage is not Stage.EVALUATING or self._pending_evaluation is not None:
            raise ValueError(
                self._out_of_stage("an evaluation is accepted only in stage 'evaluating'")
            )
        if self._paused_on is not None:
            raise ValueError("the evaluation waits for the materials requested from the applicant")
        self._check_step(evaluation, rules.facts_problem(evaluation, self._case, self._today()))

    async def _score(self, evaluation: Evaluation) -> None:
        report: ScoreReport = await self._outputs.call(
            act.SCORE_FACTS,
            act.ScoreRequest(kind=EVALUATION_KIND, facts=evaluation.facts),
            ScoreReport,
        )
        assert report.total is not None
        vetoes = rules.vetoes(report)
        passed = rules.passes(report)  # 85分(含)以上的为合格, without a veto
        record = EvaluationRecord(
            round=self._failures + 1,
            group=evaluation.group,
            evaluated_at=workflow.now(),
            average=report.total,
            passed=passed,
            vetoes=[f"{a.reason} [{a.clause}]" for a in vetoes],
            report=report,
        )
        self._evaluations.append(record)
        self._trail.record(
            evaluation.group,
            "evaluation_scored",
            cite(EVALUATION_CLAUSE),
            round=record.round,
            average=report.total,
            passed=passed,
            vetoes=record.vetoes,
        )
        totals = await self._evaluator_totals(evaluation)
        # 评估结果报同级医疗保障行政部门备案.
        await self._outputs.send(
            f"evaluation-filing-{record.round}",
            ADMINISTRATIVE_DEPARTMENT,
            *messages.evaluation_filing(self._case, record),
            "evaluation_result_filed",
            cite(EVALUATION_CLAUSE),
        )
        await self._result_notice(record, totals)

    async def _evaluator_totals(self, evaluation: Evaluation) -> list[EvaluatorTotal]:
        """Each member's total (the notice shows them beside the average): the same facts
        scored with that member's sheet alone."""
        totals = []
        for evaluator_id, single in rules.single_sheets(evaluation.facts):
            report: ScoreReport = await self._outputs.call(
                act.SCORE_FACTS,
                act.ScoreRequest(kind=EVALUATION_KIND, facts=single),
                ScoreReport,
            )
            totals.append(EvaluatorTotal(evaluator_id=evaluator_id, total=report.total or 0))
        return totals

    async def _result_notice(self, record: EvaluationRecord, totals: list[EvaluatorTotal]) -> None:
        notice: Period | None = None
        reevaluation_from: date | None = None
        no_application_until: date | None = None
        today = self._today()
        if record.passed:
            window = await self._deadlines.schedule(
                PUBLIC_NOTICE,
                DeadlineKind.PARTY_WINDOW,
                cite(EVALUATION_CLAUSE),
                start_at=workflow.now(),
                length=self._notice_working_days,
            )
            notice = notices.notice_period(window, self._notice_working_days)
        elif self._failures == 0:
            # 自结果告知送达之日起, 整改3个月后可再次组织评估 (reevaluation.py).
            reevaluation_from = await self._reevaluation_after(record.round, today)
            self._reevaluation_from = reevaluation_from
        else:
            no_application_until = rules.second_failure_bar_until(today)
        location = await self._issue(
            notices.result_notice,
            rules.result_notice_step(record.round),
            record,
            totals,
            public_notice=notice,
            reevaluation_from=reevaluation_from,
            no_application_until=no_application_until,
        )
        self._trail.record(
            SYSTEM,
            "evaluation_result_delivered",
            cite(EVALUATION_CLAUSE),
            document=location,
            passed=record.passed,
            reevaluation_possible_from=reevaluation_from.isoformat() if reevaluation_from else None,
            no_application_until=(
                no_application_until.isoformat() if no_application_until else None
            ),
        )
        if record.passed and notice is not None:
            assert notice.last_day is not None  # the public notice runs from its day, no service
            await self._issue(
                notices.public_notice_announcement,
                f"public-notice-{record.round}",
                average=record.average,
                notice=notice,
            )
            await self._outputs.send(
                f"publication-public-notice-{record.round}",
                PUBLICATION_WEBSITE,
                *messages.public_notice_publication(self._case, record.average, notice.last_day),
                "public_notice_published",
                cite(EVALUATION_CLAUSE),
            )
        if no_application_until is not None:
            self._ban_until = no_application_until
