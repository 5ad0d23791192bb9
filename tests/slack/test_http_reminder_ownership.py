"""Who may change a reminder, end to end: the owner (its creator; the admins for one made
from the CLI), the admins, and for "Gezien" and snooze also its participants. A reminder
can only be made for a channel its creator is a member of (conversations.members)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from bot.slack.views.reminders import render_reminder
from jobs.reminders import ReminderService
from tests.slack.conftest import ADMIN, USER, RunningApp, slack_settings, start_http_app
from tests.slack.driver import block_action, unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.helpers import command_reply, responses

pytestmark = pytest.mark.slow
STRANGER = "U0VREEMD01"
PARTICIPANT = "U0DEELNEM1"


@pytest.fixture(scope="module")
def app(
    fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path, tmp_path_factory: Any
) -> Iterator[RunningApp]:
    db = tmp_path_factory.mktemp("eigenaar") / "bot.sqlite3"
    settings = slack_settings(slack_data_dir, fake_slack, database_url=f"sqlite:///{db}")
    fake_slack.members["C0KANAAL1"] = {USER, ADMIN, STRANGER}
    fake_slack.members["C0KANAAL2"] = {ADMIN}
    service = ReminderService(settings.db_url, tz=settings.timezone)
    running = start_http_app(settings, slack_kb, fake_slack, reminders=service)
    yield running
    running.server.stop()


def remind(app: RunningApp, text: str, user: str) -> str:
    return command_reply(app, text, user=user)


def add(app: RunningApp, created_by: str | None) -> Any:
    return app.deps.reminders.add(
        kind="algemeen",
        title=unique("Eigenaartest "),
        channel="C0KANAAL1",
        schedule="elke maandag om 9:00",
        created_by=created_by,
        participants=[PARTICIPANT],
    )


def test_a_cli_reminder_belongs_to_the_admins(app: RunningApp) -> None:
    reminder = add(app, created_by=None)
    for word in ("stop", "pauze"):
        assert "beheerder" in remind(app, f"{word} {reminder.id}", user=STRANGER)
    assert app.deps.reminders.get(reminder.id).status == "actief"
    assert remind(app, f"pauze {reminder.id}", user=ADMIN).startswith("Gepauzeerd")


def test_only_the_owner_or_an_admin_may_stop_or_pause(app: RunningApp) -> None:
    reminder = add(app, created_by=USER)
    for word in ("stop", "pauze"):
        assert "Alleen de eigenaar" in remind(app, f"{word} {reminder.id}", user=STRANGER)
        assert "Alleen de eigenaar" in remind(app, f"{word} {reminder.id}", user=PARTICIPANT)
    assert app.deps.reminders.get(reminder.id).status == "actief"
    assert remind(app, f"stop {reminder.id}", user=USER).startswith("Gestopt")


def click(app: RunningApp, reminder: Any, action_id: str, user: str) -> tuple[str, dict[str, Any]]:
    occurrence = reminder.next_occurrence
    posted = render_reminder(reminder, occurrence)
    message = {"type": "message", "ts": unique("1.") + "1", "text": posted.text, "blocks": posted.blocks}
    name = unique("knop")
    payload = block_action(
        action_id,
        f"{reminder.id}|{occurrence.astimezone(UTC).isoformat()}",
        user=user,
        channel="C0KANAAL1",
        response_url=app.fake.response_url(name),
        message=message,
    )
    assert app.sender.interaction(payload).status == 200
    return name, message


def test_strangers_cannot_snooze_or_mark_seen(app: RunningApp) -> None:
    fake, reminder = app.fake, add(app, created_by=USER)
    for action_id in ("herinnering_over_uur", "herinnering_morgen", "herinnering_gezien"):
        name, message = click(app, reminder, action_id, STRANGER)
        refusal = fake.wait_for(lambda n=name: responses(fake, n))[-1]
        assert "eigenaar, de deelnemers" in refusal["text"]
        assert not fake.calls_to("chat.update", ts=message["ts"])
    assert app.deps.reminders.deliveries(reminder.id) == []

    name, message = click(app, reminder, "herinnering_over_uur", PARTICIPANT)
    update = fake.wait_for(lambda: fake.calls_to("chat.update", ts=message["ts"]))[-1]
    assert f"<@{PARTICIPANT}>" in update.all_text
    assert [d.kind for d in app.deps.reminders.deliveries(reminder.id)] == ["uitstel"]


def test_a_reminder_only_for_a_channel_the_creator_is_in(app: RunningApp) -> None:
    line = 'algemeen "Lidmaatschap" <#C0KANAAL2|x> elke vrijdag om 16:00'
    assert "waar je zelf lid van bent" in remind(app, line, user=USER)
    unknown = 'algemeen "Lidmaatschap" <#C0ONBEKEND|x> elke vrijdag om 16:00'
    assert "waar je zelf lid van bent" in remind(app, unknown, user=USER)
    assert not [r for r in app.deps.reminders.list() if r.title == "Lidmaatschap"]
    assert app.fake.calls_to("conversations.members", channel="C0KANAAL2")
    assert remind(app, line.replace("C0KANAAL2", "C0KANAAL1"), user=USER).startswith("Aangemaakt")

    state = {
        "soort": {"soort": {"type": "static_select", "selected_option": {"value": "algemeen"}}},
        "titel": {"titel": {"type": "plain_text_input", "value": "Modal lidmaatschap"}},
        "kanaal": {"kanaal": {"type": "conversations_select", "selected_conversation": "C0KANAAL2"}},
        "planning": {"planning": {"type": "plain_text_input", "value": "elke vrijdag om 16:00"}},
    }
    submission = {
        "type": "view_submission",
        "user": {"id": USER, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID},
        "api_app_id": "A0FAKE",
        "view": {"id": "V1", "type": "modal", "callback_id": "herinnering_nieuw", "state": {"values": state}},
    }
    refused = app.sender.interaction(submission).json()
    assert refused["response_action"] == "errors" and "lid van bent" in refused["errors"]["kanaal"]
    assert not [r for r in app.deps.reminders.list() if r.title == "Modal lidmaatschap"]
