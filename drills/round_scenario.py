"""The drill's path through an evaluation round (issue 19): the IP agencies' yearly round
(衢市监规〔2021〕2号 六(一)–(二), seed 000 l.929–931), opened by hand for a period of its own →
two `facts` steps (the second with one record the scoring schema refuses) → `close` → closed:
every good record scored, both lists published (公示 and the copy to 市信用办), each subject's
result written to its record and the subject told (四(三)1, 五).

A round's id is its kind and period (`IP-2199`), not the drill's case id: each drill case is a
round of a synthetic year of its own (drills/README.md says why)."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

import scoring
from contracts.rounds import PROCEDURE, RoundAgency, RoundKind, RoundOpening
from contracts.subject_records import FACTS_QUERY, SubjectFacts, SubjectRef, SubjectType
from drills.scenario_parts import (
    ACTOR,
    OutsideWrites,
    Scenario,
    Step,
    load_example,
    new_uscc,
    procedure_of,
    stages,
)
from procedures.round.models import CloseFacts, FactsBatch
from scoring.report import ScoreReport
from settings import Settings

# The periods the drill's rounds take: the years a round id admits (contracts.rounds.Period,
# 1900–2199), from the last down, so that the first hundred and more are far from any year a
# worker's Schedules open (the current one) and never meet a real round.
LAST_YEAR = 2199
YEARS = LAST_YEAR - 1900 + 1
SUBJECTS = 8
FIRST_BATCH = 4
BAD_INDEX = 3  # the refused record's place in the second batch (from 1)
AFTER_COLLECTING = stages("publishing", "delivering", "closed")


def synthetic_year(index: int) -> str:
    """The period of the drill's `index`-th round: one year each, none shared in a run."""
    if not 0 <= index < YEARS:
        raise ValueError(
            f"the drill has {YEARS} years for its rounds (1900–2199, one round each); "
            f"round {index + 1} has none: run fewer cases"
        )
    return str(LAST_YEAR - index)


def agencies(rng: random.Random) -> list[dict[str, Any]]:
    """`SUBJECTS` IP agencies of their own (fresh codes: no two rounds write one record), their
    facts varied so that the round gives more than one grade (the last is on the serious
    dishonesty list: E)."""
    base = load_example("scoring/market-credit-ip-agency.json")
    return [
        {
            **base,
            "subject_id": new_uscc(rng),
            "name": f"衢州演练第{i + 1}知识产权代理有限公司",
            "failed_check_items": (i * 7) % 31,
            "verified_complaints": i % 4,
            "complaints_not_handled_after_urging": min(1, i % 4),
            "serious_dishonesty_list": i == SUBJECTS - 1,
        }
        for i in range(SUBJECTS)
    ]


def grade_of(facts: dict[str, Any]) -> str:
    """The grade the scoring module gives `facts`, as a round's tally counts it."""
    report = scoring.kind("market-credit").score_raw(facts)
    assert isinstance(report, ScoreReport)  # market credit scores one subject
    return report.grade or "not graded"


def facts_step(batch: int, records: list[dict[str, Any]]) -> Step:
    """The `batch`-th `facts` step: sent after the one before it was received; it has taken
    effect once the round counts it (it leaves the stage as it was)."""
    return Step(
        f"facts-{batch}",
        "facts",
        FactsBatch(records=records, sent_by=ACTOR),
        stages("collecting"),
        AFTER_COLLECTING,
        extra_ready=lambda status: status.tally.batches_received == batch - 1,
        also_done=lambda status: status.tally.batches_received >= batch,
    )


def facts_closed(status: Any) -> bool:
    return any(event.action == "facts_closed" for event in status.events)


def ip_round(index: int, run: str, rng: random.Random) -> Scenario:
    opening = RoundOpening(
        kind=RoundKind.IP_AGENCY,
        period=synthetic_year(index),
        agency=RoundAgency(code="QZ-SCJG", name="衢州市市场监督管理局知识产权分局"),
        opened_by=f"{ACTOR} {run}",
    )
    good = agencies(rng)
    bad = {**good[0], "subject_id": new_uscc(rng), "failed_check_items": -3}
    second = good[FIRST_BATCH:]
    second.insert(BAD_INDEX - 1, bad)
    grades = Counter(grade_of(s) for s in good)
    procedure = procedure_of(PROCEDURE)
    workflow_id = procedure.workflow_id(opening.case_id)

    def delivered(status: Any) -> str | None:
        tally = status.tally
        if tally.scored != SUBJECTS or dict(tally.by_grade) != dict(grades):
            return f"scored {tally.scored} {dict(tally.by_grade)}, expected {dict(grades)}"
        if status.problems_total != 1 or status.problems[0].subject_id != bad["subject_id"]:
            return f"problems {status.problems_total}: {status.problems[:3]}"
        if (status.problems[0].batch, status.problems[0].index) != (2, BAD_INDEX):
            return f"the refused record reported at {status.problems[0]}"
        if tally.records_written != SUBJECTS or tally.subjects_told != SUBJECTS:
            return f"written {tally.records_written}, told {tally.subjects_told} of {SUBJECTS}"
        return None

    async def results_on_records(client: Client, settings: Settings) -> OutsideWrites:
        """Each subject's record holds this round's result once, under the id of its number
        in the round (the good records in the order sent): one write per subject."""
        found = OutsideWrites()
        for ordinal, subject in enumerate(good, start=1):
            ref = SubjectRef(
                type=SubjectType.ENTERPRISE, code=subject["subject_id"], name=subject["name"]
            )
            try:
                facts = await client.get_workflow_handle(
                    ref.workflow_id(settings.subject_id_secret)
                ).query(FACTS_QUERY, None, result_type=SubjectFacts)
            except RPCError as err:
                if err.status != RPCStatusCode.NOT_FOUND:
                    raise
                found.missing.append(f"{subject['subject_id']}: no record")
                continue
            mine = [r.result_id for r in facts.results if r.source_case == workflow_id]
            wanted = f"{opening.round_id}-{ordinal:05d}"
            if len(mine) > 1:
                found.twice.append(f"{subject['subject_id']}: results {mine}")
            elif mine != [wanted]:
                found.missing.append(f"{subject['subject_id']}: results {mine}, not {wanted}")
        return found

    notices = frozenset(f"result-notice-{n:05d}.json" for n in range(1, SUBJECTS + 1))
    return Scenario(
        index=index,
        procedure=procedure,
        variant="ip_agency",
        case=opening,
        steps=[
            facts_step(1, good[:FIRST_BATCH]),
            facts_step(2, second),
            Step(
                "close",
                "close",
                CloseFacts(closed_by=ACTOR),
                stages("collecting"),
                AFTER_COLLECTING,
                extra_ready=lambda status: (
                    status.tally.batches_received == 2 and not facts_closed(status)
                ),
                also_done=facts_closed,
            ),
        ],
        end_stage="closed",
        closes=True,
        expected_files=frozenset(
            {"round-opened.json", "list-results.json", "list-credit_office.json"} | notices
        ),
        end_check=delivered,
        counted_files=notices,
        outside_writes=results_on_records,
    )
