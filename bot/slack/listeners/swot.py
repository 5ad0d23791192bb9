"""/swot ONDERWERP (private, with "Deel in kanaal"), and the SWOT buttons "Toon alles" and
"Deel in kanaal". "maak een SWOT van …" in a mention or DM goes through routing.py."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UserError
from bot.slack import texts
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import error_reference, send_response
from bot.slack.flows.swot import ALL_ITEMS, FIRST_ITEMS, shared_blocks
from bot.slack.views.blocks import NO_UNFURL
from bot.slack.views.mrkdwn import from_slack
from bot.slack.views.swot import swot_blocks, swot_fallback_text
from bot.text import mrkdwn

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    app.command("/swot")(ack=bind(ack_command, deps), lazy=[bind(run_command, deps)])
    app.action("swot_show_all")(ack=_ack, lazy=[bind(show_all, deps)])
    app.action("swot_share")(ack=_ack, lazy=[bind(share, deps)])


def ack_command(ack: Ack, command: dict[str, Any], deps: Deps) -> None:
    allowed = deps.channel_allowed(command.get("channel_id"))
    ack(text=texts.PRIVATE_SWOT_PROGRESS if allowed else texts.not_enabled())


def run_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    channel = command.get("channel_id")
    if not deps.channel_allowed(channel):
        return
    topic = " ".join(from_slack(command.get("text")).split())
    topic = "" if topic.lower() in ("help", "hulp", "?") else topic  # the service lists the topics
    scope = deps.answerer.scopes.for_interaction(client, channel, command, context)  # it can be shared there
    _show(respond, lambda: deps.swot.build(topic, scope=scope), private=True, max_items=FIRST_ITEMS)


def show_all(
    action: dict[str, Any],
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    deps: Deps,
) -> None:
    private = bool((body.get("container") or {}).get("is_ephemeral"))
    topic = _topic(action)
    scope = deps.answerer.scopes.for_interaction(client, (body.get("channel") or {}).get("id"), body, context)
    _show(
        respond,
        lambda: deps.swot.build(topic, fresh=False, scope=scope),
        private=private,
        max_items=ALL_ITEMS,
    )


def share(
    action: dict[str, Any],
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    deps: Deps,
) -> None:
    channel, user = body["channel"]["id"], body["user"]["id"]
    try:
        scope = deps.answerer.scopes.for_interaction(client, channel, body, context)
        swot = deps.swot.build(_topic(action), fresh=False, scope=scope)
        client.chat_postMessage(
            channel=channel, text=swot_fallback_text(swot), blocks=shared_blocks(swot, user), **NO_UNFURL
        )
    except UserError as exc:
        send_response(respond, text=mrkdwn(exc.message), replace_original=False)
        return
    except SlackApiError as exc:
        log.info("SWOT delen in %s mislukt: %s", channel, exc.response.get("error"))
        send_response(respond, text=texts.CANNOT_SHARE, replace_original=False)
        return
    send_response(respond, text=texts.SHARED, replace_original=True)


def _ack(ack: Ack) -> None:
    ack()


def _topic(action: dict[str, Any]) -> str:
    try:
        return str(json.loads(action.get("value") or "{}").get("topic") or "")
    except (json.JSONDecodeError, AttributeError):
        return ""


def _show(respond: Respond, build: Any, *, private: bool, max_items: int) -> None:
    """Build, then replace the "Even een SWOT maken…" note (or the shown SWOT) with it."""
    try:
        swot = build()
        blocks = swot_blocks(swot, private=private, max_items=max_items)
        send_response(
            respond,
            text=swot_fallback_text(swot),
            blocks=blocks,
            replace_original=True,
            response_type="ephemeral" if private else "in_channel",
        )
    except UserError as exc:
        send_response(respond, text=mrkdwn(exc.message), replace_original=True)
    except Exception:
        reference = error_reference()
        log.exception("SWOT mislukt (foutcode %s)", reference)
        send_response(respond, text=texts.apology(reference), replace_original=True)
