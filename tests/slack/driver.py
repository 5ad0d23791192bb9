"""Sends requests to the app exactly as Slack does: signed JSON events, form-encoded slash
commands and interactivity payloads (`X-Slack-Signature` = v0 HMAC over
`v0:timestamp:body`, with `X-Slack-Request-Timestamp`)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.slack.fake_slack import BOT_USER_ID, TEAM_ID

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{int(time.time() * 1000) % 10_000_000:07d}{next(_counter):04d}"


def new_ts() -> str:
    """A message timestamp no other test uses (the seen-store remembers them)."""
    n = next(_counter)
    return f"{1_650_000_000 + n}.{n:06d}"


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


class SlackSender:
    def __init__(self, url: str, signing_secret: str) -> None:
        self.url = url
        self.secret = signing_secret

    def sign(self, timestamp: str, body: str | bytes) -> str:
        raw = body if isinstance(body, bytes) else body.encode()
        base = f"v0:{timestamp}:".encode() + raw
        return "v0=" + hmac.new(self.secret.encode(), base, hashlib.sha256).hexdigest()

    def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or self.sign(ts, body),
            **(headers or {}),
        }
        data = body if isinstance(body, bytes) else body.encode()
        request = urllib.request.Request(self.url, data=data, headers=all_headers, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), time.monotonic() - started)
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode(), time.monotonic() - started)

    # -- Events API ------------------------------------------------------------------------

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        envelope: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Reply:
        """`envelope`: fields of the outer payload to set (a Slack Connect channel's, say)."""
        body = json.dumps(event_envelope(event, event_id or unique("Ev")) | (envelope or {}))
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        )
        return self.post(body, "application/json", headers=headers, **kwargs)

    # -- slash commands and interactivity ------------------------------------------------------

    def command(
        self, text: str, *, user: str, channel: str, response_url: str, command: str = "/samenwerking"
    ) -> Reply:
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "kanaal",
            "user_id": user,
            "user_name": "ambtenaar",
            "command": command,
            "text": text,
            "api_app_id": "A0FAKE",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": unique("trigger."),
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")


def event_envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0FAKE",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def mention(
    text: str, *, channel: str, user: str, ts: str | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    ts = ts or new_ts()
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm(
    text: str, *, channel: str, user: str, ts: str | None = None, thread_ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    ts = ts or new_ts()
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "team": TEAM_ID,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def block_action(
    action_id: str,
    value: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    message: dict[str, Any] | None = None,
    ephemeral: bool = False,
    action_type: str = "button",
) -> dict[str, Any]:
    message = message or {"type": "message", "ts": new_ts(), "text": "antwoord"}
    return {
        "type": "block_actions",
        "api_app_id": "A0FAKE",
        "token": "legacy",
        "user": {"id": user, "username": "ambtenaar", "team_id": TEAM_ID},
        "team": {"id": TEAM_ID, "domain": "fake"},
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": unique("trigger."),
        "channel": {"id": channel, "name": "kanaal"},
        "message": None if ephemeral else message,
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b",
                "value": value,
                "type": action_type,
                "action_ts": str(time.time()),
            }
        ],
    }


def message_shortcut(
    callback_id: str, message: dict[str, Any], *, user: str, channel: str, response_url: str
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": unique("trigger."),
        "response_url": response_url,
        "team": {"id": TEAM_ID, "domain": "fake"},
        "channel": {"id": channel, "name": "kanaal"},
        "user": {"id": user, "name": "ambtenaar"},
        "message": message,
        "message_ts": message["ts"],
        "action_ts": str(time.time()),
        "token": "legacy",
    }


def view_submission(
    callback_id: str, private_metadata: str, values: dict[str, Any], *, user: str
) -> dict[str, Any]:
    """A modal's submit, as Slack sends it: `values` is state.values (block → action → value)."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": user, "username": "ambtenaar", "team_id": TEAM_ID},
        "api_app_id": "A0FAKE",
        "token": "legacy",
        "trigger_id": unique("trigger."),
        "view": {
            "id": unique("V"),
            "team_id": TEAM_ID,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": "1.abc",
        },
        "response_urls": [],
    }


def global_shortcut(callback_id: str, *, user: str) -> dict[str, Any]:
    return {
        "type": "shortcut",
        "callback_id": callback_id,
        "trigger_id": unique("trigger."),
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": user, "username": "ambtenaar", "team_id": TEAM_ID},
        "action_ts": str(time.time()),
        "token": "legacy",
        "is_enterprise_install": False,
    }
