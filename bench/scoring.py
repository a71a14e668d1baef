"""Subjects scored per second, per kind: validation of the raw input included, one core.

    .venv/bin/python bench/scoring.py [N] [KIND ...]      (N defaults to 100,000 per kind)

Inputs come from bench/generators/<module>.py (random realistic facts, generated before timing).
For the cohort kind (performance) the figure counts institutions, not cohorts.
"""

from __future__ import annotations

import importlib
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring
from scoring.report import CohortReport


def subjects_in(report: Any) -> int:
    return len(report.reports) if isinstance(report, CohortReport) else 1


def bench(kind_name: str, n: int) -> None:
    kind = scoring.kind(kind_name)
    module = scoring.MODULES[kind_name].rsplit(".", 1)[1]
    generator = importlib.import_module(f"bench.generators.{module}")
    rng = random.Random(2026)
    inputs: list[dict[str, Any]] = []
    subjects = 0
    # Generate until n subjects (a cohort input holds many), then time scoring alone.
    while subjects < n:
        raw = generator.random_facts(rng)
        inputs.append(raw)
        subjects += len(raw["institutions"]) if "institutions" in raw else 1
    started = time.perf_counter()
    scored = 0
    for raw in inputs:
        scored += subjects_in(kind.score_raw(raw))
    elapsed = time.perf_counter() - started
    print(f"{kind_name:<17} {scored:>8,} subjects in {elapsed:6.2f} s: {scored / elapsed:>9,.0f}/s")


def main() -> None:
    args = sys.argv[1:]
    n = int(args.pop(0)) if args and args[0].isdigit() else 100_000
    for kind_name in args or scoring.KINDS:
        bench(kind_name, n)


if __name__ == "__main__":
    main()
