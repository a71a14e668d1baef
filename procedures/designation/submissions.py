"""What people submit to a designation case (the human steps, sent as Updates): the application,
the acceptance review's findings, the supplement, the evaluation and its requests, the reports
and their investigation, the party-group review and the agreement (衢医保发〔2023〕8号 二(三)).

Pure pydantic (no Temporal import): the doors (CLI, HTTP) validate with them before sending.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, Field, model_validator

from checks.plausible import PastDay, StrictBool
from contracts.fields import ShortText, StrictModel, Text
from scoring import designation as designation_scoring

Reference = Annotated[str, Field(min_length=1, max_length=200)]


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
