"""What kind of answer a question asks for: its shape, and the words that carry its topic.

The shape decides how the answer is composed (bot/answer/composer.py): a definition leads
with the sentence that says what the subject is, a list question gets the items of a list,
a comparison gets a sentence for each side, a number or date question needs a number or a
date in its lead sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.index.keyword import STOPWORDS, TOKEN_RE, stem_tokens
from bot.query.synonyms import Synonyms

Shape = Literal["definition", "number", "date", "list", "reason", "compare", "procedure", "case", "fact"]

# Words that say what kind of answer is wanted, not what it is about: they earn nothing
# ("Wat betekent SETA?" must not prefer sentences that start with "Dat betekent").
ASKING_WORDS = frozenset(
    """betekent betekenen betekenis houdt inhoud verstaan verstaat bedoeld bedoelt noem noemen geef
    geven verschil verschillen verschilt tussen onderscheid vergelijk vergelijking welke welk wat wie
    waarom wanneer hoe hoeveel waar waardoor waarmee waarvoor waaruit waarop gaat ging gingen kunnen
    kan moet moeten volgens precies vaak vooral zoal allemaal belangrijkste concreet eigenlijk""".split()
)
ASKING_STEMS = frozenset(stem_tokens(" ".join(ASKING_WORDS))) | ASKING_WORDS

DEFINITION_RE = re.compile(
    r"^\s*(?:wat\s+(?:is|zijn|betekent|betekenen|houdt|houden|wordt\s+(?:er\s+)?bedoeld\s+met|"
    r"verstaat\s+men\s+onder|versta\s+je\s+onder)|waar\s+staat)\s+(?:een\s+|de\s+|het\s+)?(.+?)"
    r"(?:\s+in|\s+voor)?\s*\??\s*$",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(
    r"\b(hoeveel|hoe\s+veel|hoe\s+groot|hoe\s+hoog|welk\s+aantal|wat\s+kost|hoeveel)\b", re.I
)
DATE_RE = re.compile(
    r"\b(wanneer|op\s+welke\s+datum|welke\s+datum|in\s+welk\s+jaar|welk\s+jaar|sinds\s+wanneer|vanaf\s+wanneer)\b",
    re.IGNORECASE,
)
# "Wanneer is X ontstaan?" asks for a date; "Wanneer is samenwerken zinvol?" for a condition.
EVENT_RE = re.compile(
    r"\b(?:ontstaan|opgericht|gestart|begonnen|gefuseerd|ingevoerd|besloten|getekend|heringedeeld|"
    r"samengevoegd|gevormd|afgerond|verschenen|vastgesteld|aangenomen)\b",
    re.IGNORECASE,
)
CONDITION_RE = re.compile(r"\bwanneer\s+(?:werkt|is|zijn|kan|kun|moet|heeft|loont)\b", re.IGNORECASE)
REASON_RE = re.compile(
    r"\b(waarom|om\s+welke\s+reden|wat\s+is\s+de\s+reden|hoe\s+komt\s+het|waardoor)\b", re.I
)
COMPARE_RE = re.compile(
    r"\b(?:verschil(?:len|t)?\s+(?:tussen|van)|vergelijk\w*|onderscheid\s+tussen|anders\s+dan)\s+(.+?)\s*\??$",
    re.IGNORECASE,
)
VERSUS_RE = re.compile(r"^(.+?)\s+(?:en|of|versus|vs\.?|met)\s+(?:een\s+|de\s+|het\s+)?(.+)$", re.IGNORECASE)
PROCEDURE_RE = re.compile(
    r"\b(welke\s+stappen|stappenplan|hoe\s+(?:pak|ga|begin|richt|kom)\w*|hoe\s+werkt)\b", re.I
)
HOW_IT_WORKS_RE = re.compile(
    r"^\s*hoe\s+werkt\s+(?:de\s+|het\s+|een\s+)?(.+?)(?:\s+precies|\s+eigenlijk|\s+in\s+de\s+praktijk)?\s*\??\s*$",
    re.IGNORECASE,
)
CASE_RE = re.compile(
    r"\b(hoe\s+liep|wat\s+(?:gebeurde|is\s+er\s+gebeurd)|hoe\s+is\s+.+\s+opgezet|afgelopen)\b", re.I
)
ABBREVIATION_RE = re.compile(r"[A-Z][A-Za-z&]{0,5}[A-Z]|[A-Z][a-z]{1,2}[A-Z]?")  # "PHO", "Wgr", "B&W"
# Plural nouns that ask for an enumeration ("Welke risico's…", "de randvoorwaarden").
LISTED_NOUNS = (
    r"risico'?s|voordelen|nadelen|bezwaren|randvoorwaarden|voorwaarden|faalfactoren|succesfactoren|"
    r"stappen|vormen|hoofdvormen|keuzes|keuzen|mogelijkheden|kansen|bedreigingen|sterktes|zwaktes|tips|"
    r"lessen|onderwerpen|terreinen|beleidsterreinen|aandachtspunten|criteria|arrangementen|varianten|"
    r"modellen|redenen|punten|eisen|elementen|factoren"
)
PLURAL_LIST_RE = re.compile(rf"\b(?:{LISTED_NOUNS})\b", re.IGNORECASE)
LIST_RE = re.compile(
    r"^\s*(?:welke|wat\s+zijn\s+(?:de|het)|noem|geef|op\s+welke|in\s+welke|waar\s+moet|waaraan|wat\s+moet)\b",
    re.IGNORECASE,
)
ASK_LIST_RE = re.compile(r"\b(?:waar\s+moet\w*|wat\s+moet\w*|waarop\s+moet\w*|waar\s+let|noem)\b", re.I)


@dataclass(frozen=True)
class Question:
    text: str
    shape: Shape
    stems: frozenset[str]  # topic stems: question and asking words removed
    subject: str | None = None  # definition: what is to be defined (also 'Hoe werkt X?')
    sides: tuple[str, ...] = field(default_factory=tuple)  # comparison: the two things compared
    focus: frozenset[str] = frozenset()  # list: stems of what is listed ("Welke keuzes…" → keuze)
    words: dict[str, str] = field(default_factory=dict)  # stem → the word as asked ("keuze" → "keuzes")
    aliases: dict[str, frozenset[str]] = field(default_factory=dict)  # stem → stems meaning the same
    event: str | None = None  # date question: the stem of what happened ("ontstaan")


def read_question(text: str, search_text: str | None = None, synonyms: Synonyms | None = None) -> Question:
    """The shape comes from `text`. `synonyms` (knowledge/synonyms.yaml) are alternatives
    for the asked words: a sentence that says "nadelen" counts for a question that asks for
    "bezwaren", in the scoring and in the list checks alike, without the synonyms becoming
    extra words a sentence must hold. Without them, `search_text` (the question with its
    synonyms) gives the topic words."""
    topic = text if synonyms is not None else search_text or text
    stems = frozenset(s for s in stem_tokens(topic) if s not in ASKING_STEMS)
    shape, subject, sides = _shape(text)
    words = {stem: word for stem, word in zip(stem_tokens(text), content_words(text), strict=True)}
    event = EVENT_RE.search(text) if shape == "date" else None
    return Question(
        text=text,
        shape=shape,
        stems=stems,
        subject=subject,
        sides=sides,
        focus=_focus(text),
        words=words,
        event=stem_tokens(event.group(0))[0] if event else None,
        aliases=synonym_aliases(text, synonyms) if synonyms is not None else {},
    )


def synonym_aliases(text: str, synonyms: Synonyms) -> dict[str, frozenset[str]]:
    """Each asked stem → the stems of its group's one-word terms ("bezwaren" → nadel,
    minpunt). An asked abbreviation also gets the last word of a spelled-out term ("Wgr"
    → regel); for other words that would match far too much ("zwakke punten" → punt)."""
    aliases: dict[str, set[str]] = {}
    for start, end, group in synonyms.matches(text):
        term_asked = text[start:end]
        asked = stem_tokens(term_asked)
        spelled = ABBREVIATION_RE.fullmatch(term_asked) is not None
        others = {
            stems[-1] for term in group.terms if (stems := stem_tokens(term)) and (len(stems) == 1 or spelled)
        } - set(asked)
        for stem in asked if others else ():
            aliases.setdefault(stem, set()).update(others)
    return {stem: frozenset(found) for stem, found in aliases.items()}


def content_words(text: str) -> list[str]:
    """The words stem_tokens stems, unstemmed, in the same order."""
    return [w for w in TOKEN_RE.findall(text.lower()) if w not in STOPWORDS]


LOOK_OUT_RE = re.compile(r"\b(?:op\s+letten|letten\s+op|let\s+(?:je|u|men)\s+op)\b", re.IGNORECASE)
FOCUS_RE = re.compile(
    r"\b(?:welke|welk|wat\s+zijn\s+(?:de|het)|wat\s+is\s+(?:de|het)|noem\s+(?:de|het)?|geef\s+(?:de|het)?)"
    r"\s+((?:[\w'’-]+\s*){1,2})",
    re.IGNORECASE,
)


def _focus(text: str) -> frozenset[str]:
    """The thing a question asks to enumerate: 'Welke juridische vormen…' → {juridisch, vorm}."""
    if LOOK_OUT_RE.search(text):
        return frozenset({"let"})  # "Waar moet je op letten…": the items say "let op…"
    match = FOCUS_RE.search(text)
    if not match:
        return frozenset()
    words: list[str] = []
    for word in match.group(1).split():
        if word.lower() in STOPWORDS or word.lower() in ASKING_WORDS:
            break
        words.append(word)
        if not word.lower().endswith("e"):  # an inflected adjective ("juridische") needs its noun
            break
    return frozenset(s for s in stem_tokens(" ".join(words)) if s not in ASKING_STEMS)


def _shape(text: str) -> tuple[Shape, str | None, tuple[str, ...]]:
    compare = COMPARE_RE.search(text)
    if compare:
        sides = _sides(compare.group(1))
        if len(sides) == 2:
            return "compare", None, sides
    if NUMBER_RE.search(text):
        return "number", None, ()
    if DATE_RE.search(text) and (EVENT_RE.search(text) or not CONDITION_RE.search(text)):
        return "date", None, ()
    if REASON_RE.search(text) or re.search(r"\bwanneer\s+werkt\b", text, re.I):
        return "reason", None, ()
    works = HOW_IT_WORKS_RE.match(text)  # "Hoe werkt de Ten Boer-constructie?": what it is
    if works and stem_tokens(works.group(1)):
        return "definition", works.group(1).strip().lower(), ()
    if PROCEDURE_RE.search(text):
        return "procedure", None, ()
    definition = DEFINITION_RE.match(text)
    if definition and len(definition.group(1).split()) <= 5 and not PLURAL_LIST_RE.search(text):
        return "definition", definition.group(1).strip().lower(), ()
    if (
        PLURAL_LIST_RE.search(text)
        or ASK_LIST_RE.search(text)
        or (LIST_RE.search(text) and _plural_ask(text))
    ):
        return "list", None, ()
    if CASE_RE.search(text):
        return "case", None, ()
    return "fact", None, ()


def _plural_ask(text: str) -> bool:
    """'Welke gemeenten…', 'Op welke onderwerpen…': a question for several things."""
    match = re.search(r"\bwelke\s+(\w+)", text, re.IGNORECASE)
    return bool(match and match.group(1).lower().endswith(("en", "s")) and match.group(1).lower() != "ben")


def _sides(phrase: str) -> tuple[str, ...]:
    """'operationele en strategische samenwerking in de Harense visie' → ('operationele',
    'strategische'); 'een ambtelijke fusie en een herindeling' → ('ambtelijke fusie', 'herindeling')."""
    phrase = re.sub(r"\s+(?:in|bij|volgens|binnen|van)\s+(?:de|het|een)\s+.*$", "", phrase.strip(" ?"))
    match = VERSUS_RE.match(phrase)
    if not match:
        return ()
    left = re.sub(r"^(?:een|de|het)\s+", "", match.group(1).strip(), flags=re.I)
    right = match.group(2).strip()
    return (left.lower(), right.lower())


def side_stems(side: str) -> set[str]:
    return {s for s in stem_tokens(side) if s not in ASKING_STEMS}
