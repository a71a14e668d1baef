"""What a designation case prints (衢医保发〔2023〕8号 二(三)2–5): the supplementation notice, the
refusal and the cancellation, the acceptance notice, the evaluation result, the public notice and
the designation's announcement. What it sends (the messages filed, opened and published, the
reminders) is in messages.py.

Pure functions of the case and its facts (no Temporal import): the workflow hands what they return
to its outputs (kernel/outputs.py), and tests/test_designation_steps.py reads them without a
server. The wording is the agency's own: it is printed, published and sent as it stands here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from contracts.case_records import CaseDeadline
from contracts.designation_documents import (
    ClauseItem,
    DesignationAcceptance,
    DesignationAnnouncement,
    DesignationRefusal,
    EvaluationResultNotice,
    EvaluatorTotal,
    Period,
    SupplementationNotice,
)
from procedures.designation.clauses import (
    APPLICATION_CLAUSE,
    EVALUATION_CLAUSE,
    EVALUATION_WORKING_DAYS,
    NON_ACCEPTANCE_CLAUSE,
    SETTLEMENT_CLAUSE,
    SUPPLEMENT_WORKING_DAYS,
    cite,
)
from procedures.designation.evaluation_pause import pause_note
from procedures.designation.evaluation_rules import (
    failure_reasons,
    rectification_advice,
    veto_items,
)
from procedures.designation.materials import MissingItem

# Re-exported (`X as X`): tests/test_designation_steps.py reads the messages through this module.
from procedures.designation.messages import agreement_filing as agreement_filing
from procedures.designation.messages import designation_publication as designation_publication
from procedures.designation.messages import evaluation_filing as evaluation_filing
from procedures.designation.messages import evaluation_overdue as evaluation_overdue
from procedures.designation.messages import evaluation_reminder as evaluation_reminder
from procedures.designation.messages import public_notice_publication as public_notice_publication
from procedures.designation.messages import settlement_opening as settlement_opening
from procedures.designation.models import (
    AgreementView,
    DesignationCase,
    EvaluationRecord,
    NonAcceptanceGround,
)
from procedures.designation.submissions import FalseMaterials

# 逾期不补正的视作放弃申请, 须3个月后方可再次申请: printed on every supplementation notice.
SUPPLEMENT_CONSEQUENCE = (
    f"逾期不补正的视作放弃申请, 须3个月后方可再次申请 ({cite(APPLICATION_CLAUSE)})"
)


def addressing(
    case: DesignationCase, *, key: str, issued_at: datetime, citation: str
) -> dict[str, Any]:
    """The head every designation document shares: who issues it, to whom, when, under what."""
    return {
        "key": key,
        "case_id": case.case_id,
        "agency_name": case.agency.name,
        "agency_code": case.agency.code,
        "issued_at": issued_at,
        "subject_name": case.institution.name,
        "subject_code": case.institution.uscc,
        "citation": citation,
        "institution_kind": case.institution.kind.value,
    }


def notice_period(deadline: CaseDeadline | None, working_days: int) -> Period:
    """A window or a duty as a document prints it: its length, its last day and its instant
    (none for a window that runs from a service not yet recorded, kernel/service.py)."""
    if deadline is None:
        return Period(working_days=working_days)
    return Period(
        working_days=working_days,
        last_day=deadline.deadline.last_day,
        due_at=deadline.deadline.due_at,
    )


def supplementation_notice(
    case: DesignationCase,
    *,
    key: str,
    issued_at: datetime,
    phase: str,
    received_on: date,
    missing: list[MissingItem],
    window: CaseDeadline | None,
) -> SupplementationNotice:
    """二(三)2 一次性告知: everything missing in one notice, with the 5-working-day window it
    opens (`window`, scheduled before the notice so that it can print the last day; None when
    the window runs from a service (送达) the agency has yet to record)."""
    return SupplementationNotice(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(APPLICATION_CLAUSE)),
        phase="acceptance" if phase == "acceptance" else "evaluation",
        application_received_on=received_on,
        missing=[ClauseItem(text=m.text, clause=m.clause) for m in missing],
        window=notice_period(window, SUPPLEMENT_WORKING_DAYS),
        consequence=SUPPLEMENT_CONSEQUENCE,
    )


def evaluation_supplementation_notice(
    case: DesignationCase,
    *,
    key: str,
    issued_at: datetime,
    received_on: date,
    missing: list[MissingItem],
    evaluation: CaseDeadline,
    paused_on: date,
    used: int,
) -> SupplementationNotice:
    """二(三)3 评估期间补充材料: everything the evaluators want in one notice. No window and no
    abandonment (二(三)2 is the acceptance stage's rule): the notice prints the evaluation's
    period as it stood when it stopped (`window`, 20 working days and the last day it had) and
    what the pause means (`consequence`, evaluation_pause.pause_note)."""
    return SupplementationNotice(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(EVALUATION_CLAUSE)),
        phase="evaluation",
        application_received_on=received_on,
        missing=[ClauseItem(text=m.text, clause=m.clause) for m in missing],
        window=notice_period(evaluation, EVALUATION_WORKING_DAYS),
        consequence=pause_note(paused_on, used),
    )


def non_acceptance_notice(
    case: DesignationCase,
    *,
    key: str,
    issued_at: datetime,
    received_on: date,
    grounds: list[NonAcceptanceGround],
) -> DesignationRefusal:
    """不予受理: each non-acceptance case that applies, under the institution kind's list."""
    clause = cite(NON_ACCEPTANCE_CLAUSE[case.institution.kind.value])
    return DesignationRefusal(
        **addressing(case, key=key, issued_at=issued_at, citation=clause),
        decision="not_accepted",
        application_received_on=received_on,
        reasons=[ClauseItem(text=g.reason, clause=g.clause) for g in grounds],
    )


def cancellation_notice(
    case: DesignationCase,
    *,
    key: str,
    issued_at: datetime,
    received_on: date,
    report: FalseMaterials,
    until: date,
) -> DesignationRefusal:
    """提供虚假材料的, 一经核实, 取消本次申请; the 3-year bar's last day is printed."""
    return DesignationRefusal(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(APPLICATION_CLAUSE)),
        decision="cancelled",
        application_received_on=received_on,
        reasons=[
            ClauseItem(
                text=f"提供虚假材料 ({'、'.join(report.materials)}): {report.finding}",
                clause=cite(APPLICATION_CLAUSE),
            )
        ],
        restriction_until=until,
    )


def acceptance_notice(
    case: DesignationCase,
    *,
    key: str,
    issued_at: datetime,
    received_on: date,
    batch_day: date,
    accepted_on: date,
    evaluation: CaseDeadline,
) -> DesignationAcceptance:
    """予以受理, with the evaluation's 20 working days (二(三)3) as scheduled."""
    return DesignationAcceptance(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(APPLICATION_CLAUSE)),
        application_received_on=received_on,
        batch_day=batch_day,
        accepted_on=accepted_on,
        evaluation=notice_period(evaluation, EVALUATION_WORKING_DAYS),
    )


def result_notice(
    case: DesignationCase,
    record: EvaluationRecord,
    totals: list[EvaluatorTotal],
    *,
    key: str,
    issued_at: datetime,
    public_notice: Period | None,
    reevaluation_from: date | None,
    no_application_until: date | None,
) -> EvaluationResultNotice:
    """二(三)3 评估结果告知: the average and each member's total; a pass prints the public
    notice, a failure its reasons, the rectification advice and what follows."""
    return EvaluationResultNotice(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(EVALUATION_CLAUSE)),
        evaluation_round=record.round,
        average=record.average,
        passed=record.passed,
        evaluators=totals,
        vetoes=veto_items(record.report),
        reasons=failure_reasons(record),
        rectification_advice=rectification_advice(record) or ["按评估标准逐项整改"],
        public_notice=public_notice,
        reevaluation_possible_from=reevaluation_from,
        no_application_until=no_application_until,
    )


def public_notice_announcement(
    case: DesignationCase, *, key: str, issued_at: datetime, average: float, notice: Period
) -> DesignationAnnouncement:
    """85分(含)以上的为合格, 向社会公示: the notice names where reports go."""
    return DesignationAnnouncement(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(EVALUATION_CLAUSE)),
        kind="public_notice",
        address=case.institution.address,
        average=average,
        public_notice=notice,
        report_to=case.agency.name,
    )


def designation_announcement(
    case: DesignationCase, agreement: AgreementView, *, key: str, issued_at: datetime
) -> DesignationAnnouncement:
    """二(三)5 开通相应的刷卡权限并向社会公告."""
    return DesignationAnnouncement(
        **addressing(case, key=key, issued_at=issued_at, citation=cite(SETTLEMENT_CLAUSE)),
        kind="designation",
        address=case.institution.address,
        agreement_number=agreement.agreement_number,
        agreement_term_start=agreement.term_start,
        agreement_term_end=agreement.term_end,
        settlement_opened_on=agreement.settlement_opened_on,
    )
