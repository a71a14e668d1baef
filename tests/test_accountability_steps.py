"""Lost-lawsuit accountability's pure steps, without a server (衢政办发〔2023〕5号): who receives
the report, what the report, review and decision must hold, when a step is late, the persons'
subject records, the assessment's facts and what the case prints and sends
(procedures/accountability/duties.py, sanctions.py, findings.py, assessment.py, notices.py; the
workflow tests in test_accountability_workflow.py run them end to end).

Periods are computed on the real national calendar at their legal length: 2 months for the report,
3 working days for the feedback (第十三条).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypeVar

from pydantic import BaseModel

from contracts.case_records import CaseDeadline, DeadlineKind, Reminder
from contracts.subject_records import Finding, SubjectFacts, SubjectType
from periods import SHANGHAI, add_months, add_working_days, deadline_from, period_basis
from periods.arithmetic import PeriodEnd
from procedures.accountability import notices
from procedures.accountability.assessment import (
    assessment_facts,
    assessment_problem,
    received_on,
)
from procedures.accountability.duties import (
    decided_on_problem,
    feedback_start,
    judicial_administration,
    late,
    no_accountability_clause,
    report_problem,
    review_problem,
)
from procedures.accountability.findings import (
    findings_to_write,
    merged_earlier,
    person_ref,
    recorded_earlier,
)
from procedures.accountability.models import (
    FEEDBACK,
    REPORT,
    AccountabilityCase,
    Agency,
    CaseReport,
    Decision,
    Feedback,
    PersonSanction,
    Review,
    ReviewOutcome,
)
from procedures.accountability.sanctions import decision_problem, handled_persons
from procedures.accountability.transfers import transfers
from scoring import accountability as rules
from tests.conftest import EXAMPLES

DOC = "衢政办发〔2023〕5号"

M = TypeVar("M", bound=BaseModel)


def example(model: type[M], name: str) -> M:
    """A file of examples/, the README's walk through one case."""
    return model.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


CASE = example(AccountabilityCase, "accountability.json")
REPORT_IN = example(CaseReport, "accountability-report.json")
REVIEW = example(Review, "accountability-review.json")
DECISION = example(Decision, "accountability-decision.json")
FEEDBACK_IN = example(Feedback, "accountability-feedback.json")
ZHANG, LI = (p.id for p in CASE.persons)


def deadline(name: str, end: PeriodEnd, basis: str) -> CaseDeadline:
    """A real period on the national calendar, as the workflow schedules it."""
    return CaseDeadline(
        name=name,
        kind=DeadlineKind.AGENCY_DUTY,
        citation=f"{DOC} 第十三条",
        deadline=deadline_from(end, basis),
    )


def report_deadline() -> CaseDeadline:
    """2 months from the judgment received on Sat 1 Aug 2026 (第十三条第一款)."""
    return deadline(REPORT, add_months(date(2026, 8, 1), 2), period_basis(2, "months"))


def feedback_deadline(decided_on: date) -> CaseDeadline:
    """3 working days from the handling decision (第十三条第三款)."""
    return deadline(FEEDBACK, add_working_days(decided_on, 3), period_basis(3, "working_days"))


# -- 第十三条: who receives the report -------------------------------------------------------------


def test_a_county_agency_reports_to_its_county_judicial_administration() -> None:
    assert judicial_administration(CASE.agency) == "柯城区司法局"


def test_a_township_reports_to_the_county_level_and_a_city_agency_to_the_city() -> None:
    township = Agency(
        code="KC-HH", name="衢州市柯城区航埠镇人民政府", level="township", county="柯城区"
    )
    city = Agency(code="QZ-SJ", name="衢州市市场监督管理局", level="city")
    # 第十三条: 乡镇人民政府、街道办事处向县级司法行政机关报告.
    assert judicial_administration(township) == "柯城区司法局"
    assert judicial_administration(city) == "衢州市司法局"


# -- 第十三条第一款: what the report holds ---------------------------------------------------------


def test_the_example_report_holds_causes_measures_and_proposals() -> None:
    assert report_problem(REPORT_IN) is None


def test_a_report_without_causes_or_with_a_blank_measure_is_refused_naming_the_field() -> None:
    no_causes = REPORT_IN.model_copy(update={"causes": []})
    blank = REPORT_IN.model_copy(update={"rectification_measures": ["开展执法案卷评查", "  "]})
    assert report_problem(no_causes) == (
        f"causes: required, at least one non-empty item ({DOC} 第十三条第一款)"
    )
    problem = report_problem(blank)
    assert problem is not None and problem.startswith("rectification_measures: required")


# -- 第十三条第二款: what the review holds ---------------------------------------------------------


def test_no_accountability_without_a_ground_of_article_six_cites_article_six() -> None:
    # Issue 17 changes this rule: 第六条 makes accountability depend on a ground of it, so a
    # review that finds none closes without accountability and needs no 第九条 exemption.
    bare = Review(
        reviewer="柯城区司法局",
        outcome=ReviewOutcome.NO_ACCOUNTABILITY,
        reason="败诉系法律适用争议",
    )
    assert review_problem(bare) is None
    assert no_accountability_clause(bare) == f"{DOC} 第六条"
    assert notices.no_accountability_reason(bare) == (
        f"no accountability (no ground of {DOC} 第六条): 败诉系法律适用争议"
    )


def test_no_accountability_despite_a_ground_of_article_six_needs_article_nine() -> None:
    bare = Review(
        reviewer="柯城区司法局",
        outcome=ReviewOutcome.NO_ACCOUNTABILITY,
        reason="不可抗力",
        grounds=[rules.GroundFinding(item=rules.Ground.FACTS_UNCLEAR, details="经营面积未核实")],
    )
    problem = review_problem(bare)
    assert problem is not None
    assert problem.startswith("circumstances.exempt:")
    assert f"{DOC} 第六条" in problem and "第九条" in problem
    may_exempt = bare.model_copy(
        update={
            "circumstances": rules.Circumstances(
                may_exempt=[rules.MayExemptFinding(item=rules.MayExempt.EXPLORATORY_TRIAL)]
            )
        }
    )
    # 第九条第二款 (可以不予追究) is a ground too, and the case then closes on 第九条.
    assert review_problem(may_exempt) is None
    assert no_accountability_clause(may_exempt) == f"{DOC} 第九条"


def test_accountability_names_whom_it_is_referred_to_and_a_ground_of_article_six() -> None:
    assert review_problem(REVIEW) is None
    unreferred = review_problem(REVIEW.model_copy(update={"refer_to": None}))
    assert unreferred == f"refer_to: required for accountability ({DOC} 第十三条第二款)"
    groundless = review_problem(REVIEW.model_copy(update={"grounds": []}))
    assert groundless is not None and groundless.startswith("grounds:")
    assert f"{DOC} 第六条" in groundless


# -- when a step is late ---------------------------------------------------------------------------


def test_the_report_is_late_from_the_first_instant_after_its_last_day() -> None:
    due = report_deadline()
    # 1 Oct 2026 is National Day; the holiday runs to 7 Oct (国办发明电〔2025〕7号), so the
    # period ends on the first working day after it (民法典 第二百零三条): Thu 8 Oct.
    assert due.deadline.last_day == date(2026, 10, 8)
    last_evening = datetime(2026, 10, 8, 23, 59, tzinfo=SHANGHAI)
    assert not late(due, last_evening)
    assert late(due, datetime(2026, 10, 9, 0, 0, tzinfo=SHANGHAI))


def test_a_period_already_marked_overdue_is_late_and_one_not_yet_computed_is_not() -> None:
    due = report_deadline().model_copy(update={"overdue": True})
    assert late(due, datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI))
    # A thin feedback step comes while its period is still being computed: on time.
    assert not late(None, datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI))


def test_the_feedback_of_a_friday_decision_is_due_by_the_wednesday() -> None:
    due = feedback_deadline(date(2026, 9, 25))  # Fri 25 Sept 2026
    # 3 working days: Mon 28, Tue 29, Wed 30 Sept (the holiday starts on 1 Oct).
    assert due.deadline.last_day == date(2026, 9, 30)
    assert not late(due, datetime(2026, 9, 30, 17, 0, tzinfo=SHANGHAI))
    assert late(due, datetime(2026, 10, 1, 0, 0, tzinfo=SHANGHAI))


def test_the_feedback_runs_from_the_day_the_decision_was_made() -> None:
    # 第十三条第三款 处理决定作出后3个工作日内: from Fri 25 Sept 2026, whenever it is entered.
    start = feedback_start(date(2026, 9, 25))
    assert start.astimezone(SHANGHAI).date() == date(2026, 9, 25)
    assert add_working_days(start.astimezone(SHANGHAI).date(), 3).last_day == date(2026, 9, 30)


def test_a_decision_names_the_day_it_was_made_not_before_the_review() -> None:
    assert DECISION.decided_on is not None
    assert decided_on_problem(DECISION, DECISION.decided_on) is None
    undated = DECISION.model_copy(update={"decided_on": None})
    problem = decided_on_problem(undated, None)
    assert problem is not None and problem.startswith("decided_on: required")
    assert f"{DOC} 第十三条第三款" in problem
    early = DECISION.model_copy(update={"decided_on": date(2026, 9, 24)})
    assert decided_on_problem(early, date(2026, 9, 25)) == (
        f"decided_on: 2026-09-24 is before the review of 2026-09-25 that referred the case "
        f"({DOC} 第十三条第二款)"
    )


# -- 第十一/十二/十四条: what a handling decision may name -----------------------------------------


def test_the_example_decision_and_a_referral_alone_are_accepted() -> None:
    assert decision_problem(CASE, DECISION) is None
    referral_only = Decision(
        decided_by="柯城区人民政府",
        persons=[PersonSanction(person_id=LI, referrals=[rules.Referral.DISCIPLINE])],
        reason="移送纪检监察机关",
    )
    assert decision_problem(CASE, referral_only) is None


def test_a_sanction_outside_its_article_or_a_stranger_is_refused_naming_the_place() -> None:
    fine = DECISION.model_copy(update={"agency_sanctions": ["fine"]})
    problem = decision_problem(CASE, fine)
    assert problem is not None and problem.startswith(
        "agency_sanctions: 'fine' is not a 第十一条 sanction"
    )
    # 通报批评 is a sanction on the agency (第十一条(三)), not on a person (第十二条).
    agency_only = PersonSanction(person_id=ZHANG, sanctions=["circulated_criticism"])
    problem = decision_problem(CASE, DECISION.model_copy(update={"persons": [agency_only]}))
    assert problem is not None and problem.startswith(
        "persons[0].sanctions: 'circulated_criticism' is not a 第十二条 sanction"
    )
    stranger = PersonSanction(person_id="h-000000000000", sanctions=["reminder_talk"])
    problem = decision_problem(CASE, DECISION.model_copy(update={"persons": [stranger]}))
    assert problem == "persons[0].person_id: 'h-000000000000' is not a person of the case"


def test_a_decision_that_names_nothing_is_refused() -> None:
    empty = Decision(
        decided_by="柯城区人民政府",
        persons=[PersonSanction(person_id=ZHANG)],
        reason="无",
    )
    assert decision_problem(CASE, empty) == (
        "persons: the decision names no sanction and no referral"
    )


def test_the_trail_records_each_persons_sanctions_and_referrals() -> None:
    decision = DECISION.model_copy(
        update={
            "persons": [
                *DECISION.persons,
                PersonSanction(person_id=LI, referrals=[rules.Referral.CRIME]),
            ]
        }
    )
    assert handled_persons(decision) == {
        ZHANG: {"sanctions": ["criticism_education"], "referrals": []},
        LI: {"sanctions": [], "referrals": ["crime"]},
    }


# -- 第七条(一), 第十二条: the persons' subject records --------------------------------------------


def record_finding(finding_id: str, **fields: object) -> Finding:
    values: dict[str, object] = {
        "finding_id": finding_id,
        "found_on": date(2025, 3, 4),
        "indicator": "accountability.facts_unclear",
        "label": "行政行为主要事实不清、证据不足",
        "kind": "facts_unclear",
        "repairable": False,
        "source_case": "accountability-ZR-2025-0003",
    }
    return Finding.model_validate(values | fields)


def test_a_person_is_read_and_written_as_a_civil_servant_keyed_by_the_person_id() -> None:
    ref = person_ref(CASE.persons[0])
    # A subject code is kept upper-case (contracts/subject_records), whatever the case file says.
    assert (ref.type, ref.code, ref.name) == (SubjectType.CIVIL_SERVANT, ZHANG.upper(), "张明")


def test_only_earlier_accountability_faults_of_other_cases_count_as_earlier_findings() -> None:
    facts = SubjectFacts(
        ref=person_ref(CASE.persons[0]),
        findings=[
            record_finding("F-1"),
            record_finding("F-2", indicator="medical_credit.records", kind="records"),
            record_finding("F-3", source_case=f"accountability-{CASE.case_id}"),
            record_finding("F-4", kind="not_a_ground"),
            record_finding(
                "F-5",
                kind="procedure_violated",
                label="违反法定程序 不予追究",
                source_case=None,
                found_on=date(2025, 6, 1),
            ),
        ],
    )
    earlier = recorded_earlier(CASE, facts)
    # F-2 is not an accountability finding, F-3 is this very case, F-4 no 第六条 ground.
    assert [(e.case_id, e.ground, e.act_date, e.exempted) for e in earlier] == [
        ("ZR-2025-0003", rules.Ground.FACTS_UNCLEAR, date(2025, 3, 4), False),
        # Without a source case the finding's own id names it; 不予追究 means no fault (第九条).
        ("F-5", rules.Ground.PROCEDURE_VIOLATED, date(2025, 6, 1), True),
    ]


def test_a_finding_given_in_the_case_and_on_the_record_counts_once() -> None:
    given = rules.EarlierFinding(
        case_id="ZR-2025-0003", act_date=date(2025, 3, 4), ground=rules.Ground.FACTS_UNCLEAR
    )
    recorded = [
        given.model_copy(update={"details": "from the record"}),
        given.model_copy(update={"ground": rules.Ground.PROCEDURE_VIOLATED}),
    ]
    merged = merged_earlier([given], recorded)
    assert [(e.case_id, e.ground, e.details) for e in merged] == [
        ("ZR-2025-0003", rules.Ground.FACTS_UNCLEAR, ""),
        ("ZR-2025-0003", rules.Ground.PROCEDURE_VIOLATED, ""),
    ]


def test_only_sanctioned_persons_get_one_finding_per_ground_of_the_case() -> None:
    review = REVIEW.model_copy(
        update={
            "grounds": [
                *REVIEW.grounds,
                rules.GroundFinding(item=rules.Ground.PROCEDURE_VIOLATED, details="未告知"),
                rules.GroundFinding(item=rules.Ground.FACTS_UNCLEAR, details="又一处"),
            ]
        }
    )
    decision = DECISION.model_copy(
        update={
            "persons": [
                *DECISION.persons,
                PersonSanction(person_id=LI, referrals=[rules.Referral.DISCIPLINE]),
            ]
        }
    )
    written = findings_to_write(CASE, review, decision, "accountability-ZR-2026-0017")
    # 李华 is only referred on (第十四条): no finding on his record.
    assert {person.id for person, _ in written} == {ZHANG}
    assert [(f.finding_id, f.indicator, f.label) for _, f in written] == [
        (
            f"{CASE.case_id}-{ZHANG}-facts_unclear",
            "accountability.facts_unclear",
            "行政行为主要事实不清、证据不足",
        ),
        (
            f"{CASE.case_id}-{ZHANG}-procedure_violated",
            "accountability.procedure_violated",
            "违反法定程序履行职责",
        ),
    ]
    finding = written[0][1]
    # Dated on the faulty act (第七条(一) counts between acts), never repairable.
    assert finding.found_on == date(2025, 11, 12)
    assert finding.source_case == "accountability-ZR-2026-0017" and not finding.repairable


# -- the facts the assessment is made on -----------------------------------------------------------


def test_the_judgment_is_received_on_the_beijing_day() -> None:
    # 00:30 on 1 Aug in Beijing is still 31 July in UTC: the report period counts from 1 Aug.
    at = datetime(2026, 8, 1, 0, 30, tzinfo=SHANGHAI)
    case = CASE.model_copy(
        update={"lost_case": CASE.lost_case.model_copy(update={"received_at": at})}
    )
    assert at.astimezone(UTC).date() == date(2026, 7, 31)
    assert received_on(case) == date(2026, 8, 1)


def test_the_assessment_facts_carry_the_persons_earlier_findings_from_their_records() -> None:
    earlier = rules.EarlierFinding(
        case_id="ZR-2025-0003", act_date=date(2025, 3, 4), ground=rules.Ground.FACTS_UNCLEAR
    )
    facts = rules.Facts.model_validate(assessment_facts(CASE, REVIEW, {ZHANG: [earlier]}))
    zhang, li = facts.persons
    assert [e.case_id for e in zhang.earlier_findings] == ["ZR-2025-0003"]
    assert li.earlier_findings == []
    assert zhang.unit == CASE.agency.name
    assert facts.lost_case.received_date == date(2026, 8, 1)
    assert facts.lost_case.act_date == date(2025, 11, 12)


def test_an_accountability_review_the_scorer_would_not_take_is_refused_in_one_line() -> None:
    corrected_before_the_act = rules.SelfCorrection(
        discovered_by_self=True, corrected_on=date(2025, 1, 2), loss_avoided=True
    )
    review = REVIEW.model_copy(
        update={"circumstances": rules.Circumstances(self_correction=corrected_before_the_act)}
    )
    problem = assessment_problem(CASE, review)
    assert problem is not None and "\n" not in problem
    assert "circumstances.self_correction.corrected_on: before lost_case.act_date" in problem
    assert assessment_problem(CASE, REVIEW) is None
    # A review of no accountability is not assessed.
    exempt = review.model_copy(update={"outcome": ReviewOutcome.NO_ACCOUNTABILITY})
    assert assessment_problem(CASE, exempt) is None


# -- what the case prints and sends ----------------------------------------------------------------


def test_the_report_receipt_prints_the_lost_case_the_period_and_whether_it_came_late() -> None:
    due = report_deadline()
    received = datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)
    receipt = notices.report_receipt(
        CASE,
        REPORT_IN,
        key="accountability-ZR-2026-0017/report-receipt",
        received_at=received,
        receiving_body="柯城区司法局",
        due=due,
        late=late(due, received),
    )
    assert (receipt.lost_case_body, receipt.lost_case_number) == (
        "衢州市柯城区人民法院",
        "(2026)浙0802行初45号",
    )
    assert receipt.receiving_body == "柯城区司法局"
    assert receipt.due_at == datetime(2026, 10, 9, 0, 0, tzinfo=SHANGHAI)
    assert receipt.late and receipt.received_at == receipt.issued_at == received
    assert (receipt.subject_name, receipt.subject_code) == (CASE.agency.name, CASE.agency.code)
    assert receipt.citation == f"{DOC} 第十三条第一款"
    assert receipt.causes == REPORT_IN.causes


def test_the_feedback_record_prints_the_decision_and_its_copy_to_discipline_inspection() -> None:
    decided = datetime(2026, 9, 25, 15, 0, tzinfo=SHANGHAI)
    fed_back = datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI)
    due = feedback_deadline(date(2026, 9, 25))
    # Made on Fri 25 Sept and entered that afternoon: the record prints the day it was made.
    decision = DECISION.model_copy(update={"decided_on": date(2026, 9, 25)})
    record = notices.feedback_record(
        CASE,
        decision,
        FEEDBACK_IN,
        key="accountability-ZR-2026-0017/feedback-record",
        decided_at=decided,
        fed_back_at=fed_back,
        receiving_body="柯城区司法局",
        due=due,
        late=late(due, fed_back),
    )
    assert record.due_at == datetime(2026, 10, 1, 0, 0, tzinfo=SHANGHAI)
    assert not record.late
    assert (record.decided_at, record.received_at, record.issued_at) == (
        decided,
        fed_back,
        fed_back,
    )
    assert record.decided_on == date(2026, 9, 25)
    assert record.agency_sanctions == ["written_self_examination"]
    assert [(p.person_id, p.sanctions) for p in record.persons] == [
        (ZHANG, ["criticism_education"])
    ]
    assert record.copied_to == "同级纪检监察机关"
    assert record.citation == f"{DOC} 第十三条第三款"


def test_the_copy_to_discipline_inspection_says_when_the_feedback_was_late() -> None:
    subject, body = notices.feedback_copy(CASE, FEEDBACK_IN, late=True)
    assert subject == f"追责处理结果抄送: {CASE.case_id}"
    assert "(late)" in body and FEEDBACK_IN.summary in body
    assert body.endswith(f"({DOC} 第十三条第三款).")
    _, on_time = notices.feedback_copy(CASE, FEEDBACK_IN, late=False)
    assert "(late)" not in on_time


def test_the_reminder_goes_to_the_agency_and_the_overdue_notice_to_the_receiving_body() -> None:
    due = report_deadline()
    reminder = Reminder(at=datetime(2026, 10, 5, 9, 0, tzinfo=SHANGHAI), working_days_before=1)
    to, subject, body = notices.reminder_message(CASE, "柯城区司法局", due, reminder)
    assert to == f"agency:{CASE.agency.code}"
    assert subject == "案件分析整改报告期限提醒: 1 working day(s) left"
    assert "the report to 柯城区司法局 is due by 2026-10-09T00:00:00+08:00" in body
    feedback_due = feedback_deadline(date(2026, 9, 25))
    to, subject, body = notices.overdue_message(CASE, "柯城区司法局", feedback_due)
    assert to == "柯城区司法局"
    assert subject == f"追责处理结果反馈逾期: {CASE.agency.name}"
    assert "was due by 2026-10-01T00:00:00+08:00" in body and body.endswith("waiting for it.")


def test_the_referral_proposal_goes_to_the_body_the_review_names_with_its_grounds() -> None:
    issued = datetime(2026, 9, 10, 9, 0, tzinfo=SHANGHAI)
    assessment = rules.score(rules.Facts.model_validate(assessment_facts(CASE, REVIEW)))
    proposal = notices.referral_proposal(
        CASE,
        REVIEW,
        assessment,
        key="accountability-ZR-2026-0017/referral-proposal",
        issued_at=issued,
        proposing_body="柯城区司法局",
    )
    assert REVIEW.refer_to is not None
    assert (
        proposal.addressed_to
        == {
            "appointing_authority": "任免机关",
            "discipline_inspection": "同级纪检监察机关",
        }[REVIEW.refer_to.value]
    )
    assert proposal.proposing_body == "柯城区司法局" and proposal.issued_at == issued
    assert proposal.citation == f"{DOC} 第十三条第二款"
    first = REVIEW.grounds[0]
    assert proposal.grounds[0].endswith(f"：{first.details}")
    assert proposal.grounds[0].startswith(rules.GROUNDS[first.item][0])
    assert proposal.conclusion == assessment.recommendation


def test_each_transfer_of_article_fourteen_is_a_letter_to_its_body() -> None:
    decision = DECISION.model_copy(
        update={
            "persons": [
                PersonSanction(
                    person_id=ZHANG,
                    referrals=[rules.Referral.DISCIPLINE, rules.Referral.ORGANISATIONAL],
                ),
                PersonSanction(person_id=LI, referrals=[rules.Referral.CRIME]),
            ]
        }
    )
    issued = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
    letters = transfers(CASE, decision, workflow_id="accountability-X", issued_at=issued)
    # 涉嫌犯罪 依法处理 names no body: no letter for LI.
    assert [(t.transferred_to, t.route) for t in letters] == [
        ("同级纪检监察机关", "涉嫌违纪违法需给予党纪政务处分"),
        ("组织人事部门", "涉及组织处理"),
    ]
    assert [t.key for t in letters] == [
        f"accountability-X/transfer-discipline-{ZHANG}",
        f"accountability-X/transfer-organisational-{ZHANG}",
    ]
    zhang = CASE.persons[0]
    assert all(t.person_name == zhang.name and t.citation == f"{DOC} 第十四条" for t in letters)
    assert all(t.decided_on == decision.decided_on for t in letters)
    assert all(t.transferring_body == decision.decided_by for t in letters)


def test_a_case_closed_without_accountability_gives_its_article_nine_grounds() -> None:
    review = Review(
        reviewer="柯城区司法局",
        outcome=ReviewOutcome.NO_ACCOUNTABILITY,
        reason="台风致证据灭失",
        circumstances=rules.Circumstances(
            exempt=[rules.ExemptFinding(item=rules.Exempt.FORCE_MAJEURE)],
            may_exempt=[rules.MayExemptFinding(item=rules.MayExempt.REFORM_INEXPERIENCE)],
        ),
    )
    assert notices.no_accountability_reason(review) == (
        "no accountability (force_majeure, reform_inexperience): 台风致证据灭失"
    )
