"""One schedule, one truth: preview = add = App Home = posted message, in the TIMEZONE setting;
meetings on holidays flagged and moved when the reminder fires; the .ics parsed back gives the
preview's dates. Time is fixed with time-machine; Slack is faked at HTTP (tests/jobs/slack_fake)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar
from slack_fake import FakeSlack

from bot.slack.poster import SlackPoster
from jobs.ics import reminder_ics
from jobs.outbox import Outbox
from jobs.plan import preview
from jobs.reminders import ReminderError, ReminderService
from jobs.schedule import Schedule

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)  # a Tuesday


@pytest.fixture
def service(sqlite_url: str) -> Iterator[ReminderService]:
    with time_machine.travel(NOW, tick=False):
        yield ReminderService(sqlite_url, tz="Europe/Amsterdam")


@pytest.mark.parametrize(
    "phrase",
    [
        "elke 4 weken op maandag om 10:00, 1 week van tevoren",
        "elke vrijdag om 16:00, 3 werkdagen van tevoren",
        "elke laatste vrijdag van de maand om 14:00, op feestdagen de werkdag ervoor",
        "elk kwartaal op de 10e, feestdagen overslaan",
        "elke eerste werkdag van de maand om 9:00, 1 dag van tevoren",
    ],
)
def test_preview_equals_add_and_app_home(service: ReminderService, phrase: str) -> None:
    shown = preview(phrase, None, 3, "Europe/Amsterdam")
    reminder = service.add(kind="algemeen", title="T", channel="C1", schedule=phrase)
    first = datetime.fromisoformat(shown["occurrences"][0])
    assert reminder.next_occurrence == first
    if "reminders" in shown:
        assert reminder.next_fire_at == datetime.fromisoformat(shown["reminders"][0])
    assert [item.occurrence for item in service.upcoming()] == [first]
    planned = service.plan(reminder, 3).to_dict()
    assert planned["occurrences"] == shown["occurrences"]


def test_a_first_meeting_whose_lead_has_passed_is_stated() -> None:
    shown = preview("elke 4 weken op maandag om 10:00, 1 week van tevoren", NOW, 2)
    # 7 December is the first Monday, but its reminder (30 November) has passed.
    assert shown["skipped"] == ["2026-12-07T10:00:00+01:00"]
    assert shown["occurrences"][0] == "2027-01-04T10:00:00+01:00"
    assert (
        "7 december krijgt geen herinnering meer, want 1 week van tevoren is al voorbij" in shown["notes"][0]
    )


def test_timezone_setting_is_honoured_by_preview_and_cli(tmp_path) -> None:
    from typer.testing import CliRunner

    from bot.cli.remind import remind_app

    shown = preview("morgen om 9:00", datetime(2026, 12, 1, 12, 0), 1, "Europe/London")
    assert shown == {
        "spec": "op 2 december 2026 om 09:00",
        "timezone": "Europe/London",
        "occurrences": ["2026-12-02T09:00:00+00:00"],
    }
    env = {"TIMEZONE": "America/New_York", "BOT_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(
        remind_app, ["preview", "morgen om 9:00", "--start", "2026-12-01T12:00", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert '"2026-12-02T09:00:00-05:00"' in result.output and "America/New_York" in result.output


def test_holiday_shift_is_stored_and_applied_when_it_fires(sqlite_url: str) -> None:
    with (
        FakeSlack() as fake,
        time_machine.travel(datetime(2026, 12, 20, 9, 0, tzinfo=AMS), tick=False) as clock,
    ):
        service = ReminderService(sqlite_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("xoxb-test", fake.url))
        reminder = service.add(
            kind="algemeen",
            title="Vrijdagoverleg",
            channel="C1",
            schedule="elke vrijdag om 10:00",
            on_holiday="ervoor",
        )
        assert service.get(reminder.id).schedule.on_holiday == "ervoor"
        # Friday 25 December (Eerste Kerstdag) moves to Thursday 24 December.
        assert reminder.next_occurrence == datetime(2026, 12, 24, 10, 0, tzinfo=AMS)
        clock.move_to(datetime(2026, 12, 24, 10, 0, 30, tzinfo=AMS))
        outbox.tick()
        posted = [p["metadata"]["event_payload"]["occurrence"] for p in fake.posts()]
        assert posted == ["20261224T090000Z"]
        assert service.get(reminder.id).next_occurrence == datetime(2026, 12, 31, 10, 0, tzinfo=AMS)


def test_holiday_flag_names_the_holiday() -> None:
    shown = preview("om de week op vrijdag om 10:00", datetime(2026, 12, 10, 9, 0), 3)
    assert {"occurrence": "2026-12-25T10:00:00+01:00", "note": "valt op Eerste kerstdag"} in shown["holidays"]
    assert any("sla over" in note for note in shown["notes"])


def test_skipped_days_are_looked_up_only_as_far_as_the_preview_reaches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Overgeslagen: …" used to walk the endless schedule to the year 9999 (35 s for a daily
    rule): the preview now stops reading at its last shown moment."""
    real_iter = Schedule.iter_after
    pulled: list[datetime] = []

    def counting(self: Schedule, after: datetime) -> Iterator[datetime]:
        for moment in real_iter(self, after):
            pulled.append(moment)
            yield moment

    monkeypatch.setattr(Schedule, "iter_after", counting)
    shown = preview("elke dag om 8:00, feestdagen overslaan", datetime(2026, 12, 20, 9, 0), 10)
    assert any("Overgeslagen" in note and "Eerste kerstdag" in note for note in shown["notes"])
    assert len(pulled) < 40


def test_ics_parsed_back_gives_the_preview_dates(service: ReminderService) -> None:
    phrase = "om de week op vrijdag om 10:00, 2 weken van tevoren, op feestdagen de werkdag erna"
    reminder = service.add(
        kind="pho", title="PHO Wonen", channel="C1", schedule=phrase, agenda_lead="5 werkdagen"
    )
    data = reminder_ics(reminder, NOW)
    calendar = Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert str(event["RRULE"].to_ical(), "ascii").startswith("FREQ=WEEKLY;INTERVAL=2")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    assert len(event.walk("VALARM")) == 2 and "Agendapunten aanleveren: 5 werkdagen" in str(
        event["DESCRIPTION"]
    )
    expanded = islice(recurring_ical_events.of(calendar).after(datetime(2026, 12, 1)), 30)
    assert [e["DTSTART"].dt for e in expanded] == [m.occurrence for m in service.plan(reminder, 30).moments]


def test_channel_accepts_id_or_mention_and_refuses_a_name(service: ReminderService) -> None:
    made = service.add(kind="algemeen", title="T", channel="<#C0ALG01|algemeen>", schedule="morgen om 10:00")
    assert made.channel == "C0ALG01"
    with pytest.raises(ReminderError) as refused:
        service.add(kind="algemeen", title="T", channel="#algemeen", schedule="morgen om 10:00")
    assert "geen kanaal-id" in refused.value.message and "C0123ABCD" in refused.value.message


def test_agenda_deadline_in_one_line_is_previewed_and_stored(service: ReminderService) -> None:
    phrase = "elke derde woensdag van de maand om 10 uur, 2 weken van tevoren, agendapunten 5 werkdagen van tevoren"
    shown = preview(phrase, NOW, 2)
    assert shown["agenda_deadlines"] == ["2026-12-09T10:00:00+01:00", "2027-01-13T10:00:00+01:00"]
    reminder = service.add(kind="pho", title="PHO", channel="C1", schedule=phrase)
    assert reminder.agenda_lead is not None and reminder.agenda_lead.describe() == "5 werkdagen van tevoren"
    too_late = preview(phrase.replace("2 weken", "1 week"), NOW, 1)
    assert any("ná de deadline voor agendapunten" in note for note in too_late["notes"])
    with pytest.raises(ReminderError):
        service.add(kind="pho", title="PHO", channel="C1", schedule=phrase.replace("2 weken", "1 week"))


def test_modal_holiday_choice_is_read_back() -> None:
    from bot.slack.views.reminder_form import new_reminder_modal, read_modal

    modal = new_reminder_modal("C0KANAAL1")
    assert any(block.get("block_id") == "feestdag" for block in modal["blocks"])
    values = {
        "planning": {"planning": {"value": "elke vrijdag om 10:00"}},
        "feestdag": {"feestdag": {"selected_option": {"value": "erna"}}},
    }
    assert read_modal(values).on_holiday == "erna"


def test_holiday_choice_can_be_changed_after_the_confirmation(service: ReminderService) -> None:
    reminder = service.add(
        kind="algemeen", title="T", channel="C1", schedule="elke vrijdag om 10:00 vanaf 20 december"
    )
    assert reminder.next_occurrence == datetime(2026, 12, 25, 10, 0, tzinfo=AMS)  # Eerste Kerstdag, flagged
    assert "valt op Eerste kerstdag" in " ".join(service.plan(reminder).to_dict()["holidays"][0].values())
    skipped = service.set_holiday_policy(reminder.id, "overslaan")
    assert skipped.next_occurrence == datetime(2027, 1, 8, 10, 0, tzinfo=AMS)  # 25 Dec and 1 Jan skipped
    assert skipped.spec.endswith("feestdagen en weekenden overslaan")
    with pytest.raises(ReminderError):
        service.set_holiday_policy(reminder.id, "misschien")


def test_posted_message_says_a_meeting_was_moved() -> None:
    from bot.slack.views.reminders import render_reminder
    from jobs.models import Reminder
    from jobs.schedule_nl import parse_schedule

    schedule = parse_schedule(
        "elke vrijdag om 10:00, op feestdagen de werkdag ervoor", datetime(2026, 12, 20, 9, 0)
    )
    moved = datetime(2026, 12, 24, 10, 0, tzinfo=AMS)
    assert schedule.moved_from(moved).isoformat() == "2026-12-25"
    assert schedule.moved_from(datetime(2027, 1, 8, 10, 0, tzinfo=AMS)) is None
    reminder = Reminder(
        id=7,
        kind="algemeen",
        title="Vrijdagoverleg",
        channel="C1",
        spec=schedule.describe(),
        phrase="",
        schedule=schedule,
        status="actief",
        created_by=None,
        created_at=NOW,
        next_occurrence=moved,
        next_fire_at=moved,
    )
    text = " ".join(str(block) for block in render_reminder(reminder, moved).blocks)
    assert "Verschoven van vrijdag 25 december 2026 (Eerste kerstdag)" in text
