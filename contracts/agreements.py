"""The start of a designated institution's agreement (医保服务协议), shared by the agreement
(procedures/agreement), which runs it, and the designation (procedures/designation), which starts
it at signing: the case file, the workflow type and id. 衢医保发〔2023〕8号 二(三)4 (seed 001
lines 1616–1618) and 附件1 一(三)3 (line 1926).

Pure pydantic (no Temporal import).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from checks.plausible import Day, PastDay, StrictBool, StrictInt
from checks.uscc import Uscc
from contracts.fields import ShortText, StrictModel

PROCEDURE = "agreement"  # workflow-id prefix and CLI command
PROCEDURE_TYPE = "medical_agreement"  # the ProcedureType search attribute
WORKFLOW = "MedicalAgreementV2"  # the workflow type new agreements start as (issue 20)
RELEASED_WORKFLOW = "MedicalAgreement"  # the type of agreements started before it
# 附件1 一(三)3's notice: the default lead time of the renewal negotiation (the text names none).
NOTICE_MONTHS = 3


def workflow_id(agreement_number: str) -> str:
    return f"{PROCEDURE}-{agreement_number}"


# The agreement number is the case id: a workflow id and a URL segment, so no "/".
AGREEMENT_NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
AgreementNumber = Annotated[str, Field(pattern=AGREEMENT_NUMBER_PATTERN)]


class InstitutionKind(StrEnum):
    MEDICAL_INSTITUTION = "medical_institution"  # 定点医疗机构
    PHARMACY = "pharmacy"  # 定点零售药店


class Agency(BaseModel):
    """The medical-insurance agency (经办机构) party to the agreement."""

    model_config = StrictModel
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,32}$")]
    name: ShortText


class Institution(BaseModel):
    """The designated institution (定点医药机构), the other party."""

    model_config = StrictModel
    uscc: Uscc = Field(description="统一社会信用代码: its subject record's key")
    name: ShortText
    kind: InstitutionKind
    # 附件1 一(三)3: 公立医疗机构不得主动提出中止或解除医保协议.
    public_medical_institution: StrictBool = False


class AgreementCase(BaseModel):
    """A signed agreement, as the designation hands it over at signing or an agency's system
    enters one signed before the engine: its number is the case id."""

    model_config = StrictModel
    OPENED_BY: ClassVar[str] = "signed_on"
    case_id: AgreementNumber = Field(description="the agreement number (协议编号)")
    agency: Agency
    institution: Institution
    signed_on: PastDay
    signed_by: ShortText = Field(description="who signed for the agency")
    # An agreement entered after renewals: the end of the term now running (31 December of
    # its year); by default the first term's, 31 December of the signing year (二(三)4).
    term_end: Day | None = None
    # The renewal negotiation opens this many months before the term ends (附件1 一(三)3's
    # notice; the text names no lead time): configurable per agreement.
    renewal_lead_months: Annotated[StrictInt, Field(ge=0, le=11)] = NOTICE_MONTHS
    # 中止 of the agreement already counted in the running term (五(三)5(1)).
    suspensions_in_term: Annotated[StrictInt, Field(ge=0, le=10)] = 0
    designation_case: ShortText | None = Field(
        default=None, description="the designation case that signed it (workflow id)"
    )

    @model_validator(mode="after")
    def _term_ends_on_31_december(self) -> Self:
        # 二(三)4: 协议期限一般按自然年度签订至当年12月31日; a renewal adds a year (附件1 一(二)).
        if self.term_end is not None:
            if (self.term_end.month, self.term_end.day) != (12, 31):
                raise ValueError(
                    f"term_end: {self.term_end.isoformat()} is not a 31 December (二(三)4: the "
                    "term runs to 31 December of its year)"
                )
            if self.term_end.year < self.signed_on.year:
                raise ValueError(
                    f"term_end: {self.term_end.isoformat()} is before the first term's end "
                    f"({self.signed_on.year}-12-31)"
                )
        return self
