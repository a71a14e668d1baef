"""How fast statutory deadlines are computed (pure periods/, no engine).

.venv/bin/python bench/deadlines.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from periods import (
    add_months,
    add_working_days,
    deadline_from,
    load_calendar,
    working_days_between,
)

N = 20_000


def main() -> None:
    started = time.perf_counter()
    calendar = load_calendar()
    load_s = time.perf_counter() - started
    rng = random.Random(7)
    starts = [date(2020, 1, 1) + timedelta(days=rng.randrange(0, 365 * 7)) for _ in range(N)]

    t0 = time.perf_counter()
    for start in starts:
        deadline_from(add_working_days(start, 15, calendar=calendar), "15 working days")
    working = time.perf_counter() - t0

    t0 = time.perf_counter()
    for start in starts:
        add_months(start, 2, calendar=calendar)
    months = time.perf_counter() - t0

    t0 = time.perf_counter()
    for start in starts:
        working_days_between(start, start + timedelta(days=365), calendar=calendar)
    between = time.perf_counter() - t0

    print(f"calendar load: {load_s * 1000:.1f} ms ({calendar.version})")
    print(f"15-working-day deadlines: {N / working:,.0f}/s ({working / N * 1e6:.1f} µs each)")
    print(f"2-month periods:          {N / months:,.0f}/s ({months / N * 1e6:.1f} µs each)")
    print(f"working days in a year:   {N / between:,.0f}/s ({between / N * 1e6:.1f} µs each)")


if __name__ == "__main__":
    main()
