"""Questions are claimed when work starts and marked done only once the answer (or an
apology) is posted. A claim lives in `slack_questions` with its owner's heartbeat; when a
process dies mid-answer its claims go stale and another process (or the restarted one)
takes them over and finishes them. Done keys move to the seen-store, so Slack's retries
and duplicate deliveries of a done question are dropped."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, replace

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.slack.conversation import Conversation
from bot.slack.storage.dedupe import SeenStore
from bot.slack.storage.tables import questions_table

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # a question that crashed the bot three times gets an apology instead
T = questions_table


@dataclass(frozen=True)
class Ticket:
    key: str
    conv: Conversation
    question: str
    progress_ts: str | None = None
    attempts: int = 1


class QuestionLedger:
    def __init__(self, engine: Engine, seen: SeenStore, *, stale_after: float = 30.0) -> None:
        self.engine = engine
        self.seen = seen
        self.stale_after = stale_after
        self.owner = secrets.token_hex(8)

    def begin(self, key: str, conv: Conversation, question: str) -> Ticket | None:
        """A ticket to answer `key`, or None when it is done or being answered elsewhere."""
        if self.seen.is_done(key):
            return None
        row = {
            "key": key[:200],
            "channel": conv.channel,
            "user_id": conv.user,
            "reply_thread": conv.reply_thread,
            "history_thread": conv.history_thread,
            "bot_user_id": conv.bot_user_id,
            "team_id": conv.team_id,
            "user_team": conv.user_team,
            "question": question,
            "owner": self.owner,
            "heartbeat_at": time.time(),
            "attempts": 1,
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(T).values(**row))
        except IntegrityError:
            return self._take_over(key)  # a retry of a question whose process died: answer it
        if self.seen.is_done(key):  # finished (done, then unclaimed) between the check and our insert
            with self.engine.begin() as conn:
                conn.execute(delete(T).where(T.c.key == key[:200], T.c.owner == self.owner))
            return None
        return Ticket(key, conv, question)

    def record_progress(self, ticket: Ticket, ts: str) -> Ticket:
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.key == ticket.key).values(progress_ts=ts))
        return replace(ticket, progress_ts=ts)

    def finish(self, ticket: Ticket) -> None:
        """The answer or apology is posted: done for good."""
        self.seen.claim(ticket.key)
        with self.engine.begin() as conn:
            conn.execute(delete(T).where(T.c.key == ticket.key))

    def release(self, ticket: Ticket) -> None:
        """Not delivered (Slack unreachable): let the next sweep try again."""
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.key == ticket.key).values(heartbeat_at=0.0))

    def heartbeat(self, keys: set[str]) -> None:
        """Claims in progress here stay ours; released ones are left to go stale."""
        if keys:
            with self.engine.begin() as conn:
                conn.execute(update(T).where(T.c.key.in_(keys)).values(heartbeat_at=time.time()))

    def abandoned(self, limit: int = 20) -> list[Ticket]:
        """Take over claims whose owner stopped beating (a crash, a kill, a lost Slack call)."""
        cutoff = time.time() - self.stale_after
        with self.engine.connect() as conn:
            keys = conn.execute(select(T.c.key).where(T.c.heartbeat_at < cutoff).limit(limit)).scalars()
            stale = list(keys)
        return [t for t in (self._take_over(k) for k in stale) if t is not None]

    def _take_over(self, key: str) -> Ticket | None:
        cutoff = time.time() - self.stale_after
        with self.engine.begin() as conn:
            row = conn.execute(select(T).where(T.c.key == key)).mappings().first()
            if row is None or row["heartbeat_at"] >= cutoff:
                return None
            taken = conn.execute(
                update(T)
                .where(T.c.key == key, T.c.owner == row["owner"], T.c.heartbeat_at == row["heartbeat_at"])
                .values(owner=self.owner, heartbeat_at=time.time(), attempts=row["attempts"] + 1)
            )
            if taken.rowcount != 1:
                return None  # another process was quicker
        log.info("vraag %s overgenomen (poging %d)", key, row["attempts"] + 1)
        conv = Conversation(
            channel=row["channel"],
            user=row["user_id"],
            reply_thread=row["reply_thread"],
            history_thread=row["history_thread"],
            bot_user_id=row["bot_user_id"],
            team_id=row["team_id"],
            user_team=row["user_team"],
        )
        return Ticket(key, conv, row["question"], row["progress_ts"], row["attempts"] + 1)
