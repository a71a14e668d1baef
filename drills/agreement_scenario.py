"""The drill's path through a designated institution's agreement (衢医保发〔2023〕8号 五(三)5,
附件1 一(四)): started from its file → a decision to 解除 under 五(三)5(12) → the three steps of a
解除 in order → terminated, its finding on the institution's record."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from drills.scenario_parts import (
    ACTOR,
    Scenario,
    Step,
    case_id,
    load_example,
    new_uscc,
    procedure_of,
    shanghai_now,
    stages,
)
from procedures.agreement import case as agr
from procedures.agreement.models import Measure


def steps_done(count: int) -> Callable[[Any], bool]:
    """The 解除 has taken `count` of its three steps."""
    return lambda status: (
        status.state.termination is not None and len(status.state.termination.steps) >= count
    )


def agreement(index: int, run: str, rng: random.Random) -> Scenario:
    data = load_example("agreement.json")
    today = shanghai_now().date()
    data["case_id"] = case_id(run, index)
    # An institution of its own: no two cases write findings on one record.
    data["institution"]["uscc"] = new_uscc(rng, "92330802MA")
    data["signed_on"] = today.replace(month=1, day=2).isoformat()
    # Entered after its renewal: the running term ends next year, so its renewal negotiation
    # (3 months before) never opens while the drill runs.
    data["term_end"] = today.replace(year=today.year + 1, month=12, day=31).isoformat()
    case = agr.AgreementCase.model_validate(data)
    decision = agr.Decision(
        rung=5,
        ground=12,
        measures=[Measure.INTERVIEW, Measure.TERMINATE],
        decided_on=today,
        decided_by=ACTOR,
        reason="伪造费用清单骗取医保基金 (演练)",
    )

    def termination_step(name: agr.TerminationStepName) -> agr.TerminationStep:
        return agr.TerminationStep(step=name, done_on=today, done_by=ACTOR, note="演练")

    names = list(agr.TerminationStepName)
    return Scenario(
        index=index,
        procedure=procedure_of(agr.PROCEDURE),
        variant="agreement",
        case=case,
        steps=[
            Step(
                "decide",
                "decide",
                decision,
                stages("in_force"),
                stages("terminating", "terminated"),
            ),
            *(
                Step(
                    name.value,
                    "terminate_step",
                    termination_step(name),
                    stages("terminating"),
                    stages("terminated"),
                    extra_ready=lambda status, n=n: (  # type: ignore[misc]
                        status.state.termination is not None
                        and len(status.state.termination.steps) == n
                    ),
                    also_done=steps_done(n + 1),
                )
                for n, name in enumerate(names)
            ),
        ],
        end_stage="terminated",
        closes=True,
        expected_files=frozenset(
            {
                "decision-1.html",
                "termination-begun.json",
                "termination-settlement.json",
                "termination-2.html",
                "termination-3.html",
                "termination-other-regions.json",
            }
        ),
    )
