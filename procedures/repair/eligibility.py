"""Who may have a finding repaired: the four bars of 衢医保发〔2021〕36号 六(二).

Pure functions of the finding and the subject record as of the acceptance day (no Temporal
import): the workflow checks them once at acceptance, and tests/test_repair.py at their edges
(tests/test_repair_steps.py: the finding there is to repair).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts.subject_records import Finding, SubjectFacts
from periods.months import months_later
from procedures.repair.models import (
    BAR_CLAUSES,
    WAITING_MONTHS,
    Bar,
    Eligibility,
    RefusalGround,
    RepairOutcome,
    cite,
)


@dataclass(frozen=True)
class NothingToRepair:
    """Why the case closes at acceptance without a decision (六(一)), in the words of its end."""

    outcome: RepairOutcome
    reason: str


def finding_to_repair(
    facts: SubjectFacts, finding_id: str, accepted_on: date
) -> Finding | NothingToRepair:
    """六(一): a repair is of a finding the department made and that is not repaired yet; the
    subject record as of the acceptance day says which."""
    finding = facts.finding(finding_id)
    if finding is None:
        return NothingToRepair(
            RepairOutcome.NOT_FOUND,
            f"finding_id: the subject record has no finding {finding_id} as of "
            f"{accepted_on.isoformat()}",
        )
    if facts.is_repaired(finding.finding_id):
        done = facts.repair_of(finding.finding_id)
        assert done is not None, "a repaired finding has its repair on the record"
        return NothingToRepair(
            RepairOutcome.ALREADY_REPAIRED,
            f"finding_id: finding {finding.finding_id} was already repaired by case "
            f"{done.repair_case} (effective {done.effective_on.isoformat()})",
        )
    return finding


def waiting_period_last_day(found_on: date) -> date:
    """六(二)1: the 6 months run from the day after the finding (民法典 第二百零一条) and end on
    the corresponding day; they are full (满) only at the end of that day. This is a comparison
    of dates, not a time limit for acting, so a last day on a rest day is not moved
    (第二百零三条 moves the end of a period for doing something, not a waiting time)."""
    return months_later(found_on, WAITING_MONTHS)


def refusal_grounds(finding: Finding, facts: SubjectFacts, accepted_on: date) -> Eligibility:
    """Which of 六(二)1–4 bar the repair of `finding`, from the record as of `accepted_on`.

    1. 未满6个月: the application is accepted on or before the waiting period's last day (on
       that day the 6 months are not yet full; from the next day they are).
    2. 修复限期内再发生同类失信行为: we read the repair period (修复限期) as the time the record
       stands awaiting repair, from the finding to the acceptance of the application: another
       finding of the same `kind` found after this finding's day and up to the acceptance day.
    3. 因虚假承诺导致的失信记录: the finding says it was caused by a false commitment.
    4. 依法依规暂不适宜实施信用修复的其他失信行为: the indicator is marked 不可 in 附件6–10.
    """
    last_day = waiting_period_last_day(finding.found_on)
    grounds: list[RefusalGround] = []
    if accepted_on <= last_day:
        grounds.append(
            _ground(
                Bar.TOO_RECENT,
                f"失信行为于{finding.found_on.isoformat()}被认定, 至受理之日"
                f"({accepted_on.isoformat()})未满6个月 (满6个月之日为{last_day.isoformat()}, "
                "次日起方可申请)",
            )
        )
    later = [
        other.finding_id
        for other in facts.findings
        if other.finding_id != finding.finding_id
        and other.kind == finding.kind
        and finding.found_on < other.found_on <= accepted_on
    ]
    if later:
        grounds.append(
            _ground(
                Bar.SAME_KIND_AGAIN,
                f"修复限期内再次发生同类失信行为 ({finding.kind}): 失信记录 {', '.join(later)}",
            )
        )
    if finding.false_commitment:
        grounds.append(_ground(Bar.FALSE_COMMITMENT, "该失信记录系因虚假承诺导致"))
    if not finding.repairable:
        grounds.append(
            _ground(
                Bar.NOT_REPAIRABLE,
                f"该失信行为({finding.label})在信用指标评分标准(附件6–10)中标注为不可修复, "
                "依法依规暂不适宜实施信用修复",
            )
        )
    return Eligibility(
        checked_on=accepted_on,
        finding=finding,
        waiting_period_last_day=last_day,
        later_same_kind=later,
        grounds=grounds,
        eligible=not grounds,
    )


def _ground(bar: Bar, reason: str) -> RefusalGround:
    return RefusalGround(bar=bar, reason=reason, clause=cite(BAR_CLAUSES[bar]))
