"""The drill's path through a designation: start → apply → awaiting_batch (the quarterly review
is weeks away), for a pharmacy or a medical institution in turn."""

from __future__ import annotations

import random

from drills.scenario_parts import (
    Scenario,
    Step,
    case_id,
    load_example,
    months_before,
    new_uscc,
    procedure_of,
    shanghai_now,
    stages,
)
from procedures.designation import models as dsg

# -- designation: start → apply → awaiting_batch (the quarterly review is weeks away) ------------


def designation(index: int, run: str, rng: random.Random) -> Scenario:
    pharmacy = index % 2 == 1
    data = load_example("designation-pharmacy.json" if pharmacy else "designation-medical.json")
    data["case_id"] = case_id(run, index)
    data["institution"]["uscc"] = new_uscc(rng, "91330803MA" if pharmacy else "92330802MA")
    # Pre-registered four months ago: the 3-month trial run is over, the application is possible.
    data["pre_registered_on"] = months_before(shanghai_now().date(), 4).isoformat()
    case = dsg.DesignationCase.model_validate(data)
    application = load_example(
        "designation-application-pharmacy.json"
        if pharmacy
        else "designation-application-medical.json"
    )
    return Scenario(
        index=index,
        procedure=procedure_of(dsg.PROCEDURE),
        variant="pharmacy" if pharmacy else "medical",
        case=case,
        steps=[
            Step(
                "apply",
                dsg.APPLY,
                dsg.Application.model_validate(application),
                stages("trial_run"),
                stages(*(s.value for s in dsg.Stage if s is not dsg.Stage.TRIAL_RUN)),
            )
        ],
        end_stage="awaiting_batch",
        closes=False,
        expected_files=frozenset(),
        end_check=lambda status: None if status.batch_day else "no batch day",
    )
