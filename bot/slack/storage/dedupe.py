"""Answer each Slack event once: claimed keys live in the database, so a retry, a duplicate
event_id or the same message arriving as both `app_mention` and `message.im` is dropped,
also after a restart and across HTTP instances that share the database."""

from __future__ import annotations

import time

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.slack.storage.tables import seen_table

KEEP_SECONDS = 7 * 24 * 3600  # Slack retries within minutes; a week is plenty
PRUNE_EVERY = 500  # claims between clean-ups


class SeenStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._claims = 0

    def claim(self, key: str) -> bool:
        """True the first time `key` is claimed, False ever after."""
        self._claims += 1
        if self._claims % PRUNE_EVERY == 1:
            self.prune()
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(seen_table).values(key=key[:200], seen_at=time.time()))
        except IntegrityError:
            return False
        return True

    def prune(self, keep_seconds: float = KEEP_SECONDS) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(seen_table).where(seen_table.c.seen_at < time.time() - keep_seconds))
