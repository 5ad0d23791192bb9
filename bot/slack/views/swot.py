"""A SWOT as Slack Block Kit: a 2x2 of quadrant fields, sources, buttons. Pure functions.
"Toon alles" shows the whole SWOT as a table block instead (swot_table.py)."""

from __future__ import annotations

import json
from typing import Any

from bot.models import QUADRANTS, Citation, Swot, SwotItem
from bot.swot.render import LABELS, basis_line, empty_line, markers, source_line, sources
from bot.text import mrkdwn, plain

# Long sentences stay whole in text and Markdown; a Slack field holds at most MAX_FIELD.
MAX_SLACK_ITEM = 700
# Block Kit limits (api.slack.com/reference/block-kit): we stay well inside them.
MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_FIELD = 2000  # a section field
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE = 2000
MAX_TOPIC_IN_VALUE = 200
ACTION_CANVAS = "swot_canvas"


def swot_fallback_text(swot: Swot) -> str:
    """The notification text that goes with the blocks."""
    counts = ", ".join(f"{len(swot.quadrant(q))} {LABELS[q][1].lower()}" for q in QUADRANTS)
    return f"SWOT van {mrkdwn(swot.topic)}: {counts}."


def swot_blocks(swot: Swot, *, private: bool, max_items: int = 6) -> list[dict[str, Any]]:
    """Header, basis, the four quadrants as a 2x2 of fields, sources, buttons."""
    shown = {q: _fitting(swot, q, max_items) for q in QUADRANTS}
    cut = any(len(swot.quadrant(q)) > len(shown[q]) for q in QUADRANTS)
    blocks = swot_head(swot)
    for left, right in (("sterktes", "zwaktes"), ("kansen", "bedreigingen")):
        fields = [_mrkdwn(_quadrant_text(swot, q, shown[q])) for q in (left, right)]
        blocks.append({"type": "section", "fields": fields})
    blocks.append({"type": "divider"})
    shown_items = [i for q in QUADRANTS for i in shown[q]]
    blocks.append(sources_block(sources(swot, shown_items)))
    blocks.append({"type": "actions", "elements": swot_buttons(swot, cut=cut, private=private)})
    return blocks[:MAX_BLOCKS]


def swot_head(swot: Swot) -> list[dict[str, Any]]:
    return [
        {"type": "header", "text": _plain(_clip(plain(f"SWOT: {swot.topic}"), MAX_HEADER))},
        {"type": "context", "elements": [_mrkdwn(mrkdwn(basis_line(swot)))]},
        {"type": "divider"},
    ]


def _fitting(swot: Swot, q: str, max_items: int) -> list[SwotItem]:
    """At most `max_items` items, fewer when their text would pass the field limit."""
    items = swot.quadrant(q)[: max(0, max_items)]
    while items and len(_quadrant_text(swot, q, items)) > MAX_FIELD:
        items = items[:-1]
    return items


def _quadrant_text(swot: Swot, q: str, items: list[SwotItem]) -> str:
    emoji, label = LABELS[q]
    hidden = len(swot.quadrant(q)) - len(items)
    lines = [f"• {mrkdwn(_clip(i.text, MAX_SLACK_ITEM))} {markers(i)}" for i in items]
    lines = lines or [f"_{mrkdwn(empty_line(swot, q))}_"]
    tail = [f"_…en nog {hidden}_"] if hidden else []
    return "\n".join([f"*{emoji} {label}*", *lines, *tail])


def sources_block(cited: list[Citation]) -> dict[str, Any]:
    """Numbered sources as context elements, each under the field limit, at most ten."""
    elements: list[dict[str, str]] = []
    current = "*Bronnen*"
    for c in cited:
        line = mrkdwn(source_line(c))
        if len(current) + len(line) + 1 > MAX_FIELD:
            elements.append(_mrkdwn(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    elements.append(_mrkdwn(current))
    if len(elements) > MAX_CONTEXT_ELEMENTS:
        elements = elements[: MAX_CONTEXT_ELEMENTS - 1] + [_mrkdwn("_…meer bronnen: Toon alles_")]
    return {"type": "context", "elements": elements}


def swot_buttons(swot: Swot, *, cut: bool, private: bool) -> list[dict[str, Any]]:
    """Toon alles (when cut), Zet in canvas (always: editable by everyone in the channel),
    Deel in kanaal (when private)."""
    value = json.dumps({"topic": swot.topic[:MAX_TOPIC_IN_VALUE]}, ensure_ascii=False)
    value = value[:MAX_BUTTON_VALUE]
    buttons = []
    if cut:
        buttons.append(_button("Toon alles", "swot_show_all", value))
    buttons.append(_button("Zet in canvas", ACTION_CANVAS, value))
    if private:
        buttons.append(_button("Deel in kanaal", "swot_share", value, style="primary"))
    return buttons


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": _plain(text),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
