"""Pure Block Kit builders for answers, progress, errors and the passage modal. No I/O.

Limits kept here (Slack rejects a message that breaks them): section text ≤ 3,000 chars,
≤ 50 blocks per message, ≤ 100 blocks per modal, modal title ≤ 24 chars, button value ≤
2,000 chars, and always a plain `text` fallback for notifications and screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.slack import texts
from bot.slack.storage.records import AnswerRecord, SourceRef
from bot.slack.views.mrkdwn import (
    fallback,
    quote_block,
    source_heading,
    split_text,
)
from bot.text import mrkdwn, safe_cut

Block = dict[str, Any]
MAX_BLOCKS = 50
MODAL_MAX_BLOCKS = 100

ACTION_PASSAGE = "toon_passage"
ACTION_VOTE_UP = "feedback_goed"
ACTION_VOTE_DOWN = "feedback_slecht"  # the old 👍/👎 buttons: answers posted before feedback_buttons
ACTION_FEEDBACK = "feedback"  # Slack's feedback_buttons; value "goed:<answer id>" / "slecht:<answer id>"
ACTION_SHARE = "deel_antwoord"
ANSWER_ACTIONS_BLOCK = "antwoord_acties"
FEEDBACK_BLOCK = "antwoord_feedback"
PASSAGE_MODAL = "passage_modal"


@dataclass(frozen=True)
class SlackMessage:
    text: str  # plain fallback, always set
    blocks: list[Block]


# Answers cite documents by link: no previews of them under the answer (chat.postMessage).
NO_UNFURL: dict[str, bool] = {"unfurl_links": False, "unfurl_media": False}


# -- small pieces ---------------------------------------------------------------------------


def section(text: str, accessory: Block | None = None) -> Block:
    """`text` is mrkdwn already (escaped where it holds outside text)."""
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": text[: safe_cut(text, 3000)]}}
    if accessory:
        block["accessory"] = accessory
    return block


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[: safe_cut(text, 3000)]}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "value": value[:2000],
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
    }
    if style:
        element["style"] = style
    return element


def input_value(view: Block, block_id: str, action_id: str) -> str:
    """A plain_text_input's value from a submitted modal ("" when absent)."""
    values = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    return str((values.get(action_id) or {}).get("value") or "")


def text_message(text: str) -> SlackMessage:
    """A short notice: one section, same text as fallback."""
    return SlackMessage(fallback(text), [section(text)])


# -- answers ----------------------------------------------------------------------------------


def answer_messages(
    record: AnswerRecord, *, private: bool = False, shared_by: str | None = None
) -> list[SlackMessage]:
    """The answer as one or more messages (a long one is split, never rejected)."""
    blocks = [section(part) for part in split_text(mrkdwn(record.answer))]
    blocks += _source_blocks(record)
    if shared_by:
        blocks.append(context(texts.shared_by(shared_by)))
    actions = answer_actions(record.id, private=private)
    pages = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    # "Deel in kanaal" and 👍/👎 stay together under the last part.
    if len(pages[-1]) + len(actions) <= MAX_BLOCKS:
        pages[-1] += actions
    else:
        pages.append(actions)
    first = answer_fallback(record)
    return [
        SlackMessage(first if i == 0 else f"(vervolg {i + 1}/{len(pages)})", page)
        for i, page in enumerate(pages)
    ]


def answer_tail(record: AnswerRecord) -> list[Block]:
    """Sources and 👍/👎 for the end of a streamed answer (chat.stopStream's blocks)."""
    blocks = _source_blocks(record)
    actions = answer_actions(record.id, private=False)
    return blocks[: MAX_BLOCKS - len(actions)] + actions


def _source_blocks(record: AnswerRecord) -> list[Block]:
    """The numbered sources, and the line saying the scope left some out (Slack Connect)."""
    note = [context(texts.LEFT_OUT)] if record.left_out else []
    if not record.sources:
        return note
    label = "*Bronnen*" if record.found else "*Misschien relevant:*"
    return [section(label)] + [source_block(record.id, s) for s in record.sources] + note


def source_block(answer_id: str, source: SourceRef) -> Block:
    text = f"*{source_heading(source.n, source.title, source.section, source.page)}*"
    if source.quote:
        text += "\n" + quote_block(source.quote)
    return section(text, button("Toon passage", ACTION_PASSAGE, f"{answer_id}:{source.n}"))


def answer_actions(answer_id: str, *, private: bool) -> list[Block]:
    """👍/👎 as Slack's own feedback_buttons (only allowed in a context_actions block);
    "Deel in kanaal" stays a button in an actions block above them."""
    feedback = {
        "type": "feedback_buttons",
        "action_id": ACTION_FEEDBACK,
        "positive_button": _feedback_button("👍 Nuttig", "Dit antwoord is nuttig", f"goed:{answer_id}"),
        "negative_button": _feedback_button(
            "👎 Niet nuttig", "Dit antwoord is niet nuttig", f"slecht:{answer_id}"
        ),
    }
    blocks: list[Block] = [{"type": "context_actions", "block_id": FEEDBACK_BLOCK, "elements": [feedback]}]
    if private:
        share = button("Deel in kanaal", ACTION_SHARE, answer_id, style="primary")
        blocks.insert(0, {"type": "actions", "block_id": ANSWER_ACTIONS_BLOCK, "elements": [share]})
    return blocks


def _feedback_button(label: str, spoken: str, value: str) -> Block:
    text = {"type": "plain_text", "text": label[:75], "emoji": True}
    return {"text": text, "accessibility_label": spoken[:75], "value": value[:2000]}


def answer_fallback(record: AnswerRecord) -> str:
    lines = [mrkdwn(record.answer)]
    if record.sources:
        lines += ["", "Bronnen:" if record.found else "Misschien relevant:"]
        lines += [source_heading(s.n, s.title, s.section, s.page) for s in record.sources]
    return fallback("\n".join(lines))


def partial_message(raw: str) -> SlackMessage:
    """What the LLM has written so far (its [n] markers are checked only at the end)."""
    shown = mrkdwn(raw.strip())
    if len(shown) > 2900:
        shown = "…" + shown[safe_cut(shown, len(shown) - 2900, forward=True) :]
    body = f"{shown} ▌"
    return SlackMessage(fallback(body), [section(body), context(texts.WRITING)])


# -- the passage modal --------------------------------------------------------------------------


def passage_modal(source: SourceRef | None) -> Block:
    if source is None:
        blocks = [section(texts.ANSWER_GONE)]
    else:
        heading = f"*{source_heading(source.n, source.title, source.section, source.page)}*"
        blocks = [section(heading)] + [section(p) for p in split_text(mrkdwn(source.text))]
        if len(blocks) > MODAL_MAX_BLOCKS:
            blocks = blocks[: MODAL_MAX_BLOCKS - 1] + [context("De passage is ingekort.")]
    return {
        "type": "modal",
        "callback_id": PASSAGE_MODAL,
        "title": {"type": "plain_text", "text": "Passage"},
        "close": {"type": "plain_text", "text": "Sluiten"},
        "blocks": blocks,
    }
