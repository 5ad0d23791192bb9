"""Pure Block Kit for case knowledge: the confirmation modal for text from a private
conversation, and the review queue on the App Home of editors. No I/O."""

from __future__ import annotations

from bot.knowledge.cases import SavedCase
from bot.slack.views.blocks import Block, button, context, section
from bot.slack.views.mrkdwn import user_mention
from bot.text import clip, mrkdwn

MODAL_CONFIRM = "casus_bevestigen"
ACTION_APPROVE = "casus_goedkeuren"
ACTION_REJECT = "casus_afwijzen"
MAX_SHOWN = 15  # the App Home holds 100 blocks; the rest is listed by `python -m bot cases list`


def confirm_modal(key: str, excerpt: str) -> Block:
    warning = (
        ":warning: *Dit bericht komt uit een privégesprek of privékanaal.* Als casuskennis wordt "
        "de tekst (met de thread) zichtbaar voor *iedereen* die de bot iets vraagt, ook buiten "
        "dit gesprek. Bewaar alleen wat openbaar mag zijn."
    )
    return {
        "type": "modal",
        "callback_id": MODAL_CONFIRM,
        "private_metadata": key,
        "notify_on_close": True,
        "title": {"type": "plain_text", "text": "Casus bewaren?"},
        "submit": {"type": "plain_text", "text": "Ja, bewaar"},
        "close": {"type": "plain_text", "text": "Annuleren"},
        "blocks": [
            section(warning),
            section(f"> {mrkdwn(clip(' '.join(excerpt.split()), 600))}"),
        ],
    }


def notice_modal(text: str) -> Block:
    """The confirmation modal replaced by a message (`text` is mrkdwn already)."""
    return {
        "type": "modal",
        "callback_id": "casus_melding",
        "title": {"type": "plain_text", "text": "Casuskennis"},
        "close": {"type": "plain_text", "text": "Sluiten"},
        "blocks": [section(text)],
    }


def review_blocks(pending: list[SavedCase]) -> list[Block]:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Casuskennis ter beoordeling"}}
    ]
    if not pending:
        return [*blocks, section("Er wacht geen casuskennis op goedkeuring.")]
    for case in pending[:MAX_SHOWN]:
        who = user_mention(case.saved_by) if case.saved_by else "onbekend"
        blocks.append(
            section(
                f"*{mrkdwn(clip(case.title, 150))}*\nOpgeslagen door {who}"
                f"{' op ' + mrkdwn(case.saved_at) if case.saved_at else ''} · {case.chars} tekens\n"
                f"> {mrkdwn(clip(case.excerpt, 280))}"
            )
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": f"casus:{case.name}"[:255],
                "elements": [
                    button("Goedkeuren", ACTION_APPROVE, case.name, style="primary"),
                    button("Afwijzen", ACTION_REJECT, case.name, style="danger"),
                ],
            }
        )
    if len(pending) > MAX_SHOWN:
        blocks.append(context(f"En nog {len(pending) - MAX_SHOWN}: zie `python -m bot cases list`."))
    return blocks
