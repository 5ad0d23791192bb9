"""A lease in the database: at most one process runs the reminder scheduler.

Acquire and renew are one guarded UPDATE each ("take it if it is mine or has expired"), so
SQLite and PostgreSQL decide atomically who holds it. The lease only keeps a second
scheduler idle; the per-row claims in `outbox` are what make each post happen once, even
if two processes briefly both believe they lead (a paused process, clock skew).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, literal, update
from sqlalchemy.exc import IntegrityError

from jobs.store import LeaseRow, Store, UTCDateTime

LEASE_NAME = "herinneringen"


def acquire(store: Store, holder: str, ttl: timedelta, now: datetime, name: str = LEASE_NAME) -> bool:
    """Take or renew the lease for `ttl`; True when `holder` holds it afterwards."""
    expires = now + ttl
    with store.session() as session:
        taken = session.execute(
            update(LeaseRow)
            .where(
                LeaseRow.name == name,
                (LeaseRow.holder == holder) | (LeaseRow.expires_at < now),
            )
            .values(
                holder=holder,
                expires_at=expires,
                acquired_at=case(
                    (LeaseRow.holder == holder, LeaseRow.acquired_at),
                    else_=literal(now, UTCDateTime()),
                ),
            )
        )
        if taken.rowcount == 1:
            session.commit()
            return True
        session.rollback()
        if session.get(LeaseRow, name) is not None:
            return False  # someone else holds a lease that has not expired
        session.add(LeaseRow(name=name, holder=holder, expires_at=expires, acquired_at=now))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # another process inserted it first
            return False
        return True


def release(store: Store, holder: str, now: datetime, name: str = LEASE_NAME) -> None:
    """Give the lease up at once so a standby process can take over without waiting."""
    with store.session() as session:
        session.execute(
            update(LeaseRow)
            .where(LeaseRow.name == name, LeaseRow.holder == holder)
            .values(expires_at=now - timedelta(seconds=1))
        )
        session.commit()


def current_holder(store: Store, now: datetime, name: str = LEASE_NAME) -> str | None:
    with store.session() as session:
        row = session.get(LeaseRow, name)
        if row is None or row.expires_at < now:
            return None
        return row.holder


def fence_token(store: Store, holder: str, now: datetime, name: str = LEASE_NAME) -> str | None:
    """A token for "`holder` holds the lease now", read from the database; it changes with
    every new acquisition. None once the lease expired or passed to another process: a
    paused ex-leader that wakes up gets None and must not post."""
    with store.session() as session:
        row = session.get(LeaseRow, name)
        if row is None or row.holder != holder or row.expires_at <= now:
            return None
        return f"{holder}@{row.acquired_at:%Y%m%dT%H%M%S.%f}"
