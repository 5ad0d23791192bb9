"""Does a passage actually answer the question? Retrieval always returns something; these
checks decide when to say plainly that the documents do not answer it.

- Too little of the question occurs in the best passages at all.
- A question asking for a number ("hoeveel") or a date ("op welke datum", "in welk jaar")
  needs a sentence that names the question's subject *and* holds a number or date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.answer.sentences import overlap_score
from bot.index.keyword import STOPWORDS, stem_tokens
from bot.text import split_clauses

QUANTITY_RE = re.compile(r"\b(hoeveel|hoe\s+veel|hoe\s+groot|welk\s+aantal|aantal)\b", re.IGNORECASE)
DATE_RE = re.compile(
    r"\b(op\s+welke\s+datum|welke\s+datum|in\s+welk\s+jaar|welk\s+jaar|sinds\s+wanneer)\b", re.IGNORECASE
)
NUMBER_RE = re.compile(
    r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig"
    r"|honderd|duizend|miljoen)\w*\b",
    re.IGNORECASE,
)
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE_IN_TEXT_RE = re.compile(
    rf"\b(1[89]\d\d|20\d\d)\b|\b\d{{1,2}}\s+({MONTHS})\b|\d{{1,2}}-\d{{1,2}}-\d{{2,4}}", re.IGNORECASE
)
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ][\w'-]*")


YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def subject_terms(question: str) -> list[str]:
    """Proper nouns of the question (capitalised, not the first word) and years: its subject.
    Adjective forms match their noun ("Wijchense" ~ "Wijchen"), so we keep a prefix."""
    words = WORD_RE.findall(question)
    parts = [part for w in words[1:] for part in w.split("-") if part]  # "SETA-tekst" → SETA
    names = [w.lower() for w in parts if w[0].isupper() and w.lower() not in STOPWORDS]
    names = [n[: max(4, len(n) - 2)] if len(n) > 6 else n for n in names]
    return names + YEAR_RE.findall(question)


def names_subject(question: str, texts: Iterable[str]) -> bool:
    """Some passage mentions every name and year the question is about."""
    subjects = subject_terms(question)
    return not subjects or any(all(s in t.lower() for s in subjects) for t in texts)


def focus_stem(question: str, pattern: re.Pattern[str]) -> str | None:
    """The first content word after 'hoeveel' / 'op welke datum': what is being counted."""
    match = pattern.search(question)
    if not match:
        return None
    stems = stem_tokens(question[match.end() :])
    return stems[0] if stems else None


def has_specific_answer(question: str, texts: Iterable[str]) -> bool:
    """For number and date questions: a sentence naming the subject holds a number/date."""
    if QUANTITY_RE.search(question):
        pattern, wanted = QUANTITY_RE, NUMBER_RE
    elif DATE_RE.search(question):
        pattern, wanted = DATE_RE, DATE_IN_TEXT_RE
    else:
        return True
    subjects = subject_terms(question)
    focus = focus_stem(question, pattern)
    for text in texts:
        for sentence in split_clauses(text):
            lower = sentence.lower()
            if subjects and not all(s in lower for s in subjects):
                continue
            if focus and focus not in stem_tokens(sentence) and focus not in lower:
                continue
            if wanted.search(sentence):
                return True
    return False


def coverage(question: str, texts: Iterable[str], idf: Callable[[str], float]) -> float:
    stems = set(stem_tokens(question))
    return max((overlap_score(stems, t, idf) for t in texts), default=0.0)
