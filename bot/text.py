"""Small text helpers shared by every layer: the one place each of these is written."""

from __future__ import annotations

import re

from bot.models import last_heading

QUOTE_CHARS = 300
_SURROGATES = re.compile("[\ud800-\udfff]")


def escape_mrkdwn(text: str) -> str:
    """Slack mrkdwn control characters: user and document text must not become links,
    mentions or broadcasts (quotes from PDFs may hold '<' or '&')."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
