"""Reading threads back from Slack (conversations.replies): for the case-knowledge shortcut
and for follow-ups in a thread our own store knows nothing about."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import texts
from bot.slack.storage.answers import HISTORY_PAIRS
from bot.slack.views.mrkdwn import from_slack, question_text

log = logging.getLogger(__name__)
PROGRESS_PREFIX = texts.PROGRESS.split("…")[0]
ANSWER_ENDS = ("\n\nBronnen:", "\n\nMisschien relevant:")  # see blocks.answer_fallback


def thread_messages(client: WebClient, channel: str, thread_ts: str, limit: int = 200) -> list[dict]:
    """The thread's messages, parent first; [] when Slack will not give them (logged)."""
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=limit)
    except SlackApiError as exc:
        log.warning("thread %s in %s niet gelezen: %s", thread_ts, channel, exc.response.get("error"))
        return []
    return list(response.get("messages") or [])


def thread_history(
    client: WebClient, channel: str, thread_ts: str, bot_user_id: str | None
) -> list[tuple[str, str]]:
    """(question, answer) pairs: each bot answer with the user message before it.

    Read without waiting out a rate limit (conversations.replies may allow one call a minute):
    answering without history beats keeping the user waiting."""
    pairs: list[tuple[str, str]] = []
    question: str | None = None
    impatient = WebClient(token=client.token, base_url=client.base_url, timeout=10)
    for message in thread_messages(impatient, channel, thread_ts):
        if is_bot_message(message, bot_user_id):
            answer = from_slack(_answer_part(message.get("text") or ""))
            if answer.startswith(PROGRESS_PREFIX):  # our own "Even zoeken…", not an answer
                continue
            if question and answer:
                pairs.append((question, answer))
            question = None
        else:
            question = question_text(message.get("text")) or question
    return pairs[-HISTORY_PAIRS:]


def is_bot_message(message: dict[str, Any], bot_user_id: str | None) -> bool:
    return bool(message.get("bot_id")) or (bot_user_id is not None and message.get("user") == bot_user_id)


def _answer_part(text: str) -> str:
    for end in ANSWER_ENDS:
        text = text.split(end, 1)[0]
    return text.strip()
