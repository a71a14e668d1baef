"""A designated institution's agreement, declared once (procedures/declaration.py)."""

from __future__ import annotations

from functools import partial

from contracts.performance_results import PerformanceResult
from procedures.agreement import case as agr
from procedures.agreement.standing import standing
from procedures.agreement.workflow import MedicalAgreementWorkflow, ReleasedMedicalAgreement
from procedures.declaration import Procedure, Step

REGULATION = "衢医保发〔2023〕8号"
AGENCY = "the medical-insurance agency (经办机构)"
INSTITUTION = "the designated institution (定点医药机构), through the agency's system"

step = partial(Step, receipt=agr.Receipt)

DECLARATION = Procedure(
    name=agr.PROCEDURE,
    title="Designated institution's agreement (医保服务协议: term, handling, 中止, 解除, renewal)",
    # The agreement runs for its term (二(三)4, 附件1 一): no period its closing is measured by.
    statutory_period=f"the agreement's term, {REGULATION} 二(三)4 (no working-day period)",
    clause=f"{REGULATION} 二(三)4, 五(三)–(六), 附件1 一: the agreement's life",
    description=f"{REGULATION}: the term to 31 December of the signing year, then a year per "
    "renewal (附件1 一(二)); handling decisions on the ladder of 五(三)1–5 (违约金 10–30%, due "
    "in 30 days, 五(五); 中止 30/60–180 days, then the rectification check, 五(六)); the "
    "institution's own 中止, 解除 or 不再续签 with 3 months' notice (附件1 一(三)); changes "
    "(附件1 一(一)); the three steps of a 解除 (附件1 一(四)), which leave the finding a later "
    "designation application is refused on (二(三)2); the performance assessment's results "
    "(附件1 二(四): grades, 暂停联网结算 with 3 months' rectification, re-assessment).",
    workflow=MedicalAgreementWorkflow,
    released_workflow=ReleasedMedicalAgreement,
    status_model=agr.AgreementStatus,
    case_model=agr.AgreementCase,
    start_help="start an agreement from an agreement file (one signed before the engine; a "
    "designation starts its own at signing)",
    steps=(
        step(
            "decide",
            "decide",
            agr.Decision,
            by=AGENCY,
            clause=f"{REGULATION} 五(三)",
            help="a handling decision: rung and ground of 五(三), the measures and their bounds",
            description="Refused, naming the clause, when the ground's rung does not allow a "
            "measure, a 违约金 is outside 10–30% (五(三)3), a 中止 outside 30–180 days for "
            "情节严重 (五(三)3) or 60–180 days (五(三)4), or 五(三)5(1) without 2 中止 in the "
            "term.",
            done="Handling decision recorded",
        ),
        step(
            "pay-penalty",
            "pay_penalty",
            agr.PenaltyPaid,
            by=AGENCY,
            clause=f"{REGULATION} 五(五)",
            help="a 违约金 paid (due 30 days after the decision; unpaid → escalated)",
            done="Payment recorded",
        ),
        step(
            "restore-settlement",
            "restore_settlement",
            agr.SettlementRestored,
            by=AGENCY,
            clause=f"{REGULATION} 五(三)1",
            help="lift 暂停联网结算 after rectification",
            done="Card settlement restored",
        ),
        step(
            "check",
            "check",
            agr.RectificationCheck,
            by=AGENCY,
            clause=f"{REGULATION} 五(六)",
            help="the rectification check after a 中止期: passed → in force; failed/refused → 解除",
            done="Rectification check recorded",
        ),
        step(
            "renew",
            "renew",
            agr.Renewal,
            by=AGENCY,
            clause=f"{REGULATION} 附件1 一(二)",
            help="renew for a year, with the performance grade relied on (once negotiation opens)",
            done="Renewal recorded",
        ),
        step(
            "request",
            "request",
            agr.Request,
            by=INSTITUTION,
            clause=f"{REGULATION} 附件1 一(三)3",
            help="the institution asks to 中止, 解除 or not renew (3 months ahead; not a public "
            "hospital's 中止 or 解除)",
            done="Request recorded",
        ),
        step(
            "consent",
            "consent",
            agr.Consent,
            by=AGENCY,
            clause=f"{REGULATION} 附件1 一(三)1",
            help="the agency agrees (or not) to the institution's 中止 or 解除",
            done="Consent recorded",
        ),
        step(
            "resume",
            "resume",
            agr.Resume,
            by=INSTITUTION,
            clause=f"{REGULATION} 附件1 一(三)1",
            help="继续履行 during the institution's own 中止 (else 解除 after 180 days)",
            done="Resumed",
        ),
        step(
            "change",
            "change",
            agr.Change,
            by=INSTITUTION,
            clause=f"{REGULATION} 附件1 一(一)",
            help="file a change: major (30 working days of approval), a move (needs permission), "
            "other",
            done="Change filed",
        ),
        step(
            "permit-move",
            "permit_move",
            agr.MoveDecision,
            by=AGENCY,
            clause=f"{REGULATION} 附件1 一(一)",
            help="permit (or not) a move filed in advance",
            done="Move decided",
        ),
        step(
            "terminate-step",
            "terminate_step",
            agr.TerminationStep,
            by=AGENCY,
            clause=f"{REGULATION} 附件1 一(四)",
            help="one of the three steps of a 解除, in order: stop_settlement, "
            "handling_opinion, settle_accounts",
            done="解除 step recorded",
        ),
        step(
            "assess",
            "assess",
            PerformanceResult,
            by="the performance round (procedures/round), or the agency by hand",
            clause=f"{REGULATION} 附件1 二(四)",
            help="a performance assessment's result: the annual grade (A–D; 暂停联网结算 for the "
            "last two or under 60, then 3 months' rectification), or the re-assessment after it "
            "(failed → 解除)",
            description="Refused, naming the field, for a year the agreement does not cover or "
            "was signed in (当年新增的不予考核), a second result for a year, a suspension the "
            "text does not order, or a re-assessment with no suspension awaiting it or before the "
            "3 months of rectification have run (the day they end is named).",
            done="Assessment recorded",
        ),
    ),
    started=lambda status: True,
    standing=standing,
    examples=(
        "starter.py agreement start --file examples/agreement.json",
        "starter.py agreement decide QZYB-XY-2026-0031 --file examples/agreement-decision.json "
        "--wait",
        "starter.py agreement request QZYB-XY-2026-0031 --file examples/agreement-request.json",
        "starter.py agreement assess QZYB-XY-2026-0031 --file examples/agreement-assessment.json",
        "starter.py status QZYB-XY-2026-0031",
    ),
)
