"""Pure text helpers for Slack: reading Slack's markup once at the edge, mention stripping,
splitting long text. Escaping for output is `bot.text.mrkdwn` (the one escaper).

No I/O; Block Kit assembly lives in blocks.py.
"""

from __future__ import annotations

import re

from bot.text import clip, mrkdwn, safe_cut, shorten, source_line

SECTION_LIMIT = 3000  # Block Kit: section text
FALLBACK_LIMIT = 3900  # the `text` fallback; Slack truncates far later, notifications sooner
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def from_slack(text: str) -> str:
    """Slack's message markup → plain text, applied once where text comes in: `<@U1|jan>` →
    `@jan`, `<#C1|pho>` → `#pho`, `<!channel>` → `@channel`, `<url|label>` → `label (url)`,
    and `&amp;` `&lt;` `&gt;` → `&` `<` `>`. What comes out is never markup again."""
    text = text if isinstance(text, str) else ""  # a payload may carry anything
    return _MARKUP.sub(_readable, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _readable(match: re.Match[str]) -> str:
    target, label = match[1], match[2]
    if target[:1] in "@#":
        return target[0] + (label or target[1:]).lstrip("@#")
    if target.startswith("!"):  # <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
        return label or "@" + target[1:].split("^")[0]
    return f"{label} ({target})" if label and label != target else target


def strip_mentions(text: str) -> str:
    """The question without `<@U…>` mentions (of the bot or anyone else)."""
    return " ".join(_MENTION.sub(" ", text if isinstance(text, str) else "").split())


def question_text(text: str | None) -> str:
    """A mention's or DM's text as the plain question the knowledge base is asked."""
    return " ".join(from_slack(strip_mentions(text or "")).split())


def user_mention(user_id: str) -> str:
    """`<@U…>` for a real user id only; anything else is shown as escaped text."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id or "") else mrkdwn(user_id or "")


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
    # One enormous word: cut it anyway rather than be rejected, but not inside `&amp;`.
    return safe_cut(text, limit) or limit


def source_heading(n: int, title: str, section: str, page: int | None) -> str:
    """`[n] Titel — sectie, p. X` (section: the last part of the path)."""
    return mrkdwn(source_line(n, title, section, page))


def quote_block(text: str, limit: int = 400) -> str:
    """A passage as a mrkdwn quote, shortened to keep the message readable."""
    return "\n".join(f"> {line}" for line in mrkdwn(shorten(text, limit)).splitlines() or [""])


def fallback(text: str, limit: int = FALLBACK_LIMIT) -> str:
    """The `text` of a message; `text` must already be mrkdwn (escaped)."""
    return clip(text, limit)
