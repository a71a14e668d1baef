"""Exact points: the tables write their numbers in decimals (0.2 per field, × 10%, × 30%), and a
score an agency prints must be that decimal, not a binary float near it (855.0600000000001).

Every sum, product and weighting of points is done in `Decimal`. A number enters as the decimal it
was written as: a table's value as a string or an int, a fact read from JSON as the shortest
decimal that gives back the same float (853.7 → Decimal('853.7'); that is the number the agency
wrote, because a JSON number with up to 15 significant digits reads back to itself). The report
models keep `float` fields, so a result leaves as the float of the exact decimal: the JSON shows
`855.06`, and the schema the agencies code against does not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

Number = Decimal | float | int | str

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@lru_cache(maxsize=65536)
def _from_float(value: float) -> Decimal:
    # repr gives the shortest decimal that reads back to the same float: what was written.
    return Decimal(repr(value))


def exact(value: Number) -> Decimal:
    """The decimal a table or a fact writes (never the binary expansion of a float)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _from_float(value)
    return Decimal(value)


def exact_sum(values: Iterable[Number | None]) -> Decimal:
    """The exact sum; None (a line without points) adds nothing."""
    total = ZERO
    for value in values:
        if value is not None:
            total += exact(value)
    return total


def percent_of(value: Number, percent: Number) -> Decimal:
    """value × percent% (853.7 × 10% = 85.37 exactly)."""
    return exact(value) * exact(percent) / HUNDRED


def reported(value: Number) -> float:
    """The float of the exact decimal, for a report's `float` field: prints as the decimal
    (float(Decimal('855.06')) is the float whose repr is 855.06); −0 prints as 0."""
    result = float(exact(value))
    return result + 0.0 if result == 0 else result


def shown(value: Number) -> str:
    """A decimal for a reason sentence: no exponent, no trailing zeros (85.50 → 85.5)."""
    text = format(exact(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
