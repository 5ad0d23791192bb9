"""The time of day in a Dutch phrase: "om half tien", "kwart voor vijf", "16u", "8 uur 's avonds".

`extract_time` finds the one time (TIME_FORMS) and the part of the day ("'s middags"),
removes them from the phrase and returns what it read, with a note when it had to choose:
"om 3 uur" without a part of the day is read as 15:00 and the preview says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.errors import ScheduleError
from jobs.phrases_nl import DAYPART_FORMS, TIME_FORMS, search_form
from jobs.words_nl import DAYPART_DEFAULT_HOUR, alternatives, number

TIME_EXAMPLES = ("elke maandag om 9:30", "morgen om half tien")
# Word forms ("om drie uur", "half vier") of these hours mean the afternoon at work.
_AFTERNOON_HOURS = range(1, 7)
_EARLY_OR_EVENING = 7  # "om zeven uur": 07:00, but say so


@dataclass(frozen=True)
class ClockReading:
    clock: time | None  # None: the phrase names no time
    note: str | None = None  # the reading, when the phrase left a choice


def extract_time(text: str) -> tuple[str, ClockReading]:
    """(the phrase without its time, what the time was read as)."""
    text, daypart = _extract_daypart(text)
    found = search_form(TIME_FORMS, text)
    if found is None:
        _refuse_loose_om(text)
        if daypart is None:
            return text, ClockReading(None)
        hour = DAYPART_DEFAULT_HOUR.get(daypart)
        if hour is None:
            raise _error("Noem een tijd bij 's nachts, bijvoorbeeld 'om 2 uur 's nachts'.")
        clock = time(hour)
        return text, ClockReading(clock, f"Geen tijd genoemd: ik neem {clock:%H:%M} ('s {daypart}s).")
    name, match = found
    rest = _squeeze(text[: match.start()] + " " + text[match.end() :])
    if search_form(TIME_FORMS, rest):
        raise _error("Geef één tijd op per planning.")
    shown = match.group(0).strip()
    slots = {k: v for k, v in match.groupdict().items() if v is not None}
    hour, minute, named = _read(name, slots, shown)
    reading = _resolve(hour, minute, named, daypart, shown)
    if name == "range" and reading.clock is not None:
        end = f"{int(slots['h2']):02d}:{slots.get('mm2', '00')}"
        note = f"Het overleg begint om {reading.clock:%H:%M}; de herinnering rekent daarmee (eindtijd {end})."
        return rest, ClockReading(reading.clock, note)
    return rest, reading


def _read(name: str, slots: dict[str, str], shown: str) -> tuple[int, int, int | None]:
    """(hour, minute, the hour word as named or None for a 24-hour clock) for a TIME_FORMS row."""
    token = slots.get("uw") or slots.get("h")
    named = number(token) if token else 0
    if name in ("clock", "range"):
        return named, int(slots.get("mm", "0")), None
    if name == "hour":
        literal = "h" in slots or (token or "").isdigit() and named > 12
        return named, 0, None if literal else named
    if name in ("midnight", "noon"):
        return (0 if name == "midnight" else 12), 0, None
    minutes = number(slots["mw"]) if "mw" in slots else 0
    if minutes >= 30:
        raise _error(f"'{shown}' begrijp ik niet: noem minuten onder de 30, of schrijf '10:45'.")
    offsets = {
        "half": -30,
        "quarter_past": 15,
        "quarter_to": -15,
        "past": minutes,
        "to": -minutes,
        "over_half": -30 + minutes,
        "before_half": -30 - minutes,
    }
    total = (named * 60 + offsets[name]) % (24 * 60)
    return total // 60, total % 60, named


def _resolve(hour: int, minute: int, named: int | None, daypart: str | None, shown: str) -> ClockReading:
    if hour > 23 or minute > 59 or (named is not None and named > 12):
        raise _error(
            f"'{shown}' is geen geldige tijd: uren lopen van 0 tot en met 23, minuten van 00 tot en met 59."
        )
    if daypart is not None:
        return ClockReading(_in_daypart(hour, minute, daypart, shown))
    if named in _AFTERNOON_HOURS:
        clock = time((hour + 12) % 24, minute)
        night = f"{hour:02d}:{minute:02d}"
        return ClockReading(
            clock, f"Ik lees '{shown}' als {clock:%H:%M}; bedoel je 's nachts, schrijf dan '{night}'."
        )
    if named == _EARLY_OR_EVENING:
        clock = time(hour, minute)
        return ClockReading(
            clock, f"Ik lees '{shown}' als {clock:%H:%M}; bedoel je 's avonds, zet er dan 's avonds achter."
        )
    return ClockReading(time(hour, minute))


def _in_daypart(hour: int, minute: int, daypart: str, shown: str) -> time:
    """ "8 uur 's avonds" → 20:00, "12 uur 's middags" → 12:00, "12 uur 's nachts" → 00:00."""
    if hour > 12:
        if (daypart == "middag" and hour < 18) or (daypart == "avond" and hour >= 18):
            return time(hour, minute)
        raise _error(f"'{shown}' en 's {daypart}s gaan niet samen.")
    if daypart == "ochtend":
        if hour == 12:
            raise _error("'12 uur 's ochtends' is onduidelijk: bedoel je 00:00 of 12:00?")
        return time(hour, minute)
    if daypart == "middag":
        return time(hour if hour == 12 else hour + 12, minute)
    if daypart == "avond":
        if hour == 12 or hour < 5:
            raise _error(f"'{shown} 's avonds' is onduidelijk: schrijf de tijd als 23:30 of 00:30.")
        return time(hour + 12, minute)
    if hour == 12:
        return time(0, minute)
    if hour > 6:
        raise _error(f"'{shown} 's nachts' is onduidelijk: schrijf de tijd als 23:00 of 03:00.")
    return time(hour, minute)


def _extract_daypart(text: str) -> tuple[str, str | None]:
    found = re.search(rf"(?<!\w){alternatives(DAYPART_FORMS)}(?!\w)", text)
    if not found:
        return text, None
    rest = _squeeze(text[: found.start()] + " " + text[found.end() :])
    if re.search(rf"(?<!\w){alternatives(DAYPART_FORMS)}(?!\w)", rest):
        raise _error("Noem één deel van de dag ('s ochtends, 's middags of 's avonds).")
    return rest, DAYPART_FORMS[found.group(0).replace("\u00a0", " ")]


def _refuse_loose_om(text: str) -> None:
    """ "om" that starts no time we know (and is not "om de week") is a time we misread."""
    loose = re.search(r"\bom\b(?! de\b)", text)
    if loose:
        shown = text[loose.start() :].split(",")[0].strip()
        raise _error(f"Ik begrijp de tijd '{shown}' niet.")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _error(what: str) -> ScheduleError:
    first, second = TIME_EXAMPLES
    return ScheduleError(f"{what} Probeer bijvoorbeeld: '{first}' of '{second}'.")
