"""The base of every designation fact model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FactsModel(BaseModel):
    """Strict and frozen: a misspelt key is refused rather than scored as a missing fact, and the
    facts cannot change while the rows read them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
