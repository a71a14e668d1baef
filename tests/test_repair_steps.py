"""Credit repair's pure steps, without a server: what the documents and notices say, when a
repair takes effect, how objections are answered, and the review's rules (the extension limit,
a decision's lateness, a reviewer's refusal ground) (procedures/repair/notices.py, objections.py
and review.py; the workflow tests in test_repair.py run them end to end)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
from contracts.subject_records import Finding, RecordRepair, Repair, SubjectFacts
from periods import SHANGHAI, add_working_days, deadline_from, period_basis
from procedures.repair import notices, objections, review
from procedures.repair.eligibility import NothingToRepair, finding_to_repair
from procedures.repair.models import (
    DECISION_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    NOTICE_WORKING_DAYS,
    REFUSAL_OBJECTION_WORKING_DAYS,
    Bar,
    DecisionOutcome,
    ExtensionRequest,
    Objection,
    ObjectionDecision,
    ObjectionKind,
    RefusalGround,
    RepairCase,
    RepairDecision,
    RepairOutcome,
    Stage,
)
from tests.conftest import EXAMPLES

FINDING = Finding(
    finding_id="F-2026-001",
    found_on=date(2026, 1, 15),
    indicator="medical_credit.records",
    label="医疗文书记录不规范",
    repairable=True,
)


def example_case(accepted_at: datetime) -> RepairCase:
    case = RepairCase.model_validate_json((EXAMPLES / "repair.json").read_text(encoding="utf-8"))
    return case.model_copy(update={"accepted_at": accepted_at})


def window_from(day: date, working_days: int) -> CaseDeadline:
    """A real working-day window on the national calendar, as the workflow schedules it."""
    end = add_working_days(day, working_days)
    return CaseDeadline(
        name="window",
        kind=DeadlineKind.PARTY_WINDOW,
        citation="衢医保发〔2021〕36号 六(三) 附件4",
        deadline=deadline_from(end, period_basis(working_days, "working_days")),
    )


def test_the_refusal_notice_prints_the_beijing_acceptance_day_and_the_window_it_opens() -> None:
    # Accepted at 01:30 Beijing time on 8 Sept (still 7 Sept in UTC): the form prints 8 Sept.
    case = example_case(datetime(2026, 9, 8, 1, 30, tzinfo=SHANGHAI))
    window = window_from(date(2026, 9, 25), REFUSAL_OBJECTION_WORKING_DAYS)
    ground = RefusalGround(
        bar=Bar.TOO_RECENT, reason="未满6个月", clause="衢医保发〔2021〕36号 六(二)1"
    )
    refusal = notices.refusal_notice(
        case,
        FINDING,
        [ground],
        key="repair-T-1/repair-refusal",
        issued_at=datetime.now(SHANGHAI),
        window=window,
    )
    assert refusal.application_received_on == date(2026, 9, 8)
    assert [(r.reason, r.clause) for r in refusal.reasons] == [(ground.reason, ground.clause)]
    # Five working days from Fri 25 Sept 2026: 28, 29, 30 Sept, then the National Day holiday
    # (1–7 Oct), then 8 and 9 Oct (国办发明电〔2025〕7号).
    assert refusal.objection_window.last_day == date(2026, 10, 9)
    assert refusal.objection_window.due_at == window.deadline.due_at
    assert refusal.objection_window.working_days == REFUSAL_OBJECTION_WORKING_DAYS
    assert refusal.finding.indicator == FINDING.label
    assert refusal.citation.endswith("六(三) 附件4")


def test_the_confirmation_prints_the_public_notice_period_it_followed() -> None:
    case = example_case(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    notice = window_from(date(2026, 9, 14), 5)
    confirmation = notices.confirmation(
        case,
        FINDING,
        key="repair-T-1/repair-confirmation",
        issued_at=datetime.now(SHANGHAI),
        notice=notice,
        effective_on=date(2026, 9, 22),
    )
    assert confirmation.public_notice.first_day == date(2026, 9, 14)
    assert confirmation.public_notice.last_day == notice.deadline.last_day
    assert confirmation.effective_on == date(2026, 9, 22)
    assert confirmation.citation.endswith("六(三) 附件5")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Carried out on the notice's last day or the day after: the day after the last day.
        (date(2026, 9, 21), date(2026, 9, 22)),
        (date(2026, 9, 22), date(2026, 9, 22)),
        # An objection kept the repair waiting past the notice: the day it is carried out.
        (date(2026, 10, 12), date(2026, 10, 12)),
    ],
)
def test_a_repair_takes_effect_the_day_after_the_notice_ends_or_when_carried_out(
    today: date, expected: date
) -> None:
    assert notices.effective_on(today, notice_last_day=date(2026, 9, 21)) == expected


def test_the_public_notice_names_its_last_day_and_where_to_object() -> None:
    case = example_case(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    text = notices.public_notice(case, FINDING, date(2026, 9, 21))
    assert "公示期 5 个工作日, 至 2026-09-21 止" in text
    assert f"有异议的请向{case.agency.name}提出" in text
    assert FINDING.finding_id in text and case.subject.name in text


def test_the_answer_to_an_objection_says_what_follows_from_it() -> None:
    upheld = ObjectionDecision(substantiated=True, reason="材料属实", reviewer="王审核")
    rejected = ObjectionDecision(substantiated=False, reason="理由不成立", reviewer="王审核")
    assert "成立, 将重新审查修复申请" in notices.refusal_objection_answer("C-1", upheld)
    assert "不成立, 维持不予修复决定" in notices.refusal_objection_answer("C-1", rejected)
    assert notices.refusal_objection_answer("C-1", rejected).endswith("理由: 理由不成立")
    assert "不予信用修复" in notices.notice_objection_upheld("C-1", upheld)


def test_one_decision_answers_every_pending_objection_of_its_kind_only() -> None:
    at = datetime(2026, 9, 16, 10, 0, tzinfo=SHANGHAI)
    first, second = (Objection(objector=name, reason="公示内容有误") for name in ("甲", "乙"))
    records = [
        objections.received(ObjectionKind.NOTICE, first, at),
        objections.received(ObjectionKind.NOTICE, second, at + timedelta(hours=1)),
        objections.received(ObjectionKind.REFUSAL, first, at),
    ]
    assert objections.pending(records, ObjectionKind.NOTICE)
    decision = ObjectionDecision(substantiated=False, reason="不成立", reviewer="王审核")
    decided_at = at + timedelta(days=1)
    objections.decide(records, ObjectionKind.NOTICE, decision, decided_at)
    assert not objections.pending(records, ObjectionKind.NOTICE)
    assert [r.decided_at for r in records[:2]] == [decided_at, decided_at]
    # The objection to the refusal is another matter: it still awaits its own decision.
    assert objections.pending(records, ObjectionKind.REFUSAL)
    assert records[2].decision is None


def test_both_forms_carry_the_same_heading_under_their_own_clause() -> None:
    # Accepted at 00:30 Beijing time on 1 Sept (31 Aug in UTC): both forms print 1 Sept.
    case = example_case(datetime(2026, 9, 1, 0, 30, tzinfo=SHANGHAI))
    issued_at = datetime(2026, 9, 22, 10, 0, tzinfo=SHANGHAI)
    ground = RefusalGround(bar=Bar.FALSE_COMMITMENT, reason="虚假承诺", clause="六(二)3")
    refusal = notices.refusal_notice(
        case,
        FINDING,
        [ground],
        key="k/repair-refusal",
        issued_at=issued_at,
        window=window_from(date(2026, 9, 22), REFUSAL_OBJECTION_WORKING_DAYS),
    )
    confirmation = notices.confirmation(
        case,
        FINDING,
        key="k/repair-confirmation",
        issued_at=issued_at,
        notice=window_from(date(2026, 9, 8), NOTICE_WORKING_DAYS),
        effective_on=date(2026, 9, 16),
    )
    for document in (refusal, confirmation):
        assert document.application_received_on == date(2026, 9, 1)
        assert (document.subject_name, document.subject_code) == (
            case.subject.name,
            case.subject.code,
        )
        assert (document.agency_name, document.agency_code) == (case.agency.name, case.agency.code)
        assert document.finding.finding_id == FINDING.finding_id
        assert document.finding.found_on == FINDING.found_on
        assert document.issued_at == issued_at
    assert refusal.citation == "衢医保发〔2021〕36号 六(三) 附件4"
    assert confirmation.citation == "衢医保发〔2021〕36号 六(三) 附件5"


def extension(working_days: int) -> ExtensionRequest:
    return ExtensionRequest(working_days=working_days, reason="情况复杂", granted_by="李科长")


def test_extensions_add_up_to_thirty_working_days_and_no_more() -> None:
    # 情况复杂的可以延长最多不超过30个工作日: 20 granted, 10 more is the limit, 11 is refused.
    assert review.extension_left(20) == 10
    assert review.extension_problem(extension(10), extension_total=20) is None
    problem = review.extension_problem(extension(11), extension_total=20)
    assert problem is not None
    assert "would bring the extension to 31 working days" in problem
    assert "at most 30 in total (衢医保发〔2021〕36号 六(三)), 10 remaining" in problem
    assert review.extension_problem(extension(1), extension_total=30) is not None
    assert MAX_EXTENSION_WORKING_DAYS == 30


def test_an_extension_is_recorded_with_its_reason_and_the_total_so_far() -> None:
    at = datetime(2026, 9, 15, 9, 0, tzinfo=SHANGHAI)
    granted = review.granted(extension(5), at, total_after=15)
    assert (granted.working_days, granted.total_after, granted.at) == (5, 15, at)
    assert (granted.reason, granted.granted_by) == ("情况复杂", "李科长")
    assert granted.decision_due_at is None  # set when the longer period is computed


def test_the_extended_decision_period_ends_on_a_later_working_day() -> None:
    # Accepted Tue 8 Sept 2026: 9–11 and 14–18 Sept, then Sun 20 Sept (worked in exchange for
    # the National Day holiday, 国办发明电〔2025〕7号) and Mon 21 Sept are the 10 working days.
    # With 5 more: 22, 23, 24 Sept, the Mid-Autumn Festival (Fri 25) off, 28 and 29 Sept.
    assert DECISION_WORKING_DAYS == 10
    assert review.decision_period(0) == 10
    plain = window_from(date(2026, 9, 8), review.decision_period(0))
    extended = window_from(date(2026, 9, 8), review.decision_period(5))
    assert plain.deadline.last_day == date(2026, 9, 21)
    assert extended.deadline.last_day == date(2026, 9, 29)
    receipt = review.extended_receipt(extended, extension_total=5)
    assert receipt == (
        "decision period 15 working days, last day 2026-09-29; 25 working day(s) of extension left"
    )
    assert review.extension_recorded_receipt(5, extension_total=5).startswith(
        "decision period 15 working days; the new last day follows in the status; 25 "
    )


@pytest.mark.parametrize(
    ("decided_at", "late"),
    [
        # Any time on the 10th working day (Mon 21 Sept) is in time; from its 24:00 on, late.
        (datetime(2026, 9, 21, 23, 59, tzinfo=SHANGHAI), False),
        (datetime(2026, 9, 22, 0, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_a_decision_is_late_from_the_end_of_the_periods_last_day(
    decided_at: datetime, late: bool
) -> None:
    due = window_from(date(2026, 9, 8), DECISION_WORKING_DAYS)
    assert review.decided_late(due, decided_at) is late


def test_a_decision_after_the_escalation_is_late() -> None:
    due = window_from(date(2026, 9, 8), DECISION_WORKING_DAYS).model_copy(update={"overdue": True})
    assert review.decided_late(due, datetime(2026, 9, 10, 9, 0, tzinfo=SHANGHAI))


def test_a_reviewers_refusal_cites_the_clause_named_or_six_two_four() -> None:
    named = RepairDecision(
        outcome=DecisionOutcome.REFUSE, reason="整改证明不实", reviewer="王审核", clause="六(一)"
    )
    unnamed = RepairDecision(outcome=DecisionOutcome.REFUSE, reason="不宜修复", reviewer="王审核")
    assert review.reviewer_ground(named).clause == "衢医保发〔2021〕36号 六(一)"
    assert review.reviewer_ground(unnamed).clause == "衢医保发〔2021〕36号 六(二)4"
    assert review.reviewer_ground(unnamed).bar is Bar.REVIEWER
    assert review.reviewer_ground(named).reason == "整改证明不实"


def test_an_objection_after_its_window_is_refused_with_the_instant_it_closed() -> None:
    window = window_from(date(2026, 9, 25), REFUSAL_OBJECTION_WORKING_DAYS)
    refusal = objections.window_closed(ObjectionKind.REFUSAL, window.deadline.due_at)
    # The window's last day is Fri 9 Oct (National Day holiday between): it closed at 24:00.
    assert refusal == (
        "objection: the 5-working-day objection window of the refusal closed at "
        "2026-10-10T00:00:00+08:00 (衢医保发〔2021〕36号 六(三) 附件4)"
    )
    notice = objections.window_closed(ObjectionKind.NOTICE, window.deadline.due_at)
    assert notice.startswith("objection: the 5-working-day public notice ended at 2026-10-10")
    assert notice.endswith("(衢医保发〔2021〕36号 六(三))")


def test_a_refusal_takes_one_objection_and_a_notice_takes_many() -> None:
    refusal, notice = (
        objections.RULES[ObjectionKind.REFUSAL],
        objections.RULES[ObjectionKind.NOTICE],
    )
    # 附件4: the objection ends the window; 公示期内: others may still object while it runs.
    assert refusal.closes_window and not notice.closes_window
    assert refusal.objected_in == (Stage.REFUSAL_NOTIFIED,)
    assert notice.pending_stage in notice.objected_in
    # Only an unsubstantiated objection to the notice lets the notice run on.
    assert (refusal.resumes, notice.resumes) == (None, Stage.NOTICE)


def test_the_reviewer_is_told_what_follows_from_the_decision_on_an_objection() -> None:
    upheld = ObjectionDecision(substantiated=True, reason="属实", reviewer="王审核")
    rejected = ObjectionDecision(substantiated=False, reason="不成立", reviewer="王审核")
    assert "goes back to review" in objections.decided_receipt(ObjectionKind.REFUSAL, upheld)
    assert "the refusal stands" in objections.decided_receipt(ObjectionKind.REFUSAL, rejected)
    assert "will not take effect" in objections.decided_receipt(ObjectionKind.NOTICE, upheld)
    assert "the repair proceeds" in objections.decided_receipt(ObjectionKind.NOTICE, rejected)


def test_the_subject_record_keeps_which_case_repaired_the_finding_and_from_when() -> None:
    case = example_case(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    entry = notices.subject_record_entry(
        case, FINDING, "repair-T-1", effective_on=date(2026, 9, 22)
    )
    assert entry.ref == case.subject
    assert isinstance(entry.op, RecordRepair)
    assert entry.op.actor == case.agency.name
    assert entry.op.source_case == "repair-T-1"
    repair = entry.op.repair
    assert (repair.finding_id, repair.repair_case) == (FINDING.finding_id, "repair-T-1")
    assert repair.effective_on == date(2026, 9, 22)


def test_a_finding_not_on_the_record_or_already_repaired_closes_the_case_at_acceptance() -> None:
    case = example_case(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    accepted_on = date(2026, 9, 8)
    empty = SubjectFacts(ref=case.subject)
    missing = finding_to_repair(empty, FINDING.finding_id, accepted_on)
    assert missing == NothingToRepair(
        RepairOutcome.NOT_FOUND,
        "finding_id: the subject record has no finding F-2026-001 as of 2026-09-08",
    )
    earlier = Repair(
        repair_case="repair-T-0", finding_id=FINDING.finding_id, effective_on=date(2026, 8, 3)
    )
    repaired = SubjectFacts(ref=case.subject, findings=[FINDING], repairs=[earlier])
    done = finding_to_repair(repaired, FINDING.finding_id, accepted_on)
    assert isinstance(done, NothingToRepair)
    assert done.outcome is RepairOutcome.ALREADY_REPAIRED
    assert "already repaired by case repair-T-0 (effective 2026-08-03)" in done.reason
    on_file = SubjectFacts(ref=case.subject, findings=[FINDING])
    assert finding_to_repair(on_file, FINDING.finding_id, accepted_on) == FINDING


def test_the_reviewer_is_reminded_and_the_supervisor_told_of_the_decision_deadline() -> None:
    case = example_case(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    due = window_from(date(2026, 9, 8), DECISION_WORKING_DAYS)
    recipient, subject, body = notices.decision_reminder(
        case, due, Reminder(working_days_before=3, at=datetime(2026, 9, 16, 9, 0, tzinfo=SHANGHAI))
    )
    assert (recipient, subject) == ("reviewer", "信用修复决定期限提醒: 3 working day(s) left")
    # 24:00 of Mon 21 Sept, the 10th working day (Sun 20 Sept is worked, 国办发明电〔2025〕7号).
    assert "is due by 2026-09-22T00:00:00+08:00" in body and case.subject.name in body
    recipient, subject, body = notices.decision_overdue(case, due)
    assert recipient == "supervisor" and "decision deadline missed" in subject
    assert body.endswith("The case keeps waiting for the decision.")
    assert case.agency.code in body
