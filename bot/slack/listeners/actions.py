"""Buttons under an answer: "Toon passage" (modal), 👍/👎 (feedback), "Deel in kanaal"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import texts
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import send_response
from bot.slack.views.blocks import (
    ACTION_FEEDBACK,
    ACTION_PASSAGE,
    ACTION_SHARE,
    ACTION_VOTE_DOWN,
    ACTION_VOTE_UP,
    NO_UNFURL,
    answer_messages,
    passage_modal,
)

log = logging.getLogger(__name__)
VOTES = {ACTION_VOTE_UP: "goed", ACTION_VOTE_DOWN: "slecht"}


def register(app: App, deps: Deps) -> None:
    app.action(ACTION_PASSAGE)(bind(show_passage, deps))
    app.action(ACTION_FEEDBACK)(ack=_ack, lazy=[bind(vote, deps)])
    app.action(ACTION_VOTE_UP)(ack=_ack, lazy=[bind(vote, deps)])
    app.action(ACTION_VOTE_DOWN)(ack=_ack, lazy=[bind(vote, deps)])
    app.action(ACTION_SHARE)(ack=_ack, lazy=[bind(share, deps)])


def show_passage(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    # Not lazy: the trigger_id for views.open expires three seconds after the click.
    answer_id, _, n = str(action.get("value", "")).partition(":")
    record = deps.answers.get(answer_id)
    source = record.source(int(n)) if record and n.isdigit() else None
    client.views_open(trigger_id=body["trigger_id"], view=passage_modal(source))


def vote(action: dict[str, Any], body: dict[str, Any], respond: Respond, deps: Deps) -> None:
    choice, answer_id = _vote_of(action)
    record = deps.answers.get(answer_id) if choice else None
    thread = (body.get("message") or {}).get("thread_ts")
    if record is None:
        send_response(respond, text=texts.ANSWER_GONE, replace_original=False, thread_ts=thread)
        return
    deps.feedback.record(record, body["user"]["id"], choice)  # type: ignore[arg-type]
    log.info("feedback %s op antwoord %s", choice, record.id)
    send_response(respond, text=texts.THANKS[choice], replace_original=False, thread_ts=thread)


def _vote_of(action: dict[str, Any]) -> tuple[str | None, str]:
    """(vote, answer id) from a feedback_buttons click or an old 👍/👎 button."""
    value = str(action.get("value", ""))
    if action["action_id"] != ACTION_FEEDBACK:
        return VOTES[action["action_id"]], value
    choice, _, answer_id = value.partition(":")
    return (choice if choice in VOTES.values() else None), answer_id


def share(
    action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    record = deps.answers.get(str(action.get("value", "")))
    if record is None:
        send_response(respond, text=texts.ANSWER_GONE, replace_original=False)
        return
    channel, user = body["channel"]["id"], body["user"]["id"]
    try:
        for message in answer_messages(record, shared_by=user):
            client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks, **NO_UNFURL)
    except SlackApiError as exc:
        log.info("delen in %s mislukt: %s", channel, exc.response.get("error"))
        send_response(respond, text=texts.CANNOT_SHARE, replace_original=False)
        return
    send_response(respond, text=texts.SHARED, replace_original=True)


def _ack(ack: Ack) -> None:
    ack()
