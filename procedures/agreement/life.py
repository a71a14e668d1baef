"""What an agreement waits for next: the moments of its life, as a pure function of its state
(no Temporal import). The workflow sleeps until the earliest and acts on it; a step that changes
the state makes it look again.

The moments, each at 00:00 Asia/Shanghai of its day (a day's events happen as it begins):
- the renewal negotiation opens (附件1 一(二); the lead time is the case file's, default the
  3 months' notice of 附件1 一(三)3), and a reminder a month before the term ends;
- the term ends (二(三)4: 31 December; the next day the agreement ends unless renewed);
- a 中止期 ends (五(三)3/4: the rectification check is then due, 五(六)); an institution's own
  中止 reaches its 180 days without a resume request (附件1 一(三)1: automatic 解除);
- an institution's agreed 中止 or 解除 takes effect on the day it asked (附件1 一(三)3);
- the 3 months of rectification after a suspension of settlement by the performance assessment
  have run (附件1 二(四)2(2): 整改3个月后再进行考核): the re-assessment is due;
- a 违约金 not paid by its last day (五(五)) and a person's or department's 中止 ending: their
  named deadlines' instants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from checks.plausible import SHANGHAI_OFFSET
from contracts.case_records import CaseDeadline
from periods.months import months_later
from procedures.agreement.case import RUNNING, AgreementState, Stage
from procedures.agreement.models import RequestKind
from procedures.agreement.term import negotiation_opens

# The named deadline of a 中止 of persons or a department: "measure-<decision>".
MEASURE_PREFIX = "measure-"


class Moment(StrEnum):
    NEGOTIATION_OPENS = "negotiation_opens"
    RENEWAL_REMINDER = "renewal_reminder"
    TERM_ENDS = "term_ends"
    SUSPENSION_ENDS = "suspension_ends"
    REQUEST_TAKES_EFFECT = "request_takes_effect"
    DUTY_EXPIRES = "duty_expires"  # a 违约金 unpaid
    MEASURE_ENDS = "measure_ends"  # a person's or department's 中止
    REASSESSMENT_DUE = "reassessment_due"  # 附件1 二(四)2(2): 整改3个月后再进行考核


@dataclass(frozen=True)
class Next:
    at: datetime
    moment: Moment
    name: str = ""  # the deadline or request it is about


def day_begins(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI_OFFSET)


def reminder_day(term_end: date) -> date:
    """A month before the term's end (附件1 一(二) names none: a reminder of ours)."""
    return months_later(term_end, -1)


def moments(
    state: AgreementState,
    stage: Stage,
    deadlines: Mapping[str, CaseDeadline],
    lead_months: int,
) -> list[Next]:
    """Every moment the agreement still waits for, earliest first."""
    found: list[Next] = []
    term_end = state.terms[-1].end
    if stage in RUNNING:
        opens = negotiation_opens(term_end, lead_months)
        if not state.negotiation_open:
            found.append(Next(day_begins(opens), Moment.NEGOTIATION_OPENS))
        elif not state.renewal_reminded and reminder_day(term_end) > opens:
            found.append(Next(day_begins(reminder_day(term_end)), Moment.RENEWAL_REMINDER))
        found.append(Next(day_begins(term_end + timedelta(days=1)), Moment.TERM_ENDS))
        for index, pending in enumerate(state.requests):
            agreed = pending.consent is not None and pending.consent.agreed
            if agreed and not pending.done and pending.request.kind is not RequestKind.NOT_RENEW:
                when = day_begins(pending.request.takes_effect_on)
                found.append(Next(when, Moment.REQUEST_TAKES_EFFECT, str(index)))
        for result in state.performance:
            ends = result.rectification_ends_on
            if ends is not None and result.passed is None and not result.reassessment_due:
                when = day_begins(ends + timedelta(days=1))
                found.append(Next(when, Moment.REASSESSMENT_DUE, str(result.year)))
    if stage is Stage.SUSPENDED:
        for suspension in state.suspensions:
            deadline = deadlines.get(suspension.deadline)
            if not suspension.ended and deadline is not None:
                found.append(
                    Next(deadline.deadline.due_at, Moment.SUSPENSION_ENDS, suspension.deadline)
                )
    for penalty in state.penalties:
        deadline = deadlines.get(penalty.deadline)
        if deadline is not None and deadline.met_at is None and not deadline.overdue:
            found.append(Next(deadline.deadline.due_at, Moment.DUTY_EXPIRES, penalty.deadline))
    for name, deadline in deadlines.items():
        if name.startswith(MEASURE_PREFIX) and deadline.met_at is None and not deadline.lapsed:
            found.append(Next(deadline.deadline.due_at, Moment.MEASURE_ENDS, name))
    return sorted(found, key=lambda n: n.at)


def not_renewing(state: AgreementState) -> bool:
    """The institution asked not to renew (附件1 一(三)3): the term ends without negotiation."""
    return any(p.request.kind is RequestKind.NOT_RENEW and not p.done for p in state.requests)
