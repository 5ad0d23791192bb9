"""Our table rows → the frozen views the service hands out (jobs/models.py)."""

from __future__ import annotations

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
    return Delivery(
        id=row.id,
        kind="herinnering",
        reminder_id=row.reminder_id,
        occurrence=row.occurrence,
        due_at=row.fire_at,
        status=row.status,  # type: ignore[arg-type]
        late=row.late,
        attempts=row.attempts,
        sent_at=row.sent_at,
        channel=row.channel,
        ts=row.ts,
        error=row.error,
        acknowledged_by=row.acknowledged_by,
    )


def snooze_view(row: SnoozeRow) -> Delivery:
    return Delivery(
        id=row.id,
        kind="uitstel",
        reminder_id=row.reminder_id,
        occurrence=row.occurrence,
        due_at=row.due_at,
        status=row.status,  # type: ignore[arg-type]
        attempts=row.attempts,
        sent_at=row.sent_at,
        channel=row.channel,
        ts=row.ts,
        error=row.error,
        acknowledged_by=row.acknowledged_by,
    )
