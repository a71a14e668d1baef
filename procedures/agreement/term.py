"""The agreement's term, its renewal, and the institution's own requests: 衢医保发〔2023〕8号
二(三)4 (seed 001 lines 1616–1618) and 附件1 一(二), 一(三)1, 一(三)3 (seed 001 lines 1908–1910,
1916–1918 and 1926). Pure functions, no Temporal import.

What the text says, where it differs from issue 18's summary:

- 二(三)4: 协议期限一般按自然年度签订至当年12月31日. The text says nothing of an agreement
  signed late in the year (in December): the term still ends on 31 December of the signing year,
  however short; no carry-over into the next year is written, so none is made here.
- 附件1 一(二): 协议有效期原则上为1年; a renewal is a 协商谈判 organised by 经办机构, and
  未达成一致的,医保协议到期后自动解除 — an automatic 解除, not an "expiry" as the issue words it.
  A renewed term is the next 1 year: the corresponding day 12 months later (民法典 第二百零二条),
  31 December again. It is not moved off a rest day: 二(三)4 fixes the day (自然年度), and
  第二百零三条 is for a period to act in; a term to be in force is not one.
- The text sets no lead time for opening the renewal negotiation. The 3 months of the issue are
  the notice an institution must give of 不再续签 (附件1 一(三)3); the default here opens the
  negotiation on the last day that notice can still be given for the term's end, so that either
  side can still decline in time. It is a parameter.
- 附件1 一(三)3: an institution asking to 中止, 解除 or not renew applies 提前3个月; 公立医疗机构
  不得主动提出中止或解除医保协议 — a public hospital may not ask to 中止 or 解除, but the text does
  not forbid it to decline a renewal (the issue refuses all three).
- 附件1 一(三)1: a 中止 the institution asks for needs 经办机构同意 and lasts 原则上 at most 180
  日 (enforced as a bound here); 中止超过180日仍未提出继续履行医保协议申请的,原则上医保协议自动
  解除. The 180 days count from the day the 中止 takes effect (that day not counted, 民法典
  第二百零一条), a last day on a rest day moving to the next working day (第二百零三条: the
  institution acts by asking to resume); the 解除 follows on the next day. A 中止 whose end lies
  beyond the term ends the agreement for that term (超过医保协议有效期的,本协议期医保协议解除).
- The notice (提前3个月) is counted from the request day to the corresponding day (民法典
  第二百零一条, 第二百零二条), not moved off a rest day: it is a lead time, not a period to act in
  (第二百零三条); the step may take effect from the day after its last day.
"""

from __future__ import annotations

from datetime import date, timedelta

from contracts.agreements import NOTICE_MONTHS as NOTICE_MONTHS  # 应提前3个月向经办机构提出申请
from periods import PeriodEnd, add_days
from periods.months import months_later
from procedures.agreement.models import InstitutionRequest, RequestKind

DOC = "衢医保发〔2023〕8号"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


TERM_CLAUSE = "二(三)4"  # 协议期限一般按自然年度签订至当年12月31日
RENEWAL_CLAUSE = "附件1 一(二)"  # 协议有效期原则上为1年 … 到期后自动解除
SUSPENSION_CLAUSE = "附件1 一(三)1"  # 中止时间原则上不得超过180日 … 自动解除
REQUEST_CLAUSE = "附件1 一(三)3"  # 提前3个月 …; 公立医疗机构不得主动提出中止或解除

RENEWAL_MONTHS = 12  # 协议有效期原则上为1年
MAX_SUSPENSION_DAYS = 180  # 中止时间原则上不得超过180日

WORDS = {
    RequestKind.SUSPEND: "中止",
    RequestKind.TERMINATE: "解除",
    RequestKind.NOT_RENEW: "不再续签",
}
# 公立医疗机构不得主动提出中止或解除医保协议: not 不再续签.
REFUSED_TO_PUBLIC = frozenset({RequestKind.SUSPEND, RequestKind.TERMINATE})


def first_term_end(signed_on: date) -> date:
    """二(三)4: the first term runs to 31 December of the year of signing, even when signed in
    December (the text is silent on a late signing; nothing is carried over)."""
    return date(signed_on.year, 12, 31)


def renewed_term_end(term_end: date) -> date:
    """附件1 一(二): a renewed term is 1 year from the end of the last, to the corresponding day
    (民法典 第二百零二条): 31 December of the next year. Not moved off a rest day (the term is a
    natural year, 二(三)4)."""
    return months_later(term_end, RENEWAL_MONTHS)


def notice_end(requested_on: date, months: int = NOTICE_MONTHS) -> date:
    """附件1 一(三)3: the last day of the notice of 提前3个月, counted from the request day: the
    corresponding day (民法典 第二百零二条). A notice is a lead time, not a period in which the
    institution must act (it acted by asking), so a last day on a rest day is not moved
    (第二百零三条 is for the last day of a period to act in). Holiday-free, so the agreement's
    validators may apply it inside the workflow."""
    return months_later(requested_on, months)


def earliest_effect(requested_on: date, months: int = NOTICE_MONTHS) -> date:
    """附件1 一(三)3: the first day an institution's 中止, 解除 or end by non-renewal may take
    effect: the day after its notice has run."""
    return notice_end(requested_on, months) + timedelta(days=1)


def negotiation_opens(term_end: date, lead_months: int = NOTICE_MONTHS) -> date:
    """The day the renewal negotiation (附件1 一(二)) opens: the last day from which a notice of
    `lead_months` (附件1 一(三)3, 3 months by default) still runs out by the term's end, so a
    non-renewal asked for on it takes effect the day after the term ends."""
    day = months_later(term_end, -lead_months) if lead_months else term_end
    while notice_end(day, lead_months) > term_end:
        day -= timedelta(days=1)
    while notice_end(day + timedelta(days=1), lead_months) <= term_end:
        day += timedelta(days=1)
    return day


def suspension_end(takes_effect_on: date, days: int = MAX_SUSPENSION_DAYS) -> PeriodEnd:
    """附件1 一(三)1: the last day of a 中止 of `days` (at most 180) taking effect on
    `takes_effect_on`, counted from the next day (民法典 第二百零一条); the last day by which the
    institution may ask to resume (继续履行医保协议申请)."""
    return add_days(takes_effect_on, days)


def automatic_termination(takes_effect_on: date, days: int = MAX_SUSPENSION_DAYS) -> date:
    """附件1 一(三)1: 中止超过180日仍未提出继续履行医保协议申请的,原则上医保协议自动解除 — the day
    after the 中止's last day, if no resume request came by then."""
    return suspension_end(takes_effect_on, days).last_day + timedelta(days=1)


def suspension_outlasts_term(suspension_last_day: date, term_end: date) -> bool:
    """附件1 一(三)1: 中止期结束,超过医保协议有效期的,本协议期医保协议解除."""
    return suspension_last_day > term_end


def problems(request: InstitutionRequest, term_end: date | None = None) -> list[str]:
    """What the text refuses in an institution's request, each naming the field and the clause;
    [] if nothing. With `term_end`, a request not to renew must take effect when that term ends."""
    where = cite(REQUEST_CLAUSE)
    word = WORDS[request.kind]
    found: list[str] = []
    if request.public_medical_institution and request.kind in REFUSED_TO_PUBLIC:
        found.append(
            f"kind: 公立医疗机构不得主动提出中止或解除医保协议; a public hospital may not ask to "
            f"{word} its agreement ({where})"
        )
    earliest = earliest_effect(request.requested_on)
    if request.takes_effect_on < earliest:
        found.append(
            f"takes_effect_on: a {word} is asked 提前3个月; asked on "
            f"{request.requested_on.isoformat()}, it takes effect on {earliest.isoformat()} at "
            f"the earliest, not {request.takes_effect_on.isoformat()} ({where})"
        )
    if request.kind is RequestKind.NOT_RENEW and term_end is not None:
        if request.takes_effect_on != term_end + timedelta(days=1):
            found.append(
                f"takes_effect_on: not renewing ends the agreement when its term ends, on "
                f"{term_end.isoformat()}; it takes effect on "
                f"{(term_end + timedelta(days=1)).isoformat()} ({cite(RENEWAL_CLAUSE)})"
            )
    found += _suspension_problems(request)
    return found


def _suspension_problems(request: InstitutionRequest) -> list[str]:
    where = cite(SUSPENSION_CLAUSE)
    if request.kind is not RequestKind.SUSPEND:
        if request.suspension_days is None:
            return []
        return [f"suspension_days: given, but the request is not a 中止 ({where})"]
    if request.suspension_days is None:
        return [
            f"suspension_days: a 中止 is for at most {MAX_SUSPENSION_DAYS} days; none is given "
            f"({where})"
        ]
    if request.suspension_days > MAX_SUSPENSION_DAYS:
        return [
            f"suspension_days: {request.suspension_days} days is more than the "
            f"{MAX_SUSPENSION_DAYS} days a 中止 may last ({where})"
        ]
    return []
