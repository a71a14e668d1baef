"""The written notices (书面告知) an agency delivers, as requests to the `issue_document` activity.

Pure pydantic, no file IO and no clock, so workflow code can import it and build a request; the
activity (activities/documents.py) renders the request into an HTML document. A request carries
every value the document shows, already decided: dates, deadlines and instants are fields, the
renderer does no date arithmetic, so a retry renders the very same bytes.

`DocumentRequest` is a union discriminated by `template`, one model per document:

- `medical_objection_feedback`: 异议信息处理结果反馈单, 衢医保发〔2021〕36号 四(三) and 附件2.
- `repair_refusal`: 不予信用修复告知书, 衢医保发〔2021〕36号 六(三) and 附件4.
- `repair_confirmation`: 信用修复确认通知书, 衢医保发〔2021〕36号 六(三) and 附件5.
- `market_objection_result`: 信用评价异议复核结果告知书, 衢市监规〔2021〕3号/2号 四(三)1.
- `accountability_report_receipt`: 案件分析整改报告收件回执, 衢政办发〔2023〕5号 第十三条第一款.
- `accountability_feedback_record`: 追责处理结果反馈记录, 衢政办发〔2023〕5号 第十三条第三款.
- `accountability_referral_proposal`: 败诉责任追究处理建议, 衢政办发〔2023〕5号 第十三条第二款.
- `accountability_transfer`: 移送函 of one liable person, 衢政办发〔2023〕5号 第十四条.
- the designation notices (`designation_*`): contracts/designation_documents.py.
- `agreement_notice`: the notices of a designated institution's agreement (医保服务协议), one
  model whose `kind` picks the notice, 衢医保发〔2023〕8号 五(三)–(六) and 附件1 一:
  contracts/agreement_documents.py.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from contracts.agreement_documents import AgreementNotice
from contracts.designation_documents import (
    DesignationAcceptance,
    DesignationAnnouncement,
    DesignationRefusal,
    EvaluationResultNotice,
    SupplementationNotice,
)

ISSUE_DOCUMENT = "issue_document"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# workflow id + "/" + step; the step names the file (step + ".html"), so it stays a plain name.
DocumentKey = Annotated[str, StringConstraints(pattern=r"^[^/\s]+/[A-Za-z0-9][A-Za-z0-9._-]*$")]
Outcome = Literal["upheld", "corrected"]  # 维持 / 更正(修正)
# 衢医保发〔2021〕36号 四(二): 优秀 ≥ 850, 良好 800–850, 中等 750–800, 较差 700–750, 差 < 700.
MedicalGrade = Literal["优秀", "良好", "中等", "较差", "差"]
MarketGrade = Literal["A", "B", "C", "D", "E"]
Score = Annotated[float, Field(ge=0)]

_Strict = ConfigDict(extra="forbid", frozen=True)


class _Document(BaseModel):
    """What every notice carries: who issues it, to whom, when, and for which case."""

    model_config = _Strict
    key: DocumentKey = Field(description="workflow id + '/' + step: the idempotency key")
    case_id: ShortText
    agency_name: ShortText = Field(description="the issuing agency, signed at the bottom")
    agency_code: ShortText
    issued_at: AwareDatetime = Field(description="the date the notice bears (落款日期)")
    subject_name: ShortText = Field(description="the addressee: unit or person")
    subject_code: ShortText = Field(
        description="统一社会信用代码, or the ID card number of a natural person"
    )
    citation: ShortText


class DishonestFinding(BaseModel):
    """The dishonesty record (失信记录) the repair application is about."""

    model_config = _Strict
    finding_id: ShortText
    indicator: ShortText = Field(description="the indicator's label in 附件6–10")
    found_on: date = Field(description="the day the conduct was found (被认定为失信行为之日)")


class MedicalObjectionFeedback(_Document):
    """异议信息处理结果反馈单 (附件2): the re-check of an objection to a medical-insurance credit
    result, fed back within 10 working days of receiving the objection and its materials."""

    template: Literal["medical_objection_feedback"] = "medical_objection_feedback"
    objection_received_on: date
    result_id: ShortText
    objection_summary: Text = Field(description="异议信息申请内容, as the subject put it")
    outcome: Outcome
    original_score: Score
    original_grade: MedicalGrade
    corrected_score: Score | None = None
    corrected_grade: MedicalGrade | None = None
    reasons: list[Text] = Field(min_length=1)
    reviewer: ShortText
    decided_at: AwareDatetime
    late: bool = Field(description="decided after the 10-working-day re-check period")

    @model_validator(mode="after")
    def _correction_matches_outcome(self) -> Self:
        corrected = (self.corrected_score, self.corrected_grade)
        if self.outcome == "corrected":
            if None in corrected:
                raise ValueError("a 'corrected' result needs corrected_score and corrected_grade")
            if corrected == (self.original_score, self.original_grade):
                raise ValueError("a 'corrected' result must change the score or the grade")
        elif corrected != (None, None):
            raise ValueError("an 'upheld' result carries no corrected_score or corrected_grade")
        return self


class RefusalReason(BaseModel):
    model_config = _Strict
    reason: Text
    clause: ShortText = Field(description="the clause relied on, e.g. '六(二)1'")


class ObjectionWindow(BaseModel):
    """The party's window announced by 附件4: 可以自收到本告知书之日起5个工作日内提出异议申请.
    Its end is computed by the deadline activity and given here; the renderer only shows it."""

    model_config = _Strict
    working_days: int = Field(default=5, ge=1)
    # None while the window runs from a service (送达) not yet recorded (kernel/service.py):
    # the notice says "自收到本告知书之日起" and no last day.
    last_day: date | None = None
    due_at: AwareDatetime | None = Field(default=None, description="the instant the window closes")
    objection_to: ShortText | None = Field(
        default=None, description="where to object; the issuing agency when absent"
    )


class RepairRefusal(_Document):
    """不予信用修复告知书 (附件4): the application does not meet 六(二), repair is refused."""

    template: Literal["repair_refusal"] = "repair_refusal"
    application_received_on: date
    finding: DishonestFinding
    reasons: list[RefusalReason] = Field(min_length=1)
    objection_window: ObjectionWindow
    handler: ShortText | None = Field(default=None, description="经办人")
    handler_phone: ShortText | None = Field(default=None, description="经办人电话")


class PublicNoticePeriod(BaseModel):
    """The 5-working-day publication of the repair on the official website (公示期)."""

    model_config = _Strict
    first_day: date
    last_day: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.last_day < self.first_day:
            raise ValueError("the public notice period ends before it starts")
        return self


class RepairConfirmation(_Document):
    """信用修复确认通知书 (附件5): the notice period ended with no objection, the record is
    repaired: its publication stops and the repair is reported to the credit department."""

    template: Literal["repair_confirmation"] = "repair_confirmation"
    application_received_on: date
    finding: DishonestFinding
    public_notice: PublicNoticePeriod
    effective_on: date
    reported_to: ShortText = Field(
        default="同级信用管理部门", description="报送同级信用管理部门: the department reported to"
    )

    @model_validator(mode="after")
    def _after_the_notice_period(self) -> Self:
        # 公示期满无异议的, 按程序信用修复: the repair follows the end of the notice period.
        if self.effective_on <= self.public_notice.last_day:
            raise ValueError("the repair takes effect only after the public notice period ends")
        return self


class MarketObjectionResult(_Document):
    """信用评价异议复核结果告知书: the review result the enterprise is told in writing
    (衢市监规〔2021〕3号/2号 四(三)1). The fields of `contracts.activities.ResultNotice`:
    enterprise name and code are `subject_name`/`subject_code`, the citation `citation`."""

    template: Literal["market_objection_result"] = "market_objection_result"
    evaluation_id: ShortText
    outcome: Outcome
    original_grade: MarketGrade
    final_grade: MarketGrade
    corrected_score: Score | None = None
    reason: Text
    reviewer: ShortText
    received_at: AwareDatetime
    decided_at: AwareDatetime
    late: bool = Field(description="decided after the 15-working-day review period")

    @model_validator(mode="after")
    def _grade_matches_outcome(self) -> Self:
        if self.outcome == "upheld" and (
            self.final_grade != self.original_grade or self.corrected_score is not None
        ):
            raise ValueError("an 'upheld' result keeps the original grade and carries no score")
        if self.outcome == "corrected" and self.final_grade == self.original_grade:
            raise ValueError("a 'corrected' result must change the grade")
        return self


class AccountabilityReportReceipt(_Document):
    """行政败诉案件分析整改报告 receipt: the judicial administration received the losing agency's
    case analysis and rectification report (衢政办发〔2023〕5号 第十三条第一款, within 2 months of
    the effective judgment). The agency is the subject (`subject_name`/`subject_code`)."""

    template: Literal["accountability_report_receipt"] = "accountability_report_receipt"
    lost_case_body: ShortText = Field(description="the court or reconsideration body")
    lost_case_number: ShortText = Field(description="文书编号 of the lost case")
    receiving_body: ShortText = Field(description="the judicial administration reported to")
    received_at: AwareDatetime
    due_at: AwareDatetime
    late: bool = Field(description="received after the 2-month report period")
    causes: list[Text] = Field(min_length=1)
    rectification_measures: list[Text] = Field(min_length=1)
    accountability_proposals: list[Text] = Field(min_length=1)


class PersonHandling(BaseModel):
    """The handling decision for one liable person: sanctions (第十二条), referrals (第十四条)."""

    model_config = _Strict
    person_id: ShortText
    sanctions: list[ShortText] = Field(default_factory=list)
    referrals: list[ShortText] = Field(default_factory=list)


class AccountabilityFeedbackRecord(_Document):
    """处理结果反馈 record: the handling decision fed back to the judicial administration within 3
    working days and copied to discipline inspection (衢政办发〔2023〕5号 第十三条第三款)."""

    template: Literal["accountability_feedback_record"] = "accountability_feedback_record"
    receiving_body: ShortText
    summary: Text
    agency_sanctions: list[ShortText] = Field(default_factory=list)
    persons: list[PersonHandling] = Field(default_factory=list)
    decided_at: AwareDatetime
    # The day the decision was made (第十三条第三款 counts from it); None on decisions recorded
    # before it was asked, whose record prints `decided_at`, when it was entered.
    decided_on: date | None = None
    received_at: AwareDatetime
    due_at: AwareDatetime
    late: bool = Field(description="fed back after the 3-working-day period")
    copied_to: ShortText = "同级纪检监察机关"


class AccountabilityReferralProposal(_Document):
    """处理建议: the judicial administration, having reviewed the report, proposes how the lost case
    is to be handled and submits it to the appointing authority or discipline inspection
    (衢政办发〔2023〕5号 第十三条第二款). The losing agency is the subject; `addressed_to` receives
    it; `proposing_body` signs."""

    template: Literal["accountability_referral_proposal"] = "accountability_referral_proposal"
    proposing_body: ShortText = Field(description="the judicial administration")
    addressed_to: ShortText = Field(description="任免机关 or 纪检监察机关")
    lost_case_body: ShortText
    lost_case_number: ShortText
    grounds: list[Text] = Field(min_length=1, description="the 第六条 grounds found, worded")
    conclusion: Text = Field(description="the accountability assessment's recommendation")
    reason: Text
    reviewer: ShortText


class AccountabilityTransfer(_Document):
    """移送函: one liable person transferred under 衢政办发〔2023〕5号 第十四条 (党纪政务处分 to
    纪检监察机关, 组织处理 to 组织人事部门) by the body that made the handling decision."""

    template: Literal["accountability_transfer"] = "accountability_transfer"
    transferring_body: ShortText = Field(description="the body that made the handling decision")
    transferred_to: ShortText = Field(description="纪检监察机关 or 组织人事部门")
    route: ShortText = Field(description="第十四条's wording of the route, e.g. 涉及组织处理")
    person_name: ShortText
    person_post: str = Field("", max_length=200)
    lost_case_body: ShortText
    lost_case_number: ShortText
    decided_on: date
    reason: Text


DocumentRequest = Annotated[
    MedicalObjectionFeedback
    | RepairRefusal
    | RepairConfirmation
    | MarketObjectionResult
    | AccountabilityReportReceipt
    | AccountabilityFeedbackRecord
    | AccountabilityReferralProposal
    | AccountabilityTransfer
    | DesignationAcceptance
    | DesignationRefusal
    | SupplementationNotice
    | EvaluationResultNotice
    | DesignationAnnouncement
    | AgreementNotice,
    Field(discriminator="template"),
]
