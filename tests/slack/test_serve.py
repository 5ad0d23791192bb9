"""`python -m bot serve` as a real process, configured by environment variables only:
HTTP mode (`--http --port N`) and Socket Mode (SLACK_APP_TOKEN). Checks the wiring (one
build_app, the reminder scheduler started) and that INFO logs hold no tokens or texts."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, USER
from tests.slack.driver import SlackSender, dm, event_envelope, mention, unique
from tests.slack.fake_slack import FakeSlack
from tests.slack.fake_socket_mode import FakeSocketMode
from tests.slack.helpers import wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"
SECRETS = (BOT_TOKEN, SECRET, APP_TOKEN)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server_env(indexed_data_dir: Path, tmp_path: Path, fake_slack: FakeSlack) -> dict[str, str]:
    data_dir = tmp_path / "serve-data"
    shutil.copytree(indexed_data_dir, data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LLM_"))}
    env.update(
        BOT_ENV_FILE="",
        BOT_DATA_DIR=str(data_dir),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=fake_slack.api_url,
        LOG_LEVEL="INFO",
        ALLOWED_CHANNELS="",
        PYTHONUNBUFFERED="1",
    )
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def stopper() -> Iterator[list[subprocess.Popen]]:
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_healthy(port: int, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("server did not come up:\n" + log.read_text())


def stop_and_read(process: subprocess.Popen, log: Path) -> str:
    process.send_signal(signal.SIGTERM)
    process.wait(60)
    return log.read_text()


def test_serve_http(
    server_env: dict[str, str], fake_slack: FakeSlack, tmp_path: Path, stopper: list[subprocess.Popen]
) -> None:
    port, log = free_port(), tmp_path / "serve.log"
    server_env["SLACK_SIGNING_SECRET"] = SECRET
    process = start(["--http", "--port", str(port)], server_env, log)
    stopper.append(process)
    wait_healthy(port, process, log)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
    challenge = sender.post('{"type":"url_verification","challenge":"c-42","token":"t"}', "application/json")
    assert challenge.status == 200 and "c-42" in challenge.body
    event = mention(QUESTION, channel="C0SERVE001", user=USER)
    sender.event(event)
    _, answer = wait_answer(fake_slack, "C0SERVE001", thread_ts=event["ts"])
    assert "[1]" in answer["text"]

    output = stop_and_read(process, log)
    assert process.returncode in (0, -signal.SIGTERM)
    assert "luistert op" in output and "herinneringen-scheduler gestart" in output
    assert not any(secret in output for secret in SECRETS)
    assert QUESTION not in output and "ambtelijke organisaties" not in output


def test_serve_socket_mode(
    server_env: dict[str, str], fake_slack: FakeSlack, tmp_path: Path, stopper: list[subprocess.Popen]
) -> None:
    endpoint = FakeSocketMode().start()
    fake_slack.ws_url = endpoint.url
    log = tmp_path / "serve-socket.log"
    server_env["SLACK_APP_TOKEN"] = APP_TOKEN
    try:
        process = start([], server_env, log)
        stopper.append(process)
        assert endpoint.connected.wait(300), log.read_text()
        event = dm(QUESTION, channel="D0SERVE001", user=USER)
        envelope_id = endpoint.send(event_envelope(event, unique("Ev")))
        assert fake_slack.wait_for(lambda: endpoint.ack_for(envelope_id))
        _, answer = wait_answer(fake_slack, "D0SERVE001")
        assert "[1]" in answer["text"]
        output = stop_and_read(process, log)
        assert not any(secret in output for secret in SECRETS)
        assert QUESTION not in output
    finally:
        endpoint.stop()
