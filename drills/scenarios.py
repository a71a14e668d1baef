"""The drill's cases: one path per procedure (and variant) through its human steps, with the end
state each path reaches without waiting for real time, and the outbox files it leaves. Each
procedure's paths are in their own module; here, the plan that deals them out in turn.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from drills.accountability_scenario import accountability
from drills.agreement_scenario import agreement
from drills.designation_scenario import designation
from drills.objection_scenarios import market, medical
from drills.repair_scenario import repair
from drills.round_scenario import ip_round
from drills.scenario_parts import Plan, Scenario

BUILDERS: tuple[Callable[[int, str, random.Random], Scenario], ...] = (
    market,
    medical,
    accountability,
    repair,
    designation,
    agreement,
    ip_round,
)


def plan(cases: int, seed: int | None = None) -> Plan:
    """`cases` cases, the paths in turn (so every path gets cases/7, ± 1)."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    result = Plan(run_id=run)
    for index in range(cases):
        builder = BUILDERS[index % len(BUILDERS)]
        result.scenarios.append(builder(index // len(BUILDERS), run, rng))
    return result
