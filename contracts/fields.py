"""Field types the case models share: a strict model's configuration, case ids and texts.

One definition, so that a name, a case id or a free text has the same limits (and the same JSON
Schema) in every model that uses it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

# Unknown fields are refused; surrounding blanks are not part of a value.
StrictModel = ConfigDict(extra="forbid", str_strip_whitespace=True)
CaseId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
