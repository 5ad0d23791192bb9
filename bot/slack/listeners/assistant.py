"""The AI-app panel (Slack's assistant view), through bolt's `Assistant` middleware.

A panel thread is a DM thread: its questions take the same route as a DM question (answer
with sources, follow-ups from the thread, "maak een SWOT van …"). On top of that the panel
gets suggested prompts, a status while we search and a thread title. The channel the user
views (`assistant_thread_context_changed`) sets the scope: a channel where the bot is not
enabled (ALLOWED_CHANNELS) is not answered for, as with a mention there.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.context.get_thread_context import GetThreadContext
from slack_bolt.context.save_thread_context import SaveThreadContext
from slack_bolt.context.set_status import SetStatus
from slack_bolt.context.set_suggested_prompts import SetSuggestedPrompts
from slack_bolt.context.set_title import SetTitle
from slack_bolt.middleware.assistant import Assistant
from slack_sdk import WebClient

from bot.slack.conversation import Conversation, teams_of
from bot.slack.deps import Deps
from bot.slack.listeners.events import is_ignored, message_key
from bot.slack.storage.panel_context import PanelContextStore
from bot.slack.views.mrkdwn import question_text
from bot.slack.views.reminder_form import plan_prompt_blocks
from bot.text import mrkdwn

log = logging.getLogger(__name__)
PROMPTS_TITLE = "Waarmee kan ik helpen?"
PROMPTS = [
    {"title": "Stel een vraag", "message": "Wat is een ambtelijke fusie?"},
    {"title": "Maak een SWOT", "message": "Maak een SWOT van een gemeenschappelijke regeling"},
    {"title": "Plan een PHO-herinnering", "message": "Plan een PHO-herinnering"},
]
STATUS = "Zoekt in de documenten…"
TITLE_CHARS = 60
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,20}")
REMINDER_HELP = mrkdwn(
    "Klik op *Herinnering plannen* voor het formulier: kies het kanaal waar de herinnering "
    "moet verschijnen (jij en ik moeten er lid van zijn) en wanneer. Elders kan het ook met "
    "`/herinnering nieuw`, of in één regel: "
    '`/herinnering pho "PHO Sociaal Domein" #kanaal elke eerste dinsdag om 10:00`.'
)


def not_enabled_in_view(channel: str) -> str:
    # Only a well-formed id becomes a channel link; anything else is shown as escaped text.
    shown = f"<#{channel}>" if CHANNEL_ID.fullmatch(channel) else f"`{mrkdwn(channel)}`"
    return (
        f"Je bekijkt nu {shown}; daar ben ik niet ingeschakeld, dus ik beantwoord hier "
        "geen vragen over dat kanaal. Open een kanaal waar ik wel aan sta, of vraag de beheerder "
        "dit kanaal toe te voegen (ALLOWED_CHANNELS)."
    )


def register(app: App, deps: Deps) -> None:
    assistant = Assistant(thread_context_store=PanelContextStore(deps.answers.engine))

    @assistant.thread_started
    def started(
        event: dict[str, Any],
        set_suggested_prompts: SetSuggestedPrompts,
        save_thread_context: SaveThreadContext,
    ) -> None:
        thread = event["assistant_thread"]
        save_thread_context(thread.get("context") or {})
        set_suggested_prompts(prompts=PROMPTS, title=PROMPTS_TITLE)
        log.info("paneel geopend (kanaal in beeld: %s)", bool(thread.get("context", {}).get("channel_id")))

    @assistant.thread_context_changed
    def context_changed(event: dict[str, Any], save_thread_context: SaveThreadContext) -> None:
        save_thread_context(event["assistant_thread"].get("context") or {})

    @assistant.user_message
    def user_message(
        event: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        set_status: SetStatus,
        set_title: SetTitle,
        get_thread_context: GetThreadContext,
    ) -> None:
        if is_ignored(event, context.bot_user_id):
            return
        # Retries and duplicates are settled by the question ledger (claimed once answered).
        panel = get_thread_context()  # None: a plain DM thread, not the panel
        teams = teams_of({}, event, context.team_id, context.actor_team_id)
        answer_in_thread(deps, client, event, context.bot_user_id, panel, set_status, set_title, teams)

    app.assistant(assistant)


def answer_in_thread(
    deps: Deps,
    client: WebClient,
    event: dict[str, Any],
    bot_user_id: str | None,
    panel: dict[str, Any] | None,
    set_status: SetStatus,
    set_title: SetTitle,
    teams: dict[str, Any] | None = None,
) -> None:
    """`teams`: the Conversation's team fields (an answer in the panel is read by its asker)."""
    channel, thread = event["channel"], event["thread_ts"]
    question = question_text(event.get("text"))
    viewed = (panel or {}).get("channel_id") or None
    if viewed and not deps.channel_allowed(viewed):
        client.chat_postMessage(channel=channel, thread_ts=thread, text=not_enabled_in_view(viewed))
        log.info("paneelvraag bij niet-ingeschakeld kanaal %s", viewed)
        return
    if panel is not None:
        if question and deps.seen.claim(f"paneeltitel:{channel}:{thread}"):
            _quietly(set_title, _title(question))
        _quietly(set_status, STATUS)
    if is_reminder_request(question):
        kind = next((k for k in ("pho", "monitoring") if k in question.lower()), "algemeen")
        blocks = plan_prompt_blocks(REMINDER_HELP, viewed, kind)
        client.chat_postMessage(channel=channel, thread_ts=thread, text=REMINDER_HELP, blocks=blocks)
        return
    conv = Conversation(
        channel=channel,
        user=event.get("user", ""),
        reply_thread=thread,
        history_thread=thread,
        bot_user_id=bot_user_id,
        **(teams or {}),
    )
    log.info("paneelvraag (paneel: %s, kanaal in beeld: %s)", panel is not None, bool(viewed))
    deps.questions.ask(client, message_key(event), conv, question)


def is_reminder_request(question: str) -> bool:
    """The "Plan een PHO-herinnering" prompt and its kin; a question about reminders is not one."""
    words = question.lower().rstrip(" .!").split()
    return bool(words) and words[0] in {"plan", "maak", "zet"} and "herinnering" in " ".join(words[1:4])


def _title(question: str) -> str:
    one_line = " ".join(question.split())
    return one_line if len(one_line) <= TITLE_CHARS else one_line[: TITLE_CHARS - 1].rstrip() + "…"


def _quietly(action: Any, value: str) -> None:
    """Status and title are decoration: failing to set them must not cost the answer."""
    try:
        action(value)
    except Exception:
        log.warning("paneelstatus of -titel niet gezet", exc_info=True)
