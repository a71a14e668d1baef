"""Lost-case accountability (行政案件败诉追责): who answers for a lost administrative case, and how.

Source: 衢州市行政案件败诉追责办法 衢政办发〔2023〕5号 (seed 001 lines 868–980), in force
2023-04-01. The rule gives findings, not points: from the facts of one lost case it decides whether
accountability applies (第五条 trigger, 第六条 grounds), the aggravating, mitigating and exempting
circumstances (第七条–第九条, including the computed "same person, same kind of fault, twice in a
year" of 第七条(一)), who is liable (第十条), the sanctions that may be proposed (第十一条,
第十二条), the process (第十三条) and the referral routes (第十四条).

Every finding is a ScoreLine with `points` None. `total` is None; `grade` is a conclusion code:

- `not_lost`: no outcome of 第五条 — not a lost case, the Measures do not apply;
- `no_ground`: a lost case, but no fault of 第六条 caused it — no accountability;
- `exempt`: 不予追究 (第九条 first paragraph) for the agency and every person — no sanction;
- `may_exempt`: 可以不予或者免于追究 (第九条第二款) — the authority decides; sanctions listed;
- `mitigated`: accountability applies, 从轻或者减轻 (第八条);
- `applies`: accountability applies (第六条), no circumstance either way;
- `aggravated_mitigated`: applies, both 从重 (第七条) and 从轻/减轻 (第八条) found;
- `aggravated`: applies, 从重 (第七条).

Each subject (the agency, each person) gets one of the last six, in its `conclusion.agency` or
`conclusion.person.<id>` line (label: the Chinese term; the reason ends with the code in brackets,
e.g. "[aggravated]"); the report's `grade` is the heaviest of them in the order of SEVERITY, so
that adding an aggravating fact never lightens the case and adding an exempting or mitigating fact
never makes it heavier.

The package: `tables` (the regulation's items and clauses), `facts` (the validated input, with
`circumstance_facts` for 第七条–第九条 and `fields` for the types they share),
`findings` (a finding as a report line), `repeat` (第七条(一), computed, with its readings),
`circumstances` (第七条–第九条 for one scope), `conclusions` (a subject's conclusion and the
sanctions open to it) and `score` (the assessment of one case).
"""

from __future__ import annotations

from scoring.accountability import repeat
from scoring.accountability.circumstance_facts import (
    Circumstances,
    ExemptFinding,
    MayExemptFinding,
    SelfCorrection,
)
from scoring.accountability.facts import (
    Agency,
    EarlierFinding,
    Facts,
    GroundFinding,
    LostCase,
    OutcomeFinding,
    Person,
)
from scoring.accountability.fields import PersonId
from scoring.accountability.score import score
from scoring.accountability.tables import (
    AGENCY_SANCTIONS,
    DOC,
    GROUNDS,
    KIND,
    REPEAT_CLAUSE,
    SEVERITY,
    STAFF_SANCTIONS,
    AgencyLevel,
    Body,
    Conclusion,
    Exempt,
    Ground,
    MayExempt,
    Outcome,
    Referral,
    Role,
)

# What the procedure, its documents and the tests use (the registry needs Facts and score;
# Outcome is published under this module's name in the OpenAPI document); the
# other models, tables and rules are reached in their modules. The readings of 第七条(一)
# (REPEAT_*) live in `repeat`, the module that reads them: change or patch them there.
__all__ = [
    "AGENCY_SANCTIONS",
    "DOC",
    "GROUNDS",
    "KIND",
    "REPEAT_CLAUSE",
    "SEVERITY",
    "STAFF_SANCTIONS",
    "Agency",
    "AgencyLevel",
    "Body",
    "Circumstances",
    "Conclusion",
    "EarlierFinding",
    "Exempt",
    "ExemptFinding",
    "Facts",
    "Ground",
    "GroundFinding",
    "LostCase",
    "MayExempt",
    "MayExemptFinding",
    "Outcome",
    "OutcomeFinding",
    "Person",
    "PersonId",
    "Referral",
    "Role",
    "SelfCorrection",
    "repeat",
    "score",
]
