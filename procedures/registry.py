"""Every procedure the engine runs, one line each: its declaration (procedures/declaration.py).

The worker registers their workflows; the command line, the HTTP API, the board and the case
lists are generated from them.
"""

from __future__ import annotations

from collections.abc import Mapping

from procedures.accountability.declaration import DECLARATION as ACCOUNTABILITY
from procedures.accountability.words import WORDS as ACCOUNTABILITY_WORDS
from procedures.agreement.declaration import DECLARATION as AGREEMENT
from procedures.agreement.words import WORDS as AGREEMENT_WORDS
from procedures.declaration import Procedure, Words
from procedures.designation.declaration import DECLARATION as DESIGNATION
from procedures.designation.words import WORDS as DESIGNATION_WORDS
from procedures.market_objection.declaration import DECLARATION as MARKET_OBJECTION
from procedures.market_objection.words import WORDS as MARKET_OBJECTION_WORDS
from procedures.medical_objection.declaration import DECLARATION as MEDICAL_OBJECTION
from procedures.medical_objection.words import WORDS as MEDICAL_OBJECTION_WORDS
from procedures.repair.declaration import DECLARATION as REPAIR
from procedures.repair.words import WORDS as REPAIR_WORDS
from procedures.round.declaration import DECLARATION as ROUND
from procedures.round.words import WORDS as ROUND_WORDS
from procedures.subject_record.declaration import DECLARATION as SUBJECT_RECORD

__all__ = [
    "CASES",
    "PROCEDURES",
    "WORDS",
    "WORKFLOWS",
    "Procedure",
    "case_id_of",
    "find",
    "words_of",
]

PROCEDURES: tuple[Procedure, ...] = (
    MARKET_OBJECTION,
    SUBJECT_RECORD,
    MEDICAL_OBJECTION,
    REPAIR,
    ACCOUNTABILITY,
    DESIGNATION,
    AGREEMENT,
    ROUND,
)

# The procedures with case files and steps (the subject records are a register).
CASES: tuple[Procedure, ...] = tuple(p for p in PROCEDURES if p.is_case)

# Each procedure's workflow type, and the type its cases started as before issue 20.
WORKFLOWS = [w for p in PROCEDURES for w in (p.workflow, p.released_workflow) if w is not None]

# Each case procedure's stages and duties in words (its `words.py`), by procedure name: what the
# status, the lists and the board say instead of identifiers.
WORDS: Mapping[str, Words] = {
    MARKET_OBJECTION.name: MARKET_OBJECTION_WORDS,
    MEDICAL_OBJECTION.name: MEDICAL_OBJECTION_WORDS,
    REPAIR.name: REPAIR_WORDS,
    ACCOUNTABILITY.name: ACCOUNTABILITY_WORDS,
    DESIGNATION.name: DESIGNATION_WORDS,
    AGREEMENT.name: AGREEMENT_WORDS,
    ROUND.name: ROUND_WORDS,
}
# A procedure without words of its own (a register) says its identifiers, and the kernel's.
NO_WORDS = Words(stages={}, duties={})


def words_of(procedure: Procedure | None) -> Words:
    return WORDS.get(procedure.name, NO_WORDS) if procedure else NO_WORDS


def find(name_or_type: str) -> Procedure | None:
    """A procedure by its CLI name (market-objection) or its ProcedureType."""
    return next((p for p in PROCEDURES if name_or_type in (p.name, p.procedure_type)), None)


def case_id_of(workflow_id: str) -> tuple[Procedure | None, str]:
    for procedure in PROCEDURES:
        if workflow_id.startswith(procedure.name + "-"):
            return procedure, workflow_id[len(procedure.name) + 1 :]
    return None, workflow_id
