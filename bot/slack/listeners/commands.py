"""/samenwerking: a question answered privately, `help`, and `herindexeer` for admins.

The ack (under 3 s) shows "Even zoeken…"; the answer replaces it from a lazy listener.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.conversation import Conversation
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import error_reference, send_response
from bot.slack.views.mrkdwn import question_text

log = logging.getLogger(__name__)
HELP_WORDS = ("", "help", "hulp", "?")
REINDEX_WORDS = ("herindexeer", "herindexeren", "reindex")


def parse(text: str) -> tuple[str, str]:
    """("help" | "herindexeer" | "vraag", rest)."""
    text = question_text(text)
    head, _, rest = text.partition(" ")
    if head.lower() in HELP_WORDS:
        return "help", ""
    if head.lower() in REINDEX_WORDS:
        return "herindexeer", rest.lower()
    return "vraag", text


def register(app: App, deps: Deps) -> None:
    app.command("/samenwerking")(ack=bind(ack_command, deps), lazy=[bind(run_command, deps)])


def ack_command(ack: Ack, command: dict[str, Any], deps: Deps) -> None:
    kind, _ = parse(command.get("text", ""))
    if kind == "help":
        ack(text=texts.HELP)
    elif kind == "herindexeer":
        ack(text=texts.REINDEX_STARTED if deps.is_admin(command.get("user_id")) else texts.ADMIN_ONLY)
    elif not deps.channel_allowed(command.get("channel_id")):
        ack(text=texts.not_enabled())
    else:
        ack(text=texts.PRIVATE_PROGRESS)


def run_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    kind, rest = parse(command.get("text", ""))
    channel, user = command.get("channel_id", ""), command.get("user_id", "")
    if kind == "vraag" and deps.channel_allowed(channel):
        log.info("/samenwerking-vraag in %s", channel)
        conv = Conversation(
            channel,
            user,
            None,
            None,
            team_id=context.team_id,
            user_team=context.actor_team_id or context.team_id,
        )
        deps.answerer.answer_privately(respond, rest, conv, client)
    elif kind == "herindexeer" and deps.is_admin(user):
        reindex(deps, respond, client, user, full=rest.startswith("volledig"), lock=deps.reindexing)


def reindex(
    deps: Deps, respond: Respond, client: WebClient, user: str, *, full: bool, lock: threading.Lock
) -> None:
    if not lock.acquire(blocking=False):
        _tell(respond, client, user, "Er loopt al een herindexering; ik meld het als die klaar is.")
        return
    try:
        log.info("herindexeren gestart door een beheerder (volledig: %s)", full)
        report = deps.kb.index(rebuild=full)
        text = texts.reindex_done(
            report.documents,
            report.chunks,
            report.skipped,
            report.removed,
            report.seconds,
            list(report.errors),
        )
    except Exception:
        reference = error_reference()
        log.exception("herindexeren mislukt (foutcode %s)", reference)
        text = texts.reindex_failed(reference)
    finally:
        lock.release()
    _tell(respond, client, user, text)


def _tell(respond: Respond, client: WebClient, user: str, text: str) -> None:
    """Through the command's response_url; after its 30 minutes, in a DM instead."""
    if not send_response(respond, text=text, replace_original=False):
        log.info("response_url verlopen; melding via DM")
        client.chat_postMessage(channel=user, text=text)
