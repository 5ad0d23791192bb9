"""/herinnering (nieuw | lijst | stop | pauze | hervat | one-line form), the "nieuw" modal
with its date preview, and the buttons on a posted reminder. The service is jobs.reminders;
nothing here decides about schedules or delivery."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UserError
from bot.slack.channel_scope import interaction_teams
from bot.slack.deps import Deps, bind
from bot.slack.flows.questions import send_response
from bot.slack.views.mrkdwn import from_slack, user_mention
from bot.slack.views.reminder_form import (
    ACTION_HOLIDAY,
    ACTION_ICS,
    ACTION_OPEN_FORM,
    ACTION_PREVIEW,
    HELP,
    MODAL_NEW,
    confirmation_blocks,
    field_for_error,
    new_reminder_modal,
    preview_lines,
    read_modal,
)
from bot.slack.views.reminders import (
    ACTION_IN_AN_HOUR,
    ACTION_SEEN,
    ACTION_TOMORROW,
    acknowledged_blocks,
    parse_action_value,
    snoozed_blocks,
)
from bot.text import mrkdwn
from jobs.ics import reminder_ics
from jobs.notices import reminder_line
from jobs.oneliner import parse_one_line
from jobs.ownership import may_manage, may_respond
from jobs.plan import moment_lines, preview

log = logging.getLogger(__name__)
CHANGES = {"stop": ("cancel", "Gestopt"), "pauze": ("pause", "Gepauzeerd"), "hervat": ("resume", "Hervat")}
ALREADY_DONE = "Deze opdracht kwam dubbel binnen en is al verwerkt. Zie `/herinnering lijst`."
OFF = "Herinneringen staan uit in deze installatie. Vraag de beheerder ze aan te zetten."


WORKING = "Even verwerken… :hourglass_flowing_sand:"


def register(app: App, deps: Deps) -> None:
    app.command("/herinnering")(ack=bind(ack_command, deps), lazy=[bind(run_command, deps)])
    app.action(ACTION_PREVIEW)(bind(show_preview, deps))
    app.action(ACTION_OPEN_FORM)(bind(open_form, deps))
    app.view(MODAL_NEW)(bind(submit, deps))
    app.action(ACTION_ICS)(bind(export_ics, deps))
    app.action(ACTION_HOLIDAY)(bind(choose_holiday, deps))
    for action_id in (ACTION_SEEN, ACTION_IN_AN_HOUR, ACTION_TOMORROW):
        app.action(action_id)(bind(button, deps))


def ack_command(ack: Ack, command: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Within Slack's 3 s and before any database work (a remote PostgreSQL may be slow):
    what needs the database is done by `run_command`, which answers via the response_url."""
    head = _head(command)
    if deps.reminders is None:
        ack(text=OFF)
    elif head == "nieuw":
        ack()  # the trigger_id is valid for 3 s: open the modal now, not lazily
        client.views_open(
            trigger_id=command["trigger_id"], view=new_reminder_modal(command.get("channel_id"))
        )
    elif head in ("", "help", "hulp"):
        ack(text=HELP)
    elif head == "ics":
        ack(text="Het agenda-bestand komt eraan.")
    else:
        ack(text=WORKING)


def run_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    head = _head(command)
    if deps.reminders is None or head in ("nieuw", "", "help", "hulp"):
        return  # answered by the ack
    text = " ".join((command.get("text") or "").split())
    channel, user = command.get("channel_id", ""), command.get("user_id", "")
    if head == "ics":
        _send_ics(deps, client, text.partition(" ")[2], channel, user)
    elif _creates(head) and not _first_delivery(deps, f"opdracht:{command.get('trigger_id')}"):
        send_response(respond, text=ALREADY_DONE, replace_original=True)  # a replay, a proxy retry
    else:
        team = interaction_teams(command, context)[1]  # the maker's organisation
        reply = _run(deps, client, head, text.partition(" ")[2], text, user, team)
        send_response(respond, text=reply, replace_original=True)


def _head(command: dict[str, Any]) -> str:
    return " ".join((command.get("text") or "").split()).partition(" ")[0].lower()


def open_form(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The panel's "Herinnering plannen" button: the same form as `/herinnering nieuw`."""
    ack()
    if deps.reminders is None:
        user = body["user"]["id"]
        client.chat_postMessage(channel=user, text=OFF)
        return
    kind, _, channel = str(action.get("value") or "").partition("|")
    view = new_reminder_modal(channel or None, kind=kind)
    client.views_open(trigger_id=body["trigger_id"], view=view)  # within the trigger's 3 s


def show_preview(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    view = body["view"]
    wanted = read_modal(view["state"]["values"])
    try:
        lines = preview_lines(preview(wanted.phrase, None, 3, deps.reminders.tz))
    except UserError as exc:
        lines = [f":warning: {mrkdwn(exc.message)}"]
    client.views_update(
        view_id=view["id"],
        hash=view.get("hash"),
        view=new_reminder_modal(wanted.channel, preview=lines, kind=wanted.kind),
    )


def submit(
    ack: Ack, view: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    wanted, user = read_modal(view["state"]["values"]), body["user"]["id"]
    once = f"formulier:{view.get('id')}:{_digest(view['state']['values'])}"
    if not _first_delivery(deps, once):
        ack()  # this very submission was saved already
        return
    try:
        check_member(client, wanted.channel, user)
        reminder = deps.reminders.add(
            kind=wanted.kind,
            title=wanted.title,
            channel=wanted.channel,
            schedule=wanted.phrase,
            created_by=user,
            cooperation=wanted.cooperation,
            agenda_lead=wanted.agenda_lead,
            on_holiday=wanted.on_holiday,
            team_id=interaction_teams(body, context)[1],
        )
    except UserError as exc:
        deps.seen.forget(once)  # nothing saved: the corrected form must go through
        ack(response_action="errors", errors={field_for_error(exc.message): exc.message[:150]})
        return
    ack()
    log.info("herinnering %s aangemaakt via formulier", reminder.id)
    headline = f"Herinnering aangemaakt: {reminder_line(reminder)}"
    lines = moment_lines(deps.reminders.plan(reminder).to_dict())
    client.chat_postMessage(
        channel=user, text=headline, blocks=confirmation_blocks(headline, lines, reminder.id)
    )


def choose_holiday(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    user = body["user"]["id"]
    number, _, choice = (action.get("value") or "").partition("|")
    channel = (body.get("channel") or {}).get("id") or user
    try:
        if not number.isdigit():
            raise UserError("Deze knop hoort niet bij een herinnering.")
        if not may_manage(deps.reminders.get(int(number)), user, deps.settings.admin_users):
            raise UserError(
                f"Herinnering {number} is niet van jou: alleen de eigenaar of een beheerder kan dit kiezen."
            )
        reminder = deps.reminders.set_holiday_policy(int(number), choice, by=user)
    except UserError as exc:
        client.chat_postEphemeral(channel=channel, user=user, text=mrkdwn(exc.message))
        return
    headline = f"Aangepast: {reminder_line(reminder)}"
    lines = moment_lines(deps.reminders.plan(reminder).to_dict())
    message = body.get("message") or {}
    blocks = confirmation_blocks(headline, lines, reminder.id)
    if message.get("ts"):
        client.chat_update(channel=channel, ts=message["ts"], text=headline, blocks=blocks)
    else:
        client.chat_postMessage(channel=channel, text=headline, blocks=blocks)


def export_ics(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    channel = (body.get("channel") or {}).get("id") or body["user"]["id"]
    _send_ics(deps, client, action.get("value", ""), channel, body["user"]["id"])


def button(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    try:
        blocks = _after_click(deps, action, body["user"]["id"], body.get("message") or {})
    except (UserError, ValueError) as exc:
        not_ours = "Deze knop hoort niet bij een herinnering."
        text = mrkdwn(exc.message) if isinstance(exc, UserError) else not_ours
        send_response(respond, text=text, replace_original=False)
        return
    message = body.get("message") or {}
    try:
        client.chat_update(
            channel=body["channel"]["id"],
            ts=message["ts"],
            text=message.get("text") or "Herinnering",
            blocks=blocks,
        )
    except SlackApiError as exc:
        # The click itself is stored; an exception escaping here would make bolt replace the
        # ack already sent with its error response (a race that Slack then shows as a failure).
        log.warning("herinneringsbericht niet bijgewerkt (%s)", exc.response.get("error"))


def _creates(head: str) -> bool:
    return head.lower() not in ("", "help", "hulp", "lijst", "ics", *CHANGES)


def _first_delivery(deps: Deps, key: str) -> bool:
    """Idempotency for requests that create something: Slack's trigger_id (or the modal's
    view id) is the same in every copy of one request."""
    return key.endswith(":None") or deps.seen.claim(key)


def _digest(values: Any) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


def _run(
    deps: Deps, client: WebClient, head: str, rest: str, text: str, user: str, team: str | None = None
) -> str:
    """Everything but "nieuw": a Dutch reply for the user (errors included)."""
    service = deps.reminders
    try:
        if head in ("", "help", "hulp"):
            return HELP
        if head == "lijst":
            lines = [reminder_line(r) for r in service.list(created_by=user)]
            return "\n".join(lines) or "Je hebt geen herinneringen. Maak er een met `/herinnering nieuw`."
        if head in CHANGES:
            return _change(deps, head, rest, user)
        line = parse_one_line(text)
        check_member(client, _channel(line.channel), user)
        reminder = service.add(
            kind=line.kind,
            title=from_slack(line.title),  # Slack sent it escaped: store it as typed
            channel=_channel(line.channel),
            schedule=from_slack(line.phrase),
            created_by=user,
            agenda_lead=from_slack(line.agenda_lead) or None,
            team_id=team,
        )
        log.info("herinnering %s aangemaakt via één regel", reminder.id)
        lines = [f"• {mrkdwn(line)}" for line in moment_lines(service.plan(reminder).to_dict())]
        tip = f"Naar je agenda: `/herinnering ics {reminder.id}`."
        return "\n".join([f"Aangemaakt: {reminder_line(reminder)}", *lines, tip])
    except UserError as exc:
        return mrkdwn(exc.message)


def _change(deps: Deps, head: str, rest: str, user: str) -> str:
    if not rest.strip().lstrip("#").isdigit():
        return f"Geef het nummer van de herinnering, bijvoorbeeld `/herinnering {head} 12` (zie `lijst`)."
    reminder_id = int(rest.strip().lstrip("#"))
    reminder = deps.reminders.get(reminder_id)
    if not may_manage(reminder, user, deps.settings.admin_users):
        owner = user_mention(reminder.created_by) if reminder.created_by else "de beheerders (ADMIN_USERS)"
        return (
            f"Herinnering {reminder_id} is van {owner}. Alleen de eigenaar of een beheerder "
            "kan haar stoppen, pauzeren of hervatten."
        )
    method, done = CHANGES[head]
    reminder = getattr(deps.reminders, method)(reminder_id, by=user)
    return f"{done}: {reminder_line(reminder)}"


def _send_ics(deps: Deps, client: WebClient, text: str, channel: str, user: str) -> None:
    """Upload a reminder's .ics (files.upload_v2) where it was asked for; errors in Dutch."""
    number = text.strip().lstrip("#")
    try:
        if not number.isdigit():
            raise UserError(
                "Geef het nummer van de herinnering, bijvoorbeeld `/herinnering ics 12` (zie `lijst`)."
            )
        reminder = deps.reminders.get(int(number))
        if (
            reminder.created_by not in (None, user)
            and user not in reminder.participants
            and not deps.is_admin(user)
        ):
            raise UserError(
                f"Herinnering {reminder.id} is van <@{reminder.created_by}>; "
                "vraag die persoon om het bestand."
            )
        data = reminder_ics(reminder, deps.reminders.now())
    except UserError as exc:
        client.chat_postEphemeral(channel=channel, user=user, text=exc.message)
        return
    client.files_upload_v2(
        channel=channel,
        content=data,
        filename=f"herinnering-{reminder.id}.ics",
        title=f"{reminder.title} (agenda)",
        initial_comment=f"Agenda-bestand voor {mrkdwn(reminder.title)}: open het in je agenda-programma.",
    )
    log.info("ics van herinnering %s verstuurd naar %s", reminder.id, channel)


def _channel(channel: str) -> str:
    if channel.startswith("#"):
        raise UserError(
            f"Ik ken kanaal {channel} niet. Kies het kanaal uit de lijst die Slack toont "
            "als je # typt, zodat het een link wordt."
        )
    return channel


def check_member(client: WebClient, channel: str, user: str) -> None:
    """A reminder may only post into a channel its creator is a member of."""
    if not channel or user not in channel_members(client, channel):
        raise UserError(
            "Kies een kanaal waar je zelf lid van bent en waar ik ben uitgenodigd (`/invite "
            "@Samenwerkbot`): alleen daar mag je een herinnering laten plaatsen."
        )


def channel_members(client: WebClient, channel: str, max_pages: int = 50) -> set[str]:
    """conversations.members, every page; empty when Slack will not tell (bot not invited)."""
    members: set[str] = set()
    cursor = None
    for _ in range(max_pages):
        try:
            page = client.conversations_members(channel=channel, limit=200, cursor=cursor)
        except SlackApiError as exc:
            log.info("leden van %s niet opgevraagd: %s", channel, exc.response.get("error"))
            return members
        members.update(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return members


def _after_click(deps: Deps, action: dict[str, Any], user: str, message: dict[str, Any]) -> list[Any]:
    reminder_id, occurrence = parse_action_value(action.get("value", ""))
    if not may_respond(deps.reminders.get(reminder_id), user, deps.settings.admin_users):
        raise UserError(
            "Op deze herinnering kunnen alleen de eigenaar, de deelnemers en de beheerders "
            "reageren. Vraag de eigenaar je als deelnemer toe te voegen."
        )
    blocks = message.get("blocks") or []
    if action["action_id"] == ACTION_SEEN:
        deps.reminders.acknowledge(reminder_id, occurrence, by=user)
        return acknowledged_blocks(blocks, user)
    until = "uur" if action["action_id"] == ACTION_IN_AN_HOUR else "morgen"
    due = deps.reminders.snooze(reminder_id, occurrence, until=until, by=user)
    return snoozed_blocks(blocks, user, due, deps.reminders.tz)
