"""Small typos and shouting, repaired against the corpus' own words: "centrumgemeetne" →
"centrumgemeente", "WAT IS DE BAR?" → "Wat is de BAR?". A word the corpus or everyday Dutch
knows is never changed, so a name the documents lack stays unknown (and can be refused)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from bot.ingest.vocabulary import Vocabulary

WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_TYPO_LEN = 5  # shorter words have too many neighbours at one edit
KNOWN_ZIPF = 2.5  # everyday Dutch words are not typos even when the corpus lacks them
SHOUT_SHARE = 0.7  # this share of capitals in a question's letters means ALL CAPS


class Speller:
    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        casing: defaultdict[str, Counter[str]] = defaultdict(Counter)
        texts_list = list(texts)
        for text in texts_list:
            for i, m in enumerate(WORD_RE.finditer(text)):
                initial = not i or _after_full_stop(text, m.start())
                for n, word in enumerate(_with_parts(m.group(0))):
                    counts[word.lower()] += 1
                    if n or not initial:  # sentence starts say nothing of a word's case
                        casing[word.lower()][word] += 1
        self.counts = counts
        self._text = " ".join(" ".join(t.lower().split()) for t in texts_list)
        self._phrase_counts: dict[str, int] = {}
        self._casing = {w: c.most_common(1)[0][0] for w, c in casing.items()}
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in counts:
            self._by_length[len(word)].append(word)
        self._vocabulary = Vocabulary()
        self._cache: dict[str, str] = {}

    def count(self, phrase: str) -> int:
        """How often the corpus says this word or phrase (whole words, any case)."""
        key = " ".join(phrase.lower().split())
        if key not in self._phrase_counts:
            pattern = rf"(?<![\w-]){re.escape(key)}(?!\w)"
            self._phrase_counts[key] = len(re.findall(pattern, self._text))
        return self._phrase_counts[key]

    def normalise(self, question: str) -> str:
        """The question with its case restored when shouted and its typos corrected."""
        if _shouted(question):
            question = self._truecase(question)
        return WORD_RE.sub(lambda m: self._correct_word(m.group(0)), question)

    def _truecase(self, question: str) -> str:
        def one(m: re.Match[str]) -> str:
            word = m.group(0)
            return self._casing.get(word.lower(), word.lower())

        text = WORD_RE.sub(one, question)
        return text[:1].upper() + text[1:]

    def _correct_word(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < MIN_TYPO_LEN or lower in self.counts or "-" in lower:
            return word
        if lower not in self._cache:
            known = self._vocabulary.zipf(lower) >= KNOWN_ZIPF
            self._cache[lower] = lower if known else self._nearest(lower)
        fixed = self._cache[lower]
        if fixed == lower:
            return word
        return fixed.capitalize() if word[:1].isupper() and fixed.islower() else fixed

    def _nearest(self, word: str) -> str:
        """The most frequent corpus word within one edit (two for long words); else the word."""
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, int, str] | None = None
        grams = _bigrams(word)
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate in self._by_length.get(length, ()):
                # One edit breaks at most three of a word's bigrams: a cheap filter first.
                if len(grams & _bigrams(candidate)) < len(grams) - 3 * limit:
                    continue
                distance = edit_distance(word, candidate, limit)
                if distance <= limit:
                    key = (distance, -self.counts[candidate], candidate)
                    best = key if best is None or key < best else best
        return self._casing.get(best[2], best[2]) if best else word


def _with_parts(word: str) -> list[str]:
    """'BAR-gemeenten' → itself, 'BAR', 'gemeenten': each part is a word the user may type."""
    return [word, *word.split("-")] if "-" in word else [word]


def _after_full_stop(text: str, at: int) -> bool:
    before = text[max(0, at - 8) : at].rstrip(" \t\"'(*-")
    return not before or before[-1] in ".!?:\n#"


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
