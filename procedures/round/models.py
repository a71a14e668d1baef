"""An evaluation round (评价工作): its stages, its steps' requests and receipts, its status.

One round evaluates one population for one period (contracts/rounds.py): the agency sends the
facts of every subject in batches (`facts`), says when they are complete (`close`), and the
round scores, publishes, writes the results and tells the subjects (procedures/round/workflow.py).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field

from contracts.case_records import AuditEvent, CarriedCase, CaseDeadline, PendingOutput
from contracts.fields import ShortText, StrictModel
from contracts.round_activities import BATCH_LIMIT, RecordProblem, SubjectScore
from contracts.rounds import PROCEDURE_TYPE, RoundOpening

# A market round keeps each subject's facts record until its outputs are delivered (its facts
# pass through its history three times): the most subjects it takes. bench/round.py measured
# 31.2 MiB of history for 10,000 IP agencies (about 3.3 kB each), so 12,000 stay near 40 MiB,
# under Temporal's 50 MiB. A medical round holds no facts between batches and has no limit.
MAX_SUBJECTS = 12_000
# A performance round scores its cohort in one activity at `close` (ranks need all of it): its
# records (about 1.5–2 kB each, two sheets) must fit one activity's input (Temporal's 2 MB).
MAX_COHORT = 800


class Stage(StrEnum):
    COLLECTING = "collecting"  # the facts come in
    PUBLISHING = "publishing"  # the lists are published
    DELIVERING = "delivering"  # records written, subjects told, objection cases opened
    CLOSED = "closed"


class FactsBatch(BaseModel):
    """Up to 1,000 facts records, each one subject's facts as the round's scoring module takes
    them (`starter.py score <kind> --schema`); a medical-credit record may carry the subject's
    `mobile` beside them (衢医保发〔2021〕36号 四(三) 短信提醒)."""

    model_config = StrictModel
    records: list[dict[str, Any]] = Field(min_length=1, max_length=BATCH_LIMIT)
    sent_by: ShortText = Field(description="who sends the facts (recorded in the audit trail)")


class FactsReceipt(BaseModel):
    round_id: str
    batch: int
    records: int
    stage: Stage
    received_at: datetime


class CloseFacts(BaseModel):
    """The facts are complete: score what is still coming, then publish."""

    model_config = StrictModel
    closed_by: ShortText = Field(description="who closes the facts (recorded in the trail)")


class CloseReceipt(BaseModel):
    round_id: str
    stage: Stage
    closed_at: datetime
    batches: int


class Tally(BaseModel):
    """What the round counts (its status shows these, never a list of every subject)."""

    records_received: int = 0
    batches_received: int = 0
    batches_scored: int = 0
    scored: int = 0
    replaced: int = 0  # a later record of a subject replaced its earlier one before publication
    by_grade: dict[str, int] = Field(default_factory=dict)
    red_list: int = 0
    records_written: int = 0
    subjects_told: int = 0
    objections_opened: int = 0
    agreements_assessed: int = 0  # performance: results the agreements took (`assess`)
    delivered: int = 0  # subjects whose outputs are done


class RoundStatus(BaseModel):
    case_id: str  # the round id
    procedure: str = PROCEDURE_TYPE
    workflow_id: str
    stage: Stage
    overdue: bool
    deadlines: list[CaseDeadline]
    events: list[AuditEvent]
    case: RoundOpening
    tally: Tally
    problems: list[RecordProblem]
    problems_total: int
    published_on: date | None = None
    documents: list[str] = Field(default_factory=list)
    pending_outputs: list[PendingOutput] = Field(default_factory=list)


# The subjects a round lists as having problems (the total counts them all).
PROBLEMS_SHOWN = 200


class RoundCarried(BaseModel):
    """What one run of a round hands to the next (kernel/long_life.py): counts, never facts. A
    market or performance round holds its facts until it delivers, so it does not hand over
    while it collects; a medical round publishes each batch as it is scored and hands over
    between batches, carrying what its lists will name."""

    model_config = StrictModel
    started_with: RoundOpening
    case: CarriedCase
    tally: Tally
    problems: list[RecordProblem]
    problems_total: int
    published_on: date | None
    documents: list[str]
    # A medical round hands over between batches: the results its lists will name (the
    # institutions, those graded 差, the red list), never the subjects' facts.
    scores: list[SubjectScore] = Field(default_factory=list)


class RoundOutcome(BaseModel):
    round_id: str
    tally: Tally
    problems_total: int
    published_on: date | None
    documents: list[str]


Scores = Annotated[dict[str, SubjectScore], Field(description="by subject id")]
