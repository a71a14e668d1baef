"""The facts of one evaluated enterprise, validated; `variant` picks the regulation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from checks.plausible import PastDay, StrictBool, StrictFloat
from checks.uscc import Uscc
from scoring.market_credit.params import DEFAULT_PROVINCIAL_SCALE
from scoring.quantities import Count

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
    failed_check_items: Count = Field(
        description="check items found non-conforming (不合格) in daily supervision by the "
        "competent market-regulation department in the last 12 months, per the provincial "
        "inspection guideline",
    )
    unfulfilled_commitments: Count = Field(
        description="verified cases of a commitment not fulfilled (未履行承诺事项被查实) in "
        "commitment-based approvals in Quzhou in the last 12 months (first evaluation: up to "
        "the evaluation start)",
    )
    verified_complaints: Count = Field(
        description="complaints and reports received by market regulation in the last 12 months "
        "and verified (投诉举报被查实), all of them, including those counted in "
        "`complaints_not_handled_after_urging`",
    )
    complaints_not_handled_after_urging: Count = Field(
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
