"""Pure builder of the App Home tab: what the bot can do, the indexed sources and (when
reminders are on) the user's upcoming reminders. No I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.slack import texts
from bot.slack.views.blocks import Block, context, section
from bot.slack.views.mrkdwn import split_text
from bot.text import mrkdwn

MAX_HOME_BLOCKS = 100


def home_view(
    sources: list[dict[str, Any]],
    reminder_blocks: list[Block] | None = None,
    sources_error: str | None = None,
    review_blocks: list[Block] | None = None,
) -> Block:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Samenwerkbot"}},
        section(texts.HELP),
        {"type": "divider"},
        *([*review_blocks, {"type": "divider"}] if review_blocks else []),
        {"type": "header", "text": {"type": "plain_text", "text": "Bronnen in de kennisbank"}},
    ]
    if sources_error:
        blocks.append(section(sources_error))
    elif not sources:
        blocks.append(
            section("Nog niets geïndexeerd. De beheerder bouwt de index met `python -m bot index`.")
        )
    else:
        blocks += [section(part) for part in split_text("\n".join(source_lines(sources)))]
        blocks.append(context(f"{len(sources)} bronnen, {sum(s.get('chunks', 0) for s in sources)} stukken."))
    if reminder_blocks is not None:
        blocks += [{"type": "divider"}, *reminder_blocks]
    if len(blocks) > MAX_HOME_BLOCKS:
        blocks = blocks[: MAX_HOME_BLOCKS - 1] + [context("Niet alles past op deze pagina.")]
    return {"type": "home", "blocks": blocks}


def source_lines(sources: list[dict[str, Any]]) -> list[str]:
    lines = []
    for s in sources:
        kind = " (casus)" if s.get("kind") == "case" else ""
        when = _when(s.get("indexed_at"))
        lines.append(
            f"• *{mrkdwn(str(s.get('title') or s.get('source')))}*{kind} — {s.get('chunks', 0)} stukken{when}"
        )
    return lines


def _when(value: Any) -> str:
    """`indexed_at` as a Dutch date; the store may give epoch seconds or ISO text."""
    if value in (None, ""):
        return ""
    try:
        moment = (
            datetime.fromtimestamp(float(value))
            if isinstance(value, int | float)
            else datetime.fromisoformat(str(value))
        )
    except (ValueError, OSError, OverflowError):
        return f", geïndexeerd {mrkdwn(str(value))}"
    return f", geïndexeerd {moment:%d-%m-%Y %H:%M}"
