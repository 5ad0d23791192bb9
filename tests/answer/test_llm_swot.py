"""generate_swot against the scripted server: JSON in, cited items out."""

from __future__ import annotations

import json

import pytest

from bot.answer.llm_answer import generate_swot, parse_swot_json
from bot.models import QUADRANTS

from .conftest import PROMPTS_DIR
from .fake_openai import Reply


def swot(chat_model, passages):  # type: ignore[no-untyped-def]
    return generate_swot("ambtelijke fusie", passages, chat_model=chat_model, prompts_dir=PROMPTS_DIR)


def test_items_are_checked_and_numbered_across_the_swot(fake_llm, chat_model, passages) -> None:
    reply = {
        "sterktes": ["Gemeenten blijven bestuurlijk zelfstandig [2]", "Goedkoper [8]"],
        "zwaktes": ["Afstand tussen bestuur en organisatie wordt groter [2]"],
        "kansen": ["Eén gemeente voert taken uit voor de andere [3][1]", "Geen bron"],
        "bedreigingen": [],
    }
    fake_llm.add("```json\n" + json.dumps(reply, ensure_ascii=False) + "\n```")
    result = swot(chat_model, passages)
    assert result is not None and list(result) == list(QUADRANTS)
    assert [i.text for i in result["sterktes"]] == ["Gemeenten blijven bestuurlijk zelfstandig"]
    assert [c.n for c in result["sterktes"][0].citations] == [1]
    assert result["zwaktes"][0].citations[0].quote.startswith("Een nadeel is dat de afstand")
    (kans,) = result["kansen"]
    assert kans.text == "Eén gemeente voert taken uit voor de andere"
    assert [(c.n, c.source) for c in kans.citations] == [(2, "003_bron.txt"), (3, "001_bron.txt")]
    assert result["bedreigingen"] == []
    assert "onderwerp: ambtelijke fusie" in fake_llm.requests[0].messages[1]["content"].lower()


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(Reply("Sterktes: zelfstandig [2]."), id="prose-not-json"),
        pytest.param(Reply('{"sterktes": ["zelfstandig [2]"'), id="truncated-json"),
        pytest.param(
            Reply('{"sterktes": ["zonder bron"], "zwaktes": ["verzonnen [9]"]}'), id="no-valid-citation"
        ),
        pytest.param(Reply(status=500), id="http-500"),
    ],
)
def test_unusable_swot_falls_back(fake_llm, chat_model, passages, reply) -> None:
    fake_llm.add(reply, times=2)
    assert swot(chat_model, passages) is None


def test_parse_swot_json_shapes() -> None:
    assert parse_swot_json('{"Sterktes": [{"tekst": "a [1]"}], "kansen": ["b [2]", 3]}') == {
        "sterktes": ["a [1]"],
        "zwaktes": [],
        "kansen": ["b [2]"],
        "bedreigingen": [],
    }
    assert parse_swot_json('{"sterktes": "niet een lijst"}') is None
    assert parse_swot_json('{"iets": []}') is None
