"""Does a passage actually answer the question? Retrieval always returns something; these
checks decide when to say plainly that the documents do not answer it.

- Too little of the question occurs in the best passages at all.
- A question asking for a number ("hoeveel"), an amount ("wat kost") or a date ("op welke
  datum", "in welk jaar") needs a sentence that names the question's subject *and* holds a
  number, an amount of money or a date.
- A question about the present ("de huidige burgemeester") asks what dated documents cannot
  know.
Synonyms (knowledge/synonyms.yaml) count as the same word in all of these checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat

from bot.answer.sentences import overlap_score
from bot.index.keyword import STOPWORDS, stem_tokens
from bot.models import Passage
from bot.query.synonyms import Synonyms
from bot.text import split_clauses

JUDGE_PASSAGES = 3

QUANTITY_RE = re.compile(r"\b(hoeveel|hoe\s+veel|hoe\s+groot|welk\s+aantal|aantal)\b", re.IGNORECASE)
AMOUNT_RE = re.compile(
    r"\b(wat\s+kost(?:en|te|ten)?|hoeveel\s+(?:kost\w*|geld|euro)|hoe\s+duur|welk\s+bedrag"
    r"|(?:wat|hoe\s+hoog)\s+is\s+(?:de|het)\s+(?:budget|bedrag|begroting|salaris|tarief|bijdrage|prijs))\b",
    re.IGNORECASE,
)
MONEY_RE = re.compile(r"€|\beuro\b|\b\d+([.,]\d+)?\s*(miljoen|mln|miljard|duizend|k)\b", re.IGNORECASE)
PER_RE = re.compile(r"\bper\s+(\w+)", re.IGNORECASE)  # "per inwoner": the unit must be in the sentence
CURRENT_RE = re.compile(
    r"\b(huidige?|momenteel|tegenwoordig|actuele?|op\s+dit\s+moment|op\s+het\s+moment|vandaag|anno\s+nu)\b",
    re.IGNORECASE,
)
DATE_RE = re.compile(
    r"\b(op\s+welke\s+datum|welke\s+datum|in\s+welk\s+jaar|welk\s+jaar|sinds\s+wanneer)\b"
    # "Wanneer is … ontstaan/ingegaan" asks for a date; "Wanneer werkt … minder goed" does not.
    r"|^\s*wanneer\s+(?=(?:is|was|werd|wordt|zijn|waren|komt|kwam|begon|begint|start|startte|fuseren"
    r"|fuseerden|gaat|ging|gingen)\b)",
    re.IGNORECASE,
)
# "Wie is de burgemeester van X?" asks for a person, so the answer must name one.
PERSON_Q_RE = re.compile(r"^\s*wie\s+(?:is|was|wordt|werd)\s+(?:nu\s+)?(?:de|het)\s+", re.IGNORECASE)
PERSON_RE = re.compile(
    r"\b[A-Z]\.(?:\s?[A-Z]\.)*\s+(?:(?:van|de|der|den|ten|ter)\s+)*[A-Z][a-zà-ÿ]+"  # "J.M. de Vries"
    r"|\b(?:mr|dr|drs|ir|prof|dhr|mevr)\.\s*[A-Z]|\b(?:de\s+heer|mevrouw)\s+[A-Z]"
)
NEAR_WORDS = 3  # "circa 70 medewerkers": the number stands next to what it counts
MONTH_RE = re.compile(
    r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b", re.I
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
    names = [n[: max(4, len(n) - 2)] if len(n) > 6 and not Synonyms.is_key(n) else n for n in names]
    return names + YEAR_RE.findall(question)


def names_subject(question: str, texts: Iterable[str]) -> bool:
    """Some passage mentions every name and year the question is about."""
    subjects = subject_terms(question)
    return not subjects or any(all(s in t.lower() for s in subjects) for t in texts)


def focus_stems(question: str, pattern: re.Pattern[str]) -> list[str]:
    """The first two content words after 'hoeveel' / 'op welke datum': what is asked about
    (two, since the first may be a verb: "In welk jaar begon de fusie")."""
    match = pattern.search(question)
    return stem_tokens(question[match.end() :])[:2] if match else []


@dataclass(frozen=True)
class Need:
    """What a sentence must hold to answer a number, amount, date or person question."""

    wanted: re.Pattern[str]
    focus: list[str]
    units: list[str]  # "per inwoner" → inwoner
    near: bool  # the wanted thing must stand next to the focus word


def need_of(question: str) -> Need | None:
    units = [stem_tokens(u)[0] for u in PER_RE.findall(question) if stem_tokens(u)]
    for pattern, wanted, near in (
        (AMOUNT_RE, MONEY_RE, False),
        (QUANTITY_RE, NUMBER_RE, True),
        (DATE_RE, DATE_IN_TEXT_RE, False),
        (PERSON_Q_RE, PERSON_RE, False),
    ):
        if pattern.search(question):
            return Need(wanted, focus_stems(question, pattern), units, near)
    return None


def has_specific_answer(question: str, texts: Iterable[str], contexts: Iterable[str] | None = None) -> bool:
    """For number, amount, date and person questions: a sentence about the subject (named in
    the sentence or in its passage's title and heading) holds one."""
    need = need_of(question)
    if need is None:
        return True
    subjects = subject_terms(question)
    for text, context in zip(texts, contexts or repeat(""), strict=False):
        for sentence in split_clauses(text):
            where = f"{context} {sentence}".lower()
            if all(s in where for s in subjects) and _holds(need, sentence):
                return True
    return False


def _holds(need: Need, sentence: str) -> bool:
    stems = stem_tokens(sentence)
    lower = sentence.lower()
    if need.focus and not any(f in stems or f in lower for f in need.focus):
        return False
    if not all(u in stems for u in need.units):
        return False
    if need.wanted is PERSON_RE and need.focus:  # "burgemeester Jansen" names one too
        role = rf"\b{re.escape(need.focus[0])}\w*\s+(?:(?:van|de|der|den)\s+)*[A-Z][a-zà-ÿ]+"
        return bool(PERSON_RE.search(sentence) or re.search(role, sentence, re.IGNORECASE))
    if not need.near:
        return bool(need.wanted.search(sentence))
    words = sentence.split()
    numbers = [i for i, w in enumerate(words) if need.wanted.search(w) and not _is_date(words, i)]
    focus = [i for i, w in enumerate(words) if any(f in stem_tokens(w) for f in need.focus[:1])]
    return any(abs(n - f) <= NEAR_WORDS for n in numbers for f in focus) if need.focus else bool(numbers)


def _is_date(words: list[str], i: int) -> bool:
    """'2021' or '13 januari' counts nothing."""
    bare = words[i].strip("().,;:")
    return bool(YEAR_RE.fullmatch(bare)) or (i + 1 < len(words) and bool(MONTH_RE.match(words[i + 1])))


def asks_current(question: str) -> bool:
    """'De huidige burgemeester', 'momenteel': the present, which dated documents cannot know."""
    return bool(CURRENT_RE.search(question))


def coverage(question: str, texts: Iterable[str], idf: Callable[[str], float]) -> float:
    stems = set(stem_tokens(question))
    return max((overlap_score(stems, t, idf) for t in texts), default=0.0)


@dataclass(frozen=True)
class Relevance:
    """Whether the best passages answer the question, with the evidence for it."""

    coverage: float  # idf-weighted share of question terms in the best passage
    specific: bool  # names the subject; number/amount/date questions: one next to the subject
    current: bool  # asks about the present
    found: bool


def judge(
    question: str,
    passages: list[Passage],
    idf: Callable[[str], float],
    min_coverage: float,
    synonyms: Synonyms | None = None,
) -> Relevance:
    if not passages:
        return Relevance(0.0, False, asks_current(question), False)
    texts = [f"{p.chunk.section} {p.chunk.text}" for p in passages[:JUDGE_PASSAGES]]
    bodies = [p.chunk.text for p in passages[:JUDGE_PASSAGES]]
    contexts = [f"{p.chunk.title} {p.chunk.section}" for p in passages[:JUDGE_PASSAGES]]
    # Synonyms may only add: a term inside a longer one ("lichte gemeenschappelijke
    # regeling") or a plural is not replaced by the asked term's key, and must still count.
    cov = coverage(question, texts, idf)
    if synonyms is not None and synonyms.groups:
        question, texts, bodies = _canonical(synonyms, question, texts, bodies)
        contexts = [synonyms.canonical(c) for c in contexts]
        idf = _group_idf(synonyms, idf)
        cov = max(cov, coverage(question, texts, idf))
    specific = names_subject(question, bodies) and has_specific_answer(question, bodies, contexts)
    current = asks_current(question)
    return Relevance(cov, specific, current, cov >= min_coverage and specific and not current)


def _canonical(
    synonyms: Synonyms, question: str, texts: list[str], bodies: list[str]
) -> tuple[str, list[str], list[str]]:
    return (
        synonyms.canonical(question),
        [synonyms.canonical(t) for t in texts],
        [synonyms.canonical(b) for b in bodies],
    )


def _group_idf(synonyms: Synonyms, idf: Callable[[str], float]) -> Callable[[str], float]:
    """A group key weighs what its first term's rarest word weighs."""

    def weight(stem: str) -> float:
        group = synonyms.group(stem) if Synonyms.is_key(stem) else None
        if group is None:
            return idf(stem)
        return max((idf(s) for s in stem_tokens(group.terms[0])), default=idf(stem))

    return weight
