"""Shared text helpers, each written once: the mrkdwn escaper for everything the bot shows
in Slack, cutting text without splitting an entity, the sentence boundary, the stopword
list, `shorten`, the source line, and `readable` for text with invalid bytes. (Two
splitters keep rules of their own: SWOT items, bot/swot/units.py, and model text with
[n] markers, bot/answer/citation_check.py.)

The rule: text from outside (a user, a document, a Slack message) is plain text inside the
bot; whatever goes out as Slack mrkdwn passes `mrkdwn` exactly once, and text for a
`plain_text` field passes `plain`. Neither can turn user text into a link, a mention or a
broadcast (@channel, @here, @everyone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.models import last_heading

WORD_JOINER = "\u2060"  # invisible; breaks "@channel" so Slack does not broadcast it
_BROADCAST = re.compile(r"(@)(?=(?:channel|here|everyone|group)\b)", re.IGNORECASE)
_CONTROL = re.compile(r"<(?=[!@#])")  # the start of a Slack control sequence
# A Slack entity we produced ourselves: cutting inside one would show "&am" or break a link.
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d{1,6});|<[^<>\s][^<>]{0,300}>")
_ALREADY = re.compile(r"&(?!(?:amp|lt|gt);)")
_SURROGATES = re.compile("[\ud800-\udfff]")
# The Snowball Dutch stop list (the one bm25s ships), written out so that shared code need not
# import bm25s: the one stopword list for keyword search, quotes and topic matching.
STOPWORDS = frozenset(
    "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door "
    "dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun "
    "iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar "
    "niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit "
    "uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich "
    "zij zijn zo zonder zou".split()
)
QUOTE_CHARS = 300
# The one sentence boundary: . ! ? or … before white space and a capital, a digit, a quote,
# a bracket, a bullet or a dash.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý0-9\"'“‘(•-])")
# Inside a sentence, the pieces that scoring and search windows work on also end at ; and :
# before such a character, at line breaks and tabs, and at a spaced dash before a capital.
_CLAUSE_END = re.compile(r"(?<=[;:])\s+(?=[A-Z0-9\u2018\u201c'\"(-])|\n+|\t+|\s+-\s+(?=[A-Z])")
MIN_CLAUSE_CHARS = 12  # "Kort." or "bv." alone is no sentence
# A word for typo repair: letters, a hyphenated compound ("BAR-gemeenten") as one.
SPELLING_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def mrkdwn(text: str) -> str:
    """Plain text → safe Slack mrkdwn. Idempotent for Slack's three entities, so text that
    is escaped twice by mistake still shows `&` and not `&amp;`."""
    text = _ALREADY.sub("&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(rf"\1{WORD_JOINER}", text)


def plain(text: str) -> str:
    """Text for a Block Kit `plain_text` field: shown as typed, but no broadcast and no
    control sequence survives."""
    text = _CONTROL.sub("<" + WORD_JOINER, str(text))
    return _BROADCAST.sub(rf"\1{WORD_JOINER}", text)


def safe_cut(text: str, at: int, *, forward: bool = False) -> int:
    """`at`, moved to before (or with `forward`, after) an entity or `<…>` sequence it
    would cut in half."""
    at = max(0, min(at, len(text)))
    for match in _ENTITY.finditer(text, max(0, at - 310), min(len(text), at + 310)):
        if match.start() < at < match.end():
            return match.end() if forward else match.start()
    return at


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """At most `limit` characters; a cut text ends in `ellipsis`, never inside an entity."""
    if len(text) <= limit:
        return text
    return text[: safe_cut(text, limit - len(ellipsis))].rstrip() + ellipsis


def shorten(text: str, limit: int = QUOTE_CHARS, mark: str = " …") -> str:
    """Whitespace collapsed; longer than `limit`: cut at a word end, dangling punctuation
    dropped, `mark` appended."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ") + mark


def source_line(n: int, title: str, section: str, page: int | None) -> str:
    """`[n] Titel — sectie, p. X` (section: its innermost heading)."""
    where = " — ".join(part for part in (title, last_heading(section)) if part)
    return f"[{n}] {where}" + (f", p. {page}" if page else "")


def readable(text: str) -> str:
    """Text typed by a user may carry bytes that are not UTF-8 (argv, stdin, a pasted file):
    Python hands them over as lone surrogates, which no encoder accepts; they become U+FFFD
    so the text can be embedded, printed and stored."""
    return _SURROGATES.sub("\ufffd", text)


def split_sentences(text: str) -> list[str]:
    """Whole sentences (for verbatim quotes)."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def split_clauses(text: str) -> list[str]:
    """Sentences cut further at ; : line breaks and spaced dashes, a piece shorter than
    MIN_CLAUSE_CHARS joined to the one before: what answers score and windows hold."""
    pieces = [p.strip(" -\t") for s in SENTENCE_END.split(text) for p in _CLAUSE_END.split(s)]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if merged and len(piece) < MIN_CLAUSE_CHARS:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def word_forms(text: str) -> Iterator[tuple[str, str | None]]:
    """(lowercase word, its written form) for every word of the text and every part of a
    hyphenated one: "BAR-gemeenten" gives itself, "BAR" and "gemeenten". The form is None
    for a word at a sentence start, whose capital says nothing of how it is written."""
    for i, m in enumerate(SPELLING_WORD_RE.finditer(text)):
        initial = not i or _after_full_stop(text, m.start())
        word = m.group(0)
        parts = [word, *word.split("-")] if "-" in word else [word]
        for n, part in enumerate(parts):
            yield part.lower(), part if n or not initial else None


def _after_full_stop(text: str, at: int) -> bool:
    before = text[max(0, at - 8) : at].rstrip(" \t\"'(*-")
    return not before or before[-1] in ".!?:\n#"
