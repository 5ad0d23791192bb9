"""Dutch calendar helpers: time zone, national holidays, working days, Dutch date names.

Pure functions (no I/O). "Werkdag" = Monday to Friday, except the Dutch national holidays
as the `holidays` package knows them (Algemene termijnenwet: includes Goede Vrijdag, and
Bevrijdingsdag only in lustrum years).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_TZ = "Europe/Amsterdam"

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@lru_cache(maxsize=8)
def zone(name: str = DEFAULT_TZ) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=64)
def _holidays_for_year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year, language="nl")


def holiday_name(day: date) -> str | None:
    """The Dutch national holiday on `day`, or None."""
    return _holidays_for_year(day.year).get(day)


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def nth_workday(year: int, month: int, n: int) -> date:
    """The n-th working day of a month (n = -1: the last one)."""
    last = calendar.monthrange(year, month)[1]
    days = [date(year, month, d) for d in range(1, last + 1)]
    workdays = [d for d in days if is_workday(d)]
    return workdays[n - 1] if n > 0 else workdays[n]


def day_note(day: date) -> str | None:
    """Why `day` is no working day: "Koningsdag", "een zaterdag"; None on a working day."""
    name = holiday_name(day)
    if name:
        return name
    if day.weekday() >= 5:
        return f"een {WEEKDAYS[day.weekday()]}"
    return None


def subtract_workdays(day: date, count: int) -> date:
    """The date `count` working days before `day` (skips weekends and holidays)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach `tz` to a wall-clock time, normalising times that DST skips.

    02:30 on the spring-forward night does not exist; the round trip through UTC turns it
    into 03:30 summer time instead of an aware datetime that names a non-existent moment.
    On the fall-back night the first (summer time) 02:30 is chosen (fold=0).
    """
    aware = naive.replace(tzinfo=tz, fold=0)
    return datetime.fromtimestamp(aware.timestamp(), tz)


def at_time(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return localize(datetime.combine(day, clock), tz)


def format_time(clock: time) -> str:
    if clock.second:
        return clock.strftime("%H:%M:%S")
    return clock.strftime("%H:%M")


def format_date(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """ "donderdag 26 november 2026" (no locale needed, so it works on any server)."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    if weekday:
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    return text


def format_moment(moment: datetime, tz: ZoneInfo | None = None) -> str:
    """ "donderdag 26 november 2026 om 10:00" in local time."""
    local = moment.astimezone(tz or zone())
    return f"{format_date(local.date())} om {format_time(local.timetz().replace(tzinfo=None))}"
