"""SWOTs in Slack: build with bot.swot.service, render with bot.swot.render, show with progress.

Recently built SWOTs are kept in memory by topic, so "Deel in kanaal" and "Toon alles" show
the SWOT the user saw (an LLM-written one would differ when built again); another instance
or an old button simply builds it again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from slack_sdk import WebClient

from bot.errors import UserError
from bot.ingest.visibility import Scope
from bot.models import Swot
from bot.slack import texts
from bot.slack.flows.questions import apologise, error_reference
from bot.slack.ledger import QuestionLedger, Ticket
from bot.slack.progress import post_progress
from bot.slack.views.blocks import context, text_message
from bot.slack.views.swot import swot_blocks, swot_fallback_text
from bot.swot.service import SwotSource, build_swot
from bot.text import mrkdwn

log = logging.getLogger(__name__)
FIRST_ITEMS = 6  # per quadrant at first; "Toon alles" shows what fits
ALL_ITEMS = 100


class SwotCache:
    def __init__(self, size: int = 50, ttl: float = 3600.0) -> None:
        self._items: OrderedDict[str, tuple[float, Swot]] = OrderedDict()
        self._lock = threading.Lock()
        self.size, self.ttl = size, ttl

    def get(self, topic: str) -> Swot | None:
        with self._lock:
            hit = self._items.get(topic.lower())
            return hit[1] if hit and time.monotonic() - hit[0] < self.ttl else None

    def put(self, topic: str, swot: Swot) -> None:
        with self._lock:
            self._items[topic.lower()] = (time.monotonic(), swot)
            self._items.move_to_end(topic.lower())
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class SwotMaker:
    def __init__(self, kb: SwotSource, cache: SwotCache | None = None) -> None:
        self.kb = kb
        self.cache = cache or SwotCache()

    def build(self, topic: str, *, fresh: bool = True, scope: Scope | None = None) -> Swot:
        """A new SWOT (fresh) or the one shown before under this topic, from the sources
        `scope` may see (kept apart per scope)."""
        key = "" if scope is None else f"{sorted(sorted(org) for org in scope.orgs)}|"
        cached = None if fresh else self.cache.get(key + topic)
        source = self.kb if scope is None else self.kb.scoped(scope)  # type: ignore[attr-defined]
        swot = cached or build_swot(topic, source)
        self.cache.put(key + swot.topic, swot)
        if swot.topic.lower() != topic.lower():
            self.cache.put(key + topic, swot)
        return swot

    def in_conversation(
        self,
        client: WebClient,
        ledger: QuestionLedger,
        ticket: Ticket,
        topic: str,
        scope: Scope | None = None,
    ) -> bool:
        """True once the SWOT, a Dutch explanation or an apology is posted."""
        posted = post_progress(client, ledger, ticket, texts.SWOT_PROGRESS)
        if posted is None:
            return True
        conv, ts = posted.conv, str(posted.progress_ts)
        try:
            swot = self.build(topic, scope=scope)
            client.chat_update(
                channel=conv.channel,
                ts=ts,
                text=swot_fallback_text(swot),
                blocks=swot_blocks(swot, private=False, max_items=FIRST_ITEMS),
            )
            log.info("SWOT in %s: basis %s", conv.channel, swot.basis)
            return True
        except UserError as exc:
            message = text_message(mrkdwn(exc.message))
            client.chat_update(channel=conv.channel, ts=ts, text=message.text, blocks=message.blocks)
            return True
        except Exception:
            reference = error_reference()
            log.exception("SWOT in %s mislukt (foutcode %s)", conv.channel, reference)
            return apologise(client, conv.channel, ts, conv.reply_thread, reference)


def shared_blocks(swot: Swot, user: str) -> list[dict[str, Any]]:
    blocks = swot_blocks(swot, private=False, max_items=FIRST_ITEMS)
    return [*blocks[:49], context(texts.shared_by(user))]
