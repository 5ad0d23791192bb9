"""Ask the knowledge base and show the answer in Slack, with progress and no silent failure.

In a conversation (mention, DM): post "Even zoeken…" at once; an extractive answer replaces
it in one edit, an LLM answer streams in (live_answer.py: natively in a thread, else by
edits at most once per `stream_interval`); on any error the message becomes a Dutch
explanation of what to try. For /samenwerking the same goes
through the command's response_url, visible to the asker only.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.errors import UserError
from bot.ingest.visibility import Scope
from bot.models import Answer
from bot.slack import texts
from bot.slack.channel_scope import ChannelScopes
from bot.slack.conversation import Conversation
from bot.slack.flows.threads import thread_history
from bot.slack.ledger import QuestionLedger, Ticket
from bot.slack.live_answer import LiveAnswer
from bot.slack.progress import post_progress
from bot.slack.storage.answers import AnswerStore
from bot.slack.storage.records import AnswerRecord, record_from_answer
from bot.slack.views.blocks import (
    NO_UNFURL,
    SlackMessage,
    answer_messages,
    answer_tail,
    section,
    text_message,
)
from bot.text import mrkdwn

log = logging.getLogger(__name__)


def error_reference() -> str:
    """A short code the user can quote and the log shows next to the traceback."""
    return secrets.token_hex(3)


class Asks(Protocol):
    """What answering needs from the knowledge base (bot.knowledge.service.KnowledgeBase)."""

    def ask(
        self,
        question: str,
        history: Sequence[tuple[str, str]] | None = None,
        on_partial: Callable[[str], None] | None = None,
        scope: Scope | None = None,
    ) -> Answer: ...


class Answerer:
    def __init__(
        self,
        kb: Asks,
        answers: AnswerStore,
        *,
        stream_interval: float = 1.0,
        scopes: ChannelScopes | None = None,
    ) -> None:
        self.kb = kb
        self.answers = answers
        self.stream_interval = stream_interval
        self.scopes = scopes or ChannelScopes()
        self._team_id: str | None = None

    def scope(self, client: WebClient, conv: Conversation) -> Scope:
        """The organisations that read the answer (see channel_scope.py)."""
        return self.scopes.scope(
            client, conv.channel, team_id=conv.team_id, user_team=conv.user_team, shared_hint=conv.shared
        )

    def answer_in_conversation(self, client: WebClient, ledger: QuestionLedger, ticket: Ticket) -> bool:
        """True once the answer, a Dutch explanation or an apology is posted."""
        posted = post_progress(client, ledger, ticket, texts.PROGRESS)
        if posted is None:
            return True  # the asker was told privately
        conv, question = posted.conv, posted.question
        live = LiveAnswer(
            client,
            conv,
            str(posted.progress_ts),
            interval=self.stream_interval,
            team_id=conv.user_team or self.team_id(client),  # the asker's (Slack Connect)
            on_moved=lambda ts: _moved(client, ledger, posted, ts),
        )
        started = time.monotonic()
        try:
            history = self.history(client, conv)
            scope = self.scope(client, conv)
            answer = self.kb.ask(question, history=history or None, on_partial=live.offer, scope=scope)
            record = record_from_answer(answer)
            first, *rest = answer_messages(record)
            ts = live.close()
            self.answers.save(
                record,
                channel=conv.channel,
                message_ts=ts,
                thread_ts=conv.reply_thread,
                team_id=conv.user_team,
            )
            live.finish(first, answer_tail(record) if not rest else [], record.answer if not rest else "")
            self._post_rest(client, conv, rest)
            log.info(
                "antwoord in %s: gevonden=%s, %d bronnen, %d eerdere beurten, %.1f s",
                conv.channel,
                record.found,
                len(record.sources),
                len(history),
                time.monotonic() - started,
            )
            return True
        except UserError as exc:
            _update(client, conv.channel, live.abort(), text_message(mrkdwn(exc.message)))
            return True
        except Exception:
            reference = error_reference()
            log.exception("vraag in %s niet beantwoord (foutcode %s)", conv.channel, reference)
            return apologise(client, conv.channel, live.abort(), conv.reply_thread, reference)

    def team_id(self, client: WebClient) -> str | None:
        """The workspace streams go to (Slack wants it for a stream in a channel)."""
        if self._team_id is None:
            try:
                self._team_id = str(client.auth_test().get("team_id") or "") or None
            except Exception:
                log.warning("team-id niet opgevraagd", exc_info=True)
        return self._team_id

    def history(self, client: WebClient, conv: Conversation) -> list[tuple[str, str]]:
        if not conv.history_thread:
            return []
        stored = self.answers.history(conv.channel, conv.history_thread)
        if stored:
            return stored
        # Not answered by this installation's store (e.g. a fresh data dir): read the thread.
        return thread_history(client, conv.channel, conv.history_thread, conv.bot_user_id)

    def _post_rest(self, client: WebClient, conv: Conversation, messages: list[SlackMessage]) -> None:
        for message in messages:
            client.chat_postMessage(
                channel=conv.channel,
                thread_ts=conv.reply_thread,
                text=message.text,
                blocks=message.blocks,
                **NO_UNFURL,
            )

    def answer_privately(
        self, respond: Respond, question: str, conv: Conversation, client: WebClient
    ) -> AnswerRecord | None:
        """/samenwerking: the answer replaces the command's "Even zoeken…" note. Its scope is
        the channel's: *Deel in kanaal* can show it to everyone there."""
        channel = conv.channel
        try:
            record = record_from_answer(self.kb.ask(question, scope=self.scope(client, conv)))
            self.answers.save(
                record, channel=channel, message_ts=None, thread_ts=None, team_id=conv.user_team
            )
            for i, message in enumerate(answer_messages(record, private=True)):
                send_response(respond, text=message.text, blocks=message.blocks, replace_original=i == 0)
            log.info("privé-antwoord in %s: gevonden=%s", channel, record.found)
            return record
        except UserError as exc:
            send_response(respond, text=mrkdwn(exc.message), replace_original=True)
        except Exception:
            reference = error_reference()
            log.exception("privévraag in %s niet beantwoord (foutcode %s)", channel, reference)
            send_response(respond, text=texts.apology(reference), replace_original=True)
        return None


def send_response(respond: Respond, **message: Any) -> bool:
    """Post through a response_url (ephemeral unless told otherwise); False when it failed."""
    message.setdefault("response_type", "ephemeral")
    try:
        response = respond(**message)
    except Exception:
        log.warning("response_url niet bereikbaar", exc_info=True)
        return False
    status = getattr(response, "status_code", 200)
    if status != 200:
        log.warning("response_url gaf HTTP %s", status)
    return status == 200


def _moved(client: WebClient, ledger: QuestionLedger, ticket: Ticket, stream_ts: str) -> None:
    """The stream now holds the answer: a process that takes the question over edits it, and
    the "Even zoeken…" above it goes."""
    ledger.record_progress(ticket, stream_ts)
    try:
        client.chat_delete(channel=ticket.conv.channel, ts=str(ticket.progress_ts))
    except Exception:
        log.warning("voortgangsbericht niet verwijderd", exc_info=True)


def _update(client: WebClient, channel: str, ts: str, message: SlackMessage) -> None:
    client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)


def apologise(client: WebClient, channel: str, ts: str | None, thread: str | None, reference: str) -> bool:
    """Turn the progress message into the apology; post it anew if that edit fails too.
    False when neither reached Slack."""
    text = texts.apology(reference)
    try:
        if ts:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=[section(text)])
            return True
    except Exception:
        log.warning("foutmelding niet als bewerking geplaatst (foutcode %s)", reference, exc_info=True)
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=text)
        return True
    except Exception:
        log.error("foutmelding niet geplaatst (foutcode %s)", reference, exc_info=True)
        return False
