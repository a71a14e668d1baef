"""Credit repair's pure steps, without a server: what the documents and notices say, when a
repair takes effect, and how objections are answered (procedures/repair/notices.py and
objections.py; the workflow tests in test_repair.py run them end to end)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from contracts.case_records import CaseDeadline, DeadlineKind
from contracts.subject_records import Finding
from periods import SHANGHAI, add_working_days, deadline_from, period_basis
from procedures.repair import notices, objections
from procedures.repair.models import (
    REFUSAL_OBJECTION_WORKING_DAYS,
    Bar,
    Objection,
    ObjectionDecision,
    ObjectionKind,
    RefusalGround,
    RepairCase,
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
