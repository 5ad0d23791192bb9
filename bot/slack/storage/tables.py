"""The Slack edge's own tables (seen events, answers, feedback) on the bot's database.

Same database as the reminders (`Settings.db_url`): SQLite in the data dir by default, or
PostgreSQL when several HTTP instances must share what they have seen and answered.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Engine

from bot.db import create_db_engine, create_tables

metadata = MetaData()

seen_table = Table(
    "slack_seen",
    metadata,
    Column("key", String(200), primary_key=True),  # "event:<event_id>", "bericht:<ch>:<ts>", …
    Column("seen_at", Float, nullable=False, index=True),  # epoch seconds
)

questions_table = Table(
    "slack_questions",  # questions being answered: claimed, not yet done (see ledger.py)
    metadata,
    Column("key", String(200), primary_key=True),  # "bericht:<ch>:<ts>"
    Column("channel", String(100), nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("reply_thread", String(40)),
    Column("history_thread", String(40)),
    Column("bot_user_id", String(100)),
    Column("question", Text, nullable=False),
    Column("progress_ts", String(40)),  # the "Even zoeken…" message, once posted
    Column("owner", String(40), nullable=False),  # the process answering it
    Column("heartbeat_at", Float, nullable=False, index=True),  # epoch seconds
    Column("attempts", Integer, nullable=False),
    # Added later (bot.db.add_missing_columns): nullable, so older rows stay valid.
    Column("team_id", String(32)),  # the workspace the bot is installed in
    Column("user_team", String(32)),  # the asker's organisation (another one in Slack Connect)
)

answers_table = Table(
    "slack_answers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("found", Boolean, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("sources", JSON, nullable=False),
    Column("channel", String(100)),
    Column("message_ts", String(40), index=True),  # the bot's message that shows the answer
    Column("thread_ts", String(40), index=True),  # the thread it belongs to (None: top level)
    Column("created_at", Float, nullable=False),
    Column("team_id", String(32)),  # the asker's organisation; added later, so nullable
    Column("left_out", Boolean),  # the scope left sources out: a shared copy says so too
)

feedback_table = Table(
    "slack_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(32), nullable=False),
    Column("user_hash", String(64), nullable=False),  # keyed hash: no Slack ids stored
    Column("vote", String(10), nullable=False),  # "goed" | "slecht"
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("team_id", String(32)),  # the voter's organisation; added later, so nullable
    UniqueConstraint("answer_id", "user_hash", name="uq_feedback_once_per_user"),
)

feedback_notes_table = Table(
    "slack_feedback_notes",  # what a 👎 voter said was missing: material for the knowledge base
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(32), nullable=False, index=True),
    Column("user_hash", String(64), nullable=False),  # keyed hash, as in slack_feedback
    Column("note", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("sources", JSON, nullable=False),  # the answer's cited (or closest) sources
    Column("created_at", Float, nullable=False, index=True),
    Column("team_id", String(32)),  # the voter's organisation; added later, so nullable
)

meta_table = Table(
    "slack_meta",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", String(200), nullable=False),
)


def connect(url: str) -> Engine:
    """An engine with the tables in place (created on first use)."""
    engine = create_db_engine(url)
    create_tables(engine, metadata)
    return engine
