"""The whole SWOT as one table block: within Slack's limits however large it is, every item
shown while it fits, and what does not fit named with the way to it (the canvas)."""

from __future__ import annotations

import json

import pytest

from bot.models import QUADRANTS, Citation, Swot, SwotItem
from bot.slack.views.swot_table import CELL_CHARS, MAX_CELLS, MAX_ROWS, TABLE_CHARS, swot_table_blocks

pytestmark = pytest.mark.unit


def make_swot(items: int, words: int = 8) -> Swot:
    def item(q: str, i: int) -> SwotItem:
        text = f"{q} {i}: <!channel> & <b>x</b> " + "lange zin over samenwerking " * words
        cite = Citation(i % 9 + 1, f"doc{i}.txt", f"Titel {i}", "H > Sectie", i, text, text)
        return SwotItem(text=text.strip(), citations=[cite])

    return Swot(
        topic="gemeenschappelijke regeling",
        basis="passages",
        **{q: [item(q, i) for i in range(items)] for q in QUADRANTS},
    )


def cells(blocks: list[dict]) -> list[dict]:
    (table,) = [b for b in blocks if b["type"] == "table"]
    return [c for row in table["rows"] for c in row]


def cell_text(cell: dict) -> str:
    if cell["type"] == "raw_text":
        return cell["text"]
    return "".join(e["text"] for s in cell["elements"] for e in s["elements"])


@pytest.mark.parametrize("items", [0, 3, 40, 200])
def test_table_stays_within_slack_limits(items: int) -> None:
    blocks = swot_table_blocks(make_swot(items, words=30), private=True)
    tables = [b for b in blocks if b["type"] == "table"]
    assert len(tables) == 1 and len(blocks) <= 50
    rows = tables[0]["rows"]
    assert 0 < len(rows) <= MAX_ROWS and all(0 < len(r) <= MAX_CELLS for r in rows)
    assert len({len(r) for r in rows}) == 1  # every row as wide as the table
    texts = [cell_text(c) for c in cells(blocks)]
    assert all(t.strip() for t in texts)  # no empty cell
    assert all(len(t) <= CELL_CHARS + 40 for t in texts)  # a cut item plus its markers
    assert sum(len(t) for t in texts) <= TABLE_CHARS + 400  # the headers and the last note
    assert "<!channel>" not in json.dumps(blocks)  # user text never becomes a broadcast


def test_small_swot_shows_every_item_in_full() -> None:
    swot = make_swot(4)
    texts = [cell_text(c) for c in cells(swot_table_blocks(swot, private=False))]
    for q in QUADRANTS:
        for item in swot.quadrant(q):
            assert any(t.startswith(item.text[:60].replace("<!channel>", "<\u2060!channel>")) for t in texts)
    assert not any("en nog" in t for t in texts)
    assert texts[:2] == ["💪 Sterktes", "⚠️ Zwaktes"]


def test_what_does_not_fit_points_to_the_canvas() -> None:
    blocks = swot_table_blocks(make_swot(200), private=False)
    last = [cell_text(c) for c in cells(blocks)][-2]
    assert "…en nog" in last and "Zet in canvas" in last
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert "swot_canvas" in buttons and "swot_share" not in buttons
