"""The written notices of the designation procedure (医保定点), rendered like every notice of
activities/documents.py: each function gives the values (plain text) its template of
activities/templates/ is rendered with (activities/document_templates.py).

衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号 二(三):

- 2 受理申请: 材料齐全符合的予以受理 (`designation_acceptance`); 材料不齐或不符合条件的, 应一次性
  告知, 自收到材料补正通知之日起5个工作日内补正, 逾期不补正的视作放弃申请, 须3个月后方可再次申请
  (`designation_supplementation`); 有不予受理情形的不予受理, 提供虚假材料的取消本次申请
  (`designation_refusal`).
- 3 综合评估及结果公示: 评估时间不超过20个工作日 (机构补充材料时间不计入); 85分(含)以上为合格,
  向社会公示; 85分以下为不合格, 告知其理由, 提出整改建议, 自结果告知送达之日起整改3个月后可再次
  组织评估, 仍不合格的1年内不得再次申请 (`designation_evaluation_result`, and the 公示 of
  `designation_announcement`).
- 4/5 签订协议, 开通刷卡及公告 (`designation_announcement` of kind `designation`).

Every value shown is a field of the request; the renderer does no date arithmetic.
"""

from __future__ import annotations

from datetime import date

from activities.document_templates import Values
from activities.document_text import addressing, cn_date, number, period_end
from contracts.designation_documents import (
    ClauseItem,
    DesignationAcceptance,
    DesignationAnnouncement,
    DesignationRefusal,
    EvaluationResultNotice,
    InstitutionKind,
    Period,
    SupplementationNotice,
)

REGULATION = "《衢州市医药机构医疗保障定点管理暂行办法（试行）》"
KIND = {"medical_institution": "医疗机构", "pharmacy": "零售药店"}
REFUSAL_HEADING = {
    "not_accepted": "医疗保障定点申请不予受理通知书",
    "cancelled": "取消医疗保障定点申请通知书",
}
ROUND = {1: "首次评估", 2: "整改后再次评估"}


def designation_acceptance(doc: DesignationAcceptance) -> Values:
    """定点申请受理通知书: 二(三)2 材料齐全符合的予以受理; 二(三)3 评估时间不超过20个工作日."""
    return {
        "heading": f"{_kind(doc.institution_kind)}医疗保障定点申请受理通知书",
        **addressing(doc),
        "kind": _kind(doc.institution_kind),
        "application_received_on": cn_date(doc.application_received_on),
        "batch_day": cn_date(doc.batch_day),
        "accepted_on": cn_date(doc.accepted_on),
        "working_days": str(doc.evaluation.working_days),
        "evaluation_end": _end(doc.evaluation),
    }


def designation_refusal(doc: DesignationRefusal) -> Values:
    """不予受理通知书 (二(三)2 不予受理定点申请的情形), or 取消申请通知书 (提供虚假材料的,
    一经核实, 取消本次申请)."""
    kind = _kind(doc.institution_kind)
    if doc.decision == "cancelled":
        sentence = (
            f"经核实，存在提供虚假材料的情形。根据{REGULATION}“对提供虚假材料的{kind}，"
            "一经核实，取消本次申请”的规定，决定取消你单位本次定点申请。具体情形如下："
        )
    else:
        sentence = (
            f"经审查，存在下列不予受理定点申请的情形。根据{REGULATION}规定，"
            "决定不予受理。具体情形如下："
        )
    return {
        "heading": REFUSAL_HEADING[doc.decision],
        **addressing(doc),
        "kind": kind,
        "application_received_on": cn_date(doc.application_received_on),
        "decision_sentence": sentence,
        "reasons": _clauses(doc.reasons),
        "restriction_until": _day_if_any(doc.restriction_until),
    }


def designation_supplementation(doc: SupplementationNotice) -> Values:
    """材料补正通知书: 二(三)2 材料不齐或不符合条件的, 应一次性告知; 自收到材料补正通知之日起
    5个工作日内补正, 逾期不补正的视作放弃申请. During the evaluation (二(三)3) neither: 机构补充材料
    时间不计入评估期限, and the notice says the evaluation's period stops while the institution
    holds the request (`consequence` carries the days used and left, evaluation_pause.py)."""
    received = cn_date(doc.application_received_on)
    kind = _kind(doc.institution_kind)
    if doc.phase == "evaluation":
        opening = (
            f"你单位于{received}提交的{kind}医疗保障定点申请已予受理。在综合评估中，"
            "评估小组需你单位补充下列材料。"
        )
    else:
        opening = (
            f"你单位于{received}提交的{kind}医疗保障定点申请材料收悉。经受理审查，"
            "申请材料不齐全或不符合条件。"
        )
    # The template words them by phase: the 5-working-day window and what its lapse means
    # (acceptance), or the evaluation's 20 working days as they stood and the pause (evaluation).
    return {
        **addressing(doc),
        "phase": doc.phase,
        "opening": opening,
        "missing": _clauses(doc.missing),
        "working_days": str(doc.window.working_days),
        "period_end": _end(doc.window),
        "consequence": doc.consequence,
    }


def designation_evaluation_result(doc: EvaluationResultNotice) -> Values:
    """评估结果告知书: 二(三)3 85分(含)以上为合格, 向社会公示; 85分以下为不合格, 告知其理由,
    提出整改建议; 送达之日起整改3个月后可再次组织评估, 仍不合格的1年内不得再次申请."""
    notice = doc.public_notice
    period = (
        "" if notice is None else f"公示期为{notice.working_days}个工作日（截至{_end(notice)}），"
    )
    return {
        **addressing(doc),
        "kind": _kind(doc.institution_kind),
        "round_text": ROUND.get(doc.evaluation_round, f"第{doc.evaluation_round}次评估"),
        "evaluators": "；".join(f"{e.evaluator_id} {number(e.total)}分" for e in doc.evaluators),
        "average": number(doc.average),
        "pass_mark": number(doc.pass_mark),
        "veto_summary": f"{len(doc.vetoes)}项未达标" if doc.vetoes else "均达标",
        "vetoes": _clauses(doc.vetoes),
        "verdict": "合格" if doc.passed else "不合格",
        # The template says the one or the other: 合格 with the 公示 to come, 不合格 with its
        # reasons, the advice and the days from which the institution may apply again.
        "passed": doc.passed,
        "notice_period": period,
        "reasons": _clauses(doc.reasons),
        "rectification_advice": doc.rectification_advice,
        "reevaluation_possible_from": _day_if_any(doc.reevaluation_possible_from),
        "no_application_until": _day_if_any(doc.no_application_until),
    }


def designation_announcement(doc: DesignationAnnouncement) -> Values:
    """评估结果公示 (二(三)3 合格的向社会公示), or 定点医药机构公告 (二(三)4 签订协议, 二(三)5
    开通刷卡权限并向社会公告)."""
    kind = _kind(doc.institution_kind)
    rows: list[tuple[str, str]] = []
    if doc.average is not None:
        rows.append(("评估得分", f"{number(doc.average)}分"))
    if doc.kind == "public_notice":
        heading = f"{kind}医疗保障定点评估结果公示"
        opening = (
            f"根据{REGULATION}规定，经综合评估，下列{kind}评估合格（85分（含）以上），"
            "拟列入签订医保服务协议名单，现予以公示。"
        )
    else:
        heading = f"医疗保障定点{kind}公告"
        opening = (
            f"根据{REGULATION}规定，经综合评估、结果公示及党组会审议，下列{kind}确定为"
            f"医疗保障定点{kind}，已签订医保服务协议并开通医保刷卡结算，现予以公告。"
        )
        rows += [
            ("医保协议编号", doc.agreement_number or ""),
            ("协议期限", _term(doc)),
            ("开通刷卡日期", _day(doc.settlement_opened_on)),
        ]
    notice = doc.public_notice
    if doc.kind == "designation" and notice is not None:
        rows.append(("公示期", f"{notice.working_days}个工作日，截至{_end(notice)}（已期满）"))
    period = (
        "" if notice is None else f"公示期为{notice.working_days}个工作日，截至{_end(notice)}。"
    )
    return {
        "heading": heading,
        "opening": opening,
        **addressing(doc),
        "kind": kind,
        "address": doc.address,
        "rows": rows,
        # The closing paragraphs: a 公示 invites objections (to `report_to`) within its period,
        # a 公告 tells the insured they may settle there.
        "announcement": doc.kind,
        "notice_period": period,
        "report_to": doc.report_to or doc.agency_name,
    }


# --- parts ---------------------------------------------------------------------------------------


def _term(doc: DesignationAnnouncement) -> str:
    return f"{_day(doc.agreement_term_start)}至{_day(doc.agreement_term_end)}"


def _clauses(clauses: list[ClauseItem]) -> list[str]:
    return [f"{item.text}（依据：{item.clause}）" for item in clauses]


def _kind(kind: InstitutionKind) -> str:
    return KIND[kind]


def _end(period: Period) -> str:
    """The period's end as printed; "" while it runs from a service not yet recorded."""
    if period.last_day is None or period.due_at is None:
        return ""
    return period_end(period.last_day, period.due_at)


def _day(day: date | None) -> str:
    # The announcement's validator guarantees the days of a `designation` kind.
    return "" if day is None else cn_date(day)


def _day_if_any(day: date | None) -> str | None:
    """A day the notice names only when there is one (the template leaves its sentence out)."""
    return None if day is None else cn_date(day)
