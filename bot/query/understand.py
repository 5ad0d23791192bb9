"""One question, understood: normalised for reading, expanded for searching."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.query.inflection import other_plurals
from bot.query.spelling import Speller
from bot.query.synonyms import Synonyms

# Words that point back at the conversation's topic ("de nadelen daarvan"): they name no
# topic of their own, so neither search nor the answer checks should look for them.
REFERENCE_RE = re.compile(
    r"\s*\b(?:daar|hier|er)(?:van|bij|over|mee|in|door|voor|aan|op|uit)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Query:
    text: str  # as the user asked it (whitespace cleaned)
    normalised: str  # case restored, typos corrected: what the answer checks read
    expansions: tuple[str, ...]  # synonyms and spelled-out abbreviations of its terms
    plurals: tuple[str, ...] = ()  # the corpus' other plural form of its words (inflection.py)

    @property
    def keywords(self) -> str:
        """What the keyword index searches: the question and, once each, the words of the
        synonyms it implies and its other plural forms (spelling variants must not count a
        word several times)."""
        seen = set(self.normalised.lower().split())
        extra = [w for term in self.expansions for w in term.lower().split()] + list(self.plurals)
        return " ".join([self.normalised, *(w for w in dict.fromkeys(extra) if w not in seen)])

    @property
    def dense(self) -> str:
        """What the embedding model reads: the question with its synonyms in brackets."""
        return f"{self.normalised} ({'; '.join(self.expansions)})" if self.expansions else self.normalised


def understand(question: str, synonyms: Synonyms, speller: Speller | None) -> Query:
    normalised = REFERENCE_RE.sub("", speller.normalise(question) if speller else question)
    count = speller.count if speller else None
    plurals = other_plurals(normalised, speller.lexicon.count) if speller else ()
    return Query(question, normalised, tuple(synonyms.expansions(normalised, count)), plurals)
