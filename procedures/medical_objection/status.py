"""What a medical-insurance credit objection answers and carries: the receipts of its three steps,
the status supervisors read, what one run hands to the next and the case's outcome.

Plain pydantic shapes (no rules: those are in models.py and the step modules), decoded from
history as they stand, so their fields and their order stay as recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import StrictModel
from periods import Deadline
from procedures.medical_objection.models import (
    PROCEDURE_TYPE,
    CaseOutcome,
    CaseRecord,
    DecisionRecord,
    FiledObjection,
    MaterialsReceived,
    ReviewOutcome,
    Stage,
)
from scoring.report import ScoreReport


def _review_deadline(none_when: str) -> Any:
    """A receipt's re-check deadline: the case schedules it once the objection and its
    materials are in (四(三)), and says when the receipt comes without it."""
    return Field(
        default=None,
        description=f"the re-check deadline; None {none_when} computed after the receipt (the "
        "status, or the step's `?wait=true`, gives it)",
    )


class ObjectionReceipt(BaseModel):
    case_id: str
    stage: Stage
    filed_at: datetime
    materials: list[str]
    review: Deadline | None = _review_deadline("while materials are awaited, or when it is")


class MaterialsReceipt(BaseModel):
    case_id: str
    stage: Stage
    received_at: datetime
    materials: list[str]
    review: Deadline | None = _review_deadline("when it is")


class DecisionReceipt(BaseModel):
    case_id: str
    stage: Stage
    decided_at: datetime
    late: bool
    outcome: ReviewOutcome
    # None when corrected facts are re-scored after the receipt (the status's `rescored`, or
    # the step's `?wait=true`, gives them).
    final_score: float | None = None
    final_grade: str | None = None
    grade_changed: bool | None = None


class MedicalObjectionCarried(BaseModel):
    """What one run of a case hands to the next (continue-as-new, kernel/long_life.py); the
    run's one argument is either this or the case record (a first run)."""

    model_config = StrictModel
    started_with: CaseRecord
    case: CarriedCase
    objection: FiledObjection | None = None
    materials: list[MaterialsReceived] = Field(default_factory=list)
    review_from: datetime | None = None
    decision: DecisionRecord | None = None
    decided_at: datetime | None = None
    rescored: ScoreReport | None = None
    outcome: CaseOutcome | None = None
    final_score: float | None = None
    final_grade: str | None = None
    formal_on: date | None = None
    documents: list[str] = Field(default_factory=list)


class MedicalObjectionStatus(BaseModel):
    case_id: str
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    overdue: bool
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    case: CaseRecord
    waiting_for: str | None = Field(
        default=None, description="what the case waits for, in a sentence"
    )
    objection: FiledObjection | None = None
    materials: list[MaterialsReceived] = Field(default_factory=list)
    review_started_at: datetime | None = None
    decision: DecisionRecord | None = None
    decided_at: datetime | None = None
    rescored: ScoreReport | None = Field(
        default=None, description="the report of the corrected facts (every line explained)"
    )
    outcome: CaseOutcome | None = None
    final_score: float | None = None
    final_grade: str | None = None
    formal_on: date | None = None
    documents: list[str] = Field(default_factory=list)
    # Filled in by the status readers from the server's describe (service/outputs.py).
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


class MedicalObjectionOutcome(BaseModel):
    case_id: str
    outcome: CaseOutcome
    final_score: float
    final_grade: str
    formal_on: date
    late: bool
    documents: list[str]
