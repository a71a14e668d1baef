"""The agreement handed over at signing: 衢医保发〔2023〕8号 二(三)4 (seed 001 lines 1616–1618,
经办机构与医药机构签订医保协议 … 协议期限一般按自然年度签订至当年12月31日). The designation ends
at signing; the agreement it signed lives on as its own case (`agreement-<agreement number>`,
procedures/agreement), which the designation starts from the case file built here. The
designation knows the agreement only through contracts/agreements.py (import-linter keeps the
two procedures independent).

Pure (no Temporal import).
"""

from __future__ import annotations

import re

from contracts.agreements import (
    AGREEMENT_NUMBER_PATTERN,
    Agency,
    AgreementCase,
    Institution,
    InstitutionKind,
)
from procedures.designation.models import DesignationCase
from procedures.designation.submissions import Signing

# The signing starts the agreement's workflow from here on (procedures/designation/signing.py);
# designations signed before it replay without.
STARTS_AGREEMENT_PATCH = "designation-starts-agreement"

# The agreement number is the agreement's case id, in its workflow id and its URL: no "/" there
# (contracts/agreements.py), though a signing's number allowed one before.
_CASE_ID = re.compile(AGREEMENT_NUMBER_PATTERN)


def agreement_number_problem(agreement_number: str) -> str | None:
    """Why this number cannot be the agreement's case id, or None."""
    if _CASE_ID.fullmatch(agreement_number):
        return None
    return (
        f"agreement_number: {agreement_number!r} names the agreement's case "
        "(agreement-<number>, 衢医保发〔2023〕8号 二(三)4): letters, digits, '.', '_' and '-' "
        "only, no '/'"
    )


def agreement_case(case: DesignationCase, signing: Signing, designation_case: str) -> AgreementCase:
    """The agreement's case file: the parties as the designation knows them, the signing, and
    the designation's workflow id. The designation's applicant carries no fact for 公立医疗机构
    (附件1 一(三)3: 公立医疗机构不得主动提出中止或解除医保协议): its category is free text and
    `for_profit` does not tell public from private, though 二(一)1 admits public ones (乡镇卫生院,
    社区卫生服务中心). So the agreement's default (not public) stands."""
    institution = case.institution
    return AgreementCase(
        case_id=signing.agreement_number,
        agency=Agency(code=case.agency.code, name=case.agency.name),
        institution=Institution(
            uscc=institution.uscc,
            name=institution.name,
            kind=InstitutionKind(institution.kind.value),
        ),
        signed_on=signing.signed_on,
        signed_by=signing.signed_by,
        designation_case=designation_case,
    )
