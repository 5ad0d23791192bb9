"""What an HTTP request must pass before Bolt sees it: a body under the size cap, a valid
Slack signature with a fresh timestamp, UTF-8, a body that parses, and the minimal shape of
the Slack payload it claims to be.

A rejected request gets a 4xx and one WARNING line with method, path, reason and length:
never its body (message texts, user ids, response_urls) and never a traceback. Unsigned
junk costs a hash and a log line, nothing more.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1 << 20  # Slack's own payloads stay far below 1 MB
MAX_DRAIN_BYTES = 32 << 20  # an oversized body up to this is read and dropped, so the client sees 413
MAX_CLOCK_SKEW = 300  # seconds; Slack's advice against replayed requests
_CHUNK = 64 << 10


@dataclass(frozen=True)
class Rejection:
    status: int
    reason: str  # Dutch, for the log line


@dataclass(frozen=True)
class Checked:
    raw: bytes
    body: dict[str, Any]


def check(environ: dict[str, Any], secret: str, max_bytes: int = MAX_BODY_BYTES) -> Checked | Rejection:
    """The request's body when it may go on to Bolt; else why not."""
    length = _content_length(environ)
    if length is None:
        return Rejection(411, "Content-Length ontbreekt of is ongeldig")
    if length > max_bytes:
        _drain(environ, length)
        return Rejection(413, f"groter dan {max_bytes} bytes")
    raw = _read(environ, length)
    if len(raw) < length:
        return Rejection(400, "body korter dan Content-Length")
    problem = signature_problem(raw, environ, secret)
    if problem:
        return Rejection(401, problem)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "geen geldige UTF-8")
    body = parse_body(text, environ.get("CONTENT_TYPE") or "")
    if body is None:
        return Rejection(400, "body niet te lezen")
    shape = payload_problem(body)
    return Rejection(400, shape) if shape else Checked(raw, body)


def signature_problem(
    raw: bytes, environ: dict[str, Any], secret: str, now: float | None = None
) -> str | None:
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "")
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "")
    if not timestamp or not signature:
        return "zonder handtekening"
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return "ongeldige tijdstempel"
    if abs((now or time.time()) - int(timestamp)) > MAX_CLOCK_SKEW:
        return "verlopen tijdstempel"
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return "ongeldige handtekening"
    return None


def parse_body(text: str, content_type: str) -> dict[str, Any] | None:
    """JSON (Events API) or a form (slash commands, `payload=` for interactivity), read the
    way Bolt reads it, so what passes here parses the same there."""
    try:
        if content_type.split(";")[0].strip() == "application/json" or text.startswith("{"):
            body = json.loads(text)
            return body if isinstance(body, dict) else None
        form = dict(parse_qsl(text, keep_blank_values=True))
        if "payload" in form:
            payload = json.loads(form["payload"])
            return payload if isinstance(payload, dict) else None
        return form
    except (ValueError, RecursionError):
        return None


def payload_problem(body: dict[str, Any]) -> str | None:
    """What is missing for Bolt and our listeners to handle this payload; None when fine.
    Kinds we do not check (url_verification, ssl_check, unknown ones) Bolt answers itself."""
    if "command" in body:
        return _missing(body, ("command", "user_id", "channel_id"), "slash command")
    kind = body.get("type")
    check = _SHAPES.get(kind) if isinstance(kind, str) else None
    return check(body, kind) if check else None


def _event_problem(body: dict[str, Any], _kind: str) -> str | None:
    event = body.get("event")
    return None if isinstance(event, dict) and isinstance(event.get("type"), str) else "event zonder type"


def _actions_problem(body: dict[str, Any], kind: str) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "block_actions zonder actions"
    if not all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions):
        return "action zonder action_id"
    return _user_problem(body, kind)


def _view_problem(body: dict[str, Any], kind: str) -> str | None:
    view = body.get("view")
    if not isinstance(view, dict) or not all(isinstance(view.get(k), str) for k in ("type", "callback_id")):
        return f"{kind} zonder view"
    state = view.get("state")
    has_values = isinstance(state, dict) and isinstance(state.get("values"), dict)
    if kind == "view_submission" and not has_values:
        return "view_submission zonder state"
    return _user_problem(body, kind)


def _shortcut_problem(body: dict[str, Any], kind: str) -> str | None:
    if not isinstance(body.get("callback_id"), str):
        return f"{kind} zonder callback_id"
    if kind == "message_action":
        channel = body.get("channel")
        if not (isinstance(channel, dict) and isinstance(channel.get("id"), str)):
            return "message_action zonder kanaal"
        if not isinstance(body.get("message"), dict):
            return "message_action zonder bericht"
    return _user_problem(body, kind)


_SHAPES = {
    "event_callback": _event_problem,
    "block_actions": _actions_problem,
    "view_submission": _view_problem,
    "view_closed": _view_problem,
    "message_action": _shortcut_problem,
    "shortcut": _shortcut_problem,
}


def _missing(body: dict[str, Any], keys: tuple[str, ...], kind: str) -> str | None:
    absent = [k for k in keys if not isinstance(body.get(k), str)]
    return f"{kind} zonder {', '.join(absent)}" if absent else None


def _user_problem(body: dict[str, Any], kind: str) -> str | None:
    user = body.get("user")
    return None if isinstance(user, dict) and isinstance(user.get("id"), str) else f"{kind} zonder gebruiker"


def with_body(environ: dict[str, Any], raw: bytes) -> dict[str, Any]:
    """The environ again, its input replaced by the body that was already read."""
    return {**environ, "wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}


def log_rejection(environ: dict[str, Any], rejection: Rejection) -> None:
    log.warning(
        "verzoek geweigerd: %s %s, reden: %s, %s bytes (HTTP %d)",
        _printable(environ.get("REQUEST_METHOD"), 10),
        _printable(environ.get("PATH_INFO"), 100),
        rejection.reason,
        _printable(environ.get("CONTENT_LENGTH") or "0", 20),
        rejection.status,
    )


def _printable(value: Any, limit: int) -> str:
    """Client-chosen text in a log line: no line breaks or control characters, short."""
    text = "".join(c if c.isprintable() else "?" for c in str(value or ""))
    return text[:limit]


def _content_length(environ: dict[str, Any]) -> int | None:
    value = str(environ.get("CONTENT_LENGTH") or "0").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 16 else None


def _read(environ: dict[str, Any], length: int) -> bytes:
    stream, parts, left = environ.get("wsgi.input"), [], length
    while stream is not None and left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _drain(environ: dict[str, Any], length: int) -> None:
    """Read an oversized body in small pieces and drop it (up to a limit), so the client
    can read the 413 instead of a reset connection."""
    stream, left = environ.get("wsgi.input"), min(length, MAX_DRAIN_BYTES)
    while stream is not None and left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
