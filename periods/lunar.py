"""Lunar-calendar and solar-term conversions (农历 / 节气), isolated behind plain ``date``s.

Only this module touches ``lunar_python`` so the rest of the package stays typed and the
dependency can be swapped without touching the period arithmetic.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from lunar_python import Lunar, Solar


def _to_date(solar: Any) -> date:
    # lunar_python is untyped; read its Solar back field by field rather than parse a string.
    return date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))


@cache
def lunar_to_solar(lunar_year: int, lunar_month: int, lunar_day: int) -> date:
    """Gregorian date of a day of the (non-leap) lunar month ``lunar_month`` of ``lunar_year``."""
    return _to_date(Lunar.fromYmd(lunar_year, lunar_month, lunar_day).getSolar())


def lunar_new_year(year: int) -> date:
    """春节 (正月初一): first day of the first lunar month of lunar year ``year``.

    It always falls between 21 January and 20 February of the Gregorian year ``year``.
    """
    return lunar_to_solar(year, 1, 1)


@cache
def qingming(year: int) -> date:
    """清明: the day of the Qingming solar term in Gregorian year ``year`` (4, 5 or 6 April)."""
    # Any day after Qingming belongs to a lunar year whose solar-term table includes this year's
    # Qingming; 1 June is safely after it and before the next lunar new year.
    table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    return _to_date(table["清明"])
