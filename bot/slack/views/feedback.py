"""Pure Block Kit for 👎 feedback: the modal that asks what was missing, and the list of
those notes on an admin's App Home (question, note, cited sources). No I/O."""

from __future__ import annotations

from datetime import datetime

from bot.slack.storage.answers import NOTE_CHARS, FeedbackNote
from bot.slack.views.blocks import Block, context, section
from bot.text import clip, mrkdwn

MODAL_MISSING = "feedback_wat_ontbrak"
NOTE_BLOCK = "wat_ontbrak"
NOTE_INPUT = "toelichting"
NOTES_SHOWN = 10


def missing_modal(answer_id: str, question: str) -> Block:
    return {
        "type": "modal",
        "callback_id": MODAL_MISSING,
        "private_metadata": answer_id,
        "title": {"type": "plain_text", "text": "Wat ontbrak er?"},
        "submit": {"type": "plain_text", "text": "Versturen"},
        "close": {"type": "plain_text", "text": "Overslaan"},
        "blocks": [
            section(
                f"Je vond dit antwoord niet nuttig. Vraag: _{mrkdwn(clip(' '.join(question.split()), 300))}_"
            ),
            {
                "type": "input",
                "block_id": NOTE_BLOCK,
                "label": {"type": "plain_text", "text": "Wat miste je in het antwoord?"},
                "hint": {
                    "type": "plain_text",
                    "text": "Bijvoorbeeld een document, een regel of een voorbeeld. De beheerder "
                    "gebruikt dit om de kennisbank aan te vullen.",
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": NOTE_INPUT,
                    "multiline": True,
                    "max_length": NOTE_CHARS,
                },
            },
        ],
    }


def notes_blocks(notes: list[FeedbackNote]) -> list[Block]:
    header: Block = {"type": "header", "text": {"type": "plain_text", "text": "Wat ontbrak er (👎)"}}
    if not notes:
        return [header, section("Nog geen toelichtingen bij een 👎.")]
    blocks = [header]
    for note in notes[:NOTES_SHOWN]:
        sources = "; ".join(mrkdwn(clip(s.title, 80)) for s in note.sources[:5]) or "geen"
        when = datetime.fromtimestamp(note.created_at).strftime("%d-%m-%Y %H:%M")
        text = (
            f"*Vraag:* {mrkdwn(clip(' '.join(note.question.split()), 300))}\n"
            f"*Ontbrak:* {mrkdwn(clip(' '.join(note.note.split()), 1500))}\n"
            f"*Bronnen in het antwoord:* {sources}"
        )
        blocks += [section(text), context(when)]
    return blocks
