"""Small typos and shouting, repaired against the corpus' own words: "centrumgemeetne" →
"centrumgemeente", "WAT IS DE BAR?" → "Wat is de BAR?". A word the corpus or everyday Dutch
knows is never changed, so a name the documents lack stays unknown (and can be refused)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from bot.ingest.vocabulary import Vocabulary
from bot.text import SPELLING_WORD_RE as WORD_RE

MIN_TYPO_LEN = 5  # shorter words have too many neighbours at one edit
KNOWN_ZIPF = 2.5  # everyday Dutch words are not typos even when the corpus lacks them
SHOUT_SHARE = 0.7  # this share of capitals in a question's letters means ALL CAPS
COUNT_AT_MOST = 50  # phrase counts are exact up to here: every use asks "rare or not"
CACHE_WORDS = 10_000  # repaired words remembered per index version


class Lexicon(Protocol):
    """The corpus' words, counted per lowercase word (and per part of a hyphenated one);
    `bot.index.lexicon.Lexicon` answers from the index version's file."""

    def count(self, word: str) -> int: ...

    def casing(self, word: str) -> str | None: ...

    def of_length(self, shortest: int, longest: int) -> Iterable[tuple[str, int]]: ...

    def phrase_count(self, phrase: str, at_most: int) -> int: ...


class Speller:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._phrase_counts: dict[str, int] = {}
        self._vocabulary = Vocabulary()
        self._cache: dict[str, str] = {}

    def count(self, phrase: str) -> int:
        """How often the corpus says this word or phrase (whole words, any case), up to
        COUNT_AT_MOST."""
        key = " ".join(phrase.lower().split())
        if key not in self._phrase_counts:
            if len(self._phrase_counts) >= CACHE_WORDS:
                self._phrase_counts.clear()
            self._phrase_counts[key] = self.lexicon.phrase_count(key, COUNT_AT_MOST)
        return self._phrase_counts[key]

    def normalise(self, question: str) -> str:
        """The question with its case restored when shouted and its typos corrected."""
        if _shouted(question):
            question = self._truecase(question)
        return WORD_RE.sub(lambda m: self._correct_word(m.group(0)), question)

    def _truecase(self, question: str) -> str:
        def one(m: re.Match[str]) -> str:
            word = m.group(0)
            return self.lexicon.casing(word.lower()) or word.lower()

        text = WORD_RE.sub(one, question)
        return text[:1].upper() + text[1:]

    def _correct_word(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < MIN_TYPO_LEN or "-" in lower or self.lexicon.count(lower):
            return word
        if lower not in self._cache:
            if len(self._cache) >= CACHE_WORDS:
                self._cache.clear()
            known = self._known(lower)
            self._cache[lower] = lower if known else self._nearest(lower)
        fixed = self._cache[lower]
        if fixed == lower:
            return word
        return fixed.capitalize() if word[:1].isupper() and fixed.islower() else fixed

    def _known(self, word: str) -> bool:
        """Everyday Dutch, also in an inflected form wordfreq counts less often than its base:
        an adjective's -e ("lossere" is "losser" + e) is no typo to repair into a name."""
        zipf = self._vocabulary.zipf
        return zipf(word) >= KNOWN_ZIPF or (word.endswith("e") and zipf(word[:-1]) >= KNOWN_ZIPF)

    def _nearest(self, word: str) -> str:
        """The most frequent corpus word within one edit (two for long words); else the word."""
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, int, str] | None = None
        grams = _bigrams(word)
        for candidate, count in self.lexicon.of_length(len(word) - limit, len(word) + limit):
            # One edit breaks at most three of a word's bigrams: a cheap filter first.
            if len(grams & _bigrams(candidate)) < len(grams) - 3 * limit:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -count, candidate)
                best = key if best is None or key < best else best
        return (self.lexicon.casing(best[2]) or best[2]) if best else word


def _shouted(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= SHOUT_SHARE * len(letters)


def _bigrams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), or limit + 1
    as soon as it must exceed the limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
