"""A question from a mention or DM: a SWOT request, an empty mention, or a real question."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.deps import Deps
from bot.slack.flows.questions import Conversation
from bot.swot.service import parse_swot_request


def handle_question(deps: Deps, client: WebClient, conv: Conversation, question: str) -> None:
    if not question:
        client.chat_postMessage(
            channel=conv.channel, thread_ts=conv.reply_thread, text=f"{texts.EMPTY_QUESTION}\n\n{texts.HELP}"
        )
        return
    topic = parse_swot_request(question)
    if topic is not None:
        deps.swot.in_conversation(client, conv, topic)
        return
    deps.answerer.answer_in_conversation(client, conv, question)
