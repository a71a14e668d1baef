"""Written notices (书面告知) rendered from HTML templates and delivered through the outbox.

Rendering is a pure function of the request: no clock, no lookup, no locale. A retried activity
renders the very same bytes, and the outbox's create-once write makes the retry a no-op. This
module gives each template its values as plain text; Jinja2 escapes every one of them on its way
into the document (activities/document_templates.py), and the templates alone write the tags.

Templates live in activities/templates/: `_page.html` is the A4 page (styles, footer with the
case id and the citation), one `<template name>.html` per document extends it with its body, laid
out like the form of the regulation. Dates read YYYY年M月D日, times are shown in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date
from typing import assert_never

from pydantic import ValidationError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities import designation_documents as designation
from activities.document_templates import Values, render
from activities.document_text import addressing, cn_date, cn_datetime, number, period_end
from activities.outbox import Outbox
from contracts.activities import Delivery, ResultNotice
from contracts.agreement_documents import AGREEMENT_NOTICE_TITLES, AgreementNotice
from contracts.designation_documents import (
    DesignationAcceptance,
    DesignationAnnouncement,
    DesignationRefusal,
    EvaluationResultNotice,
    SupplementationNotice,
)
from contracts.documents import (
    ISSUE_DOCUMENT,
    AccountabilityFeedbackRecord,
    AccountabilityReferralProposal,
    AccountabilityReportReceipt,
    AccountabilityTransfer,
    DishonestFinding,
    DocumentRequest,
    MarketObjectionResult,
    MedicalObjectionFeedback,
    RepairConfirmation,
    RepairRefusal,
)

SUFFIX = ".html"

TITLES = {
    "medical_objection_feedback": "异议信息处理结果反馈单",
    "repair_refusal": "不予信用修复告知书",
    "repair_confirmation": "信用修复确认通知书",
    "market_objection_result": "信用评价异议复核结果告知书",
    "accountability_report_receipt": "行政败诉案件分析整改报告收件回执",
    "accountability_feedback_record": "行政败诉责任追究处理结果反馈记录",
    "accountability_referral_proposal": "行政败诉责任追究处理建议",
    "accountability_transfer": "行政败诉责任追究移送函",
    "designation_acceptance": "医疗保障定点申请受理通知书",
    "designation_refusal": "医疗保障定点申请不予受理（取消申请）通知书",
    "designation_supplementation": "医疗保障定点申请材料补正通知书",
    "designation_evaluation_result": "医疗保障定点评估结果告知书",
    "designation_announcement": "医疗保障定点评估结果公示（定点医药机构公告）",
}
MARKET_OUTCOME = {"upheld": "维持原评价等级", "corrected": "修正评价等级"}


def render_document(request: DocumentRequest) -> str:
    """The complete HTML document for `request`: the same request always gives the same text."""
    match request:
        case MedicalObjectionFeedback():
            values = _medical_objection_feedback(request)
        case RepairRefusal():
            values = _repair_refusal(request)
        case RepairConfirmation():
            values = _repair_confirmation(request)
        case MarketObjectionResult():
            values = _market_objection_result(request)
        case AccountabilityReportReceipt():
            values = _accountability_report_receipt(request)
        case AccountabilityFeedbackRecord():
            values = _accountability_feedback_record(request)
        case AccountabilityReferralProposal():
            values = _accountability_referral_proposal(request)
        case AccountabilityTransfer():
            values = _accountability_transfer(request)
        case DesignationAcceptance():
            values = designation.designation_acceptance(request)
        case DesignationRefusal():
            values = designation.designation_refusal(request)
        case SupplementationNotice():
            values = designation.designation_supplementation(request)
        case EvaluationResultNotice():
            values = designation.designation_evaluation_result(request)
        case DesignationAnnouncement():
            values = designation.designation_announcement(request)
        case AgreementNotice():
            values = _agreement_notice(request)
        case _:
            assert_never(request)
    # The page's own values (`_page.html`): the title, and the footer every document carries.
    # `case_id` is also the 编号 the documents show under their heading.
    page = {
        "title": _title(request),
        "case_id": request.case_id,
        "agency_code": request.agency_code,
        "key": request.key,
        "citation": request.citation,
    }
    return render(request.template, **values, **page)


def _title(request: DocumentRequest) -> str:
    # One template serves every notice of the agreement: which notice it is (its title) is its
    # `kind` (contracts/agreement_documents.py).
    if isinstance(request, AgreementNotice):
        return AGREEMENT_NOTICE_TITLES[request.kind]
    return TITLES[request.template]


class DocumentActivities:
    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox

    @activity.defn(name=ISSUE_DOCUMENT)
    async def issue_document(self, request: DocumentRequest) -> Delivery:
        """Render the notice and deliver it once as `<outbox>/<workflow id>/<step>.html`."""
        return self.deliver(request)

    def deliver(self, request: DocumentRequest) -> Delivery:
        path = self._outbox.deliver(request.key, SUFFIX, render_document(request))
        activity.logger.info(
            "document delivered",
            extra={"key": request.key, "template": request.template, "location": str(path)},
        )
        return Delivery(key=request.key, location=str(path))


# `ResultNotice` (the contract recorded in the market-objection histories) names neither the
# evaluating department nor its code: the notice is signed by the city bureau that issued
# 衢市监规〔2021〕2号/3号 until that contract carries the case's own agency.
# Cases started before the agency travelled with the notice are signed by the city bureau.
RESULT_NOTICE_AGENCY_NAME = "衢州市市场监督管理局"
RESULT_NOTICE_AGENCY_CODE = "QZ-SCJG"


def market_objection_result(notice: ResultNotice) -> MarketObjectionResult:
    """The document for a `ResultNotice` (issue_result_notice); it bears the day of the decision.

    Raises a non-retryable ApplicationError for a notice the document refuses: bad data, which a
    retry would only refuse again.
    """
    fields = {
        "key": notice.key,
        "case_id": notice.case_id,
        "agency_name": notice.agency_name or RESULT_NOTICE_AGENCY_NAME,
        "agency_code": notice.agency_code or RESULT_NOTICE_AGENCY_CODE,
        "issued_at": notice.decided_at,
        "subject_name": notice.enterprise_name,
        "subject_code": notice.enterprise_uscc,
        "citation": notice.regulation_citation,
        **notice.model_dump(
            include={
                "evaluation_id",
                "outcome",
                "original_grade",
                "final_grade",
                "corrected_score",
                "reason",
                "reviewer",
                "received_at",
                "decided_at",
                "late",
            }
        ),
    }
    try:
        return MarketObjectionResult.model_validate(fields)
    except ValidationError as error:
        raise ApplicationError(
            f"result notice {notice.key} cannot be rendered: {error}",
            type="InvalidDocumentRequest",
            non_retryable=True,
        ) from error


# --- the documents -------------------------------------------------------------------------------


def _medical_objection_feedback(doc: MedicalObjectionFeedback) -> Values:
    """附件2 异议信息处理结果反馈单: 四(三) 自收到异议申诉及证明材料之日起10个工作日内完成复查."""
    original = f"评分{number(doc.original_score)}分，信用等级：{doc.original_grade}"
    if doc.outcome == "corrected" and doc.corrected_score is not None:
        outcome = (
            f"经复查，原评价结果有误，予以更正：评分由{number(doc.original_score)}分更正为"
            f"{number(doc.corrected_score)}分，信用等级由{doc.original_grade}更正为"
            f"{doc.corrected_grade}。"
        )
    else:
        outcome = f"经复查，原评价结果无误，维持原评价结果（{original}）。"
    remarks = (
        "本次复查超过收到异议申诉及证明材料之日起10个工作日的规定期限完成。" if doc.late else "无"
    )
    return {
        **addressing(doc),
        "objection_received_on": cn_date(doc.objection_received_on),
        "result_id": doc.result_id,
        "original_score": number(doc.original_score),
        "original_grade": doc.original_grade,
        "objection_summary": doc.objection_summary,
        "outcome_sentence": outcome,
        "reasons": doc.reasons,
        "reviewer": doc.reviewer,
        "decided_at": cn_datetime(doc.decided_at),
        "remarks": remarks,
    }


def _repair_refusal(doc: RepairRefusal) -> Values:
    """附件4 不予信用修复告知书: 六(三) 不符合信用修复条件的不予修复, 并书面告知."""
    window = doc.objection_window
    return {
        **addressing(doc),
        **_finding(doc.application_received_on, doc.finding),
        "reasons": [f"{r.reason}（依据：{r.clause}）" for r in doc.reasons],
        "working_days": str(window.working_days),
        "objection_to": window.objection_to or doc.agency_name,
        "window_end": (
            period_end(window.last_day, window.due_at)
            if window.last_day is not None and window.due_at is not None
            else ""  # runs from a service not yet recorded: no last day to print
        ),
        # Each line of the handler's block is shown when it is known, the block when either is.
        "handler": doc.handler,
        "handler_phone": doc.handler_phone,
    }


def _repair_confirmation(doc: RepairConfirmation) -> Values:
    """附件5 信用修复确认通知书: 六(三) 公示期满无异议的, 按程序信用修复, 书面告知, 并停止公示
    其失信记录, 报送同级信用管理部门. (The form's own text is not in the published attachment;
    the sentences follow 六(三) and the layout of 附件4.)"""
    return {
        **addressing(doc),
        **_finding(doc.application_received_on, doc.finding),
        "notice_first_day": cn_date(doc.public_notice.first_day),
        "notice_last_day": cn_date(doc.public_notice.last_day),
        "effective_on": cn_date(doc.effective_on),
        "reported_to": doc.reported_to,
    }


def _market_objection_result(doc: MarketObjectionResult) -> Values:
    """复核结果书面告知: 四(三)1 收到异议复核申请之日起15个工作日内完成复核,
    并将复核结果书面告知企业."""
    return {
        **addressing(doc),
        "received_at": cn_datetime(doc.received_at),
        "evaluation_id": doc.evaluation_id,
        "original_grade": doc.original_grade,
        "outcome_text": MARKET_OUTCOME[doc.outcome],
        "final_grade": doc.final_grade,
        "corrected_score": None if doc.corrected_score is None else number(doc.corrected_score),
        "reason": doc.reason,
        "reviewer": doc.reviewer,
        "decided_at": cn_datetime(doc.decided_at),
        "late": doc.late,
    }


def _accountability_report_receipt(doc: AccountabilityReportReceipt) -> Values:
    """第十三条第一款: 自收到生效法律文书之日起2个月内向同级司法行政机关报送案件分析整改报告."""
    return {
        **addressing(doc),
        "lost_case_body": doc.lost_case_body,
        "lost_case_number": doc.lost_case_number,
        "receiving_body": doc.receiving_body,
        "received_at": cn_datetime(doc.received_at),
        "due_at": cn_datetime(doc.due_at),
        "causes": doc.causes,
        "rectification_measures": doc.rectification_measures,
        "accountability_proposals": doc.accountability_proposals,
        "late": doc.late,
    }


def _accountability_feedback_record(doc: AccountabilityFeedbackRecord) -> Values:
    """第十三条第三款: 处理决定作出后3个工作日内反馈同级司法行政机关, 并抄送同级纪检监察机关."""
    persons = [
        f"{p.person_id}：处分 {'、'.join(p.sanctions) or '无'}；"
        f"移送 {'、'.join(p.referrals) or '无'}"
        for p in doc.persons
    ]
    return {
        **addressing(doc),
        "receiving_body": doc.receiving_body,
        "summary": doc.summary,
        "agency_sanctions": "、".join(doc.agency_sanctions) or "无",
        "persons": persons or ["无"],
        # The day the decision was made, from which the period ran; on records of decisions
        # entered before that day was asked, the moment it was entered.
        "decided_at": cn_date(doc.decided_on) if doc.decided_on else cn_datetime(doc.decided_at),
        "received_at": cn_datetime(doc.received_at),
        "due_at": cn_datetime(doc.due_at),
        "copied_to": doc.copied_to,
        "late": doc.late,
    }


def _accountability_referral_proposal(doc: AccountabilityReferralProposal) -> Values:
    """第十三条第二款: 司法行政机关对需要进行败诉责任追究的, 及时审核并提出处理建议,
    提交任免机关或者纪检监察机关依照法定权限和程序处理."""
    return {
        **addressing(doc),
        "proposing_body": doc.proposing_body,
        "addressed_to": doc.addressed_to,
        "lost_case_body": doc.lost_case_body,
        "lost_case_number": doc.lost_case_number,
        "grounds": doc.grounds,
        "conclusion": doc.conclusion,
        "reason": doc.reason,
        "reviewer": doc.reviewer,
    }


def _accountability_transfer(doc: AccountabilityTransfer) -> Values:
    """第十四条: 需给予党纪政务处分的, 移送纪检监察机关处理;
    涉及组织处理的, 移送组织人事部门处理."""
    return {
        **addressing(doc),
        "transferring_body": doc.transferring_body,
        "transferred_to": doc.transferred_to,
        "route": doc.route,
        "person": f"{doc.person_name}（{doc.person_post}）" if doc.person_post else doc.person_name,
        "lost_case_body": doc.lost_case_body,
        "lost_case_number": doc.lost_case_number,
        "decided_on": cn_date(doc.decided_on),
        "reason": doc.reason,
    }


def _agreement_notice(doc: AgreementNotice) -> Values:
    """The agreement's notices (衢医保发〔2023〕8号 五(三)–(六), 附件1 一): the case words the
    paragraphs (measures, amounts, dates) and names the clauses; the notice shows them as given."""
    shown = addressing(doc)
    return {
        # The addressee line names the institution; its code stays in the request's record.
        "subject_name": shown["subject_name"],
        "agency_name": shown["agency_name"],
        "issued_on": shown["issued_on"],
        "paragraphs": doc.paragraphs,
        "clauses": doc.clauses,
    }


def _finding(received_on: date, finding: DishonestFinding) -> dict[str, str]:
    return {
        "application_received_on": cn_date(received_on),
        "indicator": finding.indicator,
        "finding_id": finding.finding_id,
        "found_on": cn_date(finding.found_on),
    }
