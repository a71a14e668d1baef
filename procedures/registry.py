"""Every procedure the engine runs: its workflow, its id prefix and its ProcedureType.

The worker registers these; the CLI uses them to find a case whatever its procedure.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from contracts import subject_records as subject
from procedures.accountability import models as accountability
from procedures.accountability.workflow import LostLawsuitAccountabilityWorkflow
from procedures.designation import models as designation
from procedures.designation.workflow import DesignationWorkflow
from procedures.market_objection import models as market
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.medical_objection import models as medical
from procedures.medical_objection.workflow import MedicalCreditObjectionWorkflow
from procedures.repair import models as repair
from procedures.repair.workflow import CreditRepairWorkflow
from procedures.subject_record.workflow import SubjectRecordWorkflow


@dataclass(frozen=True)
class Procedure:
    name: str  # workflow-id prefix and CLI command
    procedure_type: str  # ProcedureType search attribute
    workflow: type
    status_model: type[BaseModel]
    title: str

    @property
    def is_case(self) -> bool:
        """A procedure case (with deadlines), as opposed to a register such as subject records."""
        return self.procedure_type != subject.PROCEDURE_TYPE

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
    # Not a case but the durable record of one credit subject (信用档案); its "case id" is
    # <type>-<code>, or <type>-h<hash> for a person (`starter.py subject show`).
    Procedure(
        name=subject.PROCEDURE,
        procedure_type=subject.PROCEDURE_TYPE,
        workflow=SubjectRecordWorkflow,
        status_model=subject.SubjectRecordStatus,
        title="Subject record (信用档案): results, findings, repairs, restrictions",
    ),
    Procedure(
        name=medical.PROCEDURE,
        procedure_type=medical.PROCEDURE_TYPE,
        workflow=MedicalCreditObjectionWorkflow,
        status_model=medical.MedicalObjectionStatus,
        title="Medical-insurance credit objection (异议申诉, 10 + 10 working days)",
    ),
    Procedure(
        name=repair.PROCEDURE,
        procedure_type=repair.PROCEDURE_TYPE,
        workflow=CreditRepairWorkflow,
        status_model=repair.RepairStatus,
        title="Credit repair (信用修复, decision 10 (+≤30) working days, notice 5)",
    ),
    Procedure(
        name=accountability.PROCEDURE,
        procedure_type=accountability.PROCEDURE_TYPE,
        workflow=LostLawsuitAccountabilityWorkflow,
        status_model=accountability.AccountabilityStatus,
        title="Lost-lawsuit accountability (败诉责任追究, report 2 months, feedback 3 wd)",
    ),
    Procedure(
        name=designation.PROCEDURE,
        procedure_type=designation.PROCEDURE_TYPE,
        workflow=DesignationWorkflow,
        status_model=designation.DesignationStatus,
        title="Designation of a medical institution or pharmacy (医保定点, evaluation 20 wd)",
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
