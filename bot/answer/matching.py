"""Lexical matching of question words against a sentence: Dutch stems, compounds and the
inflections the stemmer leaves apart. Shared by the scoring and by every answer shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.answer.question import content_words
from bot.index.keyword import stem_tokens

PREFIX_MIN = 5
COMPOUND_HEAD = 0.5


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """The key two quotes share when they say the same (case, spacing and punctuation apart)."""
    return re.sub(r"[\W_]+", "", text.lower())


@lru_cache(maxsize=8192)
def stems_of(text: str) -> frozenset[str]:
    """Stems, plus past participles without their 'ge-' ("gestuurd" also as "stuurd")."""
    stems = stem_tokens(text)
    return frozenset(stems + [s[2:] for s in stems if s.startswith("ge") and len(s) > 6])


def overlap(
    question_stems: frozenset[str],
    text: str,
    idf: Callable[[str], float],
    words: dict[str, str] | None = None,
    aliases: dict[str, frozenset[str]] | None = None,
) -> float:
    """idf-weighted share of the question's topic stems in the text; a stem also matches a
    compound that starts with it ("samenwerk" ~ "samenwerkingsverband")."""
    if not question_stems or not text:
        return 0.0
    stems = stems_of(text)
    total = sum(idf(s) for s in question_stems)
    raw = _words(text) if words else frozenset()
    got = 0.0
    for s in question_stems:
        weight = match(s, stems)
        if weight < 1.0 and words and _same_word(words.get(s), raw):
            weight = 1.0
        if weight < 1.0 and aliases and any(match(a, stems) == 1.0 for a in aliases.get(s, ())):
            weight = 1.0
        got += idf(s) * weight
    return got / total if total else 0.0


def names_any(
    stems: frozenset[str],
    text: str,
    words: dict[str, str] | None = None,
    aliases: dict[str, frozenset[str]] | None = None,
) -> bool:
    """Some of the stems (unweighted), or a synonym of one, occur in the text."""
    return overlap(stems, text, lambda _: 1.0, words, aliases) > 0


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def _same_word(word: str | None, words: frozenset[str]) -> bool:
    """Inflections the stemmer splits up ("keuzes" → keuze, "keuzen" → keus): the words
    share all but their last letter or two."""
    if not word or len(word) < 5:
        return False
    return any(len(w) >= 5 and _common_prefix(word, w) >= max(5, min(len(word), len(w)) - 1) for w in words)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=65536)  # the same sentences recur in every scoring pass and question
def match(stem: str, stems: frozenset[str]) -> float:
    """1 for the same stem, a compound that starts with it ("samenwerk" ~
    "samenwerkingsverband") or an inflection the stemmer left apart ("keuze" ~ "keuz");
    half for a word that is only the head of the asked compound ("stappenplan" ~ "stapp")."""
    if stem in stems:
        return 1.0
    best = 0.0
    for t in stems:
        if len(stem) >= PREFIX_MIN and t.startswith(stem):
            return 1.0
        if len(t) >= 6 and stem.endswith(t):  # "beleidsterrein" ~ "terrein"
            return 1.0
        if len(t) >= 4 and stem.startswith(t):
            if len(stem) - len(t) <= 2:
                return 1.0
            if len(t) >= PREFIX_MIN:
                best = COMPOUND_HEAD
    return best


def has_all(stems: set[str], got: frozenset[str]) -> bool:
    """Every stem occurs, or a compound that starts with it."""
    return bool(stems) and all(s in got or any(t.startswith(s) for t in got if len(s) >= 5) for s in stems)
