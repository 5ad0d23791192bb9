"""Message shortcut "Bewaar als casuskennis" and the review of saved cases.

An editor's case is indexed at once; anyone else's waits for an editor's *Goedkeuren* on
the App Home. Text from a DM or private channel is kept only after the saver confirms, in
a modal, that it becomes visible to everyone. The decisions live in bot.knowledge.cases.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.knowledge.cases import CaseError
from bot.slack import texts
from bot.slack.channel_scope import channel_info, interaction_teams
from bot.slack.deps import Deps, bind
from bot.slack.flows.cases import case_markdown, plain
from bot.slack.flows.questions import error_reference, send_response
from bot.slack.flows.threads import is_bot_message, thread_messages
from bot.slack.views.cases import (
    ACTION_APPROVE,
    ACTION_REJECT,
    MODAL_CONFIRM,
    confirm_modal,
    notice_modal,
)
from bot.text import mrkdwn

log = logging.getLogger(__name__)
SHORTCUT_CASE = "bewaar_casuskennis"


def register(app: App, deps: Deps) -> None:
    app.shortcut(SHORTCUT_CASE)(ack=bind(start, deps), lazy=[bind(save, deps)])
    app.view(MODAL_CONFIRM)(ack=_ack, lazy=[bind(confirmed, deps)])
    app.view_closed(MODAL_CONFIRM)(bind(closed, deps))
    for action_id in (ACTION_APPROVE, ACTION_REJECT):
        app.action(action_id)(ack=_ack, lazy=[bind(review, deps)])


def start(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps) -> None:
    ack()
    channel, message, user = body["channel"]["id"], body["message"], body["user"]["id"]
    if not deps.channel_allowed(channel) or not is_private(client, channel):
        return  # the lazy `save` below answers these
    # Not lazy: the trigger_id for views.open expires three seconds after the click.
    key = draft_key(channel, message, user)
    opened = client.views_open(
        trigger_id=body["trigger_id"], view=confirm_modal(key, plain(message.get("text") or ""))
    )
    try:
        messages = _messages(client, channel, message, context.bot_user_id)
        case = case_markdown(messages, channel, datetime.now(), **case_origin(deps, client, body, context)[0])
        if case is None:
            raise CaseError(texts.CASE_EMPTY)
        deps.cases.draft(case, key)
    except CaseError as exc:
        view_id = (opened.get("view") or {}).get("id")
        client.views_update(view_id=view_id, view=notice_modal(mrkdwn(exc.message)))


def save(body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps) -> None:
    channel, user, message = body["channel"]["id"], body["user"]["id"], body["message"]

    def tell(text: str, replace: bool = True) -> None:
        if not send_response(respond, text=text, replace_original=replace):
            client.chat_postEphemeral(channel=channel, user=user, text=text)

    if not deps.channel_allowed(channel):
        tell(texts.CASE_NOT_ENABLED, replace=False)
        return
    if is_private(client, channel):
        return  # `start` asked for confirmation; `confirmed` goes on from there
    tell(texts.CASE_SAVING, replace=False)
    try:
        messages = _messages(client, channel, message, context.bot_user_id)
        origin, external = case_origin(deps, client, body, context)
        case = case_markdown(messages, channel, datetime.now(), **origin)
        if case is None:
            tell(texts.CASE_EMPTY)
        else:
            tell(_outcome(*deps.cases.submit(case, user, external=external)))
    except CaseError as exc:
        tell(mrkdwn(exc.message))
    except Exception:
        reference = error_reference()
        log.exception("casus niet opgeslagen (foutcode %s)", reference)
        tell(texts.case_failed(reference))


def confirmed(body: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps) -> None:
    user, key = body["user"]["id"], str(body["view"].get("private_metadata") or "")
    try:
        deps.cases.wait_for_draft(key, seconds=10)  # `start` may still be writing it
        text = _outcome(
            *deps.cases.confirm(key, user, external=is_external(*interaction_teams(body, context)))
        )
    except CaseError as exc:
        text = mrkdwn(exc.message)
    except Exception:
        reference = error_reference()
        log.exception("casus niet opgeslagen (foutcode %s)", reference)
        text = texts.case_failed(reference)
    client.chat_postMessage(channel=user, text=text)


def closed(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    ack()
    key = str(body["view"].get("private_metadata") or "")
    if key.endswith(f"-{body['user']['id']}"):  # a draft is dropped only by its saver
        try:
            deps.cases.drop_draft(key)
        except CaseError:
            pass  # not one of our keys: nothing to drop


def review(
    action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    """*Goedkeuren* / *Afwijzen* on the App Home: editors only; the saver hears the outcome."""
    user, name = body["user"]["id"], str(action.get("value") or "")
    installed, team = interaction_teams(body, context)
    if not deps.is_editor(user) or is_external(installed, team):  # another organisation's: never
        client.chat_postMessage(channel=user, text=texts.CASE_NOT_EDITOR)
        return
    try:
        if action["action_id"] == ACTION_APPROVE:
            case, _ = deps.cases.approve(name, by=user)
            note = texts.case_approved(case.title, user)
        else:
            case = deps.cases.reject(name, by=user)
            note = texts.case_rejected(case.title, user)
        if case.saved_by and case.saved_by != user:
            client.chat_postMessage(channel=case.saved_by, text=note)
    except CaseError as exc:
        client.chat_postMessage(channel=user, text=mrkdwn(exc.message))
    except Exception:
        reference = error_reference()
        log.exception("beoordeling mislukt (foutcode %s)", reference)
        client.chat_postMessage(channel=user, text=texts.case_failed(reference))
    from bot.slack.listeners.events import build_home  # the editor sees the queue change

    home = build_home(deps, user, team, external=is_external(installed, team))
    client.views_publish(user_id=user, view=home)


def _outcome(case: Any, report: Any | None) -> str:
    if report is None:
        return texts.case_queued(case.title)
    log.info("casus opgeslagen en geïndexeerd: %s (%d stukken)", case.name, report.chunks)
    return texts.case_saved(f"Casus: {case.title}", report.chunks)


def is_private(client: WebClient, channel: str) -> bool:
    """DMs, group DMs and private channels; when Slack will not say, assume private."""
    if channel.startswith("D"):
        return True
    info = channel_info(client, channel)
    return bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim")) or not info


def case_origin(
    deps: Deps, client: WebClient, body: dict[str, Any], context: BoltContext
) -> tuple[dict[str, Any], bool]:
    """Front matter for a case from this channel (the saver's team; visible to the
    organisations that saw the message; whether it came from a Slack Connect channel), and
    whether the saver is from another organisation: then it always waits for an editor."""
    installed, user_team = interaction_teams(body, context)
    channel, scopes = body["channel"]["id"], deps.answerer.scopes
    scope = scopes.for_interaction(client, channel, body, context)
    info = None if channel.startswith("D") else scopes.info(client, channel)
    teams = sorted({t for org in scope.orgs for t in org}) or [t for t in (installed,) if t]
    origin = {"team_id": user_team, "visibility": teams or None, "shared": bool(info and info.shared)}
    return origin, is_external(installed, user_team)


def is_external(installed: str | None, user_team: str | None) -> bool:
    """A user of another organisation, or one whose organisation Slack did not tell."""
    return not user_team or (installed is not None and user_team != installed)


def draft_key(channel: str, message: dict[str, Any], user: str) -> str:
    return f"{channel}-{str(message.get('ts', '0')).replace('.', '-')}-{user}"


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
