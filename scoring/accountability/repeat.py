"""第七条(一) 同一责任人员1年内出现2次以上同类过错行为: the one circumstance the Measures leave to
be computed, from a person's earlier findings. Its readings are named below, so that a reviewer
can find and change each one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from periods.months import months_later
from scoring.accountability.facts import EarlierFinding, Person
from scoring.accountability.findings import finding_line
from scoring.accountability.tables import DOC, GROUNDS, REPEAT_CLAUSE, REPEAT_LABEL, Ground
from scoring.report import ScoreLine

# 第七条(一) "同一责任人员1年内出现2次以上同类过错行为":
# - "1年内" is a window of 12 months between the dates of the faulty acts, inclusive at both ends
#   (内 = 以内, which includes the number, 民法典 第一千二百五十九条); "exactly 1 year apart" is the
#   same day of the month 12 months later (the last day of the month where that day does not
#   exist, 民法典 第二百零二条), so 2023-03-10 and 2024-03-10 are within 1 year, 2024-03-11 is not.
# - An occurrence is dated by its faulty act (`act_date`), not by the judgment: the article counts
#   过错行为, and a judgment can come years after the act.
REPEAT_WINDOW_MONTHS = 12
# - "2次以上" includes 2 (以上 includes the number).
REPEAT_MIN_TIMES = 2
# - The current case is one of the times: it is a fault of the same person, and the article asks
#   how many faults occurred, not how many were earlier. One earlier same-kind fault within the
#   window + this case = 2 times → 从重. An earlier *finding* may concern an act done after this
#   case's act (judgments come late): it counts when its act lies within the window either way.
REPEAT_COUNTS_CURRENT_CASE = True
# - An earlier finding that ended as 不予追究 under 第九条 (first paragraph) established no fault,
#   so it is not an occurrence of a 过错行为.
REPEAT_COUNTS_EXEMPTED_FINDINGS = False
# - "同类" is read as "the same ground of 第六条". The catch-all 第六条(七) "其他违法行为" names no
#   kind, so two such findings are not presumed alike; the authority may record 第七条(五) instead.
REPEAT_OTHER_GROUND_IS_ONE_KIND = False


def repeat_window(findings: Sequence[EarlierFinding], current: date) -> list[EarlierFinding]:
    """第七条(一): the most earlier faults that fall in one window of REPEAT_WINDOW_MONTHS which
    also holds the current act. Anchoring the window at its earliest fault is enough: sliding a
    window right to its first fault loses none of the later ones."""
    best: list[EarlierFinding] = []
    for start in (*(f.act_date for f in findings), current):
        end = months_later(start, REPEAT_WINDOW_MONTHS)
        if start <= current <= end:
            inside = [f for f in findings if start <= f.act_date <= end]
            if len(inside) > len(best):
                best = inside
    return sorted(best, key=lambda f: f.act_date)


def _same_kind(ground: Ground) -> bool:
    return ground is not Ground.OTHER_ILLEGAL or REPEAT_OTHER_GROUND_IS_ONE_KIND


def repeat_fault(
    person: Person, grounds: Sequence[Ground], act: date, notes: list[str]
) -> ScoreLine | None:
    """第七条(一) 同一责任人员1年内出现2次以上同类过错行为, computed from the earlier findings."""
    if not person.earlier_findings:
        return None
    met: list[str] = []
    counted: set[int] = set()  # ids of the findings inside a window
    for ground in grounds:
        if not _same_kind(ground):
            continue
        same = [
            f
            for f in person.earlier_findings
            if f.ground is ground and (REPEAT_COUNTS_EXEMPTED_FINDINGS or not f.exempted)
        ]
        inside = repeat_window(same, act) if same else []
        counted.update(id(f) for f in inside)
        times = len(inside) + (1 if REPEAT_COUNTS_CURRENT_CASE else 0)
        if times >= REPEAT_MIN_TIMES:
            earlier = ", ".join(f"{f.case_id} (act {f.act_date.isoformat()})" for f in inside)
            met.append(
                f"{times} faults of kind {GROUNDS[ground][1].removeprefix(DOC + ' ')}: "
                f"{earlier} and this case (act {act.isoformat()})"
            )
        elif inside:
            notes.append(
                f"{person.name}: only {times} faults of kind {ground.value} within 1 year, "
                f"fewer than {REPEAT_MIN_TIMES} (第七条(一))."
            )
    # Say why each other earlier finding did not count, so the result can be argued with.
    for f in person.earlier_findings:
        if id(f) in counted:
            continue
        if f.exempted and not REPEAT_COUNTS_EXEMPTED_FINDINGS:
            why = "it ended as 不予追究 (第九条), so it established no fault"
        elif f.ground not in grounds:
            why = f"its kind ({f.ground.value}) is not among this person's faults in this case"
        elif not _same_kind(f.ground):
            why = "the catch-all 第六条(七) names no kind"
        else:
            why = f"its act on {f.act_date.isoformat()} is more than 1 year from this act"
        notes.append(
            f"{person.name}: earlier finding {f.case_id} not counted for 第七条(一): {why}."
        )
    if not met:
        return None
    return finding_line(
        f"aggravating.person.{person.id}.repeat_fault",
        REPEAT_LABEL,
        f"{person.name}: " + "; ".join(met) + f", within 1 year and ≥ {REPEAT_MIN_TIMES}: "
        "应当从重.",
        REPEAT_CLAUSE,
    )
