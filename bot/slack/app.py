"""build_app: the one Bolt app for Socket Mode and HTTP, with retrying Web API client,
the seen-event guard, a global error handler and all listeners."""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

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
from bot.slack.request_guard import payload_problem

if TYPE_CHECKING:
    from bot.knowledge.service import KnowledgeBase
    from jobs.reminders import ReminderService

log = logging.getLogger(__name__)
MALFORMED = (KeyError, IndexError, TypeError, AttributeError, ValueError)


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
    kb: KnowledgeBase,
    *,
    reminders: ReminderService | None = None,
    deps: Deps | None = None,
    stream_interval: float = 1.0,
    listener_executor: Executor | None = None,
) -> App:
    """The app; `deps` may be given to share stores with other parts (tests, server).
    `listener_executor` runs acks and lazy listeners (bolt's default: 5 threads)."""
    deps = deps or Deps.create(settings, kb, reminders=reminders, stream_interval=stream_interval)
    bolt_logger = logging.getLogger("slack_bolt")
    bolt_logger.addFilter(_quiet_bolt)
    app = App(
        client=build_client(settings),
        signing_secret=settings.slack_signing_secret or "",
        # Socket Mode needs no signing secret; HTTP mode refuses to start without one.
        request_verification_enabled=bool(settings.slack_signing_secret),
        process_before_response=False,
        logger=bolt_logger,
        listener_executor=listener_executor,
    )
    app.middleware(_well_formed)
    app.middleware(_once_per_event(deps))
    app.error(_on_error)
    register_listeners(app, deps)
    return app


def _quiet_bolt(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    # Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins: it is the same.
    if "token` will be unused" in message:
        return False
    # Bolt logs a rejected request with its whole body; request_guard logs one line without it.
    return not message.startswith("Invalid request signature detected")


def _well_formed(body: dict[str, Any], next: Any) -> BoltResponse | None:  # noqa: A002
    """Socket Mode has no request_guard in front: the same shape check here."""
    problem = payload_problem(body) if isinstance(body, dict) else "geen object"
    if problem:
        log.warning("verzoek geweigerd: %s", problem)
        return BoltResponse(status=400, body="")
    return next()


def _once_per_event(deps: Deps) -> Any:
    def once_per_event(body: dict[str, Any], next: Any, request: BoltRequest) -> BoltResponse | None:  # noqa: A002
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not deps.seen.claim(f"event:{event_id}"):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            log.info("event %s al verwerkt (poging %s): overgeslagen", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    return once_per_event


def _on_error(error: Exception, body: dict[str, Any], response: BoltResponse | None) -> BoltResponse | None:
    # The body holds message texts and user ids: log only what kind of request failed.
    kind = body.get("type") or ("slash_command" if body.get("command") else "onbekend")
    if isinstance(error, MALFORMED):
        # A payload without a field we rely on: the sender's mistake, answered with 400.
        where = traceback.extract_tb(error.__traceback__)[-1:] or [None]
        place = f"{where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where[0] else "?"
        log.warning("onvolledig verzoek (%s): %s bij %s", kind, type(error).__name__, place)
        return BoltResponse(status=400, body="") if response is not None else None
    log.error("fout in listener voor %s: %s", kind, type(error).__name__, exc_info=error)
    return None
