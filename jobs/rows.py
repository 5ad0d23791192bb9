"""Our table rows → the frozen views the service hands out (jobs/models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from jobs.models import Delivery, Reminder
from jobs.schedule import LeadTime, Schedule
from jobs.store import DeliveryRow, ReminderRow, SnoozeRow


def to_view(row: ReminderRow) -> Reminder:
    details = row.details or {}
    agenda = details.get("agenda_lead")
    return Reminder(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]
        title=row.title,
        channel=row.channel,
        spec=row.spec,
        phrase=row.phrase,
        schedule=Schedule.from_dict(row.schedule),
        status=row.status,  # type: ignore[arg-type]
        created_by=row.created_by,
        created_at=row.created_at,
        next_occurrence=row.next_occurrence,
        next_fire_at=row.next_fire_at,
        link=details.get("link"),
        participants=tuple(details.get("participants") or ()),
        cooperation=details.get("cooperation"),
        subject=details.get("subject"),
        agenda_lead=LeadTime(agenda["amount"], agenda["unit"]) if agenda else None,
        notes=tuple(details.get("notes") or ()),
        team_id=row.team_id,
    )


def delivery_view(row: DeliveryRow) -> Delivery:
    return _outbox_view(row, "herinnering", due_at=row.fire_at, late=row.late)


def snooze_view(row: SnoozeRow) -> Delivery:
    return _outbox_view(row, "uitstel", due_at=row.due_at)


def _outbox_view(
    row: DeliveryRow | SnoozeRow,
    kind: Literal["herinnering", "uitstel"],
    *,
    due_at: datetime,
    late: bool = False,
) -> Delivery:
    """The columns both outbox tables share; the due moment and lateness each name their own way."""
    return Delivery(
        id=row.id,
        kind=kind,
        reminder_id=row.reminder_id,
        occurrence=row.occurrence,
        due_at=due_at,
        status=row.status,  # type: ignore[arg-type]
        late=late,
        attempts=row.attempts,
        sent_at=row.sent_at,
        channel=row.channel,
        ts=row.ts,
        error=row.error,
        acknowledged_by=row.acknowledged_by,
    )
