"""Credit repair, declared once (procedures/declaration.py)."""

from __future__ import annotations

from functools import partial
from typing import get_args

from procedures.declaration import Flag, Procedure, Step, served_step
from procedures.repair import models as rep
from procedures.repair.standing import (
    decision_done,
    leaves,
    objector_from_case,
    standing,
    started,
)
from procedures.repair.workflow import CreditRepairWorkflow, ReleasedCreditRepair

REGULATION = "衢医保发〔2021〕36号"
# 六: the decision, its extension and the public notice; 附件4: the refusal and its objection.
PROCEDURE_CLAUSE = f"{REGULATION} {rep.PROCEDURE_CLAUSE}"
REFUSAL_CLAUSE = f"{REGULATION} {rep.REFUSAL_FORM_CLAUSE}"
DEPARTMENT = "the medical-insurance department"  # decides the repair and every objection

# Every repair Update answers with the kernel's receipt (stage, at, detail).
step = partial(Step, receipt=rep.Receipt)

DECLARATION = Procedure(
    name=rep.PROCEDURE,
    title="Credit repair (信用修复, decision 10 (+≤30) working days, notice 5)",
    statutory_period=f"decision, {REGULATION} {rep.PROCEDURE_CLAUSE}",
    statutory_working_days=rep.DECISION_WORKING_DAYS,
    clause=f"{REGULATION} 六: decision in 10 working days (+≤30), 5-day notice",
    description=f"{REGULATION} 六: eligibility from the subject record (六(二)), decision "
    "within 10 working days of acceptance (extendable by at most 30), public notice of 5 "
    "working days, written refusal (附件4) or confirmation (附件5).",
    workflow=CreditRepairWorkflow,
    released_workflow=ReleasedCreditRepair,
    status_model=rep.RepairStatus,
    case_model=rep.RepairCase,
    steps=(
        step(
            "decide",
            "decide",
            rep.RepairDecision,
            by=DEPARTMENT,
            clause=PROCEDURE_CLAUSE,
            help="record the decision: approve (→ public notice) or refuse (→ 附件4)",
            description="Record the decision on an eligible application. Refused, with nothing "
            "changed, unless the case is under review.",
            done=decision_done,
            source="decision",
            flags=(
                Flag("--approve", "outcome", "予以修复: publish the notice", value="approve"),
                Flag("--refuse", "outcome", "不予修复: issue 附件4", value="refuse"),
                Flag("--reason", "reason", "the reasons (printed on 附件4 for a refusal)", "TEXT"),
                Flag("--reviewer", "reviewer", "who decided (recorded in the audit trail)", "NAME"),
                Flag(
                    "--clause",
                    "clause",
                    "for a refusal: the clause relied on (default 六(二)4 其他依法不宜修复)",
                    choices=get_args(rep.ReviewerClause),
                ),
            ),
        ),
        step(
            "extend",
            "extend",
            rep.ExtensionRequest,
            by=DEPARTMENT,
            clause=PROCEDURE_CLAUSE,
            help="extend the decision period (情况复杂的, at most 30 working days in all)",
            description="Extend the 10-working-day decision period by N working days, with the "
            "reason. The extensions of a case add up to at most 30 working days; a request "
            "beyond that is refused and names the allowance left.",
            done=lambda request: f"Extension of {request.working_days} working day(s) recorded",
            source="extension",
            flags=(
                Flag("--working-days", "working_days", "how many working days", "N", parse=int),
                Flag("--reason", "reason", "why the case is complex (recorded)", "TEXT"),
                Flag("--by", "granted_by", "who granted it (audit trail; default: agency)", "NAME"),
            ),
            flag_defaults={"granted_by": "agency"},
        ),
        step(
            "object-to-refusal",
            "object_to_refusal",
            rep.Objection,
            by="the applicant",
            clause=REFUSAL_CLAUSE,
            help="the subject objects to the refusal (附件4, 5 working days)",
        ),
        step(
            "decide-refusal-objection",
            "decide_refusal_objection",
            rep.ObjectionDecision,
            by=DEPARTMENT,
            clause=REFUSAL_CLAUSE,
            help="decide the objection to the refusal",
        ),
        step(
            "object-to-notice",
            "object_to_notice",
            rep.Objection,
            by="anyone (社会公众)",
            clause=PROCEDURE_CLAUSE,
            help="an objection during the 5-working-day public notice",
        ),
        step(
            "decide-notice-objection",
            "decide_notice_objection",
            rep.ObjectionDecision,
            by=DEPARTMENT,
            clause=PROCEDURE_CLAUSE,
            help="decide the objection to the public notice",
        ),
        step(
            "object",
            "",
            rep.Objection,
            by="the applicant (to the refusal) or anyone (to the public notice)",
            clause=f"{REFUSAL_CLAUSE}, {rep.PROCEDURE_CLAUSE}",
            help="raise an objection to the refusal or to the public notice, whichever is open",
            description="An objection to the refusal (附件4: within 5 working days of receiving "
            "it) or to the public notice (公示: during its 5 working days; the repair is then "
            "suspended).",
            done="Objection recorded; it awaits a decision",
            source="objection",
            flags=(
                Flag("--reason", "reason", "the grounds of the objection", "TEXT"),
                Flag(
                    "--objector",
                    "objector",
                    "who objects (default: the applicant, for an objection to a refusal; "
                    "required for an objection to the public notice)",
                    "NAME",
                ),
            ),
            routes={
                rep.Stage.REFUSAL_NOTIFIED.value: "object_to_refusal",
                rep.Stage.NOTICE.value: "object_to_notice",
                rep.Stage.NOTICE_SUSPENDED.value: "object_to_notice",
            },
            routed_only_while="an objection is accepted only while the refusal's objection "
            "window or the public notice is open",
            route_defaults=objector_from_case,
        ),
        step(
            "decide-objection",
            "",
            rep.ObjectionDecision,
            by=DEPARTMENT,
            clause=f"{REFUSAL_CLAUSE}, {rep.PROCEDURE_CLAUSE}",
            help="decide the pending objection",
            description="Decide the objection awaiting a decision. --substantiated: a refusal "
            "goes back to review / the repair does not take effect. --upheld: the act objected "
            "to stands (the refusal is final / the repair proceeds).",
            done="Objection decided",
            source="objection decision",
            flags=(
                Flag("--substantiated", "substantiated", "the objection is founded", value=True),
                Flag(
                    "--upheld",
                    "substantiated",
                    "the refusal or the repair objected to stands",
                    value=False,
                ),
                Flag("--reason", "reason", "the reasons", "TEXT"),
                Flag("--reviewer", "reviewer", "who decided", "NAME"),
            ),
            routes={
                rep.Stage.REFUSAL_OBJECTION.value: "decide_refusal_objection",
                rep.Stage.NOTICE_SUSPENDED.value: "decide_notice_objection",
            },
            routed_only_while="no objection awaits a decision",
        ),
        served_step(
            rep.Receipt,
            by=DEPARTMENT,
            clause=REFUSAL_CLAUSE,
            notices=(
                f"{REFUSAL_CLAUSE}: the refusal notice (notice 'repair-refusal', then "
                "'repair-refusal-2'...): 如不服本决定, 可以自收到本告知书之日起5个工作日内 "
                "提出异议申请."
            ),
        ),
    ),
    started=started,
    standing=standing,
    leaves=leaves,
    examples=(
        "starter.py repair start --file examples/repair.json",
        'starter.py repair extend CASE_ID --working-days 10 --reason "需现场核查" --wait',
        "starter.py repair decide CASE_ID --file examples/repair-decision.json",
        'starter.py repair object CASE_ID --reason "..." [--objector NAME]',
        'starter.py repair decide-objection CASE_ID --upheld --reason "..." --reviewer NAME',
    ),
)
