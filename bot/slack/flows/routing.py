"""A question from a mention or DM: a SWOT request, an empty mention, or a real question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.ledger import Ticket
from bot.swot.service import parse_swot_request

if TYPE_CHECKING:
    from bot.slack.deps import Deps


def handle_question(deps: Deps, client: WebClient, ticket: Ticket) -> bool:
    """True once something the asker can read is posted (answer, explanation or apology)."""
    conv, question = ticket.conv, ticket.question
    if not question:
        client.chat_postMessage(
            channel=conv.channel, thread_ts=conv.reply_thread, text=f"{texts.EMPTY_QUESTION}\n\n{texts.HELP}"
        )
        return True
    topic = parse_swot_request(question)
    if topic is not None:
        scope = deps.answerer.scope(client, conv)
        return deps.swot.in_conversation(client, deps.ledger, ticket, topic, scope)
    return deps.answerer.answer_in_conversation(client, deps.ledger, ticket)
