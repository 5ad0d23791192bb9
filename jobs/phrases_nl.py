"""The phrase table: every Dutch form the schedule grammar understands, as readable templates.

A template is plain Dutch with three marks:
    {slot}     a word from a table in `words_nl` (or a number, date, …; see SLOTS)
    [woord]    optional words
    (a|b)      one of these words
Each form names the builder that turns it into a schedule (`schedule_nl`), a time of day
(`clock_nl`) or a date (`dates_nl`). To teach the bot a new phrasing, add a line here.
Phrases are normalised first (lower case, "iedere"/"elk" → "elke", "t/m" → "tot en met",
"vrijdagmiddag" → "vrijdag 's middags"), so the table lists one spelling per form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobs.words_nl import (
    DAY_WORDS,
    DAYPARTS,
    LEAD_TAILS,
    MONTH_WORDS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    UNIT_WORDS,
    alternatives,
)

_NUM = alternatives([*NUMBER_WORDS, r"\d+"])
_DAY = alternatives(DAY_WORDS)
_ORD = alternatives(ORDINAL_WORDS)
_AND = r"(?:\s*,\s*|\s+en\s+|\s+)"
SLOTS = {
    "n": _NUM,
    "dag": _DAY,
    "dagen": rf"{_DAY}(?:{_AND}{_DAY})*",
    "ord": _ORD,
    "ords": rf"{_ORD}(?:{_AND}{_ORD})*",
    "dagnr": r"\d{1,2}(?:e|ste|de)?",
    "maand": alternatives(MONTH_WORDS) + r"\.?",
    "mnr": r"\d{1,2}",
    "jaar": r"\d{4}",
    "unit": alternatives(UNIT_WORDS),
    "tail": alternatives(LEAD_TAILS),
    "rel": r"(?:vandaag|morgen|overmorgen)",
    "deel": r"(?:begin|half|eind)",
    "datum": r".+",
    "h": r"\d{1,2}",
    "mm": r"\d{2}",
    "h2": r"\d{1,2}",
    "mm2": r"\d{2}",
    "uw": alternatives([*[w for w, v in NUMBER_WORDS.items() if v <= 12], r"\d{1,2}"]),
    "mw": alternatives([*[w for w, v in NUMBER_WORDS.items() if v < 30], r"\d{1,2}"]),
}

# -- what repeats (or happens once) ------------------------------------------------------------
SCHEDULE_FORMS: list[tuple[str, str]] = [
    ("(elke dag|dagelijks)", "daily"),
    ("elke werkdag", "workdays"),
    ("[op] werkdagen", "workdays"),
    ("elke {dagen}", "weekly"),
    ("(wekelijks|elke week) [op] {dagen}", "weekly"),
    ("(elke|om de) {n} weken [op] {dagen}", "weekly"),
    ("(om de week|tweewekelijks|tweewekelijks op|elke andere week op) {dagen}", "biweekly"),
    ("om de week op {dagen}", "biweekly"),
    ("elke {dagen} om de week", "biweekly"),
    ("elke {ord} werkdag (van|in) (de|elke) maand", "monthly_workday"),
    ("[op] [de] {ord} werkdag van (de|elke) maand", "monthly_workday"),
    ("(elke maand|maandelijks) op de {ord} werkdag", "monthly_workday"),
    ("elke {ords} {dag} (van|in) (de|elke) maand", "monthly_nth"),
    ("[op] [de] {ords} {dag} van (de|elke) maand", "monthly_nth"),
    ("(elke maand|maandelijks) [op] de {ords} {dag}", "monthly_nth"),
    ("elke {ords} {dag}", "monthly_nth_unstated"),
    ("(elke maand|maandelijks) op de laatste dag", "monthly_last"),
    ("[op] de laatste dag van (de|elke) maand", "monthly_last"),
    ("(elke maand|maandelijks) [op] de {dagnr}", "monthly_day"),
    ("elke {n} maanden op de {dagnr}", "monthly_day"),
    ("elke {dagnr} van de maand", "monthly_day"),
    ("[op] de {dagnr} van (de|elke) maand", "monthly_day"),
    ("(elke kwartaal|per kwartaal|driemaandelijks) op de laatste dag", "quarterly_last"),
    ("(elke kwartaal|per kwartaal|driemaandelijks) op de {dagnr}", "quarterly"),
    ("(elke jaar|jaarlijks) op {dagnr} {maand}", "yearly"),
    ("elke {n} jaar op {dagnr} {maand}", "yearly"),
    ("(elke half jaar|halfjaarlijks) op {dagnr} {maand}", "half_yearly"),
    ("{rel}", "relative_day"),
    ("over {n} {unit}", "in_period"),
    ("over (een|1) half uur", "in_half_hour"),
    ("volgende maand op de {dagnr}", "next_month_day"),
    ("volgende week {dag}", "next_week_day"),
    ("{dag} volgende week", "next_week_day"),
    ("(volgende|aanstaande|komende) {dag}", "coming_day"),
    ("[op] {dag}", "coming_day"),
    ("[op] {datum}", "once_on_date"),
]

# -- dates (one-off, "vanaf …", "tot en met …") -------------------------------------------------
DATE_FORMS: list[tuple[str, str]] = [
    ("[{dag}] {dagnr} {maand} [{jaar}]", "day_month"),
    ("[{dag}] {dagnr}-{mnr}-{jaar}", "numeric"),
    ("[{dag}] {dagnr}/{mnr}/{jaar}", "numeric"),
    ("[{dag}] {dagnr}-{mnr}", "numeric"),
    ("{jaar}-{mnr}-{dagnr}", "iso"),
    ("{rel}", "relative"),
    ("volgende (week|maand)", "next_period"),
    ("{deel} {maand} [{jaar}]", "part_of_month"),
    ("[de maand] {maand} [{jaar}]", "whole_month"),
    ("(eind|het einde van) (het|dit) jaar", "end_of_year"),
    ("(het|dit) jaar", "this_year"),
]

# -- time of day (searched anywhere in the phrase; the first form that matches wins) ------------
TIME_FORMS: list[tuple[str, str]] = [
    ("van {h}:{mm} tot {h2}:{mm2} [uur]", "range"),
    ("van {h}.{mm} tot {h2}.{mm2} [uur]", "range"),
    ("van {h} tot {h2} uur", "range"),
    ("[om] {h}:{mm}-{h2}:{mm2} [uur]", "range"),
    ("[om] {h}:{mm} - {h2}:{mm2} [uur]", "range"),
    ("om {mw} over half {uw}", "over_half"),
    ("om {mw} voor half {uw}", "before_half"),
    ("[om] half {uw}", "half"),
    ("[om] kwart over {uw}", "quarter_past"),
    ("[om] kwart voor {uw}", "quarter_to"),
    ("om {mw} over {uw}", "past"),
    ("om {mw} voor {uw}", "to"),
    ("[om] {h}:{mm} [uur]", "clock"),
    ("[om] {h}:{mm}u", "clock"),
    ("om {h}.{mm} [uur]", "clock"),
    ("{h}.{mm} uur", "clock"),
    ("[om] {h}u{mm}", "clock"),
    ("[om] {h}u", "hour"),
    ("[om] {uw} uur", "hour"),
    ("om {uw}", "hour"),
    ("om middernacht", "midnight"),
    ("om het middaguur", "noon"),
]
DAYPART_FORMS = DAYPARTS

# -- clauses after a comma (or at the end) -------------------------------------------------
LEAD_FORMS: list[str] = [
    "{n} {unit} {tail}",
    "(een|1) half uur {tail}",
    "de dag (ervoor|daarvoor|van tevoren)",
]
BARE_LEAD_FORMS: list[str] = ["{n} {unit}", "{n} {unit} {tail}", "(een|1) half uur [{tail}]"]
AGENDA_WORDS = ("agendapunten", "agendapunt", "agenda", "deadline agendapunten", "deadline agenda")
# Start and end of a series: the keyword opens a clause that ends where the next one begins.
START_WORDS = ("vanaf", "met ingang van", "beginnend op", "te beginnen op", "startend op")
END_WORDS = ("tot en met", "tot", "eindigend op", "tot het einde van")
# A meeting on a holiday or in the weekend: what the user wants done with it.
# A clause is about holidays only when it names them (or is the offered choice itself):
# "behalve in juli" is not, and is refused rather than read as "feestdagen overslaan".
HOLIDAY_TRIGGERS = (
    "feestdag",
    "weekend",
    "werkdag ervoor",
    "werkdag erna",
    "vorige werkdag",
    "volgende werkdag",
    "sla over",
)
HOLIDAY_CHOICES = {
    "ervoor": ("ervoor", "daarvoor", "eerder", "vorige werkdag"),
    "erna": ("erna", "daarna", "later", "volgende werkdag"),
    "overslaan": ("overslaan", "sla", "vervalt", "behalve", "niet"),
    "houden": ("gewoon", "houden", "laten staan", "toch"),
}


@lru_cache(maxsize=256)
def compile_form(template: str) -> re.Pattern[str]:
    """A template → a full-match regex with one named group per slot."""
    pieces: list[tuple[str, bool]] = []
    for token in re.findall(r"\[[^\]]+\]|\([^)]+\)|\S+", template):
        optional = token.startswith("[")
        body = token[1:-1] if optional else token
        pieces.append((_words(body), optional))
    pattern, leading = "", True
    for regex, optional in pieces:
        if leading and optional:  # "[om] 9:30": the optional word carries its own space
            pattern += rf"(?:{regex}\s+)?"
        elif leading:
            pattern, leading = pattern + regex, False
        else:
            pattern += rf"(?:\s+{regex})?" if optional else rf"\s+{regex}"
    return re.compile(pattern)


def _words(body: str) -> str:
    """One token or bracket body: literal words, (a|b) choices and {slots}."""
    if body.startswith("(") and body.endswith(")"):
        return "(?:" + "|".join(_words(choice) for choice in body[1:-1].split("|")) + ")"
    parts = re.split(r"(\{\w+\})", body)
    out = ""
    for part in parts:
        slot = re.fullmatch(r"\{(\w+)\}", part)
        out += (
            f"(?P<{slot[1]}>{SLOTS[slot[1]]})"
            if slot
            else re.escape(part).replace("\\ ", " ").replace(" ", r"\s+")
        )
    return out


def match_form(forms: list[tuple[str, str]], text: str) -> tuple[str, dict[str, str]] | None:
    """The first form that matches all of `text`: (builder name, slot values)."""
    for template, name in forms:
        found = compile_form(template).fullmatch(text)
        if found:
            return name, {k: v for k, v in found.groupdict().items() if v is not None}
    return None


def search_form(forms: list[tuple[str, str]], text: str) -> tuple[str, re.Match[str]] | None:
    """The first form found anywhere in `text`, on word boundaries."""
    for template, name in forms:
        found = re.search(
            rf"(?<![\w:.'/-])(?<!over\s)(?:{compile_form(template).pattern})(?![\w:/-]|\.\d)", text
        )
        if found:
            return name, found
    return None
