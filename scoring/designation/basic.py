"""The basic indicators (基础指标) of 附件4 表1 and 表2: pass/fail items checked once, True when
the item is met; any False makes the evaluation 不合格."""

from __future__ import annotations

from pydantic import Field

from checks.plausible import StrictBool
from scoring.designation.base import FactsModel


class MedicalBasic(FactsModel):
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


class PharmacyBasic(FactsModel):
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
