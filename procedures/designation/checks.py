"""The non-acceptance checks of the designation procedure (不予受理定点申请).

Source: 衢医保发〔2023〕8号 二(三)2 (seed 001 lines 1558–1608): 12 cases for medical institutions
(医疗机构), 8 for retail pharmacies (零售药店); procedures.md §0 (counting) and §4.

Pure functions (no Temporal import, no clock): the workflow calls them inside its sandbox with the
day of the acceptance review, the facts the review found and the subject records as of that day.

How "未满N年" is counted from a day is in waiting_times.py.

Findings, restrictions and dates of the facts that lie after the review day are ignored: the
check is the state of things on that day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from contracts.subject_records import Finding, SubjectFacts
from procedures.designation.assessment_bar import assessment_bar
from procedures.designation.clauses import (
    DISHONEST_PERSONS_LIST,
    FRAUDULENT_APPLICATION,
    NON_ACCEPTANCE_CLAUSE,
    PREVIOUS_INSTITUTION_TERMINATED,
    TERMINATED_FOR_BREACH,
    TERMINATED_FOR_VIOLATION,
    cite,
)
from procedures.designation.institution import (
    InstitutionKind,
    Person,
    PersonRole,
)
from procedures.designation.models import NonAcceptanceGround
from procedures.designation.submissions import AcceptanceFacts
from procedures.designation.waiting_times import (
    BREACH_MONTHS,
    IRREGULAR_PRACTICE_MONTHS,
    MEDICAL_SERVICE_PENALTY_MONTHS,
    PREVIOUS_INSTITUTION_MONTHS,
    RELATED_SANCTION_MONTHS,
    VIOLATION_MONTHS,
    within,
)

# Re-exported (`X as X`): tests/test_designation_checks.py reads it through this module.
from procedures.designation.waiting_times import full_after as full_after

# The medical institution's case number → the pharmacy's (None: a case only for medical
# institutions: (1) non-basic main scope, (2) price policy, (9) medical-service penalty,
# (10) irregular practice).
PHARMACY_CASE: dict[int, int | None] = {
    1: None,
    2: None,
    3: 1,
    4: 2,
    5: 3,
    6: 4,
    7: 5,
    8: 6,
    9: None,
    10: None,
    11: 7,
    12: 8,
}


def _role_label(role: PersonRole, kind: InstitutionKind) -> str:
    if role is PersonRole.LEGAL_REPRESENTATIVE:
        return "法定代表人"
    if role is PersonRole.ACTUAL_CONTROLLER:
        return "实际控制人"
    # 医疗机构(7)(8) 主要负责人; 零售药店(5)(6) 企业负责人.
    return "主要负责人" if kind is InstitutionKind.MEDICAL_INSTITUTION else "企业负责人"


def _findings(record: SubjectFacts, indicator: str, on: date) -> list[Finding]:
    """The record's findings of `indicator` made on or before `on`, oldest first."""
    found = [f for f in record.findings if f.indicator == indicator and f.found_on <= on]
    return sorted(found, key=lambda f: (f.found_on, f.finding_id))


def _until(until: date | None) -> str:
    return f"至{until.isoformat()}" if until is not None else "至解除之日 (未定期限)"


def _termination(
    findings: list[Finding],
    months: int,
    years: str,
    cause: str,
    performed: bool,
    liability: str,
    on: date,
) -> str | None:
    """医疗机构(5)(6) / 零售药店(3)(4): terminated less than `years` ago, or the time is full but
    the liability is not fully performed."""
    parts: list[str] = []
    for finding in findings:
        last = full_after(finding.found_on, months)
        what = f"于{finding.found_on.isoformat()}{cause} (记录 {finding.finding_id})"
        if on <= last:
            parts.append(
                f"{what}, 至受理审查之日({on.isoformat()})未满{years} (满{years}之日为"
                f"{last.isoformat()}, 次日起方满{years})"
            )
        elif not performed:
            parts.append(
                f"{what}, 已于{last.isoformat()}满{years}, 但至受理审查之日({on.isoformat()})"
                f"未完全履行{liability}"
            )
    return "; ".join(parts) if parts else None


def non_acceptance_grounds(
    kind: InstitutionKind,
    facts: AcceptanceFacts,
    institution: SubjectFacts,
    people: list[tuple[Person, SubjectFacts]],
    on: date,
) -> list[NonAcceptanceGround]:
    """Every non-acceptance case of 二(三)2 that applies on `on` (the day of the acceptance
    review, Asia/Shanghai), in the regulation's order, numbered in `kind`'s list.

    `institution` is the institution's subject record as of `on`; `people` pairs each of its
    people (法定代表人, 主要负责人/企业负责人, 实际控制人) with their own record as of `on`. The
    reasons name the facts and the dates, and a person by role and name (never the identity
    number: the refusal is printed and delivered).
    """
    medical = kind is InstitutionKind.MEDICAL_INSTITUTION
    checks: list[tuple[int, Callable[[], str | None]]] = [
        (1, lambda: _non_basic_scope(facts)),
        (2, lambda: _price_policy(facts)),
        (3, lambda: _penalties(facts)),
        (4, lambda: _fraudulent_application(institution, on)),
        (
            5,
            lambda: _termination(
                _findings(institution, TERMINATED_FOR_VIOLATION, on),
                VIOLATION_MONTHS,
                "3年",
                "因违法违规被解除医保协议",
                facts.penalties_performed,
                "行政处罚法律责任",
                on,
            ),
        ),
        (
            6,
            lambda: _termination(
                _findings(institution, TERMINATED_FOR_BREACH, on),
                BREACH_MONTHS,
                "1年",
                "因违反医保协议约定或医保相关规定被解除协议",
                facts.breach_liabilities_performed,
                "违约责任",
                on,
            ),
        ),
        (7, lambda: _previous_institution(kind, people, on)),
        (8, lambda: _dishonest_persons(kind, people, on)),
        (9, lambda: _medical_service_penalty(facts, on)),
        (10, lambda: _irregular_practice(facts, on)),
        (11, lambda: _related(facts, on)),
        (12, lambda: _other_grounds(facts)),
    ]
    grounds: list[NonAcceptanceGround] = []
    for medical_case, check in checks:
        case = medical_case if medical else PHARMACY_CASE[medical_case]
        if case is None:
            continue
        reason = check()
        if reason is not None:
            grounds.append(
                NonAcceptanceGround(
                    case=case,
                    clause=cite(f"{NON_ACCEPTANCE_CLAUSE[kind]}({case})"),
                    reason=reason,
                )
            )
    # 附件1 二(四): 对年度考核被解除医保协议的 … 一年内不得再次申请 (one of case (12)/(8)'s others).
    return grounds + assessment_bar(kind, institution, on)


def _non_basic_scope(facts: AcceptanceFacts) -> str | None:
    if not facts.non_basic_main_scope:
        return None
    return "以医疗美容、辅助生殖、生活照护、种植牙、健康体检等非基本医疗服务为主要执业范围"


def _price_policy(facts: AcceptanceFacts) -> str | None:
    if facts.price_policy_followed:
        return None
    return "基本医疗服务未执行医疗保障行政部门制定的医药价格政策"


def _penalties(facts: AcceptanceFacts) -> str | None:
    if facts.penalties_performed:
        return None
    return "未依法履行行政处罚责任"


def _fraudulent_application(institution: SubjectFacts, on: date) -> str | None:
    """医疗机构(4) / 零售药店(2): the workflow records the 3 years as a restriction of kind
    FRAUDULENT_APPLICATION (from the day found, until the last day of the 3 years)."""
    restrictions = sorted(
        institution.restrictions_in_force(FRAUDULENT_APPLICATION, on),
        key=lambda r: (r.from_day, r.until or date.max),
    )
    if not restrictions:
        return None
    parts = [
        f"{r.from_day.isoformat()}起{_until(r.until)}不得申请定点 ({r.text}; {r.clause})"
        for r in restrictions
    ]
    return (
        f"以弄虚作假等不正当手段申请定点, 自发现之日起未满3年, 至受理审查之日({on.isoformat()})"
        f"仍在限制期内: {'; '.join(parts)}"
    )


def _previous_institution(
    kind: InstitutionKind, people: list[tuple[Person, SubjectFacts]], on: date
) -> str | None:
    parts: list[str] = []
    for person, record in people:
        for finding in _findings(record, PREVIOUS_INSTITUTION_TERMINATED, on):
            last = within(finding.found_on, PREVIOUS_INSTITUTION_MONTHS, on)
            if last is None:
                continue
            parts.append(
                f"{_role_label(person.role, kind)}{person.name}曾因严重违法违规导致原定点"
                f"{kind.label}于{finding.found_on.isoformat()}被解除医保协议, 至受理审查之日"
                f"({on.isoformat()})未满5年 (满5年之日为{last.isoformat()}, 次日起方满5年)"
            )
    return "; ".join(parts) if parts else None


def _dishonest_persons(
    kind: InstitutionKind, people: list[tuple[Person, SubjectFacts]], on: date
) -> str | None:
    parts: list[str] = []
    for person, record in people:
        restrictions = sorted(
            record.restrictions_in_force(DISHONEST_PERSONS_LIST, on),
            key=lambda r: (r.from_day, r.until or date.max),
        )
        for r in restrictions:
            parts.append(
                f"{_role_label(person.role, kind)}{person.name}被列入失信人名单 "
                f"({r.from_day.isoformat()}起{_until(r.until)}; {r.text}; {r.clause})"
            )
    return "; ".join(parts) if parts else None


def _medical_service_penalty(facts: AcceptanceFacts, on: date) -> str | None:
    day = facts.medical_service_penalty_on
    last = within(day, MEDICAL_SERVICE_PENALTY_MONTHS, on)
    if day is None or last is None:
        return None
    return (
        f"于{day.isoformat()}因医疗服务行为受到有关行政部门处罚, 至受理审查之日"
        f"({on.isoformat()})未满1年 (满1年之日为{last.isoformat()}, 次日起方满1年)"
    )


def _irregular_practice(facts: AcceptanceFacts, on: date) -> str | None:
    day = facts.irregular_practice_on
    last = within(day, IRREGULAR_PRACTICE_MONTHS, on)
    if day is None or last is None:
        return None
    return (
        f"于{day.isoformat()}有非法行医、非法医疗广告、诊室外包等不规范经营行为, 在受理审查之日"
        f"({on.isoformat()})前近2年内 (计至{last.isoformat()})"
    )


def _related(facts: AcceptanceFacts, on: date) -> str | None:
    parts: list[str] = []
    day = facts.related_sanctioned_on
    last = within(day, RELATED_SANCTION_MONTHS, on)
    if day is not None and last is not None:
        parts.append(
            f"同一法人主体(投资主体)的相关定点医药机构于{day.isoformat()}因违规被暂停、解除或终止"
            f"医保协议, 在受理审查之日({on.isoformat()})前1年内 (计至{last.isoformat()})"
        )
    if facts.related_under_investigation:
        parts.append(
            f"同一法人主体(投资主体)的相关定点医药机构于受理审查之日({on.isoformat()})"
            "正在接受经办机构调查处理"
        )
    return "; ".join(parts) if parts else None


def _other_grounds(facts: AcceptanceFacts) -> str | None:
    if not facts.other_legal_grounds:
        return None
    return "法律法规规定的其他不予受理的情形: " + "; ".join(facts.other_legal_grounds)
