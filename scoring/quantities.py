"""Quantities the fact models of several tables share."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from checks.plausible import StrictInt

# A number of things found or counted (violations, complaints, staff, months): never negative.
Count = Annotated[StrictInt, Field(ge=0)]
