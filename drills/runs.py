"""What the drill keeps of each case it drives, and of the chaos around them."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from drills.scenario_parts import Scenario


class CaseLost(Exception):
    """The case cannot be driven any further: not found, regressed, or out of time."""


@dataclass
class CaseRun:
    scenario: Scenario
    started: bool = False
    acked: list[str] = field(default_factory=list)
    trail_length: int = 0
    last_error: str = ""
    began_at: float | None = None
    reached_end_at: float | None = None
    problem: str | None = None
    update_retries: int = 0
    refusals: list[str] = field(default_factory=list)


@dataclass
class Stats:
    started_at: float = field(default_factory=time.monotonic)
    progress: list[tuple[float, str]] = field(default_factory=list)  # (instant, kind)
    workers_killed: int = 0
    worker_restart_s: list[float] = field(default_factory=list)
    worker_exits_unprompted: int = 0
    unprompted_exit_logs: list[str] = field(default_factory=list)
    server_restarts: int = 0
    server_killed_at: float | None = None
    server_spawned_at: float | None = None
    server_ready_at: float | None = None
    workers_alive_after_server_restart: int | None = None
    workers_restarted_after_server_restart: int = 0
    reconnected_by_themselves: bool | None = None
    transient_errors: Counter[str] = field(default_factory=Counter)

    def mark(self, kind: str) -> None:
        self.progress.append((time.monotonic(), kind))
