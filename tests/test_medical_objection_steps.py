"""The medical-insurance credit objection's pure steps, without a server (衢医保发〔2021〕36号
四(三)): when the objection window is open and who is refused, what a decision's corrected facts
must be, which score and grade stand and whether the re-check was late, and what the feedback
form (附件2), the SMS and the reminders say (procedures/medical_objection/filing.py, review.py
and notices.py; tests/test_medical_objection.py runs them end to end).

Real dates on the national working-day calendar (periods), every period at its legal length.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from checks.uscc import check_character
from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
from periods import SHANGHAI, add_working_days, deadline_from, period_basis
from procedures.medical_objection import notices, review
from procedures.medical_objection.filing import (
    material_refs,
    objection_refusal,
    publication_instant,
    shanghai_day,
    window_end,
)
from procedures.medical_objection.models import (
    FEEDBACK_CITATION,
    FILING_WORKING_DAYS,
    OBJECTION_CITATION,
    REVIEW_WORKING_DAYS,
    FiledObjection,
    MaterialsReceived,
    MedicalObjectionCase,
    ObjectionForm,
    ReviewDecision,
    ReviewOutcome,
    Stage,
    score_facts,
)
from tests.conftest import EXAMPLES

# The example's result is published on Fri 20 Nov 2026.
PUBLISHED_ON = date(2026, 11, 20)


def example_case() -> MedicalObjectionCase:
    return MedicalObjectionCase.model_validate_json(
        (EXAMPLES / "medical-objection.json").read_text(encoding="utf-8")
    )


def example_objection() -> ObjectionForm:
    return ObjectionForm.model_validate_json(
        (EXAMPLES / "medical-objection-objection.json").read_text(encoding="utf-8")
    )


def corrected_decision() -> ReviewDecision:
    return ReviewDecision.model_validate_json(
        (EXAMPLES / "medical-objection-decision.json").read_text(encoding="utf-8")
    )


def upheld_decision() -> ReviewDecision:
    return ReviewDecision(
        outcome=ReviewOutcome.UPHELD, reason="认定有据, 维持原评价结果。", reviewer="陈峰"
    )


def working_day_deadline(
    name: str, kind: DeadlineKind, start: date, working_days: int
) -> CaseDeadline:
    """A real working-day period on the national calendar, as the workflow schedules it."""
    end = add_working_days(start, working_days)
    return CaseDeadline(
        name=name,
        kind=kind,
        citation=OBJECTION_CITATION,
        deadline=deadline_from(end, period_basis(working_days, "working_days")),
    )


def filing_window() -> CaseDeadline:
    return working_day_deadline(
        "filing", DeadlineKind.PARTY_WINDOW, PUBLISHED_ON, FILING_WORKING_DAYS
    )


# -- the objection window (四(三): 10 working days from the publication) --------------------------


def test_the_window_counts_from_the_day_after_publication_in_beijing_time() -> None:
    instant = publication_instant(PUBLISHED_ON)
    assert shanghai_day(instant) == PUBLISHED_ON
    # Ten working days from Fri 20 Nov 2026: 23–27 Nov and 30 Nov–4 Dec.
    window = filing_window()
    assert window.deadline.last_day == date(2026, 12, 4)
    assert window_end(window.deadline) == "24:00 on 2026-12-04 (Asia/Shanghai)"


def test_a_window_closing_at_office_hours_prints_the_closing_time() -> None:
    end = add_working_days(PUBLISHED_ON, FILING_WORKING_DAYS)
    deadline = deadline_from(end, period_basis(FILING_WORKING_DAYS, "working_days"), time(17))
    assert window_end(deadline) == "17:00 on 2026-12-04 (Asia/Shanghai)"


def test_an_objection_on_the_last_evening_is_in_time_and_at_midnight_it_is_refused() -> None:
    case, window = example_case(), filing_window()
    last_evening = datetime(2026, 12, 4, 23, 59, tzinfo=SHANGHAI)
    assert objection_refusal(case, None, being_filed=False, filing=window, now=last_evening) is None
    midnight = datetime(2026, 12, 5, 0, 0, tzinfo=SHANGHAI)
    refusal = objection_refusal(case, None, being_filed=False, filing=window, now=midnight)
    assert refusal is not None
    assert refusal.startswith("filed_at: the objection window closed at 24:00 on 2026-12-04")
    assert "publication on 2026-11-20" in refusal and OBJECTION_CITATION in refusal
    assert refusal.endswith("the result becomes formal")


def test_a_lapsed_window_refuses_even_before_its_instant_is_seen() -> None:
    lapsed = filing_window().model_copy(update={"lapsed": True})
    now = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
    refusal = objection_refusal(example_case(), None, being_filed=False, filing=lapsed, now=now)
    assert refusal is not None and "window closed" in refusal


def test_one_objection_per_result_and_the_first_ones_beijing_time_is_given() -> None:
    case = example_case()
    # Filed at 01:30 Beijing time on 24 Nov (still 23 Nov in UTC).
    filed = FiledObjection(
        form=example_objection(), filed_at=datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    )
    now = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    refusal = objection_refusal(case, filed, being_filed=True, filing=filing_window(), now=now)
    assert refusal == (
        f"case {case.case_id}: an objection was already filed at 2026-11-24 01:30 "
        "(Asia/Shanghai); one objection per result"
    )
    being_filed = objection_refusal(case, None, being_filed=True, filing=filing_window(), now=now)
    assert being_filed is not None and "is being filed at this moment" in being_filed


def test_an_objection_before_the_window_is_computed_is_asked_to_wait() -> None:
    now = datetime(2026, 11, 20, 12, 0, 1, tzinfo=SHANGHAI)
    refusal = objection_refusal(example_case(), None, being_filed=False, filing=None, now=now)
    assert refusal is not None and "still opening its objection window" in refusal


def test_the_materials_are_listed_in_the_order_they_came_in() -> None:
    at = datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI)
    materials = [
        MaterialsReceived(refs=["M-1", "M-2"], received_at=at),
        MaterialsReceived(refs=["M-3"], received_at=at + timedelta(days=1), submitted_by="张丽"),
    ]
    assert material_refs(materials) == ["M-1", "M-2", "M-3"]


# -- the re-check (四(三): 10 working days from objection and materials) --------------------------


def review_deadline(materials_in: date) -> CaseDeadline:
    return working_day_deadline(
        "review", DeadlineKind.AGENCY_DUTY, materials_in, REVIEW_WORKING_DAYS
    )


def test_a_decision_on_the_last_day_is_on_time_and_after_it_late() -> None:
    # Materials in on Tue 24 Nov 2026: ten working days end on Tue 8 Dec.
    deadline = review_deadline(date(2026, 11, 24))
    assert deadline.deadline.last_day == date(2026, 12, 8)
    on_time = datetime(2026, 12, 8, 18, 0, tzinfo=SHANGHAI)
    assert not review.decided_late(deadline, on_time)
    assert review.decided_late(deadline, datetime(2026, 12, 9, 0, 0, tzinfo=SHANGHAI))
    # Marked overdue by the deadline mechanism: late whatever the instant says.
    assert review.decided_late(deadline.model_copy(update={"overdue": True}), on_time)
    # Decided before the re-check's deadline was even computed: on time.
    assert not review.decided_late(None, on_time)


def test_a_correction_must_be_of_the_same_subject_and_change_the_result() -> None:
    case = example_case()
    assert review.decision_refusal(case.result, upheld_decision()) is None
    assert review.decision_refusal(case.result, corrected_decision()) is None
    same_facts = corrected_decision().model_copy(update={"corrected_facts": case.result.facts})
    unchanged = review.decision_refusal(case.result, same_facts)
    assert unchanged is not None and unchanged.endswith("use outcome 'upheld' to keep it")
    # Another pharmacy's valid code (its check character computed by GB 32100-2015).
    another = "91330802MA2DJ4R8X" + check_character("91330802MA2DJ4R8X")
    other = {**case.result.facts, "subject_id": another}
    refusal = review.decision_refusal(
        case.result, corrected_decision().model_copy(update={"corrected_facts": other})
    )
    assert refusal is not None and refusal.startswith("corrected_facts.subject_id:")
    faulty = {**case.result.facts, "settlement_violations": -1}
    refusal = review.decision_refusal(
        case.result, corrected_decision().model_copy(update={"corrected_facts": faulty})
    )
    assert refusal is not None and refusal.startswith("corrected_facts: ")


def test_the_feedback_waits_for_the_rescoring_of_a_correction_only() -> None:
    report = score_facts(corrected_decision().corrected_facts or {})
    assert not review.decision_complete(None, None)
    assert review.decision_complete(upheld_decision(), None)
    assert not review.decision_complete(corrected_decision(), None)
    assert review.decision_complete(corrected_decision(), report)


def test_the_score_and_grade_that_stand_and_whether_the_grade_changed() -> None:
    result = example_case().result
    assert review.final_values(result, None) == (result.score, result.grade)
    assert not review.grade_changed(result, None)
    # The example's correction lifts the 100-point 结算管理 deduction: another grade.
    report = score_facts(corrected_decision().corrected_facts or {})
    assert report.grade != result.grade
    assert review.final_values(result, report) == (report.total, report.grade)
    assert review.grade_changed(result, report)
    # A report without a total (nothing scorable) leaves the published result standing.
    assert review.final_values(result, report.model_copy(update={"total": None})) == (
        result.score,
        result.grade,
    )


# -- what the case writes and sends ----------------------------------------------------------------


def test_the_feedback_form_prints_the_beijing_day_the_objection_came_in() -> None:
    case, decision = example_case(), corrected_decision()
    report = score_facts(decision.corrected_facts or {})
    # Filed at 00:30 on 24 Nov Beijing time (23 Nov in UTC): the form says 24 Nov.
    objection = FiledObjection(
        form=example_objection(), filed_at=datetime(2026, 11, 24, 0, 30, tzinfo=SHANGHAI)
    )
    decided_at = datetime(2026, 12, 3, 15, 0, tzinfo=SHANGHAI)
    form = notices.feedback(
        case, objection, decision, report, key="k/feedback", decided_at=decided_at, late=False
    )
    assert form.objection_received_on == date(2026, 11, 24)
    assert form.citation == FEEDBACK_CITATION and form.citation.endswith("四(三) 附件2")
    assert (form.original_score, form.original_grade) == (case.result.score, case.result.grade)
    assert (form.corrected_score, form.corrected_grade) == (report.total, report.grade)
    assert form.reasons == [decision.reason] and form.reviewer == decision.reviewer
    assert form.objection_summary == objection.form.content
    assert form.issued_at == form.decided_at == decided_at and not form.late
    upheld = notices.feedback(
        case,
        objection,
        upheld_decision(),
        None,
        key="k/feedback-2",
        decided_at=decided_at,
        late=True,
    )
    assert (upheld.corrected_score, upheld.corrected_grade) == (None, None) and upheld.late


def test_the_sms_tells_the_subject_the_old_and_new_result() -> None:
    case = example_case()
    recipient, subject, body = notices.grade_change_sms(case, 894.65, "优秀")
    assert recipient == f"subject-sms:{case.mobile}"
    assert subject == "医保信用评价结果变动提醒"
    assert "更正为894.65分, 信用等级优秀" in body
    assert f"(原{case.result.score:g}分, {case.result.grade})" in body
    assert case.result.result_id in body and body.endswith(case.agency.name)
    no_mobile = case.model_copy(update={"mobile": None})
    assert notices.grade_change_sms(no_mobile, 894.65, "优秀")[0] == "subject-sms:unknown"


def test_the_reviewer_is_reminded_and_the_supervisor_told_of_the_last_day() -> None:
    case, deadline = example_case(), review_deadline(date(2026, 11, 24))
    to, subject, body = notices.review_reminder(
        case,
        deadline,
        Reminder(at=datetime(2026, 12, 4, 9, 0, tzinfo=SHANGHAI), working_days_before=2),
    )
    assert to == "reviewer" and "2 working day(s) left" in subject
    assert "due by 24:00 on 2026-12-08 (Asia/Shanghai)" in body and OBJECTION_CITATION in body
    to, _, body = notices.review_overdue(case, deadline)
    assert to == "supervisor" and case.agency.code in body
    assert "was due by 24:00 on 2026-12-08" in body
    assert body.endswith("The case keeps waiting for the decision.")


def test_what_the_case_waits_for_at_each_stage() -> None:
    window, deadline = filing_window(), review_deadline(date(2026, 11, 24))
    waiting = notices.waiting_for(Stage.OBJECTION_WINDOW, window, None)
    assert waiting is not None and "until 24:00 on 2026-12-04" in waiting
    materials = notices.waiting_for(Stage.AWAITING_MATERIALS, window, None)
    assert materials is not None and "no deadline runs meanwhile" in materials
    under_review = notices.waiting_for(Stage.UNDER_REVIEW, window, deadline)
    assert under_review is not None and under_review.endswith("2026-12-08 (Asia/Shanghai)")
    # Before the re-check's deadline is computed, and once decided: nothing to name.
    assert notices.waiting_for(Stage.UNDER_REVIEW, window, None) is None
    assert notices.waiting_for(Stage.NOTIFYING, window, deadline) is None


@pytest.mark.parametrize("corrected", [False, True])
def test_the_credit_file_gets_the_result_unformal_then_formal(corrected: bool) -> None:
    case = example_case()
    published = notices.published_result(case, "medical-objection-X", "system")
    assert published.result.formal is False
    assert published.result.kind == "medical-credit"
    assert published.result.source_case == published.source_case == "medical-objection-X"
    assert (published.result.score, published.result.grade) == (
        case.result.score,
        case.result.grade,
    )
    facts = corrected_decision().corrected_facts if corrected else None
    formal = notices.formal_result(
        case,
        "medical-objection-X",
        "system",
        formal_on=date(2026, 12, 3),
        score=894.65 if corrected else None,
        grade="优秀" if corrected else None,
        facts=facts,
    )
    assert formal.result_id == case.result.result_id and formal.formal_on == date(2026, 12, 3)
    assert formal.facts == facts
