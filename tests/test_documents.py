"""Written notices: rendered from the templates, escaped, delivered once per case and step."""

from __future__ import annotations

import html
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.deliveries import DeliveryActivities
from activities.document_templates import render
from activities.document_text import number
from activities.documents import DocumentActivities, render_document
from activities.outbox import Outbox
from activities.registry import build_activities
from contracts.activities import ResultNotice
from contracts.documents import (
    AccountabilityFeedbackRecord,
    AccountabilityReferralProposal,
    AccountabilityReportReceipt,
    AccountabilityTransfer,
    DocumentRequest,
    MarketObjectionResult,
    MedicalObjectionFeedback,
    RepairConfirmation,
    RepairRefusal,
)
from periods import default_calendar

CST = timezone(timedelta(hours=8))
HOSTILE_NAME = '衢州<script>alert("x")</script>大药房 & Co'
ESCAPED_NAME = html.escape(HOSTILE_NAME, quote=True)
REQUESTS = TypeAdapter(DocumentRequest)
# A free-text value that would be markup (a tag, an attribute, quotes, an entity) if not escaped.
HOSTILE = "<b onclick='x'>\"&</b>"


def common(step: str) -> dict[str, Any]:
    return {
        "key": f"medical-MED-2026-0042/{step}",
        "case_id": "MED-2026-0042",
        "agency_name": "衢州市医疗保障局",
        "agency_code": "QZ-YBJ",
        # 2026-06-03 01:00 UTC is 09:00 in Shanghai: the notice bears 3 June.
        "issued_at": datetime(2026, 6, 3, 1, 0, tzinfo=UTC),
        "subject_name": HOSTILE_NAME,
        "subject_code": "91330800MA28F3AB2M",
    }


def medical_feedback(**changes: Any) -> dict[str, Any]:
    return (
        common("objection-feedback")
        | dict(
            template="medical_objection_feedback",
            citation="衢医保发〔2021〕36号 四(三)",
            objection_received_on=date(2026, 5, 20),
            result_id="YBXY-2026-0815",
            objection_summary="2026年4月的两次违规结算\n已于当月全额退回, 不应扣分。",
            outcome="corrected",
            original_score=742.5,
            original_grade="较差",
            corrected_score=802.5,
            corrected_grade="良好",
            reasons=["两次结算已全额退回, 撤销扣分60分。", "其余指标复核无误。"],
            reviewer="基金监管科 李娜",
            decided_at=datetime(2026, 6, 2, 7, 30, tzinfo=UTC),  # 15:30 in Shanghai
            late=False,
        )
        | changes
    )


def dishonest_finding(**changes: Any) -> dict[str, Any]:
    """The dishonesty record both repair notices are about."""
    return {
        "finding_id": "SX-2026-0107",
        "indicator": "违规结算医保费用",
        "found_on": date(2026, 1, 8),
    } | changes


def repair_refusal(**changes: Any) -> dict[str, Any]:
    return (
        common("repair-refusal")
        | dict(
            template="repair_refusal",
            citation="衢医保发〔2021〕36号 六(二)、六(三)",
            application_received_on=date(2026, 5, 25),
            finding=dishonest_finding(),
            reasons=[
                {"reason": "被认定为不良失信行为之日起未满6个月", "clause": "六(二)1"},
                {"reason": "失信记录因虚假承诺导致", "clause": "六(二)3"},
            ],
            objection_window={
                "last_day": date(2026, 6, 10),
                "due_at": datetime(2026, 6, 11, 0, 0, tzinfo=CST),
            },
            handler="信用管理科 张伟",
            handler_phone="0570-3081234",
        )
        | changes
    )


def repair_confirmation(**changes: Any) -> dict[str, Any]:
    return (
        common("repair-confirmation")
        | dict(
            template="repair_confirmation",
            citation="衢医保发〔2021〕36号 六(三)",
            application_received_on=date(2026, 8, 3),
            finding=dishonest_finding(),
            public_notice={"first_day": date(2026, 8, 10), "last_day": date(2026, 8, 14)},
            effective_on=date(2026, 8, 17),
        )
        | changes
    )


def market_result(**changes: Any) -> dict[str, Any]:
    return (
        common("result-notice")
        | dict(
            key="market-objection-MO-2026-0001/result-notice",
            case_id="MO-2026-0001",
            agency_name="衢州市市场监督管理局",
            agency_code="QZ-SCJG",
            template="market_objection_result",
            citation="衢市监规〔2021〕3号 四(三)1",
            evaluation_id="JYJC-2026-0137",
            outcome="corrected",
            original_grade="C",
            final_grade="B",
            corrected_score=752.5,
            reason="两件投诉举报均未被查实, 撤销扣分10分。",
            reviewer="信用监管科 王敏",
            received_at=datetime(2026, 11, 20, 2, 30, tzinfo=UTC),  # 10:30 in Shanghai
            decided_at=datetime(2026, 12, 14, 1, 3, tzinfo=UTC),  # 09:03 in Shanghai
            late=True,
        )
        | changes
    )


def request(fields: dict[str, Any]) -> DocumentRequest:
    return REQUESTS.validate_python(fields)


def assert_shown_as_text(page: str) -> None:
    """HOSTILE is in `page` escaped, and no part of it became markup."""
    assert "<b onclick" not in page and "</b>" not in page and "onclick='" not in page
    assert html.escape(HOSTILE, quote=True) in page


# What each document must say, beyond what every document says.
EXPECTED = {
    "medical_objection_feedback": (
        medical_feedback,
        [
            "<title>异议信息处理结果反馈单</title>",
            '<th scope="row">申请单位（人）</th>',
            "我局于2026年5月20日收到你（单位）",
            "编号：YBXY-2026-0815，评分742.5分，信用等级：较差",
            "2026年4月的两次违规结算\n已于当月全额退回, 不应扣分。",
            "评分由742.5分更正为802.5分，信用等级由较差更正为良好。",
            '<li class="value">两次结算已全额退回, 撤销扣分60分。</li>',
            '<li class="value">其余指标复核无误。</li>',
            "复查人：基金监管科 李娜",
            "复查完成时间：2026年6月2日 15:30",
            "<p>衢州市医疗保障局</p>\n<p>2026年6月3日</p>\n<p>（盖章）</p>",
        ],
    ),
    "repair_refusal": (
        repair_refusal,
        [
            "<title>不予信用修复告知书</title>",
            "编号：MED-2026-0042",
            f"{ESCAPED_NAME}（统一社会信用代码（身份证号）：91330800MA28F3AB2M）：",
            "我局于2026年5月25日收到你（单位）提出的信用修复申请",
            "违规结算医保费用（失信记录编号：SX-2026-0107，认定日期：2026年1月8日）",
            "决定不予信用修复",
            "被认定为不良失信行为之日起未满6个月（依据：六(二)1）",
            "失信记录因虚假承诺导致（依据：六(二)3）",
            "可以自收到本告知书之日起5个工作日内，向衢州市医疗保障局提出异议申请"
            "（期限截至2026年6月10日24时）",
            "<p>衢州市医疗保障局（公章）</p>\n<p>2026年6月3日</p>",
            "经办人：信用管理科 张伟",
            "经办人电话：0570-3081234",
        ],
    ),
    "repair_confirmation": (
        repair_confirmation,
        [
            "<title>信用修复确认通知书</title>",
            "编号：MED-2026-0042",
            "我局于2026年8月3日收到你（单位）提出的信用修复申请",
            "违规结算医保费用（失信记录编号：SX-2026-0107，认定日期：2026年1月8日）",
            "已于2026年8月10日至2026年8月14日在官方网站进行公示。公示期满无异议，决定予以信用修复。",
            "自2026年8月17日起，停止公示你（单位）的上述失信记录，并将本次信用修复报送同级信用管理部门。",
            "<p>衢州市医疗保障局（公章）</p>\n<p>2026年6月3日</p>",
        ],
    ),
    "market_objection_result": (
        market_result,
        [
            "<title>信用评价异议复核结果告知书</title>",
            "编号：MO-2026-0001",
            "你单位于2026年11月20日 10:30提出的对信用评价结果（评价编号：JYJC-2026-0137，"
            "原评价等级：C）的异议复核申请",
            "经复核，决定修正评价等级。",
            "<li>最终评价等级：B</li>",
            "<li>修正后得分：752.5分</li>",
            "两件投诉举报均未被查实, 撤销扣分10分。",
            "复核人：信用监管科 王敏",
            "复核完成时间：2026年12月14日 09:03",
            "说明：本复核超过15个工作日的法定期限完成。",
            "<p>衢州市市场监督管理局（公章）</p>\n<p>2026年12月14日</p>",
        ],
    ),
}
TEMPLATES = sorted(EXPECTED)


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_document_renders_its_values_on_a_printable_page(template: str) -> None:
    build, fragments = EXPECTED[template]
    fields = build()
    if template == "market_objection_result":
        fields["issued_at"] = fields["decided_at"]
    doc = request(fields)
    page = render_document(doc)

    assert page.startswith('<!doctype html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert "@page { size: A4 portrait;" in page
    # The subject's name is shown, escaped: never as markup.
    assert ESCAPED_NAME in page
    assert "<script>" not in page and 'alert("x")' not in page
    # The footer carries the case id, the agency code and the citation.
    assert f"案件编号：{doc.case_id}　机关代码：{doc.agency_code}　文书标识：{doc.key}" in page
    assert f"<p>依据：{doc.citation}</p>" in page
    assert doc.agency_name in page
    for fragment in fragments:
        assert fragment in page, fragment


def test_an_upheld_feedback_keeps_the_result_and_a_late_one_says_so() -> None:
    upheld = render_document(
        request(
            medical_feedback(
                outcome="upheld", corrected_score=None, corrected_grade=None, late=True
            )
        )
    )
    assert "经复查，原评价结果无误，维持原评价结果（评分742.5分，信用等级：较差）。" in upheld
    assert "更正为" not in upheld
    assert "本次复查超过收到异议申诉及证明材料之日起10个工作日的规定期限完成。" in upheld


def test_an_upheld_market_result_has_no_corrected_score_nor_late_note() -> None:
    page = render_document(
        request(market_result(outcome="upheld", final_grade="C", corrected_score=None, late=False))
    )
    assert "经复核，决定维持原评价等级。" in page and "<li>最终评价等级：C</li>" in page
    assert "修正后得分" not in page and "说明：" not in page


def test_a_window_not_ending_at_midnight_shows_its_instant_and_handler_lines_are_optional() -> None:
    page = render_document(
        request(
            repair_refusal(
                objection_window={
                    "working_days": 5,
                    "last_day": date(2026, 6, 10),
                    "due_at": datetime(2026, 6, 10, 9, 0, tzinfo=UTC),
                    "objection_to": "衢州市医疗保障局信用管理科",
                },
                handler=None,
                handler_phone=None,
            )
        )
    )
    assert "向衢州市医疗保障局信用管理科提出异议申请" in page
    assert "（期限截至2026年6月10日（截止时间：2026年6月10日 17:00））" in page
    assert "经办人" not in page


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_free_text_value_is_escaped(template: str) -> None:
    fields = EXPECTED[template][0]()
    texts = ["agency_name", "agency_code", "case_id", "subject_name", "subject_code", "citation"]
    texts += {
        "medical_objection_feedback": ["result_id", "objection_summary", "reviewer"],
        "repair_refusal": ["handler", "handler_phone"],
        "repair_confirmation": ["reported_to"],
        "market_objection_result": ["evaluation_id", "reason", "reviewer"],
    }[template]
    fields.update(dict.fromkeys(texts, HOSTILE))
    if template == "medical_objection_feedback":
        fields["reasons"] = [HOSTILE]
    if template in ("repair_refusal", "repair_confirmation"):
        fields["finding"] = dishonest_finding(finding_id=HOSTILE, indicator=HOSTILE)
    if template == "repair_refusal":
        fields["reasons"] = [{"reason": HOSTILE, "clause": HOSTILE}]
        fields["objection_window"]["objection_to"] = HOSTILE

    page = render_document(request(fields))

    assert_shown_as_text(page)


def test_rendering_is_a_pure_function_of_the_request() -> None:
    for template in TEMPLATES:
        fields = EXPECTED[template][0]()
        assert render_document(request(fields)) == render_document(request(fields))


async def test_issuing_twice_with_the_same_key_delivers_once(tmp_path: Path) -> None:
    activities = DocumentActivities(Outbox(tmp_path))
    env = ActivityEnvironment()
    refusal = request(repair_refusal())

    first = await env.run(activities.issue_document, refusal)
    path = Path(first.location)
    assert path == tmp_path / "medical-MED-2026-0042" / "repair-refusal.html"
    assert first.key == refusal.key
    written = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    assert written.decode("utf-8") == render_document(refusal)

    # A retry (same key, same request) is a no-op; so is a changed request under the same key:
    # the notice the subject received stands.
    again = await env.run(activities.issue_document, refusal)
    changed = request(repair_refusal(handler="someone else"))
    third = await env.run(activities.issue_document, changed)
    assert again == first == third
    assert path.read_bytes() == written and path.stat().st_mtime_ns == stamp
    assert [p.name for p in path.parent.iterdir()] == ["repair-refusal.html"]


async def test_each_step_gets_its_own_file(tmp_path: Path) -> None:
    activities = DocumentActivities(Outbox(tmp_path))
    env = ActivityEnvironment()
    for template in TEMPLATES:
        await env.run(activities.issue_document, request(EXPECTED[template][0]()))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == [
        "market-objection-MO-2026-0001/result-notice.html",
        "medical-MED-2026-0042/objection-feedback.html",
        "medical-MED-2026-0042/repair-confirmation.html",
        "medical-MED-2026-0042/repair-refusal.html",
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_worker_decodes_each_request_to_its_own_model(template: str) -> None:
    # The SDK reads the parameter's type hint without its Annotated metadata, as here.
    hint = typing.get_type_hints(DocumentActivities.issue_document)["request"]
    sent = request(EXPECTED[template][0]())
    converter = pydantic_data_converter.payload_converter
    [received] = converter.from_payloads(converter.to_payloads([sent]), [hint])
    assert type(received) is type(sent) and received == sent


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        request(repair_refusal(template="repair_approval"))
    with pytest.raises(ValidationError, match="Unable to extract tag"):
        request({k: v for k, v in repair_refusal().items() if k != "template"})


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (repair_refusal, "issued_at"),
        (medical_feedback, "decided_at"),
        (market_result, "received_at"),
    ],
)
def test_a_naive_datetime_is_refused(build: Any, field: str) -> None:
    with pytest.raises(ValidationError, match="timezone info"):
        request(build(**{field: datetime(2026, 6, 3, 9, 0)}))


def test_a_naive_window_end_is_refused() -> None:
    window = {"last_day": date(2026, 6, 10), "due_at": datetime(2026, 6, 11)}
    with pytest.raises(ValidationError, match="timezone info"):
        request(repair_refusal(objection_window=window))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (repair_refusal(key="no-step"), "key"),
        (repair_refusal(key="wf/step with space"), "key"),
        (repair_refusal(reasons=[]), "at least 1 item"),
        (repair_refusal(subject_name="  "), "subject_name"),
        (repair_refusal(surprise="field"), "Extra inputs"),
        (medical_feedback(corrected_score=None), "needs corrected_score and corrected_grade"),
        (
            medical_feedback(outcome="upheld", corrected_grade=None),
            "carries no corrected_score",
        ),
        (medical_feedback(original_grade="A"), "original_grade"),
        (market_result(outcome="upheld"), "keeps the original grade"),
        (market_result(final_grade="C"), "must change the grade"),
        (
            repair_confirmation(effective_on=date(2026, 8, 14)),
            "only after the public notice period ends",
        ),
        (
            repair_confirmation(
                public_notice={"first_day": date(2026, 8, 14), "last_day": date(2026, 8, 10)}
            ),
            "ends before it starts",
        ),
    ],
)
def test_inconsistent_requests_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        request(fields)


def test_models_are_the_union_members() -> None:
    assert isinstance(request(medical_feedback()), MedicalObjectionFeedback)
    assert isinstance(request(repair_refusal()), RepairRefusal)
    assert isinstance(request(repair_confirmation()), RepairConfirmation)
    assert isinstance(request(market_result()), MarketObjectionResult)


def result_notice(**changes: Any) -> ResultNotice:
    fields: dict[str, Any] = {
        "key": "market-objection-MO-2026-0001/result-notice",
        "workflow_id": "market-objection-MO-2026-0001",
        "case_id": "MO-2026-0001",
        "enterprise_name": "衢州市衢江检测技术有限公司",
        "enterprise_uscc": "91330800MA28F3AB2M",
        "evaluation_id": "JYJC-2026-0137",
        "regulation_citation": "衢市监规〔2021〕3号 四(三)1",
        "outcome": "corrected",
        "original_grade": "C",
        "final_grade": "B",
        "corrected_score": 752.5,
        "reason": "两件投诉举报均未被查实。",
        "reviewer": "王敏",
        "received_at": datetime(2026, 11, 20, 10, 30, tzinfo=CST),
        "decided_at": datetime(2026, 11, 22, 9, 3, tzinfo=CST),
        "late": False,
    }
    return ResultNotice(**{**fields, **changes})


async def test_the_result_notice_activity_writes_the_html_document(tmp_path: Path) -> None:
    deliveries = DeliveryActivities(Outbox(tmp_path))
    delivery = await ActivityEnvironment().run(deliveries.issue_result_notice, result_notice())
    path = Path(delivery.location)
    assert path == tmp_path / "market-objection-MO-2026-0001" / "result-notice.html"
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<li>最终评价等级：B</li>" in page and "<li>修正后得分：752.5分</li>" in page
    assert "衢州市衢江检测技术有限公司（统一社会信用代码：91330800MA28F3AB2M）" in page
    assert "<p>衢州市市场监督管理局（公章）</p>\n<p>2026年11月22日</p>" in page


async def test_a_result_notice_the_document_refuses_fails_for_good(tmp_path: Path) -> None:
    deliveries = DeliveryActivities(Outbox(tmp_path))
    with pytest.raises(ApplicationError) as refused:
        await ActivityEnvironment().run(
            deliveries.issue_result_notice, result_notice(outcome="reversed")
        )
    assert refused.value.non_retryable and refused.value.type == "InvalidDocumentRequest"
    assert not any(tmp_path.iterdir())


def test_the_worker_registers_issue_document(tmp_path: Path) -> None:
    names = [fn.__name__ for fn in build_activities(default_calendar(), Outbox(tmp_path))]
    assert "issue_document" in names


def test_templates_are_filled_completely() -> None:
    with pytest.raises(ValueError, match=r"missing \['citation'\]"):
        render("_page", title="t", case_id="c", agency_code="a", key="k")
    # The body is the documents' block of the page, no longer a value of it.
    with pytest.raises(ValueError, match=r"unused \['body'\]"):
        render("_page", title="t", case_id="c", agency_code="a", key="k", citation="x", body="b")


def test_scores_are_written_as_given() -> None:
    assert [number(v) for v in (800.0, 752.5, 0.0, -0.0, 849.9999999999999)] == [
        "800",
        "752.5",
        "0",
        "0",
        "849.9999999999999",
    ]


# --- the accountability documents (衢政办发〔2023〕5号 第十三条) ----------------------------------


def accountability_common(step: str, citation: str) -> dict[str, Any]:
    return {
        "key": f"accountability-ACC-2026-0007/{step}",
        "case_id": "ACC-2026-0007",
        "agency_name": HOSTILE_NAME,
        "agency_code": "KC-ZFJ",
        "issued_at": datetime(2026, 6, 3, 1, 0, tzinfo=UTC),
        "subject_name": HOSTILE_NAME,
        "subject_code": "KC-ZFJ",
        "citation": citation,
    }


def report_receipt(**changes: Any) -> dict[str, Any]:
    return (
        accountability_common("report-receipt", "衢政办发〔2023〕5号 第十三条第一款")
        | dict(
            template="accountability_report_receipt",
            lost_case_body="衢州市柯城区人民法院",
            lost_case_number="(2026)浙0802行初45号",
            receiving_body="柯城区司法局",
            received_at=datetime(2026, 6, 3, 1, 0, tzinfo=UTC),
            due_at=datetime(2026, 6, 2, 16, 0, tzinfo=UTC),
            late=True,
            causes=["主要事实不清 <b>"],
            rectification_measures=["开展执法案卷评查"],
            accountability_proposals=["批评教育"],
        )
        | changes
    )


def feedback_record(**changes: Any) -> dict[str, Any]:
    return (
        accountability_common("feedback-record", "衢政办发〔2023〕5号 第十三条第三款")
        | dict(
            template="accountability_feedback_record",
            receiving_body="柯城区司法局",
            summary="已对张明批评教育 & 书面检查",
            agency_sanctions=["written_self_examination"],
            persons=[{"person_id": "h-1", "sanctions": ["criticism_education"], "referrals": []}],
            decided_at=datetime(2026, 6, 1, 2, 0, tzinfo=UTC),
            received_at=datetime(2026, 6, 3, 1, 0, tzinfo=UTC),
            due_at=datetime(2026, 6, 4, 16, 0, tzinfo=UTC),
            late=False,
        )
        | changes
    )


def test_the_report_receipt_renders_the_report_escaped_with_the_case_id() -> None:
    doc = request(report_receipt())
    assert isinstance(doc, AccountabilityReportReceipt)
    page = render_document(doc)
    assert "<title>行政败诉案件分析整改报告收件回执</title>" in page
    assert "编号：ACC-2026-0007" in page and "案件编号：ACC-2026-0007" in page
    assert "衢州市柯城区人民法院(2026)浙0802行初45号行政败诉案件" in page
    assert "柯城区司法局已于2026年6月3日 09:00收悉（报送期限截至2026年6月3日 00:00）" in page
    assert '<li class="value">主要事实不清 &lt;b&gt;</li>' in page
    assert "说明：本报告超过2个月的规定期限报送。" in page
    assert "<p>依据：衢政办发〔2023〕5号 第十三条第一款</p>" in page
    assert ESCAPED_NAME in page and "<script>" not in page
    assert "超过2个月" not in render_document(request(report_receipt(late=False)))


def test_the_feedback_record_renders_each_persons_handling_escaped() -> None:
    doc = request(feedback_record())
    assert isinstance(doc, AccountabilityFeedbackRecord)
    page = render_document(doc)
    assert "<title>行政败诉责任追究处理结果反馈记录</title>" in page
    assert "编号：ACC-2026-0007" in page and "案件编号：ACC-2026-0007" in page
    assert "处理结果：已对张明批评教育 &amp; 书面检查" in page
    assert "对单位的处理：written_self_examination" in page
    assert '<li class="value">h-1：处分 criticism_education；移送 无</li>' in page
    assert "处理决定作出时间：2026年6月1日 10:00，反馈期限截至2026年6月5日 00:00" in page
    assert "抄送：同级纪检监察机关" in page and "说明：" not in page
    assert "<p>依据：衢政办发〔2023〕5号 第十三条第三款</p>" in page
    assert ESCAPED_NAME in page and "<script>" not in page


def test_accountability_documents_escape_every_free_text_value() -> None:
    texts = ["agency_name", "agency_code", "case_id", "subject_name", "subject_code"]
    receipt = report_receipt(**dict.fromkeys([*texts, "lost_case_body", "receiving_body"], HOSTILE))
    receipt |= {"causes": [HOSTILE], "accountability_proposals": [HOSTILE]}
    record = feedback_record(**dict.fromkeys([*texts, "summary", "copied_to"], HOSTILE))
    record["persons"] = [{"person_id": HOSTILE, "sanctions": [HOSTILE], "referrals": [HOSTILE]}]
    for fields in (receipt, record):
        page = render_document(request(fields))
        assert_shown_as_text(page)


DocumentModel = TypeVar("DocumentModel", bound=BaseModel)
LOST_CASE = {"lost_case_body": "衢州市柯城区人民法院", "lost_case_number": "(2026)浙0802行初45号"}
# The 处理建议 (第十三条第二款) and a 移送函 (第十四条), as the workflow fills them in.
PROPOSAL = {
    "template": "accountability_referral_proposal",
    "proposing_body": "柯城区司法局",
    "addressed_to": "任免机关",
    "grounds": ["行政行为主要事实不清、证据不足（第六条(一)）：经营面积未核实 <i>"],
    "conclusion": "accountability applies (应当追究)",
    "reason": "主要事实不清、证据不足导致败诉",
    "reviewer": "行政复议与应诉科 李华",
}
TRANSFER = {
    "template": "accountability_transfer",
    "transferring_body": "柯城区人民政府",
    "transferred_to": "同级纪检监察机关",
    "route": "涉嫌违纪违法需给予党纪政务处分",
    "person_name": "张明",
    "person_post": "执法一中队 队长",
    "decided_on": date(2026, 6, 1),
    "reason": "依第十四条移送",
}


def referral_proposal(**changes: Any) -> dict[str, Any]:
    common = accountability_common("referral-proposal", "衢政办发〔2023〕5号 第十三条第二款")
    return common | LOST_CASE | PROPOSAL | changes


def transfer(**changes: Any) -> dict[str, Any]:
    common = accountability_common("transfer-discipline-h-1", "衢政办发〔2023〕5号 第十四条")
    return common | LOST_CASE | TRANSFER | changes


def rendered(fields: dict[str, Any], model: type[DocumentModel]) -> str:
    """The page of the request `fields`, read as the document `model` (the union's member)."""
    doc = request(fields)
    assert isinstance(doc, model)
    return render_document(doc)


def test_the_referral_proposal_is_addressed_to_the_body_the_review_names() -> None:
    page = rendered(referral_proposal(), AccountabilityReferralProposal)
    assert "<title>行政败诉责任追究处理建议</title>" in page
    assert '<p class="addressee">任免机关：</p>' in page
    assert (
        "柯城区司法局已审核" in page and "现提出处理建议，提交你机关依照法定权限和程序处理" in page
    )
    assert "衢州市柯城区人民法院(2026)浙0802行初45号行政败诉案件" in page
    assert (
        '<li class="value">行政行为主要事实不清、证据不足（第六条(一)）：'
        "经营面积未核实 &lt;i&gt;</li>" in page
    )
    assert "追责评估：accountability applies (应当追究)" in page
    assert "<p>柯城区司法局（公章）</p>\n<p>2026年6月3日</p>" in page
    assert "<p>依据：衢政办发〔2023〕5号 第十三条第二款</p>" in page
    assert ESCAPED_NAME in page and "<script>" not in page


def test_a_transfer_names_the_person_the_route_and_the_day_of_the_decision() -> None:
    page = rendered(transfer(), AccountabilityTransfer)
    assert "<title>行政败诉责任追究移送函</title>" in page
    assert '<p class="addressee">同级纪检监察机关：</p>' in page
    assert "柯城区人民政府于2026年6月1日" in page
    assert "责任人员张明（执法一中队 队长）涉嫌违纪违法需给予党纪政务处分，现移送你机关处理" in page
    assert "<p>依据：衢政办发〔2023〕5号 第十四条</p>" in page
    without_post = render_document(request(transfer(person_post="")))
    assert "责任人员张明涉嫌违纪违法" in without_post


def test_the_feedback_record_prints_the_day_the_decision_was_made() -> None:
    page = render_document(request(feedback_record(decided_on=date(2026, 5, 29))))
    assert "处理决定作出时间：2026年5月29日，反馈期限截至2026年6月5日 00:00" in page


def test_the_new_accountability_documents_escape_every_free_text_value() -> None:
    texts = ["agency_name", "agency_code", "case_id", "subject_name", "subject_code"]
    proposal = referral_proposal(
        **dict.fromkeys([*texts, "proposing_body", "addressed_to", "conclusion", "reason"], HOSTILE)
    )
    proposal["grounds"] = [HOSTILE]
    letter = transfer(
        **dict.fromkeys([*texts, "transferred_to", "route", "person_name", "reason"], HOSTILE)
    )
    for fields in (proposal, letter):
        assert_shown_as_text(render_document(request(fields)))
