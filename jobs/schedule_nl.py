"""Dutch schedule phrases → `Schedule`. The one parser for the CLI, Slack and the modal.

A phrase is read in steps: the clauses after commas (lead time, agenda deadline, what to do
on a holiday), the time of day (`clock_nl`), "vanaf …" and "tot en met …" (`dates_nl`), and
what is left must be one of the forms in the phrase table (`phrases_nl.SCHEDULE_FORMS`).
Where the phrase leaves a choice, the reading is stated in `Parsed.notes`; nothing that is
not understood is guessed at: it gets a Dutch message with two working examples.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from jobs.calendar_nl import DEFAULT_TZ, format_date, format_moment, zone
from jobs.clock_nl import extract_time
from jobs.dates_nl import parse_date
from jobs.phrases_nl import (
    AGENDA_WORDS,
    BARE_LEAD_FORMS,
    END_WORDS,
    HOLIDAY_CHOICES,
    HOLIDAY_TRIGGERS,
    LEAD_FORMS,
    SCHEDULE_FORMS,
    START_WORDS,
    compile_form,
    match_form,
)
from jobs.schedule import HolidayPolicy, LeadTime, Schedule
from jobs.schedule_forms import (
    BARE_LEAD_EXAMPLES,
    BUILDERS,
    LEAD_EXAMPLES,
    ONCE_EXAMPLES,
    Context,
    error,
)
from jobs.words_nl import LEAD_TAILS, UNIT_WORDS, alternatives, number

MAX_PHRASE = 300  # a schedule is one sentence; longer input is a paste error
_DAY_WORDS = {
    "vanochtend": "vandaag 's ochtends",
    "vanmorgen": "vandaag 's ochtends",
    "vanmiddag": "vandaag 's middags",
    "vanavond": "vandaag 's avonds",
    "morgenochtend": "morgen 's ochtends",
    "morgenvroeg": "morgen 's ochtends",
    "morgenmiddag": "morgen 's middags",
    "morgenavond": "morgen 's avonds",
}


@dataclass(frozen=True)
class Parsed:
    """What a phrase says: the schedule, an agenda deadline, and the readings we chose."""

    schedule: Schedule
    agenda_lead: LeadTime | None = None
    notes: tuple[str, ...] = ()


def parse_phrase(phrase: str, start: datetime | None = None, tz: str = DEFAULT_TZ) -> Parsed:
    """Parse a Dutch phrase; `start` (default now) anchors relative and every-N phrases.

    Raises ScheduleError with a Dutch message that names what was not understood.
    """
    start = to_local(start, tz)
    text = normalise(phrase)
    if not text:
        raise error("Er is geen planning opgegeven.")
    if len(text) > MAX_PHRASE:
        raise error(f"Deze planning is te lang ({len(text)} tekens); houd het onder de {MAX_PHRASE} tekens.")
    text, lead, agenda, policy = _split_clauses(text)
    text, reading = extract_time(text)
    ctx = Context(start=start, clock=reading.clock, tz=tz, notes=[reading.note] if reading.note else [])
    text, starts, until = _split_bounds(text, ctx)
    found = match_form(SCHEDULE_FORMS, text)
    if found is None:
        raise error(f"Ik begrijp '{text}' niet als planning.")
    name, slots = found
    schedule = BUILDERS[name](slots, ctx)
    starts = starts or schedule.starts  # "elk half jaar op 1 januari" counts from that day
    schedule = replace(schedule, lead=lead, tz=tz, starts=starts, until=until, on_holiday=policy)
    return Parsed(_finish(schedule, ctx), agenda, tuple(ctx.notes))


def parse_schedule(phrase: str, start: datetime | None = None, tz: str = DEFAULT_TZ) -> Schedule:
    return parse_phrase(phrase, start, tz).schedule


def parse_lead(text: str) -> LeadTime:
    """ "3 werkdagen van tevoren", "1 week vooraf" or just "3 werkdagen"."""
    norm = normalise(text)
    for template in BARE_LEAD_FORMS:
        found = compile_form(template).fullmatch(norm)
        if found:
            return _lead(found.groupdict(), text)
    raise error(f"Ik begrijp '{text.strip()}' niet als tijd van tevoren.", BARE_LEAD_EXAMPLES)


def preview(
    phrase: str, start: datetime | None = None, count: int = 5, tz: str | None = None
) -> dict[str, Any]:
    """The JSON contract of `remind preview` (computed by `jobs.plan`, like add and posting)."""
    from jobs.plan import preview as plan_preview

    return plan_preview(phrase, start, count, tz or DEFAULT_TZ)


def to_local(moment: datetime | None, tz: str = DEFAULT_TZ) -> datetime:
    """Aware local time; a naive datetime is read as local wall-clock time."""
    tzinfo = zone(tz)
    if moment is None:
        return datetime.now(tzinfo)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tzinfo)
    return moment.astimezone(tzinfo)


# -- steps ----------------------------------------------------------------------------------


def normalise(phrase: str) -> str:
    # Control characters and lone surrogates (invalid bytes) carry no meaning: drop them.
    text = "".join(c for c in phrase or "" if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    text = text.strip().lower().replace("één", "een").replace("\u00a0", " ")
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"\s+", " ", text).rstrip(".!")
    text = re.sub(r"\b(\d{1,2}),(\d{2})\b", r"\1:\2", text)  # "9,30" is a time, not a clause
    text = re.sub(r"^(?:herinner (?:me|mij|ons)|plan) ", "", text)
    text = re.sub(r"\b(?:iedere|ieder|elk)\b", "elke", text)
    text = re.sub(r"(^|\s)op elke\b", r"\1elke", text)  # "om 10 uur op elke eerste dinsdag"
    text = re.sub(r"\bt/m\b", "tot en met", text)
    text = re.sub(r"\bte voren\b", "tevoren", text)
    text = re.sub(r"\s*\((.*?)\)", r", \1", text)  # "(1 dag van tevoren)" is a clause
    for word, said in _DAY_WORDS.items():  # "morgenochtend" → "morgen 's ochtends"
        text = re.sub(rf"\b{word}\b", said, text)
    text = re.sub(r"(?<!\w)'?s ?(ochtends|morgens|middags|avonds|nachts)\b", r"'s \1", text)
    days = alternatives(["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])
    text = re.sub(rf"\b({days})(ochtend|morgen|middag|avond)(?:en)?\b", r"\1 's \2s", text)
    return text.strip()


def _split_clauses(text: str) -> tuple[str, LeadTime | None, LeadTime | None, HolidayPolicy]:
    """The comma clauses: lead time, agenda deadline and holiday choice; the rest is the plan."""
    main, lead, agenda, policy = [], None, None, "houden"
    head, *tails = [part.strip() for part in text.split(",")]
    for part in tails:
        if not part:
            continue
        agenda_words = re.match(rf"{alternatives(AGENDA_WORDS)}\s+(?:aanleveren\s+|uiterlijk\s+)*", part)
        if agenda_words:
            agenda = parse_lead(part[agenda_words.end() :])
        elif any(word in part for word in HOLIDAY_TRIGGERS):
            policy = _holiday_choice(part)
        elif _lead_match(part):
            lead = _lead(_lead_match(part).groupdict(), part)  # type: ignore[union-attr]
        elif re.search(rf"\b{alternatives(LEAD_TAILS)}\b", part):
            raise error(f"Ik begrijp '{part}' niet als tijd van tevoren.", LEAD_EXAMPLES)
        else:
            main.append(part)
    head = " ".join([head, *main])
    # "elke dag behalve in het weekend", "elke vrijdag niet op feestdagen": the same choice
    days_off = r"(?:het |de )?(?:weekend|feestdag)(?:en)?"
    except_clause = re.search(
        rf"\s((?:behalve|niet|maar niet) (?:op|in|tijdens) {days_off}(?: en {days_off})?)\b", head
    )
    if except_clause:
        policy = _holiday_choice(except_clause.group(1))
        head = head[: except_clause.start()] + head[except_clause.end() :]
    trailing = re.search(rf"\s({compile_form(LEAD_FORMS[0]).pattern})$", head)
    if lead is None and trailing:
        head, lead = head[: trailing.start()], _lead(trailing.groupdict(), trailing.group(1))
    return head.strip(), lead, agenda, policy  # type: ignore[return-value]


def _lead_match(part: str) -> re.Match[str] | None:
    for template in LEAD_FORMS:
        found = compile_form(template).fullmatch(part)
        if found:
            return found
    return None


def _lead(slots: dict[str, str | None], shown: str) -> LeadTime:
    if slots.get("n") is None:  # "een half uur", "de dag ervoor"
        return LeadTime(30, "minuten") if "uur" in shown else LeadTime(1, "dagen")
    amount, unit = number(slots["n"] or "0"), UNIT_WORDS[slots["unit"] or ""]
    if unit == "kwartier":
        amount, unit = amount * 15, "minuten"
    if unit == "jaren":
        raise error(
            f"'{shown.strip()}': kies een tijd van tevoren in dagen, weken of maanden.", LEAD_EXAMPLES
        )
    if amount < 1 or amount > 1000:
        raise error(f"'{shown.strip()}': kies een aantal van 1 tot 1000.", BARE_LEAD_EXAMPLES)
    return LeadTime(amount, unit)  # type: ignore[arg-type]


def _holiday_choice(part: str) -> HolidayPolicy:
    for choice, words in HOLIDAY_CHOICES.items():
        if any(re.search(rf"\b{word}\b", part) for word in words):
            return choice  # type: ignore[return-value]
    raise error(
        f"Wat moet er gebeuren bij '{part}'? Kies de werkdag ervoor, de werkdag erna of overslaan.",
        ("elke vrijdag, op feestdagen de werkdag ervoor", "elke vrijdag, feestdagen overslaan"),
    )


def _split_bounds(text: str, ctx: Context) -> tuple[str, date | None, date | None]:
    """ "… vanaf 1 februari tot en met juni" → (the plan, first day, last day)."""
    keywords = alternatives([*START_WORDS, *END_WORDS])
    pieces = re.split(rf"(?:^|\s)({keywords})\s", " " + text + " ")
    core, starts, until = [pieces[0]], None, None
    for keyword, clause in zip(pieces[1::2], pieces[2::2], strict=True):
        span, rest = _leading_date(clause.strip(), ctx)
        if keyword in START_WORDS:
            starts = span.first
        elif keyword == "tot" and not clause.strip().startswith(("eind", "het einde")):
            until = span.first - timedelta(days=1)
            ctx.notes.append(
                f"Ik lees 'tot {clause.strip()[: len(clause) - len(rest)].strip()}' als tot en met "
                f"{format_date(until, weekday=False)}; schrijf 'tot en met' als die dag meetelt."
            )
        else:
            until = span.last
        core.append(rest)
    if starts and until and until < starts:
        raise error(
            "De einddatum ligt voor de begindatum.", ("elke maandag vanaf 1 februari tot en met juni",) * 2
        )
    return re.sub(r"\s+", " ", " ".join(core)).strip(), starts, until


def _leading_date(clause: str, ctx: Context) -> tuple[Any, str]:
    words = clause.split()
    for size in range(len(words), 0, -1):
        span = parse_date(" ".join(words[:size]), ctx.today)
        if span is not None:
            return span, " ".join(words[size:])
    raise error(
        f"Ik begrijp '{clause}' niet als datum.",
        ("elke maandag tot en met 30 juni", "elke vrijdag vanaf 1 maart"),
    )


def _finish(schedule: Schedule, ctx: Context) -> Schedule:
    if schedule.kind == "once":
        assert schedule.at is not None
        if schedule.at <= ctx.start:
            raise error(
                f"'{schedule.describe()}' ligt niet na het startmoment "
                f"({format_moment(ctx.start)}). Kies een moment in de toekomst.",
                ONCE_EXAMPLES,
            )
        return replace(schedule, starts=None, until=None)
    if schedule.until and schedule.until < ctx.today:
        raise error(
            f"De einddatum {format_date(schedule.until, weekday=False)} ligt voor het startmoment "
            f"({format_moment(ctx.start)}). Kies een latere einddatum.",
            ("elke maandag tot en met 30 juni", "elke vrijdag vanaf 1 maart"),
        )
    return schedule.anchored(ctx.start)
