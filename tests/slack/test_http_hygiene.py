"""Request hygiene in HTTP mode: unsigned, stale, oversized and malformed requests get a
4xx (never a 500), and the log gets one WARNING line per rejected request without its body
and without a traceback."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import block_action, message_shortcut, unique

pytestmark = pytest.mark.slow
MARKER = "GEHEIM-BERICHT-7731"  # stands for a message text that must never reach the log


def raw_post(app: RunningApp, data: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(app.sender.url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def rejected_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "verzoek geweigerd" in r.getMessage()]


def assert_quiet_log(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    for record in caplog.records:
        text = record.getMessage() + (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        )
        assert record.levelno < logging.ERROR, text
        assert not record.exc_info, text
        for secret in (MARKER, *secrets):
            assert secret not in text


@pytest.mark.parametrize(
    ("data", "headers", "expected"),
    [
        (b"{", {"Content-Type": "application/json"}, 401),
        (b'{"text": "' + MARKER.encode() + b'"}', {"Content-Type": "application/json"}, 401),
        (b"\xff\xfe" + MARKER.encode(), {"Content-Type": "application/json"}, 401),
        (
            b"text=" + MARKER.encode(),
            {"X-Slack-Request-Timestamp": "gisteren", "X-Slack-Signature": "v0=abc"},
            401,
        ),
        (
            b"text=" + MARKER.encode(),
            {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64},
            401,
        ),
        (b"text=" + MARKER.encode() + b"x" * (2 << 20), {}, 413),
    ],
    ids=["half-json", "json", "invalid-utf8", "bad-timestamp", "bad-signature", "huge"],
)
def test_unsigned_junk_is_refused_with_one_line(
    running: RunningApp, caplog: pytest.LogCaptureFixture, data: bytes, headers: dict[str, str], expected: int
) -> None:
    caplog.set_level(logging.DEBUG)
    calls = running.fake.mark()
    assert (
        raw_post(running, data, {"Content-Type": "application/x-www-form-urlencoded", **headers}) == expected
    )
    lines = rejected_lines(caplog)
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert "POST /slack/events" in lines[0].getMessage() and str(len(data)) in lines[0].getMessage()
    assert_quiet_log(caplog)
    assert running.fake.calls_since(calls) == []  # nothing reached Slack's API


def test_a_genuine_but_stale_command_is_refused_without_its_text(
    running: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response_url = running.fake.response_url(unique("oud"))
    form = {"command": "/samenwerking", "text": MARKER, "user_id": USER, "channel_id": "C0KANAAL1"}
    form["response_url"] = response_url
    body = urlencode(form)
    stale = int(time.time()) - 3600
    reply = running.sender.post(body, "application/x-www-form-urlencoded", timestamp=stale)
    assert reply.status == 401
    assert len(rejected_lines(caplog)) == 1
    assert_quiet_log(caplog, USER, response_url)


def test_signed_but_unparsable_bodies_get_400(running: RunningApp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cases = [
        ("{" + MARKER, "application/json"),
        ("[1, 2]", "application/json"),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "application/json"),
        (urlencode({"payload": "{" + MARKER}), "application/x-www-form-urlencoded"),
    ]
    for body, content_type in cases:
        assert running.sender.post(body, content_type).status == 400
    assert running.sender.post(b"\xff" + MARKER.encode(), "application/json").status == 400
    assert len(rejected_lines(caplog)) == len(cases) + 1
    assert_quiet_log(caplog)


def test_signed_payloads_missing_what_we_need_get_4xx(
    running: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = running.fake
    empty_actions = block_action(
        "toon_passage", "x:1", user=USER, channel="C0KANAAL1", response_url=fake.response_url("a")
    )
    empty_actions["actions"] = []
    no_action_id = json.loads(json.dumps(empty_actions))
    no_action_id["actions"] = [{"value": MARKER}]
    no_state = {
        "type": "view_submission",
        "user": {"id": USER},
        "view": {"id": "V1", "type": "modal", "callback_id": "herinnering_nieuw", "title": MARKER},
    }
    no_user = {
        "type": "view_submission",
        "view": {"type": "modal", "callback_id": "x", "state": {"values": {}}},
    }
    no_view_type = {
        "type": "view_submission",
        "user": {"id": USER},
        "view": {"callback_id": "herinnering_nieuw"},
    }
    no_view_type["view"]["state"] = {"values": {}}
    odd_team = {"type": "block_actions", "team": 5, "user": {"id": USER}, "actions": [{"action_id": "x"}]}
    unknown = message_shortcut(
        "onbekende_snelkoppeling",
        {"type": "message", "ts": "1.2", "text": MARKER},
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url("b"),
    )
    no_message = dict(unknown, callback_id="bewaar_casuskennis")
    del no_message["message"]
    for payload in (
        empty_actions,
        no_action_id,
        no_state,
        no_user,
        no_view_type,
        odd_team,
        unknown,
        no_message,
    ):
        status = running.sender.interaction(payload).status
        assert 400 <= status < 500, payload.get("type")
    event = {"type": "event_callback", "event": MARKER, "event_id": unique("Ev")}
    assert running.sender.post(json.dumps(event), "application/json").status == 400
    command = urlencode({"command": "/samenwerking", "text": MARKER})
    assert running.sender.post(command, "application/x-www-form-urlencoded").status == 400
    assert_quiet_log(caplog)


def test_other_paths_and_methods(running: RunningApp) -> None:
    base = running.sender.url.rsplit("/slack/events", 1)[0]
    for url, method, expected in ((base + "/elders", "POST", 404), (running.sender.url, "GET", 405)):
        request = urllib.request.Request(url, data=b"x" if method == "POST" else None, method=method)
        try:
            urllib.request.urlopen(request, timeout=30)
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == expected
    with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
        assert response.read() == b"ok"
