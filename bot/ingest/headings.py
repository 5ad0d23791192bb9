"""Section labels that a citation can show: OCR-garbled headings ("Nadelew vawv de
ambtelijke fusie", "Saumerwalting") are repaired with the same kind of evidence as the body
text (bot/ingest/repair.py: a word list plus the corpus' own intact words), or left out so
that the nearest clean heading above them labels the section."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.ingest.vocabulary import KNOWN_ZIPF, Vocabulary

WORD_RE = re.compile(r"[^\W\d_]+")
MAX_WORDS = 14
MIN_REPAIR_LEN = 5
MIN_PART = 4  # compound parts; shorter ones ("sau", "mer") would let garbage through
PART_ZIPF = 2.5  # a short garbled word ("vawv") has too many one-letter neighbours


class HeadingCleaner:
    """`body_words` counts words of running text only: a garbled heading repeated as a page
    header ("vawv" three times) is no evidence that it is a word."""

    def __init__(self, vocab: Vocabulary, body_words: Counter[str]) -> None:
        self.vocab = vocab
        self.body_words = body_words
        self._by_length: dict[int, list[str]] | None = None

    @classmethod
    def from_lines(cls, vocab: Vocabulary, lines: Iterable[str]) -> HeadingCleaner:
        counts: Counter[str] = Counter()
        for line in lines:
            counts.update(w.lower() for w in WORD_RE.findall(line))
        return cls(vocab, counts)

    def clean(self, title: str) -> str | None:
        """The title, repaired where the evidence is unambiguous, or None."""
        if len(title.split()) > MAX_WORDS or re.search(r"(?<![\dA-Z])[.!?]\s+\S", title):
            return None  # running text that was taken for a heading
        out = title
        for match in reversed(list(WORD_RE.finditer(title))):
            word = match.group(0)
            if self._known(word):
                continue
            fixed = self._repair(word)
            if fixed is None:
                return None
            out = out[: match.start()] + fixed + out[match.end() :]
        return out

    def clean_path(self, path: str) -> str:
        parts = [self.clean(part) for part in path.split(" > ")] if path else []
        return " > ".join(p for p in parts if p)

    def _known(self, word: str) -> bool:
        if len(word) <= 2:
            return True
        count = self.body_words.get(word.lower(), 0)
        if word.isupper() and len(word) <= 5:
            return count >= 1  # an abbreviation the text itself uses ("SETA", "BEL")
        word = word.lower()
        return self.vocab.zipf(word) >= KNOWN_ZIPF or count >= 2 or self._compound(word.lower(), 3)

    def _compound(self, word: str, parts: int) -> bool:
        """Dutch writes compounds as one word ("meningsvorming" = mening+s+vorming)."""
        if parts < 2 or len(word) < 2 * MIN_PART:
            return False
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            if self.vocab.zipf(word[:cut]) < PART_ZIPF:
                continue
            rest = word[cut:]
            for tail in (rest, rest[1:] if rest[:1] in "se" else ""):
                if len(tail) < MIN_PART:
                    continue
                if self.vocab.zipf(tail) >= PART_ZIPF or self._compound(tail, parts - 1):
                    return True
        return False

    def _repair(self, word: str) -> str | None:
        """The one corpus word at edit distance 1 (same first letter), if there is one."""
        if len(word) < MIN_REPAIR_LEN:
            return None
        lower = word.lower()
        found = {
            c
            for n in (len(lower) - 1, len(lower), len(lower) + 1)
            for c in self._words(n)
            if c[0] == lower[0] and _one_edit(lower, c)
        }
        if len(found) != 1:
            return None
        fixed = found.pop()
        return fixed.capitalize() if word[0].isupper() else fixed

    def _words(self, length: int) -> list[str]:
        if self._by_length is None:
            self._by_length = {}
            for w, count in self.body_words.items():
                if count >= 2 and len(w) >= MIN_REPAIR_LEN - 1:
                    self._by_length.setdefault(len(w), []).append(w)
        return self._by_length.get(length, [])


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
