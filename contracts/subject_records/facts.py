"""What a subject record holds: credit results, findings of dishonest conduct, repairs,
restrictions and agreements, and the view of them as known on a day."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import Day, StrictBool, StrictFloat
from contracts.fields import ShortText, StrictModel
from contracts.subject_records.subjects import Id, SubjectRef, Text

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


# The findings the end of an agreement leaves on the institution's record (procedures/agreement
# writes them; the designation's acceptance checks read them, 衢医保发〔2023〕8号 二(三)2): the day
# found counts.
TERMINATED_FOR_VIOLATION = "designation.terminated_for_violation"  # 因违法违规被解除医保协议
TERMINATED_FOR_BREACH = "designation.terminated_for_breach"  # 因违反医保协议约定 … 被解除协议
# 对年度考核被解除医保协议的定点医药机构,一年内不得再次申请医保定点 (衢医保发〔2023〕8号 附件1
# 二(四)): the 解除 after a failed re-assessment; found on the day the 解除 was done.
TERMINATED_BY_ASSESSMENT = "designation.terminated_by_assessment"


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
