"""One subject's conclusion (the agency, or a person), in words and with the clause it rests on,
and the sanctions that may then be proposed (第十一条, 第十二条)."""

from __future__ import annotations

from collections.abc import Iterable

from scoring.accountability.findings import finding_line
from scoring.accountability.tables import DOC, MAY_EXEMPT_CLAUSE, Conclusion
from scoring.report import ScoreLine


def conclude(exempt: bool, may_exempt: bool, aggravated: bool, mitigated: bool) -> Conclusion:
    """One subject's conclusion. A mandatory exemption (第九条 first paragraph) prevails over
    everything; a possible one (第九条第二款) goes to the authority before any 从重/从轻."""
    if exempt:
        return Conclusion.EXEMPT
    if may_exempt:
        return Conclusion.MAY_EXEMPT
    if aggravated and mitigated:
        return Conclusion.AGGRAVATED_MITIGATED
    if aggravated:
        return Conclusion.AGGRAVATED
    if mitigated:
        return Conclusion.MITIGATED
    return Conclusion.APPLIES


def _cites(clauses: Iterable[str]) -> str:
    return "、".join(dict.fromkeys(c.removeprefix(DOC + " ") for c in clauses))


def conclusion_phrase(
    conclusion: Conclusion, exempt: list[str], aggravating: list[str], mitigating: list[str]
) -> str:
    """The conclusion for one subject, in words, with the clauses that led to it."""
    heavier = f"从重 ({_cites(aggravating)})" if aggravating else ""
    lighter = f"从轻或者减轻 ({_cites(mitigating)})" if mitigating else ""
    both = " and ".join(p for p in (heavier, lighter) if p)
    if conclusion is Conclusion.EXEMPT:
        return f"exempt (不予追究, {_cites(exempt)}), no sanction proposed"
    if conclusion is Conclusion.MAY_EXEMPT:
        return "may be exempt (可以免责, 第九条第二款), for the authority to decide" + (
            f"; if not exempted, accountability applies, {both}" if both else ""
        )
    if conclusion is Conclusion.AGGRAVATED_MITIGATED:
        return f"accountability applies, {both}: both stand, the authority weighs them"
    if both:
        return f"accountability applies, {both}"
    return "accountability applies (应当追究)"


def key_clause(
    conclusion: Conclusion, exempt: list[str], aggravating: list[str], mitigating: list[str]
) -> str:
    """The clause a subject's conclusion rests on."""
    if conclusion is Conclusion.EXEMPT:
        return exempt[0]
    if conclusion is Conclusion.MAY_EXEMPT:
        return MAY_EXEMPT_CLAUSE
    if aggravating:
        return aggravating[0]
    if mitigating:
        return mitigating[0]
    return f"{DOC} 第六条"


# 第十一条/第十二条 list the methods without ranking them or tying any to 从重 (第七条) or
# 从轻/减轻 (第八条). So every method is listed as possible for every non-exempt subject and the
# reason says so; narrowing is the authority's call (第十三条第二款).
def sanction_lines(
    scope: str, who: str, table: tuple[tuple[str, str, str], ...], conclusion: Conclusion
) -> list[ScoreLine]:
    """第十一条 (agency) or 第十二条 (staff): the methods that may be proposed."""
    if conclusion is Conclusion.EXEMPT:
        return [
            finding_line(
                f"sanctions.{scope}.none",
                "不予追究",
                f"{who} is exempt under 第九条: no sanction is proposed.",
                f"{DOC} 第九条",
            )
        ]
    if conclusion is Conclusion.MAY_EXEMPT:
        why = "possible only if the authority does not exempt (第九条第二款); "
    else:
        why = ""
    why += "the Measures rank no method and tie none to 从重/从轻, so all remain open"
    return [
        finding_line(
            f"sanctions.{scope}.{method}",
            term,
            f"{term} may be proposed for {who}: {why}.",
            clause,
        )
        for method, term, clause in table
    ]
