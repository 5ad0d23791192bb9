"""Small text helpers shared by every layer: the one place each of these is written."""

from __future__ import annotations

from bot.models import last_heading

QUOTE_CHARS = 300


def escape_mrkdwn(text: str) -> str:
    """Slack mrkdwn control characters: user and document text must not become links,
    mentions or broadcasts (quotes from PDFs may hold '<' or '&')."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """Whitespace collapsed, cut at a word end with " …" when longer than `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def source_line(n: int, title: str, section: str, page: int | None) -> str:
    """`[n] Titel — sectie, p. X` (section: its innermost heading)."""
    where = " — ".join(part for part in (title, last_heading(section)) if part)
    return f"[{n}] {where}" + (f", p. {page}" if page else "")
