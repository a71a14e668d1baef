"""Every procedure the engine runs, one line each: its declaration (procedures/declaration.py).

The worker registers their workflows; the command line, the HTTP API, the board and the case
lists are generated from them.
"""

from __future__ import annotations

from procedures.accountability.declaration import DECLARATION as ACCOUNTABILITY
from procedures.declaration import Procedure
from procedures.designation.declaration import DECLARATION as DESIGNATION
from procedures.market_objection.declaration import DECLARATION as MARKET_OBJECTION
from procedures.medical_objection.declaration import DECLARATION as MEDICAL_OBJECTION
from procedures.repair.declaration import DECLARATION as REPAIR
from procedures.subject_record.declaration import DECLARATION as SUBJECT_RECORD

__all__ = ["CASES", "PROCEDURES", "WORKFLOWS", "Procedure", "case_id_of", "find"]

PROCEDURES: tuple[Procedure, ...] = (
    MARKET_OBJECTION,
    SUBJECT_RECORD,
    MEDICAL_OBJECTION,
    REPAIR,
    ACCOUNTABILITY,
    DESIGNATION,
)

# The procedures with case files and steps (the subject records are a register).
CASES: tuple[Procedure, ...] = tuple(p for p in PROCEDURES if p.is_case)

WORKFLOWS = [p.workflow for p in PROCEDURES]


def find(name_or_type: str) -> Procedure | None:
    """A procedure by its CLI name (market-objection) or its ProcedureType."""
    return next((p for p in PROCEDURES if name_or_type in (p.name, p.procedure_type)), None)


def case_id_of(workflow_id: str) -> tuple[Procedure | None, str]:
    for procedure in PROCEDURES:
        if workflow_id.startswith(procedure.name + "-"):
            return procedure, workflow_id[len(procedure.name) + 1 :]
    return None, workflow_id
