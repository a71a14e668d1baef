"""The written notices of the designation procedure (医保定点), as `issue_document` requests.

衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号 二(三). Like every document request
(contracts/documents.py), each carries every value it shows, already decided; the
renderer does no date arithmetic.

- `designation_acceptance`: 定点申请受理通知书 — the application is accepted (予以受理) and the
  20-working-day evaluation period starts (二(三)2, 二(三)3).
- `designation_refusal`: 不予受理/取消申请通知书 — the application is not accepted, with every
  failing non-acceptance case and its clause, or it is cancelled for false materials (二(三)2).
- `designation_supplementation`: 材料补正通知书 — told once, all at once (一次性告知), what is
  missing; 5 working days from receipt to supplement, or the application is deemed abandoned.
- `designation_evaluation_result`: 评估结果告知书 — the average score, pass or fail, the reasons
  and the rectification advice, and when a re-evaluation becomes possible (二(三)3).
- `designation_announcement`: 公示 of a passed evaluation (reports may be made during it), or 公告
  of the designation with the agreement and card settlement opened (二(三)3, 二(三)5).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
DocumentKey = Annotated[str, StringConstraints(pattern=r"^[^/\s]+/[A-Za-z0-9][A-Za-z0-9._-]*$")]
InstitutionKind = Literal["medical_institution", "pharmacy"]

_Strict = ConfigDict(extra="forbid", frozen=True)


class _DesignationDocument(BaseModel):
    """What every designation notice carries (the fields of contracts.documents._Document, plus
    the kind of institution: 医疗机构 or 零售药店)."""

    model_config = _Strict
    key: DocumentKey = Field(description="workflow id + '/' + step: the idempotency key")
    case_id: ShortText
    agency_name: ShortText = Field(
        description="the issuing agency (经办机构), signed at the bottom"
    )
    agency_code: ShortText
    issued_at: AwareDatetime = Field(description="the date the notice bears (落款日期)")
    subject_name: ShortText = Field(description="the institution's name")
    subject_code: ShortText = Field(description="its unified social credit code")
    citation: ShortText
    institution_kind: InstitutionKind


class Period(BaseModel):
    """A period the notice announces: its last day and the instant it ends (24:00 Shanghai or
    the office's closing time)."""

    model_config = _Strict
    working_days: int = Field(ge=0)
    # None for a period that runs from the notice's service (送达) not yet recorded: the notice
    # says "自收到本通知之日起" and no last day (kernel/service.py).
    last_day: date | None = None
    due_at: AwareDatetime | None = None


class ClauseItem(BaseModel):
    """One line of a notice with the clause it rests on (a missing material, a refusal case)."""

    model_config = _Strict
    text: Text
    clause: ShortText


class DesignationAcceptance(_DesignationDocument):
    """定点申请受理通知书: materials complete and conforming, no non-acceptance case (予以受理)."""

    template: Literal["designation_acceptance"] = "designation_acceptance"
    application_received_on: date
    batch_day: date = Field(
        description="the quarterly centralised acceptance review (集中受理审查)"
    )
    accepted_on: date
    evaluation: Period = Field(
        description="评估时间不超过20个工作日 from acceptance; the applicant's supplementation "
        "time does not count"
    )


class DesignationRefusal(_DesignationDocument):
    """不予受理通知书 (every failing case with its clause), or 取消申请通知书 (false materials)."""

    template: Literal["designation_refusal"] = "designation_refusal"
    decision: Literal["not_accepted", "cancelled"]
    application_received_on: date
    reasons: list[ClauseItem] = Field(min_length=1)
    restriction_until: date | None = Field(
        default=None, description="no new application (申请定点) until this day, inclusive"
    )


class SupplementationNotice(_DesignationDocument):
    """材料补正通知书 (一次性告知): everything missing, in one notice."""

    template: Literal["designation_supplementation"] = "designation_supplementation"
    phase: Literal["acceptance", "evaluation"] = Field(
        description="acceptance review (受理审查) or evaluation (评估期间补充材料, not counted in "
        "the 20 working days)"
    )
    application_received_on: date
    missing: list[ClauseItem] = Field(min_length=1)
    window: Period = Field(description="自收到材料补正通知之日起5个工作日内补正")
    consequence: Text = Field(description="what happens when the window passes unused")


class EvaluatorTotal(BaseModel):
    model_config = _Strict
    evaluator_id: ShortText
    total: float = Field(ge=0, le=100)


class EvaluationResultNotice(_DesignationDocument):
    """评估结果告知书: pass (≥ 85, no veto) → public notice; fail → reasons, rectification advice,
    re-evaluation 3 months after delivery; a second failure → no application for 1 year."""

    template: Literal["designation_evaluation_result"] = "designation_evaluation_result"
    evaluation_round: int = Field(ge=1, description="1: first evaluation; 2: re-evaluation")
    average: float = Field(ge=0, le=100)
    pass_mark: float = 85
    passed: bool
    evaluators: list[EvaluatorTotal] = Field(min_length=1)
    vetoes: list[ClauseItem] = Field(
        default_factory=list, description="failed basic indicators (基础指标): not qualified"
    )
    reasons: list[ClauseItem] = Field(
        default_factory=list, description="why it failed: the rows that lost points, the vetoes"
    )
    rectification_advice: list[Text] = Field(default_factory=list, description="整改建议")
    public_notice: Period | None = Field(default=None, description="passed: the 公示 period")
    reevaluation_possible_from: date | None = Field(
        default=None, description="failed the first time: 整改3个月后可再次组织评估"
    )
    no_application_until: date | None = Field(
        default=None, description="failed again: 1年内不得再次申请, through this day"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.passed and (self.vetoes or self.average < self.pass_mark):
            raise ValueError("a passed evaluation has an average ≥ the pass mark and no veto")
        if self.passed and self.public_notice is None:
            raise ValueError("a passed evaluation announces its public notice period")
        if not self.passed and not self.reasons:
            raise ValueError("a failed evaluation states its reasons (告知其理由)")
        return self


class DesignationAnnouncement(_DesignationDocument):
    """公示 of the evaluation result, or 公告 of the designation and the card settlement opened."""

    template: Literal["designation_announcement"] = "designation_announcement"
    kind: Literal["public_notice", "designation"]
    address: ShortText
    average: float | None = Field(default=None, ge=0, le=100)
    public_notice: Period | None = Field(default=None, description="公示期 (public_notice)")
    report_to: ShortText | None = Field(
        default=None, description="where reports (举报) during the notice go"
    )
    agreement_number: ShortText | None = None
    agreement_term_start: date | None = None
    agreement_term_end: date | None = None
    settlement_opened_on: date | None = Field(default=None, description="开通刷卡 from this day")

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Self:
        if self.kind == "public_notice":
            if self.average is None or self.public_notice is None:
                raise ValueError("a public notice shows the average score and its period")
        elif None in (
            self.agreement_number,
            self.agreement_term_start,
            self.agreement_term_end,
            self.settlement_opened_on,
        ):
            raise ValueError(
                "a designation announcement shows the agreement number, its term and the day "
                "card settlement opened"
            )
        return self
