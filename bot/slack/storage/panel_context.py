"""Which channel a user views next to the assistant panel, per panel thread.

Bolt's default store writes the context into message metadata of our first reply, which
does not exist yet when `assistant_thread_context_changed` arrives before any question;
this one keeps it in the bot's database, so it also survives a restart."""

from __future__ import annotations

import json
import time

from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.store import AssistantThreadContextStore
from sqlalchemy import Column, Float, MetaData, String, Table, Text, select
from sqlalchemy.engine import Engine

metadata = MetaData()
panel_table = Table(
    "slack_panel_context",
    metadata,
    Column("thread_key", String(200), primary_key=True),  # "<channel>:<thread_ts>"
    Column("context", Text, nullable=False),  # JSON: channel_id, team_id, enterprise_id
    Column("saved_at", Float, nullable=False),
)
FIELDS = ("channel_id", "team_id", "enterprise_id")


class PanelContextStore(AssistantThreadContextStore):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        kept = json.dumps({k: context.get(k) for k in FIELDS if context.get(k)})
        key = f"{channel_id}:{thread_ts}"[:200]
        with self.engine.begin() as conn:
            # Delete-then-insert is an upsert on every database the bot supports.
            conn.execute(panel_table.delete().where(panel_table.c.thread_key == key))
            conn.execute(panel_table.insert().values(thread_key=key, context=kept, saved_at=time.time()))

    def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        key = f"{channel_id}:{thread_ts}"[:200]
        with self.engine.connect() as conn:
            row = conn.execute(select(panel_table.c.context).where(panel_table.c.thread_key == key)).first()
        if row is None:
            return None
        context = json.loads(row[0])
        # A panel opened outside any channel has no channel_id: still a panel thread.
        return AssistantThreadContext({"channel_id": "", **context})
