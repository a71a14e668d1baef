"""Market-regulation credit evaluation (市场监管信用评价) of inspection bodies and IP agencies.

Two regulations of the Quzhou market-regulation bureau share one 1000-point scheme and differ in
a few rows, so one module scores both, each line citing its own regulation:

- variant ``inspection_body``: 衢州市检验检测机构信用评价与监管办法(试行) 衢市监规〔2021〕3号;
- variant ``ip_agency``: 衢州市知识产权代理机构信用评价与监管办法(试行) 衢市监规〔2021〕2号.

Total 1000 (三) = general indicators 500, converted from the Zhejiang enterprise public credit
evaluation, + specific indicators 500 (附件 专用指标 1–4), plus the credit value-add bonus
(附件 专用指标 5) beyond the 1000. The grade A–E (四(一)) is taken on the unrounded total, then
adjusted (四(二)): direct E, or one grade down (once); IP agencies founded less than 12 months
before the evaluation start are not graded (四(一), 暂不定级). The grade's supervision measures
(五) are the report's consequences.

Nothing here is rounded: the regulations fix no rounding, and the bands apply to the raw total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from checks.plausible import PastDay, StrictBool, StrictFloat, StrictInt
from checks.uscc import Uscc
from periods.months import months_later
from scoring.report import (
    Adjustment,
    Consequence,
    GroupTotal,
    ScoreLine,
    ScoreReport,
)

KIND = "market-credit"

INSPECTION = "衢市监规〔2021〕3号"
IP_AGENCY = "衢市监规〔2021〕2号"

# ---------------------------------------------------------------------------------------------
# Parameters (the regulations' numbers, and the choices where they leave something open)
# ---------------------------------------------------------------------------------------------

MAX_TOTAL = 1000.0  # 三: 评价指标总分1000分

# 三: 通用指标 共500分, "根据浙江省企业公共信用评价结果折算". The regulations do not say how;
# we convert proportionally: points = provincial score / provincial scale × 500, unrounded.
# The provincial scale is a fact (`provincial_scale`, default DEFAULT_PROVINCIAL_SCALE).
GENERAL_POINTS = 500.0
DEFAULT_PROVINCIAL_SCALE = 1000.0

# 附件 专用指标 1–3: base points and deductions, each row 扣完为止 (stops at zero).
DAILY_SUPERVISION_POINTS = 300.0
DEDUCTION_PER_FAILED_CHECK_ITEM = 10.0
COMMITMENT_POINTS = 100.0
DEDUCTION_PER_UNFULFILLED_COMMITMENT = 20.0
COMPLAINT_POINTS = 50.0
DEDUCTION_PER_COMPLAINT = 5.0
# "经督促未及时处理的,双倍扣分": a complaint not handled in time after urging costs double
# (2 × 5 = 10) instead of 5, not 5 + 10.
DEDUCTION_PER_UNHANDLED_COMPLAINT = 2 * DEDUCTION_PER_COMPLAINT

# 附件 专用指标 4: 加分封顶50分.
HONOUR_CAP = 50.0

# 附件 专用指标 4 of 衢市监规〔2021〕3号 ends "加分按当次最高分计,不重复计分,加分封顶50分".
# Read literally ("the bonus is the highest score of this evaluation, no double counting"), only
# the single highest-scoring item counts: INSPECTION_HONOURS_RULE = "highest" (the default; it
# is also how procedures.md §5a summarises it). The other reading, "each achievement counts once,
# at its highest row, and achievements add up to the 50 cap", is "per_achievement". Both treat
# entries with the same `title` as one achievement. Under "highest" the 50 cap never binds (the
# top row, 国家级科技三大奖, is itself 50); under "per_achievement" it does.
InspectionHonoursRule = Literal["highest", "per_achievement"]
INSPECTION_HONOURS_RULE: InspectionHonoursRule = "highest"

# 附件 专用指标 5: 每项加20分, a bonus beyond the 1000 (权重: 加分项).
POINTS_PER_CREDIT_TITLE = 20.0

# 四(一) grade table, as procedures.md "Interpretation of score bands" closes its gaps for
# fractional totals: A ≥ 851; 751 ≤ B < 851; 551 ≤ C < 751; 450 < D < 551; E ≤ 450.
GRADE_A_FROM = 851.0  # "851分(含)以上"
GRADE_B_FROM = 751.0
GRADE_C_FROM = 551.0
GRADE_E_UP_TO = 450.0  # "450分(含)以下"; D is everything above this and below GRADE_C_FROM
GRADES = ("A", "B", "C", "D", "E")

# 衢市监规〔2021〕2号 四(一): "至评价开始日成立未满12个月的企业暂不定级". Months are counted
# as procedures.md §0 counts them: N months after the founding date is the same day number N
# months later, or that month's last day where it has no such day. The agency has its 12 months
# when the evaluation start is on or after that day, so founded 2025-03-15 with the evaluation
# starting 2026-03-15 is graded, starting 2026-03-14 is not; founded 2024-02-29 is graded from
# 2025-02-28. (The rest-day extension of §0 is for acts due by a deadline, not for an age.)
NOT_GRADED_MONTHS = 12

# A not-graded IP agency has no grade to set to E or to lower: 暂不定级 is unconditional in
# 四(一), while 四(二) adjusts "受评机构"'s grade. By default the grade stays None and the causes
# found are listed in the report's notes; True sets grade E anyway when a direct-E cause applies.
DIRECT_E_OVERRIDES_NOT_GRADED = False

# ---------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------


InspectionHonourCategory = Literal[
    "research_project_municipal",
    "research_project_provincial",
    "research_project_national",
    "honour_municipal",
    "standard_local_or_group",
    "committee_local",
    "invention_patent",
    "honour_provincial",
    "standard_industry",
    "committee_industry",
    "honour_national",
    "standard_national",
    "committee_national",
    "science_award_provincial",
    "science_award_national",
]

# 衢市监规〔2021〕3号 附件 专用指标 4, row by row: points per item and the original wording.
INSPECTION_HONOUR_POINTS: dict[str, tuple[float, str]] = {
    "research_project_municipal": (5.0, "主持市厅级科研项目或课题"),
    "research_project_provincial": (10.0, "主持省级科研项目或课题"),
    "research_project_national": (15.0, "主持国家级科研项目或课题"),
    "honour_municipal": (10.0, "获得市厅级荣誉奖励"),
    "standard_local_or_group": (10.0, "主编地方标准或国家级团体标准"),
    "committee_local": (10.0, "入选地方标准化技术委员会"),
    "invention_patent": (10.0, "自主研发获得本专业国家发明专利"),
    "honour_provincial": (15.0, "获得省级荣誉奖励"),
    "standard_industry": (15.0, "主编行业标准"),
    "committee_industry": (15.0, "入选行业标准化技术委员会"),
    "honour_national": (20.0, "获得国家高新技术企业等国家级荣誉奖励"),
    "standard_national": (20.0, "主编国家标准"),
    "committee_national": (20.0, "入选国家标准化技术委员会"),
    "science_award_provincial": (30.0, "获得省级科技三大奖"),
    "science_award_national": (50.0, "获得国家级科技三大奖"),
}

HonourLevel = Literal["municipal", "provincial", "national"]

# 衢市监规〔2021〕2号 附件 专用指标 4.
IP_HONOUR_POINTS: dict[str, tuple[float, str]] = {
    "municipal": (10.0, "市厅级荣誉奖励"),
    "provincial": (15.0, "省级荣誉奖励"),
    "national": (20.0, "国家级荣誉奖励"),
}


class InspectionHonour(BaseModel):
    """One honour or achievement (荣誉奖励) of an inspection body in the last 12 months."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(
        min_length=1,
        max_length=200,
        description="name of the project, award, standard, committee or patent; entries with "
        "the same title are one achievement, counted once (不重复计分)",
    )
    category: InspectionHonourCategory = Field(
        description="the row of 附件 专用指标 4 it falls under, e.g. 'standard_industry' "
        "(主编行业标准, 15 points)",
    )


class IpHonour(BaseModel):
    """One honour (荣誉奖励) of an IP agency in the last 12 months."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200, description="name of the honour")
    level: HonourLevel = Field(
        description="level of the awarding body: municipal (市厅级, 10), provincial (省级, 15), "
        "national (国家级, 20)",
    )


def _at_most(
    facts: BaseModel, field: str, limit: str, *, beyond: str = "exceeds", why: str = ""
) -> None:
    """Refuse facts whose `field` goes beyond the `limit` field, naming both values."""
    value, bound = getattr(facts, field), getattr(facts, limit)
    if value > bound:
        raise ValueError(f"{field} {value} {beyond} {limit} {bound}{why}")


class _CommonFacts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: Uscc = Field(
        description="unified social credit code (统一社会信用代码), 18 characters with a "
        "GB 32100-2015 check character",
    )
    name: str = Field(min_length=1, max_length=200, description="registered name of the enterprise")
    evaluation_start: PastDay = Field(
        description="evaluation start date (评价开始日); the 12-month windows below end here",
    )
    provincial_public_credit_score: StrictFloat = Field(
        ge=0,
        allow_inf_nan=False,
        description="the enterprise's Zhejiang enterprise public credit evaluation score "
        "(浙江省企业公共信用评价), on `provincial_scale`",
    )
    provincial_scale: StrictFloat = Field(
        default=DEFAULT_PROVINCIAL_SCALE,
        gt=0,
        allow_inf_nan=False,
        description="full score of the provincial evaluation; the general indicators are "
        "score / scale × 500",
    )
    failed_check_items: StrictInt = Field(
        ge=0,
        description="check items found non-conforming (不合格) in daily supervision by the "
        "competent market-regulation department in the last 12 months, per the provincial "
        "inspection guideline",
    )
    unfulfilled_commitments: StrictInt = Field(
        ge=0,
        description="verified cases of a commitment not fulfilled (未履行承诺事项被查实) in "
        "commitment-based approvals in Quzhou in the last 12 months (first evaluation: up to "
        "the evaluation start)",
    )
    verified_complaints: StrictInt = Field(
        ge=0,
        description="complaints and reports received by market regulation in the last 12 months "
        "and verified (投诉举报被查实), all of them, including those counted in "
        "`complaints_not_handled_after_urging`",
    )
    complaints_not_handled_after_urging: StrictInt = Field(
        ge=0,
        description="of `verified_complaints`, those not handled in time after urging "
        "(经督促未及时处理); they cost double",
    )
    contract_abiding_aaa: StrictBool = Field(
        default=False,
        description="holds the title 重合同守信用AAA级单位, obtained in the last 12 months "
        "(first evaluation: up to the evaluation start)",
    )
    credit_management_demonstration: StrictBool = Field(
        default=False,
        description="holds the title 浙江省信用管理示范企业, obtained in the last 12 months "
        "(first evaluation: up to the evaluation start)",
    )
    serious_dishonesty_list: StrictBool = Field(
        description="listed by market regulation as a seriously illegal and dishonest enterprise "
        "(列入严重违法失信企业名单)",
    )
    business_licence_revoked: StrictBool = Field(
        description="business licence revoked (被吊销营业执照)",
    )
    dishonest_judgment_debtor: StrictBool = Field(
        description="listed as a dishonest judgment debtor (列入失信被执行人)",
    )
    criminal_conviction: StrictBool = Field(
        description="found guilty of a crime by an effective judgment, published or copied to "
        "market regulation (被司法生效判决认定构成犯罪)",
    )
    wage_arrears: StrictBool = Field(
        description="in the last five years refused to pay wages, in a large amount or with "
        "serious consequences (拒不支付劳动报酬且数额较大或造成严重后果)",
    )
    abnormal_operation_directory: StrictBool = Field(
        description="listed by market regulation in the directory of enterprises with abnormal "
        "operations (列入经营异常企业名录)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> _CommonFacts:
        _at_most(self, "provincial_public_credit_score", "provincial_scale")
        _at_most(
            self,
            "complaints_not_handled_after_urging",
            "verified_complaints",
            why=" (it counts a subset)",
        )
        return self


class InspectionBodyFacts(_CommonFacts):
    """An inspection and testing body (检验检测机构), 衢市监规〔2021〕3号."""

    variant: Literal["inspection_body"] = Field(description="检验检测机构, 衢市监规〔2021〕3号")
    major_accident_main_responsibility: StrictBool = Field(
        description="main responsibility for a major or especially serious safety, environmental, "
        "quality or food-safety accident, published or copied to market regulation "
        "(发生重大、特大事故并负主要责任)",
    )
    honours: list[InspectionHonour] = Field(
        default_factory=list,
        description="research projects, awards, standards, committees and patents of the last "
        "12 months (first evaluation: up to the evaluation start), 附件 专用指标 4",
    )


class IpAgencyFacts(_CommonFacts):
    """An intellectual-property agency (知识产权代理机构), 衢市监规〔2021〕2号."""

    variant: Literal["ip_agency"] = Field(description="知识产权代理机构, 衢市监规〔2021〕2号")
    founded_on: PastDay = Field(
        description="date the enterprise was established (成立日期); under 12 months before the "
        "evaluation start → not graded",
    )
    honours: list[IpHonour] = Field(
        default_factory=list,
        description="honours of the last 12 months (first evaluation: up to the evaluation "
        "start), 附件 专用指标 4",
    )

    @model_validator(mode="after")
    def _founded_before_evaluation(self) -> IpAgencyFacts:
        _at_most(self, "founded_on", "evaluation_start", beyond="is after")
        return self


SubjectFacts = InspectionBodyFacts | IpAgencyFacts


class Facts(RootModel[Annotated[SubjectFacts, Field(discriminator="variant")]]):
    """The facts of one evaluated enterprise; `variant` picks the regulation."""


# ---------------------------------------------------------------------------------------------
# The two regulations' differences, as data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cause:
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
class _Regulation:
    doc: str
    guideline: str  # the inspection guideline of 附件 专用指标 1
    direct_e: tuple[_Cause, ...]
    downgrade: tuple[_Cause, ...]
    measures: dict[str, tuple[Consequence, ...]]

    # All the adjustment flags of a subject at once (a C-level getter over the direct-E and
    # downgrade fields): most enterprises have none set, and then no cause needs looking at.
    flags: Callable[[BaseModel], tuple[bool, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields = [cause.field for cause in (*self.direct_e, *self.downgrade)]
        object.__setattr__(self, "flags", attrgetter(*fields))


_DOWNGRADE = (
    _Cause(
        "wage_arrears", "四(二)2(1)", "近五年存在拒不支付劳动报酬的行为且数额较大或造成严重后果"
    ),
    _Cause("abnormal_operation_directory", "四(二)2(2)", "被市场监管部门列入经营异常企业名录"),
)

# 四(二)1(1)–(3): the direct-E causes both regulations list first, in the same words.
_DIRECT_E_LISTS = (
    _Cause("serious_dishonesty_list", "四(二)1(1)", "被市场监管部门列入严重违法失信企业名单"),
    _Cause("business_licence_revoked", "四(二)1(2)", "被吊销营业执照"),
    _Cause("dishonest_judgment_debtor", "四(二)1(3)", "被列入失信被执行人"),
)

_REGULATIONS: dict[str, _Regulation] = {
    "inspection_body": _Regulation(
        doc=INSPECTION,
        guideline="《检验检测机构检查工作指引》",
        direct_e=(
            *_DIRECT_E_LISTS,
            _Cause(
                "major_accident_main_responsibility",
                "四(二)1(4)",
                "发生重大、特大安全生产、环境保护、质量安全、食品安全等事故(事件),并负主要责任",
            ),
            _Cause("criminal_conviction", "四(二)1(5)", "被司法生效判决认定构成犯罪"),
        ),
        downgrade=_DOWNGRADE,
        measures=_measures(INSPECTION),
    ),
    "ip_agency": _Regulation(
        doc=IP_AGENCY,
        guideline="《专利代理行为检查工作指引》或《商标代理机构执业行为检查工作指引》",
        direct_e=(
            *_DIRECT_E_LISTS,
            _Cause("criminal_conviction", "四(二)1(4)", "被司法生效判决认定构成犯罪"),
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
_CACHE = 4096


def _n(value: float) -> str:
    """A number for a reason sentence: integers without '.0', fractions unrounded."""
    return str(int(value)) if value == int(value) else repr(value)


# ---------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=_CACHE)
def general_line(doc: str, provincial: float, scale: float) -> ScoreLine:
    """通用指标: the provincial public credit score converted proportionally to 500 (三)."""
    points = provincial / scale * GENERAL_POINTS
    return ScoreLine(
        indicator="general.public_credit",
        group="general",
        label="通用指标(浙江省企业公共信用评价折算)",
        points=points,
        max_points=GENERAL_POINTS,
        reason=f"provincial public credit score {_n(provincial)} of {_n(scale)}, "
        f"converted proportionally to {_n(GENERAL_POINTS)}: {_n(points)}",
        clause=f"{doc} 三",
    )


def _specific_line(
    name: str, label: str, points: float, maximum: float, reason: str, clause: str
) -> ScoreLine:
    """A line of the specific indicators (附件 专用指标 1–4)."""
    return ScoreLine(
        indicator=f"specific.{name}",
        group="specific",
        label=label,
        points=points,
        max_points=maximum,
        reason=reason,
        clause=clause,
    )


def _per_finding_line(
    name: str, label: str, base: float, per: float, findings: str, count: int, clause: str
) -> ScoreLine:
    """`base` points, `per` off for each of `count` findings, 扣完为止 (stops at zero)."""
    points = max(0.0, base - per * count)
    reason = f"{count} {findings} × {_n(per)}, to zero: {_n(points)} of {_n(base)}"
    return _specific_line(name, label, points, base, reason, clause)


@lru_cache(maxsize=_CACHE)
def daily_supervision_line(variant: str, failed: int) -> ScoreLine:
    """日常监管情况: 300, −10 per failed check item, 扣完为止 (附件 专用指标 1)."""
    regulation = _REGULATIONS[variant]
    return _per_finding_line(
        "daily_supervision",
        "日常监管情况",
        DAILY_SUPERVISION_POINTS,
        DEDUCTION_PER_FAILED_CHECK_ITEM,
        f"failed check item(s) under {regulation.guideline}",
        failed,
        f"{regulation.doc} 附件 专用指标 1",
    )


@lru_cache(maxsize=_CACHE)
def commitments_line(doc: str, unfulfilled: int) -> ScoreLine:
    """承诺履约情况: 100, −20 per verified unfulfilled commitment, 扣完为止 (附件 专用指标 2)."""
    return _per_finding_line(
        "commitments",
        "承诺履约情况",
        COMMITMENT_POINTS,
        DEDUCTION_PER_UNFULFILLED_COMMITMENT,
        "verified unfulfilled commitment(s)",
        unfulfilled,
        f"{doc} 附件 专用指标 2",
    )


@lru_cache(maxsize=_CACHE)
def complaints_line(doc: str, verified: int, unhandled: int) -> ScoreLine:
    """投诉举报情况: 50, −5 per verified complaint, double (−10) for one not handled in time
    after urging, 扣完为止 (附件 专用指标 3). `unhandled` is part of `verified`."""
    handled = verified - unhandled
    deduction = DEDUCTION_PER_COMPLAINT * handled + DEDUCTION_PER_UNHANDLED_COMPLAINT * unhandled
    points = max(0.0, COMPLAINT_POINTS - deduction)
    return _specific_line(
        "complaints",
        "投诉举报情况",
        points,
        COMPLAINT_POINTS,
        f"{verified} verified complaint(s): {handled} × {_n(DEDUCTION_PER_COMPLAINT)}, "
        f"{unhandled} not handled in time after urging × "
        f"{_n(DEDUCTION_PER_UNHANDLED_COMPLAINT)} (double): −{_n(deduction)}, to zero: "
        f"{_n(points)} of {_n(COMPLAINT_POINTS)}",
        f"{doc} 附件 专用指标 3",
    )


def _honours_line(doc: str, points: float, reason: str) -> ScoreLine:
    """荣誉奖励情况 (附件 专用指标 4), capped at HONOUR_CAP."""
    return _specific_line(
        "honours", "荣誉奖励情况", points, HONOUR_CAP, reason, f"{doc} 附件 专用指标 4"
    )


@lru_cache(maxsize=4)
def _no_honours_line(doc: str) -> ScoreLine:
    return _honours_line(doc, 0.0, "no honours or awards in the period: 0")


def inspection_honours_line(honours: list[InspectionHonour]) -> ScoreLine:
    """荣誉奖励情况 of an inspection body (附件 专用指标 4): "加分按当次最高分计,不重复计分,
    加分封顶50分", read as INSPECTION_HONOURS_RULE says."""
    if not honours:
        return _no_honours_line(INSPECTION)
    # One achievement (one title) counts once, at the highest of its rows (不重复计分).
    best: dict[str, tuple[float, str]] = {}
    for honour in honours:
        row = INSPECTION_HONOUR_POINTS[honour.category]
        if honour.title not in best or row[0] > best[honour.title][0]:
            best[honour.title] = row
    if INSPECTION_HONOURS_RULE == "highest":
        top_title, (top, top_row) = max(best.items(), key=lambda item: item[1][0])
        points = min(top, HONOUR_CAP)
        how = (
            f"{len(best)} achievement(s), counted by the highest item only "
            f"(按当次最高分计, 不重复计分): {top_row} ({top_title}) {_n(top)}"
        )
    else:
        raw = sum(row[0] for row in best.values())
        points = min(raw, HONOUR_CAP)
        how = (
            f"{len(best)} achievement(s), each once at its highest row: "
            + ", ".join(f"{row[1]} {_n(row[0])}" for row in best.values())
            + f" = {_n(raw)}"
        )
    return _honours_line(INSPECTION, points, f"{how}, capped at {_n(HONOUR_CAP)}: {_n(points)}")


def ip_honours_line(honours: list[IpHonour]) -> ScoreLine:
    """荣誉奖励情况 of an IP agency (附件 专用指标 4): +10/15/20 per municipal/provincial/
    national honour, capped at 50."""
    if not honours:
        return _no_honours_line(IP_AGENCY)
    counts = {"municipal": 0, "provincial": 0, "national": 0}
    for honour in honours:
        counts[honour.level] += 1
    return _ip_honours_line(counts["municipal"], counts["provincial"], counts["national"])


@lru_cache(maxsize=_CACHE)
def _ip_honours_line(municipal: int, provincial: int, national: int) -> ScoreLine:
    raw = (
        IP_HONOUR_POINTS["municipal"][0] * municipal
        + IP_HONOUR_POINTS["provincial"][0] * provincial
        + IP_HONOUR_POINTS["national"][0] * national
    )
    points = min(raw, HONOUR_CAP)
    return _honours_line(
        IP_AGENCY,
        points,
        f"{municipal} municipal × {_n(IP_HONOUR_POINTS['municipal'][0])}, "
        f"{provincial} provincial × {_n(IP_HONOUR_POINTS['provincial'][0])}, "
        f"{national} national × {_n(IP_HONOUR_POINTS['national'][0])} = {_n(raw)}, "
        f"capped at {_n(HONOUR_CAP)}: {_n(points)}",
    )


@lru_cache(maxsize=8)
def value_add_line(doc: str, contract_abiding_aaa: bool, demonstration: bool) -> ScoreLine:
    """信用增值情况: +20 per title, a bonus beyond the 1000 (附件 专用指标 5)."""
    titles = [
        title
        for title, held in (
            ("重合同守信用AAA级单位", contract_abiding_aaa),
            ("浙江省信用管理示范企业", demonstration),
        )
        if held
    ]
    points = POINTS_PER_CREDIT_TITLE * len(titles)
    held_text = "、".join(titles) if titles else "no credit title"
    return ScoreLine(
        indicator="value_add.credit_titles",
        group="value_add",
        label="信用增值情况",
        points=points,
        max_points=None,
        reason=f"{held_text}: {len(titles)} × {_n(POINTS_PER_CREDIT_TITLE)} bonus = {_n(points)}",
        clause=f"{doc} 附件 专用指标 5",
    )


@lru_cache(maxsize=_CACHE)
def _group_total(index: int, points: float) -> GroupTotal:
    group, label, maximum = GROUP_LABELS[index]
    return GroupTotal(group=group, label=label, points=points, max_points=maximum)


# ---------------------------------------------------------------------------------------------
# Grade, adjustments, consequences
# ---------------------------------------------------------------------------------------------


def grade_for(total: float) -> str:
    """四(一) 信用等级 of an unrounded total (procedures.md's gap-free reading of the table)."""
    if total >= GRADE_A_FROM:
        return "A"
    if total >= GRADE_B_FROM:
        return "B"
    if total >= GRADE_C_FROM:
        return "C"
    if total > GRADE_E_UP_TO:
        return "D"
    return "E"


BAND_TEXT = {
    "A": f"total ≥ {_n(GRADE_A_FROM)}",
    "B": f"{_n(GRADE_B_FROM)} ≤ total < {_n(GRADE_A_FROM)}",
    "C": f"{_n(GRADE_C_FROM)} ≤ total < {_n(GRADE_B_FROM)}",
    "D": f"{_n(GRADE_E_UP_TO)} < total < {_n(GRADE_C_FROM)}",
    "E": f"total ≤ {_n(GRADE_E_UP_TO)}",
}


@lru_cache(maxsize=16)
def _band_note(doc: str, grade: str) -> str:
    return f"the total is in band {grade} ({BAND_TEXT[grade]}, {doc} 四(一))"


def is_not_graded(founded_on: date, evaluation_start: date) -> bool:
    """成立未满12个月 (衢市监规〔2021〕2号 四(一)), months counted as procedures.md §0 counts."""
    if (evaluation_start - founded_on).days > 31 * NOT_GRADED_MONTHS:
        return False  # surely past (a month has at most 31 days): skip the month arithmetic
    return evaluation_start < months_later(founded_on, NOT_GRADED_MONTHS)


@lru_cache(maxsize=256)
def _direct_e(doc: str, cause: _Cause, base: str) -> Adjustment:
    return Adjustment(
        kind="direct_grade",
        effect=f"{base} → E" if base != "E" else "E (already E by the total)",
        reason=f"{cause.text}: the grade is E directly",
        clause=f"{doc} {cause.item}",
    )


@lru_cache(maxsize=256)
def _downgrade(doc: str, cause: _Cause, base: str, first: bool) -> Adjustment:
    if first:
        lowered = GRADES[min(GRADES.index(base) + 1, len(GRADES) - 1)]
        effect = f"{base} → {lowered}" if lowered != base else "E stays E (lowest grade)"
        reason = f"{cause.text}: one grade down"
    else:
        effect = "no further downgrade (不重复下调)"
        reason = f"{cause.text}: several downgrade causes lower the grade only once"
    return Adjustment(kind="downgrade", effect=effect, reason=reason, clause=f"{doc} {cause.item}")


def _adjust(
    subject: SubjectFacts, regulation: _Regulation, base: str, notes: list[str]
) -> tuple[str | None, list[Adjustment]]:
    """四(二) 等级调整 and, for IP agencies, 四(一) 暂不定级: the final grade and why."""
    young = isinstance(subject, IpAgencyFacts) and is_not_graded(
        subject.founded_on, subject.evaluation_start
    )
    if not young and not any(regulation.flags(subject)):
        return base, []
    doc = regulation.doc
    direct_e = [cause for cause in regulation.direct_e if getattr(subject, cause.field)]
    downgrade = [cause for cause in regulation.downgrade if getattr(subject, cause.field)]
    if young:
        assert isinstance(subject, IpAgencyFacts)
        full = months_later(subject.founded_on, NOT_GRADED_MONTHS)
        if not (direct_e and DIRECT_E_OVERRIDES_NOT_GRADED):
            for cause in (*direct_e, *downgrade):
                notes.append(
                    f"{cause.text} ({doc} {cause.item}) found, but a not-graded enterprise has "
                    "no grade to adjust"
                )
            not_graded = Adjustment(
                kind="not_graded",
                effect="not graded (暂不定级)",
                reason=f"founded {subject.founded_on.isoformat()}, less than "
                f"{NOT_GRADED_MONTHS} months before the evaluation start "
                f"{subject.evaluation_start.isoformat()} (12 months full on {full.isoformat()})",
                clause=f"{doc} 四(一)",
            )
            return None, [not_graded]
        notes.append(
            f"founded less than {NOT_GRADED_MONTHS} months before the evaluation start "
            f"({doc} 四(一) 暂不定级), graded E anyway (DIRECT_E_OVERRIDES_NOT_GRADED)"
        )
    if direct_e:
        # Direct E wins over a downgrade, which then has nothing left to do.
        for cause in downgrade:
            notes.append(
                f"{cause.text} ({doc} {cause.item}) found; no further effect, the grade is "
                "already E directly"
            )
        return "E", [_direct_e(doc, cause, base) for cause in direct_e]
    if downgrade:
        adjustments = [
            _downgrade(doc, cause, base, index == 0) for index, cause in enumerate(downgrade)
        ]
        return GRADES[min(GRADES.index(base) + 1, len(GRADES) - 1)], adjustments
    return base, []


def score(facts: Facts) -> ScoreReport:
    """Score one enterprise: lines, the grade on the unrounded total, its adjustments and the
    supervision measures (五) of the resulting grade."""
    subject = facts.root
    variant = subject.variant
    regulation = _REGULATIONS[variant]
    doc = regulation.doc
    general = general_line(doc, subject.provincial_public_credit_score, subject.provincial_scale)
    supervision = daily_supervision_line(variant, subject.failed_check_items)
    commitments = commitments_line(doc, subject.unfulfilled_commitments)
    complaints = complaints_line(
        doc, subject.verified_complaints, subject.complaints_not_handled_after_urging
    )
    honours = (
        inspection_honours_line(subject.honours)
        if isinstance(subject, InspectionBodyFacts)
        else ip_honours_line(subject.honours)
    )
    bonus = value_add_line(
        doc, subject.contract_abiding_aaa, subject.credit_management_demonstration
    )
    lines = [general, supervision, commitments, complaints, honours, bonus]
    # Every line of this module has points; the `or 0.0` is for the type (points: float | None).
    specific = (
        (supervision.points or 0.0)
        + (commitments.points or 0.0)
        + (complaints.points or 0.0)
        + (honours.points or 0.0)
    )
    total = 0.0
    for line in lines:
        total += line.points or 0.0

    base = grade_for(total)
    notes = [_band_note(doc, base)]
    grade, adjustments = _adjust(subject, regulation, base, notes)
    return ScoreReport(
        kind=KIND,
        variant=variant,
        subject_id=subject.subject_id,
        total=total,
        max_total=MAX_TOTAL,
        grade=grade,
        groups=[
            _group_total(0, general.points or 0.0),
            _group_total(1, specific),
            _group_total(2, bonus.points or 0.0),
        ],
        lines=lines,
        adjustments=adjustments,
        consequences=list(regulation.measures[grade]) if grade is not None else [],
        notes=notes,
    )
