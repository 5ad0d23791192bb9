"""HTTP mode: Bolt's WSGI adapter on a threaded stdlib server (`/slack/events`, plus
`/healthz` for a proxy or load balancer). Every request passes `request_guard` (size cap,
signature, a body that parses) before Bolt sees it; Bolt checks the signature again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack import request_guard
from bot.slack.request_guard import MAX_BODY_BYTES, Rejection

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
LISTEN_BACKLOG = 1024  # the kernel caps it at net.core.somaxconn


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a slow client must not keep the process alive at shutdown
    request_queue_size = LISTEN_BACKLOG  # socketserver's default of 5 resets bursts


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — stdlib signature
        log.debug("http: " + format, *args)


def wsgi_app(app: App, max_body: int = MAX_BODY_BYTES) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)
    secret = app._signing_secret  # the secret Bolt itself verifies with (set by build_app)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == "/healthz" and method == "GET":
            return _plain(start_response, 200, "ok")
        if path != EVENTS_PATH:
            return _plain(start_response, 404, "Not Found")
        if method != "POST":
            return _plain(start_response, 405, "Method Not Allowed")
        checked = request_guard.check(environ, secret, max_body)
        if isinstance(checked, Rejection):
            request_guard.log_rejection(environ, checked)
            return _plain(start_response, checked.status, "Geweigerd")
        try:
            return bolt(request_guard.with_body(environ, checked.raw), start_response)
        except Exception as exc:  # Bolt choked on a signed payload it could not read
            unreadable = Rejection(400, f"onleesbaar voor Bolt ({type(exc).__name__})")
            request_guard.log_rejection(environ, unreadable)
            return _plain(start_response, 400, "Geweigerd")

    return application


def _plain(start_response: Callable[..., Any], status: int, text: str) -> list[bytes]:
    reason = HTTPStatus(status).phrase
    start_response(f"{status} {reason}", [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode()]


class HttpServer:
    """Start with `start()` (background thread) or `serve_forever()`; `port` after binding."""

    def __init__(
        self, app: App, host: str = "0.0.0.0", port: int = 3000, *, max_body: int = MAX_BODY_BYTES
    ) -> None:
        self._server = make_server(
            host,
            port,
            wsgi_app(app, max_body),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.serve_forever, name="slack-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
