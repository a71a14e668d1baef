"""The corresponding day some months later (民法典 第二百零二条), before any rest-day roll-over.

Used where a regulation counts months and the result is compared, not acted on: a waiting time
(六(二)1 of credit repair), a trial run, a bar on re-applying. `arithmetic.add_months` is the
period for acting, whose last day moves off a rest day (第二百零三条).
"""

from __future__ import annotations

import calendar
from datetime import date


def months_later(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day where it has none
    (民法典 第二百零二条: 到期月的对应日为期间的最后一日; 没有对应日的, 月末日为期间的最后一日)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
