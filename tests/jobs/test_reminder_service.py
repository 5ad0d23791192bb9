"""ReminderService and the lease on real SQLite and real PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.errors import UserError
from jobs import lease
from jobs.reminders import ReminderError, ReminderService
from jobs.store import Store

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)


@pytest.fixture
def service(db_url: str) -> ReminderService:
    with time_machine.travel(MONDAY, tick=False):
        yield ReminderService(db_url, tz="Europe/Amsterdam")


def add(service: ReminderService, schedule: str, **extra: object):
    fields = {"kind": "algemeen", "title": "Overleg", "channel": "C1", **extra}
    return service.add(schedule=schedule, **fields)


def test_add_stores_spec_anchor_and_first_reminder(service: ReminderService) -> None:
    reminder = add(service, "elke 3 weken op donderdag om 10:00, 2 werkdagen van tevoren")
    assert reminder.spec == "elke 3 weken op donderdag om 10:00, 2 werkdagen van tevoren"
    assert reminder.next_occurrence == datetime(2026, 11, 26, 10, 0, tzinfo=AMS)
    assert reminder.next_fire_at == datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
    again = service.get(reminder.id)  # read back from the database
    assert again.schedule == reminder.schedule
    assert again.schedule.anchor is not None and again.schedule.anchor.isoformat() == "2026-11-26"


def test_add_skips_occurrences_whose_reminder_moment_has_passed(service: ReminderService) -> None:
    # Wednesday 10:00 with a week's lead: this week's reminder was last Wednesday.
    reminder = add(service, "elke woensdag om 10:00, 1 week van tevoren")
    assert reminder.next_occurrence == datetime(2026, 12, 2, 10, 0, tzinfo=AMS)
    with pytest.raises(ReminderError, match="al voorbij"):
        add(service, "overmorgen om 10:00, 1 week van tevoren")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"kind": "vergadering"}, "Onbekende soort 'vergadering'"),
        ({"title": "  "}, "Geef een titel"),
        ({"channel": ""}, "Geef het kanaal"),
        ({"kind": "monitoring"}, "hoort bij een samenwerking"),
        ({"agenda_lead": "3 werkdagen"}, "alleen bij een PHO"),
        ({"link": "intranet/agenda"}, "moet beginnen met https://"),
        ({"kind": "pho", "agenda_lead": "3 wekken"}, "niet als tijd van tevoren"),
    ],
)
def test_add_rejects_bad_input_in_dutch(
    service: ReminderService, extra: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message) as caught:
        add(service, "elke vrijdag om 16:00", **extra)
    assert caught.value.exit_code == 2
    assert service.list() == []


def test_pho_reminder_must_come_before_the_agenda_deadline(service: ReminderService) -> None:
    with pytest.raises(ReminderError, match="ná de deadline voor agendapunten"):
        add(service, "elke vrijdag om 16:00, 1 werkdag van tevoren", kind="pho", agenda_lead="3 werkdagen")
    pho = add(service, "elke vrijdag om 16:00, 1 week van tevoren", kind="pho", agenda_lead="3 werkdagen")
    assert pho.agenda_deadline(pho.next_occurrence) == datetime(2026, 12, 1, 16, 0, tzinfo=AMS)


def test_list_and_upcoming_filter_by_user_and_channel(service: ReminderService) -> None:
    mine = add(service, "elke vrijdag om 16:00", created_by="U1")
    invited = add(service, "morgen om 9:00", created_by="U2", participants=["U1"], channel="C2")
    add(service, "elke dag om 8:00", created_by="U3")
    assert [r.id for r in service.list(created_by="U1")] == [mine.id]
    assert [r.id for r in service.list(channel="C2")] == [invited.id]
    upcoming = service.upcoming(user="U1")
    assert [u.reminder.id for u in upcoming] == [invited.id, mine.id]  # soonest first
    assert upcoming[0].fires_at == datetime(2026, 11, 24, 9, 0, tzinfo=AMS)


def test_pause_resume_cancel_states(service: ReminderService) -> None:
    reminder = add(service, "elke vrijdag om 16:00")
    paused = service.pause(reminder.id)
    assert (paused.status, paused.next_fire_at) == ("gepauzeerd", None)
    with pytest.raises(ReminderError, match="niet actief"):
        service.pause(reminder.id)
    assert service.resume(reminder.id).status == "actief"
    assert service.cancel(reminder.id).status == "gestopt"
    assert service.list() == [] and len(service.list(include_inactive=True)) == 1
    with pytest.raises(ReminderError, match="bestaat niet"):
        service.cancel(9999)


def test_a_second_snooze_moves_the_first(service: ReminderService) -> None:
    reminder = add(service, "morgen om 10:00")
    occurrence = reminder.next_occurrence
    first = service.snooze(reminder.id, occurrence, until="uur", by="U1")
    second = service.snooze(reminder.id, occurrence, until="morgen", by="U1")
    assert first == MONDAY + timedelta(hours=1)
    assert second == datetime(2026, 11, 24, 9, 0, tzinfo=AMS)
    snoozes = [d for d in service.deliveries(reminder.id) if d.kind == "uitstel"]
    assert [(d.due_at, d.status) for d in snoozes] == [(second, "wachtend")]


def test_listeners_hear_about_changes(service: ReminderService) -> None:
    heard: list[int] = []
    service.subscribe(heard.append)
    reminder = add(service, "elke vrijdag om 16:00")
    service.pause(reminder.id)
    assert heard == [reminder.id, reminder.id]


# -- lease ---------------------------------------------------------------------------------------


def test_lease_is_exclusive_renewable_and_taken_over_after_expiry(db_url: str) -> None:
    store = Store(db_url)
    ttl = timedelta(seconds=30)
    assert lease.acquire(store, "a", ttl, MONDAY)
    assert not lease.acquire(store, "b", ttl, MONDAY + timedelta(seconds=10))
    assert lease.acquire(store, "a", ttl, MONDAY + timedelta(seconds=20))  # renewal
    assert not lease.acquire(store, "b", ttl, MONDAY + timedelta(seconds=45))
    assert lease.acquire(store, "b", ttl, MONDAY + timedelta(seconds=51))  # a's ran out
    assert lease.current_holder(store, MONDAY + timedelta(seconds=52)) == "b"
    lease.release(store, "a", MONDAY + timedelta(seconds=53))  # not a's to release
    assert lease.current_holder(store, MONDAY + timedelta(seconds=53)) == "b"
    lease.release(store, "b", MONDAY + timedelta(seconds=54))
    assert lease.acquire(store, "a", ttl, MONDAY + timedelta(seconds=54))
    store.dispose()
