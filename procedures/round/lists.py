"""The lists a round publishes and sends, built from its scores (pure): the results (公示), the
差 list and the red list of medical credit, the copy to 市信用办 of market credit, the results of
a performance round to the institutions with the A list (张榜公布) and the circulated one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from contracts.round_activities import ListEntry, ListKind, RoundList, SubjectScore
from contracts.rounds import RoundKind, RoundOpening
from procedures.round import clauses

# The medical-credit subjects that are persons (附件7, 附件9, 附件10): a list that names them (the
# 差 list, the red list) shows their identity number masked, as public credit lists do, never whole.
PERSONS = frozenset({"insurance_doctor", "institution_head", "insured_person"})


def listed(score: SubjectScore) -> bool:
    """Whether a medical result is named by one of the round's lists (四(四)1 institutions,
    四(四)2 差, 五(六) red): the only ones a medical round keeps between batches."""
    return score.variant in clauses.INSTITUTION_SUBJECTS or score.grade == "差" or score.red_list


def published_id(score: SubjectScore) -> str:
    """A person's identity number as a published list shows it: the region's 6 digits and the
    last 4, the birth date and sequence hidden (330802********202X); an institution's code whole."""
    code = score.subject_id
    if score.variant not in PERSONS or len(code) <= 10:
        return code
    return code[:6] + "*" * (len(code) - 10) + code[-4:]


def entry(score: SubjectScore) -> ListEntry:
    return ListEntry(
        subject_id=published_id(score),
        name=score.name,
        variant=score.variant,
        total=score.total,
        grade=score.grade,
        rank=score.rank,
        ranked=score.ranked,
        settlement_suspended=score.settlement_suspended,
        passed=score.passed,
    )


def round_lists(
    opening: RoundOpening, scores: Iterable[SubjectScore], published_on: date, key_of: str
) -> list[RoundList]:
    """Every list of the round, in the order they go out. `key_of`: the round's workflow id
    (a list is keyed by it and its kind, so it is delivered once)."""
    ordered = sorted(scores, key=lambda s: (s.batch, s.index))
    kind = opening.kind

    def made(
        list_kind: ListKind, recipient: str, citation: str, chosen: list[SubjectScore]
    ) -> RoundList:
        return RoundList(
            key=f"{key_of}/list-{list_kind}",
            round_id=opening.round_id,
            kind=kind,
            period=opening.period,
            list_kind=list_kind,
            agency=opening.agency,
            published_on=published_on,
            recipient=recipient,
            citation=citation,
            entries=[entry(s) for s in chosen],
        )

    if clauses.is_performance(kind):
        # Every institution of the cohort, the newly designated listed as not assessed.
        results = made(
            "results",
            clauses.PERFORMANCE_INSTITUTIONS,
            clauses.publication_clause(kind),
            ordered,
        )
        if kind is not RoundKind.PERFORMANCE_ANNUAL:
            return [results]
        # A: 张榜公布树立正面典型 (二(四)1(1), 2(1)); B, C: 同时予以通报公布 (1(3)(4), 2(3)(4));
        # D: 通报公布 for 综合类 only (1(2)); 2(2) suspends instead.
        circulated = {"B", "C", "D"} if opening.population == "comprehensive" else {"B", "C"}
        return [
            results,
            made(
                "commended",
                clauses.COMMENDED,
                clauses.grade_list_clause(opening.population, 1),
                [s for s in ordered if s.grade == "A"],
            ),
            made(
                "circulated",
                clauses.CIRCULATED,
                clauses.PERFORMANCE_RESULTS_CLAUSE,
                [s for s in ordered if s.grade in circulated],
            ),
        ]
    if clauses.is_market(kind):
        return [
            made("results", clauses.PUBLIC_CHANNELS, clauses.publication_clause(kind), ordered),
            # 评价结果同步抄送市信用办 (六(一)).
            made("credit_office", clauses.CITY_CREDIT_OFFICE, clauses.round_clause(kind), ordered),
        ]
    institutions = [s for s in ordered if s.variant in clauses.INSTITUTION_SUBJECTS]
    return [
        made(
            "results",
            clauses.MEDICAL_PUBLIC_CHANNEL,
            clauses.publication_clause(kind),
            institutions,
        ),
        made(
            "poor",
            clauses.MEDICAL_PUBLIC_CHANNEL,
            clauses.POOR_LIST_CLAUSE,
            [s for s in ordered if s.grade == "差"],
        ),
        made(
            "red",
            clauses.PUBLIC_CREDIT_PLATFORM,
            clauses.RED_LIST_CLAUSE,
            [s for s in ordered if s.red_list],
        ),
    ]
