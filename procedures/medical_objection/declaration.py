"""The medical-insurance credit objection, declared once (procedures/declaration.py)."""

from __future__ import annotations

from procedures.declaration import Flag, Procedure, Step
from procedures.medical_objection import models as med
from procedures.medical_objection import status as st
from procedures.medical_objection.standing import (
    closed_window,
    decided,
    materials_received,
    objection_filed,
    standing,
    with_final_grade,
    with_review,
)
from procedures.medical_objection.workflow import (
    MedicalCreditObjectionWorkflow,
    ReleasedMedicalCreditObjection,
)

SUBJECT = "the credit subject"  # objects and hands in the materials (四(三))

DECLARATION = Procedure(
    name=med.PROCEDURE,
    title="Medical-insurance credit objection (异议申诉, 10 + 10 working days)",
    statutory_period=f"re-check, {med.OBJECTION_CITATION}",
    statutory_working_days=med.REVIEW_WORKING_DAYS,
    clause="衢医保发〔2021〕36号 四(三): 10 working days to object, 10 to re-check",
    description="衢医保发〔2021〕36号 四(三): the subject may object within 10 working days of "
    "the result's publication; the department re-checks within 10 working days of receiving "
    "the objection and its materials, and feeds back on form 附件2.",
    workflow=MedicalCreditObjectionWorkflow,
    released_workflow=ReleasedMedicalCreditObjection,
    status_model=st.MedicalObjectionStatus,
    case_model=med.MedicalObjectionCase,
    steps=(
        Step(
            "object",
            "object",
            med.ObjectionForm,
            st.ObjectionReceipt,
            by=SUBJECT,
            clause=med.OBJECTION_FORM_CITATION,
            help="the subject's objection (异议申诉, 附件1) within the 10-working-day window",
            description="File the objection (see examples/medical-objection-objection.json). "
            "Refused, with nothing changed, after the 10-working-day window or when one is "
            "already filed. Without materials the case waits for them before the re-check "
            "clock starts.",
            source="objection",
            completes=with_review,
            reply=objection_filed,
        ),
        Step(
            "materials",
            "submit_materials",
            med.MaterialsSubmission,
            st.MaterialsReceipt,
            by=SUBJECT,
            clause=med.OBJECTION_CITATION,
            help="the objection's supporting materials; the re-check's 10 working days start",
            description="Record the supporting materials (证明材料); the 10-working-day re-check "
            "starts now.",
            completes=with_review,
            reply=materials_received,
            flags=(
                Flag("--ref", "refs", "a material's reference (repeatable)", "REF", repeat=True),
                Flag("--by", "submitted_by", "who handed them in", "NAME"),
            ),
        ),
        Step(
            "decide",
            "decide",
            med.ReviewDecision,
            st.DecisionReceipt,
            by="the medical-insurance department",
            clause=med.FEEDBACK_CITATION,
            help="the re-check's result (附件2): upheld or corrected facts",
            description="Record the decision (see examples/medical-objection-decision.json): "
            "'upheld', or 'corrected' with the corrected medical-credit facts, which are "
            "re-scored. Refused, with nothing changed, unless the case is under review.",
            source="decision",
            completes=with_final_grade,
            reply=decided,
        ),
    ),
    start_help="open a case on the publication of a credit result",
    start_description="Start a case from a JSON case file (see examples/medical-objection.json): "
    "the agency, the subject, the published result with its scoring facts, score and grade. The "
    "facts are scored and must give the published score and grade; nothing is sent otherwise.",
    standing=standing,
    explains=closed_window,
    examples=(
        "starter.py medical-objection start --file examples/medical-objection.json",
        "starter.py medical-objection object CASE_ID --file "
        "examples/medical-objection-objection.json",
        "starter.py medical-objection materials CASE_ID --ref REF [--ref REF ...]",
        "starter.py medical-objection decide CASE_ID --file "
        "examples/medical-objection-decision.json",
    ),
)
