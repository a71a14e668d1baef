"""The designation notices (衢医保发〔2023〕8号 二(三)): rendered from the templates, escaped,
deterministic, refused when inconsistent, delivered once."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from temporalio.testing import ActivityEnvironment

from activities.documents import TITLES, DocumentActivities, render_document
from activities.outbox import Outbox
from contracts.designation_documents import (
    DesignationAcceptance,
    DesignationAnnouncement,
    DesignationRefusal,
    EvaluationResultNotice,
    SupplementationNotice,
)
from contracts.documents import DocumentRequest
from procedures.designation.evaluation_pause import pause_note

CST = timezone(timedelta(hours=8))
REQUESTS = TypeAdapter(DocumentRequest)
HOSTILE_NAME = '衢州<script>alert("x")</script>康宁大药房 & Co'
ESCAPED_NAME = html.escape(HOSTILE_NAME, quote=True)
WORKFLOW = "designation-DD-2026-0031"


def request(fields: dict[str, Any]) -> Any:
    return REQUESTS.validate_python(fields)


def body(page: str) -> str:
    return page[page.index("<main>") : page.index("</main>")]


def common(step: str, kind: str = "pharmacy") -> dict[str, Any]:
    return {
        "key": f"{WORKFLOW}/{step}",
        "case_id": "DD-2026-0031",
        "agency_name": "衢州市医疗保障事务中心",
        "agency_code": "QZ-YBZX",
        # 2026-04-01 17:00 UTC is 2 April 01:00 in Shanghai: the notice bears 2 April.
        "issued_at": datetime(2026, 4, 1, 17, 0, tzinfo=UTC),
        "subject_name": HOSTILE_NAME,
        "subject_code": "91330802MA2DH7K21X",
        "citation": "衢医保发〔2023〕8号 二(三)",
        "institution_kind": kind,
    }


def period(working_days: int, last_day: date, due_at: datetime | None = None) -> dict[str, Any]:
    midnight = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=CST)
    return {"working_days": working_days, "last_day": last_day, "due_at": due_at or midnight}


def acceptance(**changes: Any) -> dict[str, Any]:
    return (
        common("acceptance")
        | dict(
            template="designation_acceptance",
            application_received_on=date(2026, 3, 16),
            batch_day=date(2026, 3, 31),
            accepted_on=date(2026, 4, 1),
            evaluation=period(20, date(2026, 4, 29)),
        )
        | changes
    )


def refusal(**changes: Any) -> dict[str, Any]:
    return (
        common("refusal", "medical_institution")
        | dict(
            template="designation_refusal",
            decision="not_accepted",
            application_received_on=date(2026, 3, 16),
            reasons=[
                {
                    "text": "以医疗美容为主要执业范围 <非基本医疗服务>",
                    "clause": "二(三)2 医疗机构不予受理情形(1)",
                },
                {
                    "text": "因医疗服务行为受到行政处罚未满1年",
                    "clause": "二(三)2 医疗机构不予受理情形(9)",
                },
            ],
        )
        | changes
    )


def supplementation(**changes: Any) -> dict[str, Any]:
    return (
        common("supplementation")
        | dict(
            template="designation_supplementation",
            phase="acceptance",
            application_received_on=date(2026, 3, 16),
            missing=[
                {"text": "营业场所租赁合同未经房产主管部门备案", "clause": "二(二)2(8)"},
                {"text": "缺少医保信息系统相关材料 <附表>", "clause": "二(二)2(6)"},
            ],
            window=period(5, date(2026, 4, 9)),
            consequence="视作放弃申请，须3个月后方可再次申请。",
        )
        | changes
    )


def evaluation_failed(**changes: Any) -> dict[str, Any]:
    return (
        common("evaluation-result", "medical_institution")
        | dict(
            template="designation_evaluation_result",
            evaluation_round=1,
            average=78.5,
            passed=False,
            evaluators=[
                {"evaluator_id": "专家A", "total": 80},
                {"evaluator_id": "专家B", "total": 77},
            ],
            vetoes=[{"text": "未配备专职医保管理人员", "clause": "附件4 表1 基础指标2"}],
            reasons=[
                {"text": "评估平均分78.5分，低于85分", "clause": "二(三)3"},
                {"text": "基础指标未达标：未配备专职医保管理人员", "clause": "附件4 表1"},
            ],
            rectification_advice=["配备专职医保管理人员 <至少1名>", "完善医保信息系统接口"],
            reevaluation_possible_from=date(2026, 7, 3),
        )
        | changes
    )


def evaluation_passed(**changes: Any) -> dict[str, Any]:
    return (
        common("evaluation-result")
        | dict(
            template="designation_evaluation_result",
            evaluation_round=1,
            average=88.25,
            passed=True,
            evaluators=[
                {"evaluator_id": "专家A", "total": 87.5},
                {"evaluator_id": "专家B", "total": 89},
            ],
            public_notice=period(5, date(2026, 4, 10)),
        )
        | changes
    )


def public_notice(**changes: Any) -> dict[str, Any]:
    return (
        common("public-notice")
        | dict(
            template="designation_announcement",
            kind="public_notice",
            address="衢州市柯城区荷花中路88号",
            average=88.25,
            public_notice=period(5, date(2026, 4, 10)),
            report_to="衢州市医疗保障事务中心（电话0570-3081234）",
        )
        | changes
    )


def designation(**changes: Any) -> dict[str, Any]:
    return (
        common("designation-announcement")
        | dict(
            template="designation_announcement",
            kind="designation",
            address="衢州市柯城区荷花中路88号",
            agreement_number="QZYB-LSYD-2026-0107",
            agreement_term_start=date(2026, 5, 6),
            agreement_term_end=date(2026, 12, 31),
            settlement_opened_on=date(2026, 5, 8),
        )
        | changes
    )


BUILDERS = [
    acceptance,
    refusal,
    supplementation,
    evaluation_failed,
    evaluation_passed,
    public_notice,
    designation,
]


# --- each notice ---------------------------------------------------------------------------------


def test_the_acceptance_notice_states_the_dates_and_the_evaluation_period() -> None:
    doc = request(acceptance())
    assert isinstance(doc, DesignationAcceptance)
    page = render_document(doc)
    assert "<title>医疗保障定点申请受理通知书</title>" in page
    text = body(page)
    assert "<h1>零售药店医疗保障定点申请受理通知书</h1>" in text
    assert f"{ESCAPED_NAME}（统一社会信用代码：91330802MA2DH7K21X）：" in text
    assert "你单位于2026年3月16日提交的零售药店医疗保障定点申请书" in text
    assert "经2026年3月31日集中受理审查，申请材料齐全、符合要求" in text
    assert "决定自2026年4月1日起予以受理" in text
    assert "评估时间不超过20个工作日（评估期限截至2026年4月29日24时）" in text
    assert "补充材料的时间不计入评估期限" in text
    assert "<p>衢州市医疗保障事务中心（公章）</p>\n<p>2026年4月2日</p>" in text
    assert "编号：DD-2026-0031" in text and "<p>依据：衢医保发〔2023〕8号 二(三)</p>" in page


def test_a_medical_institution_is_named_as_such() -> None:
    text = body(render_document(request(acceptance(institution_kind="medical_institution"))))
    assert "<h1>医疗机构医疗保障定点申请受理通知书</h1>" in text
    assert "提交的医疗机构医疗保障定点申请书" in text and "零售药店" not in text


def test_a_refusal_lists_every_case_with_its_clause() -> None:
    doc = request(refusal())
    assert isinstance(doc, DesignationRefusal)
    page = render_document(doc)
    text = body(page)
    assert "<h1>医疗保障定点申请不予受理通知书</h1>" in text
    assert "你单位于2026年3月16日提交的医疗机构医疗保障定点申请，经审查" in text
    assert "决定不予受理" in text and "取消" not in text
    assert (
        '<li class="value">以医疗美容为主要执业范围 &lt;非基本医疗服务&gt;'
        "（依据：二(三)2 医疗机构不予受理情形(1)）</li>"
    ) in text
    assert (
        '<li class="value">因医疗服务行为受到行政处罚未满1年'
        "（依据：二(三)2 医疗机构不予受理情形(9)）</li>"
    ) in text
    assert "不得再次提出" not in text


def test_a_cancellation_for_false_materials_states_the_ban() -> None:
    fields = refusal(
        decision="cancelled",
        institution_kind="pharmacy",
        reasons=[{"text": "提供的租赁合同系伪造", "clause": "二(三)2"}],
        restriction_until=date(2029, 3, 30),
    )
    text = body(render_document(request(fields)))
    assert "<h1>取消医疗保障定点申请通知书</h1>" in text
    assert "“对提供虚假材料的零售药店，一经核实，取消本次申请”" in text
    assert "决定取消你单位本次定点申请" in text and "不予受理" not in text
    assert '<li class="value">提供的租赁合同系伪造（依据：二(三)2）</li>' in text
    assert "你单位在2029年3月30日（含）前不得再次提出医疗保障定点申请。" in text


def test_the_supplementation_notice_tells_everything_once() -> None:
    doc = request(supplementation())
    assert isinstance(doc, SupplementationNotice)
    text = body(render_document(doc))
    assert "<h1>医疗保障定点申请材料补正通知书</h1>" in text and "（一次性告知）" in text
    assert "经受理审查，申请材料不齐全或不符合条件" in text
    assert "现将需补正的全部内容一次性告知如下" in text
    assert '<li class="value">营业场所租赁合同未经房产主管部门备案（依据：二(二)2(8)）</li>' in text
    assert (
        '<li class="value">缺少医保信息系统相关材料 &lt;附表&gt;（依据：二(二)2(6)）</li>' in text
    )
    assert "自收到本通知之日起5个工作日内补正上述全部材料（期限截至2026年4月9日24时）" in text
    assert "逾期未补正的，按以下规定处理：" in text
    assert "视作放弃申请，须3个月后方可再次申请。" in text
    assert "不计入评估期限" not in text


def test_a_supplementation_during_the_evaluation_stops_the_clock_with_no_window() -> None:
    # Issue 17 changed this notice: 二(三)3 sets no window and no abandonment at the evaluation,
    # so the 5-working-day sentence of 二(三)2 is gone; the evaluation's period stops instead.
    evaluation = period(20, date(2026, 4, 29))
    note = pause_note(date(2026, 4, 8), 5)
    text = body(
        render_document(
            request(supplementation(phase="evaluation", window=evaluation, consequence=note))
        )
    )
    assert "零售药店医疗保障定点申请已予受理。在综合评估中" in text
    assert "评估时间不超过20个工作日（停止计算前评估期限截至2026年4月29日24时）" in text
    assert "机构补充材料时间不计入评估期限 (衢医保发〔2023〕8号 二(三)3)" in text
    assert "自2026年4月8日起停止计算, 已用5个工作日" in text
    assert "继续计算剩余15个工作日" in text
    assert "个工作日内补正" not in text and "逾期未补正" not in text
    assert "视作放弃申请，须3个月" not in text


def test_a_failed_evaluation_gives_reasons_advice_and_the_re_evaluation_date() -> None:
    doc = request(evaluation_failed())
    assert isinstance(doc, EvaluationResultNotice)
    page = render_document(doc)
    assert "<title>医疗保障定点评估结果告知书</title>" in page
    text = body(page)
    assert "对你单位提出的医疗机构医疗保障定点申请组织开展了首次评估" in text
    assert "<li>评估小组成员评分：专家A 80分；专家B 77分</li>" in text
    assert "<li>平均得分：78.5分（85分（含）以上为合格）</li>" in text
    assert "<li>基础指标：1项未达标</li>" in text
    assert "未达标：未配备专职医保管理人员（依据：附件4 表1 基础指标2）" in text
    assert "<li>评估结论：不合格</li>" in text and "评估结论：合格" not in text
    assert '<li class="value">评估平均分78.5分，低于85分（依据：二(三)3）</li>' in text
    assert '<li class="value">配备专职医保管理人员 &lt;至少1名&gt;</li>' in text
    assert "整改3个月后，即自2026年7月3日起，可申请再次组织评估" in text
    assert "1年内不得再次申请定点" in text and "（含）前不得再次提出" not in text
    assert "公示" not in text


def test_a_second_failure_bars_a_new_application_for_a_year() -> None:
    fields = evaluation_failed(
        evaluation_round=2,
        vetoes=[],
        reasons=[{"text": "整改后评估平均分82分，仍低于85分", "clause": "二(三)3"}],
        average=82,
        rectification_advice=[],
        reevaluation_possible_from=None,
        no_application_until=date(2027, 10, 8),
    )
    text = body(render_document(request(fields)))
    assert "组织开展了整改后再次评估" in text
    assert "<li>基础指标：均达标</li>" in text
    assert "本次评估仍不合格" in text
    assert "2027年10月8日（含）前不得再次提出医疗保障定点申请" in text
    assert "整改建议" not in text and "可申请再次组织评估" not in text


def test_a_passed_evaluation_announces_its_public_notice() -> None:
    text = body(render_document(request(evaluation_passed())))
    assert "<li>评估小组成员评分：专家A 87.5分；专家B 89分</li>" in text
    assert "<li>平均得分：88.25分（85分（含）以上为合格）</li>" in text
    assert "<li>基础指标：均达标</li>" in text and "<li>评估结论：合格</li>" in text
    assert "评估分数88.25分，评估结果为合格" in text
    assert "公示期为5个工作日（截至2026年4月10日24时）" in text
    assert "列入拟签订服务协议名单" in text
    assert "理由如下" not in text and "不合格" not in text


def test_the_public_notice_names_the_institution_score_and_where_to_report() -> None:
    doc = request(public_notice())
    assert isinstance(doc, DesignationAnnouncement)
    page = render_document(doc)
    text = body(page)
    assert "<h1>零售药店医疗保障定点评估结果公示</h1>" in text
    assert f"<td><p>{ESCAPED_NAME}</p></td>" in text
    assert "<td><p>衢州市柯城区荷花中路88号</p></td>" in text
    assert '<th scope="row">评估得分</th>\n<td><p>88.25分</p></td>' in text
    assert "公示期为5个工作日，截至2026年4月10日24时。" in text
    assert "可向衢州市医疗保障事务中心（电话0570-3081234）实名举报" in text
    assert "特此公示。" in text and "协议" not in text.replace("服务协议名单", "")


def test_without_a_report_address_reports_go_to_the_agency() -> None:
    text = body(render_document(request(public_notice(report_to=None))))
    assert "可向衢州市医疗保障事务中心实名举报" in text


def test_the_designation_announcement_shows_the_agreement_and_settlement() -> None:
    text = body(render_document(request(designation(institution_kind="medical_institution"))))
    assert "<h1>医疗保障定点医疗机构公告</h1>" in text
    assert "下列医疗机构确定为医疗保障定点医疗机构" in text
    assert '<th scope="row">医保协议编号</th>\n<td><p>QZYB-LSYD-2026-0107</p></td>' in text
    assert "<td><p>2026年5月6日至2026年12月31日</p></td>" in text
    assert '<th scope="row">开通刷卡日期</th>\n<td><p>2026年5月8日</p></td>' in text
    assert "特此公告。" in text and "评估得分" not in text and "公示期" not in text


def test_a_designation_announcement_may_recall_score_and_notice_period() -> None:
    fields = designation(average=88.25, public_notice=period(5, date(2026, 4, 10)))
    text = body(render_document(request(fields)))
    assert "<h1>医疗保障定点零售药店公告</h1>" in text
    assert "<td><p>88.25分</p></td>" in text
    assert "<td><p>5个工作日，截至2026年4月10日24时（已期满）</p></td>" in text


# --- every notice --------------------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS)
def test_each_notice_is_titled_and_escaped(build: Any) -> None:
    doc = request(build())
    page = render_document(doc)
    assert f"<title>{TITLES[doc.template]}</title>" in page
    assert ESCAPED_NAME in page and "<script>" not in page


@pytest.mark.parametrize("build", BUILDERS)
def test_every_free_text_value_is_escaped(build: Any) -> None:
    hostile = "<b onclick='x'>\"&</b>"
    texts = ["agency_name", "agency_code", "case_id", "subject_name", "subject_code", "citation"]
    fields = build(**dict.fromkeys(texts, hostile))
    item = {"text": hostile, "clause": hostile}
    for name in ("reasons", "missing", "vetoes"):
        if fields.get(name):
            fields[name] = [item]
    if fields.get("rectification_advice"):
        fields["rectification_advice"] = [hostile]
    if "consequence" in fields:
        fields["consequence"] = hostile
    if "evaluators" in fields:
        fields["evaluators"] = [{"evaluator_id": hostile, "total": 90}]
    if fields["template"] == "designation_announcement":
        fields["address"] = hostile
        fields["report_to" if fields["kind"] == "public_notice" else "agreement_number"] = hostile

    page = render_document(request(fields))

    assert "<b onclick" not in page and "</b>" not in page and "onclick='" not in page
    assert html.escape(hostile, quote=True) in page


@pytest.mark.parametrize("build", BUILDERS)
def test_rendering_is_a_pure_function_of_the_request(build: Any) -> None:
    assert render_document(request(build())) == render_document(request(build()))


@pytest.mark.parametrize("build", BUILDERS)
def test_the_notice_survives_a_round_trip_through_json(build: Any) -> None:
    doc = request(build())
    again = REQUESTS.validate_json(REQUESTS.dump_json(doc))
    assert type(again) is type(doc) and render_document(again) == render_document(doc)


async def test_delivering_twice_writes_the_file_once(tmp_path: Path) -> None:
    activities = DocumentActivities(Outbox(tmp_path))
    doc = request(evaluation_failed())

    first = await ActivityEnvironment().run(activities.issue_document, doc)
    path = Path(first.location)
    assert path == tmp_path / WORKFLOW / "evaluation-result.html"
    written = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    assert written.decode("utf-8") == render_document(doc)

    changed = request(evaluation_failed(reevaluation_possible_from=date(2026, 8, 3)))
    again = await ActivityEnvironment().run(activities.issue_document, doc)
    third = await ActivityEnvironment().run(activities.issue_document, changed)
    assert again == first == third
    assert path.read_bytes() == written and path.stat().st_mtime_ns == stamp
    assert [p.name for p in path.parent.iterdir()] == ["evaluation-result.html"]


async def test_each_step_gets_its_own_file(tmp_path: Path) -> None:
    activities = DocumentActivities(Outbox(tmp_path))
    for build in BUILDERS:
        await ActivityEnvironment().run(activities.issue_document, request(build()))
    assert sorted(p.name for p in (tmp_path / WORKFLOW).iterdir()) == [
        "acceptance.html",
        "designation-announcement.html",
        "evaluation-result.html",
        "public-notice.html",
        "refusal.html",
        "supplementation.html",
    ]


# --- the validators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (evaluation_passed(average=84.99), "average ≥ the pass mark and no veto"),
        (
            evaluation_passed(vetoes=[{"text": "未配备药师", "clause": "附件4 表2"}]),
            "average ≥ the pass mark and no veto",
        ),
        (evaluation_passed(public_notice=None), "announces its public notice period"),
        (evaluation_failed(reasons=[]), "states its reasons"),
        (evaluation_failed(evaluators=[]), "at least 1 item"),
        (evaluation_failed(evaluation_round=0), "greater than or equal to 1"),
        (evaluation_failed(average=100.5), "less than or equal to 100"),
        (designation(agreement_number=None), "shows the agreement number"),
        (designation(agreement_term_end=None), "shows the agreement number"),
        (designation(settlement_opened_on=None), "shows the agreement number"),
        (public_notice(average=None), "shows the average score and its period"),
        (public_notice(public_notice=None), "shows the average score and its period"),
        (refusal(reasons=[]), "at least 1 item"),
        (refusal(decision="rejected"), "decision"),
        (supplementation(missing=[]), "at least 1 item"),
        (supplementation(phase="review"), "phase"),
        (supplementation(consequence="  "), "consequence"),
        (acceptance(institution_kind="clinic"), "institution_kind"),
        (acceptance(key="no-step"), "key"),
        (acceptance(surprise="field"), "Extra inputs"),
        (acceptance(issued_at=datetime(2026, 4, 2, 9, 0)), "timezone info"),
        (
            acceptance(evaluation=period(20, date(2026, 4, 29), datetime(2026, 4, 30))),
            "timezone info",
        ),
    ],
)
def test_inconsistent_requests_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        request(fields)


def test_a_passed_evaluation_at_exactly_the_pass_mark_is_accepted() -> None:
    doc = request(evaluation_passed(average=85))
    assert isinstance(doc, EvaluationResultNotice) and doc.passed
    assert "<li>平均得分：85分（85分（含）以上为合格）</li>" in render_document(doc)
