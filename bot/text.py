"""Shared text helpers: the one mrkdwn escaper for everything the bot shows in Slack, and
cutting text without splitting an entity.

The rule: text from outside (a user, a document, a Slack message) is plain text inside the
bot; whatever goes out as Slack mrkdwn passes `mrkdwn` exactly once, and text for a
`plain_text` field passes `plain`. Neither can turn user text into a link, a mention or a
broadcast (@channel, @here, @everyone).
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"  # invisible; breaks "@channel" so Slack does not broadcast it
_BROADCAST = re.compile(r"(@)(?=(?:channel|here|everyone|group)\b)", re.IGNORECASE)
_CONTROL = re.compile(r"<(?=[!@#])")  # the start of a Slack control sequence
# A Slack entity we produced ourselves: cutting inside one would show "&am" or break a link.
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d{1,6});|<[^<>\s][^<>]{0,300}>")
_ALREADY = re.compile(r"&(?!(?:amp|lt|gt);)")


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
