"""What the drill's scenarios are made of: a human step, a case's path through its steps, the
plan of a run, and the small helpers every procedure's scenario uses (the examples, fresh ids,
the clock).

Every case gets its own ids (case id, subject codes, persons), so that cases never share a
subject record and a file in `<outbox>/<workflow id>/` belongs to exactly one case.
"""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client

from checks.uscc import CHARSET, check_character
from periods import SHANGHAI
from periods.months import months_later
from procedures.registry import Procedure, find
from settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ACTOR = "演练 drill"


@dataclass(frozen=True)
class Step:
    """One human act: the Update `update` with `argument`, sent when the case is in one of the
    `ready` stages (and `extra_ready(status)` holds); it has taken effect once the case is in one
    of the `done` stages."""

    name: str
    update: str
    argument: BaseModel
    ready: frozenset[str]
    done: frozenset[str]
    extra_ready: Callable[[Any], bool] | None = None
    # A step that leaves the stage as it was (a 解除's first two steps): took effect once this
    # holds too (or the case is in a `done` stage).
    also_done: Callable[[Any], bool] | None = None

    def can_send(self, status: Any) -> bool:
        return str(status.stage) in self.ready and (
            self.extra_ready is None or self.extra_ready(status)
        )

    def took_effect(self, status: Any) -> bool:
        return str(status.stage) in self.done or bool(self.also_done and self.also_done(status))


@dataclass(frozen=True)
class OutsideWrites:
    """What a case wrote outside itself (a round's results on its subjects' records), read once
    the case is at its end: the writes that are not there, and those that are there twice."""

    missing: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)


@dataclass
class Scenario:
    index: int
    procedure: Procedure
    variant: str
    case: BaseModel
    steps: list[Step]
    # The end state reachable without waiting for real time.
    end_stage: str
    closes: bool  # the workflow completes at its end state (else it keeps running: a timer)
    expected_files: frozenset[str]
    end_check: Callable[[Any], str | None] = lambda status: None
    prepare: Callable[[Client, Settings], Awaitable[None]] | None = None
    # Files of the path that its trail counts instead of recording each one's location (a
    # round's notices to its subjects: `results_delivered` counts them). They are judged by
    # `expected_files` (each there, no other) and by the probe (one notice per key).
    counted_files: frozenset[str] = frozenset()
    # The path's writes outside its case, read once it is at its end (a transient failure of
    # the read raises: the verdict reads again).
    outside_writes: Callable[[Client, Settings], Awaitable[OutsideWrites]] | None = None

    @property
    def case_id(self) -> str:
        return str(self.case.case_id)  # type: ignore[attr-defined]

    @property
    def workflow_id(self) -> str:
        return self.procedure.workflow_id(self.case_id)

    @property
    def agency_code(self) -> str:
        """The case's agency as its procedure's declaration reads it (what a start records)."""
        return self.procedure.agency(self.case)

    @property
    def label(self) -> str:
        return f"{self.procedure.name}/{self.variant}"


@dataclass
class Plan:
    run_id: str
    scenarios: list[Scenario] = field(default_factory=list)


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def stages(*names: str) -> frozenset[str]:
    return frozenset(names)


def new_uscc(rng: random.Random, prefix: str = "91330802MA") -> str:
    body = prefix + "".join(rng.choice(CHARSET) for _ in range(17 - len(prefix)))
    return body + check_character(body)


def shanghai_now() -> datetime:
    return datetime.now(SHANGHAI).replace(microsecond=0)


def months_before(day: date, months: int) -> date:
    return months_later(day, -months)


def has_deadline(name: str) -> Callable[[Any], bool]:
    return lambda status: any(d.name == name for d in status.deadlines)


def procedure_of(name: str) -> Procedure:
    procedure = find(name)
    assert procedure is not None, name
    return procedure


def case_id(run: str, index: int) -> str:
    """The drill's own case id: the run's and the case's number, never another run's."""
    return f"DR-{run}-{index:05d}"
