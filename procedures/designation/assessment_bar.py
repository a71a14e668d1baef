"""The bar of 衢医保发〔2023〕8号 附件1 二(四) (seed 001 lines 1972–1974) at the acceptance review:
对年度考核被解除医保协议的定点医药机构,一年内不得再次申请医保定点. The agreement
(procedures/agreement) leaves the finding TERMINATED_BY_ASSESSMENT on the institution's record
on the day its 解除 was done; an application reviewed within one year of that day is not
accepted, as one of 二(三)2's 法律法规规定的其他不予受理的情形 (医疗机构 (12), 零售药店 (8)),
citing 附件1 二(四). The year is counted as the other waiting times (waiting_times.py): full
at the end of the corresponding day a year later, not moved off a rest day.

Pure (no Temporal import, no clock).
"""

from __future__ import annotations

from datetime import date

from contracts.subject_records import TERMINATED_BY_ASSESSMENT, SubjectFacts
from procedures.designation.clauses import cite
from procedures.designation.institution import InstitutionKind
from procedures.designation.models import NonAcceptanceGround
from procedures.designation.waiting_times import within

ASSESSMENT_BAR_CLAUSE = "附件1 二(四)"
ASSESSMENT_BAR_MONTHS = 12  # 一年内不得再次申请医保定点
# 二(三)2's 其他不予受理的情形, in each list.
OTHER_CASE = {InstitutionKind.MEDICAL_INSTITUTION: 12, InstitutionKind.PHARMACY: 8}


def assessment_bar(
    kind: InstitutionKind, institution: SubjectFacts, on: date
) -> list[NonAcceptanceGround]:
    """The ground when the institution's agreement was ended after its performance assessment
    less than a year before `on` (the review day); [] otherwise."""
    parts: list[str] = []
    for finding in sorted(institution.findings, key=lambda f: (f.found_on, f.finding_id)):
        if finding.indicator != TERMINATED_BY_ASSESSMENT:
            continue
        last = within(finding.found_on, ASSESSMENT_BAR_MONTHS, on)
        if last is None:
            continue
        parts.append(
            f"于{finding.found_on.isoformat()}因年度考核被解除医保协议 "
            f"(记录 {finding.finding_id}), 至受理审查之日({on.isoformat()})未满1年 "
            f"(满1年之日为{last.isoformat()}, 次日起方满1年), 一年内不得再次申请医保定点"
        )
    if not parts:
        return []
    return [
        NonAcceptanceGround(
            case=OTHER_CASE[kind], clause=cite(ASSESSMENT_BAR_CLAUSE), reason="; ".join(parts)
        )
    ]
