"""The base of every facts model here: closed (an unknown field is refused) and frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
