"""The applicant: a medical institution or a retail pharmacy and its people (二(一), 二(二);
二(三)2 医疗机构 (7)(8), 零售药店 (5)(6) read the people's own records)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from checks.plausible import StrictBool
from checks.uscc import Uscc
from contracts.fields import ShortText, StrictModel
from contracts.subject_records import SubjectRef, SubjectType


class InstitutionKind(StrEnum):
    """医疗机构 (附件4 表1) or 零售药店 (表2): conditions, non-acceptance cases and table differ."""

    MEDICAL_INSTITUTION = "medical_institution"
    PHARMACY = "pharmacy"

    @property
    def label(self) -> str:
        return "医疗机构" if self is InstitutionKind.MEDICAL_INSTITUTION else "零售药店"


class PersonRole(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"  # 法定代表人
    PRINCIPAL = "principal"  # 主要负责人 / 企业负责人
    ACTUAL_CONTROLLER = "actual_controller"  # 实际控制人


class Person(BaseModel):
    """One of the institution's people whose own records the non-acceptance cases read
    (二(三)2 医疗机构 (7)(8), 零售药店 (5)(6)). The identity number stays in the case's payloads
    (encrypted with the payload codec); status, documents and search attributes show the record's
    keyed hash (`record_id`) instead."""

    model_config = StrictModel
    role: PersonRole
    name: ShortText
    id_number: Annotated[str, Field(pattern=r"^[0-9]{17}[0-9Xx]$")] = Field(
        description="居民身份证号码 (18 characters)"
    )

    def ref(self) -> SubjectRef:
        # One record per person across procedures for the institution's people.
        return SubjectRef(type=SubjectType.INSTITUTION_HEAD, code=self.id_number, name=self.name)


class Institution(BaseModel):
    model_config = StrictModel
    uscc: Uscc = Field(description="统一社会信用代码 (GB 32100-2015)")
    name: ShortText
    kind: InstitutionKind
    category: ShortText = Field(
        description="申请类别, e.g. 诊所, 门诊部, 社区卫生服务站, 连锁药店门店 (二(一)1 / 二(二))"
    )
    for_profit: StrictBool = Field(
        default=False, description="营利性医疗机构 (another material: the business licence)"
    )
    address: ShortText
    community: ShortText = Field(description="所在社区 (附件4: designated institutions around)")
    people: list[Person] = Field(min_length=1)

    @model_validator(mode="after")
    def _legal_representative(self) -> Institution:
        roles = [p.role for p in self.people]
        if PersonRole.LEGAL_REPRESENTATIVE not in roles:
            raise ValueError("people: the legal representative (法定代表人) is required")
        if len(set(roles)) != len(roles):
            raise ValueError("people: each role at most once")
        return self

    def ref(self) -> SubjectRef:
        return SubjectRef(type=SubjectType(self.kind.value), code=self.uscc, name=self.name)
