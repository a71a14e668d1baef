"""Designation of medical institutions and retail pharmacies (医保定点): the case, the human steps,
the status, and the rules that need no engine.

Source: 衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号 (seed 001 lines 1404–1625):
conditions and materials 二(一) (medical institutions) and 二(二) (pharmacies); the procedure
二(三) 1 预登记, 2 受理申请 (with the 12 / 8 non-acceptance cases), 3 综合评估及结果公示,
4 党组会审议及签订协议, 5 开通刷卡及公告; standards 附件4 (scoring/designation). procedures.md §4.

Pure pydantic and pure functions (no Temporal import): shared by the workflow, the CLI and tests.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from checks.plausible import PastDay, StrictBool
from checks.uscc import Uscc
from contracts.activities import AcceptanceBatch
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import CaseId, ShortText, StrictModel, Text
from contracts.subject_records import SubjectRef, SubjectType, subject_workflow_id
from scoring import designation as designation_scoring
from scoring.report import ScoreReport

PROCEDURE = "designation"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "designation"  # the ProcedureType search attribute
DOC = "衢医保发〔2023〕8号"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


# -- the clauses ---------------------------------------------------------------------------------

# 二(三)1 预登记 … 并试运行3个月.
PRE_REGISTRATION_CLAUSE = "二(三)1"
# 二(三)2 试运行满3个月后 … 提交正式的定点申请书; 原则上每季度应开展1次集中受理审查;
# 材料不齐或不符合条件的, 应一次性告知; 自收到材料补正通知之日起5个工作日内补正,
# 逾期不补正的视作放弃申请, 须3个月后方可再次申请; 对提供虚假材料的 … 取消本次申请.
APPLICATION_CLAUSE = "二(三)2"
# 不予受理定点申请: 12 cases for medical institutions, 8 for pharmacies (both under 二(三)2).
NON_ACCEPTANCE_CLAUSE = {
    "medical_institution": "二(三)2 医疗机构不予受理情形",
    "pharmacy": "二(三)2 零售药店不予受理情形",
}
# 二(三)3 评估时间不超过20个工作日, 机构补充材料时间不计入评估期限; 85分(含)以上的为合格,
# 向社会公示; 85分以下的为不合格 … 整改3个月后可再次组织评估, 评估仍不合格的, 1年内不得再次申请.
EVALUATION_CLAUSE = "二(三)3"
# 二(三)4 公示期间无人举报或举报经查不属实的, 报党组会审议通过后, 确定为定点医药机构 …
# 签订医保协议并向同级医疗保障行政部门备案. 协议期限一般按自然年度签订至当年12月31日.
APPROVAL_CLAUSE = "二(三)4"
# 二(三)5 开通相应的刷卡权限并向社会公告.
SETTLEMENT_CLAUSE = "二(三)5"
MATERIALS_CLAUSE = {"medical_institution": "二(一)3", "pharmacy": "二(二)2"}

TRIAL_RUN_MONTHS = 3
SUPPLEMENT_WORKING_DAYS = 5
REAPPLICATION_AFTER_MONTHS = 3  # deemed abandoned → 须3个月后方可再次申请
FALSE_MATERIALS_BAR_MONTHS = 36  # 以弄虚作假等不正当手段申请定点, 自发现之日起未满3年: 不予受理
EVALUATION_WORKING_DAYS = 20
PASS_MARK = 85.0  # 85分(含)以上的为合格 (以上 includes the number)
REEVALUATION_AFTER_MONTHS = 3
SECOND_FAILURE_BAR_MONTHS = 12  # 评估仍不合格的, 1年内不得再次申请
# Not fixed by 衢医保发〔2023〕8号: the length of the public notice (公示) is configuration
# (QZ_DESIGNATION_NOTICE_WORKING_DAYS), 5 working days by default like the other notices of the
# medical-insurance bureau (衢医保发〔2021〕36号 六(三)).
DEFAULT_NOTICE_WORKING_DAYS = 5

# The subject-record conventions the procedure reads and writes (contracts/subject_records/).
# Restriction kinds:
APPLICATION_BAR = "designation_application"  # no application for designation until `until`
FRAUDULENT_APPLICATION = "designation_fraudulent_application"  # 弄虚作假 申请定点 (3 years)
DISHONEST_PERSONS_LIST = "dishonest_persons_list"  # 被列入失信人名单 (a person's record)
# Finding indicators (the day found counts):
TERMINATED_FOR_VIOLATION = "designation.terminated_for_violation"  # 因违法违规被解除医保协议
TERMINATED_FOR_BREACH = "designation.terminated_for_breach"  # 因违反医保协议约定 … 被解除协议
# On a person's record: 曾因严重违法违规导致原定点医药机构被解除医保协议 (5 years).
PREVIOUS_INSTITUTION_TERMINATED = "designation.previous_institution_terminated"

# Where the deliveries go (interfaces; their local implementation is the outbox).
APPLICANT = "applicant"
EVALUATION_GROUP = "evaluation-group"
SUPERVISOR = "supervisor"
ADMINISTRATIVE_DEPARTMENT = "medical-insurance-administrative-department"  # 同级医疗保障行政部门
SETTLEMENT_SYSTEM = "medical-insurance-settlement-system"  # 刷卡权限
PUBLICATION_WEBSITE = "publication:website"

Reference = Annotated[str, Field(min_length=1, max_length=200)]


class InstitutionKind(StrEnum):
    """医疗机构 (附件4 表1) or 零售药店 (表2): conditions, non-acceptance cases and table differ."""

    MEDICAL_INSTITUTION = "medical_institution"
    PHARMACY = "pharmacy"

    @property
    def label(self) -> str:
        return "医疗机构" if self is InstitutionKind.MEDICAL_INSTITUTION else "零售药店"


class Stage(StrEnum):
    """Where the case stands: the names a supervisor filters on (CaseStage)."""

    TRIAL_RUN = "trial_run"  # pre-registered; the 3-month trial run, then until the application
    AWAITING_BATCH = "awaiting_batch"  # applied; waiting for the quarterly acceptance review
    SUPPLEMENTING = "supplementing"  # the applicant holds the file (5 working days)
    EVALUATING = "evaluating"  # accepted; 20 working days (agency duty, paused clock)
    RECTIFYING = "rectifying"  # failed once; re-evaluation possible 3 months after delivery
    PUBLIC_NOTICE = "public_notice"  # passed; 公示, reports investigated
    APPROVAL = "approval"  # waiting for the party-group meeting (党组会审议)
    SIGNING = "signing"  # approved; waiting for the agreement (医保协议)
    DESIGNATED = "designated"
    REJECTED = "rejected"
    ABANDONED = "abandoned"


FINAL_STAGES = frozenset({Stage.DESIGNATED, Stage.REJECTED, Stage.ABANDONED})


class Outcome(StrEnum):
    DESIGNATED = "designated"  # 确定为定点医药机构, agreement signed
    NOT_ACCEPTED = "not_accepted"  # 不予受理 (a non-acceptance case)
    CANCELLED = "cancelled"  # 提供虚假材料, 取消本次申请
    FAILED = "failed"  # 评估仍不合格 (second failure): 1年内不得再次申请
    REPORT_SUBSTANTIATED = "report_substantiated"  # 举报经查属实
    NOT_APPROVED = "not_approved"  # the party-group meeting did not approve
    ABANDONED = "abandoned"  # 逾期不补正的视作放弃申请

    @property
    def stage(self) -> Stage:
        if self is Outcome.DESIGNATED:
            return Stage.DESIGNATED
        if self is Outcome.ABANDONED:
            return Stage.ABANDONED
        return Stage.REJECTED


# -- the materials (二(一)3, 二(二)2) ------------------------------------------------------------


class Material(BaseModel):
    code: str
    label: str
    clause: str  # full citation


def _materials(kind: str, items: list[tuple[str, str]]) -> dict[str, Material]:
    return {
        code: Material(code=code, label=label, clause=cite(f"{MATERIALS_CLAUSE[kind]}({n})"))
        for n, (code, label) in enumerate(items, start=1)
    }


# (9) 上级医疗保障行政部门按相关规定要求提供的其他材料 has no fixed content: the agency asks for it
# in the supplementation notice when it applies (`extra_required` of the acceptance review).
MATERIALS: dict[InstitutionKind, dict[str, Material]] = {
    InstitutionKind.MEDICAL_INSTITUTION: _materials(
        "medical_institution",
        [
            ("application_form", "定点医疗机构申请表"),
            (
                "practice_licence",
                "医疗机构执业许可证(或中医诊所备案证、军队医疗机构为民服务许可证)复印件",
            ),
            ("internal_rules", "与医保政策对应的内部管理制度和财务制度文本"),
            ("information_system", "与医保有关的医疗机构信息系统相关材料"),
            ("fund_use_forecast", "纳入定点后使用医疗保障基金的预测性分析报告"),
            ("grade_and_physicians", "医疗机构等级证明、执业医师注册及职称证明等相关材料"),
            ("premises", "医疗机构用房产权证明或经备案的租赁合同等相关材料"),
            ("legal_representative_and_roster", "法定代表人身份证复印件及工作人员花名册"),
        ],
    ),
    InstitutionKind.PHARMACY: _materials(
        "pharmacy",
        [
            ("application_form", "定点零售药店申请表"),
            (
                "licences_and_ids",
                "药品经营许可证、营业执照和法定代表人、主要负责人或实际控制人身份证复印件",
            ),
            ("pharmacist_certificates", "执业药师资格证书或药学技术人员相关证书及其劳动合同复印件"),
            ("insurance_staff_contracts", "医保专(兼)职管理人员的劳动合同复印件"),
            ("internal_rules", "与医疗保障政策对应的内部管理制度和财务制度文本"),
            ("information_system", "与医保有关的信息系统相关材料"),
            ("fund_use_forecast", "纳入定点后使用医疗保障基金的预测性分析报告"),
            ("premises", "营业场所产权证明或经备案的租赁合同、平面布局图等相关资料"),
        ],
    ),
}
# 营利性医疗机构另需提供营业执照 (二(一)3(2)).
BUSINESS_LICENCE = Material(
    code="business_licence",
    label="营业执照 (营利性医疗机构)",
    clause=cite("二(一)3(2)"),
)


def required_materials(kind: InstitutionKind, for_profit: bool) -> dict[str, Material]:
    required = dict(MATERIALS[kind])
    if kind is InstitutionKind.MEDICAL_INSTITUTION and for_profit:
        required[BUSINESS_LICENCE.code] = BUSINESS_LICENCE
    return required


# -- the case (预登记) ---------------------------------------------------------------------------


class Agency(BaseModel):
    """The medical-insurance agency (经办机构) that runs the procedure."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class PersonRole(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"  # 法定代表人
    PRINCIPAL = "principal"  # 主要负责人 / 企业负责人
    ACTUAL_CONTROLLER = "actual_controller"  # 实际控制人


class Person(BaseModel):
    """One of the institution's people whose own records the non-acceptance cases read
    (二(三)2 医疗机构 (7)(8), 零售药店 (5)(6)). The identity number stays in the case's payloads
    (encrypted with the payload codec); status, documents and search attributes show the record's
    keyed hash (`record_id`) instead."""

    model_config = StrictModel
    role: PersonRole
    name: ShortText
    id_number: Annotated[str, Field(pattern=r"^[0-9]{17}[0-9Xx]$")] = Field(
        description="居民身份证号码 (18 characters)"
    )

    def ref(self) -> SubjectRef:
        # One record per person across procedures for the institution's people.
        return SubjectRef(type=SubjectType.INSTITUTION_HEAD, code=self.id_number, name=self.name)


class Institution(BaseModel):
    model_config = StrictModel
    uscc: Uscc = Field(description="统一社会信用代码 (GB 32100-2015)")
    name: ShortText
    kind: InstitutionKind
    category: ShortText = Field(
        description="申请类别, e.g. 诊所, 门诊部, 社区卫生服务站, 连锁药店门店 (二(一)1 / 二(二))"
    )
    for_profit: StrictBool = Field(
        default=False, description="营利性医疗机构 (another material: the business licence)"
    )
    address: ShortText
    community: ShortText = Field(description="所在社区 (附件4: designated institutions around)")
    people: list[Person] = Field(min_length=1)

    @model_validator(mode="after")
    def _legal_representative(self) -> Institution:
        roles = [p.role for p in self.people]
        if PersonRole.LEGAL_REPRESENTATIVE not in roles:
            raise ValueError("people: the legal representative (法定代表人) is required")
        if len(set(roles)) != len(roles):
            raise ValueError("people: each role at most once")
        return self

    def ref(self) -> SubjectRef:
        return SubjectRef(type=SubjectType(self.kind.value), code=self.uscc, name=self.name)


class DesignationCase(BaseModel):
    """A pre-registration (预登记) as the agency's system records it: the case starts here."""

    model_config = StrictModel
    # The event that opens the case: no step of it is dated before (checks.plausible).
    OPENED_BY: ClassVar[str] = "pre_registered_on"
    case_id: CaseId
    agency: Agency
    institution: Institution
    pre_registered_on: PastDay = Field(
        description="预登记 with software and hardware installed and networked: the trial run "
        "(试运行3个月) counts from the day after"
    )
    handler: ShortText | None = Field(default=None, description="经办人, printed on notices")


# -- the human steps (Updates) -------------------------------------------------------------------


class AcceptanceFacts(BaseModel):
    """What the acceptance review (资料审查、现场核查、函询相关主管部门意见) found on the
    non-acceptance cases that the subject records do not hold. Defaults: nothing found."""

    model_config = StrictModel
    non_basic_main_scope: StrictBool = Field(
        default=False,
        description="医疗机构(1): main scope is cosmetic medicine, assisted reproduction, care, "
        "dental implants, check-ups or other non-basic services",
    )
    price_policy_followed: StrictBool = Field(
        default=True, description="医疗机构(2): basic services follow the price policy"
    )
    penalties_performed: StrictBool = Field(
        default=True,
        description="医疗机构(3)(5) / 零售药店(1)(3): administrative penalties fully performed",
    )
    breach_liabilities_performed: StrictBool = Field(
        default=True,
        description="医疗机构(6) / 零售药店(4): liabilities for breach of the agreement fully "
        "performed",
    )
    medical_service_penalty_on: PastDay | None = Field(
        default=None,
        description="医疗机构(9): last penalty for medical-service conduct (1 year)",
    )
    irregular_practice_on: PastDay | None = Field(
        default=None,
        description="医疗机构(10): last 非法行医/非法医疗广告/诊室外包 or other irregular "
        "operation (2 years)",
    )
    related_sanctioned_on: PastDay | None = Field(
        default=None,
        description="医疗机构(11) / 零售药店(7): a designated institution of the same legal "
        "entity (投资主体) had its agreement suspended, terminated or ended for violations "
        "(1 year)",
    )
    related_under_investigation: StrictBool = Field(
        default=False,
        description="医疗机构(11) / 零售药店(7): … or is under investigation by the agency",
    )
    other_legal_grounds: list[Text] = Field(
        default_factory=list,
        description="医疗机构(12) / 零售药店(8): other grounds of laws and regulations",
    )


class Application(BaseModel):
    """The formal application (定点申请书, 附表1) with the materials handed in."""

    model_config = StrictModel
    applicant: ShortText = Field(description="who signs the application (法定代表人)")
    materials: dict[str, Reference] = Field(
        description="material code → the reference of the document handed in"
    )
    shared_materials: list[str] = Field(
        default_factory=list,
        description="material codes the agency obtains by data sharing (无需提供)",
    )


class AcceptanceReview(BaseModel):
    """The agency's findings for the quarterly review (资料审查、现场核查、函询相关主管部门意见),
    sent while the application awaits the batch: the non-acceptance facts that the subject records
    do not hold, materials handed in that do not conform, and other materials required
    (二(一)3(9) / 二(二)2(9)). Without one, the batch checks the records and completeness only."""

    model_config = StrictModel
    reviewer: ShortText
    facts: AcceptanceFacts = Field(default_factory=AcceptanceFacts)
    nonconforming: dict[str, Text] = Field(
        default_factory=dict, description="material code → what is wrong with it"
    )
    extra_required: list[Text] = Field(default_factory=list)


class Supplement(BaseModel):
    """The applicant hands in what the notice asked for (补正 / 补充材料)."""

    model_config = StrictModel
    materials: dict[str, Reference] = Field(
        min_length=1, description="material code (or 'extra-N' for the N-th other item) → reference"
    )


class MaterialsRequest(BaseModel):
    """During the evaluation the evaluators ask for more materials: the clock stops until the
    applicant hands them in (机构补充材料时间不计入评估期限)."""

    model_config = StrictModel
    requested_by: ShortText
    items: list[Text] = Field(min_length=1)


class FalseMaterials(BaseModel):
    """提供虚假材料的, 一经核实, 取消本次申请."""

    model_config = StrictModel
    verified_by: ShortText
    materials: list[ShortText] = Field(min_length=1, description="which materials are false")
    finding: Text = Field(description="what was verified")


class Evaluation(BaseModel):
    """The evaluation group's (or third party's) result: the designation-evaluation facts
    (`starter.py schema designation-eval`) with one score sheet per member."""

    model_config = StrictModel
    # The sheets' events (evaluation_date...) are checked like a step's own (checks.plausible).
    FACTS_MODELS: ClassVar[dict[str, type[BaseModel]]] = {"facts": designation_scoring.Facts}
    group: ShortText = Field(description="评估小组 or the third party commissioned")
    facts: dict[str, Any]


class Report(BaseModel):
    """A report (举报) received during the public notice."""

    model_config = StrictModel
    reporter: ShortText = Field(description="who reported (or 匿名)")
    content: Text


class Investigation(BaseModel):
    """The investigation of the reports received (举报经查属实 / 不属实)."""

    model_config = StrictModel
    investigator: ShortText
    substantiated: StrictBool
    findings: Text


class ReevaluationRequest(BaseModel):
    """After rectification the applicant asks to be evaluated again (整改3个月后可再次组织评估)."""

    model_config = StrictModel
    applicant: ShortText
    rectification: Text = Field(description="what was rectified (整改情况)")


class Approval(BaseModel):
    """The party-group meeting's review (党组会审议)."""

    model_config = StrictModel
    meeting_on: PastDay
    minutes: Reference = Field(description="会议纪要 reference")
    approved: StrictBool
    reason: Text | None = None

    @model_validator(mode="after")
    def _reason_for_refusal(self) -> Approval:
        if not self.approved and self.reason is None:
            raise ValueError("reason: a meeting that does not approve states why")
        return self


class Signing(BaseModel):
    """The service agreement (医保协议) signed."""

    model_config = StrictModel
    agreement_number: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")]
    signed_on: PastDay
    signed_by: ShortText


# -- the rules that need no engine -----------------------------------------------------------------


def agreement_term_end(signed_on: date) -> date:
    """协议期限一般按自然年度签订至当年12月31日."""
    return date(signed_on.year, 12, 31)


class MissingItem(BaseModel):
    key: str  # material code, or extra-N
    text: str
    clause: str


def missing_materials(
    kind: InstitutionKind,
    for_profit: bool,
    handed_in: set[str],
    review: AcceptanceReview | None,
) -> list[MissingItem]:
    """Everything missing, all at once (一次性告知): required materials neither handed in nor
    shared, the ones found nonconforming, and the other materials the agency requires."""
    items: list[MissingItem] = []
    nonconforming = review.nonconforming if review else {}
    for code, material in required_materials(kind, for_profit).items():
        if code in nonconforming:
            items.append(
                MissingItem(
                    key=code,
                    text=f"{material.label}: 不符合要求 ({nonconforming[code]})",
                    clause=material.clause,
                )
            )
        elif code not in handed_in:
            items.append(MissingItem(key=code, text=material.label, clause=material.clause))
    nine = cite(f"{MATERIALS_CLAUSE[kind.value]}(9)")
    for n, text in enumerate(review.extra_required if review else [], start=1):
        items.append(MissingItem(key=f"extra-{n}", text=text, clause=nine))
    return items


class NonAcceptanceGround(BaseModel):
    """One non-acceptance case that applies, with its clause (printed on the refusal)."""

    case: int  # the number in the regulation's list: 医疗机构 (1)–(12), 零售药店 (1)–(8)
    clause: str  # full citation
    reason: str


# -- results and status ----------------------------------------------------------------------------


class Receipt(BaseModel):
    """What an accepted Update returns: where the case stands now."""

    case_id: str
    stage: Stage
    at: datetime
    detail: str = ""


class PersonView(BaseModel):
    """A person as the status shows them: role, name and the record's keyed hash."""

    role: PersonRole
    name: str
    record_id: str


def person_view(person: Person, secret: bytes) -> PersonView:
    return PersonView(
        role=person.role,
        name=person.name,
        record_id=subject_workflow_id(SubjectType.INSTITUTION_HEAD, person.id_number, secret),
    )


class EvaluationRecord(BaseModel):
    round: int  # 1: first evaluation; 2: re-evaluation
    group: str
    evaluated_at: AwareDatetime
    average: float
    passed: bool
    vetoes: list[str] = Field(default_factory=list)
    report: ScoreReport


class ReportRecord(BaseModel):
    received_at: datetime
    report: Report
    investigation: Investigation | None = None
    investigated_at: datetime | None = None


class AgreementView(BaseModel):
    agreement_number: str
    signed_on: date
    signed_by: str
    term_start: date
    term_end: date
    settlement_opened_on: date | None = None


class DesignationCarried(BaseModel):
    """What one run of a designation hands to the next (continue-as-new,
    kernel/long_life.py); the run's one argument is either this or the case file (a first
    run). A run hands over only where it waits (the stages up to the agreement), once no step's
    handler is under way: an application being taken or an evaluation being scored is never
    carried half done."""

    model_config = StrictModel
    started_with: DesignationCase
    case: CarriedCase
    people: list[PersonView] = Field(default_factory=list)
    notice_working_days: int = 0
    application: Application | None = None
    applied_at: datetime | None = None
    batch: AcceptanceBatch | None = None
    review: AcceptanceReview | None = None
    grounds: list[NonAcceptanceGround] = Field(default_factory=list)
    handed_in: list[str] = Field(default_factory=list)
    missing: list[MissingItem] = Field(default_factory=list)
    supplement_phase: str = "acceptance"
    accepted_at: datetime | None = None
    clock_start: datetime | None = None
    pauses: list[tuple[date, date]] = Field(default_factory=list)
    paused_on: date | None = None
    paused_working_days: int = 0
    evaluations: list[EvaluationRecord] = Field(default_factory=list)
    failures: int = 0
    reevaluation_from: date | None = None
    reevaluation: ReevaluationRequest | None = None
    reports: list[ReportRecord] = Field(default_factory=list)
    substantiated: Investigation | None = None
    approval: Approval | None = None
    signing: Signing | None = None
    false_materials: FalseMaterials | None = None
    restrictions: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    ban_until: date | None = None


class DesignationResult(BaseModel):
    case_id: str
    outcome: Outcome
    closing_reason: str | None = None
    agreement: AgreementView | None = None
    documents: list[str] = Field(default_factory=list)


class DesignationStatus(BaseModel):
    """The `status` query: everything a supervisor or the agency's system needs to know."""

    case_id: str
    workflow_id: str
    procedure: str = PROCEDURE_TYPE
    stage: Stage
    outcome: Outcome | None = None
    closing_reason: str | None = None
    overdue: bool
    institution_name: str
    institution_uscc: str
    institution_kind: InstitutionKind
    agency_code: str
    people: list[PersonView]
    pre_registered_on: date
    trial_run_last_day: date | None = None
    application_possible_from: date | None = None
    application: Application | None = None
    applied_at: datetime | None = None
    batch_day: date | None = None
    non_acceptance: list[NonAcceptanceGround] = Field(default_factory=list)
    missing: list[MissingItem] = Field(default_factory=list)
    accepted_at: datetime | None = None
    evaluation_paused_working_days: int = 0
    evaluations: list[EvaluationRecord] = Field(default_factory=list)
    reevaluation_possible_from: date | None = None
    reports: list[ReportRecord] = Field(default_factory=list)
    approval: Approval | None = None
    agreement: AgreementView | None = None
    restrictions_recorded: list[str] = Field(default_factory=list)
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    documents: list[str] = Field(default_factory=list)
    deliveries: list[str] = Field(default_factory=list)
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


# Names of the Updates (the CLI and the HTTP API send them by name).
APPLY = "apply"
REVIEW_ACCEPTANCE = "review_acceptance"
SUPPLEMENT = "supplement"
REQUEST_MATERIALS = "request_materials"
REPORT_FALSE_MATERIALS = "report_false_materials"
EVALUATE = "evaluate"
REPORT = "report"
INVESTIGATE = "investigate"
REQUEST_REEVALUATION = "request_reevaluation"
APPROVE = "approve"
SIGN = "sign"
