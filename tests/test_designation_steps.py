"""Designation's pure steps, without a server: when the trial run ends and an application is
possible, what a supplementation notice asks and when its window ends, when an evaluation passes
and what a failure tells the applicant, the days after a failure or false materials, the dates of
the meeting and the agreement, and what the documents and messages say
(procedures/designation/application.py, supplementation.py, evaluation_rules.py, approval.py and
notices.py; tests/test_designation_workflow.py runs them end to end)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from contracts.activities import AcceptanceBatch
from contracts.case_records import CaseDeadline, DeadlineKind
from contracts.designation_documents import EvaluatorTotal
from contracts.subject_records import Agreement, Restriction
from periods import SHANGHAI, add_working_days, deadline_from, period_basis
from procedures.designation import application, notices, supplementation
from procedures.designation import evaluation_rules as rules
from procedures.designation.approval import agreement_term_end, meeting_problem, signing_problem
from procedures.designation.clauses import (
    APPLICATION_CLAUSE,
    EVALUATION_CLAUSE,
    EVALUATION_GROUP,
    EVALUATION_WORKING_DAYS,
    SUPERVISOR,
    SUPPLEMENT_WORKING_DAYS,
    cite,
)
from procedures.designation.institution import InstitutionKind
from procedures.designation.materials import MissingItem
from procedures.designation.models import (
    AgreementView,
    DesignationCase,
    EvaluationRecord,
    NonAcceptanceGround,
)
from procedures.designation.submissions import (
    AcceptanceReview,
    Application,
    Evaluation,
    FalseMaterials,
    Supplement,
)
from scoring.report import Adjustment, ScoreLine, ScoreReport
from tests.conftest import EXAMPLES


def example(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


CASE = DesignationCase.model_validate(example("designation-medical.json"))
PHARMACY_CASE = DesignationCase.model_validate(example("designation-pharmacy.json"))
ISSUED_AT = datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI)


def window_from(day: date, working_days: int, citation: str) -> CaseDeadline:
    """A real working-day window on the national calendar, as the workflow schedules it."""
    end = add_working_days(day, working_days)
    return CaseDeadline(
        name="window",
        kind=DeadlineKind.PARTY_WINDOW,
        citation=citation,
        deadline=deadline_from(end, period_basis(working_days, "working_days")),
    )


def missing(*codes: str) -> list[MissingItem]:
    return [MissingItem(key=c, text=f"材料 {c}", clause=cite(APPLICATION_CLAUSE)) for c in codes]


# -- the trial run and the application (二(三)1–2) ---------------------------------------------


def test_an_application_is_possible_the_day_after_the_three_month_trial_run() -> None:
    # Pre-registered on 15 July 2026: the 3 months are full at the end of 15 October.
    pre_registered = CASE.pre_registered_on
    assert pre_registered == date(2026, 7, 15)
    assert application.trial_run_last_day(pre_registered) == date(2026, 10, 15)
    refusal = application.too_early(pre_registered, date(2026, 10, 15))
    assert refusal is not None
    assert "ends on 2026-10-15" in refusal
    assert "possible from 2026-10-16" in refusal
    assert "试运行满3个月后" in refusal and cite(APPLICATION_CLAUSE) in refusal
    assert application.too_early(pre_registered, date(2026, 10, 16)) is None


def test_a_trial_run_from_the_end_of_november_ends_on_the_last_day_of_february() -> None:
    # 民法典 第二百零二条: no 30 February, so the month's last day; a rest day is not moved.
    last = application.trial_run_last_day(date(2026, 11, 30))
    assert last == date(2027, 2, 28)
    assert application.application_possible_from(last) == date(2027, 3, 1)


def test_material_codes_of_the_other_kind_are_refused_with_the_known_list() -> None:
    medical = Application.model_validate(example("designation-application-medical.json"))
    assert application.unknown_materials(InstitutionKind.MEDICAL_INSTITUTION, medical) is None
    problem = application.unknown_materials(InstitutionKind.PHARMACY, medical)
    assert problem is not None
    assert "practice_licence" in problem and "零售药店" in problem
    # The business licence is known to both lists' readers (营利性医疗机构, 二(一)3(2)).
    assert "business_licence" not in problem.split("known:")[0]


def test_a_bar_in_force_names_the_day_a_new_application_is_possible() -> None:
    bars = [
        Restriction(
            text="逾期不补正, 视作放弃定点申请",
            clause=cite(APPLICATION_CLAUSE),
            kind="designation_application",
            from_day=date(2026, 12, 1),
            until=date(2027, 2, 28),
        ),
        Restriction(text="另案限制", clause="其他", from_day=date(2026, 1, 1)),
    ]
    refusal = application.barred(bars)
    assert refusal.startswith("application: ")
    assert "a new application is possible from 2027-03-01" in refusal
    assert "a new application is possible from its lifting" in refusal


def test_the_receipt_of_an_application_names_the_review_day_and_says_when_it_is_provisional() -> (
    None
):
    batch = AcceptanceBatch(
        day=date(2027, 1, 11),
        at=datetime(2027, 1, 11, 9, 0, tzinfo=SHANGHAI),
        rule="first working day of the quarter's second week",
        provisional=True,
    )
    detail = application.received(batch)
    assert "2027-01-11" in detail and "provisional" in detail
    assert "provisional" not in application.received(
        batch.model_copy(update={"provisional": False})
    )


def test_nonconforming_findings_name_only_required_materials() -> None:
    review = AcceptanceReview(reviewer="审查员", nonconforming={"premises": "租赁合同未备案"})
    required = {"premises", "application_form"}
    assert application.unknown_nonconforming(CASE.institution.kind, review, required) is None
    stray = AcceptanceReview(reviewer="审查员", nonconforming={"licences_and_ids": "复印件模糊"})
    problem = application.unknown_nonconforming(CASE.institution.kind, stray, required)
    assert problem is not None and "licences_and_ids" in problem and "医疗机构" in problem


def test_false_materials_bar_three_years_from_the_day_found() -> None:
    # 自发现之日起未满3年: found on 10 Feb 2027, the last day barred is 10 Feb 2030.
    assert application.false_materials_bar_until(date(2027, 2, 10)) == date(2030, 2, 10)
    # Found on 29 February: three years later there is none, so 28 February.
    assert application.false_materials_bar_until(date(2028, 2, 29)) == date(2031, 2, 28)


# -- supplementation (一次性告知, 5 working days) ----------------------------------------------


def test_the_supplementation_notice_asks_everything_at_once_and_prints_the_windows_last_day() -> (
    None
):
    window = window_from(date(2026, 9, 25), SUPPLEMENT_WORKING_DAYS, cite(APPLICATION_CLAUSE))
    items = missing("premises", "business_licence")
    notice = notices.supplementation_notice(
        CASE,
        key="designation-DD-2026-0031/supplementation",
        issued_at=ISSUED_AT,
        phase="acceptance",
        received_on=date(2026, 9, 1),
        missing=items,
        window=window,
    )
    assert [(m.text, m.clause) for m in notice.missing] == [(m.text, m.clause) for m in items]
    # Five working days from Fri 25 Sept 2026: 28, 29, 30 Sept, then the National Day holiday
    # (1–7 Oct), then 8 and 9 Oct (国办发明电〔2025〕7号).
    assert notice.window.last_day == date(2026, 10, 9)
    assert notice.window.working_days == SUPPLEMENT_WORKING_DAYS
    assert "视作放弃申请" in notice.consequence and cite(APPLICATION_CLAUSE) in notice.consequence
    assert notice.subject_code == CASE.institution.uscc
    assert notice.institution_kind == "medical_institution"
    evaluation = notices.supplementation_notice(
        CASE,
        key="designation-DD-2026-0031/notice",
        issued_at=ISSUED_AT,
        phase="evaluation",
        received_on=date(2026, 9, 1),
        missing=items,
        window=window,
    )
    assert evaluation.phase == "evaluation"


def test_each_supplementation_notice_has_its_own_step() -> None:
    steps = [supplementation.notice_step(n) for n in range(3)]
    assert steps == ["supplementation", "supplementation-2", "supplementation-3"]


def test_a_supplement_leaves_what_it_did_not_hand_in() -> None:
    items = missing("premises", "business_licence", "extra-1")
    supplement = Supplement(materials={"premises": "SUPP-1", "extra-1": "SUPP-2"})
    still, handed = supplementation.after(items, supplement)
    assert [m.key for m in still] == ["business_licence"]
    assert handed == ["extra-1", "premises"]
    assert supplementation.receipt_detail(still) == "still missing: 材料 business_licence"
    assert supplementation.receipt_detail([]) == "all requested materials received"


def test_materials_not_asked_for_are_refused_with_what_the_notice_asked() -> None:
    items = missing("premises")
    assert supplementation.unasked(items, Supplement(materials={"premises": "S"})) is None
    problem = supplementation.unasked(items, Supplement(materials={"roster": "S"}))
    assert problem is not None
    assert "roster not asked for" in problem and "asks for premises" in problem


def test_an_abandoned_application_bars_a_new_one_for_three_months_from_the_windows_end() -> None:
    # The window ended on Mon 30 Nov 2026: barred from 1 Dec; the 3 months are full at the end
    # of 28 Feb 2027 (no 30 February); a new application from 1 March.
    abandoned = supplementation.abandonment(date(2026, 11, 30))
    assert abandoned.from_day == date(2026, 12, 1)
    assert abandoned.until == date(2027, 2, 28)
    assert "window ended 2026-11-30" in abandoned.reason
    assert "possible from 2027-03-01" in abandoned.reason


# -- acceptance and refusals -------------------------------------------------------------------


def test_the_acceptance_notice_prints_the_evaluations_twenty_working_days() -> None:
    evaluation = window_from(date(2027, 1, 11), EVALUATION_WORKING_DAYS, cite(EVALUATION_CLAUSE))
    notice = notices.acceptance_notice(
        CASE,
        key="designation-DD-2026-0031/acceptance",
        issued_at=datetime(2027, 1, 11, 9, 0, tzinfo=SHANGHAI),
        received_on=date(2026, 10, 20),
        batch_day=date(2027, 1, 11),
        accepted_on=date(2027, 1, 11),
        evaluation=evaluation,
    )
    assert notice.evaluation.working_days == 20
    assert notice.evaluation.last_day == evaluation.deadline.last_day
    # Twenty working days are four working weeks at least: never before 8 February.
    assert notice.evaluation.last_day >= date(2027, 1, 11) + timedelta(weeks=4)
    assert notice.citation == cite(APPLICATION_CLAUSE)


def test_the_non_acceptance_notice_cites_the_kinds_list_and_every_ground() -> None:
    grounds = [
        NonAcceptanceGround(
            case=3,
            clause="衢医保发〔2023〕8号 二(三)2 零售药店不予受理情形(3)",
            reason="因违法违规被解除医保协议未满3年",
        ),
    ]
    refusal = notices.non_acceptance_notice(
        PHARMACY_CASE,
        key="designation-DD-2026-0031/notice",
        issued_at=ISSUED_AT,
        received_on=date(2026, 9, 1),
        grounds=grounds,
    )
    assert refusal.decision == "not_accepted"
    assert refusal.citation.endswith("零售药店不予受理情形")
    assert [(r.text, r.clause) for r in refusal.reasons] == [(grounds[0].reason, grounds[0].clause)]


def test_the_cancellation_names_the_false_materials_and_the_bars_last_day() -> None:
    report = FalseMaterials(
        verified_by="稽核科", materials=["房屋租赁合同", "执业医师注册证书"], finding="合同系伪造"
    )
    until = application.false_materials_bar_until(date(2027, 2, 10))
    refusal = notices.cancellation_notice(
        CASE,
        key="designation-DD-2026-0031/notice",
        issued_at=ISSUED_AT,
        received_on=date(2026, 10, 20),
        report=report,
        until=until,
    )
    assert refusal.decision == "cancelled"
    assert refusal.restriction_until == date(2030, 2, 10)
    assert refusal.reasons[0].text == "提供虚假材料 (房屋租赁合同、执业医师注册证书): 合同系伪造"
    reason = application.cancellation_reason(report, until)
    assert "稽核科" in reason and "until 2030-02-10" in reason


# -- the evaluation (二(三)3) ------------------------------------------------------------------

LOST = ScoreLine(
    indicator="specific.staff",
    group="specific",
    label="医保管理人员",
    points=6,
    max_points=10,
    reason="专职管理人员不足",
    clause="附件4 表1 二(3)",
)
FULL = ScoreLine(
    indicator="specific.rules",
    group="specific",
    label="管理制度",
    points=10,
    max_points=10,
    reason="制度齐全",
    clause="附件4 表1 二(4)",
)
VETO = Adjustment(
    kind="veto", effect="not qualified", reason="信息系统未联网", clause="附件4 表1 一(5)"
)


def report(total: float, *, passed: bool = True, veto: bool = False) -> ScoreReport:
    return ScoreReport(
        kind=rules.EVALUATION_KIND,
        total=total,
        passed=passed,
        lines=[LOST, FULL],
        adjustments=[VETO] if veto else [],
    )


def record(total: float, *, veto: bool = False) -> EvaluationRecord:
    scored = report(total, veto=veto)
    return EvaluationRecord(
        round=1,
        group="评估小组",
        evaluated_at=ISSUED_AT,
        average=total,
        passed=rules.passes(scored),
        report=scored,
    )


def test_eighty_five_passes_and_below_it_fails() -> None:
    # 85分(含)以上的为合格: 以上 includes the number.
    assert rules.passes(report(85.0))
    assert not rules.passes(report(84.9))


def test_a_failed_basic_indicator_fails_whatever_the_score() -> None:
    assert not rules.passes(report(96.0, veto=True))
    assert [v.reason for v in rules.vetoes(report(96.0, veto=True))] == ["信息系统未联网"]


def test_a_failure_below_85_gives_the_average_and_each_lost_indicator() -> None:
    failed = record(80.5)
    reasons = rules.failure_reasons(failed)
    assert ("评估平均分 80.5 分, 低于85分", cite(EVALUATION_CLAUSE)) in [
        (r.text, r.clause) for r in reasons
    ]
    assert ("医保管理人员: 6/10 — 专职管理人员不足", "附件4 表1 二(3)") in [
        (r.text, r.clause) for r in reasons
    ]
    # A line with full points is no reason and needs no rectification.
    assert not any("管理制度" in r.text for r in reasons)
    assert rules.rectification_advice(failed) == ["整改医保管理人员: 专职管理人员不足"]


def test_a_veto_comes_first_among_the_reasons_and_is_rectified_too() -> None:
    vetoed = record(92.0, veto=True)
    reasons = rules.failure_reasons(vetoed)
    assert (reasons[0].text, reasons[0].clause) == (VETO.reason, VETO.clause)
    assert not any("低于85分" in r.text for r in reasons)  # the average itself was enough
    assert "整改基础指标: 信息系统未联网" in rules.rectification_advice(vetoed)


def test_a_pass_has_no_reasons() -> None:
    passed = record(90.0)
    assert passed.passed
    assert rules.failure_reasons(passed) == []
    assert rules.rectification_advice(passed) == []


def test_the_failed_result_notice_prints_the_reevaluation_day() -> None:
    failed = record(80.5)
    delivered = date(2027, 1, 29)
    from_day = rules.reevaluation_possible_from(delivered)
    notice = notices.result_notice(
        CASE,
        failed,
        [EvaluatorTotal(evaluator_id="E1", total=80.5)],
        key="designation-DD-2026-0031/evaluation-result-1",
        issued_at=datetime(2027, 1, 29, 15, 0, tzinfo=SHANGHAI),
        public_notice=None,
        reevaluation_from=from_day,
        no_application_until=None,
    )
    # 整改3个月后可再次组织评估: the 3 months from 29 Jan are full at the end of 29 April.
    assert notice.reevaluation_possible_from == date(2027, 4, 30)
    assert not notice.passed and notice.average == 80.5
    assert notice.rectification_advice == ["整改医保管理人员: 专职管理人员不足"]
    assert [e.evaluator_id for e in notice.evaluators] == ["E1"]


def test_a_re_evaluation_is_refused_before_its_day_and_taken_on_it() -> None:
    from_day = rules.reevaluation_possible_from(date(2026, 11, 30))
    assert from_day == date(2027, 3, 1)  # 28 Feb is the 3 months' last day
    problem = rules.reevaluation_problem(date(2027, 2, 28), from_day)
    assert problem is not None and "from 2027-03-01" in problem
    assert "整改3个月后可再次组织评估" in problem
    assert rules.reevaluation_problem(date(2027, 3, 1), from_day) is None


def test_a_second_failure_bars_a_new_application_for_one_year() -> None:
    assert rules.second_failure_bar_until(date(2027, 5, 10)) == date(2028, 5, 10)
    assert rules.second_failure_bar_until(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_evaluation_facts_must_be_the_applicants_table_and_code() -> None:
    medical = Evaluation.model_validate(example("designation-evaluation-medical.json"))
    pharmacy = Evaluation.model_validate(example("designation-evaluation-pharmacy.json"))
    today = date(2027, 12, 31)
    assert rules.facts_problem(medical, CASE, today) is None
    # 表2's sheet for a medical institution, whose table is 表1.
    wrong_table = rules.facts_problem(pharmacy, CASE, today)
    assert wrong_table is not None
    assert "'pharmacy' but the applicant is a medical_institution (附件4 表1)" in wrong_table
    other = PHARMACY_CASE.institution.model_copy(update={"uscc": CASE.institution.uscc})
    elsewhere = PHARMACY_CASE.model_copy(update={"institution": other})
    wrong_code = rules.facts_problem(pharmacy, elsewhere, today)
    assert wrong_code is not None and wrong_code.startswith("facts.institution_id:")
    assert CASE.institution.uscc in wrong_code
    garbled = medical.model_copy(update={"facts": {"variant": "medical_institution"}})
    unreadable = rules.facts_problem(garbled, CASE, today)
    assert unreadable is not None and unreadable.startswith("facts: ")


def test_an_evaluation_dated_in_the_future_or_before_the_pre_registration_is_refused() -> None:
    evaluation = Evaluation.model_validate(example("designation-evaluation-medical.json"))
    facts = dict(evaluation.facts)
    dated = facts["evaluation_date"]
    assert isinstance(dated, str)
    day = date.fromisoformat(dated)
    future = rules.facts_problem(evaluation, CASE, day - timedelta(days=1))
    assert future is not None and "in the future" in future
    early = evaluation.model_copy(update={"facts": {**facts, "evaluation_date": "2026-07-01"}})
    before = rules.facts_problem(early, CASE, day)
    assert before is not None and "pre_registered_on" in before


def test_a_re_evaluation_is_scored_as_the_cases_round_not_the_sheets() -> None:
    evaluation = Evaluation.model_validate(example("designation-evaluation-medical.json"))
    scored = rules.for_round(evaluation, 1)
    assert scored.facts["previous_failures"] == 1
    assert evaluation.facts["previous_failures"] == 0  # the submitted sheet is unchanged


def test_each_members_sheet_is_scored_alone() -> None:
    evaluation = Evaluation.model_validate(example("designation-evaluation-medical.json"))
    sheets = evaluation.facts["evaluators"]
    assert isinstance(sheets, list) and sheets
    singles = rules.single_sheets(evaluation.facts)
    assert [i for i, _ in singles] == [str(s["evaluator_id"]) for s in sheets]
    assert all(len(f["evaluators"]) == 1 for _, f in singles)
    assert all(f["institution_id"] == CASE.institution.uscc for _, f in singles)


def test_materials_asked_during_the_evaluation_are_numbered_under_its_clause() -> None:
    items = rules.requested_items(["消防验收意见书", "医保专职人员社保缴费证明"])
    assert [(m.key, m.text) for m in items] == [
        ("extra-1", "消防验收意见书"),
        ("extra-2", "医保专职人员社保缴费证明"),
    ]
    assert {m.clause for m in items} == {cite(EVALUATION_CLAUSE)}


# -- the meeting, the agreement and what is published (二(三)4–5) ------------------------------


def test_the_meeting_follows_the_public_notice_and_the_agreement_the_meeting() -> None:
    notice_last_day, today = date(2027, 2, 5), date(2027, 2, 20)
    on_last_day = meeting_problem(notice_last_day, notice_last_day, today)
    assert on_last_day is not None and "2027-02-05" in on_last_day
    assert meeting_problem(date(2027, 2, 6), notice_last_day, today) is None
    assert meeting_problem(date(2027, 2, 21), notice_last_day, today) is not None
    meeting = date(2027, 2, 10)
    assert signing_problem(meeting, meeting, today) is None
    early = signing_problem(date(2027, 2, 9), meeting, today)
    assert early is not None and "2027-02-10" in early
    assert signing_problem(date(2027, 2, 21), meeting, today) is not None


def test_the_agreement_runs_to_the_end_of_the_calendar_year() -> None:
    # 协议期限一般按自然年度签订至当年12月31日.
    assert agreement_term_end(date(2027, 3, 2)) == date(2027, 12, 31)
    assert agreement_term_end(date(2027, 12, 31)) == date(2027, 12, 31)


def test_the_filing_settlement_and_announcement_carry_the_agreement() -> None:
    signed = date(2027, 3, 2)
    agreement = Agreement(
        agreement_number="QZ-DD-2027-031",
        signed_on=signed,
        term_start=signed,
        term_end=agreement_term_end(signed),
        source_case="designation-DD-2026-0031",
    )
    view = AgreementView(
        agreement_number=agreement.agreement_number,
        signed_on=signed,
        signed_by="郑晓燕",
        term_start=signed,
        term_end=agreement.term_end,
        settlement_opened_on=date(2027, 3, 3),
    )
    subject, body = notices.agreement_filing(CASE, agreement)
    assert subject == "医保协议备案"
    assert "QZ-DD-2027-031" in body and "2027-03-02 至 2027-12-31" in body
    _, opening = notices.settlement_opening(CASE, view, date(2027, 3, 3))
    assert "自 2027-03-03 起" in opening and "医疗机构" in opening
    _, published = notices.designation_publication(CASE, view, date(2027, 3, 3))
    assert CASE.institution.address in published and "至 2027-12-31" in published
    announcement = notices.designation_announcement(
        CASE, view, key="designation-DD-2026-0031/notice", issued_at=ISSUED_AT
    )
    assert announcement.kind == "designation"
    assert announcement.settlement_opened_on == date(2027, 3, 3)
    assert announcement.agreement_term_end == date(2027, 12, 31)


def test_the_public_notice_names_where_reports_go_and_its_last_day() -> None:
    window = window_from(date(2026, 9, 25), 5, cite(EVALUATION_CLAUSE))
    period = notices.notice_period(window, 5)
    announcement = notices.public_notice_announcement(
        CASE,
        key="designation-DD-2026-0031/notice",
        issued_at=ISSUED_AT,
        average=90.0,
        notice=period,
    )
    assert announcement.report_to == CASE.agency.name
    assert announcement.public_notice is not None
    assert announcement.public_notice.last_day == date(2026, 10, 9)
    _, body = notices.public_notice_publication(CASE, 90.0, period.last_day)
    assert "公示期至 2026-10-09" in body and CASE.agency.name in body
    _, filing = notices.evaluation_filing(CASE, record(90.0))
    assert "平均分 90, 合格" in filing


def test_the_evaluation_reminder_goes_to_the_group_and_the_overdue_notice_to_the_supervisor() -> (
    None
):
    duty = window_from(date(2027, 1, 11), EVALUATION_WORKING_DAYS, cite(EVALUATION_CLAUSE))
    recipient, subject, body = notices.evaluation_reminder(CASE, duty, 3)
    assert recipient == EVALUATION_GROUP and "3 working day(s) left" in subject
    assert duty.deadline.due_at.isoformat() in body
    recipient, _, body = notices.evaluation_overdue(CASE, duty)
    assert recipient == SUPERVISOR and "keeps waiting" in body
