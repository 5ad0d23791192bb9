"""The Dutch words the schedule grammar knows: numbers, days, months, ordinals, units, day parts.

Pure data plus lookups. Each table maps what people type to one value; the phrase table
(`phrases_nl`) refers to these tables by slot name, so a new word is added here only.
"""

from __future__ import annotations

from jobs.calendar_nl import MONTHS, WEEKDAYS

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
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "twintig": 20,
    "dertig": 30,
}
DAY_WORDS = {name: index for index, name in enumerate(WEEKDAYS)} | {
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
    "za": 5,
    "zo": 6,
}
MONTH_WORDS = {name: index + 1 for index, name in enumerate(MONTHS)} | {
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
    "tweede": 2,
    "derde": 3,
    "vierde": 4,
    "vijfde": 5,
    "laatste": -1,
} | {f"{n}{suffix}": n for n in range(1, 6) for suffix in ("e", "ste", "de")}
# Lead-time and "over …" units → the canonical unit of `LeadTime`.
UNIT_WORDS = {
    "minuut": "minuten",
    "minuten": "minuten",
    "min": "minuten",
    "kwartier": "kwartier",
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
    "jaar": "jaren",
    "jaren": "jaren",
}
LEAD_TAILS = ("van tevoren", "tevoren", "vooraf", "ervoor", "daarvoor", "eerder", "voor het overleg")
# Part of the day → (how "9 uur" in that part is read, the time taken when no time is named).
DAYPARTS = {
    "'s ochtends": "ochtend",
    "'s morgens": "ochtend",
    "in de ochtend": "ochtend",
    "'s middags": "middag",
    "in de middag": "middag",
    "'s avonds": "avond",
    "in de avond": "avond",
    "'s nachts": "nacht",
}
DAYPART_DEFAULT_HOUR = {"ochtend": 9, "middag": 14, "avond": 19}


def number(token: str) -> int:
    """ "3" or "drie" → 3."""
    return NUMBER_WORDS[token] if token in NUMBER_WORDS else int(token)


def weekday(token: str) -> int:
    return DAY_WORDS[token]


def month(token: str) -> int:
    return MONTH_WORDS[token.rstrip(".")]


def ordinal(token: str) -> int:
    return ORDINAL_WORDS[token]


def alternatives(words: object) -> str:
    """A regex alternation of words, longest first (so "werkdagen" wins over "werkdag")."""
    keys = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(k.replace(".", r"\.").replace(" ", r"\s") for k in keys) + ")"
