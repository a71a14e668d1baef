"""Performance assessment of designated medical institutions and pharmacies (绩效考核).

衢医保发〔2023〕8号 附件1 二 (the rules) and 附件4 表3–表5 (the sheets): a half-year provisional
sheet and an annual sheet per institution, final = half-year × 30% + annual × 70%, grades A–D by
score band and by competition rank within the cohort, and, for outpatient institutions and
pharmacies, suspension of the last two or anyone under 60. `score` returns a CohortReport with one
ScoreReport per institution, in input order. The open readings are named in `params`.
"""

from __future__ import annotations

from scoring.performance.cohort import KIND, score
from scoring.performance.facts import Facts
from scoring.performance.grading import grade_for

__all__ = ["KIND", "Facts", "grade_for", "score"]
