"""The facts of a designation evaluation (医保定点 综合评估): the JSON an agency system sends.

Shape (both variants): who is evaluated, the date, how many evaluations it already failed, the
basic indicators (基础指标, pass/fail, once), the measured facts of the scored rows (once: what
the written and on-site checks established — years, m², counts, yes/no findings), and one
score sheet per evaluator (评估小组成员) with the rows the standard leaves to their judgement
(评估指标 1 "得1-2分", and the environment part of 经营场所 "酌情得0-2分"). The score is the
average of the evaluators' totals (二(三)3 "得分取各评估小组成员平均分"); since the measured
facts are common to all, the evaluators' totals differ only by their judgements.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from checks.plausible import PastDay, StrictBool, StrictFloat, StrictInt
from scoring.designation.params import (
    CHECKED_MONTHS,
    ENVIRONMENT_MAX,
    ENVIRONMENT_MIN,
    JUDGEMENT_STEP,
    RULES_QUALITY_MAX,
    RULES_QUALITY_MIN,
    SAMPLED_PRESCRIPTION_RECORDS,
    SAMPLED_VARIETIES,
    LedgerKind,
)


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------------------------
# Basic indicators (基础指标): True = the item is met; any False = 不合格
# ---------------------------------------------------------------------------------------------


class MedicalBasic(_Facts):
    """表1 基础指标 1–10 (medical institutions), each True when met."""

    operating_time: StrictBool = Field(
        description="1 经营时间: formally operating for at least 3 months (正式运营已达3个月)."
    )
    physician_and_premises: StrictBool = Field(
        description="2 执业医师和经营场所: at least 1 physician (医师/乡村医生/中医(专长)) whose "
        "first registration is here; blind massage clinics: ≥3 certified staff, ≥10 massage "
        "beds, ≥120 m²."
    )
    insurance_management: StrictBool = Field(
        description="3 医保管理: a leader in charge and (part-time) insurance staff; with 100+ "
        "beds an internal insurance department with full-time staff."
    )
    management_rules: StrictBool = Field(
        description="4 制度建设: insurance, financial, statistics and core medical-quality rules."
    )
    information_system: StrictBool = Field(
        description="5 信息系统: system developer chosen and cooperation agreement signed."
    )
    base_database: StrictBool = Field(
        description="6 基础数据库: drug, service, consumable and disease databases with the "
        "national insurance codes (items not carried out are not required)."
    )
    practice_scope: StrictBool = Field(
        description="7 执业范围: True when the main practice scope is NOT cosmetic medicine, "
        "assisted reproduction, care, dental implants, check-ups or other non-basic services."
    )
    price_policy: StrictBool = Field(
        description="8 医药价格政策: basic medical services follow the price policy."
    )
    credit: StrictBool = Field(
        description="9 信用制度: True when none of the listed credit grounds applies (dishonest-"
        "persons list; penalty for medical services < 1 year; earlier institution terminated "
        "for serious violation < 5 years; illegal practice/advertising/outsourcing in 2 years; "
        "same legal entity suspended/terminated/investigated in 1 year; agreement terminated "
        "< 1 or < 3 years or liability not performed; penalty not performed)."
    )
    other_refusal_grounds: StrictBool = Field(
        description="10 其他不予受理的情形: True when no other national or provincial ground for "
        "refusing the application applies."
    )


class PharmacyBasic(_Facts):
    """表2 基础指标 1–11 (retail pharmacies), each True when met."""

    operating_time: StrictBool = Field(
        description="1 经营时间: formally operating at the registered address for 3 months."
    )
    pharmacist: StrictBool = Field(
        description="2 药师配备: at least 1 licensed pharmacist (执业药师) or pharmacist with a "
        "pharmacy professional qualification registered here, on a labour contract of 1+ year."
    )
    insurance_management: StrictBool = Field(
        description="3 医保管理: at least 2 (part-time) insurance staff on 1+ year contracts."
    )
    drug_management: StrictBool = Field(
        description="4 药品管理: drugs managed by category and area (GSP), insurance drugs marked."
    )
    management_rules: StrictBool = Field(
        description="5 制度建设: insurance-drug, financial, staff, statistics and settlement rules."
    )
    information_system: StrictBool = Field(
        description="6 信息系统: system developer chosen and cooperation agreement signed."
    )
    base_database: StrictBool = Field(
        description="7 基础数据库: insurance drug database with the national insurance codes."
    )
    price_policy: StrictBool = Field(
        description="8 药品价格政策: follows the insurance drug payment-standard policy."
    )
    credit: StrictBool = Field(
        description="9 信用制度: True when none of the listed credit grounds applies "
        "(dishonest-persons list; earlier institution terminated for serious violation "
        "< 5 years; same legal entity suspended/terminated/investigated in 1 year; agreement "
        "terminated < 1 or < 3 years or liability not performed; penalty not performed)."
    )
    business_scope: StrictBool = Field(
        description="10 经营范围: licence and actual scope limited to drugs, devices, hygiene "
        "products and food of medicine-food homology, these last two on at most 20% of the area."
    )
    other_refusal_grounds: StrictBool = Field(
        description="11 其他不予受理的情形: True when no other national or provincial ground for "
        "refusing the application applies."
    )


# ---------------------------------------------------------------------------------------------
# Measured facts of the scored rows (评估指标), shared by both tables where the rows coincide
# ---------------------------------------------------------------------------------------------


class Hardware(_Facts):
    """配备医保要求的硬件装置 (表1 评估指标 3, 表2 评估指标 13; 7 points)."""

    missing_devices: StrictInt = Field(
        ge=0, description="insurance equipment items required but missing (每少配备一项, −1)"
    )
    network_isolated: StrictBool = Field(
        description="securely separated from other networks and physically from the internet "
        "(未隔离 −2)"
    )
    missing_monitoring_devices: StrictInt = Field(
        ge=0,
        le=2,
        description="of face recognition and video surveillance, devices not installed "
        "(每少安装一项, −3)",
    )
    misplaced_monitoring_positions: StrictInt = Field(
        ge=0, description="installation positions not meeting the requirements (一个位置, −1)"
    )
    unclear_monitoring_devices: StrictInt = Field(
        ge=0,
        le=2,
        description="of the installed face-recognition/video devices, kinds whose picture is "
        "not clear (一种设备不清晰, −2)",
    )

    @model_validator(mode="after")
    def _installed_before_unclear(self) -> Hardware:
        if self.missing_monitoring_devices + self.unclear_monitoring_devices > 2:
            raise ValueError(
                "unclear_monitoring_devices: a device that is missing cannot also be unclear "
                "(missing_monitoring_devices + unclear_monitoring_devices ≤ 2)"
            )
        return self


class Disclosure(_Facts):
    """信息公开制度 (表1 评估指标 4, 5 points; 表2 评估指标 3, 4 points)."""

    prices_published: StrictBool = Field(
        description="prices of drugs, services and materials published (未公开 −2)"
    )
    statements_not_provided: StrictInt = Field(
        ge=0,
        description="cases where the insured were not given the settlement/daily-cost statement "
        "(费用清单) they are owed (每例 −1)",
    )
    verified_price_complaints: StrictInt = Field(
        ge=0,
        description="verified complaints or reports about prices (查实1例: −5 medical, −4 "
        "pharmacy)",
    )
    irregular_price_labels: StrictInt = Field(
        ge=0, description="irregular pricing or price labels found (发现1例 −1)"
    )


class Premises(_Facts):
    """经营场所 of 表2 (评估指标 4, 12 points), and the first two parts of 表1's: tenure (owned 4,
    or the lease term 3/2/1/0) and floor area (bands of 6). The environment part is judged."""

    owned: StrictBool = Field(
        description="premises owned by the institution or its legal representative / person in "
        "charge (房产所有权属 … 所有): 4 points"
    )
    lease_years: StrictFloat = Field(
        default=0.0,
        ge=0,
        description="term of the lease contract in years (租赁合同年限), ignored when owned: "
        "≥3 → 3, ≥2 → 2, ≥1 → 1, <1 → 0",
    )
    floor_area_m2: StrictFloat = Field(
        ge=0, description="actual operating floor area in m² (实际经营面积)"
    )


class MedicalPremises(Premises):
    """经营场所 of 表1 (评估指标 5, 15 points)."""

    missing_rooms: StrictInt = Field(
        ge=0,
        le=3,
        description="of a separate consulting room, pharmacy and infusion room, those missing "
        "(每少一室 −1 of 3); a room a specialist institution does not need is not missing",
    )


class Physicians(_Facts):
    """医师配备情况 (表1 评估指标 7, 5 points): physicians whose first practice site is here,
    insured and registered here for 3 months or more, rehired retirees excluded."""

    junior_physicians: StrictInt = Field(
        ge=0, description="qualifying physicians without an intermediate title (初级 or none)"
    )
    intermediate_physicians: StrictInt = Field(
        ge=0, description="qualifying physicians with an intermediate title (中级, +1 each)"
    )
    senior_physicians: StrictInt = Field(
        ge=0,
        description="qualifying physicians with a deputy-senior title or above (副高及以上, +2)",
    )
    rehired_retired_physicians: StrictInt = Field(
        ge=0,
        description="rehired retired physicians of intermediate title or above with a valid "
        "labour contract and 3+ months of bank wage records (+0.5 each)",
    )


class Pharmacists(_Facts):
    """药师配备情况 (表2 评估指标 7, 5 points): pharmacists insured with the pharmacy (or its
    chain headquarters) and registered for 3 months or more; those previously insured with the
    chain headquarters are not counted ("如之前已在连锁总部参保不得分")."""

    licensed_pharmacists: StrictInt = Field(
        ge=0, description="licensed pharmacists (执业药师), +2 each beyond the required one"
    )
    other_pharmacists: StrictInt = Field(
        ge=0,
        description="pharmacists with a pharmacy/clinical pharmacy/TCM pharmacy professional "
        "qualification who are not licensed pharmacists (they fill the required place only)",
    )
    rehired_retired_pharmacists: StrictInt = Field(
        ge=0,
        description="rehired retired pharmacists with a valid labour contract and 3+ months of "
        "bank wage records (+1 each)",
    )


class Ledger(_Facts):
    """财务台账 (表1 评估指标 9, 表2 评估指标 9; 8 points)."""

    accounts: LedgerKind = Field(
        description="computerised: accounts and computerised purchase-sale-stock ledgers (8); "
        "paper_only: clear paper ledgers, none computerised (得3分); none: not established "
        "(未建立扣5分 → 3)"
    )
    mismatches: StrictInt = Field(
        ge=0,
        description="findings of accounts not matching accounts or stock (账账/账实不符, 一项 −1)",
    )


class Inventory(_Facts):
    """进销存管理 / 进销存数据传输和对应 (表1 评估指标 10, 表2 评估指标 10; 17 points), checked
    over the 3 months before the evaluation."""

    computerised: StrictBool = Field(
        description="all purchases and sales in the computerised purchase-sale-stock system "
        "(未纳入 −5)"
    )
    same_computer: StrictBool = Field(
        description="the operating computer is the one uploading to the insurance system "
        "(非同台 −3)"
    )
    mismatched_varieties: StrictInt = Field(
        ge=0,
        le=SAMPLED_VARIETIES,
        description="of the 5 sampled varieties, those whose purchase, sales and stock do not "
        "correspond (一个品种 −1)",
    )
    unbound_months: StrictInt = Field(
        ge=0, le=CHECKED_MONTHS, description="months not bound monthly (缺一个月 −2)"
    )
    incompletely_bound_months: StrictInt = Field(
        ge=0, le=CHECKED_MONTHS, description="months bound incompletely (装订不齐全 −1 each)"
    )
    missing_stocktake_months: StrictInt = Field(
        ge=0, le=CHECKED_MONTHS, description="months without a stocktake sheet (缺一个月 −2)"
    )
    stocktakes_missing_details: StrictInt = Field(
        ge=0,
        le=CHECKED_MONTHS,
        description="monthly stocktakes lacking their details (盘存明细缺失 −1 each)",
    )
    missing_purchase_fields: StrictInt = Field(
        ge=0,
        description="missing fields in purchase records (name, maker, form, spec, batch, dates, "
        "approval no., supplier, quantity, price, purchase date; 缺少一个字段 −0.2)",
    )

    @model_validator(mode="after")
    def _months_within_check(self) -> Inventory:
        if self.unbound_months + self.incompletely_bound_months > CHECKED_MONTHS:
            raise ValueError(
                "incompletely_bound_months: with unbound_months it exceeds the 3 checked months"
            )
        if self.missing_stocktake_months + self.stocktakes_missing_details > CHECKED_MONTHS:
            raise ValueError(
                "stocktakes_missing_details: with missing_stocktake_months it exceeds the 3 "
                "checked months"
            )
        return self


class Procurement(_Facts):
    """药品招采 (表1 评估指标 13, 2 points), the 3 months before the evaluation."""

    platform_purchase_percent: StrictFloat = Field(
        ge=0,
        le=100,
        description="share (%) of drugs and consumables bought through the Zhejiang 智慧医保 "
        "procurement subsystem; public institutions need 100, private ones any successful "
        "purchase (> 0)",
    )
    settled_on_time: StrictBool = Field(
        description="payments settled online on time (按时结算货款)"
    )


class MedicalLayout(_Facts):
    """场所布局 (表1 评估指标 14, 10 points)."""

    designated_in_community: StrictInt = Field(
        ge=0,
        description="designated institutions of level 2 or below (二级以下, which includes level "
        "2) already in the community, counting earlier pre-registrations in the same community",
    )
    same_type_in_community: StrictInt = Field(
        ge=0, description="of those, institutions of the applicant's type"
    )

    @model_validator(mode="after")
    def _same_type_within(self) -> MedicalLayout:
        if self.same_type_in_community > self.designated_in_community:
            raise ValueError("same_type_in_community: more than designated_in_community")
        return self


class Penalties(_Facts):
    """行政处罚记录 (表1 评估指标 15, 表2 评估指标 16; 10 points): medical-related
    administrative penalties in the 3 years before the application was accepted."""

    warnings: StrictInt = Field(
        ge=0, description="warnings or notices of criticism (警告、通报批评类), −1 each"
    )
    other_penalties: StrictInt = Field(
        ge=0, description="other penalties: one −2, two −5, three or more −10"
    )


class DisplayAreas(_Facts):
    """分区摆放 (表2 评估指标 11, 5 points)."""

    nonconforming_items: StrictInt = Field(
        ge=0,
        description="of the operating area, the insurance-drug zone and the insurance-drug "
        "counter (incl. 70% drug/device display area, labels), settings not conforming (−1 each)",
    )
    positive_list_enforced: StrictBool = Field(
        description="other goods strictly limited to the positive list (正面清单制; not → −2)"
    )


class InsuranceLabels(_Facts):
    """设立医保用药标识 (表2 评估指标 12, 2 points)."""

    labels_set: StrictBool = Field(description="insurance-drug labels set up (未设立 → 0)")
    inaccurate_labels: StrictInt = Field(ge=0, description="inaccurate labels found (每1例 −1)")


# ---------------------------------------------------------------------------------------------
# Measured facts per table
# ---------------------------------------------------------------------------------------------


class MedicalMeasured(_Facts):
    """The measured facts of 表1 评估指标 2–15 (row 1 is judged by each evaluator)."""

    unmaintained_database_entries: StrictInt = Field(
        ge=0,
        description="2 统计信息管理制度: standard database entries not maintained as required "
        "(1例 −1 of 3)",
    )
    hardware: Hardware = Field(description="3 配备医保要求的硬件装置")
    disclosure: Disclosure = Field(description="4 信息公开制度")
    premises: MedicalPremises = Field(description="5 经营场所 (the environment is judged)")
    licence_date: PastDay = Field(
        description="6 经营时间长短: approval date of the practice licence (执业许可证) the time "
        "is counted from: the oldest licence if the credit code never changed, else the newest"
    )
    physicians: Physicians = Field(description="7 医师配备情况")
    basic_account_only: StrictBool = Field(
        description="8 单位基本财务账户: all money for 1 year (or since opening) went through the "
        "institution's basic account (2 or 0)"
    )
    ledger: Ledger = Field(description="9 财务台账")
    inventory: Inventory = Field(description="10 进销存管理")
    irregular_prescriptions: StrictInt = Field(
        ge=0,
        le=SAMPLED_PRESCRIPTION_RECORDS,
        description="11 规范医疗行为: of the 8 sampled trial-run records, those unreasonable or "
        "irregular (−0.5 each)",
    )
    clinical_departments: StrictInt = Field(
        ge=1,
        description="12 诊疗科目: clinical departments (大类) on the practice licence (1 → 2, +1 "
        "each, at most 5)",
    )
    procurement: Procurement = Field(description="13 药品招采")
    layout: MedicalLayout = Field(description="14 场所布局 (exempt categories get 10)")
    penalties: Penalties = Field(description="15 行政处罚记录")


class PharmacyMeasured(_Facts):
    """The measured facts of 表2 评估指标 2–16 (row 1 is judged by each evaluator)."""

    unmaintained_database_entries: StrictInt = Field(
        ge=0,
        description="2 统计信息管理制度: standard database entries not maintained as required "
        "(1例 −1 of 3)",
    )
    disclosure: Disclosure = Field(description="3 信息公开制度")
    premises: Premises = Field(description="4 经营场所 (the environment is judged)")
    licence_date: PastDay = Field(
        description="5 经营时间长短: approval date of the drug trading licence (药品经营许可证) "
        "the time is counted from: the oldest if the credit code never changed, else the newest"
    )
    chain: StrictBool = Field(
        description="6 经营模式: True for retail chain (零售(连锁), 5), False for retail (零售, 3)"
    )
    pharmacists: Pharmacists = Field(description="7 药师配备情况")
    basic_account_only: StrictBool = Field(
        description="8 单位基本财务账户: all money for 1 year (or since opening) went through the "
        "basic account (a chain store may use its headquarters' accounts) (2 or 0)"
    )
    ledger: Ledger = Field(description="9 财务台账")
    inventory: Inventory = Field(description="10 进销存数据传输和对应")
    display: DisplayAreas = Field(description="11 分区摆放")
    insurance_labels: InsuranceLabels = Field(description="12 设立医保用药标识")
    hardware: Hardware = Field(description="13 配备医保要求的硬件装置")
    catalogue_varieties: StrictInt = Field(
        ge=0,
        description="14 药品品种: varieties stocked from the Zhejiang basic medical insurance drug "
        "catalogue (超过600 → 5 … 超过200 → 1)",
    )
    designated_pharmacies_in_community: StrictInt = Field(
        ge=0,
        description="15 场所布局: designated retail pharmacies already in the community, counting "
        "earlier pre-registrations in the same community (少于3家 → 10, else 0)",
    )
    penalties: Penalties = Field(description="16 行政处罚记录")


# ---------------------------------------------------------------------------------------------
# Evaluators' score sheets
# ---------------------------------------------------------------------------------------------


class EvaluatorSheet(_Facts):
    """One evaluation-group member's judgements (评估小组成员评分): the rows the standard leaves to
    the evaluator, in steps of 0.5."""

    evaluator_id: str = Field(
        min_length=1, max_length=64, description="the evaluator (expert-pool member) id"
    )
    rules_quality: StrictFloat = Field(
        ge=RULES_QUALITY_MIN,
        le=RULES_QUALITY_MAX,
        multiple_of=JUDGEMENT_STEP,
        description="评估指标 1 建立完善的(医保药品)管理制度: 1–2 by the rules' overall quality",
    )
    environment: StrictFloat = Field(
        ge=ENVIRONMENT_MIN,
        le=ENVIRONMENT_MAX,
        multiple_of=JUDGEMENT_STEP,
        description="经营场所 (表1 评估指标 5 / 表2 评估指标 4) part 3: comfort of the "
        "environment, 0–2 (环境舒适酌情得0-2分)",
    )


# ---------------------------------------------------------------------------------------------
# The subject
# ---------------------------------------------------------------------------------------------

MedicalCategory = Literal[
    "general",
    "level_2_or_above",
    "standardized_village",
    "community_health_station",
]


class _Subject(_Facts):
    institution_id: str = Field(
        min_length=1,
        max_length=64,
        description="the applicant's unified social credit code (统一社会信用代码) or the "
        "agency's pre-registration number",
    )
    institution_name: str = Field(min_length=1, max_length=200, description="the name")
    evaluation_date: PastDay = Field(
        description="date of the evaluation; operating time is counted up to this date"
    )
    previous_failures: StrictInt = Field(
        default=0,
        ge=0,
        description="evaluations of this application already failed (0: first evaluation; 1+: "
        "this is the re-evaluation after rectification, and failing it bars a new application "
        "for 1 year)",
    )
    evaluators: list[EvaluatorSheet] = Field(
        min_length=1,
        description="one score sheet per evaluation-group member (or one for a third party); "
        "the score is the average of their totals",
    )

    def _check(self, licence_date: date) -> None:
        ids = [sheet.evaluator_id for sheet in self.evaluators]
        if len(set(ids)) != len(ids):
            raise ValueError("evaluators: evaluator_id must be unique")
        if licence_date > self.evaluation_date:
            raise ValueError("measured.licence_date: after evaluation_date")


class MedicalInstitutionFacts(_Subject):
    """A medical institution applying for designation (表1)."""

    variant: Literal["medical_institution"] = Field(description="which table: 表1")
    category: MedicalCategory = Field(
        default="general",
        description="general; level_2_or_above (二级及以上, exempt from 场所布局); "
        "standardized_village (规范化村级医疗机构: full floor-area marks from 60 m², exempt from "
        "场所布局, rows 3/8/12 use the superior institution's facts); community_health_station "
        "(社区卫生服务站: full floor-area marks from 150 m²)",
    )
    public_institution: StrictBool = Field(
        description="public (公立) institution: 药品招采 needs a 100% platform purchase rate"
    )
    basic: MedicalBasic = Field(description="基础指标 1–10")
    measured: MedicalMeasured = Field(description="评估指标 2–15, measured once")

    @model_validator(mode="after")
    def _consistent(self) -> MedicalInstitutionFacts:
        self._check(self.measured.licence_date)
        return self


class PharmacyFacts(_Subject):
    """A retail pharmacy applying for designation (表2)."""

    variant: Literal["pharmacy"] = Field(description="which table: 表2")
    basic: PharmacyBasic = Field(description="基础指标 1–11")
    measured: PharmacyMeasured = Field(description="评估指标 2–16, measured once")

    @model_validator(mode="after")
    def _consistent(self) -> PharmacyFacts:
        self._check(self.measured.licence_date)
        return self


SubjectFacts = MedicalInstitutionFacts | PharmacyFacts


class Facts(RootModel[Annotated[SubjectFacts, Field(discriminator="variant")]]):
    """The input of the designation evaluation: one medical institution or retail pharmacy."""
