"""Fixtures for the Slack tests: the real knowledge base (a copy of the session index, since
these tests add case knowledge to it), a fake Slack, and the app on loopback in HTTP mode.

Only Slack's servers (and the remote LLM) are fakes; the app, the knowledge base, ChromaDB,
the embedding model and SQLite are real."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.slack.driver import SlackSender
from tests.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret-niet-loggen"
BOT_TOKEN = "xoxb-test-token-niet-loggen"
APP_TOKEN = "xapp-test-token-niet-loggen"
ALLOWED = ["C0KANAAL1", "C0KANAAL2"]
ADMIN = "U0BEHEER01"
USER = "U0AMBTNR01"


@pytest.fixture(scope="session")
def slack_data_dir(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("slack") / "data"
    shutil.copytree(indexed_data_dir, target)
    return target


@pytest.fixture(scope="session")
def slack_kb(slack_data_dir: Path) -> Any:
    from bot.knowledge.service import KnowledgeBase

    return KnowledgeBase(Settings(_env_file=None, bot_data_dir=slack_data_dir))


def slack_settings(data_dir: Path, fake: FakeSlack, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_data_dir": data_dir,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url,
        "allowed_channels": ALLOWED,
        "admin_users": [ADMIN],
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


class ListenerExecutor(ThreadPoolExecutor):
    """The app's listener executor in tests. Bolt hands every ack and lazy listener to it
    before the HTTP response goes out, so `wait_idle` after a response is the app's own
    signal that nothing it started is still running: proof that a skipped event stays
    skipped, without sleeping."""

    def __init__(self) -> None:
        super().__init__(max_workers=5, thread_name_prefix="listener")
        self._pending = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._changed:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._changed:
            self._pending -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float = 120.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._pending == 0, timeout):
                raise AssertionError(f"{self._pending} listener(s) nog bezig na {timeout} s")


@dataclass
class RunningApp:
    fake: FakeSlack
    sender: SlackSender
    settings: Settings
    deps: Any
    kb: Any
    server: Any
    listeners: ListenerExecutor


def start_http_app(settings: Settings, kb: Any, fake: FakeSlack, **build: Any) -> RunningApp:
    from bot.slack.app import build_app
    from bot.slack.deps import Deps
    from bot.slack.http_server import EVENTS_PATH, HttpServer

    deps = Deps.create(settings, kb, **build)
    listeners = ListenerExecutor()
    app = build_app(settings, kb, deps=deps, listener_executor=listeners)
    server = HttpServer(app, "127.0.0.1", 0).start()
    sender = SlackSender(f"http://127.0.0.1:{server.port}{EVENTS_PATH}", SECRET)
    return RunningApp(fake, sender, settings, deps, kb, server, listeners)


def start_reminder_app(fake: FakeSlack, kb: Any, data_dir: Path, db_dir: Path) -> RunningApp:
    """An app with its own reminder database; its users are members of the test channels,
    because reminders post only where their creator is a member."""
    from jobs.reminders import ReminderService

    settings = slack_settings(data_dir, fake, database_url=f"sqlite:///{db_dir / 'bot.sqlite3'}")
    service = ReminderService(settings.db_url, tz=settings.timezone)
    for channel in ("C0KANAAL1", "C0KANAAL2"):
        fake.members[channel] = {USER, ADMIN, "U0HOMEREM1"}
    return start_http_app(settings, kb, fake, reminders=service)


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def running(fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path) -> Iterator[RunningApp]:
    """One app server per test module (starting one costs an auth.test, not a model load)."""
    app = start_http_app(slack_settings(slack_data_dir, fake_slack), slack_kb, fake_slack)
    yield app
    app.server.stop()
