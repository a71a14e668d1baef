"""What the agreement carries and what its status shows (its steps' requests are
step_requests.py's, named here too): a designated institution's 医保服务协议 from signing to its
end, 衢医保发〔2023〕8号 二(三)4 (seed 001 lines 1616–1618), 五(三) to 五(六) (lines 1737–1867)
and 附件1 (lines 1892–1944). Its case file is contracts/agreements.py.

Pure pydantic (no Temporal import): shared by the workflow, the doors and tests. The rules over
these models are ladder.py (五(三)), term.py (二(三)4, 附件1 一(二), 一(三)) and life.py (what the
agreement waits for next).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from contracts.agreements import PROCEDURE as PROCEDURE
from contracts.agreements import PROCEDURE_TYPE as PROCEDURE_TYPE
from contracts.agreements import Agency as Agency
from contracts.agreements import AgreementCase as AgreementCase
from contracts.agreements import Institution as Institution
from contracts.agreements import InstitutionKind as InstitutionKind
from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import StrictModel

# The steps' requests are step_requests.py's; named here too, beside what the agreement keeps.
from procedures.agreement.step_requests import Change as Change
from procedures.agreement.step_requests import ChangeKind as ChangeKind
from procedures.agreement.step_requests import Consent as Consent
from procedures.agreement.step_requests import Decision as Decision
from procedures.agreement.step_requests import MoveDecision as MoveDecision
from procedures.agreement.step_requests import NamedPerson as NamedPerson
from procedures.agreement.step_requests import PenaltyPaid as PenaltyPaid
from procedures.agreement.step_requests import PersonRole as PersonRole
from procedures.agreement.step_requests import RectificationCheck as RectificationCheck
from procedures.agreement.step_requests import Renewal as Renewal
from procedures.agreement.step_requests import Request as Request
from procedures.agreement.step_requests import Resume as Resume
from procedures.agreement.step_requests import SettlementRestored as SettlementRestored
from procedures.agreement.step_requests import TerminationStep as TerminationStep
from procedures.agreement.step_requests import TerminationStepName as TerminationStepName

# The case file, the procedure's names and the agreement number are in contracts/agreements.py
# (the designation starts an agreement at signing with them).


class Stage(StrEnum):
    """The agreement's state (the CaseStage search attribute)."""

    IN_FORCE = "in_force"  # 履行中
    SETTLEMENT_SUSPENDED = "settlement_suspended"  # 暂停联网结算 (五(三)1)
    SUSPENDED = "suspended"  # 中止 (五(三)3/4, or at the institution's request 附件1 一(三)1)
    # The 中止期 has run out and the rectification check (整改验收, 五(六)) is awaited.
    AWAITING_CHECK = "awaiting_check"
    # 附件1 二(四)2(2): 暂停联网结算 by the performance assessment, its 3 months of rectification
    # over: the re-assessment (再进行考核) is awaited.
    AWAITING_REASSESSMENT = "awaiting_reassessment"
    TERMINATING = "terminating"  # 解除 under way: the three steps of 附件1 一(四)
    TERMINATED = "terminated"  # 解除
    EXPIRED = "expired"  # 到期后自动解除 without renewal (附件1 一(二))


FINAL_STAGES = frozenset({Stage.TERMINATED, Stage.EXPIRED})
# The stages in which the agreement is still running its term (not ending, not ended).
RUNNING = frozenset(
    {
        Stage.IN_FORCE,
        Stage.SETTLEMENT_SUSPENDED,
        Stage.SUSPENDED,
        Stage.AWAITING_CHECK,
        Stage.AWAITING_REASSESSMENT,
    }
)


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


class Performance(BaseModel):
    """An annual performance assessment's result as the agreement took it (附件1 二(四)), with
    the suspension of settlement it ordered and its re-assessment (二(四)2(2))."""

    year: int
    grade: str
    score: float
    rank: int | None = None
    ranked: int | None = None
    assessed_on: date
    round_id: str
    clause: str  # the item of 二(四)1 or 2 its grade falls under, with its measures
    settlement_suspended: bool = False
    # 整改3个月后再进行考核: the last day of the rectification, when settlement was suspended.
    rectification_ends_on: date | None = None
    reassessment_due: bool = False  # the agency told the re-assessment is due
    reassessed_on: date | None = None
    reassessment_score: float | None = None
    passed: bool | None = None


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
    performance: list[Performance] = Field(default_factory=list)
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
    # The annual assessments taken (附件1 二(四)): year, grade, score, rank, and what followed.
    performance: list[Performance] = Field(default_factory=list)
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class AgreementResult(BaseModel):
    case_id: str
    stage: Stage
    closing_reason: str | None = None
