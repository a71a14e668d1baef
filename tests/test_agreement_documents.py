"""The agreement's notices (衢医保发〔2023〕8号 五(三)–(六), 附件1 一) as their institution reads
them: rendered by the function the `issue_document` activity delivers, titled by their kind, every
paragraph and clause shown as given, every value escaped."""

from __future__ import annotations

import html
import typing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import ActivityEnvironment

from activities.documents import DocumentActivities, render_document
from activities.outbox import Outbox
from contracts.agreement_documents import AGREEMENT_NOTICE_TITLES, AgreementNotice
from contracts.documents import DocumentRequest

REQUESTS = TypeAdapter(DocumentRequest)
WORKFLOW = "agreement-XY-2026-0007"
INSTITUTION = "衢州市柯城区康宁大药房有限公司"
AGENCY = "衢州市医疗保障事务中心"

# 五(三)3: 按照核定医保费用的10%—30%支付违约金; 五(五): 违约金金额=核定违规医保费用×违约支付比例,
# 原则上应在30日内完成缴款 — decided 7 December 2026, due 30 days later, 6 January 2027.
FEES = Decimal("12345.67")
RATE = Decimal("0.25")
PENALTY = (FEES * RATE).quantize(Decimal("0.01"))
DECISION = [
    "经查，你单位于2026年8月至10月存在无处方配售处方药并进行医保结算的行为，"
    "核定违规医保费用12,345.67元。",
    "经研究，决定：一、追回已支付的违规医保费用12,345.67元；"
    "二、按核定违规医保费用的25%支付违约金3,086.42元。",
    "请你单位于2027年1月6日前完成违约金缴款。",
]
DECISION_CLAUSES = ["衢医保发〔2023〕8号 五(三)3(7)", "衢医保发〔2023〕8号 五(五)"]
TERMINATION = [
    "你单位以伪造处方方式骗取医疗保障基金，经办机构已于2026年11月2日暂停联网结算，"
    "并于2026年11月16日下达解除医保协议的处理意见。",
    "日常费用结算已完成，自2026年12月7日起解除你单位的医保服务协议，此后产生的医药费用，"
    "医疗保障基金不再结算。",
]
TERMINATION_CLAUSES = ["衢医保发〔2023〕8号 五(三)5(12)", "衢医保发〔2023〕8号 附件1 一(四)3"]


def notice(step: str, kind: str, paragraphs: list[str], clauses: list[str]) -> dict[str, Any]:
    return {
        "template": "agreement_notice",
        "key": f"{WORKFLOW}/{step}",
        "case_id": "XY-2026-0007",
        "agency_name": AGENCY,
        "agency_code": "QZ-YBZX",
        # 2026-12-06 17:00 UTC is 7 December 01:00 in Shanghai: the notice bears 7 December.
        "issued_at": datetime(2026, 12, 6, 17, 0, tzinfo=UTC),
        "subject_name": INSTITUTION,
        "subject_code": "91330802MA2DH7K21X",
        "citation": "衢医保发〔2023〕8号 五(三)",
        "kind": kind,
        "paragraphs": paragraphs,
        "clauses": clauses,
    }


def decision(**changes: Any) -> dict[str, Any]:
    return notice("handling-decision", "handling_decision", DECISION, DECISION_CLAUSES) | changes


def termination(**changes: Any) -> dict[str, Any]:
    fields = notice("termination-notice", "termination_notice", TERMINATION, TERMINATION_CLAUSES)
    return fields | changes


def rendered(fields: dict[str, Any]) -> str:
    doc = REQUESTS.validate_python(fields)
    assert isinstance(doc, AgreementNotice)
    return render_document(doc)


def body(page: str) -> str:
    return page[page.index("<main>") : page.index("</main>")]


def test_the_decision_data_is_consistent() -> None:
    # 25% lies within 五(三)3's 10%—30%, and the paragraphs state the amount this rate gives.
    assert Decimal("0.10") <= RATE <= Decimal("0.30")
    assert f"{PENALTY:,}元" in DECISION[1] and f"{FEES:,}元" in DECISION[1]


def test_a_handling_decision_shows_its_measures_clauses_and_signature() -> None:
    page = rendered(decision())
    text = body(page)
    assert "<title>医保协议处理决定书</title>" in page
    assert "<h1>医保协议处理决定书</h1>" in text
    assert '<p class="number">编号：XY-2026-0007</p>' in text
    assert f'<p class="addressee">{INSTITUTION}：</p>' in text
    for paragraph in DECISION:
        assert f'<p class="para">{paragraph}</p>' in text
    assert "违约金3,086.42元" in text and "2027年1月6日前完成违约金缴款" in text
    # The clauses relied on, numbered under their line, in the order given.
    assert (
        '<p class="para">依据：</p>\n<ol class="reasons">\n'
        '<li class="value">衢医保发〔2023〕8号 五(三)3(7)</li>\n'
        '<li class="value">衢医保发〔2023〕8号 五(五)</li>\n</ol>'
    ) in text
    # Signed by the agency on the day the notice bears in Shanghai.
    assert f"<p>{AGENCY}（公章）</p>\n<p>2026年12月7日</p>" in text
    # The footer every document carries.
    assert (
        f"案件编号：XY-2026-0007　机关代码：QZ-YBZX　文书标识：{WORKFLOW}/handling-decision" in page
    )
    assert "<p>依据：衢医保发〔2023〕8号 五(三)</p>" in page


def test_a_termination_notice_is_titled_as_such() -> None:
    page = rendered(termination())
    text = body(page)
    assert "<title>解除医保协议通知书</title>" in page and "<h1>解除医保协议通知书</h1>" in text
    assert "医保协议处理决定书" not in page
    assert "编号：XY-2026-0007" in text and f"{INSTITUTION}：" in text
    for paragraph in TERMINATION:
        assert f'<p class="para">{paragraph}</p>' in text
    for clause in TERMINATION_CLAUSES:
        assert f'<li class="value">{clause}</li>' in text
    assert f"<p>{AGENCY}（公章）</p>\n<p>2026年12月7日</p>" in text


def test_every_kind_bears_its_own_title() -> None:
    for kind, title in AGREEMENT_NOTICE_TITLES.items():
        page = rendered(decision(kind=kind))
        assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page, kind


def test_a_notice_relying_on_no_clause_has_no_clause_list() -> None:
    text = body(rendered(decision(clauses=[])))
    assert "依据：" not in text and "<ol" not in text
    assert "请你单位于2027年1月6日前完成违约金缴款。" in text


def test_every_value_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & 违约金'
    escaped = html.escape(hostile, quote=True)
    page = rendered(
        decision(
            case_id=hostile,
            agency_name=hostile,
            subject_name=hostile,
            paragraphs=[*DECISION, hostile],
            clauses=[hostile],
            citation=hostile,
        )
    )
    assert "<script>" not in page and 'alert("x")' not in page
    text = body(page)
    assert f'<p class="number">编号：{escaped}</p>' in text
    assert f'<p class="addressee">{escaped}：</p>' in text
    assert f'<p class="para">{escaped}</p>' in text
    assert f'<li class="value">{escaped}</li>' in text
    assert f"<p>{escaped}（公章）</p>" in text
    assert f"<p>依据：{escaped}</p>" in page


def test_the_worker_decodes_the_request_to_the_notice_model() -> None:
    # The SDK reads the parameter's type hint without its Annotated metadata, as here.
    hint = typing.get_type_hints(DocumentActivities.issue_document)["request"]
    sent = REQUESTS.validate_python(decision())
    converter = pydantic_data_converter.payload_converter
    [received] = converter.from_payloads(converter.to_payloads([sent]), [hint])
    assert type(received) is AgreementNotice and received == sent


async def test_issue_document_delivers_the_notice_once(tmp_path: Path) -> None:
    activities = DocumentActivities(Outbox(tmp_path))
    doc = REQUESTS.validate_python(decision())
    delivered = await ActivityEnvironment().run(activities.issue_document, doc)
    path = Path(delivered.location)
    assert path == tmp_path / WORKFLOW / "handling-decision.html"
    assert path.read_text(encoding="utf-8") == render_document(doc)
    again = await ActivityEnvironment().run(activities.issue_document, doc)
    assert again == delivered
