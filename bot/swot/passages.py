"""A SWOT composed from passages, without a language model.

Each passage is cut into units (sentences, list items, "Label: uitleg" items). A unit is
kept when it speaks about the requested form: the form named in it, the form its section
is about, or the form the sentence before it was about. Its quadrant comes from Dutch cue
words (bot/swot/cues.py) and from where it stands:
- list items take the quadrant of the sentence or heading that introduces the list
  ("De voordelen ... in twaalf punten:"), so "niet het nadeel van afstandelijkheid" under
  a list of advantages stays an advantage;
- a sentence without a cue of its own continues the sentence before it ("Korsten
  beschrijven verschillende voordelen van herindeling. Het idee is dat ... robuuster"),
  for a few sentences, and a sentence that opens with "echter" turns the side around;
- conditions ("voorwaarden", "condities") are never strengths: under a heading or an
  announcement of conditions nothing is taken, except a named risk;
- the items of a list stay with the form of the list, whatever an anecdote under one of
  them names; a form named only as an example or an alternative ("denk aan een SSC",
  "beter kiezen voor een bestuurlijke fusie") or said not to be chosen ("niet direct
  herindelen") does not take the sentence from the form the text is about.
Items are whole sentences, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Chunk, Passage
from bot.swot.cues import CONDITION, classify, classify_heading, judges, names_one
from bot.swot.topics import TopicForm, mentions, normalise
from bot.swot.units import Unit, split_sentences, units

__all__ = ["Extracted", "classify", "classify_heading", "extract_swot", "split_sentences", "units"]

CARRY = 3  # plain sentences that may continue the side of the sentence before them
SUBJECT_SPAN = 4  # sentences a form stays the subject after it was last named
OVERLAP_CHARS = 600  # chunks repeat at most this much of the chunk before them
_TURN = re.compile(r"^(?:echter|daarentegen)\b", re.I)
_ANNOUNCES = re.compile(r":\s*$|\b(?:noem(?:en)?|volgende|aandachtspunten)\b", re.I)
_SAME_SIDE = {"sterktes": "+", "kansen": "+", "zwaktes": "-", "bedreigingen": "-"}
_FLIP = {"sterktes": "zwaktes", "zwaktes": "sterktes"}
# "de samenwerking" as the thing talked about: cooperation in general, not the form named
# in the sentence before ("Willen BNL doorontwikkelen naar een GR. De voordelen van de
# samenwerking is ...").
_GENERAL_SUBJECT = re.compile(
    # "de samenwerkingsvorm" is the form of the section, not cooperation in general
    r"^(?:de |het )?(?:intergemeentelijke )?samenwerk(?!ingsvorm|ingsvariant|ingsmodel|ingsconcept)\w*"
    r"|\b(?:voor|na)del\w* (?:van|voor) (?:de )?samenwerk"
    r"|\bdankzij samenwerking\b"
)
_NEGATED = re.compile(r"\b(?:niet|geen)\s+(?:direct\s+|meteen\s+|een\s+|de\s+|het\s+)?\w+", re.I)
_IF_NOT = re.compile(r"^(?:als|indien|wanneer|zonder)\b", re.I)
_BRACKETS = re.compile(r"\([^()]*\)")
_PASSING = re.compile(
    r"\b(?:zoals|bijvoorbeeld|bij voorbeeld|denk aan|beter (?:\w+ )?kiezen voor|in plaats van|ook al"
    r"|in tegenstelling tot)\b",
    re.I,
)
_CAPTION = re.compile(r"^(?:figuur|tabel|bron)\s*\d*\s*:", re.I)
MAX_WORDS = 90
_FOOTNOTE = re.compile(r"^(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+[A-ZÀ-Ý]")
# Sentences that talk about advantages instead of naming one ("Deze nadelen worden ook
# gezien", "beschrijven verschillende voordelen van ...", "ook nadelen te benoemen").
_META = re.compile(
    r"\b(?:deze|die|verschillende|enkele|sommige|aan elk concept|inherente|beschreven)\s+"
    r"(?:\w+\s+)?(?:voordelen|nadelen|faalfactoren|succesfactoren|kansen|risico's"
    r"|bedreigingen)\b"
    r"|\bte benoemen\b|\bkleven\b|\b(?:eerder|hierboven|voorgaande \w+) (?:benoemd|genoemd|beschreven)\b"
    # "De risico's ... zijn omschreven bij de modellen", "aandacht gevraagd voor de risico's"
    r"|\b(?:voordelen|nadelen|kansen|risico's|bedreigingen)\b[^.]{0,50}\b(?:zijn|worden|werden)\s+"
    r"(?:\w+\s+){0,3}(?:omschreven|beschreven|besproken|benoemd|genoemd|uitgewerkt)\b"
    r"|\baandacht\s+(?:\w+\s+){0,2}(?:voor|aan)\s+(?:de\s+)?(?:voordelen|nadelen|kansen|risico's|bedreigingen)\b"
)


@dataclass(frozen=True)
class Extracted:
    quadrant: str
    text: str  # the whole sentence as shown
    quote: str  # the same sentence, verbatim (whitespace flattened)
    passage: Passage
    strength: int = 0  # 2: form named in the sentence, 1: in its section, 0: carried over
    context: str = ""  # the text the quote stands in: the chunk, with the next one if the
    # quote runs on into it
    rank: int = 0  # higher first when a quadrant has more items than it shows


@dataclass
class Reading:
    """Where reading a passage stands: its subject, the list it is in, the side it is on."""

    subject: str | None = None
    list_ctx: str | None = None
    side: str | None = None
    carry: int = 0
    subject_age: int = 0
    list_subject: str | None = None  # the form the items of the current list are about


def extract_swot(form: TopicForm, forms: Sequence[TopicForm], passages: Sequence[Passage]) -> list[Extracted]:
    """Items for `form` from the passages, in passage order (best passage first).

    Passages are read in document order first, so a chunk that goes on with the form or
    the list of the chunk before it ("Andere voordelen zijn: ...") keeps that context.
    """
    found: dict[str, list[Extracted]] = {}
    previous: tuple[str, str, int] | None = None
    reading = Reading()
    ordered = sorted(passages, key=_document_order)
    for i, passage in enumerate(ordered):
        chunk, order = passage.chunk, _chunk_order(passage.chunk.id)
        follows = order is not None and previous == (chunk.source, chunk.section, order - 1)
        after = ordered[i + 1].chunk if i + 1 < len(ordered) else None
        tail = _next_text(chunk, after)
        items, reading = _from_passage(form, forms, passage, reading if follows else Reading(), tail)
        found[chunk.id] = items
        previous = (chunk.source, chunk.section, order) if order is not None else None
    return [e for p in passages for e in found.get(p.chunk.id, [])]


def _next_text(chunk: Chunk, after: Chunk | None) -> str:
    """The next chunk's text when this chunk ends in the middle of a sentence that the
    next chunk of the same document finishes; else ""."""
    if after is None or chunk.text.rstrip().endswith((".", "!", "?", ";", ":")):
        return ""
    order, next_order = _chunk_order(chunk.id), _chunk_order(after.id)
    if after.source != chunk.source or order is None or next_order != order + 1:
        return ""
    return after.text


def _chunk_order(chunk_id: str) -> int | None:
    """The chunk's position in its document, from ids shaped "source:index:digest"."""
    match = re.search(r":(\d+):[0-9a-f]+$", chunk_id)
    return int(match.group(1)) if match else None


def _document_order(passage: Passage) -> tuple[str, int]:
    return passage.chunk.source, _chunk_order(passage.chunk.id) or 0


def _from_passage(
    form: TopicForm, forms: Sequence[TopicForm], passage: Passage, before: Reading, tail: str = ""
) -> tuple[list[Extracted], Reading]:
    """The passage's items for `form`, and where reading it left off."""
    wanted = {form.name, *form.related}
    parts = [p for p in passage.chunk.section.split(" > ") if p]
    part, heading = next(((p, q) for p in reversed(parts) if (q := classify_heading(p))), ("", None))
    # "De cruciale faalfactor" is about one factor: its side, but no list for label items.
    listing = None if names_one(part) else heading
    specific = [f for f in forms if not f.generic]
    # A section named after a form keeps that form as subject; a passing mention of
    # another form ("bijvoorbeeld in een gemeenschappelijke regeling") changes only the
    # sentence it is in. Elsewhere the form last named carries over to the next sentence.
    section_subject = next((s for p in reversed(parts) if (s := _subject(p, specific, None))), None)
    general = _general_form(forms)
    # Cooperation in general: a sentence about no particular form counts in a section
    # about cooperation ("6.3 Nadelen of risico's van samenwerking") or when it says so.
    about_cooperation = form.generic and any("samenwerk" in p.lower() for p in parts)
    read = Reading(section_subject or before.subject, before.list_ctx or listing, before.side or heading)
    read.carry = before.carry if before.side else (99 if heading else 0)
    read.list_subject = before.list_subject if before.list_ctx else None
    out: list[Extracted] = []
    context = _joined(passage.chunk.text, tail)
    found = units(context)
    if tail:  # only the sentence that crosses into the next chunk
        found = found[: len(units(passage.chunk.text))]
    for unit in found:
        named = _named(unit.text, forms, section_subject or read.subject)
        if named is None and general and _GENERAL_SUBJECT.search(unit.text.lower()):
            named = general
        subject = _subject_of(unit, named, section_subject, read)
        list_before = read.list_ctx
        quadrant = _quadrant(unit, read, heading, listing)
        if read.list_ctx != list_before:  # a list announced (or ended): its items are about this
            read.list_subject = subject if read.list_ctx else None
        if not unit.explains:  # an anecdote under a "Label: uitleg" item keeps the list's form
            _follow_subject(read, named, section_subject, unit.listed)
        if form.generic and subject is None and about_cooperation:
            subject = form.name
        if quadrant is None or unit.explains or not _usable(unit) or subject not in wanted:
            continue
        strength = 2 if named in wanted else 1 if section_subject in wanted else 0
        # Said in so many words (a cue of its own, or an item of an announced list) ranks
        # above a sentence that only continues the one before it.
        rank = (2 if unit.listed or classify(unit.text) not in (None, CONDITION) else 0) + max(strength, 1)
        if passage.chunk.kind == "case" and strength == 0:
            continue  # a case summary retells a document; only where it names the form
        out.append(Extracted(quadrant, unit.text, unit.text, passage, strength, context, rank))
    return out, read


def _subject_of(unit: Unit, named: str | None, section_subject: str | None, read: Reading) -> str | None:
    """The form a unit is about. An item of a list that names no form is about the form
    of the list, even when an anecdote under the item before it named another one."""
    if not unit.listed:
        return named or section_subject or read.subject
    read.list_subject = named or read.list_subject or section_subject or read.subject
    return read.list_subject


def _named(text: str, forms: Sequence[TopicForm], current: str | None) -> str | None:
    """The form a sentence names as its subject. A form named only as an example or an
    alternative ("(denk aan een shared service center)", "kan beter kiezen voor een
    bestuurlijke fusie") leaves the subject of the text around it in place."""
    # "Dus niet direct herindelen of ...": a form said not to be chosen is no subject.
    named = _subject(_NEGATED.sub(" ", text), forms, None)
    if named is None or current is None or named == current:
        return named
    main = _PASSING.split(_BRACKETS.sub(" ", text))[0]
    return named if _first_named(main, tuple(forms)) else None


def _follow_subject(read: Reading, named: str | None, section_subject: str | None, listed: bool) -> None:
    """A form named in passing stays the subject for a few sentences, not for the rest
    of the section; the items of a list stay with the form its introduction named."""
    if section_subject:
        read.subject = section_subject
    elif named:
        read.subject, read.subject_age = named, 0
    elif not listed:
        read.subject_age += 1
        if read.subject_age > SUBJECT_SPAN:
            read.subject = None


def _joined(text: str, tail: str) -> str:
    """The chunk text run on into the next chunk; the next chunk may repeat the end of
    this one (chunks overlap), so the overlap is taken once."""
    if not tail:
        return text
    a, b = " ".join(text.split()), " ".join(tail.split())
    for size in range(min(len(a), len(b), OVERLAP_CHARS), 9, -1):
        if a.endswith(b[:size]):
            return a + b[size:]
    return f"{a} {b}"


def _general_form(forms: Sequence[TopicForm]) -> str | None:
    return next((f.name for f in forms if f.generic), None)


def _quadrant(unit: Unit, read: Reading, heading: str | None, listing: str | None) -> str | None:
    """The unit's quadrant; updates the reading (list, side) as a side effect."""
    own = classify(unit.text)
    if not unit.listed and own is None and _ANNOUNCES.search(unit.text) and len(unit.text.split()) >= 4:
        read.list_ctx = read.side = None  # "Ik noem hier enkele aandachtspunten.": a new list
        return None
    if unit.listed:
        context = read.list_ctx or listing
        quadrant = context or own
        if context == CONDITION:
            quadrant = own if own == "bedreigingen" else None
        return None if quadrant == CONDITION else quadrant
    if own is not None and (_introduces(unit.text) or _META.search(unit.text.lower())):
        read.list_ctx = read.side = own
        read.carry = CARRY
        if _introduces(unit.text) or own == CONDITION or not _has_content(unit.text):
            return None
        return own
    if own is not None:
        if heading == CONDITION and (own != "bedreigingen" or _IF_NOT.match(unit.text)):
            # "Voordelen zien: het is wenselijk dat ..." is a condition, and so is "Als
            # samenwerking binnen systemen niet mogelijk is ... het risico van het niet slagen"
            return None
        if _SAME_SIDE.get(own) == _SAME_SIDE.get(heading or ""):
            own = heading or own  # a risk under "Nadelen" is one of the disadvantages
        read.side, read.carry = own, CARRY
        return None if own == CONDITION else own
    return _continued(unit, read)


def _continued(unit: Unit, read: Reading) -> str | None:
    """A sentence without a cue of its own: the side of the sentences before it."""
    if read.carry <= 0 or read.side in (None, CONDITION):
        return None
    read.carry -= 1
    if _TURN.search(unit.text):
        read.side = _FLIP.get(read.side, read.side)
        return read.side if read.side in _FLIP else None
    return read.side if judges(unit.text) else None


def _has_content(sentence: str) -> bool:
    """A sentence that announces items and names them too ("... voordelen met zich mee
    (minder bestuurders, minder overleg)")."""
    return "(" in sentence and sentence.count(",") >= 2


def _introduces(sentence: str) -> bool:
    """A sentence that announces a list or a stretch of items ("We noemen dit
    faalfactoren.", "... de volgende voordelen:")."""
    text = sentence.rstrip()
    if text.endswith("?"):
        return False  # "Maar zijn er ook nadelen?" asks, it does not announce
    return text.endswith(":") or "volgende" in text.lower() or len(text.split()) <= 8


def _subject(text: str, forms: Sequence[TopicForm], current: str | None) -> str | None:
    """The form a text is about: the first one it names, else the current one."""
    return _first_named(text, tuple(forms)) or current


@lru_cache(maxsize=8192)
def _first_named(text: str, forms: tuple[TopicForm, ...]) -> str | None:
    # Every SWOT reads the whole index: a sentence's forms are looked up once.
    stems = normalise(text)
    named = [(pos, f.name) for f in forms if (pos := mentions(stems, f)) is not None]
    return min(named)[1] if named else None


def _usable(unit: Unit) -> bool:
    """Long enough to say something; no questions, no list introductions."""
    minimum = 2 if unit.listed else 6
    text = unit.text.rstrip()
    if not unit.listed and (text[:1].islower() or _FOOTNOTE.match(text)):
        return False  # a sentence cut off at the start of a chunk, or a footnote
    if _CAPTION.match(text) or len(text.split()) > MAX_WORDS or text.count(" - ") >= 3:
        return False  # a figure caption or a flattened table, not a sentence
    if not unit.listed and text.lower().startswith("wie "):
        return False  # "Wie alleen financieel voordeel wil, ...": advice, not a property
    return len(text.split()) >= minimum and not text.endswith(("?", ":"))
