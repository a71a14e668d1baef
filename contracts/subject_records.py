"""The subject record (信用档案): what the credit procedures need to know about one credit subject
across cases, and the requests that read and write it.

衢医保发〔2021〕36号 三(一): the medical-insurance department keeps a credit file for every credit
subject, keyed by the unified social credit code (统一社会信用代码) for institutions and by the
identity number (身份证号码) for persons. One long-lived workflow per subject holds it
(`procedures/subject_record/workflow.py`); procedures read and write it through two activities,
READ_SUBJECT_RECORD and WRITE_SUBJECT_RECORD, by name.

Pure pydantic (no Temporal import): shared by the workflow, the activities, the CLI and the
procedures that call the activities.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checks.plausible import Day, StrictBool, StrictFloat
from contracts.case_records import AuditEvent, CaseDeadline

PROCEDURE = "subject"  # workflow-id prefix and registry name
PROCEDURE_TYPE = "subject_record"  # the ProcedureType search attribute
STAGE_ACTIVE = "active"  # the CaseStage search attribute while the subject exists
STAGE_CLOSED = "closed"  # after a `stop` signal

# The workflow type, its updates, queries and signal: activities and the CLI use them by name.
SUBJECT_RECORD_WORKFLOW = "SubjectRecord"
RECORD_RESULT = "record_result"
MARK_RESULT_FORMAL = "mark_result_formal"
RECORD_FINDING = "record_finding"
RECORD_REPAIR = "record_repair"
RECORD_RESTRICTION = "record_restriction"
RECORD_AGREEMENT = "record_agreement"
FACTS_QUERY = "facts"
STATUS_QUERY = "status"
STOP_SIGNAL = "stop"

# The activities, called by name from workflows (see activities/subject_records.py).
READ_SUBJECT_RECORD = "read_subject_record"
WRITE_SUBJECT_RECORD = "write_subject_record"
# The record ids (keyed hashes for persons) of subjects: what a case shows instead of their codes.
SUBJECT_RECORD_IDS = "subject_record_ids"
# ApplicationError types raised by WRITE_SUBJECT_RECORD (non-retryable).
REFUSED = "SubjectRecordRefused"  # a validator refused the write; nothing changed
CLOSED = "SubjectRecordClosed"  # the record was stopped; it accepts no more writes

# The audit trail carried across continue-as-new (the whole trail stays in the runs' histories).
EVENTS_KEPT = 200
# Update ids remembered across continue-as-new (see SubjectRecordInput.applied_update_ids).
APPLIED_IDS_KEPT = 500
# 24 hex digits = 96 bits of HMAC-SHA256: no collision among any realistic number of persons.
PERSONAL_ID_HEX_DIGITS = 24

MEDICAL = "衢医保发〔2021〕36号"
MARKET = {"inspection_body": "衢市监规〔2021〕3号", "ip_agency": "衢市监规〔2021〕2号"}
MARKET_EITHER = "衢市监规〔2021〕3号/2号"
CREDIT_FILE_CITATION = f"{MEDICAL} 三(一)"  # 建立各类信用主体医疗保障信用档案
REPAIR_CITATION = f"{MEDICAL} 六"  # 信用修复
# 确定为定点医药机构 … 签订医保协议, 协议期限一般按自然年度签订至当年12月31日.
AGREEMENT_CITATION = "衢医保发〔2023〕8号 二(三)4"
FALSE_COMMITMENT_CITATION = f"{MEDICAL} 六(二)3"  # 因虚假承诺导致的失信记录 不予修复

StrictModel = ConfigDict(extra="forbid", str_strip_whitespace=True)
Id = Annotated[str, Field(min_length=1, max_length=100)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class SubjectType(StrEnum):
    """The credit subjects of 衢医保发〔2021〕36号 二 and the market-credit regulations."""

    ENTERPRISE = "enterprise"
    MEDICAL_INSTITUTION = "medical_institution"
    PHARMACY = "pharmacy"
    DOCTOR = "doctor"
    PHARMACIST = "pharmacist"
    NURSE = "nurse"
    INSURED_PERSON = "insured_person"
    INSTITUTION_HEAD = "institution_head"
    CIVIL_SERVANT = "civil_servant"  # 公职人员 (衢政办发〔2023〕5号: persons held accountable)


# Persons: their `code` is a personal identity number (个人类信用信息采集身份证号码作为标识).
PERSONAL_TYPES = frozenset(
    {
        SubjectType.DOCTOR,
        SubjectType.PHARMACIST,
        SubjectType.NURSE,
        SubjectType.INSURED_PERSON,
        SubjectType.INSTITUTION_HEAD,
        SubjectType.CIVIL_SERVANT,
    }
)


def normalized_code(code: str) -> str:
    """One spelling per subject: no surrounding blanks, upper case (an identity number's check
    character 'x' and 'X' are the same person; a USCC is upper case by GB 32100-2015)."""
    return code.strip().upper()


def subject_workflow_id(ref_type: SubjectType, code: str, secret: bytes) -> str:
    """The id of the subject's record workflow.

    Institutions: `subject-<type>-<USCC>`, readable, since the code is public (it is printed on
    the business licence) and supervisors find records by it.

    Persons: `subject-<type>-h<first 24 hex of HMAC-SHA256(secret, code)>`. Workflow ids and
    search attributes are stored and shown in clear (visibility store, Web UI, server logs,
    `temporal workflow list`); a payload codec encrypts payloads only, never them. A personal
    identity number must never appear there. A plain hash would not do: identity numbers are a
    small structured space (region, birth date, sequence, check character) that anyone could
    enumerate and hash; the installation's secret (settings.subject_id_secret) makes the id
    unlinkable to the number without it. The number itself lives only in payloads (the
    workflow's input and state).
    """
    kind = SubjectType(ref_type)
    normal = normalized_code(code)
    if not normal:
        raise ValueError("code: a subject needs a code")
    if kind not in PERSONAL_TYPES:
        return f"{PROCEDURE}-{kind.value}-{normal}"
    if not secret:
        raise ValueError(
            "a secret is needed for the record id of a person (settings.subject_id_secret)"
        )
    digest = hmac.new(secret, normal.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PROCEDURE}-{kind.value}-h{digest[:PERSONAL_ID_HEX_DIGITS]}"


class SubjectRef(BaseModel):
    """Who the record is about. `code`: USCC for institutions, identity number for persons."""

    model_config = StrictModel
    type: SubjectType
    code: str = Field(min_length=1, max_length=64)
    name: ShortText

    @field_validator("code")
    @classmethod
    def _normalize(cls, value: str) -> str:
        return normalized_code(value)

    @property
    def personal(self) -> bool:
        return self.type in PERSONAL_TYPES

    def workflow_id(self, secret: bytes) -> str:
        return subject_workflow_id(self.type, self.code, secret)


# -- what the record holds -----------------------------------------------------------------------

ResultKind = Literal["medical-credit", "market-credit"]


class ResultVersion(BaseModel):
    """A result's score, grade and facts as first published, kept when the formal result
    corrected them (so that a view as of a day before the correction shows what was known)."""

    score: StrictFloat
    grade: str
    facts: dict[str, Any]


class CreditResult(BaseModel):
    """A credit evaluation result (信用评价结果), with the scoring facts that produced it."""

    model_config = StrictModel
    result_id: Id
    kind: ResultKind
    published_on: Day
    # 1000 points; market credit adds up to 40 bonus points (信用增值).
    score: StrictFloat = Field(ge=0, le=1040)
    grade: Annotated[str, Field(min_length=1, max_length=20)]
    # The raw scoring facts (the `score` input of `kind`): the score can be recomputed.
    facts: dict[str, Any]
    # 正式的医疗保障信用评价结果, 记入信用档案 (四(三)): after the objection window or review.
    formal: StrictBool = False
    formal_on: Day | None = None
    source_case: str | None = None
    as_published: ResultVersion | None = None

    @model_validator(mode="after")
    def _formal_dates(self) -> Self:
        if self.formal and self.formal_on is None:
            raise ValueError("formal_on is required when formal is true")
        if not self.formal and self.formal_on is not None:
            raise ValueError("formal_on is given but formal is false")
        if self.formal_on is not None and self.formal_on < self.published_on:
            raise ValueError(
                f"formal_on: {self.formal_on} is before published_on {self.published_on}"
            )
        return self


class Finding(BaseModel):
    """A finding of dishonest conduct (不良失信行为) on one scoring line."""

    model_config = StrictModel
    finding_id: Id
    found_on: Day  # 被认定为不良失信行为之日 (六(二)1: the 6-month wait counts from it)
    indicator: Annotated[str, Field(min_length=1, max_length=100)]  # e.g. medical_credit.fraud
    label: ShortText
    # The kind of conduct for 六(二)2 "再发生同类失信行为"; empty means the indicator itself.
    kind: str = Field(default="", max_length=100)
    repairable: StrictBool  # 附件6–10, column 信用修复 可/不可
    false_commitment: StrictBool = False  # 六(二)3 因虚假承诺导致: never repairable
    source_case: str | None = None

    @model_validator(mode="after")
    def _kind_defaults_to_indicator(self) -> Self:
        if not self.kind:
            self.kind = self.indicator
        return self


class Repair(BaseModel):
    """A credit repair (信用修复) that took effect: the finding's record stops being published."""

    model_config = StrictModel
    repair_case: Id
    finding_id: Id
    effective_on: Day


class Restriction(BaseModel):
    """A restriction in force against the subject (e.g. no notify-and-commit approvals)."""

    model_config = StrictModel
    text: Text
    clause: ShortText
    # What a procedure looks for (e.g. `designation_application`: no application for designation
    # until `until`; `dishonest_persons_list`: on the list of dishonest persons); empty: free text.
    kind: str = Field(default="", max_length=100)
    from_day: Day
    until: Day | None = None  # None: until lifted

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.until is not None and self.until < self.from_day:
            raise ValueError(f"until: {self.until} is before from_day {self.from_day}")
        return self


class Agreement(BaseModel):
    """A medical-insurance service agreement (医保协议) of a designated institution (定点医药机构):
    衢医保发〔2023〕8号 二(三)4, the term runs to 31 December of the year (自然年度)."""

    model_config = StrictModel
    agreement_number: Id
    signed_on: Day
    term_start: Day
    term_end: Day
    source_case: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.term_end < self.term_start:
            raise ValueError(f"term_end: {self.term_end} is before term_start {self.term_start}")
        return self

    def in_force_on(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end


class SubjectFacts(BaseModel):
    """The record's content; `as_of` is set when it is a view of what was known on that day."""

    ref: SubjectRef
    results: list[CreditResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    restrictions: list[Restriction] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    as_of: Day | None = None

    def agreement(self, number: str) -> Agreement | None:
        return next((a for a in self.agreements if a.agreement_number == number), None)

    def restrictions_in_force(self, kind: str, on: date) -> list[Restriction]:
        """The restrictions of `kind` that bind on `on` (begun, and not yet past `until`)."""
        return [
            r
            for r in self.restrictions
            if r.kind == kind and r.from_day <= on and (r.until is None or on <= r.until)
        ]

    def result(self, result_id: str) -> CreditResult | None:
        return next((r for r in self.results if r.result_id == result_id), None)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.finding_id == finding_id), None)

    def repair_of(self, finding_id: str) -> Repair | None:
        return next((r for r in self.repairs if r.finding_id == finding_id), None)

    def is_repaired(self, finding_id: str) -> bool:
        return self.repair_of(finding_id) is not None

    def latest_result(self, kind: ResultKind) -> CreditResult | None:
        """The most recently published result of `kind` (the later recorded on a tie)."""
        latest: CreditResult | None = None
        for result in self.results:
            if result.kind != kind:
                continue
            if latest is None or result.published_on >= latest.published_on:
                latest = result
        return latest

    def known_on(self, as_of: date) -> SubjectFacts:
        """What was known on `as_of`: results published, findings made, repairs in effect and
        restrictions begun by then; a result made formal later is shown as it was published."""
        return SubjectFacts(
            ref=self.ref,
            results=[_result_on(r, as_of) for r in self.results if r.published_on <= as_of],
            findings=[f for f in self.findings if f.found_on <= as_of],
            repairs=[r for r in self.repairs if r.effective_on <= as_of],
            restrictions=[r for r in self.restrictions if r.from_day <= as_of],
            agreements=[a for a in self.agreements if a.signed_on <= as_of],
            as_of=as_of,
        )


def _result_on(result: CreditResult, as_of: date) -> CreditResult:
    if result.formal_on is None or result.formal_on <= as_of:
        return result
    before = result.as_published
    return result.model_copy(
        update={
            "formal": False,
            "formal_on": None,
            "as_published": None,
            "score": before.score if before else result.score,
            "grade": before.grade if before else result.grade,
            "facts": before.facts if before else result.facts,
        }
    )


# -- writes (each a Temporal Update of the record; `op` names it) ----------------------------------


class _Write(BaseModel):
    model_config = StrictModel
    actor: ShortText  # who made the write (recorded in the audit trail)
    source_case: str | None = None  # the case (workflow id) that made it


class RecordResult(_Write):
    op: Literal["record_result"] = "record_result"
    result: CreditResult


class MarkResultFormal(_Write):
    """The result becomes formal (四(三)); a review that corrected it gives the new values."""

    op: Literal["mark_result_formal"] = "mark_result_formal"
    result_id: Id
    formal_on: Day
    score: StrictFloat | None = Field(default=None, ge=0, le=1040)
    grade: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    facts: dict[str, Any] | None = None


class RecordFinding(_Write):
    op: Literal["record_finding"] = "record_finding"
    finding: Finding


class RecordRepair(_Write):
    op: Literal["record_repair"] = "record_repair"
    repair: Repair


class RecordRestriction(_Write):
    op: Literal["record_restriction"] = "record_restriction"
    restriction: Restriction


class RecordAgreement(_Write):
    op: Literal["record_agreement"] = "record_agreement"
    agreement: Agreement


SubjectWrite = Annotated[
    RecordResult
    | MarkResultFormal
    | RecordFinding
    | RecordRepair
    | RecordRestriction
    | RecordAgreement,
    Field(discriminator="op"),
]


def refusal(facts: SubjectFacts, write: SubjectWrite) -> str | None:
    """Why the record refuses `write` (naming the field), or None when it accepts it."""
    if isinstance(write, RecordResult):
        existing = facts.result(write.result.result_id)
        if existing is not None:
            return (
                f"result.result_id: result {existing.result_id} is already recorded (published "
                f"{existing.published_on}); correct it with {MARK_RESULT_FORMAL}"
            )
        return None
    if isinstance(write, MarkResultFormal):
        result = facts.result(write.result_id)
        if result is None:
            return f"result_id: no result {write.result_id} in this record"
        if result.formal:
            return (
                f"result_id: result {result.result_id} is already formal since {result.formal_on}"
            )
        if write.formal_on < result.published_on:
            return (
                f"formal_on: {write.formal_on} is before the result's publication on "
                f"{result.published_on}"
            )
        return None
    if isinstance(write, RecordFinding):
        found = facts.finding(write.finding.finding_id)
        if found is not None:
            return f"finding.finding_id: finding {found.finding_id} is already recorded"
        return None
    if isinstance(write, RecordRepair):
        repair = write.repair
        finding = facts.finding(repair.finding_id)
        if finding is None:
            return f"repair.finding_id: no finding {repair.finding_id} in this record"
        if finding.false_commitment:
            return (
                f"repair.finding_id: finding {finding.finding_id} was caused by a false commitment "
                f"and is not repairable ({FALSE_COMMITMENT_CITATION})"
            )
        if not finding.repairable:
            return (
                f"repair.finding_id: finding {finding.finding_id} ({finding.indicator}) is not "
                "repairable (信用修复 不可)"
            )
        done = facts.repair_of(finding.finding_id)
        if done is not None:
            return (
                f"repair.finding_id: finding {finding.finding_id} is already repaired by case "
                f"{done.repair_case} (effective {done.effective_on})"
            )
        if repair.effective_on < finding.found_on:
            return (
                f"repair.effective_on: {repair.effective_on} is before the finding was made on "
                f"{finding.found_on}"
            )
        return None
    if isinstance(write, RecordAgreement):
        held = facts.agreement(write.agreement.agreement_number)
        if held is not None:
            return (
                f"agreement.agreement_number: agreement {held.agreement_number} is already "
                f"recorded (signed {held.signed_on})"
            )
        return None
    restriction = write.restriction
    if restriction.until is not None and restriction.until < restriction.from_day:
        return f"restriction.until: {restriction.until} is before from_day {restriction.from_day}"
    if any(_same_restriction(r, restriction) for r in facts.restrictions):
        return "restriction: the same restriction is already recorded"
    return None


def apply(facts: SubjectFacts, write: SubjectWrite) -> None:
    """Apply an accepted write to `facts` in place (after `refusal` returned None)."""
    if isinstance(write, RecordResult):
        result = write.result
        if result.source_case is None:
            result = result.model_copy(update={"source_case": write.source_case})
        facts.results.append(result)
    elif isinstance(write, MarkResultFormal):
        index = next(i for i, r in enumerate(facts.results) if r.result_id == write.result_id)
        result = facts.results[index]
        corrected = _corrections(result, write)
        if corrected:
            corrected["as_published"] = ResultVersion(
                score=result.score, grade=result.grade, facts=result.facts
            )
        facts.results[index] = result.model_copy(
            update={"formal": True, "formal_on": write.formal_on, **corrected}
        )
    elif isinstance(write, RecordFinding):
        finding = write.finding
        if finding.source_case is None:
            finding = finding.model_copy(update={"source_case": write.source_case})
        facts.findings.append(finding)
    elif isinstance(write, RecordRepair):
        facts.repairs.append(write.repair)
    elif isinstance(write, RecordAgreement):
        agreement = write.agreement
        if agreement.source_case is None:
            agreement = agreement.model_copy(update={"source_case": write.source_case})
        facts.agreements.append(agreement)
    else:
        facts.restrictions.append(write.restriction)


def already_applied(facts: SubjectFacts, write: SubjectWrite) -> bool:
    """Whether `facts` already holds exactly what `write` records (a retried write that did
    reach the record the first time)."""
    if isinstance(write, RecordResult):
        held = facts.result(write.result.result_id)
        return held is not None and _same(held, write.result, "source_case", "formal", "formal_on")
    if isinstance(write, MarkResultFormal):
        held = facts.result(write.result_id)
        return (
            held is not None
            and held.formal_on == write.formal_on
            and (write.score is None or held.score == write.score)
            and (write.grade is None or held.grade == write.grade)
            and (write.facts is None or held.facts == write.facts)
        )
    if isinstance(write, RecordFinding):
        found = facts.finding(write.finding.finding_id)
        return found is not None and _same(found, write.finding, "source_case")
    if isinstance(write, RecordRepair):
        return write.repair in facts.repairs
    if isinstance(write, RecordAgreement):
        held_agreement = facts.agreement(write.agreement.agreement_number)
        return held_agreement is not None and _same(held_agreement, write.agreement, "source_case")
    return any(_same_restriction(r, write.restriction) for r in facts.restrictions)


def _corrections(result: CreditResult, write: MarkResultFormal) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if write.score is not None and write.score != result.score:
        changes["score"] = write.score
    if write.grade is not None and write.grade != result.grade:
        changes["grade"] = write.grade
    if write.facts is not None and write.facts != result.facts:
        changes["facts"] = write.facts
    return changes


def _same(held: BaseModel, given: BaseModel, *ignored: str) -> bool:
    skip = set(ignored)
    return held.model_dump(exclude=skip) == given.model_dump(exclude=skip)


def _same_restriction(a: Restriction, b: Restriction) -> bool:
    return (a.text, a.clause, a.kind, a.from_day, a.until) == (
        b.text,
        b.clause,
        b.kind,
        b.from_day,
        b.until,
    )


# -- citations for the audit trail ---------------------------------------------------------------


def result_citation(result: CreditResult) -> str:
    if result.kind == "medical-credit":
        return f"{MEDICAL} 四(二)"  # 千分制评分, 五个等级
    return f"{_market_regulation(result)} 四(一)"  # 信用等级


def formal_citation(result: CreditResult) -> str:
    if result.kind == "medical-credit":
        return f"{MEDICAL} 四(三)"  # 形成正式的医疗保障信用评价结果, 并记入信用档案
    return f"{_market_regulation(result)} 四(三)1"  # 经复核需修正评价等级的


def finding_citation(finding: Finding) -> str:
    if finding.indicator.startswith("market_credit."):
        return f"{MARKET_EITHER} 附件"
    return f"{MEDICAL} 三(四)"  # 不良信息; the indicator tables are 附件6–10


def _market_regulation(result: CreditResult) -> str:
    return MARKET.get(str(result.facts.get("variant", "")), MARKET_EITHER)


# -- the activities' requests --------------------------------------------------------------------


class ReadSubject(BaseModel):
    """READ_SUBJECT_RECORD: the record (as of a day, or as it stands). A subject without a
    record reads as empty facts; reading never creates a record."""

    model_config = StrictModel
    ref: SubjectRef
    as_of: Day | None = None


class RecordIds(BaseModel):
    """SUBJECT_RECORD_IDS: the request (the subjects) and the answer (their ids, in order)."""

    refs: list[SubjectRef] = Field(default_factory=list)
    ids: list[str] = Field(default_factory=list)


class WriteSubject(BaseModel):
    """WRITE_SUBJECT_RECORD: one write, creating the record on the first one."""

    model_config = StrictModel
    ref: SubjectRef
    op: SubjectWrite


# -- the workflow's input, status and signal ------------------------------------------------------


class SubjectRecordInput(BaseModel):
    ref: SubjectRef
    # Carried across continue-as-new: nothing is lost between runs.
    facts: SubjectFacts | None = None
    events: list[AuditEvent] = Field(default_factory=list)
    # A new run after this many accepted writes (or when the server suggests it).
    continue_after_updates: int = Field(default=1000, ge=1)
    # The Update ids of the last writes applied (at most APPLIED_IDS_KEPT): the server dedupes
    # an Update id within one run only, and a write applied just before a continue-as-new can
    # be delivered again to a later run, which answers it without applying it twice.
    applied_update_ids: list[str] = Field(default_factory=list)


class SubjectRecordStatus(BaseModel):
    """The `status` query, with the keys the CLI's `status` command reads."""

    case_id: str  # the workflow id's tail: <type>-<code> or <type>-h<hash>
    workflow_id: str
    procedure: str = PROCEDURE_TYPE
    stage: str = STAGE_ACTIVE
    overdue: bool = False
    deadlines: list[CaseDeadline] = Field(default_factory=list)
    events: list[AuditEvent]
    facts: SubjectFacts


class StopRecord(BaseModel):
    """The `stop` signal: the subject no longer exists (deregistered, deceased); the record
    completes and accepts no more writes."""

    model_config = StrictModel
    actor: ShortText
    reason: Text
