"""HTTP mode: Bolt's WSGI adapter on a threaded stdlib server (`/slack/events`, plus
`/healthz` for a proxy or load balancer). Bolt checks every request's signature."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
LISTEN_BACKLOG = 1024  # the kernel caps it at net.core.somaxconn


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a slow client must not keep the process alive at shutdown
    request_queue_size = LISTEN_BACKLOG  # socketserver's default of 5 resets bursts


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — stdlib signature
        log.debug("http: " + format, *args)


def wsgi_app(app: App) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok"]
        return bolt(environ, start_response)

    return application


class HttpServer:
    """Start with `start()` (background thread) or `serve_forever()`; `port` after binding."""

    def __init__(self, app: App, host: str = "0.0.0.0", port: int = 3000) -> None:
        self._server = make_server(
            host, port, wsgi_app(app), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
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
