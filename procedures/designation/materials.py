"""The materials of an application (二(一)3 for medical institutions, 二(二)2 for pharmacies) and
what is missing from one, all at once (一次性告知, 二(三)2). One regulation's table and its
rule: pure, no engine."""

from __future__ import annotations

from pydantic import BaseModel

from procedures.designation.clauses import MATERIALS_CLAUSE, cite
from procedures.designation.institution import InstitutionKind
from procedures.designation.submissions import AcceptanceReview


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
