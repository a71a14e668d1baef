"""Plausible inputs: the one window every date and instant of a case file, a step or a facts file
must lie in, and the strict number and flag types every door shares.

Pure (no Temporal import, no clock read at import or in a validator): the types below are checked
by pydantic wherever a model is validated — the CLI, the HTTP API, an Update's payload decoded in
the workflow sandbox, the scoring CLI — and their checks are deterministic, so a replayed history
decodes exactly as it did live. The one check that needs a clock, "this event has happened", is a
function of the model and of `now`, which each door supplies: the wall clock at the CLI and the
HTTP API, `workflow.now()` in an Update validator.

The window (issue 14):
- nothing before `EARLIEST` (2000-01-01): every procedure here is governed by regulations of
  2021–2023, and a year like 1899 or 0065 is a typing or fuzzing error. It also keeps instants
  clear of the local-mean-time offsets the tz database gives Asia/Shanghai before 1901
  (+08:05:43), which the Temporal server refuses in a Datetime search attribute;
- a field marked `HAPPENED` (an event that has taken place: a receipt, a decision, a meeting) is
  not after now plus `CLOCK_SKEW`; a day is compared in Asia/Shanghai, the agencies' calendar;
- an instant carries its UTC offset, a whole number of minutes within ±14 h (ISO 8601 / RFC 3339
  offsets in use; the +08:05:43 kind is refused).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, ClassVar, Protocol, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
)

# The first day any date or instant of an input may fall on.
EARLIEST = date(2000, 1, 1)
# An event stamped a little ahead of the receiving clock is tolerated (skew between systems).
CLOCK_SKEW = timedelta(minutes=5)
# Offsets in use lie within UTC−12:00 … UTC+14:00; ±14 h bounds both sides.
MAX_OFFSET = timedelta(hours=14)
# Asia/Shanghai has kept UTC+08:00 without daylight saving since 1991, so from EARLIEST on a fixed
# offset is exact (and needs no tz database inside the workflow sandbox).
SHANGHAI_OFFSET = timezone(timedelta(hours=8), "Asia/Shanghai")


def _as_text(value: Any) -> Any:
    # Lax pydantic reads a number as seconds since 1970 ({"start": 0} became 1970-01-01): a day or
    # an instant is written as ISO 8601 text (or given as a date object in Python), never a number.
    if isinstance(value, int | float):
        raise ValueError("give the day or instant as ISO 8601 text (YYYY-MM-DD), not a number")
    return value


def _day_in_window(day: date) -> date:
    if day < EARLIEST:
        raise ValueError(f"{day.isoformat()} is before {EARLIEST.isoformat()}, the earliest day")
    return day


def _instant_in_window(at: datetime) -> datetime:
    offset = at.utcoffset()
    assert offset is not None  # AwareDatetime has refused a naive time already
    if offset % timedelta(minutes=1) or abs(offset) > MAX_OFFSET:
        raise ValueError(
            f"UTC offset {offset} is not a whole number of minutes within ±14:00 (e.g. +08:00)"
        )
    if at.astimezone(SHANGHAI_OFFSET).date() < EARLIEST:
        raise ValueError(f"{at.isoformat()} is before {EARLIEST.isoformat()}, the earliest day")
    return at


class _Happened:
    """Marks a date or instant field naming an event that has already taken place."""

    def __repr__(self) -> str:
        return "HAPPENED"


HAPPENED = _Happened()

# A day (YYYY-MM-DD) on or after EARLIEST; it may lie in the future (a term's end, a planned day).
Day = Annotated[date, BeforeValidator(_as_text), AfterValidator(_day_in_window)]
# An instant with its UTC offset, on or after EARLIEST; it may lie in the future.
Instant = Annotated[AwareDatetime, BeforeValidator(_as_text), AfterValidator(_instant_in_window)]
# The day or instant of an event that has happened: also not after now (+ CLOCK_SKEW).
PastDay = Annotated[Day, HAPPENED]
PastInstant = Annotated[Instant, HAPPENED]

# Numbers and flags are taken as typed, never coerced: "3" or true is not a count, "yes" or 1 is
# not a flag (pydantic's lax mode would turn true into 1 and change a grade).
StrictInt = Annotated[int, Field(strict=True)]
# A strict float still takes a JSON integer (3 for 3.0), but neither a string nor a boolean.
StrictFloat = Annotated[float, Field(strict=True)]
StrictBool = Annotated[bool, Field(strict=True)]


def _marked(annotation: Any) -> bool:
    """Whether HAPPENED appears anywhere in `annotation` (Optional, list[...], Annotated)."""
    if annotation is HAPPENED:
        return True
    return any(_marked(arg) for arg in get_args(annotation))


def _events(value: Any, path: str, marked: bool) -> Iterator[tuple[str, date]]:
    if isinstance(value, BaseModel):
        # Raw facts kept as a dict (a step's corrected facts, an evaluation's sheets) are read
        # through the facts model the step names for them, so their events are checked too.
        facts_models: dict[str, type[BaseModel]] = getattr(type(value), "FACTS_MODELS", {})
        for name, info in type(value).model_fields.items():
            inner = getattr(value, name)
            if name in facts_models and isinstance(inner, dict):
                try:
                    inner = facts_models[name].model_validate(inner)
                except ValidationError:
                    continue  # the shape is refused by the model's own validator, by name
            # A RootModel's value has no field name of its own.
            here = path if name == "root" else f"{path}.{name}" if path else name
            yield from _events(inner, here, HAPPENED in info.metadata or _marked(info.annotation))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _events(item, f"{path}.{index}", marked)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _events(item, f"{path}.{key}", marked)
    elif marked and isinstance(value, date):  # a datetime is a date too
        yield path, value


def not_after_now_problem(model: BaseModel, now: datetime, prefix: str = "") -> str | None:
    """The first event of `model` (a field marked HAPPENED, at any depth) dated after `now`,
    as one line naming its dotted field path; None when every event has happened."""
    for path, moment in _events(model, prefix, marked=False):
        problem = _future_problem(path, moment, now)
        if problem:
            return problem
    return None


def _future_problem(path: str, moment: date, now: datetime) -> str | None:
    latest = now + CLOCK_SKEW
    if isinstance(moment, datetime):
        late = moment > latest
    else:
        late = moment > latest.astimezone(SHANGHAI_OFFSET).date()
    return f"{path}: {moment.isoformat()} is in the future" if late else None


class OpenedCase(Protocol):
    """A case file naming (dotted) the field of the event that opened the case."""

    OPENED_BY: ClassVar[str]


def opening_event(case: OpenedCase) -> tuple[str, date]:
    """The event that opens `case`: the dotted field its model names in `OPENED_BY`."""
    field = case.OPENED_BY
    value: Any = case
    for name in field.split("."):
        value = getattr(value, name)
    assert isinstance(value, date), field
    return field, value


def step_problem(step: BaseModel, case: OpenedCase, now: datetime) -> str | None:
    """The rule for a step (an Update) of `case`, as its validator applies it with
    `workflow.now()`: every event the step names has happened, and the step's own dates (its
    top-level marked fields; nested facts may well predate the case, e.g. an earlier penalty)
    are not before the event that opened the case."""
    opened_field, opened = opening_event(case)
    for path, moment in _events(step, "", marked=False):
        problem = _future_problem(path, moment, now)
        if problem:
            return problem
        if "." not in path:
            problem = order_problem(path, moment, opened_field, opened)
            if problem:
                return problem
    return None


def check_step(step: BaseModel, case: OpenedCase, now: datetime) -> None:
    """`step_problem` for an Update validator: raises ValueError (the refusal) on a problem."""
    problem = step_problem(step, case, now)
    if problem:
        raise ValueError(problem)


def not_before(later: date | datetime, earlier: date | datetime) -> bool:
    """Whether `later` is not before `earlier`, comparing a day with an instant by its
    Asia/Shanghai day (the agencies' calendar)."""
    return _day_or_instant(later, earlier) >= _day_or_instant(earlier, later)


def _day_or_instant(value: date | datetime, other: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and not isinstance(other, datetime):
        return value.astimezone(SHANGHAI_OFFSET).date()
    return value


def order_problem(
    later_field: str, later: date | datetime, earlier_field: str, earlier: date | datetime
) -> str | None:
    """One line when the event `later_field` is dated before the event it follows."""
    if not_before(later, earlier):
        return None
    return f"{later_field}: {later.isoformat()} is before {earlier_field} ({earlier.isoformat()})"


def day_or_today(text: str) -> str:
    """A day typed at the command line: YYYY-MM-DD as given, or `today`, the day it is now in
    Asia/Shanghai (where the agencies' days are counted). The request's model judges the day."""
    if text == "today":
        return datetime.now(SHANGHAI_OFFSET).date().isoformat()
    return text
