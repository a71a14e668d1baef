"""The written notices of a designated institution's agreement (医保服务协议), as `issue_document`
requests: 衢医保发〔2023〕8号 五(三)–(六) and 附件1 一 (seed 001 lines 1737–1867, 1895–1944).

One model serves every agreement notice, because they share one shape: a title (which notice),
the institution addressed, the paragraphs the case has already worded (facts, measures, dates,
amounts), the clauses relied on, and the agency's signature. Like every document request
(contracts/documents.py) it carries every value it shows, already decided.

Kinds (`kind`, which picks the title):
- `handling_decision`: 医保协议处理决定书 — a decision of 五(三) with its measures, a 违约金's
  amount and the day it is due (五(五)), a 中止's dates;
- `termination_opinion`: 解除医保协议处理意见书 — the second step of 附件1 一(四);
- `termination_notice`: 解除医保协议通知书 — the 解除 done (the third step), or the automatic
  解除 of 附件1 一(二)/一(三)1;
- `suspension_notice`: 医保协议中止通知书 — a 中止 agreed at the institution's request;
- `request_reply`: 申请答复书 — the agency's answer to an institution's 中止/解除 request or move;
- `rectification_result`: 整改验收结果通知书 (五(六));
- `renewal_notice`: 医保协议续签通知书 (附件1 一(二)).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
DocumentKey = Annotated[str, StringConstraints(pattern=r"^[^/\s]+/[A-Za-z0-9][A-Za-z0-9._-]*$")]

AgreementNoticeKind = Literal[
    "handling_decision",
    "termination_opinion",
    "termination_notice",
    "suspension_notice",
    "request_reply",
    "rectification_result",
    "renewal_notice",
]

AGREEMENT_NOTICE_TITLES: dict[str, str] = {
    "handling_decision": "医保协议处理决定书",
    "termination_opinion": "解除医保协议处理意见书",
    "termination_notice": "解除医保协议通知书",
    "suspension_notice": "医保协议中止通知书",
    "request_reply": "定点医药机构申请答复书",
    "rectification_result": "整改验收结果通知书",
    "renewal_notice": "医保协议续签通知书",
}


class AgreementNotice(BaseModel):
    """One notice of the agreement to its institution (`subject_name`), as the institution reads
    it (activities/templates/agreement_notice.html): the title of its `kind`, the agreement's
    number (`case_id`) under it, each paragraph in the order given, the clauses relied on
    numbered under "依据：" (left out when there are none), and the agency's signature with the
    day the notice bears in Shanghai."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    template: Literal["agreement_notice"] = "agreement_notice"
    key: DocumentKey = Field(description="workflow id + '/' + step: the idempotency key")
    case_id: ShortText = Field(description="the agreement number")
    agency_name: ShortText
    agency_code: ShortText
    issued_at: AwareDatetime = Field(description="the date the notice bears (落款日期)")
    subject_name: ShortText = Field(description="the institution addressed")
    subject_code: ShortText = Field(description="its 统一社会信用代码")
    citation: ShortText
    kind: AgreementNoticeKind
    paragraphs: list[Text] = Field(min_length=1, max_length=30)
    clauses: list[ShortText] = Field(default_factory=list, max_length=30)
