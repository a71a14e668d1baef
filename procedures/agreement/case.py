"""The agreement's steps' requests, what it carries and what its status shows: a designated
institution's 医保服务协议 from signing to its end, 衢医保发〔2023〕8号 二(三)4 (seed 001 lines
1616–1618), 五(三) to 五(六) (lines 1737–1867) and 附件1 (lines 1892–1944). Its case file is
contracts/agreements.py.

Pure pydantic (no Temporal import): shared by the workflow, the doors and tests. The rules over
these models are ladder.py (五(三)), term.py (二(三)4, 附件1 一(二), 一(三)) and life.py (what the
agreement waits for next).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from checks.plausible import Day, PastDay, StrictBool, StrictInt
from contracts.agreements import PROCEDURE as PROCEDURE
from contracts.agreements import PROCEDURE_TYPE as PROCEDURE_TYPE
from contracts.agreements import Agency as Agency
from contracts.agreements import AgreementCase as AgreementCase
from contracts.agreements import Institution as Institution
from contracts.agreements import InstitutionKind as InstitutionKind
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import ShortText, StrictModel, Text
from procedures.agreement.ladder import Rectification
from procedures.agreement.models import Amount, Measure, Percent, RequestKind

# The case file, the procedure's names and the agreement number are in contracts/agreements.py
# (the designation starts an agreement at signing with them).


class Stage(StrEnum):
    """The agreement's state (the CaseStage search attribute)."""

    IN_FORCE = "in_force"  # 履行中
    SETTLEMENT_SUSPENDED = "settlement_suspended"  # 暂停联网结算 (五(三)1)
    SUSPENDED = "suspended"  # 中止 (五(三)3/4, or at the institution's request 附件1 一(三)1)
    # The 中止期 has run out and the rectification check (整改验收, 五(六)) is awaited.
    AWAITING_CHECK = "awaiting_check"
    TERMINATING = "terminating"  # 解除 under way: the three steps of 附件1 一(四)
    TERMINATED = "terminated"  # 解除
    EXPIRED = "expired"  # 到期后自动解除 without renewal (附件1 一(二))


FINAL_STAGES = frozenset({Stage.TERMINATED, Stage.EXPIRED})
# The stages in which the agreement is still running its term (not ending, not ended).
RUNNING = frozenset(
    {Stage.IN_FORCE, Stage.SETTLEMENT_SUSPENDED, Stage.SUSPENDED, Stage.AWAITING_CHECK}
)


# -- the steps' requests -------------------------------------------------------------------


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
    performance_grade: Annotated[str, Field(pattern=r"^[A-D]$")] = Field(
        description="绩效考核 grade relied on (附件2: A–D)"
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


# -- what the agreement keeps --------------------------------------------------------------


class Term(BaseModel):
    number: int  # 1 for the first term
    start: date
    end: date
    performance_grade: str | None = None  # the grade its renewal relied on


class DecisionRecord(BaseModel):
    number: int
    decision: Decision
    recorded_at: datetime
    clause: str
    penalty_amount: Decimal | None = None


class Penalty(BaseModel):
    number: int
    decision: int
    amount: Decimal
    deadline: str  # the name of its deadline
    paid_on: date | None = None


class Suspension(BaseModel):
    """A 中止 of the agreement, by decision or at the institution's request."""

    number: int
    by_institution: bool
    starts_on: date
    days: int
    deadline: str  # the name of the deadline at its end
    ended: bool = False
    check: RectificationCheck | None = None
    resume: Resume | None = None


class PendingRequest(BaseModel):
    request: Request
    consent: Consent | None = None
    done: bool = False


class ChangeRecord(BaseModel):
    change: Change
    permission: MoveDecision | None = None
    late: bool | None = None  # a major change filed after its 30 working days


class Termination(BaseModel):
    """A 解除 under way or done: its grounds, whether it is recorded as one for breach or for a
    violation (二(三)2's waiting periods), and its three steps."""

    clauses: list[str]
    finding: str | None  # the finding indicator written at the end, or None (no fault)
    started_at: datetime
    steps: list[TerminationStep] = Field(default_factory=list)


class AgreementState(BaseModel):
    """Everything the agreement is, in one model: what a run hands to the next."""

    terms: list[Term]
    decisions: list[DecisionRecord] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)
    suspensions: list[Suspension] = Field(default_factory=list)
    suspensions_in_term: int = 0
    rectification_failed: bool = False
    requests: list[PendingRequest] = Field(default_factory=list)
    changes: list[ChangeRecord] = Field(default_factory=list)
    negotiation_open: bool = False
    renewal_reminded: bool = False
    termination: Termination | None = None
    documents: list[str] = Field(default_factory=list)
    closing_reason: str | None = None
    closing_clause: str | None = None  # the clause that ended it


class AgreementCarried(BaseModel):
    model_config = StrictModel
    started_with: AgreementCase
    case: CarriedCase
    state: AgreementState


class Receipt(BaseModel):
    case_id: str
    stage: Stage
    at: datetime
    detail: str = ""


class AgreementStatus(BaseModel):
    """Where the agreement stands: its stage, its running term, its deadlines and trail, and
    everything it keeps (`state`)."""

    case_id: str
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    overdue: bool
    term: Term
    negotiation_opens_on: date
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    case: AgreementCase
    state: AgreementState
    documents: list[str] = Field(default_factory=list)
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class AgreementResult(BaseModel):
    case_id: str
    stage: Stage
    closing_reason: str | None = None
