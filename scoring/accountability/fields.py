"""The field types and the finding base every part of the accountability facts shares."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.listing import first_repeat

# A misspelt key is refused rather than read as a fact not found; names and texts are compared
# without the blanks a form adds around them.
STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# Person ids become part of line ids (`liable.person.<id>`), so no dots or spaces.
PersonId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]


def no_duplicates(items: Iterable[StrEnum], field: str) -> None:
    repeated = first_repeat(items)
    if repeated is not None:
        raise ValueError(f"{field}: {repeated.value!r} is listed twice")


class ItemFinding(BaseModel):
    """A finding of one item of an article whose last item is a catch-all ('other'): that one
    must say what it is."""

    model_config = STRICT
    item: StrEnum
    details: str = Field("", max_length=2000, description="the facts; required for 'other'")
    # How a refusal names the catch-all item, with its clause.
    OTHER: ClassVar[str]

    @model_validator(mode="after")
    def _other_needs_details(self) -> Self:
        if self.item == "other" and not self.details:
            raise ValueError(f"details: required for {self.OTHER}")
        return self
