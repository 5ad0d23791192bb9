"""Delivery with time travel (time-machine): DST weeks, month ends, leap years, holidays,
missed-while-down, retries. Real databases (SQLite and PostgreSQL), Slack faked at HTTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from slack_fake import FakeSlack

from bot.models import Citation
from bot.slack.poster import SlackPoster
from bot.slack.views.reminders import ACTION_IDS
from jobs.outbox import Outbox
from jobs.reminders import ReminderService

AMS = ZoneInfo("Europe/Amsterdam")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


class World:
    """A service + outbox on one database, and a clock we can move."""

    def __init__(self, db_url: str, fake: FakeSlack, traveller: time_machine.Coordinates) -> None:
        self.service = ReminderService(db_url, tz="Europe/Amsterdam")
        self.fake = fake
        self.traveller = traveller
        self.outbox = Outbox(self.service, SlackPoster("xoxb-test", fake.url))

    def at(self, moment: datetime) -> World:
        self.traveller.move_to(moment)
        self.outbox.tick()
        return self

    def posted_occurrences(self) -> list[str]:
        return [p["metadata"]["event_payload"]["occurrence"] for p in self.fake.posts()]


@pytest.fixture
def world(db_url: str, fake_slack: FakeSlack) -> Iterator[World]:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        yield World(db_url, fake_slack, traveller)


def add(world: World, phrase: str, kind: str = "algemeen", **extra: object) -> int:
    extra.setdefault("cooperation", "Regio West" if kind == "monitoring" else None)
    reminder = world.service.add(kind=kind, title="Test", channel="C0TEST", schedule=phrase, **extra)
    return reminder.id


# -- each occurrence once ----------------------------------------------------------------------


def test_fires_once_per_occurrence_with_three_buttons(world: World) -> None:
    add(world, "elke vrijdag om 16:00")
    world.at(local(2026, 11, 27, 15, 59, 59))
    assert world.fake.posts() == []
    world.at(local(2026, 11, 27, 16, 0, 0)).at(local(2026, 11, 27, 16, 0, 5))
    posts = world.fake.posts()
    assert len(posts) == 1
    actions = [b for b in posts[0]["blocks"] if b["type"] == "actions"][0]
    assert [e["action_id"] for e in actions["elements"]] == list(ACTION_IDS)
    assert [e["text"]["text"] for e in actions["elements"]] == [
        "Gezien",
        "Herinner over 1 uur",
        "Herinner morgen",
    ]
    assert "(later verstuurd)" not in posts[0]["text"]
    world.at(local(2026, 12, 4, 16, 0))
    assert world.posted_occurrences() == ["20261127T150000Z", "20261204T150000Z"]


def test_dst_week_keeps_eight_o_clock_local(world: World) -> None:
    world.traveller.move_to(local(2026, 3, 26, 12, 0))
    add(world, "elke dag om 8:00")
    for day in (27, 28, 29, 30):
        world.at(local(2026, 3, day, 7, 59)).at(local(2026, 3, day, 8, 0))
    # 08:00 is 07:00 UTC in winter time and 06:00 UTC from Sunday 29 March on.
    assert world.posted_occurrences() == [
        "20260327T070000Z",
        "20260328T070000Z",
        "20260329T060000Z",
        "20260330T060000Z",
    ]


def test_autumn_dst_week_with_lead_in_hours(world: World) -> None:
    world.traveller.move_to(local(2026, 10, 23, 12, 0))
    add(world, "elke dag om 9:00, 2 uur van tevoren")
    world.at(local(2026, 10, 24, 7, 0)).at(local(2026, 10, 25, 6, 59))
    assert len(world.fake.posts()) == 1  # the 24th only
    world.at(local(2026, 10, 25, 7, 0))
    assert world.posted_occurrences() == ["20261024T070000Z", "20261025T080000Z"]


def test_month_end_reminder_comes_on_the_last_day(world: World) -> None:
    world.traveller.move_to(local(2027, 2, 1, 12, 0))
    add(world, "elke maand op de 31e om 9:00")
    world.at(local(2027, 2, 28, 8, 59))
    assert world.fake.posts() == []
    world.at(local(2027, 2, 28, 9, 0)).at(local(2027, 3, 31, 9, 0))
    assert world.posted_occurrences() == ["20270228T080000Z", "20270331T070000Z"]


def test_leap_year_yearly_reminder(world: World) -> None:
    world.traveller.move_to(local(2027, 1, 1, 12, 0))
    add(world, "elk jaar op 29 februari om 10:00")
    world.at(local(2027, 2, 28, 10, 0)).at(local(2028, 2, 28, 10, 0))
    assert len(world.fake.posts()) == 1  # 28 Feb 2028 is not the day in a leap year
    world.at(local(2028, 2, 29, 10, 0))
    assert world.posted_occurrences() == ["20270228T090000Z", "20280229T090000Z"]


def test_pho_reminder_three_werkdagen_before_over_christmas(world: World) -> None:
    world.traveller.move_to(local(2026, 12, 1, 12, 0))
    add(
        world,
        "op 29 december 2026 om 10:00, 1 week van tevoren",
        kind="pho",
        agenda_lead="3 werkdagen",
        link="https://example.org/agenda",
        participants=["U0ABC", "Jan de Vries"],
    )
    world.at(local(2026, 12, 22, 10, 0))
    post = world.fake.posts()[0]
    body = "\n".join(b["text"]["text"] for b in post["blocks"] if b["type"] == "section")
    # Three working days before Tuesday 29 Dec: 28 Dec, 24 Dec (25/26 holidays, weekend), 23 Dec.
    assert "Agendapunten aanleveren vóór woensdag 23 december 2026 om 10:00" in body
    assert "dinsdag 29 december 2026 om 10:00" in body
    assert "<https://example.org/agenda|openen>" in body
    assert "<@U0ABC>, Jan de Vries" in body


def test_werkdag_reminders_skip_kingsday(world: World) -> None:
    world.traveller.move_to(local(2027, 4, 23, 12, 0))
    add(world, "elke werkdag om 9:00")
    for day in range(24, 30):
        world.at(local(2027, 4, day, 9, 0))
    assert [o[:8] for o in world.posted_occurrences()] == [
        "20270426",
        "20270428",
        "20270429",
    ]


# -- missed while down --------------------------------------------------------------------------


def test_missed_within_grace_fires_once_marked_later(world: World) -> None:
    add(world, "morgen om 10:00")
    # Nobody ticks at 10:00 (the bot is down); it comes back at 10:40.
    world.at(local(2026, 11, 24, 10, 40)).at(local(2026, 11, 24, 10, 41))
    posts = world.fake.posts()
    assert len(posts) == 1
    assert "(later verstuurd)" in posts[0]["text"]
    header = posts[0]["blocks"][0]["text"]["text"]
    assert header.endswith("(later verstuurd)")


def test_missed_beyond_grace_is_logged_and_next_is_scheduled(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    reminder_id = add(world, "elke dinsdag om 10:00")
    with caplog.at_level(logging.WARNING, logger="jobs.outbox"):
        world.at(local(2026, 11, 24, 11, 30))
    assert world.fake.posts() == []
    assert any("gemist" in r.getMessage() for r in caplog.records)
    [delivery] = world.service.deliveries(reminder_id)
    assert delivery.status == "gemist" and "te laat" in (delivery.error or "")
    reminder = world.service.get(reminder_id)
    assert reminder.next_occurrence == local(2026, 12, 1, 10, 0)
    world.at(local(2026, 12, 1, 10, 0))
    assert world.posted_occurrences() == ["20261201T090000Z"]
    assert "(later verstuurd)" not in world.fake.posts()[0]["text"]


def test_grace_is_configurable(db_url: str, fake_slack: FakeSlack) -> None:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("x", fake_slack.url), grace=timedelta(hours=3))
        service.add(kind="algemeen", title="T", channel="C1", schedule="morgen om 10:00")
        traveller.move_to(local(2026, 11, 24, 12, 30))
        outbox.tick()
    assert len(fake_slack.posts()) == 1


# -- failures ---------------------------------------------------------------------------------


def test_failed_post_is_retried_with_backoff_and_posted_once(world: World) -> None:
    reminder_id = add(world, "morgen om 10:00")
    world.fake.fail_next("error:internal_error", "500")
    world.at(local(2026, 11, 24, 10, 0))
    [delivery] = world.service.deliveries(reminder_id)
    assert (delivery.status, delivery.attempts) == ("wachtend", 1)
    world.at(local(2026, 11, 24, 10, 0, 20))  # backoff 30 s: not yet
    assert world.fake.post_calls() == 1
    world.at(local(2026, 11, 24, 10, 0, 31))  # second attempt: HTTP 500
    assert world.fake.post_calls() == 2
    world.at(local(2026, 11, 24, 10, 1, 20))  # backoff now 60 s: not yet
    world.at(local(2026, 11, 24, 10, 1, 32))
    assert world.fake.post_calls() == 3 and len(world.fake.posts()) == 1
    [delivery] = world.service.deliveries(reminder_id)
    assert (delivery.status, delivery.attempts) == ("verstuurd", 2)


@pytest.mark.parametrize("failure", ["store+500", "store+drop"])
def test_post_that_reached_slack_despite_an_error_is_not_posted_twice(world: World, failure: str) -> None:
    reminder_id = add(world, "morgen om 10:00")
    world.fake.fail_next(failure)
    world.at(local(2026, 11, 24, 10, 0))
    world.at(local(2026, 11, 24, 10, 1))  # retry: finds the message in the channel
    world.at(local(2026, 11, 24, 10, 10))
    assert world.fake.post_calls() == 1
    assert len(world.fake.posts()) == 1
    [delivery] = world.service.deliveries(reminder_id)
    assert delivery.status == "verstuurd" and delivery.ts == world.fake.posts()[0]["ts"]


def test_rate_limit_is_retried_by_the_sdk(world: World) -> None:
    add(world, "morgen om 10:00")
    world.fake.fail_next("429")
    world.at(local(2026, 11, 24, 10, 0))
    assert world.fake.post_calls() == 2 and len(world.fake.posts()) == 1


def test_permanent_slack_error_is_recorded_not_retried(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    reminder_id = add(world, "morgen om 10:00")
    world.fake.fail_next("error:channel_not_found")
    with caplog.at_level(logging.ERROR, logger="jobs.outbox"):
        world.at(local(2026, 11, 24, 10, 0)).at(local(2026, 11, 24, 11, 0))
    [delivery] = world.service.deliveries(reminder_id)
    assert delivery.status == "mislukt" and "channel_not_found" in (delivery.error or "")
    assert world.fake.post_calls() == 1
    assert any("definitief mislukt" in r.getMessage() for r in caplog.records)


# -- snooze, acknowledge, pause, cancel ------------------------------------------------------------


def test_snooze_an_hour_and_tomorrow_then_acknowledge(world: World) -> None:
    reminder_id = add(world, "morgen om 10:00")
    occurrence = local(2026, 11, 24, 10, 0)
    world.at(occurrence)
    world.traveller.move_to(local(2026, 11, 24, 10, 5))
    due = world.service.snooze(reminder_id, occurrence, until="uur", by="U1")
    assert due == local(2026, 11, 24, 11, 5)
    world.at(local(2026, 11, 24, 11, 4))
    assert len(world.fake.posts()) == 1
    world.at(local(2026, 11, 24, 11, 5))
    assert len(world.fake.posts()) == 2
    assert world.fake.posts()[1]["text"].startswith("Nogmaals")
    due = world.service.snooze(reminder_id, occurrence, until="morgen", by="U1")
    assert due == local(2026, 11, 25, 9, 0)
    assert world.service.acknowledge(reminder_id, occurrence, by="U2")
    world.at(local(2026, 11, 25, 9, 0))
    assert len(world.fake.posts()) == 2  # seen: the pending repeat lapsed
    statuses = {(d.kind, d.status) for d in world.service.deliveries(reminder_id)}
    assert ("uitstel", "vervallen") in statuses
    assert all(
        d.acknowledged_by == "U2" for d in world.service.deliveries(reminder_id) if d.status == "verstuurd"
    )


def test_pause_skips_and_resume_continues_after_now(world: World) -> None:
    reminder_id = add(world, "elke dag om 8:00")
    world.at(local(2026, 11, 24, 8, 0))
    world.service.pause(reminder_id)
    world.at(local(2026, 11, 25, 8, 0)).at(local(2026, 11, 26, 7, 0))
    world.service.resume(reminder_id)
    world.at(local(2026, 11, 26, 8, 0))
    assert world.posted_occurrences() == ["20261124T070000Z", "20261126T070000Z"]


def test_cancel_stops_future_posts(world: World) -> None:
    reminder_id = add(world, "elke dag om 8:00")
    world.at(local(2026, 11, 24, 8, 0))
    world.service.cancel(reminder_id)
    world.at(local(2026, 11, 25, 8, 0))
    assert len(world.fake.posts()) == 1
    assert world.service.list() == []


# -- monitoring checklist ------------------------------------------------------------------------


def evaluation_questions(query: str) -> list[tuple[str, Citation]]:
    """A small real knowledge source: fixed passages, picked by a word of the query."""
    guide = Citation(1, "handreiking.pdf", "Handreiking evaluatie", "4. Evaluatie", 12, "…", "…")
    law = Citation(2, "wgr.txt", "Wet gemeenschappelijke regelingen", "Art. 35", None, "…", "…")
    questions = [
        ("Zijn de doelen uit de regeling gehaald?", guide),
        ("Is de raad tijdig geïnformeerd?", law),
        ("Wat kost de samenwerking per inwoner?", guide),
    ]
    return questions if "evaluatie" in query else []


def test_monitoring_message_has_cited_checklist(db_url: str, fake_slack: FakeSlack) -> None:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("x", fake_slack.url), checklist_provider=evaluation_questions)
        service.add(
            kind="monitoring",
            title="Jaarevaluatie",
            channel="C1",
            schedule="morgen om 10:00",
            cooperation="ODRA",
            subject="dienstverlening aan inwoners",
        )
        traveller.move_to(local(2026, 11, 24, 10, 0))
        outbox.tick()
    [post] = fake_slack.posts()
    texts = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section"]
    sources = [b["elements"][0]["text"] for b in post["blocks"] if b["type"] == "context"]
    assert "*Samenwerking:* ODRA" in texts[0]
    assert "*Te evalueren:* dienstverlening aan inwoners" in texts[0]
    assert texts[1].splitlines()[1:] == [
        "• Zijn de doelen uit de regeling gehaald? [1]",
        "• Is de raad tijdig geïnformeerd? [2]",
        "• Wat kost de samenwerking per inwoner? [1]",
    ]
    assert sources[0] == (
        "[1] Handreiking evaluatie — 4. Evaluatie, p. 12\n[2] Wet gemeenschappelijke regelingen — Art. 35"
    )


def test_monitoring_still_posts_when_the_knowledge_base_fails(db_url: str, fake_slack: FakeSlack) -> None:
    def broken(_query: str) -> list[tuple[str, Citation]]:
        raise RuntimeError("index ontbreekt")

    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("x", fake_slack.url), checklist_provider=broken)
        service.add(
            kind="monitoring", title="Evaluatie", channel="C1", schedule="morgen om 10:00", cooperation="ODRA"
        )
        traveller.move_to(local(2026, 11, 24, 10, 0))
        outbox.tick()
    [post] = fake_slack.posts()
    assert "Geen evaluatievragen" in str(post["blocks"])


class CrashingPoster(SlackPoster):
    """Slack's side is real (the fake server); the process 'dies' around the post."""

    def __init__(self, url: str, *, after_post: bool) -> None:
        super().__init__("xoxb-test", url)
        self.after_post = after_post

    def post(self, outgoing):  # type: ignore[no-untyped-def]
        if self.after_post:
            super().post(outgoing)
        raise SystemExit("worker valt uit")


@pytest.mark.parametrize("after_post", [True, False])
def test_new_leader_recovers_a_dead_workers_claim_without_double_post(
    db_url: str, fake_slack: FakeSlack, after_post: bool
) -> None:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        dead = Outbox(service, CrashingPoster(fake_slack.url, after_post=after_post), holder="a")
        reminder = service.add(kind="algemeen", title="T", channel="C1", schedule="morgen om 10:00")
        traveller.move_to(local(2026, 11, 24, 10, 0))
        with pytest.raises(SystemExit):
            dead.tick()
        assert [d.status for d in service.deliveries(reminder.id)] == ["bezig"]
        heir = Outbox(service, SlackPoster("xoxb-test", fake_slack.url), holder="b")
        assert heir.recover_orphans() == 1
        heir.tick()
    assert len(fake_slack.posts()) == 1
    assert fake_slack.post_calls() == 1
    assert [d.status for d in service.deliveries(reminder.id)] == ["verstuurd"]
