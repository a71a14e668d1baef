"""Pure scoring rules, one module per regulation, each explained point by point.

Every module exposes `KIND` (the CLI name), `Facts` (the validated pydantic input: the facts of a
subject, or of a cohort) and `score(facts) -> ScoreReport | CohortReport`. The registry below
loads them by name, so adding a regulation is adding a module and a line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from scoring.report import (
    Adjustment,
    CohortReport,
    Consequence,
    GroupTotal,
    ScoreLine,
    ScoreReport,
)

__all__ = [
    "KINDS",
    "Adjustment",
    "CohortReport",
    "Consequence",
    "GroupTotal",
    "Kind",
    "ScoreLine",
    "ScoreReport",
    "kind",
]

# CLI name -> module.
MODULES = {
    "market-credit": "scoring.market_credit",
    "medical-credit": "scoring.medical_credit",
    "designation-eval": "scoring.designation",
    "performance": "scoring.performance",
    "accountability": "scoring.accountability",
}
KINDS = tuple(MODULES)


@dataclass(frozen=True)
class Kind:
    name: str
    module: ModuleType

    @property
    def facts(self) -> type[BaseModel]:
        facts: type[BaseModel] = self.module.Facts
        return facts

    def score(self, facts: BaseModel) -> ScoreReport | CohortReport:
        report: ScoreReport | CohortReport = self.module.score(facts)
        return report

    def score_raw(self, data: Any) -> ScoreReport | CohortReport:
        """Validate raw JSON-like input, then score it (what the CLI and the bench do)."""
        return self.score(self.facts.model_validate(data))


def kind(name: str) -> Kind:
    if name not in MODULES:
        raise KeyError(f"unknown scoring kind {name!r} (known: {', '.join(KINDS)})")
    return Kind(name, importlib.import_module(MODULES[name]))
