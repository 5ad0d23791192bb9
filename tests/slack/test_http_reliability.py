"""End to end over HTTP: what Slack requires besides answering — signatures, answering each
event once (also after a restart), rate limits, errors that never leave the user waiting,
ignored messages, channels where the bot is not enabled, and the App Home tab."""

from __future__ import annotations

import json
import time

import pytest

from tests.slack.conftest import USER, RunningApp, start_http_app
from tests.slack.driver import dm, event_envelope, mention, new_ts, unique
from tests.slack.fake_slack import BOT_ID, BOT_USER_ID, FakeSlack
from tests.slack.helpers import progress_post, wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


def progress_posts(fake: FakeSlack, channel: str, thread: str | None = None) -> list:
    return [
        c
        for c in fake.calls_to("chat.postMessage", channel=channel)
        if "Even zoeken" in c.get("text", "") and (thread is None or c.get("thread_ts") == thread)
    ]


def test_bad_signature_and_stale_timestamp_are_refused(running: RunningApp) -> None:
    fake, sender = running.fake, running.sender
    mark = fake.mark()
    body = json.dumps(event_envelope(mention(QUESTION, channel="C0KANAAL1", user=USER), unique("Ev")))
    forged = sender.post(body, "application/json", signature="v0=" + "0" * 64)
    stale_at = int(time.time()) - 6 * 60
    stale = sender.post(
        body, "application/json", timestamp=stale_at, signature=sender.sign(str(stale_at), body)
    )
    assert (forged.status, stale.status) == (401, 401)
    running.listeners.wait_idle()
    assert [c.method for c in fake.calls_since(mark) if c.method != "auth.test"] == []


def test_retries_and_duplicates_are_answered_once_also_after_restart(running: RunningApp) -> None:
    fake = running.fake
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    event_id = unique("Ev")
    assert running.sender.event(event, event_id=event_id).status == 200
    wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    assert running.sender.event(event, event_id=event_id, retry_num=1).status == 200
    assert running.sender.event(event, event_id=unique("Ev")).status == 200  # same message, new id
    restarted = start_http_app(running.settings, running.kb, fake)  # a new process, same database
    try:
        assert restarted.sender.event(event, event_id=event_id, retry_num=2).status == 200
        running.listeners.wait_idle()
        restarted.listeners.wait_idle()
        assert len(progress_posts(fake, "C0KANAAL1", event["ts"])) == 1
    finally:
        restarted.server.stop()


def test_a_retried_event_runs_no_listener_twice(running: RunningApp) -> None:
    """The event_id guard on its own (App Home has no message to recognise)."""
    fake, user = running.fake, "U0RETRY001"
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME0002",
        "tab": "home",
        "event_ts": str(time.time()),
    }
    event_id = unique("Ev")
    running.sender.event(event, event_id=event_id)
    fake.wait_for(lambda: fake.calls_to("views.publish", user_id=user))
    running.sender.event(event, event_id=event_id, retry_num=1)
    running.listeners.wait_idle()
    assert len(fake.calls_to("views.publish", user_id=user)) == 1


def test_rate_limited_post_is_retried(running: RunningApp) -> None:
    fake = running.fake
    fake.fail("chat.postMessage", "429")
    event = mention(QUESTION, channel="C0KANAAL2", user=USER)
    running.sender.event(event)
    _, answer = wait_answer(fake, "C0KANAAL2", thread_ts=event["ts"])
    statuses = [c.status for c in progress_posts(fake, "C0KANAAL2", event["ts"])]
    assert statuses == [429, 200]
    assert "[1]" in answer["text"]


def test_rate_limited_thread_read_does_not_keep_the_user_waiting(running: RunningApp) -> None:
    """Reading an unknown thread for history is skipped on 429 instead of waited out."""
    fake, parent = running.fake, new_ts()
    fake.add_user_message("C0KANAAL2", "Een draad zonder bot", USER, ts=parent)
    fake.fail("conversations.replies", "429")
    running.sender.event(mention(QUESTION, channel="C0KANAAL2", user=USER, thread_ts=parent))
    _, answer = wait_answer(fake, "C0KANAAL2", thread_ts=parent)
    assert "[1]" in answer["text"]
    assert [c.status for c in fake.calls_to("conversations.replies", ts=parent)] == [429]


def test_internal_error_turns_progress_into_an_apology(running: RunningApp) -> None:
    fake = running.fake
    fake.fail("chat.update", "error:invalid_blocks")  # Slack refuses the answer message
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    post, final = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    assert "Sorry, er ging iets mis" in final["text"] and "foutcode" in final["text"]
    refused = fake.calls_to("chat.update", ts=post.ts)[0]
    assert refused.result == {"ok": False, "error": "invalid_blocks"} and "[1]" in refused["text"]
    assert "opnieuw" in final["text"]  # says what to try


def test_user_error_is_explained_in_place(running: RunningApp) -> None:
    event = mention("Waarom? " * 400, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    _, final = wait_answer(running.fake, "C0KANAAL1", thread_ts=event["ts"])
    assert "te lang" in final["text"]


def test_not_enabled_channel_is_told_once_then_privately(running: RunningApp) -> None:
    fake = running.fake
    first = mention(QUESTION, channel="C0NIETAAN2", user=USER)
    running.sender.event(first)
    notice = fake.wait_for(lambda: fake.calls_to("chat.postMessage", channel="C0NIETAAN2"))
    assert "niet ingeschakeld" in notice[0]["text"] and notice[0]["thread_ts"] == first["ts"]
    running.sender.event(mention(QUESTION, channel="C0NIETAAN2", user=USER))
    private = fake.wait_for(lambda: fake.calls_to("chat.postEphemeral", channel="C0NIETAAN2"))
    assert private[0]["user"] == USER and "niet ingeschakeld" in private[0]["text"]
    assert len(fake.calls_to("chat.postMessage", channel="C0NIETAAN2")) == 1


def test_own_and_bot_messages_edits_and_deletions_are_ignored(running: RunningApp) -> None:
    fake = running.fake
    channel = "D0STIL0001"
    events = [
        dm(QUESTION, channel=channel, user=BOT_USER_ID),  # our own message
        dm(QUESTION, channel=channel, user="U0ANDERE01", bot_id=BOT_ID, subtype="bot_message"),
        dm(QUESTION, channel=channel, user="U0ANDERE02", bot_id="B0ANDERE01"),
        dm(
            "",
            channel=channel,
            user=USER,
            subtype="message_changed",
            message={"type": "message", "user": USER, "text": QUESTION, "ts": "1.1"},
        ),
        dm("", channel=channel, user=USER, subtype="message_deleted"),
    ]
    for event in events:
        assert running.sender.event(event).status == 200
    running.listeners.wait_idle()
    assert [c for c in fake.calls_since(0) if c.get("channel") == channel] == []


def test_app_home_shows_what_the_bot_can_do_and_the_sources(running: RunningApp) -> None:
    fake = running.fake
    running.sender.event(
        {
            "type": "app_home_opened",
            "user": USER,
            "channel": "D0HOME0001",
            "tab": "home",
            "event_ts": str(time.time()),
        }
    )
    published = fake.wait_for(lambda: fake.calls_to("views.publish", user_id=USER))[-1]
    view = published["view"] if isinstance(published["view"], dict) else json.loads(published["view"])
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if isinstance(b.get("text"), dict))
    assert view["type"] == "home" and "/samenwerking" in text
    titles = [s["title"] for s in running.kb.sources()]
    assert titles and all(t in text for t in titles[:3])
    assert "stukken" in text


def test_dm_follow_up_in_thread_of_an_answer(running: RunningApp) -> None:
    fake = running.fake
    channel = "D0DMVERV01"
    running.sender.event(dm(QUESTION, channel=channel, user=USER))
    post = progress_post(fake, channel)
    wait_answer(fake, channel)
    running.sender.event(dm("En de nadelen?", channel=channel, user=USER, thread_ts=post.ts))
    follow, answer = wait_answer(fake, channel, thread_ts=post.ts)
    assert follow["thread_ts"] == post.ts and answer["text"]
    assert running.deps.answers.history(channel, post.ts)[0][0] == QUESTION
