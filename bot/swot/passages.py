"""A SWOT composed from retrieved passages, without a language model.

Each passage is cut into units (sentences, list items, "Label: uitleg" items). A unit is
kept when it speaks about the requested form: the form named in it, or the last form
named before it in the passage (or in its section heading). Its quadrant comes from Dutch
cue words: "voordeel" -> sterktes, "nadeel"/"faalfactor" -> zwaktes, "kansen" -> kansen,
"bedreiging"/"gevaar" -> bedreigingen, and "risico" inside or outside the organisation.
List items take the quadrant of the sentence or heading that introduces the list
("De voordelen ... in twaalf punten:"), so "niet het nadeel van afstandelijkheid" under
a list of advantages stays an advantage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from bot.models import Passage
from bot.swot.topics import TopicForm, mentions, normalise
from bot.text import shorten

MAX_ITEM_CHARS = 160
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sterktes", re.compile(
        r"\bvoorde(?:el|len|lig\w*)\b|\bsterke (?:punt|kant)\w*|\bsterkte\w*|\bsuccesfactor\w*"
        r"|\bmeerwaarde\b|\bpluspunt\w*|\b(?:rand|succes)voorwaarden?\b"
        r"|\bvoorwaarden? (?:voor|is|zijn|om|van (?:dit|deze|het|de) \w+ (?:is|zijn))\b"
        r"|\b(?:hangen|gelden|stelt|stellen)\b[^.]{0,30}\bvoorwaarden\b"
    )),
    ("zwaktes", re.compile(
        r"\bnade(?:el|len|lig\w*)\b|\bzwakke (?:punt|kant)\w*|\bzwakte\w*|\bfaalfactor\w*"
        r"|\bknelpunt\w*|\bbezwa(?:ar|ren)\b|\bbeperking(?:en)? van\b|\bminpunt\w*"
    )),
    ("kansen", re.compile(
        r"\bkansen\b|\been (?:grote |reële |strategische )?kans\b(?! op| dat)|\bkansrijk\w*"
        r"|\bbied(?:t|en) (?:de |een |nieuwe )?(?:kans|mogelijkhe|ruimte)\w*"
        r"|(?<!geen )\bmogelijkhe(?:id|den) (?:tot|om|voor)\b"
    )),
    ("bedreigingen", re.compile(r"\bbedreig\w*|\bgevaa?r\w*")),
)  # fmt: skip
_RISK = re.compile(r"\brisico\w*")
# Words that place a risk outside the organisation: then it is a threat, not a weakness.
_EXTERNAL = re.compile(
    r"\b(?:rijk\w*|wet\w*|provincie\w*|politie?k\w*|arbeidsmarkt|markt\w*|econom\w*|regio\w*"
    r"|toekomst\w*|ontwikkeling\w*|burgers?|inwoners?|omgeving|extern\w*|crisis\w*"
    r"|landelijk\w*|kabinet|bezuiniging\w*|demografi\w*)\b"
)
# A list marker after a finished clause: "We noemen: o Gebrek aan ...", "punten: 1. niet ...;
# 2. leidt ...", "voordeel dat: - een groeipad ...; - er tijd is". A dash inside a sentence
# ("De SETA - als vorm van de SSC - is") is no list marker.
_LIST_SPLIT = re.compile(r"(?<=[.:;])\s+(?:[o•▪◦*\-–]|\d{1,2}[.)])\s+(?=\S)")
# "Gebrek aan vertrouwen: De partnergemeenten ...": a label, then a sentence of its own.
_LABEL = re.compile(r"^\s*[A-ZÀ-Ý][^:.?!]{2,80}:\s+[A-ZÀ-Ý]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý\"'“‘])")
# Sentences that talk about advantages instead of naming one ("Deze nadelen worden ook
# gezien", "beschrijven verschillende voordelen van ...", "ook nadelen te benoemen").
_META = re.compile(
    r"\b(?:deze|die|verschillende|enkele|sommige|aan elk concept|inherente|beschreven)\s+"
    r"(?:\w+\s+)?(?:voordelen|nadelen|faalfactoren|succesfactoren|kansen|mogelijkheden|risico's"
    r"|bedreigingen)\b"
    r"|\bte benoemen\b"
)
_MD_HEADING = re.compile(r"(?m)^\s*#{1,6}\s+")
_LIST_NUMBER = re.compile(r"(?:^|[\s;:])\d{1,2}\.$")
_GENERAL = re.compile(r"samenwerk|samenwerking")
_HEADING_NOUNS = {
    "voordelen": "sterktes", "succesfactoren": "sterktes", "sterktes": "sterktes",
    "nadelen": "zwaktes", "faalfactoren": "zwaktes", "zwaktes": "zwaktes",
    "condities": "sterktes", "voorwaarden": "sterktes", "randvoorwaarden": "sterktes",
    "kansen": "kansen", "bedreigingen": "bedreigingen",
}  # fmt: skip
_ABBREVIATION = re.compile(r"(?:\b(?:e\.a|o\.a|bv|bijv|d\.w\.z|a\.d|st|nr|zgn|ca|m\.n)\.)$", re.I)


@dataclass(frozen=True)
class Unit:
    text: str
    listed: bool  # a list item or "Label: uitleg" item: takes the introducing quadrant
    explains: bool = False  # a further sentence of a "Label: uitleg" item


@dataclass(frozen=True)
class Extracted:
    quadrant: str
    text: str  # short item as shown
    quote: str  # the full sentence, verbatim (whitespace flattened)
    passage: Passage


@dataclass(frozen=True)
class Reading:
    """Where reading a passage left off: what it was about and which list it was in."""

    subject: str | None = None
    list_ctx: str | None = None


def extract_swot(form: TopicForm, forms: Sequence[TopicForm], passages: Sequence[Passage]) -> list[Extracted]:
    """Items for `form` from the passages, in passage order (best passage first).

    Passages are read in document order first, so a chunk that goes on with the form or
    the list of the chunk before it ("Andere voordelen zijn: ...") keeps that context.
    """
    found: dict[str, list[Extracted]] = {}
    previous: tuple[str, str, int] | None = None
    reading = Reading()
    for passage in sorted(passages, key=_document_order):
        chunk, order = passage.chunk, _chunk_order(passage.chunk.id)
        follows = order is not None and previous == (chunk.source, chunk.section, order - 1)
        items, reading = _from_passage(form, forms, passage, reading if follows else Reading())
        found[chunk.id] = items
        previous = (chunk.source, chunk.section, order) if order is not None else None
    return [e for p in passages for e in found.get(p.chunk.id, [])]


def _chunk_order(chunk_id: str) -> int | None:
    """The chunk's position in its document, from ids shaped "source:index:digest"."""
    match = re.search(r":(\d+):[0-9a-f]+$", chunk_id)
    return int(match.group(1)) if match else None


def _document_order(passage: Passage) -> tuple[str, int]:
    return passage.chunk.source, _chunk_order(passage.chunk.id) or 0


def _from_passage(
    form: TopicForm, forms: Sequence[TopicForm], passage: Passage, before: Reading
) -> tuple[list[Extracted], Reading]:
    """The passage's items for `form`, and where reading it left off."""
    wanted = {form.name, *form.related}
    parts = [p for p in passage.chunk.section.split(" > ") if p]
    heading_ctx = next((q for p in reversed(parts) if (q := classify_heading(p))), None)
    list_ctx = before.list_ctx or heading_ctx
    specific = [f for f in forms if not f.generic]
    # A section named after a form keeps that form as subject; a passing mention of
    # another form ("bijvoorbeeld in een gemeenschappelijke regeling") changes only the
    # sentence it is in. Elsewhere the last form named carries over to the next sentence.
    section_subject = next((s for p in reversed(parts) if (s := _subject(p, specific, None))), None)
    subject = section_subject or before.subject
    general = form.generic and any(_GENERAL.search(p.lower()) for p in parts)
    out: list[Extracted] = []
    for unit in units(passage.chunk.text):
        subject = _subject(unit.text, forms, section_subject or subject)
        own = classify(unit.text)
        if not unit.listed and own is not None and _introduces(unit.text):
            list_ctx = own
            continue
        quadrant = (list_ctx or own) if unit.listed else own
        on_topic = subject in wanted or (
            form.generic and subject is None and (general or _GENERAL.search(unit.text.lower()))
        )
        if quadrant and on_topic and not unit.explains and _usable(unit):
            out.append(Extracted(quadrant, shorten(unit.text, MAX_ITEM_CHARS, mark="…"), unit.text, passage))
    return out, Reading(subject, list_ctx)


def _introduces(sentence: str) -> bool:
    """A sentence that announces a list or a stretch of items ("We noemen dit
    faalfactoren.", "... de volgende voordelen:")."""
    text = sentence.rstrip()
    if text.endswith("?"):
        return False  # "Maar zijn er ook nadelen?" asks, it does not announce
    return text.endswith(":") or "volgende" in text.lower() or len(text.split()) <= 8


def _subject(text: str, forms: Sequence[TopicForm], current: str | None) -> str | None:
    """The form a text is about: the first one it names, else the current one."""
    stems = normalise(text)
    named = [(pos, f.name) for f in forms if (pos := mentions(stems, f)) is not None]
    return min(named)[1] if named else current


def classify(text: str) -> str | None:
    """The quadrant a sentence's first cue word points to; None without a clear cue."""
    low = text.lower()
    found = [(m.start(), name) for name, rx in _CUES if (m := rx.search(low))]
    if (risk := _RISK.search(low)) is not None:
        found.append((risk.start(), "bedreigingen" if _EXTERNAL.search(low) else "zwaktes"))
    if not found:
        return None
    names = {name for _, name in found}
    if {"sterktes", "zwaktes"} <= names or "voor- en nade" in low:
        return None  # "voor- en nadelen": a sentence about both says neither
    return min(found)[1]


@lru_cache(maxsize=1024)
def classify_heading(heading: str) -> str | None:
    """The quadrant a section heading announces; forgiving OCR slips ("Nadelew");
    None for headings about both sides ("Voor- en nadelen")."""
    found = {q for q in [classify(heading)] if q}
    for word in re.findall(r"[a-zà-ÿ']+", heading.lower()):
        for noun, quadrant in _HEADING_NOUNS.items():
            if len(word) >= 6 and SequenceMatcher(None, word, noun).ratio() >= 0.8:
                found.add(quadrant)
    if "voor- en nade" in heading.lower() or len(found) != 1:
        return None
    return found.pop()


def _usable(unit: Unit) -> bool:
    """Long enough to say something; no questions, no list introductions."""
    minimum = 2 if unit.listed else 9
    text = unit.text.rstrip()
    if _META.search(text.lower()):
        return False
    if not unit.listed and text[:1].islower():
        return False  # a sentence cut off at the start of a chunk
    return len(text.split()) >= minimum and not text.endswith(("?", ":"))


# --- cutting a passage into units ------------------------------------------------------


def units(text: str) -> list[Unit]:
    """Sentences, split further at list markers; list items and "Label: uitleg" sentences
    are marked as listed. Works on flat chunk text and on text with line breaks alike."""
    flat = " ".join(_MD_HEADING.sub(" ", text).split())
    out: list[Unit] = []
    labelled = False  # inside a "Label: uitleg" item, whose later sentences only explain
    for sentence in split_sentences(flat):
        pieces = _LIST_SPLIT.split(sentence)
        for i, piece in enumerate(p.strip() for p in pieces):
            if not piece:
                continue
            label = bool(_LABEL.match(piece))
            listed = i > 0 or label
            out.append(Unit(piece, listed=listed, explains=labelled and not listed))
            labelled = label or (labelled and not listed)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences, not split after Dutch abbreviations such as "e.a." or "bv."."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if _ABBREVIATION.search(before) or _LIST_NUMBER.search(before):
            continue  # "e.a. (2006)", or "...; 3. Betrokkenen": a list, split further on
        sentences.append(text[start : match.start()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]
