"""The market-regulation credit objection, declared once (procedures/declaration.py)."""

from __future__ import annotations

from procedures.declaration import Flag, Procedure, Step
from procedures.market_objection import models as mkt
from procedures.market_objection.standing import decided, standing
from procedures.market_objection.workflow import (
    MarketCreditObjectionWorkflow,
    ReleasedMarketCreditObjection,
)

DECLARATION = Procedure(
    name=mkt.PROCEDURE,
    title="Market-regulation credit objection (异议复核, 15 working days)",
    statutory_period=f"review, 衢市监规〔2021〕3号/2号 {mkt.REVIEW_CLAUSE}",
    statutory_working_days=mkt.REVIEW_WORKING_DAYS,
    clause="衢市监规〔2021〕3号/2号 四(三)1: review within 15 working days of receipt",
    description="衢市监规〔2021〕2号/3号 四(三)1: the department reviews within 15 working days "
    "of receiving the application and tells the enterprise the result in writing.",
    workflow=MarketCreditObjectionWorkflow,
    released_workflow=ReleasedMarketCreditObjection,
    status_model=mkt.MarketObjectionStatus,
    case_model=mkt.MarketObjectionCase,
    agency_of=lambda case: case.agency_code,
    steps=(
        Step(
            "decide",
            "decide",
            mkt.ReviewDecision,
            mkt.DecisionReceipt,
            by="the reviewing department",
            clause=f"衢市监规〔2021〕3号/2号 {mkt.REVIEW_CLAUSE}",
            help="the review decision: upheld or corrected (written notice, platform, copy)",
            description="Record the review decision: 'upheld' (维持) or 'corrected' (修正, with "
            "the new grade, or corrected facts that are re-scored). Refused, with nothing "
            "changed, unless the case is under review.",
            source="decision",
            flags=(
                Flag(
                    "--outcome",
                    "outcome",
                    "upheld (维持) or corrected (修正)",
                    choices=tuple(o.value for o in mkt.ReviewOutcome),
                ),
                Flag("--grade", "corrected_grade", "the corrected grade", choices=tuple("ABCDE")),
                Flag("--score", "corrected_score", "the corrected score (optional)", parse=float),
                Flag("--reason", "reason", "the reasons given to the enterprise in writing"),
                Flag("--reviewer", "reviewer", "who decided (recorded in the audit trail)"),
            ),
            reply=decided,
        ),
    ),
    start_description="Start a case from a JSON case file (see "
    "examples/market-objection.json). The file is validated completely before anything is sent.",
    standing=standing,
    examples=(
        "starter.py market-objection start --file examples/market-objection.json",
        "starter.py market-objection decide CASE_ID --file "
        "examples/market-objection-decision-rescored.json --wait",
    ),
)
