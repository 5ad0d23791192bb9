"""Answers the bot posted (so buttons and follow-ups can find them) and the 👍/👎 votes."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.slack.storage.records import AnswerRecord, SourceRef
from bot.slack.storage.tables import answers_table, feedback_notes_table, feedback_table, meta_table

Vote = Literal["goed", "slecht"]
HISTORY_PAIRS = 3  # earlier question/answer pairs that steer a follow-up
NOTE_CHARS = 2000  # the modal's own limit; a longer note (a forged request) is cut


@dataclass(frozen=True)
class FeedbackNote:
    question: str
    note: str
    sources: list[SourceRef]
    created_at: float


class AnswerStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(
        self,
        record: AnswerRecord,
        *,
        channel: str | None,
        message_ts: str | None,
        thread_ts: str | None,
        team_id: str | None = None,
    ) -> None:
        row = {
            "id": record.id,
            "question": record.question,
            "answer": record.answer,
            "found": record.found,
            "mode": record.mode,
            "sources": record.sources_json(),
            "channel": channel,
            "message_ts": message_ts,
            "thread_ts": thread_ts,
            "created_at": time.time(),
            "team_id": team_id,
            "left_out": record.left_out,
        }
        with self.engine.begin() as conn:
            conn.execute(insert(answers_table).values(**row))

    def get(self, answer_id: str) -> AnswerRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(answers_table).where(answers_table.c.id == answer_id)).first()
        return _record(row) if row else None

    def history(self, channel: str, thread_ts: str) -> list[tuple[str, str]]:
        """(question, answer) of the bot's earlier answers in this thread, oldest first."""
        t = answers_table.c
        query = (
            select(t.question, t.answer)
            .where(t.channel == channel, or_(t.thread_ts == thread_ts, t.message_ts == thread_ts))
            .order_by(t.created_at.desc())
            .limit(HISTORY_PAIRS)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [(row.question, row.answer) for row in reversed(rows)]


def _record(row: object) -> AnswerRecord:
    m = row._mapping  # type: ignore[attr-defined]
    sources = [SourceRef.from_dict(s) for s in m["sources"] or []]
    left_out = bool(m["left_out"])  # NULL in rows from before the column
    return AnswerRecord(m["id"], m["question"], bool(m["found"]), m["answer"], m["mode"], sources, left_out)


class FeedbackStore:
    """One vote per user per answer (a second click changes it); user ids are hashed with a
    secret salt kept outside the database (FEEDBACK_SALT or a 0600 file in the data dir), so
    the database alone does not reveal who voted."""

    def __init__(self, engine: Engine, salt: Callable[[], bytes]) -> None:
        self.engine = engine
        self._salt_source = salt
        self._salt: bytes | None = None

    def record(self, answer: AnswerRecord, user_id: str, vote: Vote, team_id: str | None = None) -> None:
        user_hash = self.hash_user(user_id)
        values = {
            "answer_id": answer.id,
            "user_hash": user_hash,
            "vote": vote,
            "question": answer.question,
            "answer": answer.answer,
            "sources": answer.sources_json(),
            "created_at": time.time(),
            "team_id": team_id,
        }
        t = feedback_table.c
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(feedback_table).values(**values))
        except IntegrityError:
            with self.engine.begin() as conn:
                conn.execute(
                    update(feedback_table)
                    .where(t.answer_id == answer.id, t.user_hash == user_hash)
                    .values(vote=vote, created_at=values["created_at"])
                )

    def add_note(self, answer: AnswerRecord, user_id: str, note: str, team_id: str | None = None) -> None:
        """What was missing from `answer`, in the voter's words, kept with its question and
        sources; a voter who writes again adds a note (each is material of its own)."""
        values = {
            "answer_id": answer.id,
            "user_hash": self.hash_user(user_id),
            "note": note.strip()[:NOTE_CHARS],
            "team_id": team_id,
            "question": answer.question,
            "sources": answer.sources_json(),
            "created_at": time.time(),
        }
        with self.engine.begin() as conn:
            conn.execute(insert(feedback_notes_table).values(**values))

    def notes(self, limit: int = 10) -> list[FeedbackNote]:
        """The newest notes first."""
        t = feedback_notes_table.c
        query = select(t.question, t.note, t.sources, t.created_at).order_by(t.created_at.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            FeedbackNote(r.question, r.note, [SourceRef.from_dict(s) for s in r.sources or []], r.created_at)
            for r in rows
        ]

    def hash_user(self, user_id: str) -> str:
        return hmac.new(self._salt_bytes(), user_id.encode(), hashlib.sha256).hexdigest()

    def _salt_bytes(self) -> bytes:
        if self._salt is None:
            self._salt = self._salt_source()
        return self._salt


LEGACY_SALT_KEY = "feedback_salt"


def legacy_salt(engine: Engine) -> str | None:
    """The salt older versions kept in the database (None: there is none)."""
    query = select(meta_table.c.value).where(meta_table.c.key == LEGACY_SALT_KEY)
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def drop_legacy_salt(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(meta_table).where(meta_table.c.key == LEGACY_SALT_KEY))
