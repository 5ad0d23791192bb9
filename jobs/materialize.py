"""Step 1 of the outbox: due occurrences → delivery rows, one per (reminder, occurrence).

The unique key means a second process cannot add a row again, and the reminder advances under
its revision. Moments further back than the grace time are recorded as "gemist" and logged,
never silently dropped.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from jobs.models import TickReport
from jobs.reminders import ReminderService
from jobs.schedule import Schedule
from jobs.store import DeliveryRow, ReminderRow

log = logging.getLogger(__name__)


class Materializer:
    def __init__(self, service: ReminderService, *, grace: timedelta, late_after: timedelta) -> None:
        self.service = service
        self.store = service.store
        self.grace = grace
        self.late_after = late_after

    def materialize(
        self, now: datetime, *, reminder_id: int | None = None, report: TickReport | None = None
    ) -> None:
        report = report or TickReport()
        query = select(ReminderRow.id).where(ReminderRow.status == "actief", ReminderRow.next_fire_at <= now)
        if reminder_id is not None:
            query = query.where(ReminderRow.id == reminder_id)
        with self.store.session() as session:
            due_ids = list(session.scalars(query))
        for due_id in due_ids:
            self._materialize_one(due_id, now, report)

    def _materialize_one(self, reminder_id: int, now: datetime, report: TickReport) -> None:
        with self.store.session() as session:
            row = session.get(ReminderRow, reminder_id)
            if row is None or row.status != "actief" or row.next_occurrence is None:
                return
            schedule = Schedule.from_dict(row.schedule)
            due, following = _due_occurrences(schedule, row.next_occurrence, now)
            if not due:
                return
            advanced = session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.revision == row.revision)
                .values(
                    next_occurrence=following,
                    next_fire_at=schedule.reminder_at(following) if following else None,
                    status="actief" if following else "afgerond",
                    revision=row.revision + 1,
                )
            )
            if advanced.rowcount != 1:
                session.rollback()  # another process or thread got there first
                return
            for occurrence, fire_at in due:
                session.add(self._delivery_row(reminder_id, occurrence, fire_at, now, report))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # the unique (reminder, occurrence) key: already there
                return
        self.service.notify(reminder_id)  # the scheduler re-arms the reminder's job

    def _delivery_row(
        self,
        reminder_id: int,
        occurrence: datetime,
        fire_at: datetime,
        now: datetime,
        report: TickReport,
    ) -> DeliveryRow:
        lateness = now - fire_at
        missed = lateness > self.grace
        if missed:
            report.missed += 1
            log.warning(
                "herinnering %s voor %s gemist: %s te laat (grens %s); niet meer verstuurd",
                reminder_id,
                occurrence.isoformat(),
                lateness,
                self.grace,
            )
        else:
            report.created += 1
        return DeliveryRow(
            reminder_id=reminder_id,
            occurrence=occurrence,
            fire_at=fire_at,
            created_at=now,
            status="gemist" if missed else "wachtend",
            late=not missed and lateness > self.late_after,
            attempts=0,
            revision=0,
            next_attempt_at=now,
            error=f"{lateness} te laat; grens {self.grace}" if missed else None,
        )


def _due_occurrences(
    schedule: Schedule, first: datetime, now: datetime, limit: int = 500
) -> tuple[list[tuple[datetime, datetime]], datetime | None]:
    """Occurrences from `first` whose reminder moment has come, and the one after them."""
    due: list[tuple[datetime, datetime]] = []
    occurrence: datetime | None = first
    while occurrence is not None and len(due) < limit:
        fire_at = schedule.reminder_at(occurrence)
        if fire_at > now:
            break
        due.append((occurrence, fire_at))
        occurrence = schedule.next_after(occurrence)
    return due, occurrence
