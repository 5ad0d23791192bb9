"""Dutch plural forms the stemmer keeps apart. A noun in -e takes both plural endings
("keuzes" and "keuzen", "bijlages" and "bijlagen"), and Snowball often stems the two apart
("keuze" and "keus"), so a question in one form missed a passage in the other. The keyword
search also asks for the other form when the corpus uses it."""

from __future__ import annotations

import re
from collections.abc import Callable

import Stemmer

ENDINGS = (("es", "en"), ("en", "es"))
MIN_LENGTH = 5  # "des", "ten": short words in -es/-en are mostly not plurals
WORD_RE = re.compile(r"[^\W\d_]+")
_STEMMER = Stemmer.Stemmer("dutch")


def other_plurals(text: str, count: Callable[[str], int]) -> tuple[str, ...]:
    """The other plural form of each word in `text` that the corpus holds (`count`: how
    often the corpus has a lowercase word) and that the stemmer does not already join."""
    found: dict[str, None] = {}
    for word in WORD_RE.findall(text.lower()):
        if len(word) < MIN_LENGTH:
            continue
        for ending, other in ENDINGS:
            if not word.endswith(ending):
                continue
            form = word[: -len(ending)] + other
            if _STEMMER.stemWord(form) != _STEMMER.stemWord(word) and count(form) > 0:
                found[form] = None
    return tuple(found)
