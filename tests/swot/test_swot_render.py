"""Rendering: Slack blocks inside Block Kit limits, Markdown for a memo, terminal text."""

from __future__ import annotations

import json

import pytest

from bot.ingest.swot_tables import SwotTableRecord, detect_swot_tables
from bot.models import QUADRANTS, Citation, Swot, SwotItem
from bot.slack.views.swot import swot_blocks, swot_fallback_text
from bot.swot.render import empty_line, swot_to_markdown, swot_to_text
from bot.swot.service import swot_from_table

TITLE = "Verslag van de verkenning samenwerkingsmogelijkheden Noaberkracht en Oldenzaal"
SECTION = "8. Vormen van samenwerking > 8.4 Vorm 4 Ambtelijke fusie"


@pytest.fixture(scope="module")
def table_swot(noaberkracht_text: str) -> Swot:
    detected = detect_swot_tables(noaberkracht_text)[3]
    record = SwotTableRecord.from_detected(
        detected, source="003_187c9113d662aac7.txt", title=TITLE, section=SECTION, page=27
    )
    return swot_from_table(record, name="ambtelijke fusie")


def _big_swot(items: int = 20, sources: int = 30) -> Swot:
    """Long items, many sources, Slack control characters: the worst case for limits."""

    def item(q: str, i: int) -> SwotItem:
        n = (i % sources) + 1
        text = f"{q} {i}: <b>&</b> | " + "lange zin over samenwerking " * 8
        cite = Citation(n, f"doc{n}.txt", f"Titel {n} " + "x" * 150, "H > Sectie", n, text, text)
        return SwotItem(text=text.strip(), citations=[cite])

    quadrants = {q: [item(q, i) for i in range(items)] for q in QUADRANTS}
    return Swot(topic="t" * 300, basis="passages", **quadrants)


def _walk_texts(blocks: list[dict]) -> list[tuple[str, str]]:
    """(block type, text) for every text object in the blocks."""
    out = []
    for block in blocks:
        if "text" in block:
            out.append((block["type"], block["text"]["text"]))
        for field in block.get("fields", []):
            out.append(("field", field["text"]))
        for element in block.get("elements", []):
            text = element.get("text")
            out.append((element["type"], text["text"] if isinstance(text, dict) else text))
    return out


def _assert_within_limits(blocks: list[dict]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert "text" in block or "fields" in block
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            assert 1 <= len(block["elements"]) <= 25
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids))
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= 2000
                assert json.loads(button["value"])["topic"]
    json.dumps(blocks)  # plain JSON, nothing else


def _buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_table_swot_blocks_show_all_items_with_their_source(table_swot: Swot) -> None:
    blocks = swot_blocks(table_swot, private=False, max_items=6)
    _assert_within_limits(blocks)
    texts = " ".join(t for _, t in _walk_texts(blocks))
    assert blocks[0]["text"]["text"] == "SWOT: ambtelijke fusie"
    for header in ("*💪 Sterktes*", "*⚠️ Zwaktes*", "*🌱 Kansen*", "*⛈️ Bedreigingen*"):
        assert header in texts
    for q in QUADRANTS:
        for item in table_swot.quadrant(q):
            assert f"• {item.text} [1]" in texts
    assert f"Uit tabel in '{TITLE}' (8.4 Vorm 4 Ambtelijke fusie, p. 27)" in texts
    assert "[1] " + TITLE in texts
    assert set(_buttons(blocks)) == {"swot_canvas"}  # nothing cut, asked in a channel: only the canvas


def test_cut_quadrant_gets_show_all_and_private_gets_share(table_swot: Swot) -> None:
    blocks = swot_blocks(table_swot, private=True, max_items=3)
    _assert_within_limits(blocks)
    buttons = _buttons(blocks)
    assert buttons["swot_show_all"]["text"]["text"] == "Toon alles"
    assert buttons["swot_share"]["text"]["text"] == "Deel in kanaal"
    assert json.loads(buttons["swot_share"]["value"]) == {"topic": "ambtelijke fusie"}
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b["fields"]]
    bedreigingen = next(f for f in fields if "Bedreigingen" in f)
    assert bedreigingen.count("• ") == 3 and "_…en nog 3_" in bedreigingen
    kansen = next(f for f in fields if "Kansen" in f)
    assert "…en nog 1" in kansen


def test_worst_case_stays_within_block_kit_limits() -> None:
    swot = _big_swot()
    for max_items in (1, 6, 50):
        blocks = swot_blocks(swot, private=True, max_items=max_items)
        _assert_within_limits(blocks)
        assert "swot_show_all" in _buttons(blocks)
    text = " ".join(t for _, t in _walk_texts(swot_blocks(swot, private=False)))
    assert "<b>" not in text and "&lt;b&gt;&amp;&lt;/b&gt;" in text


def test_empty_quadrant_says_so() -> None:
    cite = Citation(1, "a.txt", "A", "S", None, "Een voordeel.", "Een voordeel.")
    swot = Swot("centrumgemeente", "passages", sterktes=[SwotItem("Een voordeel.", [cite])])
    blocks = swot_blocks(swot, private=False)
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b["fields"]]
    assert "_In de documenten staan geen duidelijke zwaktes van centrumgemeente._" in fields[1]
    assert sum("_In de documenten staan geen duidelijke " in f for f in fields) == 3
    table = Swot("centrumgemeente", "tabel", sterktes=[SwotItem("Een voordeel.", [cite])])
    assert empty_line(table, "kansen") == "De documenten noemen geen kansen van centrumgemeente."
    assert "Samengesteld uit passages in de documenten" in blocks[1]["elements"][0]["text"]
    assert swot_fallback_text(swot) == (
        "SWOT van centrumgemeente: 1 sterktes, 0 zwaktes, 0 kansen, 0 bedreigingen."
    )


def test_markdown_is_two_tables_and_a_source_list(table_swot: Swot) -> None:
    md = swot_to_markdown(table_swot)
    lines = md.splitlines()
    assert lines[0] == "## SWOT: ambtelijke fusie"
    assert "| Sterktes | Zwaktes |" in lines and "| Kansen | Bedreigingen |" in lines
    assert lines.count("|---|---|") == 2
    assert "| Duidelijkheid in structuur [1] | Veel afstemming nodig tussen eigenaren [1] |" in lines
    # Six threats against four opportunities: the shorter column gets empty cells.
    assert "|  | Eerst een stap terug in dienstverlening [1] |" in lines
    assert lines[-1] == f"1. {TITLE}, 8.4 Vorm 4 Ambtelijke fusie, p. 27 (`003_187c9113d662aac7.txt`)"
    table_rows = [ln for ln in lines if ln.startswith("| ") and "[1]" in ln]
    assert len(table_rows) == max(5, 4) + max(4, 6)


def test_markdown_escapes_pipes_and_marks_empty_quadrants() -> None:
    cite = Citation(1, "a.txt", "A | B", "S", 3, "x", "x")
    swot = Swot("t", "passages", zwaktes=[SwotItem("kosten | baten", [cite])])
    md = swot_to_markdown(swot)
    assert "| *In de documenten staan geen duidelijke sterktes van t.* | kosten \\| baten [1] |" in md
    assert "1. A \\| B, S, p. 3 (`a.txt`)" in md


def test_text_lists_every_item_and_the_sources(table_swot: Swot) -> None:
    text = swot_to_text(table_swot)
    assert text.startswith("SWOT: ambtelijke fusie\nUit tabel in ")
    for q in QUADRANTS:
        for item in table_swot.quadrant(q):
            assert f"  • {item.text} [1]" in text
    assert text.rstrip().endswith(
        f"[1] {TITLE} — 8.4 Vorm 4 Ambtelijke fusie, p. 27 (003_187c9113d662aac7.txt)"
    )


def test_long_sentences_stay_whole_in_text_and_markdown_and_fit_slack() -> None:
    sentence = "Een voordeel is dat " + "de gemeenten samen sterker staan en " * 12 + "meer kunnen."
    cite = Citation(1, "a.txt", "A", "S", None, sentence, sentence)
    swot = Swot("t", "passages", sterktes=[SwotItem(sentence, [cite])])
    assert len(sentence) > 400
    assert sentence in swot_to_text(swot) and sentence in swot_to_markdown(swot)
    fields = [
        f["text"] for b in swot_blocks(swot, private=False) if b["type"] == "section" for f in b["fields"]
    ]
    assert all(len(f) <= 2000 for f in fields) and sentence[:100] in fields[0]
