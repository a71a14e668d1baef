"""The handling decision (协议处理) the ladder's rules check: 衢医保发〔2023〕8号 五(三)
(seed 001 lines 1737–1857).

Pure pydantic (no Temporal import). Types only here; which measure a ground allows and within
which bounds is in ladder.py, which says what is wrong naming the field and the clause.
The institution's own requests (附件1 一(三)1 and 一(三)3, seed 001 lines 1918 and 1926)
are checked in term.py.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from checks.plausible import Day, StrictBool, StrictInt
from contracts.fields import StrictModel


class Measure(StrEnum):
    """The measures 五(三) names, in its words."""

    INTERVIEW = "interview"  # 约谈其有关负责人 (every rung)
    SUSPEND_SETTLEMENT = "suspend_settlement"  # 暂停联网结算 (1)
    DEFER_PAYMENT = "defer_payment"  # 暂缓拨付费用 (1)
    REFUSE_OR_RECOVER = "refuse_or_recover"  # 不予支付或追回已支付的医保费用 (2, 3)
    PENALTY = "penalty"  # 按照核定医保费用的10%—30%支付违约金 (3)
    SUSPEND_PERSONS = "suspend_persons"  # 中止相关责任人员…涉及医疗保障基金使用的医疗服务 (3, 4)
    SUSPEND_DEPARTMENT = "suspend_department"  # 中止…所在部门…的医疗服务 (3, 4)
    SUSPEND_AGREEMENT = "suspend_agreement"  # 中止医保协议 (3, 4)
    TERMINATE = "terminate"  # 解除医保协议 (4, 5)


SUSPENSIONS = frozenset(
    {Measure.SUSPEND_PERSONS, Measure.SUSPEND_DEPARTMENT, Measure.SUSPEND_AGREEMENT}
)

# Yuan with at most 2 decimals (分), as a 核定医保费用 is written.
Amount = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
# A percentage of the verified amount, e.g. 25 or 12.5 (%).
Percent = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2, allow_inf_nan=False)]


class HandlingDecision(BaseModel):
    """One handling decision of 经办机构: the rung and ground of 五(三) it rests on and the
    measures it takes, with what those measures need."""

    model_config = StrictModel

    rung: Annotated[StrictInt, Field(ge=1, le=5)]  # 五(三)1 … 五(三)5
    ground: Annotated[StrictInt, Field(ge=1)]  # the rung's (1), (2), …
    measures: Annotated[list[Measure], Field(min_length=1, max_length=len(Measure))]
    # 核定(违规)医保费用: what a 违约金 is a percentage of (五(三)3, 五(五)).
    verified_amount: Amount | None = None
    penalty_percent: Percent | None = None  # 违约支付比例
    suspension_days: Annotated[StrictInt, Field(ge=1)] | None = None  # 中止期
    # 五(三)3: a 中止 under rung 3 is for 情节严重 only.
    serious: StrictBool = False
    # How many times the agreement was 中止 within its current term before this decision, and
    # whether a 中止 saw its rectification not done as required (五(三)5(1)).
    agreement_suspensions_in_term: Annotated[StrictInt, Field(ge=0)] = 0
    rectification_failed_during_suspension: StrictBool = False


class RequestKind(StrEnum):
    """What a designated institution may ask of 经办机构 on its own initiative (附件1 一(三)3)."""

    SUSPEND = "suspend"  # 主动提出中止医保协议
    TERMINATE = "terminate"  # 主动提出解除医保协议
    NOT_RENEW = "not_renew"  # 不再续签医保协议


class InstitutionRequest(BaseModel):
    """An institution's own request to 中止, 解除 or not renew its agreement (附件1 一(三)1 and
    一(三)3); whether the text allows it is in term.py."""

    model_config = StrictModel

    kind: RequestKind
    # 公立医疗机构不得主动提出中止或解除医保协议 (附件1 一(三)3).
    public_medical_institution: StrictBool
    requested_on: Day  # the day the 申请 reaches 经办机构
    takes_effect_on: Day  # the day the institution asks the 中止, 解除 or end to take effect
    # 中止时间原则上不得超过180日 (附件1 一(三)1); for a 中止 only.
    suspension_days: Annotated[StrictInt, Field(ge=1)] | None = None
