"""What a repair case tells people (衢医保发〔2021〕36号 六(三), 附件4, 附件5): the refusal notice,
the confirmation, the public notice, the entry on the subject record and the two reports of a
repair that took effect, and the answers to objections.

Pure functions of the case and its facts (no Temporal import): the workflow hands what they
return to its outputs (kernel/outputs.py), and tests/test_repair_steps.py reads them without a
server. The wording is the agencies' own: it is printed, published and sent as it stands here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from contracts.case_records import CaseDeadline, Reminder
from contracts.documents import (
    DishonestFinding,
    ObjectionWindow,
    PublicNoticePeriod,
    RefusalReason,
    RepairConfirmation,
    RepairRefusal,
)
from contracts.subject_records import Finding, RecordRepair, Repair, WriteSubject
from periods import SHANGHAI
from procedures.repair.models import (
    CONFIRMATION_FORM_CLAUSE,
    NOTICE_WORKING_DAYS,
    REFUSAL_FORM_CLAUSE,
    REFUSAL_OBJECTION_WORKING_DAYS,
    REVIEWER,
    SUPERVISOR,
    ObjectionDecision,
    RefusalGround,
    RepairCase,
    cite,
)


def accepted_on(case: RepairCase) -> date:
    """The day the application was accepted (Asia/Shanghai), printed on 附件4 and 附件5."""
    return case.accepted_at.astimezone(SHANGHAI).date()


def dishonest_finding(finding: Finding) -> DishonestFinding:
    return DishonestFinding(
        finding_id=finding.finding_id, indicator=finding.label, found_on=finding.found_on
    )


class RepairHeading(TypedDict):
    """What 附件4 and 附件5 both carry: the issuing agency, the addressee, the form's clause, the
    day the application was received and the dishonesty record it is about."""

    key: str
    case_id: str
    agency_name: str
    agency_code: str
    issued_at: datetime
    subject_name: str
    subject_code: str
    citation: str
    application_received_on: date
    finding: DishonestFinding


def heading(
    case: RepairCase, finding: Finding, *, key: str, issued_at: datetime, form_clause: str
) -> RepairHeading:
    return RepairHeading(
        key=key,
        case_id=case.case_id,
        agency_name=case.agency.name,
        agency_code=case.agency.code,
        issued_at=issued_at,
        subject_name=case.subject.name,
        subject_code=case.subject.code,
        citation=cite(form_clause),
        application_received_on=accepted_on(case),
        finding=dishonest_finding(finding),
    )


def refusal_notice(
    case: RepairCase,
    finding: Finding,
    grounds: list[RefusalGround],
    *,
    key: str,
    issued_at: datetime,
    window: CaseDeadline | None,
) -> RepairRefusal:
    """附件4 不予信用修复告知书: the grounds with their clauses and the 5-working-day objection
    window it opens (`window`, computed before the notice so that it can print the last day;
    None while it runs from a service (送达) the agency has yet to record)."""
    return RepairRefusal(
        **heading(case, finding, key=key, issued_at=issued_at, form_clause=REFUSAL_FORM_CLAUSE),
        reasons=[RefusalReason(reason=g.reason, clause=g.clause) for g in grounds],
        objection_window=ObjectionWindow(
            working_days=REFUSAL_OBJECTION_WORKING_DAYS,
            last_day=window.deadline.last_day if window else None,
            due_at=window.deadline.due_at if window else None,
        ),
        handler=case.handler,
        handler_phone=case.handler_phone,
    )


def confirmation(
    case: RepairCase,
    finding: Finding,
    *,
    key: str,
    issued_at: datetime,
    notice: CaseDeadline,
    effective_on: date,
) -> RepairConfirmation:
    """附件5 信用修复确认通知书: the notice it followed and the day the repair took effect."""
    return RepairConfirmation(
        **heading(
            case, finding, key=key, issued_at=issued_at, form_clause=CONFIRMATION_FORM_CLAUSE
        ),
        public_notice=PublicNoticePeriod(
            first_day=notice.deadline.start, last_day=notice.deadline.last_day
        ),
        effective_on=effective_on,
    )


def effective_on(today: date, notice_last_day: date) -> date:
    """公示期满无异议的, 按程序信用修复: the repair takes effect on the day after the notice's last
    day, or on the day it is carried out when an objection kept it waiting longer."""
    return max(today, notice_last_day + timedelta(days=1))


def subject_record_entry(
    case: RepairCase, finding: Finding, repair_case: str, effective_on: date
) -> WriteSubject:
    """The repair as the subject record keeps it: the finding, the case that repaired it (its
    workflow id) and the day it took effect, recorded by the department that decided it."""
    return WriteSubject(
        ref=case.subject,
        op=RecordRepair(
            repair=Repair(
                repair_case=repair_case, finding_id=finding.finding_id, effective_on=effective_on
            ),
            actor=case.agency.name,
            source_case=repair_case,
        ),
    )


def public_notice(case: RepairCase, finding: Finding, last_day: date) -> str:
    """信用修复公示: published on the website for 5 working days."""
    return (
        f"{case.subject.name} 申请修复失信记录 {finding.finding_id} ({finding.label}, "
        f"认定日期 {finding.found_on.isoformat()}), 经审查符合信用修复条件, 现予公示。"
        f"公示期 {NOTICE_WORKING_DAYS} 个工作日, 至 {last_day.isoformat()} "
        f"止; 有异议的请向{case.agency.name}提出。"
    )


def stop_publishing(case: RepairCase, finding: Finding, effective_on: date) -> str:
    """并停止公示其失信记录: to the publication channel, from the day the repair takes effect."""
    return (
        f"自 {effective_on.isoformat()} 起停止公示 {case.subject.name} 的失信记录 "
        f"{finding.finding_id} ({finding.label}, 认定日期 {finding.found_on.isoformat()}): "
        f"信用修复案件 {case.case_id}。"
    )


def credit_department_report(case: RepairCase, finding: Finding, effective_on: date) -> str:
    """报送同级信用管理部门: the repair, reported to the same-level credit management department."""
    return (
        f"{case.agency.name} 报送: {case.subject.name} "
        f"({case.subject.type.value}) 的失信记录 {finding.finding_id} "
        f"({finding.label}) 已于 {effective_on.isoformat()} 完成信用修复 "
        f"(案件 {case.case_id})。"
    )


def refusal_objection_answer(case_id: str, decision: ObjectionDecision) -> str:
    """To the applicant: how their objection to the refusal (附件4) was decided."""
    return (
        f"您对不予信用修复决定(案件 {case_id})提出的异议"
        + ("成立, 将重新审查修复申请" if decision.substantiated else "不成立, 维持不予修复决定")
        + f"。理由: {decision.reason}"
    )


def notice_objection_upheld(case_id: str, decision: ObjectionDecision) -> str:
    """To the applicant: an objection to the public notice was substantiated; no repair."""
    return f"案件 {case_id}: 公示期内的异议经核查成立, 不予信用修复。理由: {decision.reason}"


# The deadline mechanism's messages (kernel/deadlines.py): recipient, subject, body.
DeadlineMessage = tuple[str, str, str]


def decision_reminder(
    case: RepairCase, deadline: CaseDeadline, reminder: Reminder
) -> DeadlineMessage:
    """To the reviewer, before the decision period of 六(三) ends."""
    return (
        REVIEWER,
        f"信用修复决定期限提醒: {reminder.working_days_before} working day(s) left",
        f"Case {case.case_id}: the decision on the credit repair application of "
        f"{case.subject.name} is due by {deadline.deadline.due_at.isoformat()} "
        f"({deadline.citation}).",
    )


def decision_overdue(case: RepairCase, deadline: CaseDeadline) -> DeadlineMessage:
    """To the supervisor, when the decision period passed without a decision (an agency duty:
    the case keeps waiting)."""
    return (
        SUPERVISOR,
        "信用修复决定逾期: decision deadline missed",
        f"Case {case.case_id} ({case.agency.code}): the decision on the credit "
        f"repair application was due by {deadline.deadline.due_at.isoformat()} and has not "
        f"been made ({deadline.citation}). The case keeps waiting for the decision.",
    )
