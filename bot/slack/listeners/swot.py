"""/swot ONDERWERP (private, with "Deel in kanaal"), and the SWOT buttons "Toon alles" (the
whole SWOT as a table block), "Zet in canvas" (canvases.create, editable by the channel) and
"Deel in kanaal". "maak een SWOT van …" in a mention or DM goes through routing.py."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UserError
from bot.models import Swot
from bot.slack import texts
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import error_reference, send_response
from bot.slack.flows.swot import ALL_ITEMS, FIRST_ITEMS, shared_blocks
from bot.slack.views.blocks import NO_UNFURL
from bot.slack.views.mrkdwn import from_slack
from bot.slack.views.swot import ACTION_CANVAS, swot_blocks, swot_fallback_text
from bot.slack.views.swot_table import canvas_notice, swot_table_blocks
from bot.swot.render import swot_to_markdown
from bot.text import mrkdwn

log = logging.getLogger(__name__)
MAX_CANVAS_TITLE = 255


def register(app: App, deps: Deps) -> None:
    app.command("/swot")(ack=bind(ack_command, deps), lazy=[bind(run_command, deps)])
    app.action("swot_show_all")(ack=_ack, lazy=[bind(show_all, deps)])
    app.action("swot_share")(ack=_ack, lazy=[bind(share, deps)])
    app.action(ACTION_CANVAS)(ack=_ack, lazy=[bind(to_canvas, deps)])


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
    _show(respond, lambda: _shown(action, body, client, context, deps), private=private, max_items=ALL_ITEMS)


def to_canvas(
    action: dict[str, Any],
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    deps: Deps,
) -> None:
    """The SWOT as a canvas: the asker and (in a channel) its members may edit it, so the
    municipalities can work it into the PHO papers together."""
    channel, user = (body.get("channel") or {}).get("id") or "", body["user"]["id"]
    try:
        swot = _shown(action, body, client, context, deps)  # the channel's scope: all there may edit it
        title = f"SWOT: {swot.topic}"[:MAX_CANVAS_TITLE]
        made = client.canvases_create(
            title=title, document_content={"type": "markdown", "markdown": swot_to_markdown(swot)}
        )
        canvas = str(made["canvas_id"])
        in_channel = channel[:1] in ("C", "G")
        if in_channel:
            client.canvases_access_set(canvas_id=canvas, access_level="write", channel_ids=[channel])
        client.canvases_access_set(canvas_id=canvas, access_level="write", user_ids=[user])
        url = canvas_url(client, canvas)
    except UserError as exc:
        send_response(respond, text=mrkdwn(exc.message), replace_original=False)
        return
    except SlackApiError as exc:
        log.info("canvas niet gemaakt: %s", exc.response.get("error"))
        send_response(respond, text=texts.CANVAS_FAILED, replace_original=False)
        return
    log.info("SWOT als canvas %s gemaakt", canvas)
    send_response(respond, text=canvas_notice(url, title, in_channel=in_channel), replace_original=False)


def canvas_url(client: WebClient, canvas: str) -> str:
    """Slack's address of a canvas: <workspace url>docs/<team id>/<canvas id>."""
    who = client.auth_test()
    return f"{str(who.get('url') or 'https://slack.com/').rstrip('/')}/docs/{who.get('team_id')}/{canvas}"


def share(
    action: dict[str, Any],
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    deps: Deps,
) -> None:
    """As with answers: through the response_url (any conversation), else the bot's own post."""
    channel, user = body["channel"]["id"], body["user"]["id"]
    try:
        swot = _shown(action, body, client, context, deps)
        shown = dict(text=swot_fallback_text(swot), blocks=shared_blocks(swot, user), **NO_UNFURL)
        if not send_response(respond, response_type="in_channel", replace_original=False, **shown):
            client.chat_postMessage(channel=channel, **shown)
    except UserError as exc:
        send_response(respond, text=mrkdwn(exc.message), replace_original=False)
        return
    except SlackApiError as exc:
        log.info("SWOT delen in %s mislukt: %s", channel, exc.response.get("error"))
        send_response(respond, text=texts.CANNOT_SHARE, replace_original=False)
        return
    send_response(respond, text=texts.SHARED, replace_original=True)


def _shown(
    action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> Swot:
    """The SWOT a button belongs to, as shown before, in the scope of the button's channel."""
    channel = (body.get("channel") or {}).get("id") or None
    scope = deps.answerer.scopes.for_interaction(client, channel, body, context)
    return deps.swot.build(_topic(action), fresh=False, scope=scope)


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
        whole = max_items >= ALL_ITEMS
        blocks = (
            swot_table_blocks(swot, private=private)
            if whole
            else swot_blocks(swot, private=private, max_items=max_items)
        )
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
