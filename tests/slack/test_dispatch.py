"""Listeners in-process, the way bolt-python tests its own: `app.dispatch(BoltRequest(...))`
on the real app, with the Web API and response_urls at the fake Slack. No HTTP server, no
signatures; these paths never reach the knowledge base, so none is loaded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

from bot.slack import texts
from bot.slack.app import build_app
from bot.slack.deps import Deps
from tests.slack.conftest import ADMIN, USER, ListenerExecutor, slack_settings
from tests.slack.driver import unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack


@dataclass
class Dispatching:
    app: App
    deps: Deps
    listeners: ListenerExecutor
    fake: FakeSlack


@pytest.fixture(scope="module")
def bolt(fake_slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dispatching]:
    data_dir: Path = tmp_path_factory.mktemp("dispatch") / "data"
    settings = slack_settings(data_dir, fake_slack, slack_signing_secret=None)
    deps = Deps.create(settings, None)
    listeners = ListenerExecutor()
    yield Dispatching(
        build_app(settings, None, deps=deps, listener_executor=listeners), deps, listeners, fake_slack
    )
    listeners.shutdown(wait=True)


def command(
    bolt: Dispatching,
    text: str,
    *,
    user: str = USER,
    channel: str = "C0KANAAL1",
    name: str = "/samenwerking",
) -> tuple[BoltResponse, str]:
    """Dispatch a slash command; (bolt's response to Slack, the command's response_url)."""
    response_url = bolt.fake.response_url(unique("cmd"))
    form = {
        "team_id": TEAM_ID,
        "channel_id": channel,
        "user_id": user,
        "command": name,
        "text": text,
        "response_url": response_url,
        "trigger_id": unique("trigger."),
    }
    headers = {"content-type": ["application/x-www-form-urlencoded"]}
    response = bolt.app.dispatch(BoltRequest(body=urlencode(form), headers=headers))
    bolt.listeners.wait_idle()  # the lazy listener has run (or there was none)
    return response, response_url


def ack_text(response: BoltResponse) -> str:
    """What the user sees at once: bolt sends an ack with only text as plain text."""
    assert response.status == 200, response.body
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        return json.loads(response.body)["text"]
    return response.body


def sent_to(bolt: Dispatching, response_url: str) -> list[dict[str, Any]]:
    name = response_url.rsplit("/", 1)[-1]
    return [c.params for c in bolt.fake.calls_to("response_url") if c.path.endswith(name)]


def test_help_is_the_ack_itself(bolt: Dispatching) -> None:
    response, response_url = command(bolt, "help")
    assert ack_text(response) == texts.HELP
    assert sent_to(bolt, response_url) == []


def test_a_question_in_a_channel_that_is_not_enabled_is_refused_in_the_ack(bolt: Dispatching) -> None:
    response, response_url = command(bolt, "Wat is een ambtelijke fusie?", channel="C0NIETAAN9")
    assert ack_text(response) == texts.not_enabled()
    assert sent_to(bolt, response_url) == []


def test_reindex_is_for_admins_only(bolt: Dispatching) -> None:
    response, response_url = command(bolt, "herindexeer")
    assert ack_text(response) == texts.ADMIN_ONLY
    assert sent_to(bolt, response_url) == []


def test_a_second_reindex_while_one_runs_is_told_to_wait(bolt: Dispatching) -> None:
    assert bolt.deps.reindexing.acquire(blocking=False)  # a reindex is running
    try:
        response, response_url = command(bolt, "herindexeer", user=ADMIN)
    finally:
        bolt.deps.reindexing.release()
    assert ack_text(response) == texts.REINDEX_STARTED
    [told] = sent_to(bolt, response_url)
    assert "Er loopt al een herindexering" in told["text"]


def test_swot_in_a_channel_that_is_not_enabled_is_refused_in_the_ack(bolt: Dispatching) -> None:
    response, response_url = command(bolt, "ambtelijke fusie", channel="C0NIETAAN9", name="/swot")
    assert ack_text(response) == texts.not_enabled()
    assert sent_to(bolt, response_url) == []  # the lazy listener ran and built nothing
