"""Lists in the facts that must not name the same thing twice (an item, a person, an id).

The fact models of several regulations refuse such a list, each in its own words; this finds the
repeat for them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

H = TypeVar("H", bound=Hashable)


def first_repeat(items: Iterable[H]) -> H | None:
    """The first item that was already listed before it, or None when every item is distinct."""
    seen: set[H] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
