"""Dutch schedule phrases → `Schedule`. The one parser for the CLI, Slack and the modal.

Grammar (case-insensitive, "iedere" = "elke"), then an optional time and lead time:
    elke dag | elke werkdag | elke vrijdag | elke maandag en donderdag
    elke 3 weken op maandag | om de week op dinsdag
    elke derde woensdag van de maand | elke laatste dinsdag van de maand
    elke maand op de 1e | elke maand op de laatste dag | elk kwartaal op de 10e
    elk jaar op 15 september | elke 4 jaar op 1 juni
    op 12 maart 2027 | op 12-03-2027 | vandaag | morgen | overmorgen
    over 3 dagen | over 1 week | over 2 maanden | over 2 uur
    … om 9 uur | om 9:30 | om 9.30           (no time → 09:00)
    …, 3 werkdagen van tevoren | …, 1 week vooraf | …, 2 uur van tevoren
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from bot.errors import ScheduleError
from jobs.calendar_nl import DEFAULT_TZ, MONTHS, WEEKDAYS, at_time, format_moment, is_workday, zone
from jobs.schedule import LeadTime, Schedule

DEFAULT_CLOCK = time(9, 0)
GENERAL_EXAMPLES = (
    "elke vrijdag om 16:00",
    "elke derde woensdag van de maand om 10 uur, 3 werkdagen van tevoren",
)
TIME_EXAMPLES = ("elke maandag om 9:30", "morgen om 14.00")
LEAD_EXAMPLES = (
    "elke vrijdag om 16:00, 3 werkdagen van tevoren",
    "op 12 maart 2027, 1 week vooraf",
)
BARE_LEAD_EXAMPLES = ("3 werkdagen", "1 week")
ONCE_EXAMPLES = ("morgen om 9:00", "op 12 maart 2027 om 13:30")

NUMBER_WORDS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
DAY_ALIASES = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}
MONTH_ALIASES = {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
ORDINAL_WORDS = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
    "laatste": -1,
}
LEAD_UNITS = {
    "minuut": "minuten",
    "minuten": "minuten",
    "uur": "uren",
    "uren": "uren",
    "dag": "dagen",
    "dagen": "dagen",
    "werkdag": "werkdagen",
    "werkdagen": "werkdagen",
    "week": "weken",
    "weken": "weken",
    "maand": "maanden",
    "maanden": "maanden",
}

_NUM = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
_DAY = r"(?:" + "|".join([*WEEKDAYS, *DAY_ALIASES]) + r")"
_DAYS = rf"{_DAY}(?:\s*(?:,|en)\s*{_DAY})*"
_MONTH = r"(?:" + "|".join([*MONTHS, *MONTH_ALIASES]) + r")\.?"
_ORD = r"(?:" + "|".join(ORDINAL_WORDS) + r")"
_ORDS = rf"{_ORD}(?:\s*(?:,|en)\s*{_ORD})*"
_LEAD_TAIL = r"(?:van\s+tevoren|tevoren|vooraf|ervoor|daarvoor|eerder)"
_LEAD_CORE = rf"(?P<n>{_NUM})\s+(?P<unit>{'|'.join(LEAD_UNITS)})"
_LEAD = rf"{_LEAD_CORE}\s+{_LEAD_TAIL}"
_TIME = r"\bom\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?(?:\s*uur)?(?=\s|$|,)"
_BARE_TIME = r"(?<![\d-])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*uur)?(?=\s|$|,)"


@dataclass(frozen=True)
class _Context:
    start: datetime  # aware, local time zone
    clock: time | None  # None when the phrase names no time
    tz: str

    @property
    def clock_or_default(self) -> time:
        return self.clock or DEFAULT_CLOCK


def parse_schedule(phrase: str, start: datetime | None = None, tz: str = DEFAULT_TZ) -> Schedule:
    """Parse a Dutch phrase; `start` (default now) anchors relative and every-N phrases.

    Raises ScheduleError with a Dutch message that names what was not understood.
    """
    start = to_local(start, tz)
    text = _normalise(phrase)
    if not text:
        raise _error("Er is geen planning opgegeven.")
    text, lead = _split_lead(text)
    text, clock = _extract_time(text)
    ctx = _Context(start=start, clock=clock, tz=tz)
    for pattern, build in _RULES:
        match = re.fullmatch(pattern, text)
        if match:
            schedule = build(match, ctx)
            return _finish(schedule, lead, ctx)
    raise _error(f"Ik begrijp '{text}' niet als planning.")


def parse_lead(text: str) -> LeadTime:
    """ "3 werkdagen van tevoren", "1 week vooraf" or just "3 werkdagen"."""
    norm = _normalise(text)
    match = re.fullmatch(rf"{_LEAD_CORE}(?:\s+{_LEAD_TAIL})?", norm)
    if not match:
        raise _error(f"Ik begrijp '{text.strip()}' niet als tijd van tevoren.", BARE_LEAD_EXAMPLES)
    amount = _number(match["n"])
    if amount < 1 or amount > 1000:
        raise _error(f"'{text.strip()}': kies een aantal van 1 tot 1000.", BARE_LEAD_EXAMPLES)
    return LeadTime(amount, LEAD_UNITS[match["unit"]])  # type: ignore[arg-type]


def preview(phrase: str, start: datetime | None = None, count: int = 5) -> dict[str, Any]:
    """The JSON contract of `remind preview`: spec, timezone, occurrences, reminders."""
    start = to_local(start, DEFAULT_TZ)
    schedule = parse_schedule(phrase, start)
    moments = schedule.occurrences(start, count)
    out: dict[str, Any] = {
        "spec": schedule.describe(),
        "timezone": schedule.tz,
        "occurrences": [m.isoformat() for m in moments],
    }
    if schedule.lead:
        out["reminders"] = [schedule.reminder_at(m).isoformat() for m in moments]
    return out


def to_local(moment: datetime | None, tz: str = DEFAULT_TZ) -> datetime:
    """Aware local time; a naive datetime is read as local wall-clock time."""
    tzinfo = zone(tz)
    if moment is None:
        return datetime.now(tzinfo)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tzinfo)
    return moment.astimezone(tzinfo)


# -- steps ----------------------------------------------------------------------------------


def _normalise(phrase: str) -> str:
    text = (phrase or "").strip().lower().replace("één", "een").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).rstrip(".!")
    text = re.sub(r"^herinner (?:me|mij|ons) ", "", text)
    text = re.sub(r"\b(?:iedere|ieder|elk)\b", "elke", text)
    return text.strip()


def _split_lead(text: str) -> tuple[str, LeadTime | None]:
    match = re.search(rf"(?:,\s*|\s+)({_LEAD})$", text)
    if match:
        return text[: match.start()].strip(" ,"), parse_lead(match.group(1))
    head, sep, tail = text.rpartition(",")
    if sep and re.search(rf"\b{_LEAD_TAIL}\b", tail):
        raise _error(f"Ik begrijp '{tail.strip()}' niet als tijd van tevoren.", LEAD_EXAMPLES)
    return text, None


def _extract_time(text: str) -> tuple[str, time | None]:
    matches = list(re.finditer(_TIME, text)) or list(re.finditer(_BARE_TIME, text))
    if not matches:
        loose = re.search(r"\bom\b(?! de\b)", text)
        if loose:
            shown = text[loose.start() :].split(",")[0]
            raise _error(f"Ik begrijp de tijd '{shown}' niet.", TIME_EXAMPLES)
        return text, None
    if len(matches) > 1:
        raise _error("Geef één tijd op per planning.", TIME_EXAMPLES)
    match = matches[0]
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _error(
            f"'{match.group(0).strip()}' is geen geldige tijd: uren lopen van 0 tot en met 23, "
            "minuten van 00 tot en met 59.",
            TIME_EXAMPLES,
        )
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return re.sub(r"\s+", " ", rest), time(hour, minute, second)


def _finish(schedule: Schedule, lead: LeadTime | None, ctx: _Context) -> Schedule:
    schedule = replace(schedule, lead=lead, tz=ctx.tz)
    if schedule.kind == "once":
        assert schedule.at is not None
        if schedule.at <= ctx.start:
            raise _error(
                f"'{schedule.describe()}' ligt niet na het startmoment "
                f"({format_moment(ctx.start)}). Kies een moment in de toekomst.",
                ONCE_EXAMPLES,
            )
    return schedule.anchored(ctx.start)


def _error(what: str, examples: tuple[str, str] = GENERAL_EXAMPLES) -> ScheduleError:
    first, second = examples
    return ScheduleError(f"{what} Probeer bijvoorbeeld: '{first}' of '{second}'.")


# -- value helpers ----------------------------------------------------------------------------


def _number(token: str) -> int:
    return NUMBER_WORDS[token] if token in NUMBER_WORDS else int(token)


def _interval(token: str, what: str) -> int:
    value = _number(token)
    if value < 1 or value > 100:
        raise _error(f"'{token} {what}' kan niet: kies een aantal van 1 tot 100.")
    return value


def _weekdays(text: str) -> tuple[int, ...]:
    found = re.findall(rf"\b{_DAY}\b", text)
    days = {WEEKDAYS.index(d) if d in WEEKDAYS else DAY_ALIASES[d] for d in found}
    return tuple(sorted(days))


def _month(token: str) -> int:
    token = token.rstrip(".")
    return MONTHS.index(token) + 1 if token in MONTHS else MONTH_ALIASES[token]


def _monthday(token: str) -> int:
    day = int(token)
    if not 1 <= day <= 31:
        raise _error(
            f"Een maand heeft geen dag {day}.",
            ("elke maand op de 1e", "elke maand op de laatste dag"),
        )
    return day


def _check_day_in_month(day: int, month: int) -> None:
    longest = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= longest:
        safe_day = min(day, 28 if month == 2 else longest)  # an example valid in any year
        raise _error(
            f"{day} {MONTHS[month - 1]} bestaat niet.",
            ("elk jaar op 15 september", f"op {safe_day} {MONTHS[month - 1]} 2027"),
        )


# -- rule builders --------------------------------------------------------------------------

Builder = Callable[[re.Match[str], _Context], Schedule]


def _daily(m: re.Match[str], ctx: _Context) -> Schedule:
    return Schedule("daily", ctx.clock_or_default)


def _workdaily(m: re.Match[str], ctx: _Context) -> Schedule:
    return Schedule("werkdag", ctx.clock_or_default)


def _weekly(m: re.Match[str], ctx: _Context) -> Schedule:
    interval = 2 if m.groupdict().get("biweekly") else 1
    if m.groupdict().get("n"):
        interval = _interval(m["n"], "weken")
    return Schedule("weekly", ctx.clock_or_default, weekdays=_weekdays(m["days"]), interval=interval)


def _nth_weekday(m: re.Match[str], ctx: _Context) -> Schedule:
    ordinals = tuple(
        sorted(
            {ORDINAL_WORDS[o] for o in re.findall(rf"\b{_ORD}", m["ords"])},
            key=lambda n: (n < 0, n),
        )
    )
    return Schedule("monthly_nth", ctx.clock_or_default, weekdays=_weekdays(m["day"]), ordinals=ordinals)


def _monthly_day(m: re.Match[str], ctx: _Context) -> Schedule:
    day = -1 if m["d"] is None else _monthday(m["d"])
    return Schedule("monthly_day", ctx.clock_or_default, monthday=day)


def _quarterly(m: re.Match[str], ctx: _Context) -> Schedule:
    day = -1 if m["d"] is None else _monthday(m["d"])
    return Schedule("quarterly", ctx.clock_or_default, monthday=day)


def _yearly(m: re.Match[str], ctx: _Context) -> Schedule:
    day, month = int(m["d"]), _month(m["mon"])
    _check_day_in_month(day, month)
    interval = _interval(m["n"], "jaar") if m["n"] else 1
    return Schedule("yearly", ctx.clock_or_default, monthday=day, month=month, interval=interval)


def _once_on(day: date, ctx: _Context) -> Schedule:
    return Schedule("once", ctx.clock_or_default, at=at_time(day, ctx.clock_or_default, zone(ctx.tz)))


def _date_named(m: re.Match[str], ctx: _Context) -> Schedule:
    day, month = int(m["d"]), _month(m["mon"])
    return _once_on(_make_date(day, month, m["y"], ctx), ctx)


def _date_numeric(m: re.Match[str], ctx: _Context) -> Schedule:
    day, month = int(m["d"]), int(m["m"])
    if not 1 <= month <= 12:
        raise _error(f"'{m.group(0)}' is geen geldige datum: maand {month} bestaat niet.", ONCE_EXAMPLES)
    return _once_on(_make_date(day, month, m["y"], ctx), ctx)


def _make_date(day: int, month: int, year: str | None, ctx: _Context) -> date:
    _check_day_in_month(day, month)
    if year is not None:
        try:
            return date(int(year), month, day)
        except ValueError:
            raise _error(
                f"{day} {MONTHS[month - 1]} {year} bestaat niet ({year} is geen schrikkeljaar).",
                ONCE_EXAMPLES,
            ) from None
    # No year: the first such date whose moment lies after the start (29 februari → leap year).
    for candidate_year in range(ctx.start.year, ctx.start.year + 9):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if at_time(candidate, ctx.clock_or_default, zone(ctx.tz)) > ctx.start:
            return candidate
    raise _error(f"Ik kan geen datum {day} {MONTHS[month - 1]} vinden.", ONCE_EXAMPLES)


def _relative_day(m: re.Match[str], ctx: _Context) -> Schedule:
    offset = {"vandaag": 0, "morgen": 1, "overmorgen": 2}[m["word"]]
    return _once_on(ctx.start.date() + timedelta(days=offset), ctx)


def _in_period(m: re.Match[str], ctx: _Context) -> Schedule:
    amount, unit = _number(m["n"]), LEAD_UNITS.get(m["unit"], m["unit"])
    if amount < 1:
        raise _error(f"'{m.group(0)}' ligt niet in de toekomst.", ONCE_EXAMPLES)
    if unit in ("minuten", "uren"):
        if ctx.clock is not None:
            raise _error(f"'{m.group(0)}' en een tijd gaan niet samen.", ONCE_EXAMPLES)
        step = timedelta(minutes=amount if unit == "minuten" else 60 * amount)
        # Real elapsed time (via UTC), also when a DST change lies in between.
        at = (ctx.start.astimezone(UTC) + step).astimezone(zone(ctx.tz))
        at = at.replace(second=0, microsecond=0)
        return Schedule("once", at.timetz().replace(tzinfo=None), at=at)
    return _once_on(_shift_date(ctx.start.date(), amount, unit), ctx)


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
        "jaar": relativedelta(years=amount),
    }
    return day + delta[unit]


_RULES: list[tuple[str, Builder]] = [
    (r"elke dag|dagelijks", _daily),
    (r"elke werkdag|(?:op )?werkdagen", _workdaily),
    (rf"(?:elke|wekelijks op|elke week op) (?P<days>{_DAYS})", _weekly),
    (rf"elke (?P<n>{_NUM}) weken op (?P<days>{_DAYS})", _weekly),
    (rf"om de (?P<n>{_NUM}) weken op (?P<days>{_DAYS})", _weekly),
    (rf"(?P<biweekly>om de week|tweewekelijks) op (?P<days>{_DAYS})", _weekly),
    (rf"elke (?P<ords>{_ORDS}) (?P<day>{_DAY}) (?:van|in) (?:de|elke) maand", _nth_weekday),
    (
        r"(?:elke maand|maandelijks) op (?:de (?P<d>\d{1,2})(?:e|ste|de)?|de laatste dag)",
        _monthly_day,
    ),
    (r"(?:elke|per) kwartaal op (?:de (?P<d>\d{1,2})(?:e|ste|de)?|de laatste dag)", _quarterly),
    (
        rf"(?:elke jaar|jaarlijks|elke (?P<n>{_NUM}) jaar) op (?P<d>\d{{1,2}}) (?P<mon>{_MONTH})",
        _yearly,
    ),
    (rf"(?:op )?(?P<d>\d{{1,2}}) (?P<mon>{_MONTH})(?: (?P<y>\d{{4}}))?", _date_named),
    (r"(?:op )?(?P<d>\d{1,2})[-/](?P<m>\d{1,2})[-/](?P<y>\d{4})", _date_numeric),
    (r"(?P<word>vandaag|morgen|overmorgen)", _relative_day),
    (rf"over (?P<n>{_NUM}) (?P<unit>{'|'.join(LEAD_UNITS)}|jaar)", _in_period),
]
