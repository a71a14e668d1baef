"""The non-acceptance checks of the designation procedure (衢医保发〔2023〕8号 二(三)2): every case
of both kinds, the boundaries of the waiting times, several cases at once, the people's cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from contracts.subject_records import (
    Finding,
    Restriction,
    SubjectFacts,
    SubjectRef,
    SubjectType,
)
from procedures.designation.checks import PHARMACY_CASE, full_after, non_acceptance_grounds
from procedures.designation.clauses import (
    APPLICATION_BAR,
    DISHONEST_PERSONS_LIST,
    FRAUDULENT_APPLICATION,
    PREVIOUS_INSTITUTION_TERMINATED,
    TERMINATED_FOR_BREACH,
    TERMINATED_FOR_VIOLATION,
)
from procedures.designation.institution import (
    InstitutionKind,
    Person,
    PersonRole,
)
from procedures.designation.models import NonAcceptanceGround
from procedures.designation.submissions import AcceptanceFacts

MEDICAL = InstitutionKind.MEDICAL_INSTITUTION
PHARMACY = InstitutionKind.PHARMACY
ON = date(2026, 6, 15)  # the day of the acceptance review

LEGAL_ID = "330802198001011234"
PRINCIPAL_ID = "33080219850202567X"
CONTROLLER_ID = "330802197003033456"
LEGAL = Person(role=PersonRole.LEGAL_REPRESENTATIVE, name="张三", id_number=LEGAL_ID)
PRINCIPAL = Person(role=PersonRole.PRINCIPAL, name="李四", id_number=PRINCIPAL_ID)
CONTROLLER = Person(role=PersonRole.ACTUAL_CONTROLLER, name="王五", id_number=CONTROLLER_ID)


def clause(kind: InstitutionKind, n: int) -> str:
    where = "医疗机构" if kind is MEDICAL else "零售药店"
    return f"衢医保发〔2023〕8号 二(三)2 {where}不予受理情形({n})"


def finding(indicator: str, found_on: date, finding_id: str = "F-1") -> Finding:
    return Finding(
        finding_id=finding_id,
        found_on=found_on,
        indicator=indicator,
        label="解除医保协议",
        repairable=False,
    )


def restriction(kind: str, from_day: date, until: date | None) -> Restriction:
    return Restriction(
        text="限制", clause="衢医保发〔2023〕8号 二(三)2", kind=kind, from_day=from_day, until=until
    )


def record(
    findings: list[Finding] | None = None,
    restrictions: list[Restriction] | None = None,
    ref: SubjectRef | None = None,
) -> SubjectFacts:
    return SubjectFacts(
        ref=ref or SubjectRef(type=SubjectType.MEDICAL_INSTITUTION, code="X", name="某诊所"),
        findings=findings or [],
        restrictions=restrictions or [],
    )


def person_record(person: Person, **kwargs: Any) -> SubjectFacts:
    return record(ref=person.ref(), **kwargs)


def person_with_record(person: Person, **kwargs: Any) -> tuple[Person, SubjectFacts]:
    """One of the institution's people as the review sees them: the person, with their own
    record (findings, restrictions)."""
    return person, person_record(person, **kwargs)


@dataclass
class Situation:
    facts: AcceptanceFacts = field(default_factory=AcceptanceFacts)
    institution: SubjectFacts = field(default_factory=record)
    people: list[tuple[Person, SubjectFacts]] = field(
        default_factory=lambda: [person_with_record(LEGAL)]
    )

    def grounds(self, kind: InstitutionKind, on: date = ON) -> list[NonAcceptanceGround]:
        return non_acceptance_grounds(kind, self.facts, self.institution, self.people, on)


def cases(kind: InstitutionKind, situation: Situation, on: date = ON) -> list[int]:
    return [g.case for g in situation.grounds(kind, on)]


# -- full_after -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "last"),
    [
        (date(2023, 6, 15), 36, date(2026, 6, 15)),
        (date(2024, 2, 29), 36, date(2027, 2, 28)),  # no 29 February: the month's last day
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2021, 6, 15), 60, date(2026, 6, 15)),
        (date(2026, 6, 13), 12, date(2027, 6, 13)),  # a Sunday: not moved off the rest day
    ],
)
def test_full_after(day: date, months: int, last: date) -> None:
    assert full_after(day, months) == last


# -- nothing found --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [MEDICAL, PHARMACY])
def test_nothing_found_nothing_applies(kind: InstitutionKind) -> None:
    assert Situation().grounds(kind) == []


# -- every case, both kinds -----------------------------------------------------------------------

# Each medical case number → a situation in which exactly that case applies on ON, and the texts
# its reason must contain.
CASE_SITUATIONS: dict[int, tuple[Callable[[], Situation], list[str]]] = {
    1: (lambda: Situation(AcceptanceFacts(non_basic_main_scope=True)), ["非基本医疗服务"]),
    2: (lambda: Situation(AcceptanceFacts(price_policy_followed=False)), ["医药价格政策"]),
    3: (lambda: Situation(AcceptanceFacts(penalties_performed=False)), ["未依法履行行政处罚责任"]),
    4: (
        lambda: Situation(
            institution=record(
                restrictions=[
                    restriction(FRAUDULENT_APPLICATION, date(2024, 3, 1), date(2027, 3, 1))
                ]
            )
        ),
        ["弄虚作假", "2024-03-01", "至2027-03-01", "2026-06-15"],
    ),
    5: (
        lambda: Situation(
            institution=record(findings=[finding(TERMINATED_FOR_VIOLATION, date(2024, 5, 10))])
        ),
        ["因违法违规被解除医保协议", "2024-05-10", "未满3年", "满3年之日为2027-05-10"],
    ),
    6: (
        lambda: Situation(
            institution=record(findings=[finding(TERMINATED_FOR_BREACH, date(2025, 12, 1))])
        ),
        ["违反医保协议约定", "2025-12-01", "未满1年", "满1年之日为2026-12-01"],
    ),
    7: (
        lambda: Situation(
            people=[
                person_with_record(
                    LEGAL,
                    findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, date(2022, 1, 20))],
                )
            ]
        ),
        ["法定代表人张三", "2022-01-20", "未满5年", "满5年之日为2027-01-20"],
    ),
    8: (
        lambda: Situation(
            people=[
                person_with_record(
                    LEGAL,
                    restrictions=[restriction(DISHONEST_PERSONS_LIST, date(2025, 1, 1), None)],
                )
            ]
        ),
        ["法定代表人张三", "失信人名单", "2025-01-01"],
    ),
    9: (
        lambda: Situation(AcceptanceFacts(medical_service_penalty_on=date(2025, 9, 1))),
        ["医疗服务行为", "2025-09-01", "未满1年", "满1年之日为2026-09-01"],
    ),
    10: (
        lambda: Situation(AcceptanceFacts(irregular_practice_on=date(2024, 7, 1))),
        ["非法行医", "2024-07-01", "近2年内", "2026-07-01"],
    ),
    11: (
        lambda: Situation(AcceptanceFacts(related_sanctioned_on=date(2025, 8, 8))),
        ["同一法人主体", "2025-08-08", "1年内", "2026-08-08"],
    ),
    12: (
        lambda: Situation(AcceptanceFacts(other_legal_grounds=["未取得执业许可"])),
        ["法律法规规定的其他", "未取得执业许可"],
    ),
}


@pytest.mark.parametrize("medical_case", sorted(CASE_SITUATIONS))
def test_each_case_medical(medical_case: int) -> None:
    make, texts = CASE_SITUATIONS[medical_case]
    grounds = make().grounds(MEDICAL)
    assert [g.case for g in grounds] == [medical_case]
    assert grounds[0].clause == clause(MEDICAL, medical_case)
    for text in texts:
        assert text in grounds[0].reason


@pytest.mark.parametrize("medical_case", sorted(CASE_SITUATIONS))
def test_each_case_pharmacy(medical_case: int) -> None:
    make, texts = CASE_SITUATIONS[medical_case]
    grounds = make().grounds(PHARMACY)
    pharmacy_case = PHARMACY_CASE[medical_case]
    if pharmacy_case is None:  # (1)(2)(9)(10): medical institutions only
        assert grounds == []
        return
    assert [g.case for g in grounds] == [pharmacy_case]
    assert grounds[0].clause == clause(PHARMACY, pharmacy_case)
    for text in texts:
        assert text in grounds[0].reason


def test_pharmacy_numbering() -> None:
    assert {m: p for m, p in PHARMACY_CASE.items() if p is not None} == {
        3: 1,
        4: 2,
        5: 3,
        6: 4,
        7: 5,
        8: 6,
        11: 7,
        12: 8,
    }


# -- several at once, in order --------------------------------------------------------------------


def everything() -> Situation:
    return Situation(
        facts=AcceptanceFacts(
            non_basic_main_scope=True,
            price_policy_followed=False,
            penalties_performed=False,
            breach_liabilities_performed=False,
            medical_service_penalty_on=date(2026, 1, 1),
            irregular_practice_on=date(2025, 1, 1),
            related_sanctioned_on=None,
            related_under_investigation=True,
            other_legal_grounds=["甲", "乙"],
        ),
        institution=record(
            findings=[
                finding(TERMINATED_FOR_VIOLATION, date(2020, 1, 1), "V-1"),  # 3 years full
                finding(TERMINATED_FOR_BREACH, date(2025, 1, 1), "B-1"),  # 1 year full
            ],
            restrictions=[restriction(FRAUDULENT_APPLICATION, date(2025, 5, 5), date(2028, 5, 5))],
        ),
        people=[
            person_with_record(LEGAL, restrictions=[restriction(DISHONEST_PERSONS_LIST, ON, ON)]),
            person_with_record(
                PRINCIPAL,
                findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, date(2023, 3, 3))],
            ),
            person_with_record(CONTROLLER),
        ],
    )


def test_every_medical_case_at_once_in_order() -> None:
    grounds = everything().grounds(MEDICAL)
    assert [g.case for g in grounds] == list(range(1, 13))
    assert [g.clause for g in grounds] == [clause(MEDICAL, n) for n in range(1, 13)]
    by_case = {g.case: g.reason for g in grounds}
    # (5) full but the penalty not performed; (6) full but the liability not performed.
    assert "已于2023-01-01满3年" in by_case[5] and "行政处罚法律责任" in by_case[5]
    assert "已于2026-01-01满1年" in by_case[6] and "违约责任" in by_case[6]
    assert "主要负责人李四" in by_case[7]
    assert "法定代表人张三" in by_case[8]
    assert "正在接受经办机构调查处理" in by_case[11]
    assert "甲" in by_case[12] and "乙" in by_case[12]


def test_every_pharmacy_case_at_once_in_order() -> None:
    grounds = everything().grounds(PHARMACY)
    assert [g.case for g in grounds] == list(range(1, 9))
    assert [g.clause for g in grounds] == [clause(PHARMACY, n) for n in range(1, 9)]
    by_case = {g.case: g.reason for g in grounds}
    assert "企业负责人李四" in by_case[5]  # 零售药店(5): 企业负责人
    assert "原定点零售药店" in by_case[5]
    for reason in by_case.values():
        for medical_only in ("非基本医疗服务", "医药价格政策", "医疗服务行为", "非法行医"):
            assert medical_only not in reason


def test_some_cases_listed_in_order() -> None:
    situation = Situation(
        facts=AcceptanceFacts(
            other_legal_grounds=["其他"],
            price_policy_followed=False,
            related_under_investigation=True,
        ),
        institution=record(findings=[finding(TERMINATED_FOR_BREACH, date(2026, 1, 1))]),
    )
    assert cases(MEDICAL, situation) == [2, 6, 11, 12]
    assert cases(PHARMACY, situation) == [4, 7, 8]


# -- the boundaries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "found_on", "last_day", "medical_case"),
    [
        (TERMINATED_FOR_VIOLATION, date(2023, 6, 15), date(2026, 6, 15), 5),
        (TERMINATED_FOR_VIOLATION, date(2024, 2, 29), date(2027, 2, 28), 5),
        (TERMINATED_FOR_BREACH, date(2025, 6, 15), date(2026, 6, 15), 6),
        (TERMINATED_FOR_BREACH, date(2024, 2, 29), date(2025, 2, 28), 6),
    ],
)
def test_termination_boundary(
    indicator: str, found_on: date, last_day: date, medical_case: int
) -> None:
    situation = Situation(institution=record(findings=[finding(indicator, found_on)]))
    grounds = situation.grounds(MEDICAL, on=last_day)
    assert [g.case for g in grounds] == [medical_case]  # the last day: not yet full
    assert (
        f"满{'3' if medical_case == 5 else '1'}年之日为{last_day.isoformat()}" in grounds[0].reason
    )
    assert found_on.isoformat() in grounds[0].reason
    next_day = date.fromordinal(last_day.toordinal() + 1)
    assert situation.grounds(MEDICAL, on=next_day) == []  # full, liabilities performed
    assert cases(PHARMACY, situation, on=last_day) == [medical_case - 2]
    assert cases(PHARMACY, situation, on=next_day) == []


def test_termination_full_but_not_performed() -> None:
    violation = Situation(
        facts=AcceptanceFacts(penalties_performed=False),
        institution=record(findings=[finding(TERMINATED_FOR_VIOLATION, date(2023, 6, 14))]),
    )
    grounds = violation.grounds(MEDICAL)
    assert [g.case for g in grounds] == [3, 5]
    assert "已于2026-06-14满3年" in grounds[1].reason
    assert "未完全履行行政处罚法律责任" in grounds[1].reason
    assert cases(PHARMACY, violation) == [1, 3]

    breach = Situation(
        facts=AcceptanceFacts(breach_liabilities_performed=False),
        institution=record(findings=[finding(TERMINATED_FOR_BREACH, date(2020, 1, 1))]),
    )
    grounds = breach.grounds(MEDICAL)
    assert [g.case for g in grounds] == [6]
    assert "未完全履行违约责任" in grounds[0].reason
    # No termination at all: unperformed breach liabilities alone are not a case.
    assert Situation(AcceptanceFacts(breach_liabilities_performed=False)).grounds(MEDICAL) == []


def test_fraudulent_application_restriction_boundary() -> None:
    bar = restriction(FRAUDULENT_APPLICATION, date(2023, 6, 15), date(2026, 6, 15))
    situation = Situation(institution=record(restrictions=[bar]))
    grounds = situation.grounds(MEDICAL, on=date(2026, 6, 15))
    assert [(g.case, g.clause) for g in grounds] == [(4, clause(MEDICAL, 4))]
    assert "至2026-06-15" in grounds[0].reason
    assert cases(PHARMACY, situation, on=date(2026, 6, 15)) == [2]
    # Ended the day before the review: not applied.
    assert situation.grounds(MEDICAL, on=date(2026, 6, 16)) == []
    # Begun after the review day: not applied.
    later = restriction(FRAUDULENT_APPLICATION, date(2026, 6, 16), date(2029, 6, 16))
    assert Situation(institution=record(restrictions=[later])).grounds(MEDICAL) == []


def test_fraudulent_application_without_end() -> None:
    bar = restriction(FRAUDULENT_APPLICATION, date(2025, 1, 1), None)
    grounds = Situation(institution=record(restrictions=[bar])).grounds(MEDICAL)
    assert [g.case for g in grounds] == [4]
    assert "解除" in grounds[0].reason


def test_previous_institution_boundary_and_feb_29() -> None:
    def situation(found_on: date) -> Situation:
        head = person_with_record(
            CONTROLLER, findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, found_on)]
        )
        return Situation(people=[person_with_record(LEGAL), head])

    grounds = situation(date(2021, 6, 15)).grounds(MEDICAL, on=date(2026, 6, 15))
    assert [g.case for g in grounds] == [7]
    assert "实际控制人王五" in grounds[0].reason
    assert "满5年之日为2026-06-15" in grounds[0].reason
    assert situation(date(2021, 6, 15)).grounds(MEDICAL, on=date(2026, 6, 16)) == []

    leap = situation(date(2024, 2, 29))
    assert cases(MEDICAL, leap, on=date(2029, 2, 28)) == [7]
    assert cases(PHARMACY, leap, on=date(2029, 2, 28)) == [5]
    assert cases(MEDICAL, leap, on=date(2029, 3, 1)) == []


def test_dishonest_list_ended_the_day_before() -> None:
    listed = restriction(DISHONEST_PERSONS_LIST, date(2024, 1, 1), date(2026, 6, 14))
    situation = Situation(people=[person_with_record(LEGAL, restrictions=[listed])])
    assert situation.grounds(MEDICAL) == []
    assert cases(MEDICAL, situation, on=date(2026, 6, 14)) == [8]
    assert cases(PHARMACY, situation, on=date(2026, 6, 14)) == [6]


@pytest.mark.parametrize(
    ("field_name", "months", "medical_case"),
    [
        ("medical_service_penalty_on", 12, 9),
        ("irregular_practice_on", 24, 10),
        ("related_sanctioned_on", 12, 11),
    ],
)
@pytest.mark.parametrize("day", [date(2023, 6, 15), date(2024, 2, 29)])
def test_dated_facts_boundary(field_name: str, months: int, medical_case: int, day: date) -> None:
    situation = Situation(AcceptanceFacts(**{field_name: day}))
    last = full_after(day, months)
    grounds = situation.grounds(MEDICAL, on=last)
    assert [g.case for g in grounds] == [medical_case]
    assert day.isoformat() in grounds[0].reason
    assert last.isoformat() in grounds[0].reason
    assert situation.grounds(MEDICAL, on=date.fromordinal(last.toordinal() + 1)) == []
    # The day of the conduct itself counts.
    assert cases(MEDICAL, situation, on=day) == [medical_case]


def test_feb_29_dated_fact() -> None:
    situation = Situation(AcceptanceFacts(medical_service_penalty_on=date(2024, 2, 29)))
    assert cases(MEDICAL, situation, on=date(2025, 2, 28)) == [9]
    assert cases(MEDICAL, situation, on=date(2025, 3, 1)) == []
    assert "满1年之日为2025-02-28" in situation.grounds(MEDICAL, on=date(2025, 2, 28))[0].reason


def test_dates_after_the_review_day_are_ignored() -> None:
    after = date(2026, 6, 16)
    situation = Situation(
        facts=AcceptanceFacts(
            medical_service_penalty_on=after,
            irregular_practice_on=after,
            related_sanctioned_on=after,
        ),
        institution=record(
            findings=[
                finding(TERMINATED_FOR_VIOLATION, after, "V"),
                finding(TERMINATED_FOR_BREACH, after, "B"),
            ]
        ),
        people=[
            person_with_record(
                LEGAL,
                findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, after)],
                restrictions=[restriction(DISHONEST_PERSONS_LIST, after, None)],
            )
        ],
    )
    assert situation.grounds(MEDICAL) == []
    assert situation.grounds(PHARMACY) == []


def test_related_entity_sanctioned_and_under_investigation_is_one_ground() -> None:
    situation = Situation(
        AcceptanceFacts(related_sanctioned_on=date(2026, 1, 1), related_under_investigation=True)
    )
    grounds = situation.grounds(PHARMACY)
    assert [(g.case, g.clause) for g in grounds] == [(7, clause(PHARMACY, 7))]
    assert "2026-01-01" in grounds[0].reason
    assert "正在接受经办机构调查处理" in grounds[0].reason


# -- the people -----------------------------------------------------------------------------------


def test_people_named_by_role_and_name_never_by_id_number() -> None:
    people = [
        person_with_record(LEGAL, restrictions=[restriction(DISHONEST_PERSONS_LIST, ON, None)]),
        person_with_record(
            PRINCIPAL,
            findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, date(2025, 1, 1))],
            restrictions=[restriction(DISHONEST_PERSONS_LIST, date(2020, 1, 1), None)],
        ),
        person_with_record(
            CONTROLLER, findings=[finding(PREVIOUS_INSTITUTION_TERMINATED, date(2024, 1, 1))]
        ),
    ]
    for kind, principal in ((MEDICAL, "主要负责人"), (PHARMACY, "企业负责人")):
        grounds = Situation(people=people).grounds(kind)
        assert len(grounds) == 2
        previous, dishonest = grounds
        assert f"{principal}李四" in previous.reason and "实际控制人王五" in previous.reason
        assert "张三" not in previous.reason
        assert "法定代表人张三" in dishonest.reason and f"{principal}李四" in dishonest.reason
        assert "王五" not in dishonest.reason
        for ground in grounds:
            for id_number in (LEGAL_ID, PRINCIPAL_ID, CONTROLLER_ID, "330802"):
                assert id_number not in ground.reason
                assert id_number.lower() not in ground.reason


# -- records of other kinds -----------------------------------------------------------------------


def test_records_of_other_kinds_are_ignored() -> None:
    institution = record(
        findings=[
            finding("medical_credit.fraud", date(2026, 1, 1), "M-1"),
            # A person's indicator on the institution's record: not the institution's case.
            finding(PREVIOUS_INSTITUTION_TERMINATED, date(2026, 1, 1), "P-1"),
        ],
        restrictions=[
            restriction(APPLICATION_BAR, date(2026, 1, 1), date(2027, 1, 1)),
            restriction("", date(2026, 1, 1), None),
            # The dishonest-persons list on the institution's record: (8) reads the people.
            restriction(DISHONEST_PERSONS_LIST, date(2026, 1, 1), None),
        ],
    )
    person = person_record(
        LEGAL,
        findings=[
            finding(TERMINATED_FOR_VIOLATION, date(2026, 1, 1), "V-1"),
            finding(TERMINATED_FOR_BREACH, date(2026, 1, 1), "B-1"),
        ],
        restrictions=[
            restriction(FRAUDULENT_APPLICATION, date(2026, 1, 1), None),
            restriction(APPLICATION_BAR, date(2026, 1, 1), None),
        ],
    )
    situation = Situation(institution=institution, people=[(LEGAL, person)])
    assert situation.grounds(MEDICAL) == []
    assert situation.grounds(PHARMACY) == []


def test_pharmacy_never_gets_medical_only_cases() -> None:
    situation = Situation(
        AcceptanceFacts(
            non_basic_main_scope=True,
            price_policy_followed=False,
            medical_service_penalty_on=ON,
            irregular_practice_on=ON,
        )
    )
    assert cases(MEDICAL, situation) == [1, 2, 9, 10]
    assert situation.grounds(PHARMACY) == []


def test_several_terminations_all_named() -> None:
    situation = Situation(
        facts=AcceptanceFacts(penalties_performed=True),
        institution=record(
            findings=[
                finding(TERMINATED_FOR_VIOLATION, date(2025, 3, 3), "V-2"),
                finding(TERMINATED_FOR_VIOLATION, date(2019, 3, 3), "V-1"),  # full, performed
                finding(TERMINATED_FOR_VIOLATION, date(2024, 4, 4), "V-3"),
            ]
        ),
    )
    grounds = situation.grounds(MEDICAL)
    assert [g.case for g in grounds] == [5]
    reason = grounds[0].reason
    assert "V-1" not in reason
    assert reason.index("2024-04-04") < reason.index("2025-03-03")
    assert "满3年之日为2027-04-04" in reason and "满3年之日为2028-03-03" in reason
