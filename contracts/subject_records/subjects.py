"""Who a subject record is about: the credit subjects, their codes and the record's workflow id.

衢医保发〔2021〕36号 三(一): a credit file for every credit subject, keyed by the unified social
credit code (统一社会信用代码) for institutions and by the identity number (身份证号码) for persons.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from contracts.fields import ShortText, StrictModel

PROCEDURE = "subject"  # workflow-id prefix and registry name
# 24 hex digits = 96 bits of HMAC-SHA256: no collision among any realistic number of persons.
PERSONAL_ID_HEX_DIGITS = 24

# The record's own limits: ids of results, findings and cases; a restriction's text.
Id = Annotated[str, Field(min_length=1, max_length=100)]
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
