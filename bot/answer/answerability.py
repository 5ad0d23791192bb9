"""Does a passage actually answer the question? Retrieval always returns something; these
checks decide when to say plainly that the documents do not answer it.

- Too little of the question occurs in the best passages at all.
- A question asking for a number ("hoeveel") or a date ("op welke datum", "in welk jaar")
  needs a sentence that names the question's subject *and* holds a number or date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.answer.sentences import overlap_score, split_sentences
from bot.index.keyword import STOPWORDS, stem_tokens

QUANTITY_RE = re.compile(r"\b(hoeveel|hoe\s+veel|hoe\s+groot|welk\s+aantal|aantal)\b", re.IGNORECASE)
DATE_RE = re.compile(r"\b(op\s+welke\s+datum|welke\s+datum|in\s+welk\s+jaar|welk\s+jaar|sinds\s+wanneer)\b",
                     re.IGNORECASE)
NUMBER_RE = re.compile(
    r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig"
    r"|honderd|duizend|miljoen)\w*\b", re.IGNORECASE)
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE_IN_TEXT_RE = re.compile(
    rf"\b(1[89]\d\d|20\d\d)\b|\b\d{{1,2}}\s+({MONTHS})\b|\d{{1,2}}-\d{{1,2}}-\d{{2,4}}", re.IGNORECASE)
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ][\w'-]*")


def subject_terms(question: str) -> list[str]:
    """Proper nouns of the question (capitalised, not the first word): its subject."""
    words = WORD_RE.findall(question)
    names = [w for w in words[1:] if w[0].isupper() and w.lower() not in STOPWORDS]
    return [w.lower() for w in names]


def focus_stem(question: str, pattern: re.Pattern[str]) -> str | None:
    """The first content word after 'hoeveel' / 'op welke datum': what is being counted."""
    match = pattern.search(question)
    if not match:
        return None
    stems = stem_tokens(question[match.end():])
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
        for sentence in split_sentences(text):
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
