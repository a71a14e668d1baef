"""An evaluation round's activities: a batch of facts scored, a list published, and the outputs
of a chunk of subjects (results written to the subject records and the subjects told, or, for
medical credit, each result's objection case opened).

Idempotent as every output here: the lists are create-once outbox files keyed by the round and
the list; a record write has an Update id of the round and the subject (the record applies it
once), and a retry that finds its result already recorded counts it done; an objection case is
started once (its workflow id is the round's id and the subject's number in the round).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

import scoring
from activities.outbox import Outbox
from activities.performance_round import score_cohort
from activities.performance_round_agreements import assess_agreements
from activities.round_scoring import facts_of, score_batch
from activities.subject_records import SubjectRecordActivities
from contracts import medical_objections as med
from contracts import search_attributes as sa
from contracts.round_activities import (
    DELIVER_ROUND_OUTPUTS,
    PUBLISH_ROUND_LIST,
    RELEASE_MEDICAL_BATCH,
    SCORE_PERFORMANCE_COHORT,
    SCORE_ROUND_BATCH,
    OutputProblem,
    OutputsDelivered,
    RecordProblem,
    ReleaseBatch,
    ReleasedBatch,
    RoundList,
    RoundListDelivered,
    RoundOutputs,
    RoundPublication,
    ScoreBatch,
    ScoreCohort,
    ScoredBatch,
    ScoredCohort,
    SubjectOutput,
)
from contracts.rounds import PERFORMANCE_KINDS, SCORING_KIND, RoundKind
from contracts.subject_records import (
    MARKET,
    CreditResult,
    RecordResult,
    SubjectRef,
    SubjectType,
)
from scoring.report import ScoreReport

# How many subjects of a chunk are written or opened at once.
CONCURRENCY = 25
# 对评价结果有异议的企业可向作出评价的市场监管部门提出复核申请 … 15个工作日内完成相关复核工作
# (衢市监规〔2021〕3号 四(三)1, seed 000 l.697; 衢市监规〔2021〕2号 四(三)1, l.878).
MARKET_REVIEW = (
    "对评价结果有异议的, 可向作出评价的市场监管部门提出复核申请, 并提供有关书面佐证材料; "
    "市场监管部门自收到申请之日起15个工作日内完成复核, 书面告知结果 "
    "(衢市监规〔2021〕3号/2号 四(三)1)"
)


class RoundActivities:
    def __init__(self, outbox: Outbox, records: SubjectRecordActivities | None) -> None:
        """`records`: the subject records' activities (the worker's client); None where no
        engine is reachable (the scoring alone)."""
        self._outbox = outbox
        self._records = records

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.score_round_batch,
            self.score_performance_cohort,
            self.publish_round_list,
            self.deliver_round_outputs,
            self.release_medical_batch,
        ]

    @activity.defn(name=SCORE_ROUND_BATCH)
    async def score_round_batch(self, batch: ScoreBatch) -> ScoredBatch:
        return score_batch(batch)

    @activity.defn(name=SCORE_PERFORMANCE_COHORT)
    async def score_performance_cohort(self, cohort: ScoreCohort) -> ScoredCohort:
        """The whole cohort in one call (附件1 二(四): ranks are among all of it)."""
        try:
            return score_cohort(cohort)
        except ValueError as err:  # every record was checked as it came: not to be retried
            raise ApplicationError(f"the cohort: {err}", non_retryable=True) from None

    @activity.defn(name=PUBLISH_ROUND_LIST)
    async def publish_round_list(self, published: RoundList) -> RoundListDelivered:
        body = json.dumps(published.model_dump(mode="json"), ensure_ascii=False, indent=1)
        path = self._outbox.deliver(published.key, ".json", body)
        activity.logger.info("round list delivered", extra={"key": published.key})
        return RoundListDelivered(location=str(path), entries=len(published.entries))

    @activity.defn(name=DELIVER_ROUND_OUTPUTS)
    async def deliver_round_outputs(self, outputs: RoundOutputs) -> OutputsDelivered:
        if self._records is None:
            raise ApplicationError("the round's outputs need the engine's client")
        if outputs.kind in PERFORMANCE_KINDS:
            return await assess_agreements(self._records.client, outputs)
        return await self._each(outputs, outputs.subjects)

    @activity.defn(name=RELEASE_MEDICAL_BATCH)
    async def release_medical_batch(self, batch: ReleaseBatch) -> ReleasedBatch:
        """Scored, then each good record's objection case opened (its result published)."""
        if self._records is None:
            raise ApplicationError("the round's outputs need the engine's client")
        scored = score_batch(
            ScoreBatch(
                round_id=batch.round_id, kind=batch.kind, batch=batch.batch, records=batch.records
            )
        )
        subjects = [
            SubjectOutput(
                ordinal=batch.first_ordinal + n, score=score, record=batch.records[score.index - 1]
            )
            for n, score in enumerate(scored.scores)
        ]
        done = await self._each(batch, subjects)
        index = {s.score.subject_id: s.score.index for s in subjects}
        problems = scored.problems + [
            RecordProblem(
                batch=batch.batch,
                index=index.get(p.subject_id, 0),
                subject_id=p.subject_id,
                problem=p.problem,
            )
            for p in done.problems
        ]
        return ReleasedBatch(
            batch=batch.batch,
            scores=scored.scores,
            problems=problems,
            objections_opened=done.objections_opened,
        )

    async def _each(
        self, outputs: RoundPublication, subjects: list[SubjectOutput]
    ) -> OutputsDelivered:
        """Each subject's outputs, a few at once; a subject an output refuses is a problem."""
        done = OutputsDelivered()
        gate = asyncio.Semaphore(CONCURRENCY)
        medical = outputs.kind is RoundKind.MEDICAL_CREDIT

        async def one(subject: SubjectOutput) -> None:
            async with gate:
                activity.heartbeat()
                try:
                    if medical:
                        await self._open_objection(outputs, subject)
                        done.objections_opened += 1
                    else:
                        # Not graded (an IP agency founded less than 12 months before the
                        # evaluation, 2号 四(一)): no result for its record; it is told so.
                        if subject.score.grade is not None:
                            await self._write_market_result(outputs, subject)
                            done.records_written += 1
                        self._tell_market_subject(outputs, subject)
                        done.subjects_told += 1
                except ApplicationError as err:
                    if err.non_retryable:
                        done.problems.append(
                            OutputProblem(subject_id=subject.score.subject_id, problem=err.message)
                        )
                        return
                    raise

        await asyncio.gather(*(one(subject) for subject in subjects))
        return done

    # -- market credit: the record and the notice ------------------------------------------------

    async def _write_market_result(self, outputs: RoundPublication, subject: SubjectOutput) -> None:
        assert self._records is not None
        score = subject.score
        ref = SubjectRef(type=SubjectType.ENTERPRISE, code=score.subject_id, name=score.name)
        write = RecordResult(
            actor=outputs.agency.name,
            source_case=outputs.round_workflow_id,
            result=CreditResult(
                result_id=_result_id(outputs, subject),
                kind="market-credit",
                published_on=outputs.published_on,
                score=float(score.total or 0.0),
                grade=str(score.grade),
                facts=subject.record,
            ),
        )
        await self._records.write(
            ref, write, f"{outputs.round_workflow_id}/result/{score.subject_id}"
        )

    def _tell_market_subject(self, outputs: RoundPublication, subject: SubjectOutput) -> None:
        """评价结果 told to the enterprise, with what the grade means (五) and how to apply for
        review (四(三)1): applying starts a market objection (`starter.py market-objection
        start`)."""
        score = subject.score
        report = scoring.kind(SCORING_KIND[outputs.kind]).score_raw(subject.record)
        assert isinstance(report, ScoreReport)  # market credit scores one subject
        notice = {
            "recipient": score.name,
            "subject_id": score.subject_id,
            "round": outputs.round_id,
            "result_id": _result_id(outputs, subject),
            "published_on": outputs.published_on.isoformat(),
            "agency": outputs.agency.model_dump(),
            "total": score.total,
            "grade": score.grade,
            "explanation": [
                {"indicator": line.label, "points": line.points, "clause": line.clause}
                for line in report.lines
            ],
            "adjustments": [a.model_dump() for a in report.adjustments],
            "measures": [c.model_dump() for c in report.consequences],
            "review": MARKET_REVIEW,
            "citation": f"{MARKET[score.variant]} 四(三)1, 五",
        }
        if score.grade is not None and score.total is not None:
            # The review application's case file as far as this result fills it: the agency's
            # system adds case_id, received_at, grounds and evidence (`starter.py
            # market-objection start --file`, POST /market-objection/cases).
            notice["review_application"] = {
                "subject": score.variant,
                "enterprise": {"uscc": score.subject_id, "name": score.name},
                "agency_code": outputs.agency.code,
                "agency_name": outputs.agency.name,
                "evaluation": {
                    "evaluation_id": _result_id(outputs, subject),
                    "score": score.total,
                    "grade": score.grade,
                },
            }
        key = f"{outputs.round_workflow_id}/result-notice-{subject.ordinal:05d}"
        self._outbox.deliver(key, ".json", json.dumps(notice, ensure_ascii=False, indent=1))

    # -- medical credit: each result opens its objection case --------------------------------------

    async def _open_objection(self, outputs: RoundPublication, subject: SubjectOutput) -> None:
        """可在评价结果发布之日起, 10个工作日内 … 提出异议申诉 (衢医保发〔2021〕36号 四(三)): the
        result is published by opening its case, which writes it to the subject's record (and
        the record sends the SMS of a changed result)."""
        assert self._records is not None
        score = subject.score
        facts = facts_of(outputs.kind, subject.record)
        case_id = _result_id(outputs, subject)
        try:
            case = med.MedicalObjectionCase.model_validate(
                {
                    "case_id": case_id,
                    "agency": outputs.agency.model_dump(),
                    "subject": {
                        "type": med.SUBJECT_TYPES[score.variant],
                        "code": score.subject_id,
                        "name": score.name,
                    },
                    "mobile": subject.record.get("mobile"),
                    "result": {
                        "result_id": case_id,
                        "published_on": outputs.published_on,
                        "facts": facts,
                        "score": score.total,
                        "grade": score.grade,
                    },
                }
            )
        except ValueError as err:
            raise ApplicationError(str(err), non_retryable=True) from None
        client: Client = self._records.client
        try:
            await client.start_workflow(
                med.WORKFLOW,
                case,
                id=med.workflow_id(case_id),
                task_queue=activity.info().task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                search_attributes=sa.at_start(med.PROCEDURE_TYPE, outputs.agency.code),
            )
        except WorkflowAlreadyStartedError:
            pass  # opened by an earlier attempt


def _result_id(outputs: RoundPublication, subject: SubjectOutput) -> str:
    """`IP-2026-00012`: the round and the subject's number in it (never a person's id)."""
    return f"{outputs.round_id}-{subject.ordinal:05d}"
