"""Exactly once under uncertainty: a post whose outcome is unknown while the channel cannot
be checked is never posted blindly again; a leader paused past its lease cannot post; a
delivery that fails for good tells the reminder's owner what to do. SQLite and PostgreSQL,
Slack faked at HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from slack_fake import FakeSlack

from bot.slack.poster import SlackPoster
from jobs import lease
from jobs.outbox import Outbox
from jobs.reminders import ReminderService

AMS = ZoneInfo("Europe/Amsterdam")
OWNER = "U0EIGENAAR1"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def statuses(service: ReminderService, reminder_id: int) -> list[str]:
    return [d.status for d in service.deliveries(reminder_id)]


@pytest.mark.parametrize("outcome", ["500", "store+500"])
def test_unknown_outcome_with_a_failing_check_is_not_posted_again(
    db_url: str, fake_slack: FakeSlack, outcome: str
) -> None:
    """The post fails uncertainly (not stored, or stored after all) and the history check
    fails several times: nothing is posted until the channel can be read again."""
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("xoxb-test", fake_slack.url))
        reminder = service.add(kind="algemeen", title="T", channel="C1", schedule="morgen om 10:00")
        fake_slack.fail_next(outcome)
        fake_slack.history_failures.extend(["internal_error"] * 4)
        moment = local(2026, 11, 24, 10, 0)
        for _ in range(6):  # past every backoff (30 s, 60 s, 120 s, 240 s …)
            traveller.move_to(moment)
            outbox.tick()
            moment += timedelta(minutes=10)
        assert len(fake_slack.posts()) == 1
        assert statuses(service, reminder.id) == ["verstuurd"]
        checks = [m for m, _ in fake_slack.calls if m == "conversations.history"]
        assert len(checks) == 5  # four failed checks, then one that could tell
        assert fake_slack.post_calls() == (2 if outcome == "500" else 1)


def test_unknown_stays_unknown_while_the_channel_cannot_be_read(db_url: str, fake_slack: FakeSlack) -> None:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("xoxb-test", fake_slack.url))
        reminder = service.add(kind="algemeen", title="T", channel="C1", schedule="morgen om 10:00")
        fake_slack.fail_next("500")
        fake_slack.history_failures.extend(["internal_error"] * 3)
        for minute in (0, 1, 3, 7):
            traveller.move_to(local(2026, 11, 24, 10, minute, 5))
            outbox.tick()
        assert statuses(service, reminder.id) == ["onzeker"]
        assert fake_slack.post_calls() == 1 and fake_slack.posts() == []


def test_leader_paused_past_its_lease_during_the_check_does_not_post(
    db_url: str, fake_slack: FakeSlack
) -> None:
    """A posts uncertainly; on its next try its channel check hangs (the process is paused)
    past its 3 s lease; B takes the lease, finds nothing and posts; A wakes up: no post."""
    clock = {"now": local(2026, 11, 24, 10, 0)}
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        store, ttl = service.store, timedelta(seconds=3)

        def leader(holder: str) -> Outbox:
            def may_post() -> bool:
                return lease.current_holder(store, clock["now"]) == holder

            return Outbox(service, SlackPoster("xoxb-test", fake_slack.url), holder=holder, may_post=may_post)

        a, b = leader("a"), leader("b")
        reminder = service.add(kind="algemeen", title="T", channel="C1", schedule="morgen om 10:00")
        traveller.move_to(clock["now"])
        assert lease.acquire(store, "a", ttl, clock["now"])
        fake_slack.fail_next("500")
        a.tick(clock["now"])
        assert statuses(service, reminder.id) == ["onzeker"]

        clock["now"] += timedelta(seconds=31)
        assert lease.acquire(store, "a", ttl, clock["now"])
        fake_slack.history_failures.append("hold")
        paused = threading.Thread(target=a.tick, args=(clock["now"],))
        paused.start()
        wait_until(lambda: fake_slack.history_calls() == 1)  # A is inside its check now

        clock["now"] += timedelta(seconds=14)  # A's lease (3 s) ran out long ago
        assert lease.acquire(store, "b", ttl, clock["now"])
        b.recover_orphans(clock["now"])
        clock["now"] += timedelta(seconds=31)
        assert lease.acquire(store, "b", ttl, clock["now"])
        b.tick(clock["now"])
        assert len(fake_slack.posts()) == 1

        fake_slack.history_gate.set()  # A wakes up; its check fails
        paused.join(60)
        assert not paused.is_alive()
        a.tick(clock["now"] + timedelta(minutes=10))
    assert len(fake_slack.posts()) == 1 and fake_slack.post_calls() == 2
    assert statuses(service, reminder.id) == ["verstuurd"]


def test_post_carries_the_lease_token(db_url: str, fake_slack: FakeSlack) -> None:
    with time_machine.travel(local(2026, 11, 24, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        now = local(2026, 11, 24, 10, 0)
        assert lease.acquire(service.store, "a", timedelta(seconds=60), now)
        token = lease.fence_token(service.store, "a", now)
        outbox = Outbox(
            service,
            SlackPoster("xoxb-test", fake_slack.url),
            holder="a",
            fence=lambda: lease.fence_token(service.store, "a", now),
        )
        service.add(kind="algemeen", title="T", channel="C1", schedule="vandaag om 10:00")
        traveller.move_to(now)
        outbox.tick(now)
    [post] = fake_slack.posts()
    assert token and post["metadata"]["event_payload"]["lease"] == token
    assert lease.fence_token(service.store, "a", now + timedelta(seconds=61)) is None


def test_channel_without_the_bot_tells_the_owner_what_to_do(db_url: str, fake_slack: FakeSlack) -> None:
    with time_machine.travel(local(2026, 11, 23, 9, 0), tick=False) as traveller:
        service = ReminderService(db_url, tz="Europe/Amsterdam")
        outbox = Outbox(service, SlackPoster("xoxb-test", fake_slack.url))
        reminder = service.add(
            kind="algemeen",
            title="PHO <Sociaal>",
            channel="C0GEENBOT",
            schedule="morgen om 10:00",
            created_by=OWNER,
        )
        fake_slack.fail_next("error:not_in_channel")
        traveller.move_to(local(2026, 11, 24, 10, 0))
        outbox.tick()
    assert statuses(service, reminder.id) == ["mislukt"]
    [dm] = [p for p in fake_slack.posts() if p.get("channel") == OWNER]
    assert "Nodig de bot uit in <#C0GEENBOT>" in dm["text"]
    assert "/invite @Samenwerkbot" in dm["text"] and "&lt;Sociaal&gt;" in dm["text"]


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)
