"""Pure text helpers for Slack: mrkdwn escaping, mention stripping, splitting long text.

No I/O; Block Kit assembly lives in blocks.py.
"""

from __future__ import annotations

import re

from bot.text import escape_mrkdwn as escape
from bot.text import shorten, source_line

SECTION_LIMIT = 3000  # Block Kit: section text
FALLBACK_LIMIT = 3900  # the `text` fallback; Slack truncates far later, notifications sooner
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str) -> str:
    """The question without `<@U…>` mentions (of the bot or anyone else)."""
    return " ".join(_MENTION.sub(" ", text or "").split())


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, line, sentence or word ends."""
    text = text.strip()
    pieces: list[str] = []
    while len(text) > limit:
        cut = _cut_point(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n\n", "\n", ". ", " "):
        at = window.rfind(separator)
        if at > limit // 2:
            return at + len(separator)
    return limit  # one enormous word: cut it anyway rather than be rejected


def source_heading(n: int, title: str, section: str, page: int | None) -> str:
    """`[n] Titel — sectie, p. X` (section: the last part of the path)."""
    return escape(source_line(n, title, section, page))


def quote_block(text: str, limit: int = 400) -> str:
    """A passage as a mrkdwn quote, shortened to keep the message readable."""
    return "\n".join(f"> {line}" for line in escape(shorten(text, limit)).splitlines() or [""])


def fallback(text: str, limit: int = FALLBACK_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
