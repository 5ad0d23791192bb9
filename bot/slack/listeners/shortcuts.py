"""Message shortcut "Bewaar als casuskennis": the message and its thread become a case
file in the data dir, indexed at once, confirmed privately to the user."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.deps import Deps, bind
from bot.slack.flows.cases import case_markdown, write_case
from bot.slack.flows.questions import error_reference, send_response
from bot.slack.flows.threads import is_bot_message, thread_messages

log = logging.getLogger(__name__)
SHORTCUT_CASE = "bewaar_casuskennis"


def register(app: App, deps: Deps) -> None:
    app.shortcut(SHORTCUT_CASE)(ack=_ack, lazy=[bind(save_case, deps)])


def save_case(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    channel, user = body["channel"]["id"], body["user"]["id"]

    def tell(text: str, replace: bool) -> None:
        if not send_response(respond, text=text, replace_original=replace):
            client.chat_postEphemeral(channel=channel, user=user, text=text)

    tell(texts.CASE_SAVING, replace=False)
    try:
        messages = _messages(client, channel, body["message"], context.bot_user_id)
        case = case_markdown(messages, channel, datetime.now())
        if case is None:
            tell(texts.CASE_EMPTY, replace=True)
            return
        path = write_case(case, deps.settings.cases_data_dir)
        report = deps.kb.add_case(path)
        if report.errors:
            raise RuntimeError("; ".join(report.errors))
        log.info("casus opgeslagen en geïndexeerd: %s (%d stukken)", path.name, report.chunks)
        tell(texts.case_saved(f"Casus: {case.title}", report.chunks), replace=True)
    except Exception:
        reference = error_reference()
        log.exception("casus niet opgeslagen (foutcode %s)", reference)
        tell(texts.case_failed(reference), replace=True)


def _ack(ack: Ack) -> None:
    ack()


def _messages(
    client: WebClient, channel: str, message: dict[str, Any], bot_user_id: str | None
) -> list[dict[str, Any]]:
    """The whole thread when the message has one (people only), else just the message."""
    thread_ts = message.get("thread_ts") or (message.get("ts") if message.get("reply_count") else None)
    thread = thread_messages(client, channel, thread_ts) if thread_ts else []
    people = [m for m in thread if not is_bot_message(m, bot_user_id)]
    return people or [message]
