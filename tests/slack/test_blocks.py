"""Pure builders: Block Kit limits hold for any answer, texts are escaped, cases are valid."""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from bot.ingest.metadata import split_front_matter
from bot.slack.flows.cases import case_markdown, plain
from bot.slack.storage.records import AnswerRecord, SourceRef
from bot.slack.views.blocks import MAX_BLOCKS, answer_messages, passage_modal
from bot.slack.views.home import home_view
from bot.slack.views.mrkdwn import split_text, strip_mentions


def record(answer: str, sources: int, found: bool = True) -> AnswerRecord:
    refs = [
        SourceRef(n, f"Titel {n}", "3. Vormen > 3.1 Ambtelijke fusie", n, "citaat " * 80, "tekst " * 900)
        for n in range(1, sources + 1)
    ]
    return AnswerRecord("abc123", "Vraag?", found, answer, "extractive", refs)


def sections(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_a_long_answer_with_many_sources_is_split_within_limits() -> None:
    long_answer = ("Een zin over samenwerking [1]. " * 40 + "\n\n") * 12  # ± 15,000 characters
    messages = answer_messages(record(long_answer, 60))
    assert len(messages) >= 2
    for message in messages:
        assert message.text and len(message.text) <= 4000
        assert len(message.blocks) <= MAX_BLOCKS
        assert all(len(s) <= 3000 for s in sections(message.blocks))
        for block in message.blocks:
            for element in [block.get("accessory")] + block.get("elements", []):
                if element and element.get("type") == "button":
                    assert len(element["value"]) <= 2000 and len(element["text"]["text"]) <= 75
    shown = "".join(sections([b for m in messages for b in m.blocks]))
    assert shown.count("Een zin over samenwerking") == long_answer.count("Een zin over samenwerking")
    assert messages[-1].blocks[-1]["type"] == "context_actions"  # feedback under the last part


@pytest.mark.parametrize("sources", range(44, 52))
def test_share_and_feedback_stay_together_on_the_last_part(sources: int) -> None:
    messages = answer_messages(record("Kort antwoord [1].", sources), private=True)
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    kinds = [b["type"] for m in messages for b in m.blocks]
    assert kinds.count("context_actions") == 1 and kinds.count("actions") == 1
    assert [b["type"] for b in messages[-1].blocks[-2:]] == ["actions", "context_actions"]
    assert sum(len(m.blocks) for m in messages) == 1 + 1 + sources + 2  # answer, label, sources, actions


def test_source_lines_are_numbered_with_title_section_and_page() -> None:
    message = answer_messages(record("Antwoord [1].", 1))[0]
    line = sections(message.blocks)[2]
    assert line.startswith("*[1] Titel 1 — 3.1 Ambtelijke fusie, p. 1*\n> citaat")


def test_user_text_cannot_mention_or_link() -> None:
    message = answer_messages(record("Zie <!channel> en <https://x.nl|hier> & meer", 0))[0]
    assert "<!channel>" not in message.blocks[0]["text"]["text"]
    assert "&lt;!channel&gt;" in message.blocks[0]["text"]["text"]


def test_not_found_lists_closest_passages() -> None:
    message = answer_messages(record("Dat staat niet in de documenten.", 2, found=False))[0]
    assert "*Misschien relevant:*" in sections(message.blocks)


def test_private_answer_has_share_button_and_feedback_buttons() -> None:
    share, feedback = answer_messages(record("A [1].", 1), private=True)[0].blocks[-2:]
    assert share["type"] == "actions" and [e["action_id"] for e in share["elements"]] == ["deel_antwoord"]
    assert feedback["type"] == "context_actions"
    (element,) = feedback["elements"]
    assert element["type"] == "feedback_buttons" and element["action_id"] == "feedback"
    answer_id = share["elements"][0]["value"]
    assert element["positive_button"]["value"] == f"goed:{answer_id}"
    assert element["negative_button"]["value"] == f"slecht:{answer_id}"
    for side in ("positive_button", "negative_button"):
        assert len(element[side]["text"]["text"]) <= 75 and element[side]["accessibility_label"]


def test_feedback_buttons_pass_slack_sdk_validation() -> None:
    from slack_sdk.models.blocks import Block

    for block in answer_messages(record("A [1].", 1))[0].blocks:
        parsed = Block.parse(block)
        assert parsed is not None and parsed.to_dict()["type"] == block["type"]


def test_passage_modal_respects_modal_limits() -> None:
    view = passage_modal(SourceRef(1, "T", "S", None, "q", "woord " * 100_000))
    assert len(view["blocks"]) <= 100 and len(view["title"]["text"]) <= 24
    assert all(len(s) <= 3000 for s in sections(view["blocks"]))
    assert "niet meer bewaard" in sections(passage_modal(None)["blocks"])[0]


def test_split_text_keeps_everything() -> None:
    text = "Alinea een. " * 300 + "\n\n" + "x" * 7000
    parts = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_strip_mentions() -> None:
    assert strip_mentions("<@U0BOT0001> Wat is <@W123|jan> een GR?") == "Wat is een GR?"


def test_case_markdown_has_front_matter_and_thread() -> None:
    messages = [
        {"ts": "1700000000.000100", "text": "Gemeente A en B: één *belastingkantoor* <https://x.nl|site>"},
        {"ts": "1700000001.000100", "text": "<@U123> Het werkt goed &amp; scheelt geld"},
    ]
    case = case_markdown(messages, "C0KANAAL1", datetime(2026, 1, 5, 10, 0))
    assert case is not None and case.name == "slack-C0KANAAL1-1700000000-000100.md"
    front, body = split_front_matter(case.text)
    assert front["title"].startswith("Gemeente A en B") and front["kanaal"] == "C0KANAAL1"
    assert "site (https://x.nl)" in body and "- Het werkt goed & scheelt geld" in body
    assert yaml.safe_load(case.text.split("---")[1])["bron"] == "Slack"
    assert case_markdown([{"ts": "1", "text": "  "}], "C1", datetime.now()) is None
    assert plain("<!here> hoi") == "hoi"


def test_home_view_lists_sources_and_reminders() -> None:
    view = home_view(
        [{"title": "Handreiking", "kind": "document", "chunks": 12, "indexed_at": "2026-01-05 10:00"}],
        [{"type": "section", "text": {"type": "mrkdwn", "text": "herinneringen"}}],
    )
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if isinstance(b.get("text"), dict))
    assert "*Handreiking* — 12 stukken, geïndexeerd 05-01-2026 10:00" in text
    assert "herinneringen" in text and len(view["blocks"]) <= 100
