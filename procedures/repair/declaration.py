"""Credit repair, declared once (procedures/declaration.py)."""

from __future__ import annotations

from procedures.declaration import Procedure, Step
from procedures.repair import models as rep
from procedures.repair.workflow import CreditRepairWorkflow

REGULATION = "衢医保发〔2021〕36号"

DECLARATION = Procedure(
    name=rep.PROCEDURE,
    procedure_type=rep.PROCEDURE_TYPE,
    title="Credit repair (信用修复, decision 10 (+≤30) working days, notice 5)",
    clause=f"{REGULATION} 六: decision in 10 working days (+≤30), 5-day notice",
    description=f"{REGULATION} 六: eligibility from the subject record (六(二)), decision "
    "within 10 working days of acceptance (extendable by at most 30), public notice of 5 "
    "working days, written refusal (附件4) or confirmation (附件5).",
    workflow=CreditRepairWorkflow,
    status_model=rep.RepairStatus,
    case_model=rep.RepairCase,
    agency_of=lambda case: case.agency.code,
    steps=(
        Step(
            "decide",
            "decide",
            rep.RepairDecision,
            rep.Receipt,
            by="the medical-insurance department",
            clause=f"{REGULATION} {rep.PROCEDURE_CLAUSE}",
            help="approve (→ public notice) or refuse (→ 附件4)",
        ),
        Step(
            "extend",
            "extend",
            rep.ExtensionRequest,
            rep.Receipt,
            by="the medical-insurance department",
            clause=f"{REGULATION} {rep.PROCEDURE_CLAUSE}",
            help="extend the decision period (情况复杂的, at most 30 working days in all)",
        ),
        Step(
            "object-to-refusal",
            "object_to_refusal",
            rep.Objection,
            rep.Receipt,
            by="the applicant",
            clause=f"{REGULATION} {rep.REFUSAL_FORM_CLAUSE}",
            help="the subject objects to the refusal (附件4, 5 working days)",
        ),
        Step(
            "decide-refusal-objection",
            "decide_refusal_objection",
            rep.ObjectionDecision,
            rep.Receipt,
            by="the medical-insurance department",
            clause=f"{REGULATION} {rep.REFUSAL_FORM_CLAUSE}",
            help="decide the objection to the refusal",
        ),
        Step(
            "object-to-notice",
            "object_to_notice",
            rep.Objection,
            rep.Receipt,
            by="anyone (社会公众)",
            clause=f"{REGULATION} {rep.PROCEDURE_CLAUSE}",
            help="an objection during the 5-working-day public notice",
        ),
        Step(
            "decide-notice-objection",
            "decide_notice_objection",
            rep.ObjectionDecision,
            rep.Receipt,
            by="the medical-insurance department",
            clause=f"{REGULATION} {rep.PROCEDURE_CLAUSE}",
            help="decide the objection to the public notice",
        ),
    ),
    examples=(
        "starter.py repair start --file examples/repair.json",
        'starter.py repair extend CASE_ID --working-days 10 --reason "需现场核查" --wait',
        "starter.py repair decide CASE_ID --file examples/repair-decision.json",
    ),
)
