"""The regulations' calendars (issue 19): when each round of contracts/rounds.py opens.

`config.py` is the calendar (pure: one entry per Temporal Schedule, the clause beside it);
`opening.py` the small workflow every Schedule starts, which names the period from the
scheduled time and opens the round (service/schedules.py applies the Schedules).
"""
