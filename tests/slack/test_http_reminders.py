"""/herinnering end to end: the one-line form, lijst / pauze / hervat / stop, the "nieuw"
modal with its date preview, the buttons on a posted reminder, and the App Home list.
The reminder service is the real one (jobs/) on the bot's SQLite database."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.slack.views.reminders import render_reminder
from tests.slack.conftest import ADMIN, USER, RunningApp, start_reminder_app
from tests.slack.driver import block_action, dm, new_ts, unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.helpers import button_value, command_reply

pytestmark = pytest.mark.slow
ONE_LINE = (
    'pho "PHO Sociaal Domein" <#C0KANAAL1|pho> elke derde woensdag van de maand om 10 uur, 1 week van tevoren'
)


@pytest.fixture(scope="module")
def app(
    fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path, tmp_path_factory: Any
) -> Iterator[RunningApp]:
    running = start_reminder_app(
        fake_slack, slack_kb, slack_data_dir, tmp_path_factory.mktemp("herinneringen")
    )
    yield running
    running.server.stop()


def remind(app: RunningApp, text: str, user: str = USER) -> str:
    return command_reply(app, text, user=user)


def test_one_line_form_creates_a_reminder(app: RunningApp) -> None:
    reply = remind(app, ONE_LINE)
    assert reply.startswith("Aangemaakt: #") and "PHO Sociaal Domein (pho)" in reply and "volgende:" in reply
    reminder = [r for r in app.deps.reminders.list(created_by=USER) if r.title == "PHO Sociaal Domein"][-1]
    assert reminder.channel == "C0KANAAL1" and reminder.kind == "pho" and reminder.status == "actief"
    assert "PHO Sociaal Domein" in remind(app, "lijst")


def test_pause_resume_stop_and_only_the_owner(app: RunningApp) -> None:
    remind(app, ONE_LINE)
    reminder_id = app.deps.reminders.list(created_by=USER)[-1].id
    assert "is van" in remind(app, f"stop {reminder_id}", user="U0ANDERE01")
    assert remind(app, f"pauze {reminder_id}").startswith("Gepauzeerd")
    assert app.deps.reminders.get(reminder_id).status == "gepauzeerd"
    assert remind(app, f"hervat {reminder_id}").startswith("Hervat")
    assert remind(app, f"stop {reminder_id}", user=ADMIN).startswith("Gestopt")
    assert app.deps.reminders.get(reminder_id).status == "gestopt"


def test_mistakes_get_dutch_explanations(app: RunningApp) -> None:
    assert "Ik begrijp 'blabla' niet als planning" in remind(app, 'algemeen "Test" <#C0KANAAL1|x> blabla')
    assert "Kies het kanaal" in remind(app, 'algemeen "Test" #kanaal elke vrijdag om 16:00')
    assert "nummer" in remind(app, "stop")
    assert "/herinnering nieuw" in remind(app, "")


def modal_state(planning: str, **fields: str) -> dict[str, Any]:
    def text(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    return {
        "soort": {
            "soort": {"type": "static_select", "selected_option": {"value": fields.get("soort", "algemeen")}}
        },
        "titel": {"titel": text(fields.get("titel", "Weekafsluiting"))},
        "kanaal": {"kanaal": {"type": "conversations_select", "selected_conversation": "C0KANAAL2"}},
        "planning": {"planning": text(planning)},
        "vooraf": {"vooraf": text(fields.get("vooraf"))},
        "agenda": {"agenda": text(None)},
        "samenwerking": {"samenwerking": text(None)},
    }


def view(planning: str, **fields: str) -> dict[str, Any]:
    return {
        "id": "V0MODAL001",
        "type": "modal",
        "callback_id": "herinnering_nieuw",
        "hash": "h1",
        "state": {"values": modal_state(planning, **fields)},
        "private_metadata": "",
    }


def submitted(modal: dict[str, Any]) -> dict[str, Any]:
    """The view_submission Slack sends for `modal`."""
    return {
        "type": "view_submission",
        "user": {"id": USER, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID},
        "api_app_id": "A0FAKE",
        "token": "legacy",
        "trigger_id": unique("trigger."),
        "view": modal,
    }


def test_new_modal_previews_dates_and_saves(app: RunningApp) -> None:
    fake = app.fake
    reply = app.sender.command(
        "nieuw",
        user=USER,
        channel="C0KANAAL2",
        command="/herinnering",
        response_url=fake.response_url(unique("n")),
    )
    assert reply.status == 200 and reply.seconds < 3.0
    opened = fake.wait_for(lambda: fake.calls_to("views.open"))[-1]
    modal = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert modal["callback_id"] == "herinnering_nieuw"

    preview = {
        "type": "block_actions",
        "user": {"id": USER, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID},
        "api_app_id": "A0FAKE",
        "token": "legacy",
        "trigger_id": unique("trigger."),
        "container": {"type": "view", "view_id": "V0MODAL001"},
        "view": view("elke vrijdag om 16:00", vooraf="1 dag"),
        "actions": [
            {
                "action_id": "herinnering_voorbeeld",
                "block_id": "voorbeeld_knop",
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }
    app.sender.interaction(preview)
    updated = fake.wait_for(lambda: fake.calls_to("views.update", view_id="V0MODAL001"))[-1]
    shown = updated["view"] if isinstance(updated["view"], dict) else json.loads(updated["view"])
    text = shown["blocks"][-1]["text"]["text"]
    assert "elke vrijdag om 16:00, 1 dag van tevoren" in text
    assert text.count("• vrijdag") == 3 and "(herinnering donderdag" in text

    submission = submitted(view("elke vrijdag om 16:00", vooraf="1 dag", titel="Weekafsluiting modal"))
    saved = app.sender.interaction(submission)
    assert saved.status == 200 and "errors" not in saved.body
    reminder = [r for r in app.deps.reminders.list() if r.title == "Weekafsluiting modal"][-1]
    assert reminder.channel == "C0KANAAL2" and reminder.spec == "elke vrijdag om 16:00, 1 dag van tevoren"
    assert fake.wait_for(lambda: fake.calls_to("chat.postMessage", channel=USER))

    wrong = dict(submission, view=view("ooit eens"))
    refused = app.sender.interaction(wrong)
    assert refused.json()["response_action"] == "errors" and "planning" in refused.json()["errors"]


def test_panel_reminder_prompt_opens_the_form_and_saves(app: RunningApp) -> None:
    """The panel's "Plan een PHO-herinnering" ends in a saved reminder, not just advice."""
    fake, panel, thread = app.fake, "D0PANEELHR", new_ts()
    started = {
        "user_id": USER,
        "context": {"channel_id": "C0KANAAL2"},
        "channel_id": panel,
        "thread_ts": thread,
    }
    app.sender.event({"type": "assistant_thread_started", "assistant_thread": started, "event_ts": new_ts()})
    fake.wait_for(lambda: fake.calls_to("assistant.threads.setSuggestedPrompts", channel_id=panel))
    app.sender.event(dm("Plan een PHO-herinnering", channel=panel, user=USER, thread_ts=thread))
    prompt = fake.wait_for(lambda: fake.calls_to("chat.postMessage", channel=panel, thread_ts=thread))[-1]
    opener = button_value(prompt, "herinnering_formulier")
    click = block_action(
        "herinnering_formulier", opener, user=USER, channel=panel, response_url=fake.response_url(unique("p"))
    )
    app.sender.interaction(click)
    opened = fake.wait_for(lambda: fake.calls_to("views.open", trigger_id=click["trigger_id"]))[-1]
    modal = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    by_id = {b.get("block_id"): b for b in modal["blocks"]}
    assert modal["callback_id"] == "herinnering_nieuw"
    assert by_id["soort"]["element"]["initial_option"]["value"] == "pho"
    assert by_id["kanaal"]["element"]["initial_conversation"] == "C0KANAAL2"  # the viewed channel
    planned = view("elke eerste dinsdag om 10:00", soort="pho", titel="PHO uit het paneel")
    submission = submitted(dict(planned, id="V0PANEEL01"))
    assert "errors" not in app.sender.interaction(submission).body
    saved = [r for r in app.deps.reminders.list(created_by=USER) if r.title == "PHO uit het paneel"]
    assert saved and saved[-1].kind == "pho" and saved[-1].channel == "C0KANAAL2"


def test_buttons_on_a_posted_reminder(app: RunningApp) -> None:
    fake, service = app.fake, app.deps.reminders
    reminder = service.add(
        kind="algemeen",
        title="Knoppentest",
        channel="C0KANAAL1",
        schedule="elke maandag om 9:00",
        created_by=USER,
    )
    occurrence = reminder.next_occurrence
    posted = render_reminder(reminder, occurrence)
    value = f"{reminder.id}|{occurrence.astimezone(UTC).isoformat()}"
    for action_id, expected in (
        ("herinnering_over_uur", "komt terug op"),
        ("herinnering_gezien", "Gezien door"),
    ):
        message = {"type": "message", "ts": unique("1.") + "1", "text": posted.text, "blocks": posted.blocks}
        click = block_action(
            action_id,
            value,
            user=USER,
            channel="C0KANAAL1",
            response_url=fake.response_url(unique("b")),
            message=message,
        )
        app.sender.interaction(click)
        update = fake.wait_for(lambda m=message: fake.calls_to("chat.update", ts=m["ts"]))[-1]
        assert expected in update.all_text and f"<@{USER}>" in update.all_text
        assert "herinnering_gezien" not in json.dumps(update.blocks)  # buttons replaced
    snoozes = [d for d in service.deliveries(reminder.id) if d.kind == "uitstel"]
    assert len(snoozes) == 1 and snoozes[0].due_at > datetime.now(UTC)
    assert snoozes[0].status == "vervallen"  # "Gezien" afterwards: the repeat lapses


def test_app_home_lists_upcoming_reminders(app: RunningApp) -> None:
    fake, user = app.fake, "U0HOMEREM1"
    app.deps.reminders.add(
        kind="algemeen",
        title="Thuisherinnering",
        channel="C0KANAAL1",
        schedule="elke dinsdag om 9:00",
        created_by=user,
    )
    app.sender.event(
        {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME0003",
            "tab": "home",
            "event_ts": str(time.time()),
        }
    )
    published = fake.wait_for(lambda: fake.calls_to("views.publish", user_id=user))[-1]
    home = published["view"] if isinstance(published["view"], dict) else json.loads(published["view"])
    assert "Thuisherinnering" in json.dumps(home, ensure_ascii=False)
    assert "Jouw komende herinneringen" in json.dumps(home, ensure_ascii=False)


def test_confirmation_button_uploads_the_series_as_ics(app: RunningApp) -> None:
    from itertools import islice

    import recurring_ical_events
    from icalendar import Calendar

    fake, service = app.fake, app.deps.reminders
    reminder = service.add(
        kind="pho",
        title="PHO Agenda-export",
        channel="C0KANAAL1",
        schedule="elke laatste vrijdag van de maand om 14:00, 2 weken van tevoren, op feestdagen de werkdag ervoor",
        agenda_lead="5 werkdagen",
        created_by=USER,
    )
    click = block_action(
        "herinnering_ics",
        str(reminder.id),
        user=USER,
        channel="D0DMUSER01",
        response_url=fake.response_url(unique("ics")),
    )
    app.sender.interaction(click)
    done = fake.wait_for(lambda: fake.calls_to("files.completeUploadExternal", channel_id="D0DMUSER01"))[-1]
    assert done.result and done.result["ok"], done.result
    upload = fake.uploads[done.result["files"][0]["id"]]
    assert upload["filename"] == f"herinnering-{reminder.id}.ics"
    calendar = Calendar.from_ical(upload["content"])
    start = reminder.next_occurrence.replace(tzinfo=None)
    parsed = [e["DTSTART"].dt for e in islice(recurring_ical_events.of(calendar).after(start), 8)]
    expected = [m.occurrence for m in service.plan(reminder, 8).moments]
    assert parsed == expected


def test_ics_command_for_an_unknown_reminder_says_so_in_dutch(app: RunningApp) -> None:
    fake = app.fake
    remind(app, "ics 999999")
    note = fake.wait_for(
        lambda: [c for c in fake.calls_to("chat.postEphemeral") if "999999" in c.get("text", "")]
    )
    assert "bestaat niet" in note[-1]["text"]


def test_one_line_confirmation_flags_a_holiday(app: RunningApp) -> None:
    reply = remind(app, 'algemeen "Lintjesregen" <#C0KANAAL1|regio> op 27 april 2032 om 10 uur')
    assert reply.startswith("Aangemaakt: #")
    assert "valt op Koningsdag" in reply and "verschuif naar de werkdag ervoor" in reply
    assert "/herinnering ics" in reply


def test_holiday_buttons_on_the_confirmation_store_the_choice(app: RunningApp) -> None:
    from bot.slack.views.reminder_form import confirmation_blocks
    from jobs.plan import moment_lines

    fake, service = app.fake, app.deps.reminders
    reminder = service.add(
        kind="algemeen",
        title="Koningsdagoverleg",
        channel="C0KANAAL1",
        schedule="op 27 april 2032 om 10 uur",
        created_by=USER,
    )
    lines = moment_lines(service.plan(reminder).to_dict())
    blocks = confirmation_blocks("Herinnering aangemaakt", lines, reminder.id)
    assert "herinnering_feestdag" in json.dumps(blocks)
    fake.add_user_message("D0DMUSER02", "placeholder", user=USER)
    posted = fake.handle("chat.postMessage", {"channel": "D0DMUSER02", "text": "x", "blocks": blocks})[1]
    message = {"type": "message", "ts": posted["ts"], "text": "x", "blocks": blocks}
    click = block_action(
        "herinnering_feestdag",
        f"{reminder.id}|ervoor",
        user=USER,
        channel="D0DMUSER02",
        response_url=fake.response_url(unique("fd")),
        message=message,
    )
    app.sender.interaction(click)
    update = fake.wait_for(lambda: fake.calls_to("chat.update", ts=posted["ts"]))[-1]
    assert "Aangepast" in update.all_text and "verschoven van" in update.all_text
    stored = service.get(reminder.id)
    assert (
        stored.schedule.on_holiday == "ervoor" and stored.next_occurrence.date().isoformat() == "2032-04-26"
    )
