"""The builders of the phrase table: one function per form name in `SCHEDULE_FORMS`.

Each gets the slot values of its form (`phrases_nl`) and the parse context, and returns the
`Schedule` that form means. Readings that involve a choice are added to `Context.notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from bot.errors import ScheduleError
from jobs.calendar_nl import at_time, format_date, is_workday, zone
from jobs.dates_nl import check_day_in_month, parse_date
from jobs.phrases_nl import SCHEDULE_FORMS
from jobs.schedule import Schedule
from jobs.words_nl import UNIT_WORDS, month, number, ordinal, weekday

DEFAULT_CLOCK = time(9, 0)
GENERAL_EXAMPLES = (
    "elke vrijdag om 16:00",
    "elke derde woensdag van de maand om 10 uur, 3 werkdagen van tevoren",
)
LEAD_EXAMPLES = (
    "elke vrijdag om 16:00, 3 werkdagen van tevoren",
    "op 12 maart 2027, 1 week vooraf",
)
BARE_LEAD_EXAMPLES = ("3 werkdagen", "1 week")
ONCE_EXAMPLES = ("morgen om 9:00", "op 12 maart 2027 om 13:30")
MONTHDAY_EXAMPLES = ("elke maand op de 1e", "elke maand op de laatste dag")


@dataclass
class Context:
    start: datetime  # aware, local time zone
    clock: time | None  # None when the phrase names no time
    tz: str
    notes: list[str] = field(default_factory=list)

    @property
    def clock_or_default(self) -> time:
        return self.clock or DEFAULT_CLOCK

    @property
    def today(self) -> date:
        return self.start.date()


def error(what: str, examples: tuple[str, str] = GENERAL_EXAMPLES) -> ScheduleError:
    first, second = examples
    return ScheduleError(f"{what} Probeer bijvoorbeeld: '{first}' of '{second}'.")


# -- value helpers ----------------------------------------------------------------------------


def _interval(token: str, what: str) -> int:
    value = number(token)
    if value < 1 or value > 100:
        raise error(f"'{token} {what}' kan niet: kies een aantal van 1 tot 100.")
    return value


def _weekdays(text: str) -> tuple[int, ...]:
    return tuple(sorted({weekday(word) for word in re.split(r"\s*,\s*|\s+en\s+|\s+", text) if word}))


def _ordinals(text: str) -> tuple[int, ...]:
    found = {ordinal(word) for word in re.split(r"\s*,\s*|\s+en\s+|\s+", text) if word}
    return tuple(sorted(found, key=lambda n: (n < 0, n)))


def _monthday(token: str) -> int:
    day = int(token.rstrip("edst"))
    if not 1 <= day <= 31:
        raise error(f"Een maand heeft geen dag {day}.", MONTHDAY_EXAMPLES)
    return day


# -- builders: one per form name in SCHEDULE_FORMS ---------------------------------------------

Slots = dict[str, str]


def _daily(s: Slots, ctx: Context) -> Schedule:
    return Schedule("daily", ctx.clock_or_default)


def _workdays(s: Slots, ctx: Context) -> Schedule:
    return Schedule("werkdag", ctx.clock_or_default)


def _weekly(s: Slots, ctx: Context) -> Schedule:
    interval = _interval(s["n"], "weken") if "n" in s else 1
    return Schedule("weekly", ctx.clock_or_default, weekdays=_weekdays(s["dagen"]), interval=interval)


def _biweekly(s: Slots, ctx: Context) -> Schedule:
    return Schedule("weekly", ctx.clock_or_default, weekdays=_weekdays(s["dagen"]), interval=2)


def _monthly_nth(s: Slots, ctx: Context) -> Schedule:
    days = _weekdays(s["dag"])
    return Schedule("monthly_nth", ctx.clock_or_default, weekdays=days, ordinals=_ordinals(s["ords"]))


def _monthly_nth_unstated(s: Slots, ctx: Context) -> Schedule:
    schedule = _monthly_nth(s, ctx)
    if len(schedule.ordinals) == 1 and schedule.ordinals[0] in (2, 3, 4):
        day = s["dag"]
        every = schedule.ordinals[0]
        ctx.notes.append(
            f"Ik lees 'elke {s['ords']} {day}' als de {s['ords']} {day} van elke maand. Bedoel je "
            f"één keer per {every} weken, schrijf dan 'elke {every} weken op {day}'."
        )
    return schedule


def _monthly_workday(s: Slots, ctx: Context) -> Schedule:
    return Schedule("monthly_workday", ctx.clock_or_default, ordinals=(ordinal(s["ord"]),))


def _monthly_day(s: Slots, ctx: Context) -> Schedule:
    interval = _interval(s["n"], "maanden") if "n" in s else 1
    return Schedule("monthly_day", ctx.clock_or_default, monthday=_monthday(s["dagnr"]), interval=interval)


def _monthly_last(s: Slots, ctx: Context) -> Schedule:
    return Schedule("monthly_day", ctx.clock_or_default, monthday=-1)


def _quarterly(s: Slots, ctx: Context) -> Schedule:
    return Schedule("quarterly", ctx.clock_or_default, monthday=_monthday(s["dagnr"]))


def _quarterly_last(s: Slots, ctx: Context) -> Schedule:
    return Schedule("quarterly", ctx.clock_or_default, monthday=-1)


def _yearly(s: Slots, ctx: Context) -> Schedule:
    day, month_number = _monthday(s["dagnr"]), month(s["maand"])
    check_day_in_month(day, month_number)
    interval = _interval(s["n"], "jaar") if "n" in s else 1
    return Schedule("yearly", ctx.clock_or_default, monthday=day, month=month_number, interval=interval)


def _half_yearly(s: Slots, ctx: Context) -> Schedule:
    """ "elk half jaar op 1 januari": every 6 months on that day, counted from that date."""
    day, month_number = _monthday(s["dagnr"]), month(s["maand"])
    check_day_in_month(day, month_number)
    span = parse_date(f"{day} {s['maand']}", ctx.today, lambda d: d > ctx.today)
    assert span is not None
    return Schedule("monthly_day", ctx.clock_or_default, monthday=day, interval=6, starts=span.first)


def _once_on(day: date, ctx: Context) -> Schedule:
    return Schedule("once", ctx.clock_or_default, at=at_time(day, ctx.clock_or_default, zone(ctx.tz)))


def _once_on_date(s: Slots, ctx: Context) -> Schedule:
    def fits(day: date) -> bool:
        return at_time(day, ctx.clock_or_default, zone(ctx.tz)) > ctx.start

    span = parse_date(s["datum"], ctx.today, fits)
    if span is None:
        raise error(f"Ik begrijp '{s['datum']}' niet als planning.")
    if span.first != span.last:
        raise error(f"Op welke dag in {s['datum']}? Noem de dag erbij.", ONCE_EXAMPLES)
    return _once_on(span.first, ctx)


def _relative_day(s: Slots, ctx: Context) -> Schedule:
    offset = {"vandaag": 0, "morgen": 1, "overmorgen": 2}[s["rel"]]
    return _once_on(ctx.today + timedelta(days=offset), ctx)


def _next_week_day(s: Slots, ctx: Context) -> Schedule:
    monday = ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(weeks=1)
    return _once_on(monday + timedelta(days=weekday(s["dag"])), ctx)


def _next_month_day(s: Slots, ctx: Context) -> Schedule:
    year, month_number = (
        (ctx.today.year + 1, 1) if ctx.today.month == 12 else (ctx.today.year, ctx.today.month + 1)
    )
    day = _monthday(s["dagnr"])
    check_day_in_month(day, month_number)
    try:
        return _once_on(date(year, month_number, day), ctx)
    except ValueError:  # 29 februari outside a leap year
        raise error(f"{day} februari {year} bestaat niet.", ONCE_EXAMPLES) from None


def _coming_day(s: Slots, ctx: Context) -> Schedule:
    """ "aanstaande dinsdag", "op dinsdag": the first such day after today (said in a note)."""
    ahead = (weekday(s["dag"]) - ctx.today.weekday() - 1) % 7 + 1
    day = ctx.today + timedelta(days=ahead)
    ctx.notes.append(
        f"Ik lees dit als één keer, op {format_date(day)}. Bedoel je elke week, schrijf dan "
        f"'elke {s['dag']}'; bedoel je de week daarna, schrijf dan 'volgende week {s['dag']}'."
    )
    return _once_on(day, ctx)


def _in_period(s: Slots, ctx: Context) -> Schedule:
    amount, unit = number(s["n"]), UNIT_WORDS[s["unit"]]
    if amount < 1:
        raise error(f"'over {s['n']} {s['unit']}' ligt niet in de toekomst.", ONCE_EXAMPLES)
    if unit in ("minuten", "uren", "kwartier"):
        minutes = {"minuten": 1, "uren": 60, "kwartier": 15}[unit] * amount
        return _after_minutes(minutes, ctx, f"over {s['n']} {s['unit']}")
    return _once_on(_shift_date(ctx.today, amount, unit), ctx)


def _in_half_hour(s: Slots, ctx: Context) -> Schedule:
    return _after_minutes(30, ctx, "over een half uur")


def _after_minutes(minutes: int, ctx: Context, shown: str) -> Schedule:
    if ctx.clock is not None:
        raise error(f"'{shown}' en een tijd gaan niet samen.", ONCE_EXAMPLES)
    # Real elapsed time (via UTC), also when a DST change lies in between.
    at = (ctx.start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone(ctx.tz))
    at = at.replace(second=0, microsecond=0)
    return Schedule("once", at.timetz().replace(tzinfo=None), at=at)


def _shift_date(day: date, amount: int, unit: str) -> date:
    if unit == "werkdagen":
        while amount > 0:
            day += timedelta(days=1)
            amount -= is_workday(day)
        return day
    delta = {
        "dagen": relativedelta(days=amount),
        "weken": relativedelta(weeks=amount),
        "maanden": relativedelta(months=amount),
        "jaren": relativedelta(years=amount),
    }
    return day + delta[unit]


BUILDERS = {
    "daily": _daily,
    "workdays": _workdays,
    "weekly": _weekly,
    "biweekly": _biweekly,
    "monthly_nth": _monthly_nth,
    "monthly_nth_unstated": _monthly_nth_unstated,
    "monthly_workday": _monthly_workday,
    "monthly_day": _monthly_day,
    "monthly_last": _monthly_last,
    "quarterly": _quarterly,
    "quarterly_last": _quarterly_last,
    "yearly": _yearly,
    "half_yearly": _half_yearly,
    "relative_day": _relative_day,
    "in_period": _in_period,
    "in_half_hour": _in_half_hour,
    "next_week_day": _next_week_day,
    "next_month_day": _next_month_day,
    "coming_day": _coming_day,
    "once_on_date": _once_on_date,
}
assert {name for _, name in SCHEDULE_FORMS} <= set(BUILDERS), "every form needs a builder"
