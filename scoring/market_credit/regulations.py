"""The two regulations' differences, as data: the direct-E and downgrade causes (四(二)), the
supervision measures (五) and the report's groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from pydantic import BaseModel

from scoring.exact import shown
from scoring.market_credit.params import (
    COMMITMENT_POINTS,
    COMPLAINT_POINTS,
    DAILY_SUPERVISION_POINTS,
    GENERAL_POINTS,
    HONOUR_CAP,
    INSPECTION,
    IP_AGENCY,
)
from scoring.report import Consequence


@dataclass(frozen=True)
class Cause:
    field: str  # the Facts field that establishes it
    item: str  # the clause item, e.g. "四(二)1(4)"
    text: str  # what the regulation says


def _measures(doc: str) -> dict[str, tuple[Consequence, ...]]:
    """五(一)–(五) 分级分类监管举措; the two regulations word them identically."""
    texts = {
        "A": (
            "市场监管部门及其业务主管的各类社团组织在授予荣誉称号等相关信用资格或信用资产时,"
            "可根据国家规定给予优先考虑",
            "可以免于列入“双随机、一公开”抽查名单",
            "积极向当地县级以上人民政府及有关部门、行业组织推荐,在办理资质评定、申报验证、审批审核、"
            "贷款融资等业务时,依法依规给予政策支持或倾斜",
            "行政审批中可根据国家规定享受绿色通道",
        ),
        "B": (
            "市场监管部门及其业务主管的各类社团组织授予荣誉称号等相关信用资格或信用资产时,"
            "可根据国家规定给予政策支持或倾斜",
            "降低“双随机、一公开”抽查比例和频次,一年内最多不超过1次",
            "可以建议当地县级以上人民政府及有关部门、行业组织在办理资质评定、申报验证、审批审核、"
            "贷款融资等业务时,依法依规给予政策支持或倾斜",
            "行政审批中可根据国家规定享受绿色通道",
        ),
        "C": (
            "按正常比例实施“双随机、一公开”抽查",
            "行政审批中可根据国家规定享受绿色通道",
        ),
        "D": (
            "市场监管部门及其主管的各类社团组织依法依规审慎授予其相关信用资格或信用资产",
            "实施“双随机、一公开”抽查和专项检查时,依法依规列入重点检查对象,提高抽查比例和频次,"
            "加大检查力度",
            "行政审批中不予适用告知承诺制,并依法依规实施严格审查",
            "抄告当地县级以上人民政府及有关部门、行业组织,建议采取相应的措施,依法依规实施审慎监管",
        ),
        "E": (
            "依法依规撤销其已经获取的市场监管部门及其主管的各类社团组织授予的信用资格或信用资产",
            "实施“双随机、一公开”抽查和专项检查时,依法依规列入重点检查对象,提高抽查比例和频次,"
            "加大检查力度",
            "行政审批中不予适用告知承诺制,并依法依规实施严格审查",
            "抄告当地县级以上人民政府及有关部门、行业组织,建议采取相应的措施,依法依规实施审慎监管,"
            "依法依规取消已经给予该机构的各类优惠政策和授予的各种信用资格及信用资产",
        ),
    }
    sections = {"A": "一", "B": "二", "C": "三", "D": "四", "E": "五"}
    return {
        grade: tuple(
            Consequence(text=text, clause=f"{doc} 五({sections[grade]}){number}")
            for number, text in enumerate(items, start=1)
        )
        for grade, items in texts.items()
    }


@dataclass(frozen=True)
class Regulation:
    doc: str
    guideline: str  # the inspection guideline of 附件 专用指标 1
    direct_e: tuple[Cause, ...]
    downgrade: tuple[Cause, ...]
    measures: dict[str, tuple[Consequence, ...]]

    # All the adjustment flags of a subject at once (a C-level getter over the direct-E and
    # downgrade fields): most enterprises have none set, and then no cause needs looking at.
    flags: Callable[[BaseModel], tuple[bool, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields = [cause.field for cause in (*self.direct_e, *self.downgrade)]
        object.__setattr__(self, "flags", attrgetter(*fields))


_DOWNGRADE = (
    Cause("wage_arrears", "四(二)2(1)", "近五年存在拒不支付劳动报酬的行为且数额较大或造成严重后果"),
    Cause("abnormal_operation_directory", "四(二)2(2)", "被市场监管部门列入经营异常企业名录"),
)

# 四(二)1(1)–(3): the direct-E causes both regulations list first, in the same words.
_DIRECT_E_LISTS = (
    Cause("serious_dishonesty_list", "四(二)1(1)", "被市场监管部门列入严重违法失信企业名单"),
    Cause("business_licence_revoked", "四(二)1(2)", "被吊销营业执照"),
    Cause("dishonest_judgment_debtor", "四(二)1(3)", "被列入失信被执行人"),
)

REGULATIONS: dict[str, Regulation] = {
    "inspection_body": Regulation(
        doc=INSPECTION,
        guideline="《检验检测机构检查工作指引》",
        direct_e=(
            *_DIRECT_E_LISTS,
            Cause(
                "major_accident_main_responsibility",
                "四(二)1(4)",
                "发生重大、特大安全生产、环境保护、质量安全、食品安全等事故(事件),并负主要责任",
            ),
            Cause("criminal_conviction", "四(二)1(5)", "被司法生效判决认定构成犯罪"),
        ),
        downgrade=_DOWNGRADE,
        measures=_measures(INSPECTION),
    ),
    "ip_agency": Regulation(
        doc=IP_AGENCY,
        guideline="《专利代理行为检查工作指引》或《商标代理机构执业行为检查工作指引》",
        direct_e=(
            *_DIRECT_E_LISTS,
            Cause("criminal_conviction", "四(二)1(4)", "被司法生效判决认定构成犯罪"),
        ),
        downgrade=_DOWNGRADE,
        measures=_measures(IP_AGENCY),
    ),
}

# Group ids, labels and maxima, in report order.
SPECIFIC_POINTS = DAILY_SUPERVISION_POINTS + COMMITMENT_POINTS + COMPLAINT_POINTS + HONOUR_CAP
GROUP_LABELS: tuple[tuple[str, str, float | None], ...] = (
    ("general", "通用指标", GENERAL_POINTS),
    ("specific", "专用指标", SPECIFIC_POINTS),
    ("value_add", "信用增值(加分项)", None),
)

# Lines, sub-totals and adjustments are frozen models: the ones that depend only on a few small
# counts are built once and shared (functools caches below), which keeps scoring fast enough for
# the benchmark (≥ 20,000 subjects/s with validation) without changing a single point.
CACHE_SIZE = 4096


def fmt(value: float | Decimal) -> str:
    """A number for a reason sentence: the exact decimal, integers without '.0'."""
    return shown(value)
