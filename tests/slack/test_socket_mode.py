"""Socket Mode end to end: apps.connections.open hands out a local WebSocket URL; events and
slash commands arrive in envelopes; the app acks each envelope_id and answers through the
(fake) Web API — the same build_app and listeners as HTTP mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.slack.app import build_app
from tests.slack.conftest import APP_TOKEN, USER, ListenerExecutor, slack_settings
from tests.slack.driver import event_envelope, mention, unique
from tests.slack.fake_slack import FakeSlack
from tests.slack.fake_socket_mode import FakeSocketMode
from tests.slack.helpers import responses, wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


@pytest.fixture(scope="module")
def listeners() -> Iterator[ListenerExecutor]:
    executor = ListenerExecutor()
    yield executor
    executor.shutdown(wait=False)


@pytest.fixture(scope="module")
def socket_mode(
    fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path, listeners: ListenerExecutor
) -> Iterator[FakeSocketMode]:
    endpoint = FakeSocketMode().start()
    fake_slack.ws_url = endpoint.url
    settings = slack_settings(
        slack_data_dir, fake_slack, slack_app_token=APP_TOKEN, slack_signing_secret=None
    )
    handler = SocketModeHandler(build_app(settings, slack_kb, listener_executor=listeners), APP_TOKEN)
    handler.connect()
    yield endpoint
    handler.close()
    endpoint.stop()


def test_connects_with_the_app_token(socket_mode: FakeSocketMode, fake_slack: FakeSlack) -> None:
    assert socket_mode.connected.wait(30)
    opened = fake_slack.calls_to("apps.connections.open")
    assert opened and opened[0].headers["authorization"] == f"Bearer {APP_TOKEN}"


def test_mention_envelope_is_acked_and_answered(socket_mode: FakeSocketMode, fake_slack: FakeSlack) -> None:
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    envelope_id = socket_mode.send(event_envelope(event, unique("Ev")))
    ack = fake_slack.wait_for(lambda: socket_mode.ack_for(envelope_id))
    assert ack["envelope_id"] == envelope_id
    _, answer = wait_answer(fake_slack, "C0KANAAL1", thread_ts=event["ts"])
    assert "[1]" in answer["text"]


def test_retried_envelope_is_not_answered_twice(
    socket_mode: FakeSocketMode, fake_slack: FakeSlack, listeners: ListenerExecutor
) -> None:
    event = mention(QUESTION, channel="C0KANAAL2", user=USER)
    event_id = unique("Ev")
    socket_mode.send(event_envelope(event, event_id))
    wait_answer(fake_slack, "C0KANAAL2", thread_ts=event["ts"])
    retry = socket_mode.send(event_envelope(event, event_id), retry_attempt=1)
    assert fake_slack.wait_for(lambda: socket_mode.ack_for(retry))  # acked, so Slack stops retrying
    listeners.wait_idle()  # the ack follows dispatch: whatever the retry started has finished
    posts = [
        c
        for c in fake_slack.calls_to("chat.postMessage", channel="C0KANAAL2", thread_ts=event["ts"])
        if "Even zoeken" in c.get("text", "")
    ]
    assert len(posts) == 1


def test_slash_command_envelope_acks_with_progress_then_answers(
    socket_mode: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    name = unique("sm")
    payload = {
        "token": "legacy",
        "team_id": "T0TEAM001",
        "channel_id": "C0KANAAL1",
        "user_id": USER,
        "command": "/samenwerking",
        "text": QUESTION,
        "api_app_id": "A0FAKE",
        "response_url": fake_slack.response_url(name),
        "trigger_id": unique("trigger."),
    }
    envelope_id = socket_mode.send(payload, kind="slash_commands", accepts_response_payload=True)
    ack = fake_slack.wait_for(lambda: socket_mode.ack_for(envelope_id))
    assert "Even zoeken" in ack["payload"]["text"]
    answer = fake_slack.wait_for(lambda: [r for r in responses(fake_slack, name) if r.get("blocks")])[-1]
    assert "[1]" in answer["text"]
