"""How well each candidate sentence answers the question: its words, its meaning (e5), the
heading and rank of its passage, and what the question's shape asks of it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.answer.answerability import DATE_IN_TEXT_RE, NUMBER_RE, subject_terms
from bot.answer.matching import match, names_any, overlap
from bot.answer.question import Question
from bot.answer.units import Unit
from bot.index.keyword import stem_tokens
from bot.models import Passage
from bot.query.inflection import other_plurals

Meaning = Callable[[Sequence[Unit]], list[float]]  # similarity of each unit to the question
Line = tuple[str, int]  # (text, passage rank) of one answer line
FRAME = -1  # the "rank" of a templated frame line: it quotes nothing, so it cites nothing

LEX_WEIGHT = 1.0
MEANING_WEIGHT = 0.3
MEANING_SPREAD = 0.1
HEADING_WEIGHT = 0.25
RANK_PRIOR = (0.12, 0.08, 0.05, 0.03, 0.0, -0.02, -0.04)
SHAPE_BONUS = 0.25
SERIES = 1.5  # a sentence that names what a list question asks for and enumerates it
FOCUS_BONUS = 2.0  # a lead-in that names what the question lists ("…keuzen op het volgende vlak:")
NAME_WEIGHT = 0.5
OPENING = 1  # the first two sentences of a section
OPENING_SHARE = 0.6  # of the subject's words in the section heading
OPENING_BONUS = 0.75
# of a heading's own words that are the subject: "4.2.6 SETA" says what SETA is, "SETA als
# menukaart voor samenwerking" is about one side of it
HEADING_ABOUT = 0.5
ASIDE_RE = re.compile(r"\([^()]*\)")
CASE_PENALTY = 0.06  # case files summarise the documents: at equal merit quote the document
LONG_WORDS = 60  # run-on table rows and flattened figures read badly
REASON_MARKERS_RE = re.compile(
    r"\b(omdat|doordat|want|vanwege|daardoor|waardoor|zodat|reden|oorzaak|toen|dankzij|immers|"
    r"leidde|leidt|als gevolg|ten gevolge|anders|minder goed|niet goed|mits|daarom|"
    r"om\s+\w+(?:\s+\w+){0,6}\s+te)\b",  # "om … te": a purpose
    re.IGNORECASE,
)
# what a number or date lead must hold: the same patterns the refusal checks use
WANTED = {"number": NUMBER_RE, "date": DATE_IN_TEXT_RE}
ABBREVIATION_RE = re.compile(r"([A-Za-zÀ-ÿ][\w-]{3,40}(?:\s+[\w-]+){0,3})\s*\(([A-Z][A-Za-z]{1,6})\)")
INLINE_ENUM_RE = re.compile(r"(?:^|\s)\(?\d{1,2}\)\s")
# "…zijn het gemeenschappelijk openbaar lichaam, het convenant en de stichting": a series
# whose last two members are short and joined by "en"/"of".
SERIES_RE = re.compile(
    r",\s(?:[\w’'()-]+\s){0,3}[\w’'()-]+\s(?:en|of)\s[\w’'()-]+(?:\s[\w’'()-]+){0,3}(?=[.;:⁰¹²³⁴⁵⁶⁷⁸⁹]|$)"
)
DEFINING_RE = re.compile(r"\b(is|zijn|betekent|houdt in|staat voor|wordt|heet|noemen|genoemd|verstaan)\b")


@dataclass
class Scored:
    unit: Unit
    score: float


def with_aliases(question: Question, passages: list[Passage]) -> Question:
    """Abbreviations the passages spell out ("dienstverleningsovereenkomst (DVO)"): a
    sentence that says "DVO" then matches a question that says the long form, and back.
    And the other plural of an asked noun in -e that the passages use ("keuzes" asked,
    "keuzen" written), which the stemmer keeps apart (bot/query/inflection.py)."""
    aliases: dict[str, set[str]] = {stem: set(found) for stem, found in question.aliases.items()}
    for passage in passages:
        for long_stem, short in _spelled_out(passage.chunk.text):
            for stem in question.stems:
                if stem == long_stem:
                    aliases.setdefault(stem, set()).add(short)
                elif stem == short:
                    aliases.setdefault(stem, set()).add(long_stem)
    for stem, form in _plurals_written(question, passages):
        aliases.setdefault(stem, set()).add(form)
    return replace(question, aliases={k: frozenset(v) for k, v in aliases.items()})


def _plurals_written(question: Question, passages: list[Passage]) -> list[tuple[str, str]]:
    """(asked stem, stem of its other plural) for each other plural the passages hold."""
    texts = [p.chunk.text.lower() for p in passages]

    def written(form: str) -> int:
        return sum(1 for t in texts if re.search(rf"\b{re.escape(form)}\b", t))

    found = []
    for stem, word in question.words.items():
        found += [(stem, other) for form in other_plurals(word, written) for other in stem_tokens(form)]
    return found


@lru_cache(maxsize=4096)
def _spelled_out(text: str) -> tuple[tuple[str, str], ...]:
    """(last stem of the long form, stem of the abbreviation) per "long form (ABBR)" in a
    passage; passages recur from question to question, so this is remembered."""
    pairs = []
    for found in ABBREVIATION_RE.finditer(text):
        long_stems, short = stem_tokens(found.group(1)), stem_tokens(found.group(2))
        if long_stems and short:
            pairs.append((long_stems[-1], short[0]))
    return tuple(pairs)


def score_units(
    question: Question,
    units: list[Unit],
    passages: list[Passage],
    idf: Callable[[str], float],
    meaning: Meaning | None,
) -> list[Scored]:
    meanings = _normalised(meaning(units)) if meaning else [0.0] * len(units)
    names = {s for s in question.stems if any(s.startswith(n[:4]) for n in subject_terms(question.text))}

    def weight(stem: str) -> float:
        # The names in a question set the scene (the passage is about them already); the
        # other words say what is asked ("bestuurlijke leiding").
        return idf(stem) * (NAME_WEIGHT if stem in names else 1.0)

    headings = [overlap(question.stems, p.chunk.heading, idf) for p in passages]
    out = []
    for unit, sim in zip(units, meanings, strict=True):
        lexical = overlap(question.stems, unit.text, weight, aliases=question.aliases)
        score = LEX_WEIGHT * lexical + MEANING_WEIGHT * sim
        score += HEADING_WEIGHT * headings[unit.rank] + RANK_PRIOR[min(unit.rank, len(RANK_PRIOR) - 1)]
        score += shape_bonus(question, unit) + _opening_bonus(question, unit, passages)
        if passages[unit.rank].chunk.kind == "case":
            score -= CASE_PENALTY
        if unit.words > LONG_WORDS:
            score -= 0.1
        out.append(Scored(unit, score))
    return out


def _opening_bonus(question: Question, unit: Unit, passages: list[Passage]) -> float:
    """A section headed by the subject of a definition or "Hoe werkt X?" question opens by
    saying what X is ("4.2.7 Model Ten Boer" – "Een gemeente besteedt alle … uit"), even
    when its sentences do not repeat the name."""
    if question.subject is None or unit.pos > OPENING or unit.item:
        return 0.0
    if instance_of(question.subject, unit.text.lower()):
        return 0.0
    subject = frozenset(stem_tokens(question.subject))
    return OPENING_BONUS if headed_by(subject, passages[unit.rank].chunk.heading) else 0.0


def headed_by(subject: frozenset[str], heading: str) -> bool:
    """Whether a section heading names the subject (stems) and little else."""
    if not subject or overlap(subject, heading, lambda _: 1.0) < OPENING_SHARE:
        return False
    # its own words: not "4.2.6", not an aside in brackets ("Model Ten Boer (publieke outsourcing)")
    own = [h for h in stem_tokens(ASIDE_RE.sub(" ", heading)) if not h.replace(".", "").isdigit()]
    about = sum(1 for h in own if match(h, subject) > 0)
    return bool(own) and about / len(own) >= HEADING_ABOUT


def _normalised(values: list[float]) -> list[float]:
    """e5 similarities crowd into a narrow band (0.75-0.90): measured from the best
    candidate, MEANING_SPREAD below it counts as nothing."""
    if not values:
        return values
    high = max(values)
    return [max(0.0, 1.0 - (high - v) / MEANING_SPREAD) for v in values]


def shape_bonus(question: Question, unit: Unit) -> float:
    text = unit.text
    shape = question.shape
    if shape == "definition" and question.subject:
        return _defines(question.subject, text.lower())
    if shape in WANTED:
        return SHAPE_BONUS if WANTED[shape].search(text) else -SHAPE_BONUS
    if shape == "reason":
        return SHAPE_BONUS * 0.6 if REASON_MARKERS_RE.search(text) else 0.0
    if shape in ("list", "procedure"):
        return _list_bonus(question, unit)
    return 0.0


def _list_bonus(question: Question, unit: Unit) -> float:
    """A lead-in that names what is listed; a sentence that lists it inline."""
    text = unit.text
    named = bool(question.focus) and names_any(question.focus, text, question.words, question.aliases)
    if unit.intro:
        if question.focus and not named:
            return 0.0  # a lead-in to some other list ("…de volgende kaders:")
        return SHAPE_BONUS * (0.6 + (FOCUS_BONUS if named else 0.0))
    inline = len(INLINE_ENUM_RE.findall(text)) >= 3  # "1) zelfanalyse, 2) zoektocht, …"
    series = named and SERIES_RE.search(text) is not None  # names what is asked, then lists it
    return SHAPE_BONUS * ((0.5 if named else 0.0) + (0.6 if inline else 0.0) + (SERIES if series else 0.0))


def enumerates(question: Question, unit: Unit) -> bool:
    """A sentence that names what a list question asks for and lists it itself ("…zijn
    het openbaar lichaam, het convenant en de stichting"): it is the answer, not a lead-in."""
    if question.shape not in ("list", "procedure") or unit.item or unit.intro or not question.focus:
        return False
    named = names_any(question.focus, unit.text, question.words, question.aliases)
    return named and SERIES_RE.search(unit.text) is not None


def instance_of(subject: str, lower: str) -> bool:
    """ "Noaberkracht is een voorbeeld van een ambtelijke fusie": the subject is the class of
    something else, so the sentence names an example, not what the subject is."""
    kind = rf"\b(?:voorbeeld|vorm|variant|soort|type)\s+van\s+(?:een\s+|de\s+|het\s+)?{re.escape(subject)}\b"
    return re.search(kind, lower) is not None


def _defines(subject: str, lower: str) -> float:
    """A sentence that says what the subject is ("X is …"), or spells it out ("… (SETA)")."""
    if instance_of(subject, lower):
        return -SHAPE_BONUS
    at = lower.find(subject)
    if 0 <= at <= 80 and DEFINING_RE.search(lower[at + len(subject) : at + len(subject) + 40]):
        return SHAPE_BONUS
    if re.search(rf"\(\s*{re.escape(subject)}\s*\)", lower):  # "'Samen en Toch Apart' (SETA)"
        return SHAPE_BONUS * 1.5
    return 0.0
