"""Which form of cooperation a user means, forgiving wording ("fusie van ambtelijke
organisaties" is "ambtelijke fusie", "organisch" is "organisch samenwerken").

Matching works on Dutch stems (Snowball via PyStemmer) with a weighted token overlap;
generic words such as "samenwerking" or "vorm" weigh little, so they neither make nor
break a match. Tokens that are nearly equal (OCR slips, typos) count as matches too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import Stemmer

from bot.text import STOPWORDS

MATCH_THRESHOLD = 0.6
# Words of a request ("maak graag een SWOT-analyse van ...") beside the Dutch stopwords.
_IGNORED = STOPWORDS | {"swot", "analyse", "swotanalyse", "maak", "geef", "graag"}
# Stems that say "a form of cooperation" without saying which one.
_GENERIC = frozenset({"samenwerk", "vorm", "model", "concept", "construct", "organiseer", "organisatie"})
_GENERIC_WEIGHT = 0.2


@dataclass(frozen=True)
class TopicForm:
    """A form of cooperation the bot can make a SWOT of."""

    name: str  # as shown to users
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # names of forms whose passages also speak for this one
    generic: bool = False  # cooperation in general: passages without a named form count

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# Forms of cooperation that occur in the corpus, each with passages about it (checked by
# tests/swot/test_swot_service.py against the real knowledge base).
CURATED_FORMS: tuple[TopicForm, ...] = (
    TopicForm("organisch samenwerken", ("organische samenwerking",)),
    TopicForm("opgavegericht samenwerken", ("opgavegerichte samenwerking",)),
    TopicForm("gezamenlijke taakuitvoering", ("gezamenlijke uitvoering van taken",)),
    TopicForm(
        "ambtelijke fusie",
        ("fusie van ambtelijke organisaties", "ambtelijke samenvoeging", "ambtelijke fusies"),
        related=("SETA",),
    ),
    TopicForm("combinatiemodel", ("combinatievorm", "zelf bouwen")),
    TopicForm(
        "centrumgemeente",
        (
            "centrumconcept",
            "centrumgemeenteconcept",
            "gastheergemeente",
            "centrumgemeenten",
            "gastheerconcept",
            "gastheerconstruct",
            "gastheervariant",
        ),
    ),
    TopicForm(
        "shared service center",
        ("ssc", "shared services", "shared servicecenter", "shared service centre"),
    ),
    TopicForm(
        "SETA",
        ("samen en toch apart", "ambtelijke pool", "poolvorming"),
        related=("ambtelijke fusie",),
    ),
    TopicForm(
        "gemeenschappelijke regeling",
        ("gr", "wgr", "wet gemeenschappelijke regelingen", "openbaar lichaam"),
    ),
    TopicForm(
        "herindeling",
        ("gemeentelijke herindeling", "bestuurlijke fusie", "fusie van gemeenten"),
    ),
    TopicForm("netwerksamenwerking", ("netwerkconcept", "netwerkorganisatie")),
    TopicForm("matrixconcept", ("matrixorganisatie", "matrixmodel")),
    TopicForm(
        "intergemeentelijke samenwerking",
        ("samenwerking", "regionale samenwerking", "samenwerking tussen gemeenten"),
        generic=True,
    ),
)


@dataclass
class TopicIndex:
    """The forms a knowledge base knows: curated forms plus the topics of its SWOT tables."""

    forms: list[TopicForm] = field(default_factory=list)
    table_topic: dict[str, str] = field(default_factory=dict)  # form name -> table topic

    def names(self) -> list[str]:
        return [f.name for f in self.forms]

    def form(self, name: str) -> TopicForm:
        return next(f for f in self.forms if f.name == name)


def build_topic_index(table_topics: list[str]) -> TopicIndex:
    """Curated forms, with each table topic linked to the form it names (or added as new)."""
    index = TopicIndex(forms=list(CURATED_FORMS))
    for topic in table_topics:
        match = best_match(topic, CURATED_FORMS, threshold=0.8)
        if match is None:
            index.forms.append(TopicForm(_display(topic)))
            match = index.forms[-1]
        index.table_topic.setdefault(match.name, topic)
    return index


def _display(topic: str) -> str:
    return topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic


def match_topic(query: str, index: TopicIndex) -> TopicForm | None:
    """The best matching form, preferring one with a SWOT table when scores tie."""
    return best_match(query, index.forms, prefer=set(index.table_topic))


def best_match(
    query: str,
    forms: tuple[TopicForm, ...] | list[TopicForm],
    *,
    threshold: float = MATCH_THRESHOLD,
    prefer: set[str] | None = None,
) -> TopicForm | None:
    if not normalise(query):
        return None
    scored = []
    for form in forms:
        score = max(similarity(query, p) for p in form.phrases)
        bonus = 0.001 if prefer and form.name in prefer else 0.0
        scored.append((score + bonus, form))
    score, form = max(scored, key=lambda pair: pair[0])
    return form if score >= threshold else None


# --- text normalisation ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without diacritics ("financiële" -> "financiele")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Folded content words of a phrase, in order."""
    return tuple(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _IGNORED)


@lru_cache(maxsize=4096)
def normalise(text: str) -> tuple[str, ...]:
    """Content stems of a phrase, in order."""
    return tuple(_stemmer().stemWord(w) for w in words(text))


def similarity(query: str, phrase: str) -> float:
    """How well `query` names `phrase`: on stems, or on whole words where the stemmer
    splits a family ("combinatie" -> "combineer" but "combinatiemodel" stays whole)."""
    return max(
        phrase_score(normalise(query), normalise(phrase)),
        phrase_score(words(query), words(phrase)),
    )


def _weight(token: str) -> float:
    generic = token in _GENERIC or _stemmer().stemWord(token) in _GENERIC
    return _GENERIC_WEIGHT if generic else 1.0


def token_similarity(a: str, b: str) -> float:
    """1 for equal stems; near-equal long stems (typos, OCR) and compounds score below 1."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 6 and (a.startswith(b) or b.startswith(a)):
        return 0.9  # compound: "centrummeenteconcept" vs "centrummeen"
    if min(len(a), len(b)) < 5:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.8 else 0.0


def phrase_score(query: tuple[str, ...], phrase: tuple[str, ...]) -> float:
    """Weighted F1 of stems matched in both directions (1.0 for the same phrase)."""
    if not query or not phrase:
        return 0.0
    if query == phrase:
        return 1.0

    def covered(src: tuple[str, ...], dst: tuple[str, ...]) -> float:
        total = sum(_weight(t) for t in src)
        hit = sum(_weight(t) * max(token_similarity(t, d) for d in dst) for t in src)
        return hit / total

    recall, precision = covered(phrase, query), covered(query, phrase)
    if recall + precision == 0:
        return 0.0
    return 2 * recall * precision / (recall + precision)


def mentions(text_stems: tuple[str, ...], form: TopicForm) -> int | None:
    """Position of the first mention of `form` in a stemmed text, or None."""
    best: int | None = None
    for stems in _mention_phrases(form):
        pos = _find_sequence(text_stems, stems)
        if pos is not None and (best is None or pos < best):
            best = pos
    return best


@lru_cache(maxsize=256)
def _mention_phrases(form: TopicForm) -> tuple[tuple[str, ...], ...]:
    # For cooperation in general only its full name counts: "samenwerking" is everywhere.
    phrases = (form.name,) if form.generic else form.phrases
    return tuple(stems for p in phrases if (stems := normalise(p)))


def _find_sequence(haystack: tuple[str, ...], needle: tuple[str, ...]) -> int | None:
    n, first = len(needle), needle[0][0]
    for i in range(len(haystack) - n + 1):
        # Every way of matching needs the same first letter: a cheap filter first.
        if haystack[i][0] == first and all(_mention_equal(haystack[i + j], needle[j]) for j in range(n)):
            return i
    return None


@lru_cache(maxsize=65536)
def _mention_equal(word: str, stem: str) -> bool:
    if word == stem:
        return True
    if len(stem) >= 6 and word.startswith(stem):
        return True  # compounds: "centrumgemeenteconcept", "herindelingsadvies"
    # OCR slips ("ambielijk" for "ambtelijk"): same first letter, about the same length.
    if len(stem) < 7 or word[0] != stem[0] or abs(len(word) - len(stem)) > 2:
        return False
    return SequenceMatcher(None, word, stem).ratio() >= 0.85
