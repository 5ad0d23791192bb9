"""No question is lost: a failed "Even zoeken…" post is retried (and never posted twice), a
process killed mid-answer leaves the question to be finished by the next one, slow work
does not starve the acks, a burst of connections is accepted, and a replayed command that
creates something creates it once. Real app on loopback, fake Slack Web API."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.config import PROJECT_ROOT
from jobs.reminders import ReminderService
from tests.slack.conftest import (
    ALLOWED,
    BOT_TOKEN,
    SECRET,
    USER,
    RunningApp,
    slack_settings,
    start_http_app,
)
from tests.slack.driver import SlackSender, dm, mention, unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.helpers import final_update, responses, succeeded, wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


def progress_messages(fake: FakeSlack, channel: str, thread: str | None) -> list[dict[str, Any]]:
    """What Slack holds: "Even zoeken…" messages that stayed, or their edits into answers."""
    with fake.lock:
        held = list(fake.messages[channel])
    return [m for m in held if m.get("thread_ts") == thread and m.get("metadata")]


def test_progress_post_refused_with_500_is_retried(running: RunningApp) -> None:
    fake = running.fake
    fake.fail("chat.postMessage", "500", "500")
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    post, answer = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    tries = [c.status for c in fake.calls_to("chat.postMessage", thread_ts=event["ts"])]
    assert tries == [500, 500, 200]
    assert "[1]" in answer["text"]


def test_progress_posted_despite_a_500_is_not_posted_twice(running: RunningApp) -> None:
    """Slack posted the message but answered 500: the retry finds it by its metadata."""
    fake = running.fake
    fake.fail("chat.postMessage", "500-done")
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    first = fake.wait_for(lambda: fake.calls_to("chat.postMessage", thread_ts=event["ts"]))[0]
    held = fake.wait_for(lambda: progress_messages(fake, "C0KANAAL1", event["ts"]))
    fake.wait_for(lambda: "[1]" in held[0]["text"])
    assert first.status == 500 and len(fake.calls_to("chat.postMessage", thread_ts=event["ts"])) == 1
    assert len(progress_messages(fake, "C0KANAAL1", event["ts"])) == 1


def test_rate_limited_progress_post_beyond_the_client_retries(running: RunningApp) -> None:
    fake = running.fake
    fake.fail("chat.postMessage", "429", "429", "429", "429", "429")
    event = mention(QUESTION, channel="C0KANAAL2", user=USER)
    running.sender.event(event)
    _, answer = wait_answer(fake, "C0KANAAL2", thread_ts=event["ts"])
    tries = [c.status for c in fake.calls_to("chat.postMessage", thread_ts=event["ts"])]
    assert tries == [429] * 5 + [200] and "[1]" in answer["text"]


def test_progress_never_accepted_ends_in_a_private_apology(running: RunningApp) -> None:
    fake = running.fake
    fake.fail("chat.postMessage", *["500"] * 5)
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    sorry = fake.wait_for(lambda: fake.calls_to("chat.postEphemeral", thread_ts=event["ts"]))[0]
    assert sorry["user"] == USER and "Sorry" in sorry["text"] and "opnieuw" in sorry["text"]
    assert [c.status for c in fake.calls_to("chat.postMessage", thread_ts=event["ts"])] == [500] * 5


# -- acks never starve, bursts are accepted ---------------------------------------------------


@pytest.fixture(scope="module")
def slow_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def test_slow_slack_calls_do_not_starve_acks_or_answers(
    slow_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path, tmp_path: Path
) -> None:
    fake = slow_slack
    settings = slack_settings(slack_data_dir, fake, database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    from bot.slack.app import build_app
    from bot.slack.deps import Deps
    from bot.slack.http_server import EVENTS_PATH, HttpServer

    # The production pools (no counting test executor): acks and slow work kept apart.
    server = HttpServer(build_app(settings, slack_kb, deps=Deps.create(settings, slack_kb)), "127.0.0.1", 0)
    app = SimpleNamespace(
        server=server.start(), sender=SlackSender(f"http://127.0.0.1:{server.port}{EVENTS_PATH}", SECRET)
    )
    try:
        fake.fail("views.publish", *["slow:60"] * 12)  # more slow calls than Bolt's 5 threads
        for n in range(12):
            app.sender.event({"type": "app_home_opened", "user": f"U0TRAAG{n:03d}", "tab": "home"})
        slow = fake.wait_for(
            lambda: len(fake.calls_to("views.publish")) == 12 and fake.calls_to("views.publish")
        )
        help_reply = app.sender.command(
            "help", user=USER, channel="C0KANAAL1", response_url=fake.response_url("h")
        )
        assert help_reply.status == 200 and "/samenwerking" in help_reply.body  # acked in time
        reminders = app.sender.command(
            "lijst",
            user=USER,
            channel="C0KANAAL1",
            command="/herinnering",
            response_url=fake.response_url("r"),
        )
        assert reminders.status == 200 and "Herinneringen" in reminders.body
        event = mention(QUESTION, channel="C0KANAAL1", user=USER)
        app.sender.event(event)
        wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
        assert all(call.status == 0 for call in slow)  # answered while the slow calls still hang
    finally:
        app.server.stop()


def test_a_burst_of_connections_is_accepted(running: RunningApp) -> None:
    host, port = "127.0.0.1", int(running.sender.url.split(":")[2].split("/")[0])
    start = threading.Barrier(200)

    def health(_: int) -> str:
        start.wait()
        with socket.create_connection((host, port), timeout=60) as conn:
            conn.sendall(b"GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n")
            return conn.makefile("rb").readline().decode()

    with ThreadPoolExecutor(200) as pool:
        statuses = list(pool.map(health, range(200)))
    assert all(" 200 " in s for s in statuses), [s for s in statuses if " 200 " not in s][:3]


# -- a replayed request that creates something ------------------------------------------------


def test_replayed_reminder_command_creates_one_reminder(
    running: RunningApp, slack_kb: Any, tmp_path: Path
) -> None:
    fake = running.fake
    settings = slack_settings(
        running.settings.bot_data_dir, fake, database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}"
    )
    service = ReminderService(settings.db_url, tz=settings.timezone)
    fake.members["C0KANAAL1"] = {USER}  # reminders are made only for a channel the creator is in
    app = start_http_app(settings, slack_kb, fake, reminders=service)
    try:
        form = {
            "team_id": TEAM_ID,
            "channel_id": "C0KANAAL1",
            "user_id": USER,
            "command": "/herinnering",
            "text": 'pho "PHO Replay" <#C0KANAAL1|pho> elke maandag om 10 uur, 1 week van tevoren',
            "response_url": fake.response_url(name := unique("r")),
            "trigger_id": unique("trigger."),
        }
        body, ts = urlencode(form), str(int(time.time()))
        signature = app.sender.sign(ts, body)
        replies = [
            app.sender.post(body, "application/x-www-form-urlencoded", timestamp=int(ts), signature=signature)
            for _ in range(3)
        ]
        assert [r.status for r in replies] == [200, 200, 200]
        told = fake.wait_for(lambda: len(responses(fake, name)) >= 3 and responses(fake, name))
        assert sorted("Aangemaakt" in r["text"] for r in told) == [False, False, True]
        assert sum("al verwerkt" in r["text"] for r in told) == 2
        assert [r.title for r in service.list(created_by=USER)].count("PHO Replay") == 1
    finally:
        app.server.stop()


# -- a process killed while posting "Even zoeken…" --------------------------------------------


def start_serve(data_dir: Path, fake: FakeSlack) -> tuple[subprocess.Popen[str], SlackSender]:
    env = {
        **os.environ,
        "BOT_ENV_FILE": "",
        "PYTHONPATH": str(PROJECT_ROOT),
        "BOT_DATA_DIR": str(data_dir),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "ALLOWED_CHANNELS": ",".join(ALLOWED),
        "SLACK_QUESTION_STALE_SECONDS": "2",
        "LOG_LEVEL": "INFO",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--http", "--port", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    port: list[int] = []

    def read_log() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            found = re.search(r"luistert op http://[^:]+:(\d+)", line)
            if found:
                port.append(int(found.group(1)))

    threading.Thread(target=read_log, daemon=True).start()
    fake.wait_for(lambda: port or process.poll() is not None, timeout=300)
    assert port, f"serve stopped with exit code {process.poll()}"
    return process, SlackSender(f"http://127.0.0.1:{port[0]}/slack/events", SECRET)


def test_killed_while_posting_progress_is_finished_by_the_next_process(
    slow_slack: FakeSlack, slack_data_dir: Path, tmp_path: Path
) -> None:
    fake, data_dir = slow_slack, tmp_path / "data"
    shutil.copytree(slack_data_dir, data_dir)
    first, sender = start_serve(data_dir, fake)
    event, event_id = mention(QUESTION, channel="C0KANAAL2", user=USER), unique("Ev")
    try:
        fake.fail("chat.postMessage", "held")  # Slack is slow; the bot dies meanwhile
        assert sender.event(event, event_id=event_id).status == 200
        in_flight = fake.wait_for(lambda: fake.calls_to("chat.postMessage", thread_ts=event["ts"]))[0]
        first.send_signal(signal.SIGKILL)
        first.wait(60)
    finally:
        first.kill()
    fake.release()
    fake.wait_for(lambda: in_flight.status)  # Slack did post it, for a process now gone
    second, sender = start_serve(data_dir, fake)
    try:
        answer = fake.wait_for(lambda: final_update(fake, "C0KANAAL2", in_flight.ts), timeout=180)
        assert "[1]" in answer["text"]  # the orphaned "Even zoeken…" became the answer
        assert sender.event(event, event_id=event_id, retry_num=1).status == 200  # Slack's retry
        marker = dm("Wat is SETA?", channel="D0MARKER01", user=USER)
        sender.event(marker)
        wait_answer(fake, "D0MARKER01")
        posts = [c for c in fake.calls_to("chat.postMessage", thread_ts=event["ts"]) if succeeded(c)]
        assert len(posts) == 1 and len(progress_messages(fake, "C0KANAAL2", event["ts"])) == 1
    finally:
        second.terminate()
        second.wait(60)


def test_slack_retry_after_a_kill_is_answered(
    slow_slack: FakeSlack, slack_data_dir: Path, tmp_path: Path
) -> None:
    """Killed before any message reached Slack: the retry must be answered, not dropped."""
    fake, data_dir = slow_slack, tmp_path / "data"
    shutil.copytree(slack_data_dir, data_dir)
    first, sender = start_serve(data_dir, fake)
    event, event_id = mention(QUESTION, channel="C0KANAAL1", user=USER), unique("Ev")
    try:
        fake.fail("chat.postMessage", "500", "hang:20")
        assert sender.event(event, event_id=event_id).status == 200
        fake.wait_for(lambda: len(fake.calls_to("chat.postMessage", thread_ts=event["ts"])) == 2)
        first.send_signal(signal.SIGKILL)
        first.wait(60)
    finally:
        first.kill()
    second, sender = start_serve(data_dir, fake)
    try:
        assert sender.event(event, event_id=event_id, retry_num=1).status == 200
        _, answer = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
        assert "[1]" in answer["text"]
        assert len(progress_messages(fake, "C0KANAAL1", event["ts"])) == 1
    finally:
        second.terminate()
        second.wait(60)
