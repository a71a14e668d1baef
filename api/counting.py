"""The working days a door counts (left or late, service/working_days.py): from today in
Asia/Shanghai on the app's calendar, the one the worker uses (api.app `calendar`: the library,
the override file and the stored years, looked at again when a year is added). Kept by the app,
not loaded again for every request: loading it costs a status read about 2 ms of the API's CPU.
"""

from __future__ import annotations

from fastapi import Request

from service.working_days import DayCounter, shanghai_today


def day_counter(request: Request) -> DayCounter:
    return DayCounter(request.app.state.calendar(), shanghai_today())
