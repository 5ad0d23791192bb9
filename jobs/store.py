"""Our own reminder tables (the source of truth) on SQLite or PostgreSQL.

Times are stored as naive UTC (`UTCDateTime`): SQLite has no time zones, and ISO strings in
one format compare correctly as text, which the due-queries rely on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from bot.db import create_db_engine, create_tables, normalise_url

log = logging.getLogger(__name__)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:  # noqa: ARG002
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    pass


class ReminderRow(Base):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(100))
    spec: Mapped[str] = mapped_column(String(500))
    phrase: Mapped[str] = mapped_column(String(500))
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="actief", index=True)
    created_by: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_occurrence: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Optimistic lock: every change bumps it, and writers check the value they read.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # The maker's organisation (Slack team id). Added later: nullable, see add_missing_columns.
    team_id: Mapped[str | None] = mapped_column(String(32))


class _OutboxState:
    """Columns shared by deliveries and snoozes: one claim → post → record cycle."""

    status: Mapped[str] = mapped_column(String(20), default="wachtend", index=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[str | None] = mapped_column(String(100))
    ts: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryRow(_OutboxState, Base):
    """One scheduled posting per (reminder, occurrence): the unique key makes it once."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("reminder_id", "occurrence", name="uq_delivery_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id"), index=True)
    occurrence: Mapped[datetime] = mapped_column(UTCDateTime)
    fire_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SnoozeRow(_OutboxState, Base):
    """A repeat asked for with "Herinner over 1 uur" / "Herinner morgen"."""

    __tablename__ = "reminder_snoozes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id"), index=True)
    occurrence: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LeaseRow(Base):
    """Who may run the scheduler, until when (see `jobs.lease`)."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Store:
    """Engine + session factory for one database; creates the tables on first use."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = create_db_engine(self.url)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        create_tables(self.engine, Base.metadata)

    def dispose(self) -> None:
        self.engine.dispose()
