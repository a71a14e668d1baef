"""The written notices of the designation procedure (医保定点), rendered like every notice of
activities/documents.py: a template of activities/templates/ filled with escaped values
(activities/document_text.py).

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

from activities.document_text import (
    Html,
    addressing,
    cn_date,
    escape,
    fill,
    items,
    number,
    period_end,
)
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


def designation_acceptance(doc: DesignationAcceptance) -> Html:
    """定点申请受理通知书: 二(三)2 材料齐全符合的予以受理; 二(三)3 评估时间不超过20个工作日."""
    return fill(
        "designation_acceptance",
        heading=f"{_kind(doc.institution_kind)}医疗保障定点申请受理通知书",
        case_id=doc.case_id,
        **addressing(doc),
        kind=_kind(doc.institution_kind),
        application_received_on=cn_date(doc.application_received_on),
        batch_day=cn_date(doc.batch_day),
        accepted_on=cn_date(doc.accepted_on),
        working_days=str(doc.evaluation.working_days),
        evaluation_end=_end(doc.evaluation),
    )


def designation_refusal(doc: DesignationRefusal) -> Html:
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
    restriction = (
        Html("")
        if doc.restriction_until is None
        else Html(
            f'<p class="para">你单位在{escape(cn_date(doc.restriction_until))}（含）前'
            "不得再次提出医疗保障定点申请。</p>\n"
        )
    )
    return fill(
        "designation_refusal",
        heading=REFUSAL_HEADING[doc.decision],
        case_id=doc.case_id,
        **addressing(doc),
        kind=kind,
        application_received_on=cn_date(doc.application_received_on),
        decision_sentence=sentence,
        reasons=_clause_items(doc.reasons),
        restriction=restriction,
    )


def designation_supplementation(doc: SupplementationNotice) -> Html:
    """材料补正通知书: 二(三)2 材料不齐或不符合条件的, 应一次性告知; 自收到材料补正通知之日起
    5个工作日内补正. During the evaluation (二(三)3) the supplementation time is not counted."""
    received = cn_date(doc.application_received_on)
    kind = _kind(doc.institution_kind)
    if doc.phase == "evaluation":
        opening = (
            f"你单位于{received}提交的{kind}医疗保障定点申请已予受理。在综合评估中，"
            "发现申请材料需补充完善。"
        )
        note = "补充材料的时间不计入评估期限。"
    else:
        opening = (
            f"你单位于{received}提交的{kind}医疗保障定点申请材料收悉。经受理审查，"
            "申请材料不齐全或不符合条件。"
        )
        note = ""
    return fill(
        "designation_supplementation",
        case_id=doc.case_id,
        **addressing(doc),
        opening=opening,
        missing=_clause_items(doc.missing),
        working_days=str(doc.window.working_days),
        window_end=_end(doc.window),
        phase_note=note,
        consequence=doc.consequence,
    )


def designation_evaluation_result(doc: EvaluationResultNotice) -> Html:
    """评估结果告知书: 二(三)3 85分(含)以上为合格, 向社会公示; 85分以下为不合格, 告知其理由,
    提出整改建议; 送达之日起整改3个月后可再次组织评估, 仍不合格的1年内不得再次申请."""
    vetoes = Html(
        "".join(
            f'<li class="value">未达标：{escape(v.text)}（依据：{escape(v.clause)}）</li>\n'
            for v in doc.vetoes
        )
    )
    return fill(
        "designation_evaluation_result",
        case_id=doc.case_id,
        **addressing(doc),
        kind=_kind(doc.institution_kind),
        round_text=ROUND.get(doc.evaluation_round, f"第{doc.evaluation_round}次评估"),
        evaluators="；".join(f"{e.evaluator_id} {number(e.total)}分" for e in doc.evaluators),
        average=number(doc.average),
        pass_mark=number(doc.pass_mark),
        veto_summary=f"{len(doc.vetoes)}项未达标" if doc.vetoes else "均达标",
        vetoes=vetoes,
        verdict="合格" if doc.passed else "不合格",
        outcome=_passed(doc) if doc.passed else _failed(doc),
    )


def designation_announcement(doc: DesignationAnnouncement) -> Html:
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
        closing = _notice_closing(doc)
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
        closing = Html(
            '<p class="para">自开通刷卡之日起，参保人员可按规定在该机构持医保卡（医保电子凭证）'
            "就医购药并进行医保结算。</p>\n"
            '<p class="para">特此公告。</p>\n'
        )
    if doc.kind == "designation" and doc.public_notice is not None:
        notice = doc.public_notice
        rows.append(("公示期", f"{notice.working_days}个工作日，截至{_end(notice)}（已期满）"))
    table_rows = Html(
        "".join(
            f'<tr>\n<th scope="row">{escape(label)}</th>\n<td><p>{escape(value)}</p></td>\n</tr>\n'
            for label, value in rows
        )
    )
    return fill(
        "designation_announcement",
        heading=heading,
        case_id=doc.case_id,
        opening=opening,
        subject_name=doc.subject_name,
        subject_code=doc.subject_code,
        kind=kind,
        address=doc.address,
        rows=table_rows,
        closing=closing,
        agency_name=doc.agency_name,
        issued_on=addressing(doc)["issued_on"],
    )


# --- parts ---------------------------------------------------------------------------------------


def _passed(doc: EvaluationResultNotice) -> Html:
    notice = doc.public_notice
    period = (
        "" if notice is None else f"公示期为{notice.working_days}个工作日（截至{_end(notice)}），"
    )
    return Html(
        f'<p class="para">评估分数{escape(number(doc.average))}分，评估结果为合格。'
        f"我机构将向社会公示，{escape(period)}公示期满无异议的，列入拟签订服务协议名单。</p>\n"
    )


def _failed(doc: EvaluationResultNotice) -> Html:
    parts = [
        '<p class="para">评估结果为不合格，理由如下：</p>\n',
        f'<ol class="reasons">\n{_clause_items(doc.reasons)}\n</ol>\n',
    ]
    if doc.rectification_advice:
        parts += [
            '<p class="para">整改建议：</p>\n',
            f'<ol class="reasons">\n{items(doc.rectification_advice)}\n</ol>\n',
        ]
    if doc.reevaluation_possible_from is not None:
        parts.append(
            '<p class="para">请你单位认真整改。自本告知书送达之日起整改3个月后，即自'
            f"{escape(cn_date(doc.reevaluation_possible_from))}起，可申请再次组织评估；"
            "再次评估仍不合格的，1年内不得再次申请定点。</p>\n"
        )
    if doc.no_application_until is not None:
        parts.append(
            '<p class="para">本次评估仍不合格。根据规定，你单位1年内不得再次申请定点，即'
            f"{escape(cn_date(doc.no_application_until))}（含）前不得再次提出医疗保障定点申请。"
            "</p>\n"
        )
    return Html("".join(parts))


def _notice_closing(doc: DesignationAnnouncement) -> Html:
    notice = doc.public_notice
    period = (
        "" if notice is None else f"公示期为{notice.working_days}个工作日，截至{_end(notice)}。"
    )
    report_to = doc.report_to or doc.agency_name
    return Html(
        f'<p class="para">{escape(period)}公示期间，任何单位和个人对公示对象有异议的，可向'
        f"{escape(report_to)}实名举报或反映情况。公示期间无人举报或举报经查不属实的，"
        "报党组会审议通过后，确定为定点医药机构。</p>\n"
        '<p class="para">特此公示。</p>\n'
    )


def _term(doc: DesignationAnnouncement) -> str:
    return f"{_day(doc.agreement_term_start)}至{_day(doc.agreement_term_end)}"


def _clause_items(clauses: list[ClauseItem]) -> Html:
    return items(f"{item.text}（依据：{item.clause}）" for item in clauses)


def _kind(kind: InstitutionKind) -> str:
    return KIND[kind]


def _end(period: Period) -> str:
    return period_end(period.last_day, period.due_at)


def _day(day: date | None) -> str:
    # The announcement's validator guarantees the days of a `designation` kind.
    return "" if day is None else cn_date(day)
