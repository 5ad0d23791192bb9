"""A tiny local stand-in for Slack's Web API: records calls, can be told to fail.

Only what the reminder poster uses: chat.postMessage and conversations.history. Point
`SlackPoster(base_url=fake.url)` (or SLACK_API_URL) at it. Failures are queued per call:
    "error:<name>"  HTTP 200 {"ok": false, "error": name}
    "500"           HTTP 500, message not stored
    "store+500"     message stored (Slack did post it), then HTTP 500: an uncertain failure
    "store+drop"    message stored, connection closed without an answer
    "429"           HTTP 429 with Retry-After: 0 (the SDK retries this itself)
History failures (`history_failures`): an error name, or "hold": the call waits until
`history_gate` is set and then fails (a check that hangs while its process is paused).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class FakeSlack:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.stored: list[dict[str, Any]] = []  # messages that "reached the channel"
        self.failures: deque[str] = deque()
        self.history_failures: deque[str] = deque()
        self.history_gate = threading.Event()  # releases a "hold"-ed history call
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def fail_next(self, *kinds: str) -> None:
        with self.lock:
            self.failures.extend(kinds)

    def posts(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.stored)

    def keys(self) -> list[str]:
        return [p["metadata"]["event_payload"]["key"] for p in self.posts()]

    def history_calls(self) -> int:
        with self.lock:
            return sum(1 for method, _ in self.calls if method == "conversations.history")

    def post_calls(self) -> int:
        with self.lock:
            return sum(1 for method, _ in self.calls if method == "chat.postMessage")

    # -- the HTTP side ------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 — http.server's naming
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake._dispatch(self, url.path.rsplit("/", 1)[-1], params)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw).items()}
                fake._dispatch(self, urlparse(self.path).path.rsplit("/", 1)[-1], params)

        return Handler

    def _dispatch(self, handler: BaseHTTPRequestHandler, method: str, params: dict) -> None:
        with self.lock:
            self.calls.append((method, params))
            if method == "chat.postMessage":
                failure = self.failures.popleft() if self.failures else None
                status, body = self._post_message(params, failure)
            elif method == "conversations.history":
                failure = self.history_failures.popleft() if self.history_failures else None
                if failure == "hold":  # answered with an error once the test releases it
                    self.lock.release()
                    self.history_gate.wait(120)
                    self.lock.acquire()
                    failure = "internal_error"
                status, body = self._history(params, failure)
            else:
                status, body = 200, {"ok": False, "error": "unknown_method"}
        if status == 0:  # "drop": close without an answer
            handler.close_connection = True
            handler.connection.shutdown(2)
            return
        payload = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        if status == 429:
            handler.send_header("Retry-After", "0")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _post_message(self, params: dict, failure: str | None) -> tuple[int, dict]:
        if failure and failure.startswith("error:"):
            return 200, {"ok": False, "error": failure.split(":", 1)[1]}
        if failure == "500":
            return 500, {"ok": False, "error": "internal_error"}
        if failure == "429":
            return 429, {"ok": False, "error": "ratelimited"}
        ts = f"{1_800_000_000 + len(self.stored)}.000100"
        message = {**params, "ts": ts}
        self.stored.append(message)
        if failure == "store+500":
            return 500, {"ok": False, "error": "internal_error"}
        if failure == "store+drop":
            return 0, {}
        return 200, {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}

    def _history(self, params: dict, failure: str | None) -> tuple[int, dict]:
        if failure:
            return 200, {"ok": False, "error": failure}
        channel = params.get("channel")
        messages = [
            {"ts": m["ts"], "text": m.get("text"), "metadata": m.get("metadata")}
            for m in reversed(self.stored)
            if m.get("channel") == channel
        ]
        return 200, {"ok": True, "channel": channel, "messages": messages, "has_more": False}
