"""Pure Block Kit for the global shortcut "Stel een vraag aan Samenwerkbot": a modal with one
question field. No I/O."""

from __future__ import annotations

from bot.slack.views.blocks import Block, context

MODAL_ASK = "vraag_venster"
QUESTION_BLOCK = "vraag"
QUESTION_INPUT = "vraag_tekst"
QUESTION_CHARS = 2000


def ask_modal() -> Block:
    return {
        "type": "modal",
        "callback_id": MODAL_ASK,
        "title": {"type": "plain_text", "text": "Vraag Samenwerkbot"},
        "submit": {"type": "plain_text", "text": "Vraag"},
        "close": {"type": "plain_text", "text": "Annuleren"},
        "blocks": [
            {
                "type": "input",
                "block_id": QUESTION_BLOCK,
                "label": {"type": "plain_text", "text": "Je vraag over samenwerking"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": QUESTION_INPUT,
                    "multiline": True,
                    "max_length": QUESTION_CHARS,
                    "placeholder": {"type": "plain_text", "text": "Wat is een ambtelijke fusie?"},
                },
            },
            context("Het antwoord, met bronnen, komt in je DM met mij. Daar kun je in de thread doorvragen."),
        ],
    }
