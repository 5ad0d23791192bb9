"""build_app: the one Bolt app for Socket Mode and HTTP, with retrying Web API client,
the seen-event guard, a global error handler and all listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config import Settings
from bot.slack.deps import Deps
from bot.slack.listeners import register_listeners

log = logging.getLogger(__name__)


def build_client(settings: Settings) -> WebClient:
    """429s wait for Retry-After and try again; a dropped connection is tried once more.
    5xx is not retried: Slack may have posted the message already."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url.rstrip("/") + "/",
        timeout=30,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_app(
    settings: Settings,
    kb: Any,
    *,
    reminders: Any | None = None,
    deps: Deps | None = None,
    stream_interval: float = 1.0,
    listener_executor: Executor | None = None,
) -> App:
    """The app; `deps` may be given to share stores with other parts (tests, server).
    `listener_executor` runs acks and lazy listeners (bolt's default: 5 threads)."""
    deps = deps or Deps.create(settings, kb, reminders=reminders, stream_interval=stream_interval)
    bolt_logger = logging.getLogger("slack_bolt")
    bolt_logger.addFilter(_drop_token_warning)
    app = App(
        client=build_client(settings),
        signing_secret=settings.slack_signing_secret or "",
        # Socket Mode needs no signing secret; HTTP mode refuses to start without one.
        request_verification_enabled=bool(settings.slack_signing_secret),
        process_before_response=False,
        logger=bolt_logger,
        listener_executor=listener_executor,
    )
    app.middleware(_once_per_event(deps))
    app.error(_on_error)
    register_listeners(app, deps)
    return app


def _drop_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins: it is the same.
    return "token` will be unused" not in record.getMessage()


def _once_per_event(deps: Deps) -> Any:
    def once_per_event(body: dict[str, Any], next: Any, request: BoltRequest) -> BoltResponse | None:  # noqa: A002
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not deps.seen.claim(f"event:{event_id}"):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            log.info("event %s al verwerkt (poging %s): overgeslagen", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    return once_per_event


def _on_error(error: Exception, body: dict[str, Any]) -> None:
    # The body holds message texts and user ids: log only what kind of request failed.
    kind = body.get("type") or ("slash_command" if body.get("command") else "onbekend")
    log.error("fout in listener voor %s: %s", kind, type(error).__name__, exc_info=error)
