"""Questions from where slash commands cannot go: the message shortcut "Vraag Samenwerkbot
hierover" (that message is the question, answered in its thread) and the global shortcut
that opens a question modal (answered in the asker's DM with the bot).

Where the bot cannot post (a channel it is not in, someone else's DM) the message shortcut
answers privately through its response_url, with *Deel in kanaal*, as /samenwerking does.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import texts
from bot.slack.channel_scope import channel_info, interaction_teams
from bot.slack.conversation import Conversation
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import send_response
from bot.slack.views.ask import MODAL_ASK, QUESTION_BLOCK, QUESTION_INPUT, ask_modal
from bot.slack.views.blocks import input_value
from bot.slack.views.mrkdwn import question_text

log = logging.getLogger(__name__)
SHORTCUT_ASK_MESSAGE = "vraag_hierover"
SHORTCUT_ASK = "vraag_samenwerkbot"


def register(app: App, deps: Deps) -> None:
    app.shortcut(SHORTCUT_ASK_MESSAGE)(ack=_ack, lazy=[bind(ask_about_message, deps)])
    app.shortcut(SHORTCUT_ASK)(open_question)
    app.view(MODAL_ASK)(ack=ack_question, lazy=[bind(ask_from_modal, deps)])


def ask_about_message(
    body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext, deps: Deps
) -> None:
    channel, user, message = body["channel"]["id"], body["user"]["id"], body["message"]
    question = question_text(message.get("text"))
    if not question:
        send_response(respond, text=texts.SHORTCUT_NO_TEXT)
        return
    if not deps.channel_allowed(channel):
        send_response(respond, text=texts.not_enabled())
        return
    installed, user_team = interaction_teams(body, context)
    if not can_post(client, channel):
        log.info("sneltoets in %s zonder lidmaatschap: privé-antwoord", channel)
        send_response(respond, text=texts.PRIVATE_PROGRESS)
        private = Conversation(channel, user, None, None, team_id=installed, user_team=user_team)
        deps.answerer.answer_privately(respond, question, private, client)
        return
    thread = message.get("thread_ts")
    conv = Conversation(
        channel=channel,
        user=user,
        reply_thread=thread or message["ts"],
        history_thread=thread,
        bot_user_id=context.bot_user_id,
        team_id=installed,
        user_team=user_team,
    )
    log.info("sneltoets 'vraag hierover' in %s", channel)
    key = f"sneltoets:{channel}:{message['ts']}:{body.get('action_ts') or body.get('trigger_id')}"
    deps.questions.ask(client, key, conv, question)


def can_post(client: WebClient, channel: str) -> bool:
    """A channel the bot is a member of. Someone else's DM or group DM: never."""
    return channel[:1] in ("C", "G") and bool(channel_info(client, channel).get("is_member"))


def open_question(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    # Not lazy: the trigger_id for views.open expires three seconds after the click.
    client.views_open(trigger_id=body["trigger_id"], view=ask_modal())


def ack_question(ack: Ack, view: dict[str, Any]) -> None:
    if not _question_of(view):
        ack(response_action="errors", errors={QUESTION_BLOCK: texts.MODAL_NO_QUESTION})
        return
    ack()


def ask_from_modal(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    user, question = body["user"]["id"], _question_of(view)
    if not question:
        return  # refused in the modal
    dm = client.conversations_open(users=user)["channel"]["id"]
    installed, user_team = interaction_teams(body, context)
    conv = Conversation(dm, user, None, None, team_id=installed, user_team=user_team)
    log.info("vraag uit het venster; antwoord in de DM")
    deps.questions.ask(client, f"venster:{view.get('id') or body.get('trigger_id')}", conv, question)


def _question_of(view: dict[str, Any]) -> str:
    return question_text(input_value(view, QUESTION_BLOCK, QUESTION_INPUT))


def _ack(ack: Ack) -> None:
    ack()
