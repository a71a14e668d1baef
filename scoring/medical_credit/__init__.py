"""Medical-insurance credit (医保信用): 衢州市医疗保障信用管理办法(试行) 衢医保发〔2021〕36号.

A 1000-point score (千分制, 四(二)) of one credit subject from its own indicator table: retail
pharmacies 附件6, insurance doctors 附件7, medical institutions 附件8, heads of designated
institutions 附件9 (composed from the scores of what they head), insured persons 附件10. The
grade bands are 四(二); the use of the result (inspection ratio, incentives, sanctions, red list)
is 五. The input is one subject, discriminated by `subject_type`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field, RootModel

from scoring.medical_credit.common import KIND
from scoring.medical_credit.doctor import InsuranceDoctorFacts, score_doctor
from scoring.medical_credit.head import InstitutionHeadFacts, score_head
from scoring.medical_credit.institution import MedicalInstitutionFacts, score_institution
from scoring.medical_credit.insured import InsuredPersonFacts, score_insured
from scoring.medical_credit.pharmacy import PharmacyFacts, score_pharmacy
from scoring.report import ScoreReport

__all__ = [
    "KIND",
    "Facts",
    "InstitutionHeadFacts",
    "InsuranceDoctorFacts",
    "InsuredPersonFacts",
    "MedicalInstitutionFacts",
    "PharmacyFacts",
    "SubjectFacts",
    "score",
]

SubjectFacts = (
    PharmacyFacts
    | InsuranceDoctorFacts
    | MedicalInstitutionFacts
    | InstitutionHeadFacts
    | InsuredPersonFacts
)


class Facts(RootModel[Annotated[SubjectFacts, Field(discriminator="subject_type")]]):
    """The facts of one medical-insurance credit subject (医保信用主体), by `subject_type`."""


_SCORERS: dict[type[SubjectFacts], Callable[[Any], ScoreReport]] = {
    PharmacyFacts: score_pharmacy,
    MedicalInstitutionFacts: score_institution,
    InsuranceDoctorFacts: score_doctor,
    InstitutionHeadFacts: score_head,
    InsuredPersonFacts: score_insured,
}


def score(facts: Facts | SubjectFacts) -> ScoreReport:
    """The subject's 医保信用 score, grade and consequences, every point explained."""
    subject = facts.root if isinstance(facts, Facts) else facts
    return _SCORERS[type(subject)](subject)
