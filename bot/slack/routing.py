"""A question from a mention or DM: a SWOT request, an empty mention, or a real question."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.answering import Conversation
from bot.slack.deps import Deps


def handle_question(deps: Deps, client: WebClient, conv: Conversation, question: str) -> None:
    if not question:
        client.chat_postMessage(channel=conv.channel, thread_ts=conv.reply_thread,
                                text=f"{texts.EMPTY_QUESTION}\n\n{texts.HELP}")
        return
    deps.answerer.answer_in_conversation(client, conv, question)
