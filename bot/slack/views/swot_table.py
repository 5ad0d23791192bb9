"""The whole SWOT as Slack's table block ("Toon alles"), and the canvas notice. Pure functions.

Slack's table block (docs.slack.dev/reference/block-kit/blocks/table-block): one per message,
at most 100 rows of at most 20 cells, cells `raw_text` or `rich_text`. We use two columns
(Sterktes | Zwaktes, then Kansen | Bedreigingen, each pair under a bold header row), cut a
cell at CELL_CHARS and the whole table at TABLE_CHARS, so the message stays far inside
Slack's size limits. Whatever does not fit is named in the last row, with the way to all
of it: *Zet in canvas*, which has no such limits.
"""

from __future__ import annotations

from typing import Any

from bot.models import Swot
from bot.slack.views.swot import sources_block, swot_buttons, swot_head
from bot.swot.render import LABELS, empty_line, markers, sources
from bot.text import clip, mrkdwn, plain

MAX_ROWS = 100
MAX_CELLS = 20
CELL_CHARS = 500
TABLE_CHARS = 12_000
PAIRS = (("sterktes", "zwaktes"), ("kansen", "bedreigingen"))


def swot_table_blocks(swot: Swot, *, private: bool) -> list[dict[str, Any]]:
    """Header, basis, the table, the sources of what the table shows, buttons."""
    table, shown = swot_table(swot)
    blocks = [*swot_head(swot), table, sources_block(sources(swot, shown))]
    actions = swot_buttons(swot, cut=False, private=private)
    return [*blocks, {"type": "actions", "elements": actions}]


def swot_table(swot: Swot) -> tuple[dict[str, Any], list[Any]]:
    """The table block and the items it shows."""
    rows: list[list[dict[str, Any]]] = []
    shown: list[Any] = []
    budget = TABLE_CHARS
    for left, right in PAIRS:
        rows.append([_bold(f"{LABELS[q][0]} {LABELS[q][1]}") for q in (left, right)])
        a, b = swot.quadrant(left), swot.quadrant(right)
        for i in range(max(len(a), len(b), 1)):
            cells = [_item_cell(swot, q, i) for q in (left, right)]
            size = sum(len(c["text"]) for c in cells)
            if len(rows) >= MAX_ROWS - 1 or size > budget:
                return _with_rest(rows, swot, len(shown)), shown
            budget -= size
            rows.append(cells)
            shown += [items[i] for items in (a, b) if i < len(items)]
    return _table(rows), shown


def _item_cell(swot: Swot, q: str, i: int) -> dict[str, Any]:
    items = swot.quadrant(q)
    if i < len(items):
        return _raw(f"{clip(' '.join(items[i].text.split()), CELL_CHARS)} {markers(items[i])}".strip())
    return _raw(empty_line(swot, q) if i == 0 else "–")  # a cell holds at least one character


def _with_rest(rows: list[list[dict[str, Any]]], swot: Swot, shown: int) -> dict[str, Any]:
    total = sum(len(swot.quadrant(q)) for pair in PAIRS for q in pair)
    note = f"…en nog {total - shown} punten: klik op Zet in canvas voor de hele SWOT."
    return _table([*rows[: MAX_ROWS - 1], [_raw(note), _raw("–")]])


def _table(rows: list[list[dict[str, Any]]]) -> dict[str, Any]:
    settings = [{"is_wrapped": True}, {"is_wrapped": True}]
    return {"type": "table", "column_settings": settings, "rows": [r[:MAX_CELLS] for r in rows]}


def _raw(text: str) -> dict[str, Any]:
    # raw_text shows text as typed; `plain` still keeps a broadcast or control sequence inert.
    return {"type": "raw_text", "text": plain(text)}


def _bold(text: str) -> dict[str, Any]:
    run = {"type": "text", "text": plain(text), "style": {"bold": True}}
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [run]}]}


def canvas_notice(url: str, title: str, *, in_channel: bool) -> str:
    """mrkdwn for the asker: where the canvas is and who may edit it."""
    who = "iedereen in dit kanaal en jij" if in_channel else "jij"
    return (
        f":memo: Canvas gemaakt: <{url}|{mrkdwn(title)}>. Bewerken mag: {who}. Deel de link met "
        "de andere gemeente(n) of zet hem in jullie gedeelde kanaal voor de PHO-stukken."
    )
