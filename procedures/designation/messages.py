"""The messages a designation case sends (衢医保发〔2023〕8号 二(三)3–5), as (subject, body) or, for
the deadline hooks, (recipient, subject, body): the evaluation result and the agreement filed with
the administrative department, the public notice and the designation published, card settlement
opened, and the evaluation group reminded and the supervisor warned.

Pure functions of the case and its facts (no Temporal import); the documents printed are in
notices.py. The wording is the agency's own: it is sent as it stands here.
"""

from __future__ import annotations

from datetime import date

from contracts.case_records import CaseDeadline
from contracts.subject_records import Agreement
from procedures.designation.clauses import EVALUATION_GROUP, SUPERVISOR
from procedures.designation.models import AgreementView, DesignationCase, EvaluationRecord

# (recipient, subject, body), as the kernel's deadline hooks return them.
Message = tuple[str, str, str]


def evaluation_filing(case: DesignationCase, record: EvaluationRecord) -> tuple[str, str]:
    """评估结果报同级医疗保障行政部门备案."""
    return (
        "定点评估结果备案",
        f"{case.agency.name}: {case.institution.name} "
        f"({case.institution.uscc}) 定点评估第{record.round}次, 平均分 "
        f"{record.average:g}, {'合格' if record.passed else '不合格'} (案件 {case.case_id}).",
    )


def public_notice_publication(
    case: DesignationCase, average: float, last_day: date
) -> tuple[str, str]:
    return (
        "定点评估结果公示",
        f"{case.institution.name} 定点评估合格 (平均分 {average:g}), 公示期至 "
        f"{last_day.isoformat()}; 举报请向 {case.agency.name} 提出.",
    )


def agreement_filing(case: DesignationCase, agreement: Agreement) -> tuple[str, str]:
    """二(三)4 签订医保协议并向同级医疗保障行政部门备案."""
    return (
        "医保协议备案",
        f"{case.agency.name} 与 {case.institution.name} "
        f"({case.institution.uscc}) 签订医保协议 {agreement.agreement_number}, "
        f"期限 {agreement.term_start.isoformat()} 至 {agreement.term_end.isoformat()}.",
    )


def settlement_opening(
    case: DesignationCase, agreement: AgreementView, opened_on: date
) -> tuple[str, str]:
    """二(三)5 开通相应的刷卡权限."""
    return (
        "开通医保刷卡权限",
        f"开通 {case.institution.name} ({case.institution.uscc}, "
        f"{case.institution.kind.label}) 的医保刷卡结算权限, 自 {opened_on.isoformat()} 起, 协议 "
        f"{agreement.agreement_number} 至 {agreement.term_end.isoformat()}.",
    )


def designation_publication(
    case: DesignationCase, agreement: AgreementView, opened_on: date
) -> tuple[str, str]:
    """二(三)5 向社会公告."""
    return (
        "定点医药机构公告",
        f"{case.institution.name} ({case.institution.address}) 确定为医保定点"
        f"{case.institution.kind.label}, 协议 {agreement.agreement_number} 至 "
        f"{agreement.term_end.isoformat()}, 自 {opened_on.isoformat()} 起开通医保刷卡结算.",
    )


def evaluation_reminder(
    case: DesignationCase, deadline: CaseDeadline, working_days_before: int
) -> Message:
    """The evaluation group is reminded before its 20 working days (二(三)3) run out."""
    return (
        EVALUATION_GROUP,
        f"定点评估期限提醒: {working_days_before} working day(s) left",
        f"Case {case.case_id}: the evaluation of {case.institution.name} is due "
        f"by {deadline.deadline.due_at.isoformat()} ({deadline.citation}).",
    )


def evaluation_overdue(case: DesignationCase, deadline: CaseDeadline) -> Message:
    """The supervisor learns that the evaluation's due date passed; the case keeps waiting."""
    return (
        SUPERVISOR,
        "定点评估逾期: evaluation deadline missed",
        f"Case {case.case_id} ({case.agency.code}): the evaluation of "
        f"{case.institution.name} was due by {deadline.deadline.due_at.isoformat()} "
        f"({deadline.citation}). The case keeps waiting for the evaluation.",
    )
