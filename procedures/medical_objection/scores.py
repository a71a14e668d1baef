"""Medical-credit facts and scores as an objection case compares them (衢医保发〔2021〕36号 四(二),
四(三)): the facts as the scoring module validates them, their report, and whether a published
score is the facts' score. Pure: the CLI and the workflow's validators refuse with the same rules;
the workflow itself re-scores with the `score_facts` activity so that its report is in history.
"""

from __future__ import annotations

# Shared with the medical-credit round, which scores the results it publishes the same way.
from contracts.medical_objections import PUBLISHED_SCORE_TOLERANCE as PUBLISHED_SCORE_TOLERANCE
from contracts.medical_objections import normalized_facts as normalized_facts
from contracts.medical_objections import same_score as same_score
from contracts.medical_objections import score_facts as score_facts
