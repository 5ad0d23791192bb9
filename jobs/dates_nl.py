"""Dates in a Dutch phrase: "12 maart 2027", "12-03-2027", "morgen", "juni", "eind juni".

`parse_date` reads one DATE_FORMS row into a span of days (a month is a span, a day is one
day): a one-off uses its first day, "vanaf juni" the first, "tot en met juni" the last.
A date without a year is the first one that `fits` (after the start).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import ScheduleError
from jobs.calendar_nl import MONTHS, WEEKDAYS
from jobs.phrases_nl import DATE_FORMS, match_form
from jobs.words_nl import month, weekday

DATE_EXAMPLES = ("op 12 maart 2027 om 13:30", "elke maandag tot en met 30 juni")
_YEARS_AHEAD = 9  # enough to reach the next 29 februari


@dataclass(frozen=True)
class DateSpan:
    first: date
    last: date


def parse_date(text: str, today: date, fits: Callable[[date], bool] | None = None) -> DateSpan | None:
    """The span `text` names, or None when it is no date form at all."""
    found = match_form(DATE_FORMS, text.strip())
    if found is None:
        return None
    name, slots = found
    fits = fits or (lambda day: day >= today)
    if name == "relative":
        day = today + timedelta(days={"vandaag": 0, "morgen": 1, "overmorgen": 2}[slots["rel"]])
        return DateSpan(day, day)
    if name == "end_of_year":
        return DateSpan(date(today.year, 12, 31), date(today.year, 12, 31))
    if name == "this_year":
        return DateSpan(date(today.year, 1, 1), date(today.year, 12, 31))
    if name == "next_period":
        return _next_period(text, today)
    if name in ("whole_month", "part_of_month"):
        return _month_span(name, slots, today)
    day_of_month = int(slots["dagnr"].rstrip("edst"))
    month_number = month(slots["maand"]) if "maand" in slots else int(slots["mnr"])
    if not 1 <= month_number <= 12:
        raise _error(f"'{text.strip()}' is geen geldige datum: maand {month_number} bestaat niet.")
    check_day_in_month(day_of_month, month_number)
    day = _with_year(day_of_month, month_number, slots.get("jaar"), fits, today)
    if "dag" in slots and weekday(slots["dag"]) != day.weekday():
        raise _error(
            f"{day.day} {MONTHS[day.month - 1]} {day.year} is een {WEEKDAYS[day.weekday()]}, "
            f"geen {WEEKDAYS[weekday(slots['dag'])]}. Welke bedoel je?"
        )
    return DateSpan(day, day)


def _next_period(text: str, today: date) -> DateSpan:
    if "week" in text:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        return DateSpan(monday, monday + timedelta(days=6))
    year, month_number = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return DateSpan(
        date(year, month_number, 1), date(year, month_number, calendar.monthrange(year, month_number)[1])
    )


def check_day_in_month(day: int, month_number: int) -> None:
    longest = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month_number - 1]
    if not 1 <= day <= longest:
        safe_day = min(day, 28 if month_number == 2 else longest)  # an example valid in any year
        name = MONTHS[month_number - 1]
        raise ScheduleError(
            f"{day} {name} bestaat niet. Probeer bijvoorbeeld: 'elk jaar op 15 september' of "
            f"'op {safe_day} {name} 2027'."
        )


def _with_year(
    day: int, month_number: int, year: str | None, fits: Callable[[date], bool], today: date
) -> date:
    if year is not None:
        try:
            return date(int(year), month_number, day)
        except ValueError:
            raise _error(
                f"{day} {MONTHS[month_number - 1]} {year} bestaat niet ({year} is geen schrikkeljaar)."
            ) from None
    for candidate_year in range(today.year, today.year + _YEARS_AHEAD):
        try:
            candidate = date(candidate_year, month_number, day)
        except ValueError:
            continue  # 29 februari: the next leap year
        if fits(candidate):
            return candidate
    raise _error(f"Ik kan geen datum {day} {MONTHS[month_number - 1]} vinden.")


def _month_span(name: str, slots: dict[str, str], today: date) -> DateSpan:
    month_number = month(slots["maand"])
    year = int(slots["jaar"]) if "jaar" in slots else today.year
    if "jaar" not in slots and date(year, month_number, calendar.monthrange(year, month_number)[1]) < today:
        year += 1  # "tot en met maart" in november: next March
    last = calendar.monthrange(year, month_number)[1]
    first, end = date(year, month_number, 1), date(year, month_number, last)
    if name == "part_of_month":
        day = {"begin": first, "half": date(year, month_number, 15), "eind": end}[slots["deel"]]
        return DateSpan(day, day)
    return DateSpan(first, end)


def _error(what: str) -> ScheduleError:
    first, second = DATE_EXAMPLES
    return ScheduleError(f"{what} Probeer bijvoorbeeld: '{first}' of '{second}'.")
