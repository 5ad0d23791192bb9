"""The first message of an answer ("Even zoeken…"): posted with retries and backoff, tagged
with the question's key in message metadata so a retry, or a process that takes over an
abandoned question, finds a message that was posted after all instead of posting twice.
When Slack keeps refusing, the asker gets a private apology."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.ledger import QuestionLedger, Ticket
from bot.slack.views.blocks import NO_UNFURL

log = logging.getLogger(__name__)
EVENT_TYPE = "samenwerkbot_vraag"


class SlackUnavailable(Exception):
    """Not even a private apology reached Slack: the question stays claimed for a retry."""


BACKOFF = (0.5, 1.0, 2.0, 4.0)  # seconds between tries; 429s also wait for Retry-After


def post_progress(
    client: WebClient,
    ledger: QuestionLedger,
    ticket: Ticket,
    text: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Ticket | None:
    """The ticket with its progress message, or None when none could be posted (the asker
    was then told privately, if Slack allowed even that)."""
    if ticket.progress_ts:
        return ticket
    look = ticket.attempts > 1  # taken over: the dead process may have posted it
    for delay in (*BACKOFF, None):
        found = find_progress(client, ticket) if look else None
        if found:
            return ledger.record_progress(ticket, found)
        try:
            posted = client.chat_postMessage(
                channel=ticket.conv.channel,
                thread_ts=ticket.conv.reply_thread,
                text=text,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": ticket.key}},
                **NO_UNFURL,
            )
            return ledger.record_progress(ticket, str(posted["ts"]))
        except Exception as exc:
            log.warning("voortgangsbericht niet geplaatst (%s)", type(exc).__name__)
            look = True  # a 5xx may still have posted it
            if delay is not None:
                sleep(delay)
    if not _apologise_privately(client, ticket):
        raise SlackUnavailable(f"niets geplaatst voor vraag {ticket.key}")
    return None


def find_progress(client: WebClient, ticket: Ticket) -> str | None:
    """The ts of our message for this question, if Slack has it (None also when unknown)."""
    conv = ticket.conv
    try:
        if conv.reply_thread:
            page = client.conversations_replies(
                channel=conv.channel, ts=conv.reply_thread, include_all_metadata=True, limit=200
            )
        else:
            page = client.conversations_history(channel=conv.channel, include_all_metadata=True, limit=50)
    except Exception as exc:
        log.warning("kon niet nagaan of het voortgangsbericht er al staat (%s)", type(exc).__name__)
        return None
    for message in page.get("messages") or []:
        if _key_of(message) == ticket.key:
            return str(message["ts"])
    return None


def _key_of(message: dict[str, Any]) -> str | None:
    meta = message.get("metadata") or {}
    if meta.get("event_type") != EVENT_TYPE:
        return None
    return (meta.get("event_payload") or {}).get("key")


def _apologise_privately(client: WebClient, ticket: Ticket) -> bool:
    conv = ticket.conv
    try:
        client.chat_postEphemeral(
            channel=conv.channel, user=conv.user, thread_ts=conv.reply_thread, text=texts.progress_failed()
        )
        return True
    except Exception:
        log.error("ook de privé-excuses zijn niet geplaatst (vraag %s)", ticket.key, exc_info=True)
        return False
