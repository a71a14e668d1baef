"""The pausable clock: the applicant's time does not count (不计入评估期限)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from periods import PausableClock, add_working_days, load_calendar

D = date

# Frozen at today's publication state, so 2027 stays provisional once its notice is added.
FROZEN = load_calendar(published_before=2027)


def test_pause_and_resume_carry_the_remaining_days_across_spring_festival() -> None:
    clock = PausableClock.begin(D(2025, 1, 20), 10)  # Monday
    paused = clock.pause(D(2025, 1, 22))  # 1/21 and 1/22 are used (the pause day counts)
    assert paused.is_paused and not clock.is_paused  # immutable: a new instance
    assert paused.used_before_pause == 2
    assert paused.deadline() is None
    # Nothing is consumed while the applicant holds the file, holiday or not.
    for as_of in (D(2025, 1, 24), D(2025, 1, 26), D(2025, 2, 4)):
        assert paused.used_working_days(as_of) == 2
        assert paused.remaining_working_days(as_of) == 8

    resumed = paused.resume(D(2025, 2, 5))  # the resume day is excluded (第二百零一条)
    assert not resumed.is_paused
    assert resumed.pauses == ((D(2025, 1, 22), D(2025, 2, 5)),)
    assert resumed.remaining_working_days(D(2025, 2, 5)) == 8
    # 2/6 (3), 2/7 (4), 2/8 Sat adj (5), 2/10 (6)
    assert resumed.used_working_days(D(2025, 2, 10)) == 6
    end = resumed.deadline()
    assert end is not None
    # 8 remaining: 2/6, 2/7, 2/8 (adj Sat), 2/10-2/14 -> 2/14
    assert (end.start, end.last_day, end.provisional) == (D(2025, 1, 20), D(2025, 2, 14), False)


def test_two_pauses_accumulate() -> None:
    clock = PausableClock.begin(D(2026, 9, 14), 15)  # Monday
    clock = clock.pause(D(2026, 9, 16))  # 9/15, 9/16: 2 used
    clock = clock.resume(D(2026, 9, 18))
    # 9/19 Sat rest, 9/20 Sun adj (3), 9/21-9/24 (4-7)
    clock = clock.pause(D(2026, 9, 24))
    assert clock.used_before_pause == 7
    assert clock.remaining_working_days(D(2026, 10, 1)) == 8
    clock = clock.resume(D(2026, 10, 9))
    assert clock.pauses == ((D(2026, 9, 16), D(2026, 9, 18)), (D(2026, 9, 24), D(2026, 10, 9)))
    end = clock.deadline()
    assert end is not None
    # 8 remaining: 10/10 Sat adj (1), 10/12-10/16 (2-6), 10/19 (7), 10/20 (8)
    assert end.last_day == D(2026, 10, 20)
    # Historical questions replay the history.
    assert clock.used_working_days(D(2026, 9, 15)) == 1
    assert clock.used_working_days(D(2026, 9, 21)) == 4
    assert clock.used_working_days(D(2026, 10, 20)) == 15
    assert clock.remaining_working_days(D(2026, 10, 30)) == 0


def test_without_pause_equals_add_working_days() -> None:
    clock = PausableClock.begin(D(2025, 9, 25), 15)
    assert clock.deadline() == add_working_days(D(2025, 9, 25), 15)
    assert clock.remaining_working_days(D(2025, 9, 25)) == 15


def test_days_exhausted_before_the_pause_keep_their_last_day() -> None:
    clock = PausableClock.begin(D(2025, 3, 3), 2).pause(D(2025, 3, 7))  # 4 used, 2 allowed
    end = clock.resume(D(2025, 3, 20)).deadline()
    assert end is not None and end.last_day == D(2025, 3, 5)
    assert clock.remaining_working_days(D(2025, 3, 7)) == 0


def test_pause_and_resume_on_the_same_day_changes_nothing() -> None:
    clock = PausableClock.begin(D(2026, 2, 10), 10)
    same = clock.pause(D(2026, 2, 12)).resume(D(2026, 2, 12))
    assert same.deadline() == clock.deadline()


def test_resume_into_2027_is_provisional() -> None:
    clock = PausableClock.begin(D(2026, 12, 21), 5).pause(D(2026, 12, 22), calendar=FROZEN)
    assert clock.used_before_pause == 1
    end = clock.resume(D(2026, 12, 31), calendar=FROZEN).deadline(calendar=FROZEN)
    assert end is not None
    # 4 remaining: 2027-01-01 元旦 (provisional rest day), 1/4-1/7
    assert (end.last_day, end.provisional) == (D(2027, 1, 7), True)
    unpaused = PausableClock.begin(D(2026, 12, 21), 5).deadline(calendar=FROZEN)
    assert unpaused is not None
    assert (unpaused.last_day, unpaused.provisional) == (D(2026, 12, 28), False)


def test_misuse_is_rejected_with_clear_messages() -> None:
    clock = PausableClock.begin(D(2025, 3, 3), 10)
    paused = clock.pause(D(2025, 3, 5))
    with pytest.raises(ValueError, match="already paused since 2025-03-05"):
        paused.pause(D(2025, 3, 6))
    with pytest.raises(ValueError, match="not paused"):
        clock.resume(D(2025, 3, 6))
    with pytest.raises(ValueError, match="before the pause on 2025-03-05"):
        paused.resume(D(2025, 3, 4))
    with pytest.raises(ValueError, match="before the counting start 2025-03-03"):
        clock.pause(D(2025, 3, 2))
    resumed = paused.resume(D(2025, 3, 10))
    with pytest.raises(ValueError, match="before the counting start 2025-03-10"):
        resumed.pause(D(2025, 3, 7))
    assert resumed.pause(D(2025, 3, 10)).used_before_pause == 2  # pausing on the resume day


def test_is_frozen() -> None:
    clock = PausableClock.begin(D(2025, 3, 3), 10)
    with pytest.raises(ValidationError):
        clock.working_days = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    "clock",
    [
        PausableClock.begin(D(2025, 1, 20), 10),
        PausableClock.begin(D(2025, 1, 20), 10).pause(D(2025, 1, 22)),
        PausableClock.begin(D(2025, 1, 20), 10)
        .pause(D(2025, 1, 22))
        .resume(D(2025, 2, 5))
        .pause(D(2025, 2, 7)),
    ],
)
def test_json_round_trip(clock: PausableClock) -> None:
    again = PausableClock.model_validate_json(clock.model_dump_json())
    assert again == clock
    assert again.deadline() == clock.deadline()


def test_inconsistent_stored_state_is_rejected() -> None:
    with pytest.raises(ValidationError, match="resumed_on"):
        PausableClock(start=D(2025, 1, 20), working_days=10, resumed_on=D(2025, 2, 5))
    with pytest.raises(ValidationError, match="out of order"):
        PausableClock(
            start=D(2025, 1, 20),
            working_days=10,
            resumed_on=D(2025, 1, 21),
            pauses=((D(2025, 1, 22), D(2025, 1, 21)),),
        )
    with pytest.raises(ValidationError):
        PausableClock.begin(D(2025, 1, 20), -1)
