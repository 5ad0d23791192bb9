"""Synonyms and abbreviations from knowledge/synonyms.yaml: each group names one thing
("Wgr", "Wet gemeenschappelijke regelingen"). Retrieval adds a group's other terms to the
query; the answer checks treat every term of a group as the same word."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import UserError

RARE = 3  # a term the corpus uses fewer times than this is expanded with its synonyms
CANONICAL_CACHE = 4096  # passage texts whose canonical form is kept
COMMON_WORD_ZIPF = 3.5  # "bar", "gr": so common in lower case that only the capitals mean the abbreviation
EXAMPLE = "synoniemen:\n  - [Wgr, Wet gemeenschappelijke regelingen]\n  - [SSC, shared service center]"


class SynonymsError(UserError):
    """knowledge/synonyms.yaml cannot be read; the message says where and how to fix it."""


# A group's key: "qsyn" + its number in consonants, one token that no stemmer changes, no
# text contains, and no number check mistakes for a number.
KEY_PREFIX = "qsyn"
KEY_DIGITS = "bcfghjlmpqrvwxz"


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    key: str = ""  # the token standing for the whole group in the answer checks


class Synonyms:
    def __init__(self, groups: Iterable[SynonymGroup] = ()) -> None:
        self.groups = [SynonymGroup(g.terms, _key(i)) for i, g in enumerate(groups)]
        self._by_key = {g.key: g for g in self.groups}
        self._canonical: dict[str, str] = {}
        self._group_of: dict[str, SynonymGroup] = {}
        exact: list[str] = []
        folded: list[str] = []
        for group in self.groups:
            for term in group.terms:
                self._group_of.setdefault(_fold(term), group)
                (exact if _case_sensitive(term) else folded).append(term)
        self._exact = _alternation(exact, 0)
        self._folded = _alternation(folded, re.IGNORECASE)

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        if not path.exists():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SynonymsError(_bad(path, f"het is geen leesbare YAML ({_first_line(exc)})")) from exc
        return cls(_groups(path, data))

    def matches(self, text: str) -> list[tuple[int, int, SynonymGroup]]:
        """(start, end, group) of every term in the text, longest first, no overlaps."""
        found: list[tuple[int, int, SynonymGroup]] = []
        for pattern in (self._exact, self._folded):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                found.append((m.start(), m.end(), self._group_of[_fold(m.group(0))]))
        found.sort(key=lambda f: (f[0], f[0] - f[1]))
        kept: list[tuple[int, int, SynonymGroup]] = []
        for start, end, group in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, group))
        return kept

    def expansions(self, text: str, count: Callable[[str], int] | None = None) -> list[str]:
        """The other terms of each group the text mentions, those the corpus uses. A term the
        corpus uses often finds its passages itself: it gains only one-word alternatives
        (an abbreviation), since common words from a spelled-out form would only add noise."""
        extra: list[str] = []
        for start, end, group in self.matches(text):
            rare = count is None or count(text[start:end]) < RARE
            for term in group.terms:
                if _fold(term) in _fold(text) or term in extra or not (rare or " " not in term):
                    continue
                if count is None or count(term) > 0:
                    extra.append(term)
        return extra

    def canonical(self, text: str) -> str:
        """Every term replaced by its group's key, so 'Wgr' and 'Wet gemeenschappelijke
        regelingen' count as the same word when the question is checked against a passage.
        A key keeps a capital when its term had one: names stay names for the subject check.
        Passages recur from question to question, so their forms are remembered."""
        cached = self._canonical.get(text)
        if cached is not None:
            return cached
        parts: list[str] = []
        at = 0
        for start, end, group in self.matches(text):
            term = text[start:end]
            parts.append(text[at:start])
            parts.append(f" {group.key.capitalize() if term != term.lower() else group.key} ")
            at = end
        parts.append(text[at:])
        if len(self._canonical) >= CANONICAL_CACHE:
            self._canonical.clear()
        result = self._canonical[text] = "".join(parts)
        return result

    def group(self, key: str) -> SynonymGroup | None:
        return self._by_key.get(key.lower())

    @staticmethod
    def is_key(word: str) -> bool:
        rest = word.lower()[len(KEY_PREFIX) :]
        return word.lower().startswith(KEY_PREFIX) and bool(rest) and all(c in KEY_DIGITS for c in rest)


def _key(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, len(KEY_DIGITS))
        digits = KEY_DIGITS[digit] + digits
        if not number:
            return KEY_PREFIX + digits


def _groups(path: Path, data: object) -> list[SynonymGroup]:
    if data is None:
        return []
    entries = data.get("synoniemen") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SynonymsError(_bad(path, "de sleutel 'synoniemen' met een lijst van groepen ontbreekt"))
    groups = []
    for number, entry in enumerate(entries, 1):
        terms = entry if isinstance(entry, list) else None
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms) or len(terms) < 2:
            raise SynonymsError(_bad(path, f"groep {number} is geen lijst van minstens twee woorden"))
        groups.append(SynonymGroup(tuple(" ".join(t.split()) for t in terms)))
    return groups


def _bad(path: Path, why: str) -> str:
    return (
        f"Het synoniemenbestand {path.name} klopt niet: {why}. Herstel het bestand (voorbeeld:\n"
        f"{EXAMPLE}\n) of verwijder het; zonder dat bestand werkt de bot zonder synoniemen."
    )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _case_sensitive(term: str) -> bool:
    """An abbreviation in capitals whose lower case is an everyday word matches only in capitals."""
    if not (term.isupper() and len(term) <= 5):
        return False
    from bot.ingest.vocabulary import Vocabulary

    return Vocabulary().zipf(term.lower()) >= COMMON_WORD_ZIPF


def _alternation(terms: list[str], flags: int) -> re.Pattern[str] | None:
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)
