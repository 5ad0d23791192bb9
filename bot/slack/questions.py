"""Runs claimed questions on the work pool and keeps their claims alive; a background sweep
takes over questions whose process died (kill -9 mid-answer, a restart) and finishes them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_sdk import WebClient

from bot.slack.conversation import Conversation
from bot.slack.flows.questions import apologise, error_reference
from bot.slack.ledger import MAX_ATTEMPTS, QuestionLedger, Ticket

log = logging.getLogger(__name__)
GIVE_UP_AFTER = MAX_ATTEMPTS + 5  # not even the apology got out: stop trying
Handler = Callable[[WebClient, Ticket], bool]  # True: something the asker can read is posted


class QuestionRunner:
    def __init__(self, ledger: QuestionLedger, handle: Handler, pool: Executor) -> None:
        self.ledger = ledger
        self.handle = handle
        self.pool = pool
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    def ask(self, client: WebClient, key: str, conv: Conversation, question: str) -> None:
        """Answer the question unless it is done or being answered (a retry, a duplicate)."""
        ticket = self.ledger.begin(key, conv, question)
        if ticket is None:
            log.info("vraag %s al beantwoord of in behandeling: overgeslagen", key)
            return
        self.run(client, ticket)

    def run(self, client: WebClient, ticket: Ticket) -> None:
        with self._lock:
            self._in_flight.add(ticket.key)
        try:
            delivered = self._deliver(client, ticket)
        finally:
            with self._lock:
                self._in_flight.discard(ticket.key)
        if delivered or ticket.attempts > GIVE_UP_AFTER:
            self.ledger.finish(ticket)
        else:
            log.warning("vraag %s niet afgeleverd; wordt later opnieuw geprobeerd", ticket.key)
            self.ledger.release(ticket)

    def _deliver(self, client: WebClient, ticket: Ticket) -> bool:
        try:
            if ticket.attempts > MAX_ATTEMPTS:  # it crashed the bot before: do not try again
                reference = error_reference()
                log.error("vraag %s opgegeven na %d pogingen (%s)", ticket.key, MAX_ATTEMPTS, reference)
                conv = ticket.conv
                return apologise(client, conv.channel, ticket.progress_ts, conv.reply_thread, reference)
            return self.handle(client, ticket)
        except Exception:
            log.warning("vraag %s: Slack niet bereikbaar", ticket.key, exc_info=True)
            return False

    # -- keeping claims alive and taking over abandoned ones --------------------------------

    def start(self, client: WebClient) -> QuestionRunner:
        if self._sweeper is None:
            self._sweeper = threading.Thread(target=self._sweep_forever, args=(client,), daemon=True)
            self._sweeper.name = "slack-questions-sweep"
            self._sweeper.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def sweep(self, client: WebClient) -> int:
        with self._lock:
            in_flight = set(self._in_flight)
        self.ledger.heartbeat(in_flight)
        tickets = self.ledger.abandoned()
        for ticket in tickets:
            self.pool.submit(self.run, client, ticket)
        return len(tickets)

    def _sweep_forever(self, client: Any) -> None:
        interval = max(0.2, self.ledger.stale_after / 3)
        while not self._stop.wait(interval):
            try:
                self.sweep(client)
            except Exception:  # the database may be briefly unavailable; try again next round
                log.warning("overzicht van openstaande vragen mislukt", exc_info=True)
