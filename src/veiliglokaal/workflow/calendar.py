"""Dutch working days, for statutory deadlines such as "aangifte within 2 working days".

Public holidays per the Algemene termijnenwet (art. 3): Nieuwjaarsdag, Goede Vrijdag is *not* included,
tweede paasdag, Hemelvaartsdag, tweede pinksterdag, eerste en tweede kerstdag, Koningsdag (27 April, 26 April
when the 27th is a Sunday) and Bevrijdingsdag (5 May). Saturdays and Sundays are not working days.
"""

import datetime
from functools import lru_cache


def easter_sunday(year: int) -> datetime.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return datetime.date(year, month, day)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = datetime.date(year, 4, 26)
    return frozenset({
        datetime.date(year, 1, 1),
        easter + datetime.timedelta(days=1),
        kings_day,
        datetime.date(year, 5, 5),
        easter + datetime.timedelta(days=39),  # Hemelvaartsdag
        easter + datetime.timedelta(days=50),  # tweede pinksterdag
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    })


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
