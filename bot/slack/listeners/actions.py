"""Buttons under an answer: "Toon passage" (modal), 👍/👎 (feedback; 👎 opens a modal that
asks what was missing), "Deel in kanaal" (through the response_url, so it works where the
bot is not a member: DMs, private channels)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import texts
from bot.slack.channel_scope import interaction_teams
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
    input_value,
    passage_modal,
)
from bot.slack.views.feedback import MODAL_MISSING, NOTE_BLOCK, NOTE_INPUT, missing_modal

log = logging.getLogger(__name__)
VOTES = {ACTION_VOTE_UP: "goed", ACTION_VOTE_DOWN: "slecht"}


def register(app: App, deps: Deps) -> None:
    app.action(ACTION_PASSAGE)(bind(show_passage, deps))
    app.action(ACTION_FEEDBACK)(ack=bind(ack_vote, deps), lazy=[bind(vote, deps)])
    app.action(ACTION_VOTE_UP)(ack=_ack, lazy=[bind(vote, deps)])
    app.action(ACTION_VOTE_DOWN)(ack=_ack, lazy=[bind(vote, deps)])
    app.action(ACTION_SHARE)(ack=_ack, lazy=[bind(share, deps)])
    app.view(MODAL_MISSING)(bind(note_submitted, deps))


def show_passage(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    # Not lazy: the trigger_id for views.open expires three seconds after the click.
    answer_id, _, n = str(action.get("value", "")).partition(":")
    record = deps.answers.get(answer_id)
    source = record.source(int(n)) if record and n.isdigit() else None
    client.views_open(trigger_id=body["trigger_id"], view=passage_modal(source))


def ack_vote(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A 👎 opens the "what was missing" modal here: its trigger_id expires in three seconds."""
    ack()
    choice, answer_id = _vote_of(action)
    record = deps.answers.get(answer_id) if choice == "slecht" else None
    if record is None:
        return  # `vote` tells the voter the answer is gone
    try:
        client.views_open(trigger_id=body["trigger_id"], view=missing_modal(record.id, record.question))
    except SlackApiError as exc:  # the vote still counts; only the question is lost
        log.warning("venster 'wat ontbrak er' niet geopend: %s", exc.response.get("error"))


def note_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    note = input_value(view, NOTE_BLOCK, NOTE_INPUT)
    if not note.strip():
        ack(response_action="errors", errors={NOTE_BLOCK: "Schrijf kort wat je miste, of klik op Overslaan."})
        return
    ack()
    record = deps.answers.get(str(view.get("private_metadata") or ""))
    user = body["user"]["id"]
    if record is None:
        client.chat_postMessage(channel=user, text=texts.ANSWER_GONE)
        return
    deps.feedback.add_note(record, user, note, team_id=interaction_teams(body, context)[1])
    log.info("toelichting bij 👎 op antwoord %s bewaard", record.id)


def vote(
    action: dict[str, Any], body: dict[str, Any], respond: Respond, context: BoltContext, deps: Deps
) -> None:
    choice, answer_id = _vote_of(action)
    record = deps.answers.get(answer_id) if choice else None
    thread = (body.get("message") or {}).get("thread_ts")
    if record is None:
        send_response(respond, text=texts.ANSWER_GONE, replace_original=False, thread_ts=thread)
        return
    team = interaction_teams(body, context)[1]  # the voter's organisation
    deps.feedback.record(record, body["user"]["id"], choice, team_id=team)  # type: ignore[arg-type]
    log.info("feedback %s op antwoord %s", choice, record.id)
    thanks = texts.THANKS[choice] if choice == "goed" else texts.THANKS_DOWN  # type: ignore[index]
    send_response(respond, text=thanks, replace_original=False, thread_ts=thread)


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
    """Posted through the private answer's response_url as `in_channel`: Slack places it in the
    conversation the command came from, member or not. The bot's own post is the fallback."""
    record = deps.answers.get(str(action.get("value", "")))
    if record is None:
        send_response(respond, text=texts.ANSWER_GONE, replace_original=False)
        return
    channel, user = body["channel"]["id"], body["user"]["id"]
    for message in answer_messages(record, shared_by=user):
        shown = dict(text=message.text, blocks=message.blocks, **NO_UNFURL)
        if send_response(respond, response_type="in_channel", replace_original=False, **shown):
            continue
        try:
            client.chat_postMessage(channel=channel, **shown)
        except SlackApiError as exc:
            log.info("delen in %s mislukt: %s", channel, exc.response.get("error"))
            send_response(respond, text=texts.CANNOT_SHARE, replace_original=False)
            return
    send_response(respond, text=texts.SHARED, replace_original=True)


def _ack(ack: Ack) -> None:
    ack()
