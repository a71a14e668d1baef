"""The activities of an evaluation round (procedures/round): their names and models.

A round handles a whole population, so every activity here takes a batch: the facts of up to
`BATCH_LIMIT` subjects scored in one call (not one workflow task per subject), a publication
of the whole list, the outputs of a chunk of subjects (records written, subjects told,
objection cases opened). Each is idempotent: keyed by the round's workflow id and the batch.

Pure pydantic (no Temporal import).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final, Literal

from pydantic import BaseModel, Field

from contracts.rounds import WHOLE_POPULATION, RoundAgency, RoundKind

SCORE_ROUND_BATCH: Final = "score_round_batch"
# A performance round's cohort scored once, at `close` (ranks need all of it, 附件1 二(四)).
SCORE_PERFORMANCE_COHORT: Final = "score_performance_cohort"
PUBLISH_ROUND_LIST: Final = "publish_round_list"
DELIVER_ROUND_OUTPUTS: Final = "deliver_round_outputs"

# The most facts records one `facts` step (and one scoring activity) takes: a batch of this
# many market-credit facts is about 0.4 MB, well under Temporal's 2 MB payload limit.
BATCH_LIMIT: Final = 1000
# The subjects whose outputs one activity delivers (record writes, notices, objection cases).
OUTPUT_CHUNK: Final = 250


class ScoreBatch(BaseModel):
    round_id: str
    kind: RoundKind
    batch: int
    # Each record is one subject's facts as the round's scoring module takes them; a medical
    # record may carry the subject's `mobile` beside them (四(三) 短信提醒); a performance record
    # is {"agreement_number", "institution"} of the round's cohort type (its population).
    records: list[dict[str, Any]]
    population: str = WHOLE_POPULATION


class SubjectScore(BaseModel):
    """One subject's result, as the round keeps it (the explanation is the scoring module's,
    printed in the notice and the publication from the facts)."""

    subject_id: str
    name: str
    variant: str  # the market-credit variant, or the medical subject type
    total: float | None
    grade: str | None  # None: not graded (an IP agency founded less than 12 months before)
    red_list: bool = False  # 医疗保障守信(红)名单 (衢医保发〔2021〕36号 五(六))
    batch: int
    index: int  # the record's place in its batch (from 1)
    # A performance round's result (衢医保发〔2023〕8号 附件1 二(四)); none before `close`.
    rank: int | None = None
    ranked: int | None = None
    settlement_suspended: bool = False
    passed: bool | None = None  # a re-assessment: ≥ 60
    assessed: bool = True  # False: 当年新增, not assessed
    reasons: list[str] = Field(default_factory=list)


class RecordProblem(BaseModel):
    """A facts record the round could not take: reported, and the rest go on."""

    batch: int
    index: int  # from 1
    subject_id: str | None
    problem: str


class ScoredBatch(BaseModel):
    batch: int
    scores: list[SubjectScore]
    problems: list[RecordProblem]


class CohortMember(BaseModel):
    """A performance record the round took, with its place (batch, index)."""

    batch: int
    index: int
    record: dict[str, Any]


class ScoreCohort(BaseModel):
    round_id: str
    kind: RoundKind
    period: str
    population: str  # the cohort type
    pooling_region: str  # the agency that assesses it (附件1 二(一))
    year: int  # the assessed year
    members: list[CohortMember]


class ScoredCohort(BaseModel):
    scores: list[SubjectScore]  # in the members' order


# performance: the A list 张榜公布 (commended), B/C/D 通报公布 (circulated), 附件1 二(四).
ListKind = Literal["results", "poor", "red", "credit_office", "commended", "circulated"]


class ListEntry(BaseModel):
    subject_id: str
    name: str
    variant: str
    total: float | None
    grade: str | None
    rank: int | None = None
    ranked: int | None = None
    settlement_suspended: bool = False
    passed: bool | None = None


class RoundList(BaseModel):
    """A list the round publishes or sends: the results (公示), the 差 list, the red list, the
    copy to 市信用办."""

    key: str
    round_id: str
    kind: RoundKind
    period: str
    list_kind: ListKind
    agency: RoundAgency
    published_on: date
    recipient: str  # where it goes (政务公开网 …, 市信用办, the public credit platform)
    citation: str
    entries: list[ListEntry]


class RoundListDelivered(BaseModel):
    location: str
    entries: int


class RoundPublication(BaseModel):
    """What every output of a round names: the round, its workflow, kind, period and agency, and
    the day its results were published."""

    round_id: str
    round_workflow_id: str
    kind: RoundKind
    period: str
    agency: RoundAgency
    published_on: date


class RoundOutputs(RoundPublication):
    """The outputs of one chunk of the round's subjects, after publication."""

    subjects: list[SubjectOutput]
    assessed_year: int | None = None  # a performance round's (procedures/round/performance.py)


class SubjectOutput(BaseModel):
    """A subject's result with the facts record it came from (as the `facts` step sent it:
    the round keeps it until the subject's outputs are delivered)."""

    ordinal: int  # the subject's number in the round, from 1 (an objection case's id)
    score: SubjectScore
    record: dict[str, Any]


class OutputProblem(BaseModel):
    subject_id: str
    problem: str


class OutputsDelivered(BaseModel):
    records_written: int = 0
    subjects_told: int = 0
    objections_opened: int = 0
    agreements_assessed: int = 0  # performance: results taken by the agreements (`assess`)
    problems: list[OutputProblem] = Field(default_factory=list)


RELEASE_MEDICAL_BATCH: Final = "release_medical_batch"


class ReleaseBatch(RoundPublication):
    """A medical-credit batch scored and each result published at once (实时信用评价, 动态考评,
    衢医保发〔2021〕36号 四(二)–(三)): every result opens its objection case. The round keeps
    none of the batch's facts afterwards, so it can hand over to a fresh run between batches."""

    batch: int
    records: list[dict[str, Any]]
    first_ordinal: int  # the number in the round of the batch's first good record


class ReleasedBatch(BaseModel):
    batch: int
    scores: list[SubjectScore]
    problems: list[RecordProblem]
    objections_opened: int
