"""Every procedure the engine runs: its workflow, its id prefix and its ProcedureType.

The worker registers these; the CLI uses them to find a case whatever its procedure.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from workflows import market_objection_models as market
from workflows.market_objection import MarketCreditObjectionWorkflow


@dataclass(frozen=True)
class Procedure:
    name: str  # workflow-id prefix and CLI command
    procedure_type: str  # ProcedureType search attribute
    workflow: type
    status_model: type[BaseModel]
    title: str

    def workflow_id(self, case_id: str) -> str:
        return f"{self.name}-{case_id}"


PROCEDURES = (
    Procedure(
        name=market.PROCEDURE,
        procedure_type=market.PROCEDURE_TYPE,
        workflow=MarketCreditObjectionWorkflow,
        status_model=market.MarketObjectionStatus,
        title="Market-regulation credit objection (异议复核, 15 working days)",
    ),
)

WORKFLOWS = [p.workflow for p in PROCEDURES]


def find(name_or_type: str) -> Procedure | None:
    """A procedure by its CLI name (market-objection) or its ProcedureType."""
    return next((p for p in PROCEDURES if name_or_type in (p.name, p.procedure_type)), None)


def case_id_of(workflow_id: str) -> tuple[Procedure | None, str]:
    for procedure in PROCEDURES:
        if workflow_id.startswith(procedure.name + "-"):
            return procedure, workflow_id[len(procedure.name) + 1 :]
    return None, workflow_id
