"""The measured facts of the scored rows (评估指标) of 附件4, one model per row, shared by both
tables where the rows coincide: what the written and on-site checks established (years, m²,
counts, yes/no findings)."""

from __future__ import annotations

from pydantic import Field, model_validator

from checks.plausible import StrictBool, StrictFloat
from scoring.designation.base import FactsModel
from scoring.designation.params import CHECKED_MONTHS, SAMPLED_VARIETIES, LedgerKind
from scoring.quantities import Count


class Hardware(FactsModel):
    """配备医保要求的硬件装置 (表1 评估指标 3, 表2 评估指标 13; 7 points)."""

    missing_devices: Count = Field(
        description="insurance equipment items required but missing (每少配备一项, −1)"
    )
    network_isolated: StrictBool = Field(
        description="securely separated from other networks and physically from the internet "
        "(未隔离 −2)"
    )
    missing_monitoring_devices: Count = Field(
        le=2,
        description="of face recognition and video surveillance, devices not installed "
        "(每少安装一项, −3)",
    )
    misplaced_monitoring_positions: Count = Field(
        description="installation positions not meeting the requirements (一个位置, −1)"
    )
    unclear_monitoring_devices: Count = Field(
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


class Disclosure(FactsModel):
    """信息公开制度 (表1 评估指标 4, 5 points; 表2 评估指标 3, 4 points)."""

    prices_published: StrictBool = Field(
        description="prices of drugs, services and materials published (未公开 −2)"
    )
    statements_not_provided: Count = Field(
        description="cases where the insured were not given the settlement/daily-cost statement "
        "(费用清单) they are owed (每例 −1)",
    )
    verified_price_complaints: Count = Field(
        description="verified complaints or reports about prices (查实1例: −5 medical, −4 "
        "pharmacy)",
    )
    irregular_price_labels: Count = Field(
        description="irregular pricing or price labels found (发现1例 −1)"
    )


class Premises(FactsModel):
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

    missing_rooms: Count = Field(
        le=3,
        description="of a separate consulting room, pharmacy and infusion room, those missing "
        "(每少一室 −1 of 3); a room a specialist institution does not need is not missing",
    )


class Physicians(FactsModel):
    """医师配备情况 (表1 评估指标 7, 5 points): physicians whose first practice site is here,
    insured and registered here for 3 months or more, rehired retirees excluded."""

    junior_physicians: Count = Field(
        description="qualifying physicians without an intermediate title (初级 or none)"
    )
    intermediate_physicians: Count = Field(
        description="qualifying physicians with an intermediate title (中级, +1 each)"
    )
    senior_physicians: Count = Field(
        description="qualifying physicians with a deputy-senior title or above (副高及以上, +2)",
    )
    rehired_retired_physicians: Count = Field(
        description="rehired retired physicians of intermediate title or above with a valid "
        "labour contract and 3+ months of bank wage records (+0.5 each)",
    )


class Pharmacists(FactsModel):
    """药师配备情况 (表2 评估指标 7, 5 points): pharmacists insured with the pharmacy (or its
    chain headquarters) and registered for 3 months or more; those previously insured with the
    chain headquarters are not counted ("如之前已在连锁总部参保不得分")."""

    licensed_pharmacists: Count = Field(
        description="licensed pharmacists (执业药师), +2 each beyond the required one"
    )
    other_pharmacists: Count = Field(
        description="pharmacists with a pharmacy/clinical pharmacy/TCM pharmacy professional "
        "qualification who are not licensed pharmacists (they fill the required place only)",
    )
    rehired_retired_pharmacists: Count = Field(
        description="rehired retired pharmacists with a valid labour contract and 3+ months of "
        "bank wage records (+1 each)",
    )


class Ledger(FactsModel):
    """财务台账 (表1 评估指标 9, 表2 评估指标 9; 8 points)."""

    accounts: LedgerKind = Field(
        description="computerised: accounts and computerised purchase-sale-stock ledgers (8); "
        "paper_only: clear paper ledgers, none computerised (得3分); none: not established "
        "(未建立扣5分 → 3)"
    )
    mismatches: Count = Field(
        description="findings of accounts not matching accounts or stock (账账/账实不符, 一项 −1)",
    )


class Inventory(FactsModel):
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
    mismatched_varieties: Count = Field(
        le=SAMPLED_VARIETIES,
        description="of the 5 sampled varieties, those whose purchase, sales and stock do not "
        "correspond (一个品种 −1)",
    )
    unbound_months: Count = Field(
        le=CHECKED_MONTHS, description="months not bound monthly (缺一个月 −2)"
    )
    incompletely_bound_months: Count = Field(
        le=CHECKED_MONTHS, description="months bound incompletely (装订不齐全 −1 each)"
    )
    missing_stocktake_months: Count = Field(
        le=CHECKED_MONTHS, description="months without a stocktake sheet (缺一个月 −2)"
    )
    stocktakes_missing_details: Count = Field(
        le=CHECKED_MONTHS,
        description="monthly stocktakes lacking their details (盘存明细缺失 −1 each)",
    )
    missing_purchase_fields: Count = Field(
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


class Procurement(FactsModel):
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


class MedicalLayout(FactsModel):
    """场所布局 (表1 评估指标 14, 10 points)."""

    designated_in_community: Count = Field(
        description="designated institutions of level 2 or below (二级以下, which includes level "
        "2) already in the community, counting earlier pre-registrations in the same community",
    )
    same_type_in_community: Count = Field(
        description="of those, institutions of the applicant's type"
    )

    @model_validator(mode="after")
    def _same_type_within(self) -> MedicalLayout:
        if self.same_type_in_community > self.designated_in_community:
            raise ValueError("same_type_in_community: more than designated_in_community")
        return self


class Penalties(FactsModel):
    """行政处罚记录 (表1 评估指标 15, 表2 评估指标 16; 10 points): medical-related
    administrative penalties in the 3 years before the application was accepted."""

    warnings: Count = Field(
        description="warnings or notices of criticism (警告、通报批评类), −1 each"
    )
    other_penalties: Count = Field(description="other penalties: one −2, two −5, three or more −10")


class DisplayAreas(FactsModel):
    """分区摆放 (表2 评估指标 11, 5 points)."""

    nonconforming_items: Count = Field(
        description="of the operating area, the insurance-drug zone and the insurance-drug "
        "counter (incl. 70% drug/device display area, labels), settings not conforming (−1 each)",
    )
    positive_list_enforced: StrictBool = Field(
        description="other goods strictly limited to the positive list (正面清单制; not → −2)"
    )


class InsuranceLabels(FactsModel):
    """设立医保用药标识 (表2 评估指标 12, 2 points)."""

    labels_set: StrictBool = Field(description="insurance-drug labels set up (未设立 → 0)")
    inaccurate_labels: Count = Field(description="inaccurate labels found (每1例 −1)")
