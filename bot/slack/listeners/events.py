"""Events: @mentions in channels, DMs, and the App Home tab.

Slow work runs in lazy listeners (Bolt acks the event at once) on the work pool. Each
message is answered once, even when it arrives both as `app_mention` and as `message.im`
or is retried by Slack; it counts as answered only once the answer is posted (ledger.py).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.ingest.visibility import Scope
from bot.slack import texts
from bot.slack.channel_scope import installed_team
from bot.slack.conversation import Conversation, teams_of
from bot.slack.deps import Deps, bind
from bot.slack.views.blocks import text_message
from bot.slack.views.cases import review_blocks
from bot.slack.views.feedback import notes_blocks
from bot.slack.views.home import home_view
from bot.slack.views.mrkdwn import question_text

log = logging.getLogger(__name__)
USER_SUBTYPES = (None, "file_share", "thread_broadcast")  # the others: edits, deletions, joins…


def register(app: App, deps: Deps) -> None:
    app.event("app_mention")(ack=_ack, lazy=[bind(on_mention, deps)])
    app.event("message")(ack=_ack, lazy=[bind(on_message, deps)])
    app.event("app_home_opened")(ack=_ack, lazy=[bind(on_home_opened, deps)])
    for kind in ("channel_shared", "channel_unshared"):
        app.event(kind)(bind(on_channel_shared, deps))


def on_mention(
    body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    if is_ignored(event, context.bot_user_id):
        return
    channel, ts = event["channel"], event["ts"]
    if not deps.channel_allowed(channel):
        if deps.seen.claim(message_key(event)):  # a notice, not an answer: once is enough
            not_enabled(deps, client, channel, event.get("user", ""), event.get("thread_ts") or ts)
        return
    thread = event.get("thread_ts")
    conv = Conversation(
        channel=channel,
        user=event.get("user", ""),
        reply_thread=thread or ts,
        history_thread=thread if thread and thread != ts else None,
        bot_user_id=context.bot_user_id,
        **teams_of(body, event, context.team_id, context.actor_team_id),
    )
    log.info("mention in %s (thread: %s)", channel, bool(conv.history_thread))
    deps.questions.ask(client, message_key(event), conv, question_text(event.get("text")))


def on_message(
    body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    # Channel messages come with a mention (app_mention); here only DMs count.
    if event.get("channel_type") != "im" or is_ignored(event, context.bot_user_id):
        return
    thread = event.get("thread_ts")
    conv = Conversation(
        channel=event["channel"],
        user=event.get("user", ""),
        reply_thread=thread,
        history_thread=thread if thread and thread != event["ts"] else None,
        bot_user_id=context.bot_user_id,
        **teams_of(body, event, context.team_id, context.actor_team_id),
    )
    log.info("DM (thread: %s)", bool(conv.history_thread))
    deps.questions.ask(client, message_key(event), conv, question_text(event.get("text")))


def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps) -> None:
    if event.get("tab", "home") != "home":
        return
    user = event["user"]
    installed, team = installed_team(context), context.actor_team_id or context.team_id
    home = build_home(deps, user, team, external=bool(installed and team != installed))
    client.views_publish(user_id=user, view=home)


def on_channel_shared(ack: Ack, event: dict[str, Any], deps: Deps) -> None:
    """Who is in the channel changed: its scope is asked of Slack again at the next answer."""
    ack()
    deps.answerer.scopes.forget([str(event.get("channel") or "")])
    log.info("kanaal %s: %s", event.get("channel"), event.get("type"))


def _ack(ack: Ack) -> None:
    ack()


def is_ignored(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Our own messages, other bots, edits, deletions and other non-user messages."""
    if event.get("subtype") not in USER_SUBTYPES or event.get("bot_id") or event.get("edited"):
        return True
    user = event.get("user")
    return not user or user == bot_user_id


def message_key(event: dict[str, Any]) -> str:
    """One key per message: it may arrive as app_mention and as message.im, and be retried."""
    return f"bericht:{event.get('channel')}:{event.get('ts')}"


def not_enabled(deps: Deps, client: WebClient, channel: str, user: str, thread: str) -> None:
    """Tell the channel once; after that tell only the asker (privately)."""
    message = text_message(texts.not_enabled())
    if deps.seen.claim(f"niet-ingeschakeld:{channel}"):
        client.chat_postMessage(channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks)
    else:
        client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread, text=message.text, blocks=message.blocks
        )
    log.info("vraag in niet-ingeschakeld kanaal %s", channel)


def build_home(deps: Deps, user: str, team: str | None, *, external: bool = False) -> dict[str, Any]:
    """`team`: the viewer's organisation; the source list shows what it may see. A viewer
    from another organisation (`external`) never reviews anything here."""
    sources, error = [], None
    try:
        sources = deps.kb.sources(Scope.of_teams([team] if team else []))
    except Exception:
        log.warning("bronnen voor App Home niet gelezen", exc_info=True)
        error = "De bronnenlijst is nu niet beschikbaar. Probeer het later opnieuw."
    reviews = (
        [] if external else (case_review_blocks(deps, user) or []) + (feedback_note_blocks(deps, user) or [])
    )
    return home_view(sources, reminder_blocks(deps, user), sources_error=error, review_blocks=reviews or None)


def feedback_note_blocks(deps: Deps, user: str) -> list[dict[str, Any]] | None:
    """Admins see what 👎 voters said was missing, with the question and its sources."""
    if not deps.is_admin(user):
        return None
    try:
        return notes_blocks(deps.feedback.notes())
    except Exception:
        log.warning("toelichtingen bij 👎 niet gelezen", exc_info=True)
        return [text_message("De toelichtingen bij 👎 zijn nu niet beschikbaar.").blocks[0]]


def case_review_blocks(deps: Deps, user: str) -> list[dict[str, Any]] | None:
    """Editors see the cases waiting for their *Goedkeuren* / *Afwijzen*."""
    if not deps.is_editor(user):
        return None
    try:
        return review_blocks(deps.cases.pending())
    except Exception:
        log.warning("wachtrij casuskennis niet gelezen", exc_info=True)
        return [text_message("De wachtrij met casuskennis is nu niet beschikbaar.").blocks[0]]


def reminder_blocks(deps: Deps, user: str) -> list[dict[str, Any]] | None:
    if deps.reminders is None:
        return None
    from bot.slack.views.reminders import upcoming_blocks

    try:
        return upcoming_blocks(deps.reminders.upcoming(user=user))
    except Exception:
        log.warning("herinneringen voor App Home niet gelezen", exc_info=True)
        return [
            text_message("Je herinneringen zijn nu niet beschikbaar. Probeer het later opnieuw.").blocks[0]
        ]
