"""The performance assessment's result taken by the agreement (衢医保发〔2023〕8号 附件1 二(四)):
the annual grade recorded (trail, status, the institution's subject record); a suspension of
settlement with its 3 months of rectification (附件1 二(四)2(2)); the re-assessment after it,
which restores settlement or begins the 解除. The rules are assessment.py's.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.performance_results import PerformanceResult
    from contracts.subject_records import TERMINATED_BY_ASSESSMENT, Finding
    from procedures.agreement import assessment
    from procedures.agreement.arrivals import Arrivals
    from procedures.agreement.case import Performance, Receipt, Stage
    from procedures.agreement.ladder import cite

# The finding the annual grade leaves on the institution's record (not a credit result: see
# _record_grade).
PERFORMANCE_FINDING = "agreement.performance"
SUSPENSION = assessment.SUSPENSION_CLAUSE


class Assessing(Arrivals):
    def _take_assessment(self, result: PerformanceResult) -> Receipt:
        if result.assessment == "reassessment":
            return self._take_reassessment(result)
        assert result.grade is not None
        kind, suspended = self._case.institution.kind, result.settlement_suspended
        clause = assessment.grade_clause(kind, result.grade, suspended)
        ends = assessment.rectification_ends(result.assessed_on) if suspended else None
        record = Performance(
            year=result.year,
            grade=result.grade,
            score=result.final_score,
            rank=result.rank,
            ranked=result.ranked,
            assessed_on=result.assessed_on,
            round_id=result.round_id,
            clause=clause,
            settlement_suspended=suspended,
            rectification_ends_on=ends,
        )
        self._s.performance.append(record)
        self._trail.record(
            result.actor,
            "performance_assessed",
            cite(clause),
            year=result.year,
            grade=result.grade,
            score=result.final_score,
            rank=result.rank,
            ranked=result.ranked,
            round_id=result.round_id,
            assessed_on=result.assessed_on.isoformat(),
            measures=assessment.measures(kind, result.grade, suspended),
            settlement_suspended=suspended,
            rectification_ends_on=ends.isoformat() if ends else None,
            reasons=result.reasons,
        )
        detail = f"{result.year}: grade {result.grade}, {result.final_score:g}"
        if ends is not None:
            # 排名末两位的或考核得分低于60分的予以暂停联网结算,整改3个月后再进行考核.
            if self._stage is Stage.IN_FORCE:
                self._stage = Stage.SETTLEMENT_SUSPENDED
            detail += f"; 暂停联网结算, rectification to {ends.isoformat()} ({cite(SUSPENSION)})"
        self._publish()

        async def carry_out() -> None:
            if suspended:
                await self._settlement(
                    f"assessment-{record.year}-settlement",
                    True,
                    f"{record.year}年度绩效考核: 暂停联网结算",
                    cite(SUSPENSION),
                )
            await self._record_grade(record)

        self._after("assess", "the settlement system and the subject record", carry_out)
        return self._receipt(detail)

    async def _record_grade(self, record: Performance) -> None:
        """The grade as a finding on the institution's record: its credit results are credit
        evaluations (信用评价) whose scoring facts the credit procedures re-score, which a
        performance grade is not; the agreement's handling decisions are findings too."""
        finding = Finding(
            finding_id=f"{self._case.case_id}-performance-{record.year}",
            found_on=record.assessed_on,
            indicator=PERFORMANCE_FINDING,
            kind=f"{PERFORMANCE_FINDING}.{record.grade}",
            label=f"{record.year}年度绩效考核 {record.grade}级 ({record.score:g}分; "
            f"{record.clause})",
            repairable=False,
        )
        await self._write_finding(
            self._institution_ref(), finding, self._case.agency.name, cite(record.clause)
        )

    def _take_reassessment(self, result: PerformanceResult) -> Receipt:
        record = assessment.rectifying(self._s)
        assert record is not None and result.passed is not None
        record.reassessed_on = result.assessed_on
        record.reassessment_score = result.final_score
        record.passed = result.passed
        self._trail.record(
            result.actor,
            "performance_reassessed",
            cite(SUSPENSION),
            year=result.year,
            score=result.final_score,
            passed=result.passed,
            assessed_on=result.assessed_on.isoformat(),
            round_id=result.round_id,
            reasons=result.reasons,
        )
        if not result.passed:
            # 考核仍不合格的,予以解除医保协议,退出医保定点管理: the three steps of 附件1 一(四).
            self._begin_termination(
                [cite(SUSPENSION)],
                TERMINATED_BY_ASSESSMENT,
                "整改3个月后再进行考核仍不合格 (performance re-assessment failed)",
                "assess",
            )
            return self._receipt(f"re-assessment failed: 解除 begun ({cite(SUSPENSION)})")
        self._stage = Stage.IN_FORCE
        self._publish()
        self._after(
            "assess",
            "the settlement system told",
            lambda: self._settlement(
                f"assessment-{record.year}-restored",
                False,
                f"{record.year}年度绩效考核整改后再考核合格",
                cite(SUSPENSION),
            ),
        )
        return self._receipt("re-assessment passed: settlement restored, in force")
