"""The performance assessment's rules without a server (衢医保发〔2023〕8号 附件1 二(四), seed 001
lines 1972–1994): the clause a grade falls under, the rectification's last day, what the `assess`
step refuses, the moment the re-assessment is due, and the designation's one-year bar after a
解除 by the assessment. Expected days are by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from checks.plausible import SHANGHAI_OFFSET
from contracts.performance_results import PerformanceResult
from contracts.subject_records import (
    TERMINATED_BY_ASSESSMENT,
    Finding,
    SubjectFacts,
    SubjectRef,
    SubjectType,
)
from procedures.agreement import assessment, steps
from procedures.agreement.case import (
    AgreementCase,
    AgreementState,
    InstitutionKind,
    Performance,
    Stage,
    Term,
)
from procedures.agreement.life import Moment, moments
from procedures.designation.assessment_bar import assessment_bar
from procedures.designation.checks import non_acceptance_grounds
from procedures.designation.institution import InstitutionKind as ApplicantKind
from procedures.designation.submissions import AcceptanceFacts
from tests.test_agreement_workflow import EXAMPLE

MEDICAL, PHARMACY = InstitutionKind.MEDICAL_INSTITUTION, InstitutionKind.PHARMACY
FROM_FILE = EXAMPLE.model_copy(
    update={"signed_on": date(2025, 3, 2), "term_end": date(2026, 12, 31)}
)
SUSPENSION = "衢医保发〔2023〕8号 附件1 二(四)2(2)"


def state(**changes: Any) -> AgreementState:
    base = AgreementState(terms=[Term(number=1, start=date(2025, 3, 2), end=date(2026, 12, 31))])
    return base.model_copy(update=changes)


def result(**changes: Any) -> PerformanceResult:
    fields: dict[str, Any] = {
        "round_id": "PA-2025-outpatient",
        "assessment": "annual",
        "year": 2025,
        "assessed_on": date(2026, 3, 16),
        "final_score": 58.5,
        "grade": "D",
        "rank": 41,
        "ranked": 42,
        "settlement_suspended": True,
        "actor": "协议管理科",
    }
    fields.update(changes)
    return PerformanceResult.model_validate(fields)


def rectifying(ends: date, due: bool = False) -> Performance:
    return Performance(
        year=2025,
        grade="D",
        score=58.5,
        assessed_on=date(2026, 3, 16),
        round_id="PA-2025-outpatient",
        clause="附件1 二(四)2(2)",
        settlement_suspended=True,
        rectification_ends_on=ends,
        reassessment_due=due,
    )


def problem(
    given: PerformanceResult,
    now: AgreementState | None = None,
    stage: Stage = Stage.IN_FORCE,
    case: AgreementCase = FROM_FILE,
) -> str | None:
    return assessment.problem(given, case, now or state(), stage)


def test_the_clause_a_grade_falls_under() -> None:
    # A pharmacy is under 二(四)2 only; a medical institution suspended too (only 2 suspends).
    assert assessment.grade_clause(PHARMACY, "D", True) == "附件1 二(四)2(2)"
    assert assessment.grade_clause(MEDICAL, "D", True) == "附件1 二(四)2(2)"
    assert assessment.grade_clause(PHARMACY, "A", False) == "附件1 二(四)2(1)"
    # 综合类 or 门诊类: the agreement's file does not say, so both are cited.
    assert assessment.grade_clause(MEDICAL, "B", False) == "附件1 二(四)1(3) 或 2(3)"
    assert assessment.measures(MEDICAL, "C", False) == [
        "加大日常监督检查频次,至少每年检查2次及以上,减少基金预拨、同时予以通报公布",
        "加大日常监督检查频次,至少每年检查3次及以上,减少基金预拨,同时予以通报公布",
    ]


def test_the_rectification_runs_3_months_to_the_corresponding_day() -> None:
    assert assessment.rectification_ends(date(2026, 3, 16)) == date(2026, 6, 16)
    # No 30 February: the month's last day; not moved off a rest day (2027-02-28 is a Sunday).
    assert assessment.rectification_ends(date(2026, 11, 30)) == date(2027, 2, 28)
    assert assessment.reassessment_from(date(2026, 11, 30)) == date(2027, 3, 1)


def test_a_suspension_the_text_orders_is_accepted() -> None:
    assert problem(result()) is None  # 41st of 42, 58.5: both
    assert problem(result(final_score=65.0)) is None  # the last two ranked
    assert problem(result(rank=10)) is None  # under 60
    # A medical institution may be 综合类, which 二(四)1 does not suspend: the file cannot tell.
    assert problem(result(), case=FROM_FILE) is None and FROM_FILE.institution.kind is MEDICAL


def test_an_annual_result_the_text_does_not_allow_is_refused_naming_the_field() -> None:
    found = problem(result(rank=30, final_score=65.0))
    assert found is not None and found.startswith("settlement_suspended: ")
    assert "rank 30 of 42 and 65" in found and SUSPENSION in found
    found = problem(result(year=2024))
    assert found == (
        "year: the agreement covers 2025–2026; no result for 2024 is its to take "
        "(衢医保发〔2023〕8号 附件1 二(四))"
    )
    taken = state(performance=[rectifying(date(2026, 6, 16))])
    found = problem(result(settlement_suspended=False, grade="C", rank=20), taken)
    assert found is not None and found.startswith("year: the annual result for 2025 was taken")
    # 当年新增的定点医药机构,不予考核: designated (by a designation case) in the year assessed.
    new = FROM_FILE.model_copy(update={"designation_case": "designation-T-1"})
    found = problem(result(year=2025), case=new)
    assert found is not None and "当年新增的定点医药机构,不予考核" in found
    found = problem(result(), stage=Stage.SUSPENDED)
    assert found == "settlement_suspended: the agreement is suspended; its settlement runs no more"


def test_a_reassessment_is_refused_without_a_suspension_or_before_the_rectification_ends() -> None:
    again = result(
        assessment="reassessment",
        grade=None,
        settlement_suspended=False,
        passed=False,
        final_score=50.0,
        assessed_on=date(2026, 6, 16),
    )
    found = problem(again)
    assert found is not None and found.startswith("assessment: no suspension of settlement")
    running = state(performance=[rectifying(date(2026, 6, 16))])
    found = problem(again, running, Stage.SETTLEMENT_SUSPENDED)
    assert found == (
        "assessed_on: the rectification (整改3个月) runs to 2026-06-16; the re-assessment comes "
        f"after it, from 2026-06-17 ({SUSPENSION})"
    )
    later = again.model_copy(update={"assessed_on": date(2026, 6, 17)})
    assert problem(later, running, Stage.AWAITING_REASSESSMENT) is None
    wrong = later.model_copy(update={"passed": True})
    found = problem(wrong, running, Stage.AWAITING_REASSESSMENT)
    assert found is not None and found.startswith("passed: ")
    other_year = later.model_copy(update={"year": 2026})
    found = problem(other_year, running, Stage.AWAITING_REASSESSMENT)
    assert found is not None and found.startswith("year: the re-assessment awaited is of 2025")


def test_the_reassessment_is_due_the_day_after_the_rectification_and_not_restored_by_hand() -> None:
    running = state(performance=[rectifying(date(2026, 6, 16))])
    found = moments(running, Stage.SETTLEMENT_SUSPENDED, {}, 3)
    due = [m for m in found if m.moment is Moment.REASSESSMENT_DUE]
    assert [(m.at, m.name) for m in due] == [
        (datetime.combine(date(2026, 6, 17), time(0), tzinfo=SHANGHAI_OFFSET), "2025")
    ]
    told = state(performance=[rectifying(date(2026, 6, 16), due=True)])
    assert not [
        m
        for m in moments(told, Stage.AWAITING_REASSESSMENT, {}, 3)
        if m.moment is Moment.REASSESSMENT_DUE
    ]
    # 五(三)1's restore does not lift the assessment's suspension: its re-assessment does.
    refused = steps.restore_problem(Stage.SETTLEMENT_SUSPENDED, running)
    assert refused is not None and "re-assessment" in refused and SUSPENSION in refused


def test_a_renewal_relies_on_the_latest_grade() -> None:
    b_2025 = rectifying(date(2026, 6, 16)).model_copy(update={"grade": "B"})
    a_2026 = b_2025.model_copy(update={"year": 2026, "grade": "A"})
    assert assessment.latest_grade(state(performance=[a_2026, b_2025])) == "A"
    assert assessment.latest_grade(state()) is None


def ended_by_assessment(on: date, kind: SubjectType = SubjectType.MEDICAL_INSTITUTION) -> Any:
    return SubjectFacts(
        ref=SubjectRef(type=kind, code="X", name="某门诊部"),
        findings=[
            Finding(
                finding_id="A-1",
                found_on=on,
                indicator=TERMINATED_BY_ASSESSMENT,
                label="年度考核被解除医保协议",
                repairable=False,
            )
        ],
    )


def test_an_application_within_a_year_of_the_end_is_not_accepted_and_one_after_is() -> None:
    ended = date(2026, 3, 10)
    record = ended_by_assessment(ended)
    # One year: the corresponding day, 2027-03-10, is its last day (still 未满).
    [ground] = assessment_bar(ApplicantKind.MEDICAL_INSTITUTION, record, date(2027, 3, 10))
    assert (ground.case, ground.clause) == (12, "衢医保发〔2023〕8号 附件1 二(四)")
    assert "于2026-03-10因年度考核被解除医保协议" in ground.reason
    assert "满1年之日为2027-03-10" in ground.reason
    assert assessment_bar(ApplicantKind.MEDICAL_INSTITUTION, record, date(2027, 3, 11)) == []
    [pharmacy] = assessment_bar(ApplicantKind.PHARMACY, record, date(2026, 9, 10))
    assert pharmacy.case == 8  # 零售药店 (8) 法律法规规定的其他不予受理的情形
    # The acceptance review's checks include it.
    on = date(2026, 9, 10)
    grounds = non_acceptance_grounds(
        ApplicantKind.MEDICAL_INSTITUTION, AcceptanceFacts(), record, [], on
    )
    assert [g.clause for g in grounds] == ["衢医保发〔2023〕8号 附件1 二(四)"]
    later = on + timedelta(days=365)
    assert (
        non_acceptance_grounds(
            ApplicantKind.MEDICAL_INSTITUTION, AcceptanceFacts(), record, [], later
        )
        == []
    )
