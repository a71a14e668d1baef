"""The requests of the agreement's steps (衢医保发〔2023〕8号 五(三)–(六), 附件1 一): what
the agency and the institution hand to each step. Pure pydantic (no Temporal import); the
validators' rules over them are steps.py's, what the agreement keeps of them case.py's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from checks.plausible import Day, PastDay, StrictBool, StrictInt
from contracts.fields import ShortText, StrictModel, Text
from procedures.agreement.ladder import Rectification
from procedures.agreement.models import Amount, Measure, Percent, RequestKind


class PersonRole(StrEnum):
    """Who a 中止 of persons names (相关责任人员): their subject record's type."""

    DOCTOR = "doctor"  # 医保医师
    PHARMACIST = "pharmacist"
    NURSE = "nurse"
    INSTITUTION_HEAD = "institution_head"  # 负责人


class NamedPerson(BaseModel):
    """A person a 中止 names (相关责任人员): their own subject record gets the finding."""

    model_config = StrictModel
    role: PersonRole
    name: ShortText
    id_number: Annotated[str, Field(pattern=r"^[0-9]{17}[0-9Xx]$")]


class Decision(BaseModel):
    """A handling decision (协议处理) of 五(三): the rung and ground, the measures and what they
    need. The agreement counts its own 中止 for 五(三)5(1)."""

    model_config = StrictModel
    rung: Annotated[StrictInt, Field(ge=1, le=5)]
    ground: Annotated[StrictInt, Field(ge=1)]
    measures: Annotated[list[Measure], Field(min_length=1, max_length=len(Measure))]
    verified_amount: Amount | None = None
    penalty_percent: Percent | None = None
    suspension_days: Annotated[StrictInt, Field(ge=1)] | None = None
    serious: StrictBool = False
    persons: list[NamedPerson] = Field(default_factory=list, max_length=50)
    department: ShortText | None = None
    decided_on: PastDay = Field(description="the day the decision was made: periods run from it")
    decided_by: ShortText
    reason: Text


class PenaltyPaid(BaseModel):
    """The 违约金 paid (五(五))."""

    model_config = StrictModel
    penalty: Annotated[StrictInt, Field(ge=1)] = Field(description="the penalty's number")
    paid_on: PastDay
    recorded_by: ShortText


class SettlementRestored(BaseModel):
    """暂停联网结算 lifted after rectification (五(三)1)."""

    model_config = StrictModel
    restored_on: PastDay
    restored_by: ShortText
    reason: Text


class RectificationCheck(BaseModel):
    """整改验收 at the end of a 中止期 (五(六))."""

    model_config = StrictModel
    outcome: Rectification
    checked_on: PastDay
    checked_by: ShortText
    findings: Text


class Renewal(BaseModel):
    """续签 after the negotiation (附件1 一(二)), with the performance grade relied on."""

    model_config = StrictModel
    renewed_on: PastDay
    renewed_by: ShortText
    performance_grade: Annotated[str, Field(pattern=r"^[A-D]$")] | None = Field(
        default=None,
        description="绩效考核 grade relied on (附件1 二(四): A–D); by default the latest annual "
        "grade the agreement took",
    )


class Request(BaseModel):
    """The institution's own request to 中止, 解除 or not renew (附件1 一(三)1, 一(三)3)."""

    model_config = StrictModel
    kind: RequestKind
    requested_on: PastDay
    takes_effect_on: Day
    suspension_days: Annotated[StrictInt, Field(ge=1)] | None = None
    reason: Text


class Consent(BaseModel):
    """经办机构同意 (or not) to the institution's 中止 or 解除 request."""

    model_config = StrictModel
    agreed: StrictBool
    decided_on: PastDay
    decided_by: ShortText
    reason: Text


class Resume(BaseModel):
    """继续履行医保协议申请 during an institution's 中止 (附件1 一(三)1)."""

    model_config = StrictModel
    requested_on: PastDay
    resumes_on: Day


class ChangeKind(StrEnum):
    """附件1 一(一): 重大信息变更 (filed within 30 working days of the department's approval),
    a move across communities (报备, 获得许可后方可移址), or another change (书面告知)."""

    MAJOR = "major"
    MOVE = "move"
    OTHER = "other"


class Change(BaseModel):
    model_config = StrictModel
    kind: ChangeKind
    what: ShortText = Field(description="e.g. 法定代表人, 注册地址, 名称")
    details: Text
    filed_on: PastDay
    # For a major change: the day the competent department approved it (批准之日).
    approved_by_department_on: PastDay | None = None


class MoveDecision(BaseModel):
    """The agency's permission (or not) for a move filed in advance (附件1 一(一))."""

    model_config = StrictModel
    permitted: StrictBool
    decided_on: PastDay
    decided_by: ShortText
    reason: Text


class TerminationStepName(StrEnum):
    """附件1 一(四): the three steps of a 解除, in order."""

    STOP_SETTLEMENT = "stop_settlement"  # 暂停联网结算
    HANDLING_OPINION = "handling_opinion"  # 下达处理意见
    SETTLE_ACCOUNTS = "settle_accounts"  # 完成日常费用结算, 解除医保协议


class TerminationStep(BaseModel):
    model_config = StrictModel
    step: TerminationStepName
    done_on: PastDay
    done_by: ShortText
    note: Text
