"""The facts of a designation evaluation (医保定点 综合评估): the JSON an agency system sends.

Shape (both variants): who is evaluated, the date, how many evaluations it already failed, the
basic indicators (基础指标, pass/fail, once), the measured facts of the scored rows (once: what
the written and on-site checks established — years, m², counts, yes/no findings), and one
score sheet per evaluator (评估小组成员) with the rows the standard leaves to their judgement
(评估指标 1 "得1-2分", and the environment part of 经营场所 "酌情得0-2分"). The score is the
average of the evaluators' totals (二(三)3 "得分取各评估小组成员平均分"); since the measured
facts are common to all, the evaluators' totals differ only by their judgements.

The package: `basic` (基础指标), `rows` (the measured facts of each scored row) and `subject`
(the facts per table, the evaluators' sheets and the subject).
"""

from __future__ import annotations

from scoring.designation.facts.basic import MedicalBasic, PharmacyBasic
from scoring.designation.facts.rows import (
    Disclosure,
    DisplayAreas,
    Hardware,
    InsuranceLabels,
    Inventory,
    Ledger,
    MedicalLayout,
    MedicalPremises,
    Penalties,
    Pharmacists,
    Physicians,
    Premises,
    Procurement,
)
from scoring.designation.facts.subject import (
    EvaluatorSheet,
    Facts,
    MedicalCategory,
    MedicalInstitutionFacts,
    MedicalMeasured,
    PharmacyFacts,
    PharmacyMeasured,
    SubjectFacts,
)

__all__ = [
    "Disclosure",
    "DisplayAreas",
    "EvaluatorSheet",
    "Facts",
    "Hardware",
    "InsuranceLabels",
    "Inventory",
    "Ledger",
    "MedicalBasic",
    "MedicalCategory",
    "MedicalInstitutionFacts",
    "MedicalLayout",
    "MedicalMeasured",
    "MedicalPremises",
    "Penalties",
    "Pharmacists",
    "PharmacyBasic",
    "PharmacyFacts",
    "PharmacyMeasured",
    "Physicians",
    "Premises",
    "Procurement",
    "SubjectFacts",
]
