"""`python -m bot serve`: Socket Mode (SLACK_APP_TOKEN) or HTTP (`--http --port N`), with
the reminder scheduler running beside it. Both modes use the same `build_app`."""

from __future__ import annotations

import logging
import signal
import threading
from typing import TYPE_CHECKING

from bot.config import Settings, get_settings
from bot.errors import UserError

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.knowledge.service import KnowledgeBase
    from jobs.scheduler import ReminderScheduler

log = logging.getLogger(__name__)


def check_settings(settings: Settings, *, http: bool) -> None:
    if not settings.slack_bot_token:
        raise UserError(
            "SLACK_BOT_TOKEN ontbreekt. Zet het bot-token (xoxb-…) in .env; zie README, 'Slack koppelen'."
        )
    if http and not settings.slack_signing_secret:
        raise UserError(
            "HTTP-modus heeft SLACK_SIGNING_SECRET nodig (Basic Information → Signing "
            "Secret). Zet het in .env, of start zonder --http in Socket Mode."
        )
    if not http and not settings.slack_app_token:
        raise UserError(
            "Socket Mode heeft SLACK_APP_TOKEN (xapp-…) nodig met scope "
            "connections:write. Zet het in .env, of start met --http --port 3000."
        )


def run_server(http: bool = False, port: int = 3000, host: str = "0.0.0.0") -> None:
    settings = get_settings()
    check_settings(settings, http=http)
    _configure_logging(settings.log_level)
    from bot.knowledge.service import KnowledgeBase
    from bot.slack.app import build_app

    kb = KnowledgeBase(settings)
    _warm_up(kb)
    scheduler = _start_scheduler(settings, kb)
    app = build_app(settings, kb, reminders=scheduler.service if scheduler else None)
    try:
        if http:
            _serve_http(app, host, port)
        else:
            _serve_socket_mode(app, settings)
    finally:
        if scheduler is not None:
            scheduler.shutdown()


def _serve_http(app: App, host: str, port: int) -> None:
    from bot.slack.http_server import EVENTS_PATH, HttpServer

    server = HttpServer(app, host, port)
    log.info("Slack-app luistert op http://%s:%d%s", host, server.port, EVENTS_PATH)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.stop).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def _serve_socket_mode(app: App, settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, settings.slack_app_token)
    log.info("Slack-app verbindt via Socket Mode")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    handler.connect()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        handler.close()


def _warm_up(kb: KnowledgeBase) -> None:
    """Load the index now, so the first question is not the slow one; a missing index is
    told in Slack too, but the admin should see it at start."""
    try:
        kb.state()
        kb.embeddings  # noqa: B018 — loads the model
    except UserError as exc:
        log.warning("%s", exc.message)


def _start_scheduler(settings: Settings, kb: KnowledgeBase) -> ReminderScheduler:
    from bot.ingest.visibility import Scope
    from bot.knowledge.checklist import evaluation_checklist
    from bot.slack.poster import build_poster
    from jobs.deliver import build_scheduler

    # A reminder may go to a Slack Connect channel: its checklist quotes public sources only.
    public = kb.scoped(Scope())
    scheduler = build_scheduler(
        settings,
        checklist_provider=lambda q: evaluation_checklist(public, q),
        poster=build_poster(settings),
    )
    scheduler.start()
    return scheduler


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    # These log request bodies (message texts) at DEBUG; keep them at INFO or above.
    for name in ("slack_sdk", "slack_bolt", "urllib3", "httpx", "chromadb"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
    # The reminder sweep runs every 30 s; APScheduler would log each run at INFO.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
