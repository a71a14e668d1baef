"""Lost-lawsuit accountability, declared once (procedures/declaration.py)."""

from __future__ import annotations

from functools import partial

from checks.plausible import day_or_today
from procedures.accountability import models as acc
from procedures.accountability.duties import decided_on_problem, report_problem, review_problem
from procedures.accountability.standing import standing, started
from procedures.accountability.workflow import (
    LostLawsuitAccountabilityWorkflow,
    ReleasedLostLawsuitAccountability,
)
from procedures.declaration import Flag, Procedure, Step

REGULATION = "衢政办发〔2023〕5号"
HANDLING_BODY = "the body handling the accountability"  # decides, then feeds the decision back

# Every accountability Update answers with the kernel's receipt (stage, at, detail).
step = partial(Step, receipt=acc.Receipt)

DECLARATION = Procedure(
    name=acc.PROCEDURE,
    title="Lost-lawsuit accountability (败诉责任追究, report 2 months, feedback 3 wd)",
    # 第十三条 counts the report in months (2 months), not working days: no working-day period.
    statutory_period=f"report in 2 months, {REGULATION} {acc.REPORT_CLAUSE} (not working days)",
    clause=f"{REGULATION} 第十三条: report in 2 months, feedback in 3 working days",
    description=f"{REGULATION} 第十三条: the case analysis and rectification report within 2 "
    "months of receiving the effective judgment (乡镇街道 to the county level), the judicial "
    "administration's review, the handling decision and its feedback within 3 working days.",
    workflow=LostLawsuitAccountabilityWorkflow,
    released_workflow=ReleasedLostLawsuitAccountability,
    status_model=acc.AccountabilityStatus,
    case_model=acc.AccountabilityCase,
    steps=(
        step(
            "report",
            "submit_report",
            acc.CaseReport,
            by="the agency that lost the case",
            clause=f"{REGULATION} {acc.REPORT_CLAUSE}",
            help="the case analysis and rectification report (causes, measures, proposals)",
            done="Report recorded",
            check=report_problem,
        ),
        step(
            "review",
            "review",
            acc.Review,
            by="the judicial administration",
            clause=f"{REGULATION} {acc.REVIEW_CLAUSE}",
            help="the judicial administration's review (no accountability, or a referral)",
            done="Review recorded",
            check=review_problem,
        ),
        step(
            "decide",
            "record_decision",
            acc.Decision,
            by=HANDLING_BODY,
            clause=f"{REGULATION} 第十一/十二/十四条",
            help="the handling decision (sanctions, referrals, decided_on); feedback due in 3 "
            "working days of decided_on",
            done="Handling decision recorded",
            flags=(
                Flag(
                    "--decided-on",
                    "decided_on",
                    "the day the decision was made (第十三条第三款 counts the feedback from it): "
                    "YYYY-MM-DD or today; with --file, replaces the file's",
                    "DAY",
                    parse=day_or_today,
                    with_file=True,
                ),
            ),
            # decided_on is required (the door says so before sending); the review's day is
            # the case's to check (the validator).
            check=partial(decided_on_problem, reviewed_on=None),
        ),
        step(
            "feedback",
            "record_feedback",
            acc.Feedback,
            by=HANDLING_BODY,
            clause=f"{REGULATION} {acc.FEEDBACK_CLAUSE}",
            help="the feedback of the decision to the judicial administration (closes the case)",
            done="Feedback recorded",
        ),
    ),
    started=started,
    standing=standing,
    examples=(
        "starter.py accountability start --file examples/accountability.json",
        "starter.py accountability report CASE_ID --file REPORT.json",
        "starter.py accountability decide CASE_ID --file DECISION.json --wait",
    ),
)
